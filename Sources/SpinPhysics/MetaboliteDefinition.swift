import ASDSCore
import Foundation

/// A metabolite's spin systems as stored in `metabolites/<name>.json` (schema in
/// `docs/METABOLITES.md`): groups of magnetically equivalent nuclei with chemical shifts,
/// scalar couplings between groups, and the literature source of every number.
public struct MetaboliteDefinition: Decodable, Sendable, Equatable {
    /// Short name used on the command line and in basis sets (`NAA`, `Cr`, `Glc`, ...).
    public let name: String
    /// Full chemical name.
    public let fullName: String
    /// The literature the numbers come from; `defaultReference` applies where a group or
    /// coupling names none.
    public let references: [LiteratureReference]
    /// Id (in `references`) of the source of every number without its own `ref`.
    public let defaultReference: String
    /// Independent (mutually uncoupled) spin subsystems, simulated separately and summed.
    public let subsystems: [SpinSubsystemDefinition]
    /// Free-text remarks (choices made, values left out and why).
    public let notes: String?

    /// Loads and validates `path`; errors name the file and field.
    public static func load(path: String) throws -> MetaboliteDefinition {
        let definition = try JSONInput.decode(MetaboliteDefinition.self, fromFile: path)
        try definition.validate(source: path)
        return definition
    }

    /// Checks that every value is physical and every cross-reference resolves.
    public func validate(source: String) throws {
        func fail(_ field: String, _ reason: String) -> ASDSError {
            .invalidInput(source: source, field: field, reason: reason)
        }
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw fail("name", "must be a non-empty name of letters, digits, '-' or '_'")
        }
        let referenceIds = Set(references.map(\.id))
        guard !references.isEmpty else { throw fail("references", "must list at least one literature source") }
        guard referenceIds.count == references.count else { throw fail("references", "ids must be unique") }
        guard referenceIds.contains(defaultReference) else {
            throw fail("defaultReference", "'\(defaultReference)' is not an id in references")
        }
        guard !subsystems.isEmpty else { throw fail("subsystems", "must contain at least one spin subsystem") }
        var observed = false
        for (s, subsystem) in subsystems.enumerated() {
            let path = "subsystems.\(s)"
            try ASDSError.require(subsystem.scale, in: 1e-6...1e3, source: source, field: path + ".scale")
            guard !subsystem.groups.isEmpty else { throw fail(path + ".groups", "must contain at least one group") }
            var labels = Set<String>()
            for (g, group) in subsystem.groups.enumerated() {
                let gp = "\(path).groups.\(g)"
                guard !group.label.isEmpty, labels.insert(group.label).inserted else {
                    throw fail(gp + ".label", "must be a non-empty label unique within the subsystem")
                }
                try ASDSError.require(group.shiftPPM, in: -5...20, source: source, field: gp + ".shiftPPM", unit: "ppm")
                guard (1...12).contains(group.protons) else {
                    throw fail(gp + ".protons", "must be an integer from 1 to 12, got \(group.protons)")
                }
                if group.nucleus != .proton && group.protons != 1 {
                    throw fail(gp + ".protons", "a heteronucleus group must hold one nucleus")
                }
                if let ref = group.ref, !referenceIds.contains(ref) {
                    throw fail(gp + ".ref", "'\(ref)' is not an id in references")
                }
                if group.nucleus == .proton { observed = true }
            }
            var pairs = Set<[String]>()
            for (c, coupling) in subsystem.couplings.enumerated() {
                let cp = "\(path).couplings.\(c)"
                guard coupling.groups.count == 2, coupling.groups[0] != coupling.groups[1] else {
                    throw fail(cp + ".groups", "must name two different groups")
                }
                for label in coupling.groups where !labels.contains(label) {
                    throw fail(cp + ".groups", "'\(label)' is not a group label of this subsystem")
                }
                guard pairs.insert(coupling.groups.sorted()).inserted else {
                    throw fail(cp + ".groups", "this pair is coupled twice")
                }
                try ASDSError.require(coupling.hz, in: -50...50, source: source, field: cp + ".hz", unit: "Hz")
                if let ref = coupling.ref, !referenceIds.contains(ref) {
                    throw fail(cp + ".ref", "'\(ref)' is not an id in references")
                }
            }
            let spins = subsystem.expandedProtonCount
            guard spins <= SpinSubsystemDefinition.maximumCoupledProtons else {
                throw fail(path, "expands to \(spins) coupled protons; at most \(SpinSubsystemDefinition.maximumCoupledProtons) are supported")
            }
        }
        guard observed else { throw fail("subsystems", "must contain at least one 1H group") }
    }
}

