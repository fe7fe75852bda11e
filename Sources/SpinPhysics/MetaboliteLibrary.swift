import ASDSCore
import Foundation

/// Loads metabolite definitions by name from the library's `metabolites/` directory, or by path.
public enum MetaboliteLibrary {
    /// Names of every metabolite in `directory` (file stems of `*.json`), sorted.
    public static func availableNames(in directory: String) -> [String] {
        ResourceLocator.names(in: directory)
    }

    /// Loads `nameOrPath` (a name such as `NAA`, matched case-insensitively, or a path to a JSON file).
    public static func load(_ nameOrPath: String, from library: ResourceLocator) throws -> MetaboliteDefinition {
        let path = try ResourceLocator.resolve(nameOrPath, in: library.metabolitesDirectory, kind: "metabolite")
        return try MetaboliteDefinition.load(path: path)
    }

    /// Loads several metabolites, in the order given.
    public static func load(_ namesOrPaths: [String], from library: ResourceLocator) throws -> [MetaboliteDefinition] {
        try namesOrPaths.map { try load($0, from: library) }
    }
}
