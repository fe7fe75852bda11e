import ASDSCore
import Datasets
import Foundation

/// One stage of a cluster job: a batch script, an array of `tasks` or a single job, run after
/// the previous stage succeeded.
public struct ClusterStage: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Generate one shard of the suite per array task.
        case generate
        /// Merge the shards (job `generate`), or merge and train (job `run`).
        case merge, prepare
        /// Score one part of the test split per array task.
        case score
        /// Summarise every part into scores.csv and the report.
        case report
    }

    public var kind: Kind
    /// Array tasks, or nil for a single job.
    public var tasks: Int?
    /// Path of the sbatch script.
    public var script: String
}

/// What `asds cluster submit` writes and submits: for `--job generate`, a job array generating the
/// shards and a merge job; for `--job run`, also a prepare job (merge, then train the VAE and
/// calibrate lambda once), a job array scoring one part of the test split each, and a report job
/// that joins the per-spectrum scores. Each stage runs only after the previous one succeeded
/// (`--dependency=afterok`, `--kill-on-invalid-dep=yes`).
public struct ClusterPlan: Sendable, Codable, Equatable {
    public enum Job: String, Sendable, Codable, CaseIterable { case generate, run }

    public var job: Job
    /// Absolute path of the suite file.
    public var suite: String
    /// Absolute output directory.
    public var directory: String
    public var shards: Int
    public var settings: SlurmSettings
    /// Absolute path of the `asds` executable the tasks run, and of the data library.
    public var executable: String
    public var library: String
    public var stages: [ClusterStage]

    public init(job: Job, suite: String, directory: String, shards: Int, settings: SlurmSettings, executable: String,
                library: String) throws {
        guard shards >= 1 else { throw ASDSError.invalidInput(source: "--shards", field: "", reason: "must be a positive integer, got \(shards)") }
        self.job = job
        self.suite = suite
        self.directory = directory
        self.shards = shards
        self.settings = settings
        self.executable = executable
        self.library = library
        let kinds: [ClusterStage.Kind] = job == .generate ? [.generate, .merge] : [.generate, .prepare, .score, .report]
        stages = kinds.map { kind in
            ClusterStage(kind: kind, tasks: kind == .generate || kind == .score ? shards : nil,
                         script: directory + "/slurm/" + kind.rawValue + ".sbatch")
        }
    }

    /// Where the suite's dataset goes: the output directory itself for `generate`, `DIR/data` for `run`.
    public var dataDirectory: String { job == .generate ? directory : MainJobLayout(directory: directory).data.path }

    /// The commands a stage's task runs (`$SLURM_ARRAY_TASK_ID` for array tasks).
    public func commands(_ kind: ClusterStage.Kind) -> [String] {
        let common = "--library \"$LIBRARY\" --suite \"$SUITE\" --threads \"$SLURM_CPUS_PER_TASK\" --quiet"
        let data = "\"\(quoted(dataDirectory))\""
        switch kind {
        case .generate:
            return ["\"$ASDS\" generate \(common) --out \(data) --shard \"$SLURM_ARRAY_TASK_ID\" --of \(shards)"]
        case .merge:
            return ["\"$ASDS\" merge --library \"$LIBRARY\" --quiet \(data)"]
        case .prepare:
            return ["\"$ASDS\" merge --library \"$LIBRARY\" --quiet \(data)",
                    "\"$ASDS\" run \(common) --out \"$OUT\" --stage train"]
        case .score:
            return ["\"$ASDS\" run \(common) --out \"$OUT\" --stage score --shard \"$SLURM_ARRAY_TASK_ID\" --of \(shards)"]
        case .report:
            return ["\"$ASDS\" run \(common) --out \"$OUT\" --stage report --of \(shards)"]
        }
    }

    /// The sbatch script of a stage: human-readable, editable and resubmittable by hand.
    public func script(_ stage: ClusterStage) -> String {
        let name = "asds-" + URL(fileURLWithPath: suite).deletingPathExtension().lastPathComponent + "-" + stage.kind.rawValue
        var lines = ["#!/bin/bash", "# ASDS \(job.rawValue) job, stage \(stage.kind.rawValue): \(ClusterPlan.purpose(stage.kind, job: job))",
                     "# Written by asds cluster submit; edit and resubmit with sbatch if needed (docs/CLUSTER.md).",
                     "#SBATCH --job-name=\(name)"]
        lines += settings.directives
        if let tasks = stage.tasks {
            lines.append("#SBATCH --array=0-\(tasks - 1)")
            lines.append("#SBATCH --output=\(directory)/slurm/logs/\(stage.kind.rawValue)-%a.out")
        } else {
            lines.append("#SBATCH --output=\(directory)/slurm/logs/\(stage.kind.rawValue).out")
        }
        lines += ["set -euo pipefail", "ASDS=\"\(quoted(executable))\"", "LIBRARY=\"\(quoted(library))\"", "SUITE=\"\(quoted(suite))\"",
                  "OUT=\"\(quoted(directory))\""]
        lines += commands(stage.kind)
        return lines.joined(separator: "\n") + "\n"
    }

    static func purpose(_ kind: ClusterStage.Kind, job: Job) -> String {
        switch kind {
        case .generate: "generate one shard of the suite per array task"
        case .merge: "merge the shards into dataset.h5, truth.csv and the NIfTI-MRS files"
        case .prepare: "merge the shards, then train the VAE and calibrate lambda once"
        case .score: "reconstruct, fit and score one part of the test split per array task"
        case .report: "join every part's per-spectrum scores into scores.csv and report.html"
        }
    }

    private func quoted(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "$", with: "\\$")
    }
}
