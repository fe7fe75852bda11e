import ASDSCore
import Foundation
import Numerics

/// Shared helpers for ASDS's tests.
public enum TestSupport {
    /// The repository root (holding metabolites/, sequences/, ...), found from this file's path.
    public static let repositoryRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The bundled data library.
    public static var library: ResourceLocator { ResourceLocator(root: repositoryRoot) }

    /// Whether `a` and `b` agree to `relative` tolerance (or `absolute`, for values near 0).
    public static func isClose(_ a: Double, _ b: Double, relative: Double = 1e-9, absolute: Double = 0) -> Bool {
        a.isApproximatelyEqual(to: b, absoluteTolerance: absolute, relativeTolerance: relative)
    }

    /// Largest elementwise |a - b| of two complex vectors.
    public static func maxDifference(_ a: [Complex<Double>], _ b: [Complex<Double>]) -> Double {
        precondition(a.count == b.count)
        return zip(a, b).map { ($0 - $1).length }.max() ?? 0
    }

    /// A fresh empty directory under the system temporary directory, removed by `cleanup`.
    public static func temporaryDirectory(_ label: String = "asds-test") throws -> String {
        let path = NSTemporaryDirectory() + "/\(label)-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    public static func cleanup(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}
