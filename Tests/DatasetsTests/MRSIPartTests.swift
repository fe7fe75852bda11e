import ASDSCore
import Bloch
import Datasets
import Encoding
import FileFormats
import Foundation
import HDF5Kit
import Numerics
import Testing
import TestSupport

/// The MRSI part of a suite: raw radial/spiral acquisitions of a phantom with drawn concentrations.
@Suite struct MRSIPartTests {
    /// An 8 x 8 grid over 0.16 m: a tissue box and a lesion box aligned to the voxel grid, so the
    /// voxel at (0.02, 0.02) m lies wholly inside the lesion.
    static let phantomJSON = """
    {
      "name": "two-box", "fovMeters": 0.16, "matrix": 8,
      "regions": [
        {"name": "tissue", "shape": "box", "centerMeters": [0, 0], "semiAxesMeters": [0.06, 0.06],
         "concentrations": {}, "t1Seconds": 1.4, "t2Seconds": 0.2, "t2StarSeconds": 0.05},
        {"name": "lesion", "shape": "box", "centerMeters": [0.02, 0.02], "semiAxesMeters": [0.015, 0.015],
         "concentrations": {}, "t1Seconds": 1.6, "t2Seconds": 0.3, "t2StarSeconds": 0.04},
        {"name": "cyst", "shape": "box", "centerMeters": [-0.04, -0.04], "semiAxesMeters": [0.01, 0.01],
         "concentrations": {}, "t1Seconds": 4.0, "t2Seconds": 1.0}
      ]
    }
    """

    static func mrsiBlock(count: Int = 6, train: Int = 3, regions: String = #""tissue": "healthy", "lesion": "tumour""#,
                          bandwidthHz: Double = 1000, trajectoryWeight: Double = 1) -> String {
        """
        , "mrsi": {
          "count": \(count), "split": {"train": \(train), "test": \(count - train)}, "phantom": "two-box",
          "regionScenarios": {\(regions)}, "points": 64, "bandwidthHz": \(bandwidthHz), "referencePPM": 2.6,
          "repetitionTimeSeconds": 1.5,
          "trajectories": [{"kind": "radial", "goldenAngle": true, "weight": \(trajectoryWeight)},
                           {"kind": "spiral", "interleaves": 4, "weight": 1}],
          "snr": {"uniform": [8, 20]}
        }
        """
    }

    /// A test library with the two-box phantom, and a generator for a suite with an MRSI part.
    static func makeGenerator(_ mrsi: String = mrsiBlock()) throws -> (SuiteGenerator, String) {
        let (library, dir) = try makeTestLibrary()
        try FileManager.default.createDirectory(atPath: dir + "/phantoms", withIntermediateDirectories: true)
        try phantomJSON.write(toFile: dir + "/phantoms/two-box.json", atomically: true, encoding: .utf8)
        let generator = try SuiteGenerator(path: try writeSuite(suiteJSON(count: 4, train: 2, extra: mrsi), in: dir), library: library)
        return (generator, dir)
    }

    static func files(in directory: DatasetDirectory, count: Int) -> [Data?] {
        (0..<count).map { FileManager.default.contents(atPath: directory.mrsiItemPath($0)) }
    }

