import Foundation
import Synchronization

/// Writes files so that readers never see a partial file: the content goes to a hidden temporary
/// file in the destination's directory, which is renamed over the destination only when the
/// writer succeeds. On failure the temporary file is removed and the destination is untouched.
public enum AtomicWrite {
    private static let counter = Atomic<Int>(0)

    /// Calls `body` with a temporary path, then renames it to `destination`.
    public static func write(to destination: String, _ body: (_ temporaryPath: String) throws -> Void) throws {
        let url = URL(fileURLWithPath: destination)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ASDSError.io(path: destination, reason: "the directory \(directory) does not exist")
        }
        let n = counter.add(1, ordering: .relaxed).oldValue
        let temporary = directory + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(n)"
        do {
            try body(temporary)
            guard rename(temporary, destination) == 0 else {
                throw ASDSError.io(path: destination, reason: "cannot rename the finished file into place: \(String(cString: strerror(errno)))")
            }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// Writes `data` to `destination` atomically.
    public static func write(_ data: Data, to destination: String) throws {
        try write(to: destination) { temporary in
            do {
                try data.write(to: URL(fileURLWithPath: temporary))
            } catch {
                throw ASDSError.io(path: destination, reason: "cannot write: \(error.localizedDescription)")
            }
        }
    }

    /// Writes `text` as UTF-8 to `destination` atomically.
    public static func write(_ text: String, to destination: String) throws {
        try write(Data(text.utf8), to: destination)
    }
}
