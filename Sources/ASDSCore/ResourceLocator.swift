import Foundation

/// Where the bundled data directories (`metabolites/`, `sequences/`, `suites/`, `phantoms/`) live.
///
/// The rule, first match wins:
/// 1. an explicit directory (the command line's `--library DIR`);
/// 2. the environment variable `ASDS_LIBRARY`;
/// 3. `<prefix>/share/asds`, where the executable is `<prefix>/bin/asds` (an installed copy);
/// 4. the nearest ancestor of the executable's directory holding both `metabolites/` and
///    `sequences/` (a build inside the source tree, such as `.build/release/asds`);
/// 5. the source tree this file was compiled from.
/// A user's own metabolite or sequence file is always accepted by path instead of by name.
public struct ResourceLocator: Sendable {
    /// The library's root directory.
    public let root: String

    public var metabolitesDirectory: String { root + "/metabolites" }
    public var sequencesDirectory: String { root + "/sequences" }
    public var suitesDirectory: String { root + "/suites" }
    public var phantomsDirectory: String { root + "/phantoms" }

    public init(root: String) { self.root = root }

    /// Finds the library by the rule above.
    public static func locate(explicit: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ResourceLocator {
        if let explicit {
            guard isLibrary(explicit) else {
                throw ASDSError.invalidInput(source: "--library", field: "", reason: "\(explicit) does not contain metabolites/ and sequences/")
            }
            return ResourceLocator(root: explicit)
        }
        if let env = environment["ASDS_LIBRARY"], !env.isEmpty {
            guard isLibrary(env) else {
                throw ASDSError.invalidInput(source: "ASDS_LIBRARY", field: "", reason: "\(env) does not contain metabolites/ and sequences/")
            }
            return ResourceLocator(root: env)
        }
        if let exe = executablePath() {
            let binDir = URL(fileURLWithPath: exe).deletingLastPathComponent()
            let share = binDir.deletingLastPathComponent().appendingPathComponent("share/asds").path
            if isLibrary(share) { return ResourceLocator(root: share) }
            var dir = binDir
            for _ in 0..<8 {
                if isLibrary(dir.path) { return ResourceLocator(root: dir.path) }
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path { break }
                dir = parent
            }
        }
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
        if isLibrary(source) { return ResourceLocator(root: source) }
        throw ASDSError.invalidInput(
            source: "library", field: "",
            reason: "cannot find the metabolites/ and sequences/ directories; pass --library DIR or set ASDS_LIBRARY")
    }

    private static func isLibrary(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        let fm = FileManager.default
        return fm.fileExists(atPath: path + "/metabolites", isDirectory: &isDir) && isDir.boolValue
            && fm.fileExists(atPath: path + "/sequences", isDirectory: &isDir) && isDir.boolValue
    }

    private static func executablePath() -> String? {
        #if os(Linux)
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        #endif
        return Bundle.main.executablePath
    }

    /// The names of the resources in `directory`: the stems of its `*.json` files, sorted.
    public static func names(in directory: String) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Resolves `nameOrPath` in `directory`: an existing path is used as is, otherwise
    /// `directory/<name>.json` (case-insensitive match on the file stem).
    public static func resolve(_ nameOrPath: String, in directory: String, kind: String) throws -> String {
        let fm = FileManager.default
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".json") {
            guard fm.fileExists(atPath: nameOrPath) else {
                throw ASDSError.io(path: nameOrPath, reason: "no such \(kind) file")
            }
            return nameOrPath
        }
        let files = (try? fm.contentsOfDirectory(atPath: directory)) ?? []
        if let match = files.first(where: { $0.lowercased() == nameOrPath.lowercased() + ".json" }) {
            return directory + "/" + match
        }
        let known = names(in: directory)
        throw ASDSError.invalidInput(
            source: kind, field: nameOrPath,
            reason: "unknown \(kind); known: \(known.joined(separator: ", "))")
    }
}
