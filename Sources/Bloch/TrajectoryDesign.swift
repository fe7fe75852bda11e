import ASDSCore
import Foundation

/// What to design: the parameters of `KSpaceTrajectory.design(_:)`, in SI units.
public struct TrajectoryDesign: Sendable, Equatable, Codable {
    public var kind: KSpaceTrajectory.Kind
    /// Field of view (square), in m.
    public var fovMeters: Double
    /// Matrix size N (N x N voxels); k_max = N / (2 FOV).
    public var matrix: Int
    /// Spectral points: repetitions of the readout.
    public var spectralPoints: Int
    /// Spectral bandwidth, in Hz: required for Cartesian CSI (the FID dwell is its inverse);
    /// for radial and spiral, if given, the repetition period is padded to `1 / bandwidth` and a
    /// design that cannot fit is an error; if nil the period is the shortest the limits allow.
    public var spectralBandwidthHz: Double?
    /// ADC dwell along radial and spiral readouts, in s (the readout gradient is capped so that
    /// consecutive samples are at most 1/FOV apart).
    public var adcDwellSeconds: Double
    /// Radial: number of centre-out spokes (default ceil(pi N), Nyquist at k_max).
    public var spokes: Int?
    /// Radial: golden-angle (137.51 degree) spoke increments instead of uniform angles.
    public var goldenAngle: Bool
    /// Spiral: number of interleaves.
    public var interleaves: Int
    /// Spiral: FOV at k_max as a fraction of the FOV at the centre (1 = constant density,
    /// < 1 = variable density, undersampled at the edge).
    public var edgeDensityFraction: Double
    public var limits: GradientLimits

    public init(kind: KSpaceTrajectory.Kind, fovMeters: Double, matrix: Int, spectralPoints: Int,
                spectralBandwidthHz: Double? = nil, adcDwellSeconds: Double = 4e-6, spokes: Int? = nil,
                goldenAngle: Bool = false, interleaves: Int = 4, edgeDensityFraction: Double = 1,
                limits: GradientLimits = GradientLimits()) {
        self.kind = kind
        self.fovMeters = fovMeters
        self.matrix = matrix
        self.spectralPoints = spectralPoints
        self.spectralBandwidthHz = spectralBandwidthHz
        self.adcDwellSeconds = adcDwellSeconds
        self.spokes = spokes
        self.goldenAngle = goldenAngle
        self.interleaves = interleaves
        self.edgeDensityFraction = edgeDensityFraction
        self.limits = limits
    }
}

extension KSpaceTrajectory {
    /// Designs the trajectory described by `d`; errors name `source` and the offending field.
    public static func design(_ d: TrajectoryDesign, source: String = "trajectory") throws -> KSpaceTrajectory {
        try ASDSError.requirePositive(d.fovMeters, source: source, field: "fovMeters", unit: "m")
        guard d.matrix >= 2 else {
            throw ASDSError.invalidInput(source: source, field: "matrix", reason: "must be at least 2, got \(d.matrix)")
        }
        guard d.spectralPoints >= 1 else {
            throw ASDSError.invalidInput(source: source, field: "spectralPoints", reason: "must be at least 1, got \(d.spectralPoints)")
        }
        try d.limits.validate(source: source)
        try ASDSError.requirePositive(d.adcDwellSeconds, source: source, field: "adcDwellSeconds", unit: "s")
        if let bw = d.spectralBandwidthHz { try ASDSError.requirePositive(bw, source: source, field: "spectralBandwidthHz", unit: "Hz") }
        switch d.kind {
        case .cartesian: return try cartesian(d, source: source)
        case .radial, .spiral: return try centreOut(d, source: source)
        }
    }

