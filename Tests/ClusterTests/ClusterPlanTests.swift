import ASDSCore
import Cluster
import Foundation
import Testing
import TestSupport

@Suite struct ClusterPlanTests {
    private func plan(_ job: ClusterPlan.Job, settings: SlurmSettings) throws -> ClusterPlan {
        try ClusterPlan(job: job, suite: "/data/suites/my suite.json", directory: "/scratch/out $dir", shards: 8, settings: settings,
                        executable: "/opt/asds/bin/asds", library: "/opt/asds/share/asds")
    }

    /// The scripts are valid bash and name only options sbatch accepts.
    @Test(arguments: [ClusterPlan.Job.generate, .run])
    func scriptsAreValidBashWithKnownOptions(job: ClusterPlan.Job) throws {
        let settings = try SlurmSettings(partition: "short", time: "01:30:00", cpusPerTask: 4, memory: "8G")
        let p = try plan(job, settings: settings)
        #expect(p.stages.map(\.kind) == (job == .generate ? [.generate, .merge] : [.generate, .prepare, .score, .report]))
        let accepted: Set<String> = ["--job-name", "--cpus-per-task", "--partition", "--time", "--mem", "--array", "--output"]
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        for stage in p.stages {
            let text = p.script(stage)
            for line in text.split(separator: "\n") where line.hasPrefix("#SBATCH ") {
                let option = String(line.dropFirst(8).split(separator: "=")[0])
                #expect(accepted.contains(option), "\(stage.kind): unknown sbatch option \(option)")
            }
            #expect(text.contains("#SBATCH --array=0-7") == (stage.tasks != nil))
            let path = dir + "/\(stage.kind.rawValue).sbatch"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let bash = Process()
            bash.executableURL = URL(fileURLWithPath: "/bin/bash")
            bash.arguments = ["-n", path]
            try bash.run()
            bash.waitUntilExit()
            #expect(bash.terminationStatus == 0, "\(stage.kind): bash -n failed")
        }
        // Paths with spaces and dollars stay one literal word.
        #expect(p.script(p.stages[0]).contains("OUT=\"/scratch/out \\$dir\""))
    }

    @Test func badResourcesAreRejectedNamingTheOption() {
        #expect(throws: ASDSError.invalidInput(source: "--time", field: "", reason: "must be HH:MM:SS or D-HH:MM:SS, got '90 minutes'")) {
            try SlurmSettings(time: "90 minutes")
        }
        #expect(throws: ASDSError.self) { try SlurmSettings(cpusPerTask: 0) }
        #expect(throws: ASDSError.self) { try SlurmSettings(memory: "lots") }
        #expect(throws: ASDSError.self) { try SlurmSettings(partition: "two words") }
        #expect(throws: ASDSError.self) { try ClusterPlan(job: .run, suite: "s", directory: "d", shards: 0, settings: try SlurmSettings(),
                                                         executable: "a", library: "l") }
    }

    @Test func queueOutputParses() {
        let states = SlurmClient.states("123_0 RUNNING\n123_1 PENDING\n124 PENDING\n")
        #expect(states == ["123_0": "RUNNING", "123_1": "PENDING", "124": "PENDING"])
    }
}
