import ASDSCore
import SpinPhysics

/// A sequence reduced to what the density-matrix engine executes: an ideal excitation, the
/// pulses after it (ideal, or shaped on a 1D-projection grid), the coherence order kept after
/// each pulse, and the free-evolution periods between them.
public struct SequencePlan: Sendable {
    /// A slice-selective pulse on a grid of positions across its slice.
    public struct ShapedStage: Sendable {
        /// The pulse scaled to its flip angle.
        public let pulse: RFPulse
        /// Overall phase, in radians.
        public let phaseRadians: Double
        /// Gradient offset of each grid position, `gamma_bar G x`, in Hz.
        public let gradientOffsetsHz: [Double]
        /// Weight of each position, `dx / slice thickness`.
        public let weight: Double
        /// Transmitter offset from the carrier, in Hz.
        public let transmitOffsetHz: Double
        /// Identity of the stage for propagator reuse (shape, flip, phase, slice and grid).
        public let key: String
        /// Whether the next pulse selects the same slice and must act at the same position before
        /// the projection average: a pair of adiabatic passages, each cancelling the other's
        /// nonlinear phase across the slice (semi-LASER).
        public let pairedWithNext: Bool

        /// A stage from its parts.
        public init(pulse: RFPulse, phaseRadians: Double, gradientOffsetsHz: [Double], weight: Double,
                    transmitOffsetHz: Double, key: String, pairedWithNext: Bool = false) {
            self.pulse = pulse
            self.phaseRadians = phaseRadians
            self.gradientOffsetsHz = gradientOffsetsHz
            self.weight = weight
            self.transmitOffsetHz = transmitOffsetHz
            self.key = key
            self.pairedWithNext = pairedWithNext
        }
    }

    /// One of the pulses after the excitation.
    public enum Stage: Sendable {
        case ideal(flipRadians: Double, phaseRadians: Double)
        case shaped(ShapedStage)
    }

    /// Timeline and coherence pathway.
    public let kind: SequenceKind
    /// Excitation flip angle, in radians (always ideal).
    public let excitationFlipRadians: Double
    /// Excitation phase, in radians.
    public let excitationPhaseRadians: Double
    /// The pulses after the excitation.
    public let stages: [Stage]
    /// Coherence order kept after each pulse, the excitation first.
    public let pathway: [Int]
    /// Free evolution after each pulse, the last one up to the echo top, in s (shortened by half
    /// of each shaped pulse).
    public let delaysSeconds: [Double]

    /// A plan from its parts (for experiments outside the bundled sequences).
    public init(kind: SequenceKind, excitationFlipRadians: Double, excitationPhaseRadians: Double, stages: [Stage],
                delaysSeconds: [Double]) {
        precondition(stages.count + 1 == kind.pathway.count && delaysSeconds.count == kind.pathway.count,
                     "a plan has one stage per pulse after the excitation and one delay per pulse")
        self.kind = kind
        self.pathway = kind.pathway
        self.excitationFlipRadians = excitationFlipRadians
        self.excitationPhaseRadians = excitationPhaseRadians
        self.stages = stages
        self.delaysSeconds = delaysSeconds
    }

    /// The plan of `sequence` with `timing` in `mode` on `axis`.
    public init(sequence: SequenceDefinition, timing: SequenceTiming, mode: PulseMode, axis: SpectralAxis, spatialPoints: Int?) {
        kind = sequence.kind
        pathway = sequence.kind.pathway
        let radians = Double.pi / 180
        excitationFlipRadians = sequence.pulses[0].flipDegrees * radians
        excitationPhaseRadians = sequence.pulses[0].phaseDegrees * radians
        let centres = timing.centreIntervals
        var halves = [Double](repeating: 0, count: sequence.pulses.count + 1)
        var stages: [Stage] = []
        for p in 1..<sequence.pulses.count {
            let pulse = sequence.pulses[p]
            switch mode {
            case .ideal:
                stages.append(.ideal(flipRadians: pulse.flipDegrees * radians, phaseRadians: pulse.phaseDegrees * radians))
            case .shaped:
                let shape = sequence.shape(ofPulse: p)!
                let thickness = pulse.sliceThicknessMeters!
                let n = spatialPoints ?? sequence.shaped.spatialPoints
                let extent = sequence.shaped.gridExtent * thickness
                let dx = extent / Double(n)
                let offsets = (0..<n).map { k in
                    let x = -extent / 2 + (Double(k) + 0.5) * dx
                    return shape.bandwidthHz * x / thickness
                }
                let transmit = (sequence.shaped.transmitPPM - axis.referencePPM) * axis.spectrometerFrequencyMHz
                let key = "\(shape.name)|\(pulse.flipDegrees)|\(pulse.phaseDegrees)|\(thickness)|\(n)|\(extent)|\(transmit)"
                // The first of two consecutive pulses on one axis is paired with the second.
                let secondOfPair: Bool = if case let .shaped(last)? = stages.last { last.pairedWithNext } else { false }
                let paired = !secondOfPair && p + 1 < sequence.pulses.count && sequence.pulses[p + 1].axis == pulse.axis
                stages.append(.shaped(ShapedStage(
                    pulse: shape.rfPulse(flipDegrees: pulse.flipDegrees), phaseRadians: pulse.phaseDegrees * radians,
                    gradientOffsetsHz: offsets, weight: dx / thickness, transmitOffsetHz: transmit, key: key, pairedWithNext: paired)))
                halves[p] = shape.durationSeconds / 2
            }
        }
        self.stages = stages
        delaysSeconds = centres.indices.map { k in centres[k] - halves[k] - halves[k + 1] }
    }

}
