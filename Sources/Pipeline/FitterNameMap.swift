import ASDSCore
import Foundation

/// Maps the metabolite names other fitting tools write to ASDS names, from
/// `metabolites/aliases/fitters.json`: a name is an ASDS metabolite, an alias of one (`mI` ->
/// `Ins`), a `+` sum of either (`Cr+PCr`), or a nuisance signal the tool fits besides the
/// metabolites (LCModel's `Lip13a`, `MM09`, `-CrCH2`), which is read and not scored.
public struct FitterNameMap: Sendable {
    private struct File: Decodable {
        var aliases: [String: String]
        var nuisance: [String]
        var totals: [String]?
    }

    /// Lower-cased tool name -> its ASDS spelling or sum.
    private let aliases: [String: String]
    private let nuisance: Set<String>
    /// Lower-cased ASDS name -> its spelling.
    private let metabolites: [String: String]
    /// Sums (`GPC+PCh`) whose ratio errors are reported beside their parts.
    public let totals: [String]

    public init(aliases: [String: String], nuisance: [String], metabolites: [String], totals: [String] = []) {
        self.totals = totals
        self.aliases = Dictionary(aliases.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        self.nuisance = Set(nuisance.map { $0.lowercased() })
        self.metabolites = Dictionary(metabolites.map { ($0.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The library's map: its metabolites and `metabolites/aliases/fitters.json`.
    public static func load(from library: ResourceLocator) throws -> FitterNameMap {
        let file = try JSONInput.decode(File.self, fromFile: library.metabolitesDirectory + "/aliases/fitters.json")
        return FitterNameMap(aliases: file.aliases, nuisance: file.nuisance,
                             metabolites: ResourceLocator.names(in: library.metabolitesDirectory), totals: file.totals ?? [])
    }

    /// The ASDS metabolites that `name` sums (one for a single metabolite), or nil for a nuisance
    /// signal; a name that is neither is refused, naming `source`.
    public func metabolites(of name: String, source: String) throws -> Set<String>? {
        if nuisance.contains(name.lowercased()) { return nil }
        let canonical = aliases[name.lowercased()] ?? name
        var parts = Set<String>(), nuisanceParts = 0
        for part in canonical.split(separator: "+").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
            if let m = metabolites[part] {
                parts.insert(m)
            } else if nuisance.contains(part) {
                nuisanceParts += 1
            } else {
                throw ASDSError.invalidInput(source: source, field: name,
                                             reason: "unknown metabolite name (not in metabolites/ nor metabolites/aliases/fitters.json)")
            }
        }
        if parts.isEmpty { return nil }
        guard nuisanceParts == 0 else {
            throw ASDSError.invalidInput(source: source, field: name, reason: "sums metabolites with nuisance signals; it cannot be scored")
        }
        return parts
    }
}
