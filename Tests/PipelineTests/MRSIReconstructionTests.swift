import ASDSCore
import Bloch
import Encoding
import Foundation
import NeuralNet
import Numerics
import Pipeline
import Reconstruction
import Testing
import TestSupport

/// Analytic singlet basis (`protons * e^{i 2 pi f t}` at each shift) on an MRSI axis.
private func singletBasis(points: Int, bandwidthHz: Double, lines: [(String, Double, Double)]) throws -> BasisSet {
    let axis = try SpectralAxis(b0Tesla: 2.89, points: points, bandwidthHz: bandwidthHz, referencePPM: 2.6)
    let metabolites = lines.map { name, ppm, protons -> BasisMetabolite in
        let f = axis.frequencyHz(ppm: ppm)
        return BasisMetabolite(name: name, fid: (0..<points).map { n in
            let t = axis.timeSeconds(at: n)
            return Complex(cos(2 * .pi * f * t), sin(2 * .pi * f * t)).multiplied(by: protons)
        })
    }
    return BasisSet(axis: axis, acquisition: AcquisitionParameters(sequence: "PRESS", echoTimeSeconds: 0.03, pulseMode: "ideal"),
                    metabolites: metabolites)
}

private func relativeError(_ a: [Complex<Double>], _ b: [Complex<Double>], over voxels: [Int], points s: Int) -> Double {
    var num = 0.0, den = 0.0
    for p in voxels { for n in 0..<s { num += (a[p * s + n] - b[p * s + n]).lengthSquared; den += b[p * s + n].lengthSquared } }
    return (num / den).squareRoot()
}

@Suite struct MRSIReconstructionTests {
    static let press = MRSISequence(timing: .press(te1Seconds: 0.015, te2Seconds: 0.015), repetitionTimeSeconds: 1.5)

    /// The shipped uniform sphere, its concentrations kept for the singlets of the test basis.
    static func sphereAcquisition(noise: Double, kind: KSpaceTrajectory.Kind = .radial) throws -> MRSIData {
        var phantom = try Phantom.load(path: TestSupport.repositoryRoot + "/phantoms/uniform-sphere.json")
        phantom.regions[0].concentrations = ["NAA": 12, "Cr": 10, "Cho": 3]
        let basis = try singletBasis(points: 32, bandwidthHz: 1000, lines: [("NAA", 2.01, 3), ("Cr", 3.03, 3), ("Cho", 3.21, 9)])
        let t = try KSpaceTrajectory.design(TrajectoryDesign(kind: kind, fovMeters: phantom.fovMeters, matrix: phantom.matrix,
                                                             spectralPoints: 32, spectralBandwidthHz: 1000, goldenAngle: kind == .radial))
        return try MRSIAcquisition.simulate(phantom: phantom, basis: basis, sequence: Self.press, trajectory: t,
                                            noiseStandardDeviation: noise, seed: 5)
    }

    /// Phase-encoded CSI of the sphere (every k-space point of the grid sampled: radial and
    /// spiral designs cover the disc |k| <= N / (2 FOV), which leaves the grid's corner spatial
    /// frequencies unmeasured, so no method recovers a sharp-edged object on the grid exactly).
    @Test func noiseFreeSphereReconstructsByILSToTheTruthWithinOnePercent() throws {
        let directory = try TestSupport.temporaryDirectory("mrsi-ils")
        defer { TestSupport.cleanup(directory) }
        let path = directory + "/sphere.h5"
        try Self.sphereAcquisition(noise: 0, kind: .cartesian).write(to: path)
        let data = try MRSIData.read(path)          // through the file, as asds reconstruct does
        #expect(data.t2PrimeSeconds.contains { $0.isFinite })
        let s = data.axis.points, n = data.trajectory.matrix
        let inside = (0..<(n * n)).filter { p in (0..<s).contains { data.truthSpectra[p * s + $0] != .zero } }
        #expect(inside.count > 40)      // the 8 x 8 cm PRESS box holds 7 x 7 voxels of 1.25 cm
        // The full H (with the sphere's T2' of 80 ms): least squares returns H's unknown itself.
        let ils = try MRSIReconstructor(data: data).leastSquares(deconvolvingT2Prime: true)
        #expect(relativeError(ils.solution, data.truthSpectra, over: inside, points: s) < 0.01)
        // Gridding keeps the PSF and the T2' broadening: far from the truth, so the test can fail.
        let ft = try MRSIExperiment().reconstruct(data, method: .ft, model: nil, source: path)
        #expect(relativeError(ft.spectra, data.truthSpectra, over: inside, points: s) > 0.05)
    }

