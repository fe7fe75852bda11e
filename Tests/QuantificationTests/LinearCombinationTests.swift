import ASDSCore
import Numerics
import Quantification
import Testing
import TestSupport

/// An FID whose spectrum equals the model over the fitting range (and the metabolite part
/// elsewhere), so a correct fitter recovers the parameters exactly.
private func synthesise(_ fitter: LinearCombinationFitter, _ p: LinearCombinationParameters) throws -> [Complex<Double>] {
    var noBaseline = p
    noBaseline.baselineCoefficients = p.baselineCoefficients.map { _ in .zero }
    // Metabolites everywhere: the model's columns are DFTs of time signals, so rebuild the time
    // signal from the basis; the baseline is added on the fitting range only.
    let axis = fitter.axis
    var fid = [Complex<Double>](repeating: .zero, count: axis.points)
    let basis = fitter.alignedBasis
    for (m, metabolite) in basis.metabolites.enumerated() {
        let g = fitter.groups.firstIndex { $0.contains(metabolite.name) }!
        for n in 0..<axis.points {
            let t = axis.timeSeconds(at: n)
            let env = Complex(length: Double.exp(-Double.pi * p.lorentzianHz[g] * t - p.gaussianRatePerSecondSquared[g] * t * t),
                              phase: 2 * Double.pi * p.shiftHz[g] * t)
            fid[n] += metabolite.fid[n] * env.multiplied(by: p.amplitudes[m])
        }
    }
    var spectrum = FFT.spectrum(ofFID: fid)
    for k in spectrum.indices {
        let f = axis.frequencyHz(atIndex: Double(k))
        spectrum[k] = spectrum[k] * Complex(length: 1, phase: p.zeroOrderPhaseRadians + 2 * Double.pi * f * p.firstOrderPhaseSeconds)
    }
    let model = try fitter.modelSpectrum(p), metabolitesOnly = try fitter.modelSpectrum(noBaseline)
    for (i, k) in fitter.fitIndices.enumerated() { spectrum[k] += model[i] - metabolitesOnly[i] }
    return FFT.fid(ofSpectrum: spectrum)
}

private let truth = LinearCombinationParameters(
    zeroOrderPhaseRadians: 0.4, firstOrderPhaseSeconds: 2e-4, lorentzianHz: [3, 4.5], gaussianRatePerSecondSquared: [30, 60],
    shiftHz: [1.5, -2], amplitudes: [1.0, 0.8, 0.25, 0.6, 1.1],
    baselineCoefficients: [Complex(20, -10), Complex(-8, 5), Complex(4, 3)])

@Suite struct LinearCombinationTests {
    let axis = AnalyticBasis.axis()
    var fitter: LinearCombinationFitter {
        try! LinearCombinationFitter(basis: AnalyticBasis.basis(axis: axis), dataAxis: axis,
                                     options: LinearCombinationOptions(groups: [["NAA", "Cr", "Cho"]]))
    }

    @Test func analyticJacobianMatchesFiniteDifferences() throws {
        let f = fitter
        let jacobian = try f.modelJacobian(truth)
        // Central differences in each real parameter, in the Jacobian's order and units.
        func perturbed(_ c: Int, _ h: Double) -> LinearCombinationParameters {
            var p = truth
            var index = c
            if index == 0 { p.zeroOrderPhaseRadians += h; return p }
            if index == 1 { p.firstOrderPhaseSeconds += h; return p }
            index -= 2
            if index < 3 * f.groups.count {
                let g = index / 3
                switch index % 3 {
                case 0: p.lorentzianHz[g] += h / Double.pi
                case 1: p.gaussianRatePerSecondSquared[g] += h
                default: p.shiftHz[g] += h
                }
                return p
            }
            index -= 3 * f.groups.count
            if index < p.amplitudes.count { p.amplitudes[index] += h; return p }
            index -= p.amplitudes.count
            p.baselineCoefficients[index / 2] += index % 2 == 0 ? Complex(h, 0) : Complex(0, h)
            return p
        }
        let steps = [1e-5, 1e-8, 1e-3, 1e-2, 1e-4, 1e-3, 1e-2, 1e-4] + [Double](repeating: 1e-4, count: 5 + 6)
        #expect(jacobian.count == steps.count)
        for c in jacobian.indices {
            let plus = try f.modelSpectrum(perturbed(c, steps[c])), minus = try f.modelSpectrum(perturbed(c, -steps[c]))
            let fd = zip(plus, minus).map { ($0 - $1).divided(by: 2 * steps[c]) }
            let scale = jacobian[c].map(\.length).max()!
            #expect(scale > 0)
            #expect(TestSupport.maxDifference(fd, jacobian[c]) < 1e-6 * scale, "column \(c)")
        }
    }

