/// Least squares with some variables constrained non-negative (Lawson and Hanson's active-set
/// NNLS, with unconstrained variables kept in the passive set throughout).
enum NonNegativeLeastSquares {
    /// Minimises `||A x - b||` over x with `x_j >= 0` wherever `constrained[j]`; A is m x n
    /// column-major, full column rank. Returns the solution and which variables are free
    /// (not held at zero).
    static func solve(_ a: [Double], rows m: Int, columns n: Int, rhs b: [Double], constrained: [Bool]) -> (x: [Double], passive: [Bool]) {
        var passive = constrained.map { !$0 }
        var x = [Double](repeating: 0, count: n)
        func subsetSolve(_ set: [Bool]) -> [Double] {
            let cols = (0..<n).filter { set[$0] }
            var sub = [Double](repeating: 0, count: m * cols.count)
            for (c, j) in cols.enumerated() { for i in 0..<m { sub[c * m + i] = a[j * m + i] } }
            let s = DenseLinearAlgebra.leastSquares(sub, rows: m, columns: cols.count, rhs: b) ?? [Double](repeating: 0, count: cols.count)
            var full = [Double](repeating: 0, count: n)
            for (c, j) in cols.enumerated() { full[j] = s[c] }
            return full
        }
        x = subsetSolve(passive)
        let scale = b.reduce(0) { $0 + $1 * $1 }.squareRoot() * a.reduce(0) { max($0, abs($1)) }
        for _ in 0..<(3 * n + 10) {
            let r = zip(b, DenseLinearAlgebra.times(a, rows: m, columns: n, x)).map { $0 - $1 }
            let w = DenseLinearAlgebra.transposeTimes(a, rows: m, columns: n, r)
            guard let j = (0..<n).filter({ !passive[$0] }).max(by: { w[$0] < w[$1] }), w[j] > 1e-13 * scale else { break }
            passive[j] = true
            var s = subsetSolve(passive)
            // Step back to feasibility while a constrained passive variable would go non-positive.
            for _ in 0..<n {
                let bad = (0..<n).filter { passive[$0] && constrained[$0] && s[$0] <= 0 }
                guard !bad.isEmpty else { break }
                let alpha = bad.map { x[$0] / (x[$0] - s[$0]) }.min()!
                for i in 0..<n { x[i] += alpha * (s[i] - x[i]) }
                for i in 0..<n where passive[i] && constrained[i] && x[i] <= 1e-15 * scale {
                    passive[i] = false
                    x[i] = 0
                }
                s = subsetSolve(passive)
            }
            x = s
        }
        return (x, passive)
    }
}