    private static func cartesian(_ d: TrajectoryDesign, source: String) throws -> KSpaceTrajectory {
        guard let bw = d.spectralBandwidthHz else {
            throw ASDSError.invalidInput(source: source, field: "spectralBandwidthHz", reason: "is required for Cartesian CSI")
        }
        let n = d.matrix, dk = 1 / d.fovMeters
        var kx = [Double](), ky = [Double]()
        for iy in 0..<n {
            for ix in 0..<n {
                kx.append(Double(ix - n / 2) * dk)
                ky.append(Double(iy - n / 2) * dk)
            }
        }
        // One trapezoid timing for every phase encode, designed for the corner of k-space.
        let corner = SIMD2(Double(n / 2) * dk, Double(n / 2) * dk)
        let unit = GradientDesign.trapezoid(area: corner, limits: d.limits)
        let unitArea = area(unit, dt: d.limits.rasterSeconds)
        let prephase: [[SIMD2<Double>]] = (0..<(n * n)).map { s in
            let target = SIMD2(kx[s], ky[s])
            return unit.map { g in SIMD2(g.x * target.x / unitArea.x, g.y * target.y / unitArea.y) }
        }
        // Recompute the samples as the integral of the prephasers (k = gamma_bar * area).
        for s in 0..<(n * n) {
            let k = area(prephase[s], dt: d.limits.rasterSeconds)
            kx[s] = k.x; ky[s] = k.y
        }
        return KSpaceTrajectory(
            kind: .cartesian, summary: "Cartesian phase-encoded CSI, \(n)x\(n), FID readout", fovMeters: d.fovMeters, matrix: n,
            shots: n * n, samplesPerReadout: 1, repetitions: d.spectralPoints, repetitionSeconds: 1 / bw,
            adcTimesSeconds: [0], kx: kx, ky: ky, densityWeights: .init(repeating: 1, count: n * n), limits: d.limits,
            prephaseGradients: prephase, readoutGradients: .init(repeating: [], count: n * n))
    }