    @Test func noiseFreeCombinationIsRecoveredExactly() throws {
        let f = fitter
        let fid = try synthesise(f, truth)
        let fit = try f.fit(fid: fid)
        #expect(fit.converged)
        for (a, b) in zip(fit.amplitudes, truth.amplitudes) { #expect(abs(a - b) < 1e-6 * b) }
        #expect(abs(fit.zeroOrderPhaseRadians - truth.zeroOrderPhaseRadians) < 1e-6)
        #expect(abs(fit.firstOrderPhaseSeconds - truth.firstOrderPhaseSeconds) < 1e-9)
        for (g, shape) in fit.groups.enumerated() {
            #expect(abs(shape.lorentzianHz - truth.lorentzianHz[g]) < 1e-5)
            #expect(abs(shape.shiftHz - truth.shiftHz[g]) < 1e-6)
            #expect(abs(shape.gaussianRatePerSecondSquared - truth.gaussianRatePerSecondSquared[g]) < 1e-3)
        }
        #expect(TestSupport.maxDifference(fit.baselineCoefficients, truth.baselineCoefficients) < 1e-5)
        // The cost history never increases.
        #expect(zip(fit.costHistory, fit.costHistory.dropFirst()).allSatisfy { $1 <= $0 })
    }

    @Test func errorSpreadOverNoisySpectraMatchesTheCRLB() throws {
        // 500 spectra of one truth with independent noise: an efficient unbiased fit has an error
        // standard deviation equal to the CRLB (the acceptance allows 20%).
        let axis = AnalyticBasis.axis(points: 1024, bandwidthHz: 2000)
        let f = try LinearCombinationFitter(basis: AnalyticBasis.basis(axis: axis), dataAxis: axis,
                                            options: LinearCombinationOptions(baselineOrder: 1))
        var p = truth
        p.lorentzianHz = [4]; p.gaussianRatePerSecondSquared = [40]; p.shiftHz = [1]
        p.baselineCoefficients = [.zero, .zero]
        let clean = try synthesise(f, p)
        let sigma = 0.02
        let fids = (0..<500).map { i in
            var rng = SeededRandom(seed: 77, path: [UInt64(i)])
            return clean.map { $0 + Complex(sigma * rng.normal(), sigma * rng.normal()) }
        }
        let fits = try f.fit(fids: fids)
        #expect(fits.allSatisfy { $0.converged })
        for m in p.amplitudes.indices {
            let errors = fits.map { $0.amplitudes[m] - p.amplitudes[m] }
            let mean = errors.reduce(0, +) / 500
            let sd = (errors.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 499).squareRoot()
            let meanCRLB = fits.reduce(0) { $0 + $1.crlb[m] } / 500
            #expect(abs(sd / meanCRLB - 1) < 0.2, "\(f.names[m]): sd \(sd), mean CRLB \(meanCRLB)")
            // Unbiased to within a few standard errors.
            #expect(abs(mean) < 4 * meanCRLB / 500.0.squareRoot(), "\(f.names[m]) bias \(mean)")
        }
        // The residual-based noise level is the true one (per bin: sigma sqrt(N)).
        let noise = fits.map(\.noiseStandardDeviation).reduce(0, +) / 500
        #expect(TestSupport.isClose(noise, sigma * 1024.0.squareRoot(), relative: 0.02))
    }

    @Test func amplitudesStayNonNegative() throws {
        var p = truth
        p.amplitudes[2] = 0  // no Cho
        let f = fitter
        let clean = try synthesise(f, p)
        var negativeUnconstrained = 0
        let free = try LinearCombinationFitter(basis: AnalyticBasis.basis(axis: axis), dataAxis: axis,
                                               options: LinearCombinationOptions(groups: [["NAA", "Cr", "Cho"]], nonNegative: false))
        for i in 0..<20 {
            var rng = SeededRandom(seed: 5, path: [UInt64(i)])
            let fid = clean.map { $0 + Complex(0.05 * rng.normal(), 0.05 * rng.normal()) }
            let fit = try f.fit(fid: fid)
            #expect(fit.amplitudes.allSatisfy { $0 >= 0 })
            if try free.fit(fid: fid).amplitudes[2] < 0 { negativeUnconstrained += 1 }
        }
        #expect(negativeUnconstrained > 0)  // the constraint was active
    }

    @Test func batchFitsAreIdenticalForAnyThreadCount() throws {
        let f = fitter
        let clean = try synthesise(f, truth)
        let fids = (0..<6).map { i in
            var rng = SeededRandom(seed: 6, path: [UInt64(i)])
            return clean.map { $0 + Complex(0.05 * rng.normal(), 0.05 * rng.normal()) }
        }
        let saved = ComputeSettings.threads
        defer { ComputeSettings.threads = saved }
        ComputeSettings.threads = 1
        let one = try f.fit(fids: fids)
        ComputeSettings.threads = 2
        let two = try f.fit(fids: fids)
        for (a, b) in zip(one, two) { #expect(a.amplitudes == b.amplitudes && a.crlb == b.crlb) }
    }
}
