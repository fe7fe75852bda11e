import ASDSCore
import Foundation

/// `DIR/slurm/jobs.json`: the plan and every submission, so `status` and `resume` know which job
/// ran which task.
public struct ClusterState: Sendable, Codable, Equatable {
    public struct Submission: Sendable, Codable, Equatable {
        public var stage: ClusterStage.Kind
        public var jobID: String
        /// Array tasks this submission covers (nil for a single job).
        public var tasks: [Int]?
    }

    public var plan: ClusterPlan
    public var submissions: [Submission]

    public static func path(directory: String) -> String { directory + "/slurm/jobs.json" }

    public static func load(directory: String) throws -> ClusterState {
        let path = path(directory: directory)
        guard FileManager.default.fileExists(atPath: path) else {
            throw ASDSError.invalidInput(source: directory, field: "", reason: "holds no slurm/jobs.json; submit with asds cluster submit first")
        }
        return try JSONInput.decode(ClusterState.self, fromFile: path)
    }

    public func save() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicWrite.write(try encoder.encode(self), to: Self.path(directory: plan.directory))
    }

    /// The job id that last ran task `task` of `stage` (the job itself for a single job;
    /// `ID_task` for an array task), or nil if it was never submitted.
    public func lastJob(stage: ClusterStage.Kind, task: Int?) -> String? {
        for s in submissions.reversed() where s.stage == stage {
            if let task {
                if s.tasks?.contains(task) == true { return s.jobID + "_" + String(task) }
            } else {
                return s.jobID
            }
        }
        return nil
    }
}
