import ASDSCore
import Bloch
import Encoding
import Foundation
import HDF5Kit
import Numerics
import Testing
import TestSupport

@Suite struct AcquisitionTests {
    static let press = MRSISequence(timing: .press(te1Seconds: 0.015, te2Seconds: 0.015), repetitionTimeSeconds: 1.5)

    static func sphere(matrix: Int = 8, voxel: Bool = false) -> Phantom {
        Phantom(name: "disc", fovMeters: 0.2, matrix: matrix,
                voxel: voxel ? Phantom.Voxel(centerMeters: [0, 0, 0], sizeMeters: [0.1, 0.1, 0.02]) : nil,
                regions: [Phantom.Region(name: "disc", shape: .ellipse, centerMeters: [0, 0], semiAxesMeters: [0.07, 0.07],
                                         rotationDegrees: nil, concentrations: ["NAA": 10, "Cho": 2], t1Seconds: 1.2, t2Seconds: 0.2,
                                         t2StarSeconds: nil)],
                b0Map: nil, eddyCurrents: nil)
    }

    @Test func shippedPhantomsLoadAndMatchTheDocumentedContent() throws {
        let sphere = try Phantom.load(path: TestSupport.repositoryRoot + "/phantoms/uniform-sphere.json")
        #expect(sphere.regions.count == 1 && sphere.voxel != nil)
        let brain = try Phantom.load(path: TestSupport.repositoryRoot + "/phantoms/brain-lesion.json")
        let lesion = try #require(brain.regions.last)
        let wm = try #require(brain.regions.first { $0.name == "white matter" })
        #expect(lesion.name == "lesion")
        #expect(lesion.concentrations["Cho"]! > wm.concentrations["Cho"]! && lesion.concentrations["Lac"]! > 0)
        #expect(lesion.concentrations["NAA"]! < wm.concentrations["NAA"]! / 2 && wm.concentrations["Lac"] == nil)
        #expect(brain.eddyCurrentModel.terms.count == 2 && brain.b0Map?.randomRmsHz == 3)
        #expect(brain.metaboliteNames == ["Cho", "Cr", "Gln", "Glu", "Ins", "Lac", "NAA"])
    }

