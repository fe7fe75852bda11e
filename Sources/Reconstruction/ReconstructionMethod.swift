import ASDSCore

/// A reconstruction method of `asds reconstruct --method`.
public enum ReconstructionMethod: String, Sendable, Codable, CaseIterable {
    /// The plain Fourier transform (with preprocessing).
    case ft
    /// Tikhonov-regularised iterative least squares by conjugate gradients.
    case ils
    /// Sparse deconvolution by ISTA.
    case ista
    /// Sparse deconvolution by monotone FISTA.
    case fista

    /// Parses a method name (case-insensitive); `source` names the option in the error.
    public init(parsing text: String, source: String = "--method") throws {
        guard let method = ReconstructionMethod(rawValue: text.lowercased()) else {
            throw ASDSError.invalidInput(
                source: source, field: "",
                reason: "unknown method '\(text)'; choose one of \(ReconstructionMethod.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = method
    }
}
