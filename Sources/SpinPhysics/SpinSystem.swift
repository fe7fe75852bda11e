import ASDSCore

/// One system of mutually coupled spins-1/2 (all 1H, all excited and observed), with the
/// chemical shifts already converted to frequencies relative to the carrier.
///
/// The Hamiltonian, in Hz, in the frame rotating at the carrier:
/// `H = sum_i nu_i Iz_i + sum_{i<j} J_ij I_i . I_j` (full strong coupling).
public struct SpinSystem: Sendable, Equatable {
    /// A name for messages and benchmarks, such as `Lac/0` or `GPC/1/31P+`.
    public let label: String
    /// Offset of each spin from the carrier, in Hz.
    public let offsetsHz: [Double]
    /// Scalar couplings, in Hz: an n x n symmetric row-major matrix with a zero diagonal.
    public let couplingsHz: [Double]
    /// Factor applied to this system's signal (proton count of an uncoupled group, subsystem
    /// scale, 31P-configuration weight).
    public let weight: Double

    /// Number of spins.
    public var spinCount: Int { offsetsHz.count }

    /// Creates a system; `couplingsHz` is n x n (symmetrised here; the diagonal is ignored).
    public init(label: String, offsetsHz: [Double], couplingsHz: [[Double]], weight: Double = 1) {
        let n = offsetsHz.count
        precondition(couplingsHz.count == n && couplingsHz.allSatisfy { $0.count == n }, "couplings must be n x n")
        var flat = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n where i != j {
                let value = couplingsHz[i][j] != 0 ? couplingsHz[i][j] : couplingsHz[j][i]
                flat[i * n + j] = value
            }
        }
        self.label = label
        self.offsetsHz = offsetsHz
        self.couplingsHz = flat
        self.weight = weight
    }

    /// Coupling between spins i and j, in Hz.
    @inlinable
    public func coupling(_ i: Int, _ j: Int) -> Double { couplingsHz[i * spinCount + j] }

    /// Whether any coupling is non-zero.
    public var isCoupled: Bool { couplingsHz.contains { $0 != 0 } }

    /// The same system with every offset shifted by `hz` (a gradient or transmitter offset).
    public func shifted(by hz: Double) -> SpinSystem {
        SpinSystem(label: label, flatOffsetsHz: offsetsHz.map { $0 + hz }, flatCouplingsHz: couplingsHz, weight: weight)
    }

    private init(label: String, flatOffsetsHz: [Double], flatCouplingsHz: [Double], weight: Double) {
        self.label = label
        self.offsetsHz = flatOffsetsHz
        self.couplingsHz = flatCouplingsHz
        self.weight = weight
    }
}

extension SpinSystem {
    /// The spin systems that together give the signal of `definition` at a spectrometer
    /// frequency `spectrometerFrequencyHz`, with `referencePPM` at the carrier.
    ///
    /// - Every proton of a coupled 1H group becomes its own spin (magnetically equivalent
    ///   protons expanded explicitly; couplings inside a group are unobservable and left out).
    /// - An uncoupled 1H group becomes a one-spin system weighted by its proton count (exact).
    /// - 31P groups are never pulsed or observed and couple weakly (|nu_H - nu_P| is MHz): each
    ///   31P configuration (m_P = +-1/2 for every 31P) adds the static offset
    ///   `sum_P J_iP m_P` to every proton i, and the configurations are averaged with weight
    ///   `1 / 2^nP`. Exact under the weak-coupling approximation for the heteronucleus.
    /// - The subsystem `scale` multiplies every weight.
    public static func systems(
        for definition: MetaboliteDefinition, spectrometerFrequencyHz: Double, referencePPM: Double
    ) -> [SpinSystem] {
        let mhz = spectrometerFrequencyHz / 1e6
        var result: [SpinSystem] = []
        for (s, subsystem) in definition.subsystems.enumerated() {
            let coupled = subsystem.coupledLabels
            let groupIndex = Dictionary(uniqueKeysWithValues: subsystem.groups.enumerated().map { ($1.label, $0) })
            // Uncoupled proton groups: exact one-spin systems.
            for group in subsystem.groups where group.nucleus == .proton && !coupled.contains(group.label) {
                result.append(SpinSystem(
                    label: "\(definition.name)/\(s)/\(group.label)",
                    offsetsHz: [(group.shiftPPM - referencePPM) * mhz], couplingsHz: [[0]],
                    weight: Double(group.protons) * subsystem.scale))
            }
            // Coupled protons, expanded.
            var spinGroup: [Int] = []
            var baseOffsets: [Double] = []
            for (g, group) in subsystem.groups.enumerated() where group.nucleus == .proton && coupled.contains(group.label) {
                for _ in 0..<group.protons {
                    spinGroup.append(g)
                    baseOffsets.append((group.shiftPPM - referencePPM) * mhz)
                }
            }
            guard !spinGroup.isEmpty else { continue }
            let heteroGroups = subsystem.groups.indices.filter {
                subsystem.groups[$0].nucleus != .proton && coupled.contains(subsystem.groups[$0].label)
            }
            let n = spinGroup.count
            var j = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
            var heteroJ = [[Double]](repeating: [Double](repeating: 0, count: heteroGroups.count), count: n)
            for coupling in subsystem.couplings {
                guard let g1 = groupIndex[coupling.groups[0]], let g2 = groupIndex[coupling.groups[1]] else { continue }
                for a in 0..<n {
                    for b in 0..<n where a != b && spinGroup[a] == g1 && spinGroup[b] == g2 {
                        j[a][b] = coupling.hz
                        j[b][a] = coupling.hz
                    }
                    for (h, hg) in heteroGroups.enumerated() where spinGroup[a] == g1 && hg == g2 || spinGroup[a] == g2 && hg == g1 {
                        heteroJ[a][h] = coupling.hz
                    }
                }
            }
            let configurations = 1 << heteroGroups.count
            for configuration in 0..<configurations {
                var offsets = baseOffsets
                var tag = ""
                for h in heteroGroups.indices {
                    let m = configuration & (1 << h) == 0 ? 0.5 : -0.5
                    tag += m > 0 ? "+" : "-"
                    for a in 0..<n { offsets[a] += heteroJ[a][h] * m }
                }
                result.append(SpinSystem(
                    label: "\(definition.name)/\(s)" + (tag.isEmpty ? "" : "/31P\(tag)"),
                    offsetsHz: offsets, couplingsHz: j,
                    weight: subsystem.scale / Double(configurations)))
            }
        }
        return result
    }
}
