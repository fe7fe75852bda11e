import ASDSCore

/// Timing values given on the command line (each optional), in s.
public struct TimingOverrides: Sendable, Equatable {
    /// Echo time (`--te`).
    public var teSeconds: Double?
    /// PRESS TE1 (`--te1`).
    public var te1Seconds: Double?
    /// PRESS TE2 (`--te2`).
    public var te2Seconds: Double?
    /// STEAM mixing time (`--tm`).
    public var tmSeconds: Double?

    /// Overrides; nil keeps the file's default.
    public init(teSeconds: Double? = nil, te1Seconds: Double? = nil, te2Seconds: Double? = nil, tmSeconds: Double? = nil) {
        self.teSeconds = teSeconds
        self.te1Seconds = te1Seconds
        self.te2Seconds = te2Seconds
        self.tmSeconds = tmSeconds
    }
}

/// Resolved timings of one sequence run, in s.
public struct SequenceTiming: Sendable, Equatable {
    /// Echo time (PRESS: TE1 + TE2).
    public let teSeconds: Double
    /// PRESS TE1; nil otherwise.
    public let te1Seconds: Double?
    /// PRESS TE2; nil otherwise.
    public let te2Seconds: Double?
    /// STEAM mixing time; nil otherwise.
    public let tmSeconds: Double?
    /// Intervals between successive pulse centres, the excitation first, and from the last pulse
    /// to the echo top, in s (one more than the refocusing or mixing pulses).
    public let centreIntervals: [Double]
}

extension SequenceDefinition {
    /// The timing with `overrides` applied to the file's defaults, validated.
    ///
    /// PRESS: `te1` and `te2` set the half-echo intervals; `te` alone keeps TE1 at its default
    /// and sets TE2 = TE - TE1; `te` with one of `te1`/`te2` sets the other. STEAM: `te`, `tm`.
    /// semi-LASER: `te` only.
    /// Errors name the option (`--te`, `--te1`, `--te2`, `--tm`) or the file field.
    public func timing(overrides o: TimingOverrides) throws -> SequenceTiming {
        for (value, option) in [(o.teSeconds, "--te"), (o.te1Seconds, "--te1"), (o.te2Seconds, "--te2"), (o.tmSeconds, "--tm")] {
            if let value { try ASDSError.require(value, in: 0...10, source: option, field: "", unit: "s") }
        }
        switch kind {
        case .press:
            if o.tmSeconds != nil {
                throw ASDSError.invalidInput(source: "--tm", field: "", reason: "PRESS has no mixing time; use --te, --te1, --te2")
            }
            var te1 = o.te1Seconds ?? timing.te1Seconds ?? 0
            var te2 = o.te2Seconds ?? timing.te2Seconds ?? 0
            var te1Source = o.te1Seconds != nil ? "--te1" : source
            var te2Source = o.te2Seconds != nil ? "--te2" : source
            if let te = o.teSeconds {
                switch (o.te1Seconds, o.te2Seconds) {
                case (nil, nil), (.some, nil):
                    te2 = te - te1
                    te2Source = "--te"
                case (nil, .some):
                    te1 = te - te2
                    te1Source = "--te"
                case (.some, .some):
                    guard abs(te1 + te2 - te) <= 1e-12 else {
                        throw ASDSError.invalidInput(source: "--te", field: "",
                                                     reason: "must equal --te1 + --te2 (\(te1 + te2) s), got \(te) s")
                    }
                }
            }
            try validate(intervals: [te1 / 2, te1 / 2 + te2 / 2, te2 / 2],
                         sources: [te1Source, te2Source == source ? te1Source : te2Source, te2Source],
                         fields: ["te1", "te1+te2", "te2"], names: ["TE1/2", "(TE1+TE2)/2", "TE2/2"])
            return SequenceTiming(teSeconds: te1 + te2, te1Seconds: te1, te2Seconds: te2, tmSeconds: nil,
                                  centreIntervals: [te1 / 2, te1 / 2 + te2 / 2, te2 / 2])
        case .steam:
            if o.te1Seconds != nil || o.te2Seconds != nil {
                throw ASDSError.invalidInput(source: o.te1Seconds != nil ? "--te1" : "--te2", field: "",
                                             reason: "STEAM has no TE1/TE2; use --te and --tm")
            }
            let te = o.teSeconds ?? timing.teSeconds ?? 0
            let tm = o.tmSeconds ?? timing.tmSeconds ?? 0
            let teSource = o.teSeconds != nil ? "--te" : source
            let tmSource = o.tmSeconds != nil ? "--tm" : source
            try validate(intervals: [te / 2, tm, te / 2], sources: [teSource, tmSource, teSource],
                         fields: ["te", "tm", "te"], names: ["TE/2", "TM", "TE/2"])
            return SequenceTiming(teSeconds: te, te1Seconds: nil, te2Seconds: nil, tmSeconds: tm, centreIntervals: [te / 2, tm, te / 2])
        case .semiLASER:
            if o.te1Seconds != nil || o.te2Seconds != nil || o.tmSeconds != nil {
                let option = o.te1Seconds != nil ? "--te1" : o.te2Seconds != nil ? "--te2" : "--tm"
                throw ASDSError.invalidInput(source: option, field: "", reason: "semi-LASER takes only --te (its pulses are spaced TE/8, TE/4, TE/4, TE/4, TE/8)")
            }
            let te = o.teSeconds ?? timing.teSeconds ?? 0
            let teSource = o.teSeconds != nil ? "--te" : source
            // Equal spacing of the four refocusing pulses (CPMG timing): the echo forms at TE.
            let intervals = [te / 8, te / 4, te / 4, te / 4, te / 8]
            try validate(intervals: intervals, sources: [String](repeating: teSource, count: 5),
                         fields: [String](repeating: "te", count: 5), names: ["TE/8", "TE/4", "TE/4", "TE/4", "TE/8"])
            return SequenceTiming(teSeconds: te, te1Seconds: nil, te2Seconds: nil, tmSeconds: nil, centreIntervals: intervals)
        }
    }

    /// Each interval between pulse centres must hold half of each neighbouring shaped pulse
    /// (the excitation is instantaneous), so no free-evolution period is negative.
    private func validate(intervals: [Double], sources: [String], fields: [String], names: [String]) throws {
        let halves = [0.0] + (1..<pulses.count).map { (shape(ofPulse: $0)?.durationSeconds ?? 0) / 2 } + [0.0]
        for k in 0..<intervals.count {
            let needed = halves[k] + halves[k + 1]
            let field = sources[k] == source ? "timing.\(fields[k])" : ""
            guard intervals[k] >= 0 else {
                throw ASDSError.invalidInput(source: sources[k], field: field, reason: "\(names[k]) is negative (\(intervals[k]) s)")
            }
            guard intervals[k] + 1e-12 >= needed else {
                throw ASDSError.invalidInput(
                    source: sources[k], field: field,
                    reason: "\(names[k]) = \(intervals[k]) s is shorter than the pulses it separates need (\(needed) s)")
            }
        }
    }
}
