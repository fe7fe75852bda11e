import ASDSCore
import Foundation

/// `asds cluster submit` and `asds cluster resume`.
public struct ClusterRunner: Sendable {
    public let client: SlurmClient

    public init(client: SlurmClient = SlurmClient()) { self.client = client }

    /// Writes the plan's scripts and, unless `dryRun`, submits every stage, each depending on the
    /// previous one. Returns one line per stage (`stage: job ID` or the sbatch command it would run).
    public func submit(_ plan: ClusterPlan, dryRun: Bool) throws -> [String] {
        if !dryRun, SlurmClient.locate("sbatch") == nil {
            throw ASDSError.external(program: "sbatch", reason: "Slurm is not installed (no sbatch on PATH); use --dry-run to write the scripts only")
        }
        try writeScripts(plan)
        guard !dryRun else {
            var previous = "$PREVIOUS"
            return plan.stages.enumerated().map { i, stage in
                defer { previous = "$" + stage.kind.rawValue.uppercased() + "_JOB" }
                let dependency = i == 0 ? "" : "--dependency=afterok:\(previous) --kill-on-invalid-dep=yes "
                return "\(stage.kind.rawValue.uppercased())_JOB=$(sbatch --parsable \(dependency)\(stage.script))"
            }
        }
        var state = ClusterState(plan: plan, submissions: [])
        var lines: [String] = []
        var previous: [String] = []
        for stage in plan.stages {
            let id = try client.submit(script: stage.script, afterSuccess: previous)
            state.submissions.append(.init(stage: stage.kind, jobID: id, tasks: stage.tasks.map { Array(0..<$0) }))
            try state.save()
            lines.append("\(stage.kind.rawValue): job \(id)" + (stage.tasks.map { " (array of \($0))" } ?? ""))
            previous = [id]
        }
        return lines
    }

    /// Resubmits only what is missing or failed, stage by stage: each resubmission waits for the
    /// previous stage's new jobs to succeed and for its jobs still queued from earlier submissions
    /// to end (an earlier array with one failed task never "succeeds"; the next stage checks its
    /// inputs itself, so `merge` refuses if a shard is still missing). Returns one line per submission.
    public func resume(directory: String) throws -> [String] {
        var state = try ClusterState.load(directory: directory)
        let progress = try ClusterProgress.read(state, client: client)
        var lines: [String] = []
        var previousNew: [String] = [], previousQueued: [String] = []
        var upstreamResubmitted = false
        for stage in state.plan.stages {
            let tasks = progress.tasks.filter { $0.stage == stage.kind }
            var queuedJobs = Set(tasks.compactMap { t -> String? in
                if case .queued = t.state { return t.job.map { String($0.split(separator: "_")[0]) } }
                return nil
            })
            // Jobs queued behind a stage that is being resubmitted wait for jobs that will not all
            // succeed: cancel them and submit anew after the new jobs.
            if upstreamResubmitted && !queuedJobs.isEmpty {
                try client.cancel(jobIDs: queuedJobs.sorted())
                lines.append("\(stage.kind.rawValue): cancelled \(queuedJobs.sorted().joined(separator: ", ")) (waiting on resubmitted work)")
                queuedJobs = []
            }
            let missing = tasks.filter { t in
                switch t.state {
                case .failed, .notSubmitted: true
                case .queued: upstreamResubmitted
                case .done: false
                }
            }
            var submitted: [String] = []
            if !missing.isEmpty {
                let array = stage.tasks == nil ? nil : missing.compactMap(\.index).map(String.init).joined(separator: ",")
                let id = try client.submit(script: stage.script, array: array, afterSuccess: previousNew, afterEnd: previousQueued)
                state.submissions.append(.init(stage: stage.kind, jobID: id, tasks: stage.tasks == nil ? nil : missing.compactMap(\.index)))
                try state.save()
                lines.append("\(stage.kind.rawValue): job \(id)" + (array.map { " (tasks \($0))" } ?? ""))
                submitted = [id]
                upstreamResubmitted = true
            }
            previousNew = submitted
            previousQueued = queuedJobs.sorted()
        }
        if lines.isEmpty { lines.append("nothing to resubmit: every task is done or queued") }
        return lines
    }

    private func writeScripts(_ plan: ClusterPlan) throws {
        do {
            try FileManager.default.createDirectory(atPath: plan.directory + "/slurm/logs", withIntermediateDirectories: true)
        } catch {
            throw ASDSError.io(path: plan.directory, reason: "cannot create slurm/logs")
        }
        for stage in plan.stages {
            try AtomicWrite.write(plan.script(stage), to: stage.script)
            chmod(stage.script, 0o755)
        }
    }
}