    /// The noise of every voxel spectrum of the unit-gain density-compensated gridding
    /// reconstruction, `(S / N^2) H^H W n`, has the standard deviation the truth records, so the
    /// drawn SNR is the reference peak height over the noise a reconstruction actually sees.
    @Test func recordedImageNoiseIsTheGriddingReconstructionsNoise() throws {
        let (generator, dir) = try Self.makeGenerator()
        defer { TestSupport.cleanup(dir) }
        let mrsi = try #require(generator.mrsi)
        let axis = try mrsi.axis(source: "test")
        var kinds = Set<KSpaceTrajectory.Kind>()
        for index in 0..<mrsi.part.count {
            let drawn = mrsi.draw(index: index)
            let trajectory = mrsi.trajectories[drawn.trajectory]
            guard kinds.insert(trajectory.kind).inserted else { continue }
            let basis = try SingletBasisProvider().basis(for: generator.suite.sequences[drawn.sequence], metabolites: generator.suite.metabolites, axis: axis)
            let (data, truth) = try mrsi.simulate(drawn, basis: basis, trajectory: trajectory)
            #expect(TestSupport.isClose(truth.referencePeakHeight / truth.imageNoiseStandardDeviation, truth.targetSNR, relative: 1e-12))
            let s = trajectory.repetitions
            let weights = trajectory.densityWeights
            let weighted = zip(data.noisy, data.noiseFree).enumerated().map { j, pair in
                (pair.0 - pair.1).multiplied(by: weights[j / s])
            }
            let h = try NUFFTSpatialSpectralOperator(trajectory: trajectory)
            let n = Double(trajectory.matrix)
            let image = h.adjoint(weighted).map { $0.multiplied(by: Double(s) / (n * n)) }
            let variance = image.reduce(0) { $0 + $1.real * $1.real + $1.imaginary * $1.imaginary } / Double(2 * image.count)
            #expect(abs(variance.squareRoot() / truth.imageNoiseStandardDeviation - 1) < 0.03,
                    "\(trajectory.kind): measured \(variance.squareRoot()), recorded \(truth.imageNoiseStandardDeviation)")
        }
        #expect(kinds == [.radial, .spiral])
    }

    /// A voxel wholly inside the lesion holds the lesion's drawn concentrations, relaxation-weighted
    /// for the drawn sequence; a metabolite-free region holds none.
    @Test func voxelTruthCarriesTheDrawnRegionConcentrations() throws {
        let (generator, dir) = try Self.makeGenerator()
        defer { TestSupport.cleanup(dir) }
        let mrsi = try #require(generator.mrsi)
        let drawn = mrsi.draw(index: 1)
        let basis = try SingletBasisProvider().basis(for: generator.suite.sequences[drawn.sequence], metabolites: generator.suite.metabolites,
                                                     axis: try mrsi.axis(source: "test"))
        let (data, truth) = try mrsi.simulate(drawn, basis: basis, trajectory: mrsi.trajectories[drawn.trajectory])
        let lesion = try #require(truth.regions.first { $0.name == "lesion" })
        #expect(lesion.scenario == "tumour")
        #expect(truth.regions.first { $0.name == "cyst" }?.concentrationsMM.allSatisfy { $0 == 0 } == true)
        let choice = generator.suite.sequences[drawn.sequence]
        let te = choice.teSeconds ?? ((choice.te1Seconds ?? 0) + (choice.te2Seconds ?? 0))
        var weight = (1 - exp(-1.5 / 1.6)) * exp(-te / 0.3)
        if let tm = choice.tmSeconds { weight *= exp(-tm / 1.6) }
        let m = generator.suite.metabolites.count
        let voxel = 5 * 8 + 5   // centre (0.02, 0.02) m: index (0.02 / 0.02) + 8 / 2 = 5 on both axes
        for k in 0..<m {
            #expect(TestSupport.isClose(data.truthAmplitudes[voxel * m + k], lesion.concentrationsMM[k] * weight, relative: 1e-12))
        }
        let cyst = 2 * 8 + 2
        #expect((0..<m).allSatisfy { data.truthAmplitudes[cyst * m + $0] == 0 })
    }

    /// Acquisitions generated in one range, or in several ranges with one thread, are the same files
    /// byte for byte; collecting shard directories reproduces them and the truth table; a missing
    /// acquisition makes the collection refuse, naming it.
    @Test func rangesAndThreadsGiveByteIdenticalFilesAndCollectRefusesGaps() throws {
        let (generator, dir) = try Self.makeGenerator()
        defer { TestSupport.cleanup(dir) }
        let mrsi = try #require(generator.mrsi)
        let count = mrsi.part.count
        let whole = DatasetDirectory(path: dir + "/whole")
        let done = try mrsi.generate(range: 0..<count, into: whole, provider: SingletBasisProvider(), writeTruthTable: true)
        #expect(done.written == count && done.skipped == 0)
        let again = try mrsi.generate(range: 0..<count, into: whole, provider: SingletBasisProvider(), writeTruthTable: true)
        #expect(again.written == 0 && again.skipped == count)

        let saved = ComputeSettings.threads
        defer { ComputeSettings.threads = saved }
        ComputeSettings.threads = 1
        let shards = (0..<3).map { DatasetDirectory(path: dir + "/shard\($0)") }
        for (k, shard) in shards.enumerated() {
            let spec = try ShardSpec(index: k, count: 3)
            _ = try mrsi.generate(range: spec.range(total: count), into: shard, provider: SingletBasisProvider(), writeTruthTable: false)
        }
        let merged = DatasetDirectory(path: dir + "/merged")
        #expect(try MRSIPartFiles.collect(suite: generator.suite, suiteHash: mrsi.suiteHash, from: shards.map(\.path), into: merged) == count)
        let expected = Self.files(in: whole, count: count)
        #expect(expected.allSatisfy { $0 != nil })
        #expect(Self.files(in: merged, count: count) == expected)
        #expect(FileManager.default.contents(atPath: merged.mrsiTruthPath) == FileManager.default.contents(atPath: whole.mrsiTruthPath))

        try FileManager.default.removeItem(atPath: shards[2].mrsiItemPath(count - 1))
        let broken = DatasetDirectory(path: dir + "/broken")
        #expect {
            try MRSIPartFiles.collect(suite: generator.suite, suiteHash: mrsi.suiteHash, from: shards.map(\.path), into: broken)
        } throws: { "\($0)".contains("item-00000\(count - 1).h5") }
        #expect(!FileManager.default.fileExists(atPath: broken.mrsiTruthPath))
    }

    /// Every drawn parameter in `truth.csv` equals the JSON in the item file, and the file records
    /// the suite, its hash and the basis used.
    @Test func truthTableAndItemFilesAgree() throws {
        let (generator, dir) = try Self.makeGenerator()
        defer { TestSupport.cleanup(dir) }
        let mrsi = try #require(generator.mrsi)
        let out = DatasetDirectory(path: dir + "/out")
        _ = try mrsi.generate(range: 0..<mrsi.part.count, into: out, provider: SingletBasisProvider(), writeTruthTable: true)
        let rows = try String(contentsOfFile: out.mrsiTruthPath, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = rows[0]
        #expect(rows.count == 1 + mrsi.part.count * mrsi.phantom.regions.count)
        let snr = try #require(header.firstIndex(of: "target_snr")), naa = try #require(header.firstIndex(of: "NAA_mM"))
        for row in rows.dropFirst() {
            let truth = try MRSIPartFiles.readTruth(out.mrsiItemPath(Int(row[0])!))
            let region = try #require(truth.regions.first { $0.name == row[4] })
            #expect(Double(row[snr]) == truth.targetSNR)
            #expect(Double(row[naa]) == region.concentrationsMM[0])
            #expect(row[1] == (truth.isTraining ? "train" : "test"))
        }
        let root = try HDF5File.open(out.mrsiItemPath(0)).root()
        let suite = try root.group("suite")
        #expect(try suite.stringAttribute("suite_sha256") == mrsi.suiteHash)
        #expect(try suite.readString("suite_json") == generator.suiteJSON)
        #expect(try suite.group("basis").childNames().sorted() == generator.suite.metabolites.sorted())
        let basis = try BasisHDF5.read(from: suite, source: "test")
        #expect(basis.names == generator.suite.metabolites)
        #expect(basis.axis == (try mrsi.axis(source: "test")))

        // The truth NIfTI-MRS holds each voxel's FID of the truth spectra, on the grid and axis.
        let nifti = try NIfTIMRS.read(from: out.mrsiTruthNIfTIPath(0))
        let spectra = try root.group("truth").read("spectra", as: Complex<Double>.self).values
        let n = mrsi.phantom.matrix, points = mrsi.part.points
        #expect(nifti.shape == [n, n, 1, points])
        #expect(try nifti.spectralAxis() == (try mrsi.axis(source: "test")))
        #expect(nifti.voxelSizeMillimetres[0] == mrsi.phantom.fovMeters * 1000 / Double(n))
        for voxel in [0, 5 * n + 5, n * n - 1] {
            let fid = FFT.fid(ofSpectrum: Array(spectra[(voxel * points)..<((voxel + 1) * points)]))
            let scale = max(fid.map(\.length).max()!, 1e-300)
            #expect(TestSupport.maxDifference(nifti.fid(atSpectrum: voxel), fid) <= 1e-6 * scale)
        }
    }

    @Test func badMRSIPartsFailNamingTheField() throws {
        func rejected(_ block: String, field: String) {
            #expect {
                let (_, dir) = try Self.makeGenerator(block)
                TestSupport.cleanup(dir)
            } throws: { "\($0)".contains(field) }
        }
        rejected(Self.mrsiBlock(regions: #""grey matter": "healthy""#), field: "mrsi.regionScenarios.grey matter")
        rejected(Self.mrsiBlock(regions: #""lesion": "necrosis""#), field: "mrsi.regionScenarios.lesion")
        rejected(Self.mrsiBlock(count: 6, train: 8), field: "mrsi.split")
        rejected(Self.mrsiBlock(trajectoryWeight: 0), field: "mrsi.trajectories.0.weight")
        rejected(Self.mrsiBlock(bandwidthHz: 50_000), field: "mrsi.trajectories.0")
        rejected(Self.mrsiBlock().replacingOccurrences(of: "\"two-box\"", with: "\"no-such-phantom\""), field: "mrsi.phantom")
    }
}
