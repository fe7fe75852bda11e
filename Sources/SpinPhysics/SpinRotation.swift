import Numerics

/// A 2 x 2 unitary acting on one spin-1/2, `[[a, b], [c, d]]` in the (up, down) basis.
public struct SpinRotation: Sendable, Equatable {
    /// Element (up, up).
    public var a: Complex<Double>
    /// Element (up, down).
    public var b: Complex<Double>
    /// Element (down, up).
    public var c: Complex<Double>
    /// Element (down, down).
    public var d: Complex<Double>

    /// The matrix `[[a, b], [c, d]]`.
    public init(a: Complex<Double>, b: Complex<Double>, c: Complex<Double>, d: Complex<Double>) {
        self.a = a; self.b = b; self.c = c; self.d = d
    }

    /// The identity.
    public static let identity = SpinRotation(a: .one, b: .zero, c: .zero, d: .one)

    /// An instantaneous pulse: `exp(-i theta (cos(phi) Ix + sin(phi) Iy))`.
    public static func pulse(flipRadians theta: Double, phaseRadians phi: Double) -> SpinRotation {
        let co = Double.cos(theta / 2), si = Double.sin(theta / 2)
        // -i s e^{-i phi} and -i s e^{+i phi}
        return SpinRotation(
            a: Complex(co, 0),
            b: Complex(-si * Double.sin(phi), -si * Double.cos(phi)),
            c: Complex(si * Double.sin(phi), -si * Double.cos(phi)),
            d: Complex(co, 0))
    }

    /// Exact evolution for `seconds` under `offsetHz Iz + b1Hz (cos(phi) Ix + sin(phi) Iy)`
    /// (all in Hz, so the rotation angle is `2 pi |field| t`), by the Rodrigues formula.
    public static func evolution(offsetHz: Double, b1Hz: Double, phaseRadians phi: Double, seconds: Double) -> SpinRotation {
        let bx = b1Hz * Double.cos(phi), by = b1Hz * Double.sin(phi), bz = offsetHz
        let magnitude = (bx * bx + by * by + bz * bz).squareRoot()
        guard magnitude > 0 else { return .identity }
        let half = Double.pi * magnitude * seconds
        let co = Double.cos(half), si = Double.sin(half)
        let nx = bx / magnitude, ny = by / magnitude, nz = bz / magnitude
        // cos(h) 1 - i sin(h) (nx sx + ny sy + nz sz)
        return SpinRotation(
            a: Complex(co, -si * nz),
            b: Complex(-si * ny, -si * nx),
            c: Complex(si * ny, -si * nx),
            d: Complex(co, si * nz))
    }

    /// `self * other` (apply `other` first).
    public func after(_ other: SpinRotation) -> SpinRotation {
        SpinRotation(
            a: a * other.a + b * other.c, b: a * other.b + b * other.d,
            c: c * other.a + d * other.c, d: c * other.b + d * other.d)
    }
}

extension ComplexMatrix {
    /// `X <- R_i X`: applies `rotation` to spin `spin` from the left (rows of the pair
    /// (spin up, spin down) mix), O(d) per row pair.
    public mutating func applyLeft(_ rotation: SpinRotation, spin: Int, basis: SpinBasis) {
        let n = columns
        let pairs = basis.pairs[spin]
        let (ar, ai, br, bi) = (rotation.a.real, rotation.a.imaginary, rotation.b.real, rotation.b.imaginary)
        let (cr, ci, dr, di) = (rotation.c.real, rotation.c.imaginary, rotation.d.real, rotation.d.imaginary)
        real.withUnsafeMutableBufferPointer { re in
            imaginary.withUnsafeMutableBufferPointer { im in
                let re = re.baseAddress!, im = im.baseAddress!
                var p = 0
                while p < pairs.count {
                    let u = re + pairs[p] * n, ui = im + pairs[p] * n
                    let v = re + pairs[p + 1] * n, vi = im + pairs[p + 1] * n
                    for col in 0..<n {
                        let xr = u[col], xi = ui[col], yr = v[col], yi = vi[col]
                        u[col] = ar * xr - ai * xi + br * yr - bi * yi
                        ui[col] = ar * xi + ai * xr + br * yi + bi * yr
                        v[col] = cr * xr - ci * xi + dr * yr - di * yi
                        vi[col] = cr * xi + ci * xr + dr * yi + di * yr
                    }
                    p += 2
                }
            }
        }
    }

    /// `X <- X R_i^H`: applies the adjoint of `rotation` on spin `spin` from the right.
    public mutating func applyRightAdjoint(_ rotation: SpinRotation, spin: Int, basis: SpinBasis) {
        let n = columns
        let pairs = basis.pairs[spin]
        // (X R^H)[:, u] = X[:, u] conj(a) + X[:, v] conj(b); (X R^H)[:, v] = X[:, u] conj(c) + X[:, v] conj(d)
        let (ar, ai, br, bi) = (rotation.a.real, -rotation.a.imaginary, rotation.b.real, -rotation.b.imaginary)
        let (cr, ci, dr, di) = (rotation.c.real, -rotation.c.imaginary, rotation.d.real, -rotation.d.imaginary)
        real.withUnsafeMutableBufferPointer { re in
            imaginary.withUnsafeMutableBufferPointer { im in
                let re = re.baseAddress!, im = im.baseAddress!
                for row in 0..<rows {
                    let r = re + row * n, i = im + row * n
                    var p = 0
                    while p < pairs.count {
                        let u = pairs[p], v = pairs[p + 1]
                        let xr = r[u], xi = i[u], yr = r[v], yi = i[v]
                        r[u] = xr * ar - xi * ai + yr * br - yi * bi
                        i[u] = xr * ai + xi * ar + yr * bi + yi * br
                        r[v] = xr * cr - xi * ci + yr * dr - yi * di
                        i[v] = xr * ci + xi * cr + yr * di + yi * dr
                        p += 2
                    }
                }
            }
        }
    }

    /// `rho <- R rho R^H` with `R` the tensor product of one rotation per spin, applied spin by
    /// spin (O(n d^2), never as a dense d x d product).
    public mutating func rotate(by rotations: [SpinRotation], basis: SpinBasis) {
        precondition(rotations.count == basis.spinCount)
        for (spin, r) in rotations.enumerated() {
            applyLeft(r, spin: spin, basis: basis)
            applyRightAdjoint(r, spin: spin, basis: basis)
        }
    }

    /// Zeroes every element whose coherence order `M_row - M_column` is not `order` (an ideal
    /// crusher or phase cycle selecting one pathway).
    public mutating func keepCoherence(order: Int, basis: SpinBasis) {
        precondition(rows == basis.dimension && columns == basis.dimension)
        let n = columns
        for r in 0..<rows {
            for c in 0..<n where basis.coherenceOrder(row: r, column: c) != order {
                real[r * n + c] = 0
                imaginary[r * n + c] = 0
            }
        }
    }

    /// The equilibrium deviation density matrix `Fz = sum_i Iz_i` (diagonal, trace zero).
    public static func equilibrium(basis: SpinBasis) -> ComplexMatrix {
        var m = ComplexMatrix(rows: basis.dimension, columns: basis.dimension)
        for i in 0..<basis.dimension { m.real[i * basis.dimension + i] = basis.magneticNumber(i) }
        return m
    }
}