/// A literature source.
public struct LiteratureReference: Codable, Sendable, Equatable {
    /// Short id used by `ref` fields (for example `G2000`).
    public let id: String
    /// Full citation.
    public let citation: String
    /// DOI, when the source has one.
    public let doi: String?
}

/// A set of mutually coupled spin groups; different subsystems of one metabolite do not couple.
public struct SpinSubsystemDefinition: Decodable, Sendable, Equatable {
    /// Most coupled protons one subsystem may expand to (Hilbert space dimension 2^12).
    public static let maximumCoupledProtons = 12

    /// Relative weight of the subsystem's signal (for example 0.36 and 0.64 for the alpha and
    /// beta anomers of glucose); 1 when absent.
    public let scale: Double
    public let groups: [SpinGroup]
    public let couplings: [ScalarCoupling]

    private enum CodingKeys: String, CodingKey { case scale, groups, couplings }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        scale = try c.decodeIfPresent(Double.self, forKey: .scale) ?? 1
        groups = try c.decode([SpinGroup].self, forKey: .groups)
        couplings = try c.decodeIfPresent([ScalarCoupling].self, forKey: .couplings) ?? []
    }

    /// Labels of groups that take part in at least one coupling.
    public var coupledLabels: Set<String> { Set(couplings.flatMap(\.groups)) }

    /// Number of individual protons simulated explicitly: every proton of a coupled group
    /// (an uncoupled group is simulated as one spin weighted by its proton count).
    public var expandedProtonCount: Int {
        let coupled = coupledLabels
        return groups.filter { $0.nucleus == .proton && coupled.contains($0.label) }.reduce(0) { $0 + $1.protons }
    }
}

/// Magnetically equivalent nuclei sharing one chemical shift.
public struct SpinGroup: Decodable, Sendable, Equatable {
    /// Position label as in the source (for example `2CH`, `3CH3`, `6'CH`).
    public let label: String
    /// Chemical shift, in ppm.
    public let shiftPPM: Double
    /// Number of equivalent nuclei (3 for a methyl group); 1 when absent.
    public let protons: Int
    /// The nucleus; `1H` when absent. `31P` groups couple to protons but are neither excited nor
    /// observed.
    public let nucleus: Nucleus
    /// Source id overriding the metabolite's `defaultReference`.
    public let ref: String?

    private enum CodingKeys: String, CodingKey { case label, shiftPPM, protons, nucleus, ref }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        label = try c.decode(String.self, forKey: .label)
        shiftPPM = try c.decode(Double.self, forKey: .shiftPPM)
        protons = try c.decodeIfPresent(Int.self, forKey: .protons) ?? 1
        nucleus = try c.decodeIfPresent(Nucleus.self, forKey: .nucleus) ?? .proton
        ref = try c.decodeIfPresent(String.self, forKey: .ref)
    }
}

/// A scalar (J) coupling between every nucleus of one group and every nucleus of another.
public struct ScalarCoupling: Decodable, Sendable, Equatable {
    /// The two group labels.
    public let groups: [String]
    /// Coupling constant, in Hz (sign as in the source; geminal couplings are negative).
    public let hz: Double
    /// Source id overriding the metabolite's `defaultReference`.
    public let ref: String?
}
