import CLAPACK
import Numerics

/// The propagator of a shaped pulse for one spin system, with full J coupling during the pulse.
///
/// Per group of `samplesPerCouplingStep` samples the single-spin part (chemical shift, gradient
/// offset and RF, different for every spin) is an exact product of 2 x 2 rotations, and the
/// coupling part `H_J = sum J_ij I_i . I_j` (block-diagonal in M, diagonalised once) enters by
/// symmetric Strang splitting `exp(-i H_J tau/2) R(tau) exp(-i H_J tau/2)`, with consecutive half
/// steps merged. `H_J` commutes with collective rotations, so the splitting error comes only from
/// chemical-shift differences inside the system (measured in docs/PHYSICS.md).
///
/// The propagator is formed one-sided, `U <- step * U`, in the frame of the transmitter, then
/// returned in the carrier frame with the slice-select gradient's precession referred to the pulse
/// centre (ideal rephasing lobes): `U_eff = Z U' Z`, `Z = exp(-i 2 pi (nu_tx - g) (T/2) Fz)`.
/// A pulse that is mirror-symmetric along x needs only its first half: `U' = U_h^T U_h`.
public struct ShapedPulsePropagator: Sendable {
    /// The spin system the propagator acts on.
    public let system: SpinSystem
    /// Its Zeeman basis (the order of the propagator's rows and columns).
    public let basis: SpinBasis
    /// The pulse, in nutation frequencies (Hz).
    public let pulse: RFPulse
    /// Pulse samples per coupling step (1 is the plain per-sample splitting).
    public let samplesPerCouplingStep: Int
    /// Whether the half-pulse symmetry is used.
    public let usesSymmetry: Bool

    private let groups: [Range<Int>]
    private let couplingSteps: [Int: CouplingStep]

    /// Prepares the propagator of `pulse` for `system`.
    public init(system: SpinSystem, pulse: RFPulse, samplesPerCouplingStep: Int = 1, exploitSymmetry: Bool = true) {
        precondition(samplesPerCouplingStep >= 1)
        self.system = system
        self.basis = SpinBasis(spinCount: system.spinCount)
        self.pulse = pulse
        self.samplesPerCouplingStep = samplesPerCouplingStep
        let symmetric = exploitSymmetry && pulse.isMirrorSymmetricAlongX
        self.usesSymmetry = symmetric
        let span = symmetric ? pulse.count / 2 : pulse.count
        var groups: [Range<Int>] = []
        var start = 0
        while start < span {
            let end = min(span, start + samplesPerCouplingStep)
            groups.append(start..<end)
            start = end
        }
        self.groups = groups
        var steps: [Int: CouplingStep] = [:]
        if system.isCoupled {
            let couplingEigen = HamiltonianEigensystem(system: system, includeShifts: false)
            var keys = Set<Int>()
            keys.insert(groups[0].count)
            keys.insert(groups[groups.count - 1].count)
            for m in 1..<max(1, groups.count) { keys.insert(groups[m - 1].count + groups[m].count) }
            for key in keys {
                steps[key] = CouplingStep(eigen: couplingEigen, seconds: Double(key) * pulse.sampleSeconds / 2)
            }
        }
        self.couplingSteps = steps
    }

