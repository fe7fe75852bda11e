import ASDSCore
import Metrics
import Numerics
import Reconstruction
import Testing
import TestSupport

@Suite struct ReconstructorTests {
    @Test func unknownMethodAndBadDataAreRefused() throws {
        #expect(throws: ASDSError.invalidInput(source: "--method", field: "", reason: "unknown method 'wavelet'; choose one of ft, ils, ista, fista")) {
            try ReconstructionMethod(parsing: "wavelet")
        }
        #expect(try ReconstructionMethod(parsing: "FISTA") == .fista)
        let axis = Fixtures.axis(points: 256)
        let r = try SpectrumReconstructor(axis: axis, options: ReconstructionOptions(method: .fista))
        var fid = Fixtures.fid(Fixtures.singlets, axis: axis)
        fid[10] = Complex(.nan, 0)
        #expect(throws: ASDSError.invalidInput(source: "data", field: "fid", reason: "contains NaN or infinite samples")) { try r.reconstruct(fid: fid) }
        #expect(throws: ASDSError.invalidInput(source: "data", field: "fid", reason: "is all zeros")) {
            try r.reconstruct(fid: [Complex<Double>](repeating: .zero, count: 256))
        }
        #expect(throws: ASDSError.self) { try r.reconstruct(fid: Array(fid.prefix(100))) }
    }

    @Test(arguments: ReconstructionMethod.allCases)
    func everyMethodComputesItsDefiningSolutionAndRecordsItself(method: ReconstructionMethod) throws {
        // On the square single-voxel model (A^H A = I / N) every method has a closed form in
        // terms of the FT spectrum S: ILS gives S / (1 + alpha N), ISTA/FISTA soft(S, lambda N / 2).
        let axis = Fixtures.axis()
        let n = Double(axis.points)
        let clean = Fixtures.fid(Fixtures.singlets, axis: axis)
        let sigma = 0.02
        let noisy = Fixtures.add(clean, Fixtures.noise(count: axis.points, sigma: sigma, seed: 7))
        let r = try SpectrumReconstructor(axis: axis, options: ReconstructionOptions(method: method, preprocessing: .none))
        let result = try r.reconstruct(fid: noisy)
        let ft = FFT.spectrum(ofFID: noisy)
        let scale = ft.map(\.length).max()!
        #expect(result.method == method)
        switch method {
        case .ft:
            #expect(result.spectrum == ft)
            #expect(result.regularisationWeight == nil && result.iterations == 0)
        case .ils:
            #expect(result.regularisationRule == "discrepancy")
            let alpha = result.regularisationWeight!
            #expect(alpha > 0)
            #expect(TestSupport.maxDifference(result.spectrum, ft.map { $0.divided(by: 1 + alpha * n) }) < 1e-7 * scale)
            // Discrepancy: the residual is the expected noise energy N * 2 sigma^2.
            let residual = zip(SpectrumToFIDOperator(points: axis.points).forward(result.spectrum), noisy).map { $0 - $1 }
            let sigmaHat = result.noiseStandardDeviation!
            #expect(TestSupport.isClose(ComplexVector.norm(residual) * ComplexVector.norm(residual), n * 2 * sigmaHat * sigmaHat, relative: 1e-4))
        case .ista, .fista:
            #expect(result.regularisationRule == "universal" && result.dictionary == "identity")
            #expect(result.converged && result.objectiveHistory.count == result.iterations + 1)
            let lambda = result.regularisationWeight!
            #expect(TestSupport.maxDifference(result.spectrum, Proximal.softThreshold(ft, threshold: lambda * n / 2)) < 1e-9 * scale)
            // Denoising raises the consensus SNR (dispersion tails above the threshold keep some
            // noise in the signal-free regions, so the gain is modest here).
            #expect(try SignalToNoise.consensus(result.spectrum, axis: axis) > 1.3 * SignalToNoise.consensus(ft, axis: axis))
        }
        if method != .ft {
            // The noise level is estimated from the signal-free regions despite the lines' dispersion tails.
            #expect(TestSupport.isClose(result.noiseStandardDeviation!, sigma, relative: 0.1))
        }
    }

    @Test func lineDictionaryFISTAFitsLorentzianLines() throws {
        let axis = Fixtures.axis(points: 1024, bandwidthHz: 1000)
        // Lines on the dictionary's grid (every half bin) with the dictionary's width.
        let t2 = 1 / (Double.pi * 4)
        let lines = [(axis.ppm(atIndex: 300.5), 3.0, t2), (axis.ppm(atIndex: 420), 2.0, t2)]
        let clean = Fixtures.fid(lines.map { (ppm: $0.0, amplitude: $0.1, t2: $0.2) }, axis: axis)
        let noisy = Fixtures.add(clean, Fixtures.noise(count: 1024, sigma: 0.01, seed: 8))
        let options = ReconstructionOptions(method: .fista, preprocessing: .none,
                                            dictionary: .lines(widths: [LineWidth(lorentzianHz: 4), LineWidth(lorentzianHz: 10)], oversampling: 2),
                                            sparse: SparseSolverOptions(maxIterations: 20000, relativeTolerance: 1e-9),
                                            noiseRegionsPPM: [0.8...1.8, 6.5...8.5])
        let result = try SpectrumReconstructor(axis: axis, options: options).reconstruct(fid: noisy)
        #expect(result.dictionary == "lines" && result.converged)
        let truth = FFT.spectrum(ofFID: clean)
        let ftErr = try SignalToNoise.errorBased(FFT.spectrum(ofFID: noisy), truth: truth, axis: axis, peakPPM: axis.ppm(atIndex: 290)...axis.ppm(atIndex: 310))
        let err = try SignalToNoise.errorBased(result.spectrum, truth: truth, axis: axis, peakPPM: axis.ppm(atIndex: 290)...axis.ppm(atIndex: 310))
        #expect(err > 1.5 * ftErr)
        let history = result.objectiveHistory
        #expect(zip(history, history.dropFirst()).allSatisfy { $1 <= $0 + 1e-12 * history[0] })
    }

    @Test func batchesAreIdenticalForAnyThreadCountAndTakePerSpectrumLambdas() throws {
        let axis = Fixtures.axis(points: 512)
        let fids = (0..<12).map { Fixtures.add(Fixtures.fid(Fixtures.singlets, axis: axis), Fixtures.noise(count: 512, sigma: 0.05, seed: 9, index: $0)) }
        let r = try SpectrumReconstructor(axis: axis, options: ReconstructionOptions(method: .fista, preprocessing: .none))
        let saved = ComputeSettings.threads
        defer { ComputeSettings.threads = saved }
        ComputeSettings.threads = 1
        let one = try r.reconstruct(fids: fids)
        ComputeSettings.threads = 2
        let two = try r.reconstruct(fids: fids)
        for (a, b) in zip(one, two) { #expect(a.spectrum == b.spectrum && a.regularisationWeight == b.regularisationWeight) }
        let lambdas = (0..<12).map { 0.001 * Double($0 + 1) }
        let fixed = try r.reconstruct(fids: fids, lambdas: lambdas)
        #expect(fixed.map { $0.regularisationWeight! } == lambdas)
        #expect(fixed.allSatisfy { $0.regularisationRule == "fixed" })
        #expect(throws: ASDSError.self) { try r.reconstruct(fids: fids, lambdas: [1]) }
    }
}