    private static func centreOut(_ d: TrajectoryDesign, source: String) throws -> KSpaceTrajectory {
        let gammaBar = PhysicalConstants.protonGyromagneticRatioHzPerTesla
        let kMax = Double(d.matrix) / (2 * d.fovMeters)
        // Nyquist along the readout: consecutive samples at most 1/FOV apart.
        let readoutMax = min(d.limits.maxGradientTeslaPerMeter, 1 / (gammaBar * d.fovMeters * d.adcDwellSeconds))
        let shots: Int
        var angles: [Double]
        var curve: [SIMD2<Double>]
        var summary: String
        switch d.kind {
        case .radial:
            shots = d.spokes ?? Int((Double.pi * Double(d.matrix)).rounded(.up))
            guard shots >= 1 else { throw ASDSError.invalidInput(source: source, field: "spokes", reason: "must be at least 1") }
            let golden = 2 * Double.pi * (1 - 1 / ((1 + 5.0.squareRoot()) / 2))   // 137.508 degrees
            angles = (0..<shots).map { d.goldenAngle ? Double($0) * golden : 2 * Double.pi * Double($0) / Double(shots) }
            curve = (0...200).map { SIMD2(1.1 * kMax * Double($0) / 200, 0) }
            summary = "radial centre-out, \(shots) \(d.goldenAngle ? "golden-angle" : "uniform") spokes"
        case .spiral:
            shots = d.interleaves
            guard shots >= 1 else { throw ASDSError.invalidInput(source: source, field: "interleaves", reason: "must be at least 1") }
            guard d.edgeDensityFraction > 0, d.edgeDensityFraction <= 1 else {
                throw ASDSError.invalidInput(source: source, field: "edgeDensityFraction", reason: "must lie in (0, 1], got \(d.edgeDensityFraction)")
            }
            angles = (0..<shots).map { 2 * Double.pi * Double($0) / Double(shots) }
            // Archimedean: dr/dtheta = interleaves / (2 pi FOV(r)), FOV(r) linear in r.
            curve = [.zero]
            var r = 0.0, theta = 0.0
            while r < 1.05 * kMax {
                let fov = d.fovMeters * (1 + (d.edgeDensityFraction - 1) * min(r, kMax) / kMax)
                let drdth = Double(shots) / (2 * Double.pi * fov)
                let dth = min(0.01, 2e-4 * kMax / max(r, 1e-12))   // arc steps of at most 2e-4 k_max
                theta += dth
                r += drdth * dth
                curve.append(SIMD2(r * cos(theta), r * sin(theta)))
            }
            summary = "spiral centre-out, \(shots) interleaves, " +
                (d.edgeDensityFraction == 1 ? "constant density" : "variable density (edge FOV fraction \(d.edgeDensityFraction))")
        case .cartesian:
            preconditionFailure("handled by cartesian(_:source:)")
        }
        var base = GradientDesign.timeOptimal(curve: curve, limits: d.limits, maxAmplitude: readoutMax)
        let dt = d.limits.rasterSeconds
        // ADC samples from k = 0 until the first sample at or beyond k_max.
        var times: [Double] = [], ks: [SIMD2<Double>] = []
        var i = 0
        while true {
            let t = Double(i) * d.adcDwellSeconds
            guard t <= Double(base.count) * dt else {
                throw ASDSError.invalidInput(source: source, field: d.kind.rawValue, reason: "the readout ends before reaching k_max")
            }
            let k = integrate(base, dt: dt, from: .zero, at: t)
            times.append(t); ks.append(k)
            if (k * k).sum().squareRoot() >= kMax { break }
            i += 1
        }
        // Scale the readout (by at most one sample step, keeping every limit) so that the last
        // sample lies exactly on k_max: the samples then cover the disc |k| <= k_max.
        let last = ks.last!, scale = kMax / (last * last).sum().squareRoot()
        base = base.map { $0 * scale }
        ks = ks.map { $0 * scale }
        // Stop the readout gradient at the raster step holding the last sample, ramp down, rewind.
        let stop = min(base.count, Int((times.last! / dt).rounded(.down)) + 1)
        var readout = Array(base[0..<stop])
        readout += GradientDesign.rampDown(from: readout.last!, limits: d.limits)
        let rewind = GradientDesign.trapezoid(area: -area(readout, dt: dt), limits: d.limits)
        // A final zero step: the next repetition starts from rest.
        readout += rewind + [.zero]
        var period = Double(readout.count) * dt
        if let bw = d.spectralBandwidthHz {
            guard period <= 1 / bw * (1 + 1e-12) else {
                throw ASDSError.invalidInput(
                    source: source, field: "spectralBandwidthHz",
                    reason: "the trajectory cannot meet the limits: readout and rewinder need \(period * 1e3) ms but \(bw) Hz allows \(1e3 / bw) ms")
            }
            period = 1 / bw
        }
        var kx = [Double](), ky = [Double](), gradients: [[SIMD2<Double>]] = []
        for a in angles {
            let c = cos(a), s = sin(a)
            let rotated = readout.map { SIMD2(c * $0.x - s * $0.y, s * $0.x + c * $0.y) }
            gradients.append(rotated)
            for t in times {
                let k = integrate(rotated, dt: dt, from: .zero, at: t)
                kx.append(k.x); ky.append(k.y)
            }
        }
        let weights: [Double]
        if d.kind == .radial && !d.goldenAngle {
            let radii = ks.map { ($0 * $0).sum().squareRoot() }
            let one = DensityCompensation.radialVoronoi(radii: radii, spokes: shots, fovMeters: d.fovMeters)
            weights = (0..<shots).flatMap { _ in one }
        } else {
            weights = DensityCompensation.pipeMenon(kx: kx, ky: ky, fovMeters: d.fovMeters, kMax: kMax)
        }
        return KSpaceTrajectory(
            kind: d.kind, summary: summary, fovMeters: d.fovMeters, matrix: d.matrix, shots: shots,
            samplesPerReadout: times.count, repetitions: d.spectralPoints, repetitionSeconds: period,
            adcTimesSeconds: times, kx: kx, ky: ky, densityWeights: weights, limits: d.limits,
            prephaseGradients: .init(repeating: [], count: shots), readoutGradients: gradients)
    }
}
