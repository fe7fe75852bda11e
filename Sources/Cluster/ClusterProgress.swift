import ASDSCore
import Datasets
import Foundation

/// The state of every task of a cluster job: done (its output file exists), queued (pending or
/// running in `squeue`), failed (finished without its output, or a failed state in `sacct`), or
/// not submitted.
public struct ClusterProgress: Sendable {
    public enum TaskState: Sendable, Equatable {
        case done
        case queued(String)
        case failed(String)
        case notSubmitted

        public var label: String {
            switch self {
            case .done: "done"
            case let .queued(s): s.lowercased()
            case let .failed(s): "failed (\(s.lowercased()))"
            case .notSubmitted: "not submitted"
            }
        }
    }

    public struct Task: Sendable {
        public var stage: ClusterStage.Kind
        public var index: Int?
        public var state: TaskState
        public var job: String?
    }

    public var tasks: [Task]

    /// Reads the outputs and asks Slurm about everything not yet done.
    public static func read(_ state: ClusterState, client: SlurmClient) throws -> ClusterProgress {
        let plan = state.plan
        var pending: [Task] = []
        for stage in plan.stages {
            let indices: [Int?] = stage.tasks.map { Array(0..<$0) } ?? [nil]
            for index in indices {
                let done = try isDone(plan, stage: stage.kind, index: index)
                pending.append(Task(stage: stage.kind, index: index, state: done ? .done : .notSubmitted,
                                    job: state.lastJob(stage: stage.kind, task: index)))
            }
        }
        let open = pending.filter { $0.state != .done }.compactMap(\.job)
        let queued = try client.queue(jobIDs: Array(Set(open.map { String($0.split(separator: "_")[0]) })).sorted())
        let accounted = client.accounting(jobIDs: Array(Set(open.map { String($0.split(separator: "_")[0]) })).sorted())
        let tasks = pending.map { task -> Task in
            guard task.state != .done, let job = task.job else { return task }
            var t = task
            if let s = queued[job] {
                t.state = .queued(s)
            } else if let s = accounted?[job], ["PENDING", "RUNNING", "CONFIGURING", "COMPLETING"].contains(s) {
                t.state = .queued(s)
            } else {
                t.state = .failed(accounted?[job] ?? "ended without its output")
            }
            return t
        }
        return ClusterProgress(tasks: tasks)
    }

    /// Whether a task's output exists.
    static func isDone(_ plan: ClusterPlan, stage: ClusterStage.Kind, index: Int?) throws -> Bool {
        let fm = FileManager.default
        let data = DatasetDirectory(path: plan.dataDirectory)
        let layout = MainJobLayout(directory: plan.directory)
        switch stage {
        case .generate:
            return fm.fileExists(atPath: data.shardPath(try ShardSpec(index: index ?? 0, count: plan.shards)))
        case .merge:
            return fm.fileExists(atPath: data.datasetPath)
        case .prepare:
            return fm.fileExists(atPath: data.datasetPath) && layout.hasCachedModel
        case .score:
            return fm.fileExists(atPath: layout.partPath(try ShardSpec(index: index ?? 0, count: plan.shards)))
        case .report:
            return fm.fileExists(atPath: layout.scoresPath) && fm.fileExists(atPath: layout.reportPath)
        }
    }

    /// One line per task and a summary per stage.
    public func lines() -> [String] {
        var out: [String] = []
        for t in tasks {
            let name = t.index.map { "\(t.stage.rawValue) \($0)" } ?? t.stage.rawValue
            out.append(name.padding(toLength: 14, withPad: " ", startingAt: 0) + t.state.label + (t.job.map { "  (job \($0))" } ?? ""))
        }
        let stages = tasks.map(\.stage).reduce(into: [ClusterStage.Kind]()) { if !$0.contains($1) { $0.append($1) } }
        for stage in stages {
            let s = tasks.filter { $0.stage == stage }
            let done = s.filter { $0.state == .done }.count
            let queued = s.filter { if case .queued = $0.state { true } else { false } }.count
            let failed = s.filter { if case .failed = $0.state { true } else { false } }.count
            out.append("\(stage.rawValue): \(done) done, \(queued) queued, \(failed) failed, \(s.count - done - queued - failed) not submitted")
        }
        return out
    }

    /// Whether every task is done.
    public var isComplete: Bool { tasks.allSatisfy { $0.state == .done } }
}
