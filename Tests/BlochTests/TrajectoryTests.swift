import ASDSCore
import Bloch
import Foundation
import Testing
import TestSupport

@Suite struct TrajectoryTests {
    static let designs: [TrajectoryDesign] = [
        TrajectoryDesign(kind: .cartesian, fovMeters: 0.2, matrix: 16, spectralPoints: 64, spectralBandwidthHz: 1000),
        TrajectoryDesign(kind: .radial, fovMeters: 0.2, matrix: 32, spectralPoints: 64),
        TrajectoryDesign(kind: .radial, fovMeters: 0.22, matrix: 24, spectralPoints: 64, spokes: 55, goldenAngle: true),
        TrajectoryDesign(kind: .spiral, fovMeters: 0.2, matrix: 32, spectralPoints: 64, interleaves: 3),
        TrajectoryDesign(kind: .spiral, fovMeters: 0.24, matrix: 48, spectralPoints: 64, adcDwellSeconds: 2e-6, interleaves: 2,
                         edgeDensityFraction: 0.6),
    ]

    @Test(arguments: designs)
    func noSampleExceedsTheGradientOrSlewLimit(design: TrajectoryDesign) throws {
        let t = try KSpaceTrajectory.design(design)
        #expect(t.peakGradientTeslaPerMeter <= design.limits.maxGradientTeslaPerMeter)
        #expect(t.peakSlewTeslaPerMeterPerSecond <= design.limits.maxSlewTeslaPerMeterPerSecond)
        #expect(t.peakSlewTeslaPerMeterPerSecond > 0.3 * design.limits.maxSlewTeslaPerMeterPerSecond)
    }

    @Test(arguments: designs)
    func kIsGammaBarTimesTheIntegralOfG(design: TrajectoryDesign) throws {
        let t = try KSpaceTrajectory.design(design)
        let gammaBar = PhysicalConstants.protonGyromagneticRatioHzPerTesla, dt = design.limits.rasterSeconds
        for s in 0..<t.shots {
            // Cumulative sums at raster points, then linear interpolation at the ADC times.
            var k0 = SIMD2<Double>.zero
            for g in t.prephaseGradients[s] { k0 += g * gammaBar * dt }
            var cumulative = [k0]
            for g in t.readoutGradients[s] { cumulative.append(cumulative.last! + g * gammaBar * dt) }
            for (i, time) in t.adcTimesSeconds.enumerated() {
                let q = Int(time / dt)
                let k: SIMD2<Double>
                if q + 1 < cumulative.count {
                    let f = time / dt - Double(q)
                    k = cumulative[q] + (cumulative[q + 1] - cumulative[q]) * f
                } else {
                    k = cumulative.last!
                }
                let j = s * t.samplesPerReadout + i
                #expect(abs(k.x - t.kx[j]) < 1e-9 * t.nominalKMax && abs(k.y - t.ky[j]) < 1e-9 * t.nominalKMax)
            }
            // Every repetition retraces the same path: the readout gradient has zero net area.
            #expect((cumulative.last! - k0).x.magnitude < 1e-9 * t.nominalKMax)
            #expect((cumulative.last! - k0).y.magnitude < 1e-9 * t.nominalKMax)
            #expect(Double(t.readoutGradients[s].count) * dt <= t.repetitionSeconds * (1 + 1e-12))
        }
    }

    @Test(arguments: designs.filter { $0.kind != .cartesian })
    func spokesAndSpiralsReachKMax(design: TrajectoryDesign) throws {
        let t = try KSpaceTrajectory.design(design)
        let kMax = Double(design.matrix) / (2 * design.fovMeters)
        #expect(t.nominalKMax == kMax)
        for s in 0..<t.shots {
            let radii = (0..<t.samplesPerReadout).map { i -> Double in
                let j = s * t.samplesPerReadout + i
                return (t.kx[j] * t.kx[j] + t.ky[j] * t.ky[j]).squareRoot()
            }
            // The last sample lies on k_max.
            #expect(abs(radii.last! - kMax) < 1e-9 * kMax)
            #expect(radii.dropLast().allSatisfy { $0 < kMax })
            // Consecutive samples at most 1/FOV apart.
            for i in 1..<t.samplesPerReadout {
                let a = s * t.samplesPerReadout + i
                let d = ((t.kx[a] - t.kx[a - 1]) * (t.kx[a] - t.kx[a - 1]) + (t.ky[a] - t.ky[a - 1]) * (t.ky[a] - t.ky[a - 1])).squareRoot()
                #expect(d <= 1 / design.fovMeters * (1 + 1e-9))
            }
        }
    }

    @Test func cartesianSamplesTheDFTGridAndWeightsAreAreas() throws {
        let t = try KSpaceTrajectory.design(Self.designs[0])
        #expect(t.shots == 256 && t.samplesPerReadout == 1 && t.repetitionSeconds == 1e-3)
        #expect(abs(t.kx[0] + 8 / 0.2) < 1e-9 && abs(t.ky[255] - 7 / 0.2) < 1e-9)
        #expect(t.densityWeights.allSatisfy { $0 == 1 })
        // Uniform radial Voronoi weights sum to the disc area out to the last cell edge, in (1/FOV)^2.
        let r = try KSpaceTrajectory.design(Self.designs[1])
        let last = (r.kx[r.samplesPerReadout - 1] * r.kx[r.samplesPerReadout - 1] + r.ky[r.samplesPerReadout - 1] * r.ky[r.samplesPerReadout - 1]).squareRoot()
        let prev = (r.kx[r.samplesPerReadout - 2] * r.kx[r.samplesPerReadout - 2] + r.ky[r.samplesPerReadout - 2] * r.ky[r.samplesPerReadout - 2]).squareRoot()
        let edge = last + (last - prev) / 2
        #expect(TestSupport.isClose(r.densityWeights.reduce(0, +), Double.pi * edge * edge * 0.04, relative: 1e-12))
    }

    @Test func impossibleOrEmptyDesignsAreRejectedNamingTheField() {
        func field(_ d: TrajectoryDesign) -> String? {
            do { _ = try KSpaceTrajectory.design(d, source: "G.json"); return nil } catch let ASDSError.invalidInput(source, field, _) {
                return source == "G.json" ? field : nil
            } catch { return nil }
        }
        #expect(field(TrajectoryDesign(kind: .spiral, fovMeters: 0, matrix: 32, spectralPoints: 8)) == "fovMeters")
        #expect(field(TrajectoryDesign(kind: .radial, fovMeters: 0.2, matrix: 0, spectralPoints: 8)) == "matrix")
        #expect(field(TrajectoryDesign(kind: .spiral, fovMeters: 0.2, matrix: 32, spectralPoints: 8, spectralBandwidthHz: 20_000)) == "spectralBandwidthHz")
        #expect(field(TrajectoryDesign(kind: .cartesian, fovMeters: 0.2, matrix: 8, spectralPoints: 8)) == "spectralBandwidthHz")
        var slow = TrajectoryDesign(kind: .spiral, fovMeters: 0.2, matrix: 32, spectralPoints: 8)
        slow.limits.maxSlewTeslaPerMeterPerSecond = .nan
        #expect(field(slow) == "maxSlewTeslaPerMeterPerSecond")
    }
}

extension TrajectoryDesign: CustomTestStringConvertible {
    public var testDescription: String { "\(kind.rawValue) N=\(matrix) \(goldenAngle ? "golden" : "") \(edgeDensityFraction)" }
}
