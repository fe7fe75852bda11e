import ArgumentParser
import ASDSCommands
import Bloch
import Cluster
import Encoding
import FileFormats
import Pipeline
import Sequences
import Testing

/// In-process parsing (`parseAsRoot`, nothing runs): choice options parse to their enumerations,
/// defaults hold, a wrong value is refused at parse time naming the allowed values, and
/// `asds score`'s option combinations are checked in `validate()`.
@Suite struct ArgumentParsingTests {
    private func parse<C: ParsableCommand>(_ arguments: [String], as _: C.Type) throws -> C {
        let command = try ASDSCommand.parseAsRoot(arguments)
        return try #require(command as? C)
    }

    /// The parse error's message for `arguments`, or nil when they parse.
    private func failure(_ arguments: [String]) -> String? {
        do {
            _ = try ASDSCommand.parseAsRoot(arguments)
            return nil
        } catch {
            return ASDSCommand.message(for: error)
        }
    }

    @Test func simulateTakesPulseModeAndFormat() throws {
        let c = try parse(["simulate", "--sequence", "press", "--pulses", "shaped", "--format", "nifti-mrs", "--out", "b.nii.gz"],
                          as: SimulateCommand.self)
        #expect(c.pulses == .shaped && c.format == .niftiMRS)
        #expect(try parse(["simulate", "--sequence", "press", "--out", "b.h5"], as: SimulateCommand.self).pulses == nil)
        let message = try #require(failure(["simulate", "--sequence", "press", "--pulses", "soft", "--out", "b.h5"]))
        #expect(message.contains("'soft'") && message.contains("'ideal'") && message.contains("'shaped'"))
    }

    @Test func convertTakesAFormat() throws {
        #expect(try parse(["convert", "--in", "a.h5", "--format", "fsl", "--out", "dir"], as: ConvertCommand.self).format == .fsl)
        #expect(failure(["convert", "--in", "a.h5", "--format", "csv", "--out", "x"])?.contains("lcmodel") == true)
    }

    @Test func acquireAndSystemMatrixTakeTrajectoryAndProfiles() throws {
        let a = try parse(["acquire", "--phantom", "uniform-sphere", "--trajectory", "radial", "--profiles", "sinc", "--out", "a.h5"],
                          as: AcquireCommand.self)
        #expect(a.encoding.trajectory == .radial && a.encoding.profiles == .sinc)
        let s = try parse(["system-matrix", "--geometry", "uniform-sphere", "--out", "H.h5"], as: SystemMatrixCommand.self)
        #expect(s.encoding.trajectory == .spiral && s.encoding.profiles == .ideal)
        #expect(failure(["acquire", "--phantom", "uniform-sphere", "--trajectory", "rosette", "--out", "a.h5"])?.contains("cartesian") == true)
    }

    @Test func runAndClusterTakeStageAndJob() throws {
        #expect(try parse(["run", "--stage", "score", "--shard", "0", "--of", "2"], as: RunCommand.self).stage == .score)
        #expect(try parse(["run"], as: RunCommand.self).stage == .all)
        #expect(try parse(["cluster", "submit", "--suite", "quick", "--out", "o", "--shards", "4", "--job", "generate"], as: ClusterSubmitCommand.self).job == .generate)
        #expect(failure(["run", "--stage", "merge"]) != nil)
    }

    @Test func reconstructTakesASplit() throws {
        let c = try parse(["reconstruct", "--method", "fista", "--in", "d.h5", "--split", "test", "--out", "f.h5"], as: ReconstructCommand.self)
        #expect(c.split == .test)
        #expect(failure(["reconstruct", "--method", "fista", "--in", "d.h5", "--split", "validation", "--out", "f.h5"])?.contains("train") == true)
    }

    @Test func scoreTakesAReconstructionOrAFittersResults() throws {
        let f = try parse(["score", "--truth", "d.h5", "--fitter", "lcmodel", "--results", "lcm", "--split", "test", "--reference", "Cr+PCr",
                           "--out", "s.csv"], as: ScoreCommand.self)
        #expect(f.fitter == .lcmodel && f.split == .test && f.reference == "Cr+PCr")
        #expect(try parse(["score", "--truth", "d.h5", "--in", "r.h5", "--out", "s.csv"], as: ScoreCommand.self).fitter == nil)
        #expect(failure(["score", "--truth", "d.h5", "--out", "s.csv"])?.contains("--in") == true)
        #expect(failure(["score", "--truth", "d.h5", "--fitter", "fsl-mrs", "--out", "s.csv"])?.contains("--results") == true)
        #expect(failure(["score", "--truth", "d.h5", "--in", "r.h5", "--fitter", "asds", "--results", "c.csv", "--out", "s.csv"]) != nil)
        #expect(failure(["score", "--truth", "d.h5", "--fitter", "fsl-mrs", "--results", "r", "--conc", "c.csv", "--out", "s.csv"]) != nil)
    }
}