    /// The pulse propagator in the carrier frame (Zeeman basis, `basis` order) for a spin system
    /// displaced by the gradient offset `gradientOffsetHz`, with the transmitter at
    /// `transmitOffsetHz` from the carrier and the whole pulse phase-shifted by `phaseRadians`.
    public func propagator(gradientOffsetHz g: Double, transmitOffsetHz tx: Double, phaseRadians: Double = 0) -> ComplexMatrix {
        let d = basis.dimension
        let n = system.spinCount
        let dt = pulse.sampleSeconds
        var u = ComplexMatrix.identity(d)
        var scratch = ComplexMatrix(rows: d, columns: d)
        if let first = couplingSteps[groups[0].count] { first.apply(to: &u, scratch: &scratch, basis: basis) }
        for (m, group) in groups.enumerated() {
            for spin in 0..<n {
                let offset = system.offsetsHz[spin] + g - tx
                var r = SpinRotation.identity
                for j in group {
                    r = SpinRotation.evolution(offsetHz: offset, b1Hz: pulse.b1Hz[j], phaseRadians: pulse.phaseRadians[j], seconds: dt)
                        .after(r)
                }
                u.applyLeft(r, spin: spin, basis: basis)
            }
            let key = m + 1 < groups.count ? group.count + groups[m + 1].count : group.count
            if let step = couplingSteps[key] { step.apply(to: &u, scratch: &scratch, basis: basis) }
        }
        if usesSymmetry { u = ComplexMatrix.product(u, .transpose, u, .none) }
        // U_eff[a, b] = U'[a, b] z_a z_b exp(-i phi (M_a - M_b)),  z_s = exp(-i 2 pi (tx - g) (T/2) M_s)
        let half = 2 * Double.pi * (tx - g) * pulse.durationSeconds / 2
        var lr = [Double](repeating: 0, count: d), li = lr, rr = lr, ri = lr
        for s in 0..<d {
            let m = basis.magneticNumber(s)
            let left = -(half + phaseRadians) * m, right = -(half - phaseRadians) * m
            lr[s] = Double.cos(left); li[s] = Double.sin(left)
            rr[s] = Double.cos(right); ri[s] = Double.sin(right)
        }
        for a in 0..<d {
            for b in 0..<d {
                let fr = lr[a] * rr[b] - li[a] * ri[b]
                let fi = lr[a] * ri[b] + li[a] * rr[b]
                let x = u.real[a * d + b], y = u.imaginary[a * d + b]
                u.real[a * d + b] = x * fr - y * fi
                u.imaginary[a * d + b] = x * fi + y * fr
            }
        }
        return u
    }
}

/// `exp(-i 2 pi H_J tau)` as one dense complex matrix per M block.
struct CouplingStep: Sendable {
    struct Block: Sendable {
        let range: Range<Int>
        let real: [Double]
        let imaginary: [Double]
    }
    let blocks: [Block]

    init(eigen: HamiltonianEigensystem, seconds tau: Double) {
        let d = eigen.basis.dimension
        blocks = eigen.basis.blocks.filter { !$0.isEmpty }.map { range in
            let k = range.count
            var re = [Double](repeating: 0, count: k * k), im = re
            for r in 0..<k {
                for c in 0..<k {
                    var sr = 0.0, si = 0.0
                    for a in 0..<k {
                        let idx = range.lowerBound + a
                        let w = eigen.vectors[(range.lowerBound + r) * d + idx] * eigen.vectors[(range.lowerBound + c) * d + idx]
                        let angle = -2 * Double.pi * eigen.energiesHz[idx] * tau
                        sr += w * Double.cos(angle)
                        si += w * Double.sin(angle)
                    }
                    re[r * k + c] = sr
                    im[r * k + c] = si
                }
            }
            return Block(range: range, real: re, imaginary: im)
        }
    }

    /// `u <- exp(-i H_J tau) u`, block by block (rows of each M block), through `dgemm`.
    func apply(to u: inout ComplexMatrix, scratch: inout ComplexMatrix, basis: SpinBasis) {
        let d = u.columns
        let n = Int32(d)
        u.real.withUnsafeBufferPointer { ur in
            u.imaginary.withUnsafeBufferPointer { ui in
                scratch.real.withUnsafeMutableBufferPointer { sr in
                    scratch.imaginary.withUnsafeMutableBufferPointer { si in
                        for block in blocks {
                            let k = block.range.count
                            let offset = block.range.lowerBound * d
                            let xr = ur.baseAddress! + offset, xi = ui.baseAddress! + offset
                            let yr = sr.baseAddress! + offset, yi = si.baseAddress! + offset
                            if k == 1 {
                                let ar = block.real[0], ai = block.imaginary[0]
                                for c in 0..<d {
                                    yr[c] = ar * xr[c] - ai * xi[c]
                                    yi[c] = ar * xi[c] + ai * xr[c]
                                }
                                continue
                            }
                            let K = Int32(k)
                            block.real.withUnsafeBufferPointer { ar in
                                block.imaginary.withUnsafeBufferPointer { ai in
                                    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, K, n, K, 1, ar.baseAddress, K, xr, n, 0, yr, n)
                                    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, K, n, K, -1, ai.baseAddress, K, xi, n, 1, yr, n)
                                    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, K, n, K, 1, ar.baseAddress, K, xi, n, 0, yi, n)
                                    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, K, n, K, 1, ai.baseAddress, K, xr, n, 1, yi, n)
                                }
                            }
                        }
                    }
                }
            }
        }
        swap(&u, &scratch)
    }
}