    @Test func badPhantomsGiveErrorsNamingTheFileAndField() throws {
        func field(_ p: Phantom) -> String? {
            do { try p.validate(source: "P.json"); return nil } catch let ASDSError.invalidInput(source, field, _) {
                return source == "P.json" ? field : nil
            } catch { return nil }
        }
        var p = Self.sphere()
        p.fovMeters = 0
        #expect(field(p) == "fovMeters")
        p = Self.sphere(); p.matrix = 0
        #expect(field(p) == "matrix")
        p = Self.sphere(); p.regions[0].centerMeters = [0.05, 0]
        #expect(field(p) == "regions.0")
        p = Self.sphere(); p.b0Map = Phantom.B0Map(valuesHz: [Double](repeating: 0, count: 63) + [.nan])
        #expect(field(p) == "b0Map.valuesHz.63")
        p = Self.sphere(); p.regions[0].t2Seconds = -1
        #expect(field(p) == "regions.0.t2Seconds")
        p = Self.sphere(); p.voxel = Phantom.Voxel(centerMeters: [0.08, 0, 0], sizeMeters: [0.1, 0.1, 0.02])
        #expect(field(p) == "voxel")
        let basis = try TestBasis.make(points: 8, bandwidthHz: 1000, lines: [("NAA", 2.0, 3, nil)])
        #expect(throws: ASDSError.invalidInput(source: "P.json", field: "regions.0.concentrations.Cho",
                                               reason: "unknown metabolite 'Cho': the basis set has NAA")) {
            try Self.sphere().checkMetabolites(against: basis.names, source: "P.json")
        }
        // JSON decoding errors name the file and field as well.
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        try #"{"name": "x", "fovMeters": 0.2, "matrix": 8, "regions": [{"name": "a", "shape": "star"}]}"#
            .write(toFile: dir + "/bad.json", atomically: true, encoding: .utf8)
        #expect {
            try Phantom.load(path: dir + "/bad.json")
        } throws: { error in
            guard case let ASDSError.invalidInput(source, field, _) = error else { return false }
            return source == dir + "/bad.json" && field.hasPrefix("regions.0")
        }
    }

    @Test func fullySampledCartesianDataInvertToTheGroundTruth() throws {
        let t = try KSpaceTrajectory.design(TrajectoryDesign(kind: .cartesian, fovMeters: 0.2, matrix: 8, spectralPoints: 32, spectralBandwidthHz: 1000))
        let basis = try TestBasis.standard(points: 32, bandwidthHz: 1000)
        let data = try MRSIAcquisition.simulate(phantom: Self.sphere(), basis: basis, sequence: Self.press, trajectory: t,
                                                noiseStandardDeviation: 0, seed: 1)
        // H^H H = (N^2 / S) I for fully sampled Cartesian CSI without B0: invert exactly.
        let h = try NUFFTSpatialSpectralOperator(trajectory: t, effects: EncodingEffects(t2PrimeSeconds: data.t2PrimeSeconds))
        #expect(h.segmentCount == 1)
        // Centre voxel: fully inside the disc; its spectrum is the relaxation-weighted basis.
        let w = Self.press.relaxationWeight(t1Seconds: 1.2, t2Seconds: 0.2)
        let naa = FFT.spectrum(ofFID: basis["NAA"]!.fid), cho = FFT.spectrum(ofFID: basis["Cho"]!.fid)
        let centre = 4 * 8 + 4
        for n in 0..<32 {
            let expected = (naa[n].multiplied(by: 10) + cho[n].multiplied(by: 2)).multiplied(by: w)
            #expect((data.truthSpectra[centre * 32 + n] - expected).length < 1e-9)
        }
        let naaIndex = try #require(basis.names.firstIndex(of: "NAA"))
        #expect(abs(data.truthAmplitudes[centre * basis.names.count + naaIndex] - 10 * w) < 1e-12)
        // Without B0 the T2'-free data would invert exactly; with T2' compare H(truth) directly.
        #expect(relativeError(h.forward(data.truthSpectra), data.noiseFree) < 1e-9)
        let plain = try ExactSpatialSpectralOperator(trajectory: t)
        let back = plain.adjoint(plain.forward(data.truthSpectra)).map { $0.multiplied(by: 32.0 / 64.0) }
        #expect(relativeError(back, data.truthSpectra) < 1e-10)
    }

    @Test func noiseIsSeededAndOfTheRequestedSize() throws {
        let t = try KSpaceTrajectory.design(TrajectoryDesign(kind: .radial, fovMeters: 0.2, matrix: 8, spectralPoints: 16, spectralBandwidthHz: 1000, spokes: 25))
        let basis = try TestBasis.standard(points: 16, bandwidthHz: 1000)
        let a = try MRSIAcquisition.simulate(phantom: Self.sphere(voxel: true), basis: basis, sequence: Self.press, trajectory: t,
                                             noiseStandardDeviation: 0.5, seed: 42)
        let b = try MRSIAcquisition.simulate(phantom: Self.sphere(voxel: true), basis: basis, sequence: Self.press, trajectory: t,
                                             noiseStandardDeviation: 0.5, seed: 42)
        let c = try MRSIAcquisition.simulate(phantom: Self.sphere(voxel: true), basis: basis, sequence: Self.press, trajectory: t,
                                             noiseStandardDeviation: 0.5, seed: 43)
        #expect(a.noisy == b.noisy && a.noiseFree == b.noiseFree)
        #expect(a.noisy != c.noisy && a.noiseFree == c.noiseFree)
        let residual = zip(a.noisy, a.noiseFree).flatMap { [($0 - $1).real, ($0 - $1).imaginary] }
        let sd = (residual.map { $0 * $0 }.reduce(0, +) / Double(residual.count)).squareRoot()
        #expect(abs(sd - 0.5) < 0.5 * 5 / Double(residual.count).squareRoot())
    }

    @Test func mismatchedInputsAreRejected() throws {
        let t = try KSpaceTrajectory.design(TrajectoryDesign(kind: .cartesian, fovMeters: 0.2, matrix: 8, spectralPoints: 16, spectralBandwidthHz: 1000))
        let wrongBandwidth = try TestBasis.standard(points: 16, bandwidthHz: 2000)
        #expect(throws: ASDSError.self) {
            try MRSIAcquisition.simulate(phantom: Self.sphere(), basis: wrongBandwidth, sequence: Self.press, trajectory: t, noiseStandardDeviation: 0, seed: 1)
        }
        let onlyNAA = try TestBasis.make(points: 16, bandwidthHz: 1000, lines: [("NAA", 2.0, 3, nil)])
        #expect(throws: ASDSError.self) {
            try MRSIAcquisition.simulate(phantom: Self.sphere(), basis: onlyNAA, sequence: Self.press, trajectory: t, noiseStandardDeviation: 0, seed: 1)
        }
        let basis = try TestBasis.standard(points: 16, bandwidthHz: 1000)
        #expect(throws: ASDSError.self) {
            try MRSIAcquisition.simulate(phantom: Self.sphere(matrix: 16), basis: basis, sequence: Self.press, trajectory: t, noiseStandardDeviation: 0, seed: 1)
        }
        #expect(throws: ASDSError.self) {
            try MRSIAcquisition.simulate(phantom: Self.sphere(), basis: basis, sequence: MRSISequence(timing: .press(te1Seconds: 0.015, te2Seconds: 0.015), repetitionTimeSeconds: 0.01),
                                         trajectory: t, noiseStandardDeviation: 0, seed: 1)
        }
    }

    @Test func chemicalShiftDisplacementMovesTheBoxWithSincProfiles() throws {
        // With simulated sinc profiles, a line at +f Hz sees the box shifted by f / (gamma_bar G)
        // along x; ideal profiles do not move.
        let voxel = Phantom.Voxel(centerMeters: [0, 0, 0], sizeMeters: [0.05, 0.05, 0.02])
        let sinc = try MRSISequence(timing: .press(te1Seconds: 0.015, te2Seconds: 0.015), repetitionTimeSeconds: 1.5, profiles: .sinc).selection(voxel)
        let gammaBar = PhysicalConstants.protonGyromagneticRatioHzPerTesla
        let gx = sinc.profiles[0].sliceGradientTeslaPerMeter, gy = sinc.profiles[1].sliceGradientTeslaPerMeter
        #expect(gx > 0 && gy > 0)
        let f = 200.0, sx = f / (gammaBar * gx), sy = f / (gammaBar * gy)
        let slab = sinc.slabFactor
        #expect((sinc.weight(x: 0.02 + sx, y: -0.01 + sy, frequencyHz: f, slab: slab) - sinc.weight(x: 0.02, y: -0.01, frequencyHz: 0, slab: slab)).length < 1e-12)
        #expect((sinc.weight(x: 0.02, y: -0.01, frequencyHz: f, slab: slab) - sinc.weight(x: 0.02, y: -0.01, frequencyHz: 0, slab: slab)).length > 1e-3)
        // Profiles' FWHM equal the box edges; the slab's area is close to its thickness.
        for a in 0..<3 { #expect(abs(sinc.profiles[a].fwhmMeters - voxel.sizeMeters[a]) < 0.02 * voxel.sizeMeters[a]) }
        #expect(abs(slab.real - 1) < 0.05)
        let ideal = try Self.press.selection(voxel)
        #expect((ideal.weight(x: 0.02, y: 0.02, frequencyHz: 300, slab: ideal.slabFactor) - Complex(1, 0)).length < 1e-7)
        #expect(ideal.weight(x: 0.03, y: 0, frequencyHz: 0, slab: ideal.slabFactor) == .zero)
    }

    @Test func dataFilesHoldTheExactTrajectoryBothCopiesAndParameters() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        let t = try KSpaceTrajectory.design(TrajectoryDesign(kind: .spiral, fovMeters: 0.2, matrix: 8, spectralPoints: 16, spectralBandwidthHz: 1000, interleaves: 2))
        let basis = try TestBasis.standard(points: 16, bandwidthHz: 1000)
        let data = try MRSIAcquisition.simulate(phantom: Self.sphere(voxel: true), basis: basis, sequence: Self.press, trajectory: t,
                                                noiseStandardDeviation: 0.1, seed: 5)
        let path = dir + "/data.h5"
        try data.write(to: path)
        let root = try HDF5File.open(path).root()
        #expect(try root.stringAttribute("format") == "asds-mrsi-raw")
        let noisy = try root.group("data").read("noisy", as: Complex<Double>.self)
        #expect(noisy.shape == [t.shots, t.samplesPerReadout, 16] && noisy.values == data.noisy)
        #expect(try root.group("data").read("noise_free", as: Complex<Double>.self).values == data.noiseFree)
        let traj = try root.group("trajectory")
        #expect(try traj.read("kx_per_m", as: Double.self).values == t.kx)
        #expect(try traj.read("adc_times_s", as: Double.self).values == t.adcTimesSeconds)
        #expect(try traj.read("readout_gradients_t_per_m", as: Double.self).shape == [2, t.readoutGradients[0].count, 2])
        #expect(try root.group("truth").read("spectra", as: Complex<Double>.self).shape == [8, 8, 16])
        let json = try root.readString("parameters")
        #expect(json.contains("\"seed\" : 5") && json.contains("PRESS") && json.contains("spiral"))
        // h5py (the reader other tools use) sees complex128 arrays of the same values and shapes.
        let script = """
        import h5py, json
        f = h5py.File('\(path)', 'r')
        d = f['data/noisy']
        v = d[1, 2, 3]
        p = json.loads(f['parameters'][()])
        print('|'.join(map(str, [d.dtype, list(d.shape), repr(float(v.real)), repr(float(v.imag)), list(f['truth/spectra'].shape), p['seed']])))
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "|").map(String.init)
        let value = data.noisy[(1 * t.samplesPerReadout + 2) * 16 + 3]
        #expect(process.terminationStatus == 0)
        #expect(output == ["complex128", "[\(t.shots), \(t.samplesPerReadout), 16]", "\(value.real)", "\(value.imaginary)", "[8, 8, 16]", "5"])
        // A failing write leaves no file behind.
        #expect(throws: ASDSError.self) { try data.write(to: dir + "/missing/data.h5") }
        #expect(!FileManager.default.fileExists(atPath: dir + "/missing/data.h5"))
    }
}