    @Test func newOperatorsPassTheAdjointTest() throws {
        let axis = try SpectralAxis(b0Tesla: 2.89, points: 32, bandwidthHz: 1000)
        let dictionary = try LineDictionary(axis: axis, widths: [LineWidth(lorentzianHz: 2), LineWidth(lorentzianHz: 20)], oversampling: 2)
        let line = LineSpectrumOperator(dictionary: dictionary)
        #expect(line.adjointMismatch() < 1e-12)
        #expect(BlockDiagonalOperator(line, blocks: 7).adjointMismatch() < 1e-12)
        let data = try Self.sphereAcquisition(noise: 0)
        let reconstructor = try MRSIReconstructor(data: data)
        #expect(reconstructor.encoding.adjointMismatch() < 1e-12)
        #expect(reconstructor.sparseOperator(dictionary).adjointMismatch() < 1e-12)
        // F Theta of one atom is its FID's spectrum.
        var e = [Complex<Double>](repeating: .zero, count: dictionary.domainCount)
        e[37] = Complex(1, 0)
        #expect(TestSupport.maxDifference(line.forward(e), FFT.spectrum(ofFID: dictionary.forward(e))) < 1e-12)
    }

    @Test func hybridTikhonovMeetsTheDiscrepancyAndMatchesTheCGWeightSearch() throws {
        var rng = SeededRandom(seed: 9)
        let rows = 120, columns = 60
        let entries = (0..<(rows * columns)).map { i -> Complex<Double> in
            let decay = exp(-Double(i % columns) / 12)       // ill-conditioned columns
            return Complex(rng.normal() * decay, rng.normal() * decay)
        }
        let a = DenseOperator(rows: rows, columns: columns, entries: entries)
        let truth = (0..<columns).map { _ in Complex(rng.normal(), rng.normal()) }
        let sigma = 0.05
        let y = a.forward(truth).map { $0 + Complex(rng.normal() * sigma, rng.normal() * sigma) }
        let hybrid = HybridTikhonov(operator: a, tolerance: 1e-8, maxIterations: 60).solve(y, noiseStandardDeviation: sigma)
        let target = Double(rows) * 2 * sigma * sigma
        let residual = zip(a.forward(hybrid.solution), y).reduce(0.0) { $0 + ($1.0 - $1.1).lengthSquared }
        #expect(abs(residual / target - 1) < 1e-3)
        let cg = TikhonovLeastSquares(operator: a, tolerance: 1e-12, maxIterations: 2000).solve(y, rule: .discrepancy(noiseStandardDeviation: sigma))
        #expect(abs(hybrid.alpha / cg.alpha - 1) < 1e-2)
        var num = 0.0, den = 0.0
        for (h, c) in zip(hybrid.solution, cg.solution) { num += (h - c).lengthSquared; den += c.lengthSquared }
        #expect((num / den).squareRoot() < 1e-3)
    }

    @Test func mismatchedInputsAreRefusedNamingTheFileAndField() throws {
        let directory = try TestSupport.temporaryDirectory("mrsi-bad")
        defer { TestSupport.cleanup(directory) }
        let data = try Self.sphereAcquisition(noise: 0.01)
        // A model for another spectral size.
        let vae = try ConvolutionalVAE(architecture: VAEInputs.architecture(points: 64), seed: 1)
        let model = MRSIModel(checkpoint: VAECheckpoint(model: vae, normalisation: VAEInputs.normalisation), alpha: 1, suiteSHA256: "")
        #expect(throws: ASDSError.self) { _ = try model.latentVariances(gridding: data.truthSpectra, axis: data.axis, source: "item.h5") }
        // A truncated acquisition file.
        let path = directory + "/a.h5"
        try data.write(to: path)
        let bytes = try #require(FileManager.default.contents(atPath: path))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: directory + "/cut.h5"))
        #expect(throws: ASDSError.self) { _ = try MRSIData.read(directory + "/cut.h5") }
        // A single-voxel model file is not an MRSI model.
        try VAECheckpoint(model: vae, normalisation: VAEInputs.normalisation).write(to: directory + "/sv.h5")
        do { _ = try MRSIModel.read(from: directory + "/sv.h5"); Issue.record("a non-MRSI model was accepted") } catch let e as ASDSError {
            #expect(e.description.contains("metadata/kind"))
        }
    }
}
