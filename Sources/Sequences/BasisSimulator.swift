import ASDSCore
import Numerics
import SpinPhysics

/// Simulates metabolite basis FIDs for a PRESS or STEAM sequence with the density-matrix engine.
///
/// Per spin system (see `SpinSystem.systems(for:...)`): start from `Fz`, apply the ideal
/// excitation and keep the pathway's first coherence order; evolve freely in the eigenbasis of
/// `H`; apply pulse 2 and keep the second order; evolve; apply pulse 3 and keep the third;
/// evolve to the echo top and read the FID from the p = -1 transitions. In shaped mode pulses 2
/// and 3 are slice-selective and the 2-D grid is handled by 1D projection (exact by linearity):
/// `rho' = sum_x w_x filter(U(x) rho U(x)^H)`, then the same over y, so the cost grows with
/// `N_x + N_y`. Receiver phase: one constant per sequence and mode, chosen so an uncoupled
/// singlet on the carrier has a real positive FID(0).
public enum BasisSimulator {
    /// Grid positions processed per parallel chunk in shaped mode.
    static let positionsPerChunk = 16
    /// Largest total size of the pulse propagators kept for reuse by an identical later pulse.
    static let maximumCachedBytes = 1 << 30

    /// The basis set of `metabolites` for `sequence` with `timing` and `options`; `finished` is
    /// called after each metabolite with its name and wall time in s (for benchmarks).
    public static func simulate(
        metabolites: [MetaboliteDefinition], sequence: SequenceDefinition, timing: SequenceTiming,
        options: SimulationOptions, progress: ProgressReporter? = nil, finished: ((String, Double) -> Void)? = nil
    ) throws -> BasisSet {
        let axis = try options.spectralAxis()
        // Each metabolite's FID is kept; each thread holds a few FID-length work arrays.
        try MemoryBudget.require(
            Double(metabolites.count + 4 * ComputeSettings.threads) * Double(axis.points) * Double(MemoryLayout<Complex<Double>>.stride),
            for: "a basis of \(metabolites.count) metabolites x \(axis.points) points", source: "--points", field: "",
            hint: "MRS FIDs have 1024 to 16384 points")
        let plan = SequencePlan(sequence: sequence, timing: timing, mode: options.mode, axis: axis, spatialPoints: options.spatialPoints)
        let phase = receiverPhase(plan: plan, samplesPerCouplingStep: options.samplesPerCouplingStep)
        let clock = ContinuousClock()
        var basis: [BasisMetabolite] = []
        for definition in metabolites {
            let start = clock.now
            let fid = simulate(definition, plan: plan, axis: axis, receiverPhase: phase,
                               samplesPerCouplingStep: options.samplesPerCouplingStep)
            basis.append(BasisMetabolite(name: definition.name, fid: fid))
            progress?.advance()
            let elapsed = (clock.now - start).components
            finished?(definition.name, Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
        }
        progress?.finish()
        let acquisition = AcquisitionParameters(
            sequence: sequence.name, echoTimeSeconds: timing.teSeconds, te1Seconds: timing.te1Seconds,
            te2Seconds: timing.te2Seconds, mixingTimeSeconds: timing.tmSeconds, pulseMode: options.mode.rawValue,
            spatialPoints: options.mode == .shaped ? (options.spatialPoints ?? sequence.shaped.spatialPoints) : nil)
        return BasisSet(axis: axis, acquisition: acquisition, metabolites: basis)
    }

    /// The FID of one metabolite on `axis`, multiplied by `receiverPhase`.
    public static func simulate(
        _ definition: MetaboliteDefinition, plan: SequencePlan, axis: SpectralAxis, receiverPhase: Complex<Double>,
        samplesPerCouplingStep: Int
    ) -> [Complex<Double>] {
        let systems = SpinSystem.systems(for: definition, spectrometerFrequencyHz: axis.spectrometerFrequencyHz,
                                         referencePPM: axis.referencePPM)
        var fid = [Complex<Double>](repeating: .zero, count: axis.points)
        let shaped = plan.stages.contains { if case .shaped = $0 { true } else { false } }
        let perSystem: [[Transition]] = shaped
            // Each system is parallel over its grid positions.
            ? systems.map { transitions(of: $0, plan: plan, samplesPerCouplingStep: samplesPerCouplingStep) }
            // Small, independent problems: parallel over systems.
            : Parallel.map(systems.count) { transitions(of: systems[$0], plan: plan, samplesPerCouplingStep: samplesPerCouplingStep) }
        for list in perSystem {
            FIDSynthesis.accumulate(list, into: &fid, dwellSeconds: axis.dwellSeconds, phase: receiverPhase)
        }
        return fid
    }

    /// The receiver phase factor of `plan`: `conj(s0)/|s0|` for the FID(0) `s0` of a one-spin
    /// system on the carrier.
    public static func receiverPhase(plan: SequencePlan, samplesPerCouplingStep: Int) -> Complex<Double> {
        let probe = SpinSystem(label: "receiver-phase probe", offsetsHz: [0], couplingsHz: [[0]])
        let s0 = transitions(of: probe, plan: plan, samplesPerCouplingStep: samplesPerCouplingStep)
            .reduce(Complex<Double>.zero) { $0 + $1.amplitude }
        guard s0.length > 0 else { return .one }
        return s0.conjugate.divided(by: s0.length)
    }

    /// The observable transitions of `system` at the echo top (weighted by `system.weight`).
    public static func transitions(of system: SpinSystem, plan: SequencePlan, samplesPerCouplingStep: Int) -> [Transition] {
        let eigen = HamiltonianEigensystem(system: system)
        let basis = eigen.basis
        var rho = ComplexMatrix.equilibrium(basis: basis)
        let excitation = SpinRotation.pulse(flipRadians: plan.excitationFlipRadians, phaseRadians: plan.excitationPhaseRadians)
        rho.rotate(by: [SpinRotation](repeating: excitation, count: system.spinCount), basis: basis)
        rho.keepCoherence(order: plan.pathway[0], basis: basis)
        var rhoE = eigen.toEigenbasis(rho)
        eigen.evolve(&rhoE, seconds: plan.delaysSeconds[0])
        var cache: (key: String, propagators: [ComplexMatrix])? = nil
        var s = 0
        while s < plan.stages.count {
            rho = eigen.toZeeman(rhoE)
            let order = plan.pathway[s + 1]
            switch plan.stages[s] {
            case let .ideal(flip, phase):
                let r = SpinRotation.pulse(flipRadians: flip, phaseRadians: phase)
                rho.rotate(by: [SpinRotation](repeating: r, count: system.spinCount), basis: basis)
                rho.keepCoherence(order: order, basis: basis)
            case let .shaped(shaped):
                // A pair acts at each position with its inner free evolution before the average.
                var second: (stage: SequencePlan.ShapedStage, order: Int, betweenSeconds: Double)? = nil
                if shaped.pairedWithNext, case let .shaped(next) = plan.stages[s + 1] {
                    second = (next, plan.pathway[s + 2], plan.delaysSeconds[s + 1])
                }
                let engine = ShapedPulsePropagator(system: system, pulse: shaped.pulse, samplesPerCouplingStep: samplesPerCouplingStep)
                // The second pulse of a pair is usually the first one again: its propagators are reused.
                let secondEngine = second.flatMap { $0.stage.key == shaped.key ? nil
                    : ShapedPulsePropagator(system: system, pulse: $0.stage.pulse, samplesPerCouplingStep: samplesPerCouplingStep) }
                let count = shaped.gradientOffsetsHz.count
                let reuse = cache?.key == shaped.key ? cache?.propagators : nil
                // Keep the propagators for a later identical pulse only while they are small.
                let keep = reuse == nil && count * basis.dimension * basis.dimension * 16 <= maximumCachedBytes
                var kept: [ComplexMatrix] = []
                let input = rho
                rho = ComplexMatrix(rows: basis.dimension, columns: basis.dimension)
                // Chunks bound the memory; terms are added in index order (deterministic).
                var start = 0
                while start < count {
                    let indices = Array(start..<min(count, start + positionsPerChunk))
                    let results = Parallel.map(indices.count) { i -> (ComplexMatrix?, ComplexMatrix) in
                        let k = indices[i]
                        let u = reuse?[k] ?? engine.propagator(gradientOffsetHz: shaped.gradientOffsetsHz[k],
                                                               transmitOffsetHz: shaped.transmitOffsetHz, phaseRadians: shaped.phaseRadians)
                        var term = input.transformed(by: u)
                        term.keepCoherence(order: order, basis: basis)
                        if let second {
                            var termE = eigen.toEigenbasis(term)
                            eigen.evolve(&termE, seconds: second.betweenSeconds)
                            term = eigen.toZeeman(termE)
                            let v = secondEngine?.propagator(gradientOffsetHz: second.stage.gradientOffsetsHz[k],
                                                             transmitOffsetHz: second.stage.transmitOffsetHz,
                                                             phaseRadians: second.stage.phaseRadians) ?? u
                            term = term.transformed(by: v)
                            term.keepCoherence(order: second.order, basis: basis)
                        }
                        return (keep ? u : nil, term)
                    }
                    for (u, term) in results {
                        if let u { kept.append(u) }
                        rho.add(term, scaledBy: shaped.weight)
                    }
                    start += positionsPerChunk
                }
                if keep { cache = (shaped.key, kept) }
                if second != nil { s += 1 }
            }
            rhoE = eigen.toEigenbasis(rho)
            eigen.evolve(&rhoE, seconds: plan.delaysSeconds[s + 1])
            s += 1
        }
        return FIDSynthesis.transitions(of: rhoE, eigensystem: eigen, weight: system.weight)
    }
}
