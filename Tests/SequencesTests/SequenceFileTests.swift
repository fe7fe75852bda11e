import ASDSCore
import Foundation
import Sequences
import Testing
import TestSupport

@Suite("Sequence files and timing")
struct SequenceFileTests {
    @Test("bundled sequences load by name with their default timings")
    func bundled() throws {
        let press = try Fixtures.sequence("press")
        #expect(press.kind == .press)
        let t = try press.timing(overrides: TimingOverrides())
        #expect(t.teSeconds == 0.030 && t.te1Seconds == 0.011 && t.te2Seconds == 0.019)
        let steam = try Fixtures.sequence("STEAM")
        let s = try steam.timing(overrides: TimingOverrides())
        #expect(s.teSeconds == 0.020 && s.tmSeconds == 0.010)
        let te = try press.timing(overrides: TimingOverrides(teSeconds: 0.144))
        #expect(te.te1Seconds == 0.011 && abs(te.te2Seconds! - 0.133) < 1e-15)
    }

    static func message(_ body: () throws -> Void) -> String {
        do {
            try body()
            return ""
        } catch {
            return "\(error)"
        }
    }

    @Test("impossible timings are rejected with the option named")
    func badTiming() throws {
        let press = try Fixtures.sequence("press")
        let steam = try Fixtures.sequence("steam")
        // TE1/2 = 2 ms cannot hold half of a 5.2 ms refocusing pulse.
        #expect(Self.message { _ = try press.timing(overrides: TimingOverrides(te1Seconds: 0.004)) }.hasPrefix("--te1"))
        #expect(Self.message { _ = try press.timing(overrides: TimingOverrides(teSeconds: 0.005)) }.hasPrefix("--te"))
        #expect(Self.message { _ = try press.timing(overrides: TimingOverrides(te1Seconds: -0.01)) }.hasPrefix("--te1"))
        #expect(Self.message { _ = try press.timing(overrides: TimingOverrides(tmSeconds: 0.01)) }.hasPrefix("--tm"))
        #expect(Self.message { _ = try steam.timing(overrides: TimingOverrides(te1Seconds: 0.01)) }.hasPrefix("--te1"))
        #expect(Self.message { _ = try steam.timing(overrides: TimingOverrides(tmSeconds: 0.001)) }.hasPrefix("--tm"))
        #expect(Self.message {
            _ = try press.timing(overrides: TimingOverrides(teSeconds: 0.03, te1Seconds: 0.01, te2Seconds: 0.01))
        }.hasPrefix("--te"))
    }

    @Test("bad simulation options are rejected with the option named")
    func badOptions() {
        #expect(Self.message { _ = try SimulationOptions(b0Tesla: 0).spectralAxis() }.hasPrefix("--b0"))
        #expect(Self.message { _ = try SimulationOptions(points: 0).spectralAxis() }.hasPrefix("--points"))
        #expect(Self.message { _ = try SimulationOptions(bandwidthHz: -1).spectralAxis() }.hasPrefix("--bandwidth"))
        #expect(Self.message { _ = try SimulationOptions(spatialPoints: 0).spectralAxis() }.hasPrefix("--spatial-points"))
    }

    @Test("a malformed sequence file names the file and the field")
    func malformed() throws {
        let (directory, original) = try Fixtures.sequenceWorkspace("press", pulses: ["hsinc-refocus-5p2ms"])
        defer { TestSupport.cleanup(directory) }
        let cases: [(String, String)] = [
            (original.replacingOccurrences(of: "\"te1Seconds\": 0.011", with: "\"te1Seconds\": 0.001"), "timing.te1"),
            (original.replacingOccurrences(of: "hsinc-refocus-5p2ms", with: "no-such-pulse"), "pulses.1.shape"),
            (original.replacingOccurrences(of: "\"sliceThicknessMeters\": 0.03 }", with: "\"sliceThicknessMeters\": -1 }"), "pulses.1.sliceThicknessMeters"),
            (original.replacingOccurrences(of: "\"kind\": \"PRESS\"", with: "\"kind\": \"LASER\""), "kind"),
            (original.replacingOccurrences(of: "\"spatialPoints\": 101", with: "\"spatialPoints\": 0"), "shaped.spatialPoints"),
        ]
        for (text, field) in cases {
            let path = directory + "/bad.json"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let message = Self.message { _ = try SequenceDefinition.load(path: path) }
            #expect(message.hasPrefix(path + ": " + field), "\(message)")
        }
    }

    @Test("a semi-LASER file needs five pulses, one axis per pair of passages, and TE only")
    func semiLASERFile() throws {
        let (directory, original) = try Fixtures.sequenceWorkspace("semi-laser", pulses: ["hs1-afp-6ms"])
        defer { TestSupport.cleanup(directory) }
        let lastPulse = ",\n    { \"flipDegrees\": 180, \"phaseDegrees\": 90, \"shape\": \"hs1-afp-6ms\", \"axis\": \"y\", \"sliceThicknessMeters\": 0.03 }\n  ]"
        #expect(original.contains(lastPulse))
        let cases: [(String, String)] = [
            (original.replacingOccurrences(of: lastPulse, with: "\n  ]"), "pulses"),
            (original.replacingOccurrences(of: #""shape": "hs1-afp-6ms", "axis": "y", "sliceThicknessMeters": 0.03 },"#,
                                           with: #""shape": "hs1-afp-6ms", "axis": "x", "sliceThicknessMeters": 0.03 },"#), "pulses.3.axis"),
            (original.replacingOccurrences(of: "\"teSeconds\": 0.028", with: "\"teSeconds\": 0.02"), "timing.te"),
        ]
        for (text, field) in cases {
            #expect(text != original)
            let path = directory + "/bad.json"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let message = Self.message { _ = try SequenceDefinition.load(path: path) }
            #expect(message.hasPrefix(path + ": " + field), "\(message)")
        }
        let sequence = try Fixtures.sequence("semi-laser")
        #expect(sequence.kind.pathway == [-1, 1, -1, 1, -1])
        let timing = try sequence.timing(overrides: TimingOverrides(teSeconds: 0.04))
        #expect(timing.centreIntervals == [0.005, 0.01, 0.01, 0.01, 0.005])
        #expect(Self.message { _ = try sequence.timing(overrides: TimingOverrides(tmSeconds: 0.01)) }.hasPrefix("--tm"))
    }
}
