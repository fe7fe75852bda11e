import ASDSCore

/// An operator that can state, per instance, that its normal operator is a multiple of the
/// identity: `A^H A = gramScale * I` exactly (up to rounding).
///
/// The solvers use this to skip the forward and adjoint applications inside their loops: the
/// gradient of `||A s - y||^2` becomes `2 (gramScale * s - A^H y)`, and ISTA with step
/// `1 / (2 gramScale)` reaches the minimiser in one step.
public protocol GramStructured: LinearOperator {
    /// `c` with `A^H A = c I`, or nil when the normal operator of this instance is not a multiple
    /// of the identity.
    var gramScale: Double? { get }
}

/// An operator that knows the largest Euclidean norm of its columns, `max_j ||A e_j||` (the
/// noise gain of one coefficient), which the universal threshold needs.
public protocol ColumnNormed: LinearOperator {
    /// `max_j ||A e_j||`.
    var maxColumnNorm: Double { get }
}
