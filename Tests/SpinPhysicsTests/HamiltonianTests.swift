import Foundation
import Numerics
import SpinPhysics
import Testing

@Suite("Hamiltonian and eigen-decomposition")
struct HamiltonianTests {
    static let systems: [SpinSystem] = [
        Reference.abc,
        SpinSystem(label: "five", offsetsHz: [40, 38, -10, -12.5, 3],
                   couplingsHz: [[0, -14, 7, 0, 2], [-14, 0, 5, 1, 0], [7, 5, 0, -15, 6], [0, 1, -15, 0, 9], [2, 0, 6, 9, 0]]),
    ]

    @Test("the block Hamiltonian equals the Kronecker-product construction", arguments: systems)
    func blockHamiltonianMatchesKronecker(system: SpinSystem) {
        let eigen = HamiltonianEigensystem(system: system)
        let basis = eigen.basis
        let d = basis.dimension
        let dense = eigen.denseHamiltonian(system: system)
        let natural = Reference.hamiltonian(system)
        var worst = 0.0
        for a in 0..<d {
            for b in 0..<d {
                worst = max(worst, abs(dense[a * d + b] - natural[basis.states[a] * d + basis.states[b]]))
            }
        }
        #expect(worst < 1e-12)
    }

    @Test("V diag(E) V^T reproduces H and V is orthogonal", arguments: systems)
    func eigenReproducesHamiltonian(system: SpinSystem) {
        let eigen = HamiltonianEigensystem(system: system)
        let d = eigen.basis.dimension
        let h = eigen.denseHamiltonian(system: system)
        let v = eigen.vectors
        var worstH = 0.0, worstI = 0.0
        for r in 0..<d {
            for c in 0..<d {
                var sum = 0.0, dot = 0.0
                for a in 0..<d {
                    sum += v[r * d + a] * eigen.energiesHz[a] * v[c * d + a]
                    dot += v[a * d + r] * v[a * d + c]
                }
                worstH = max(worstH, abs(sum - h[r * d + c]))
                worstI = max(worstI, abs(dot - (r == c ? 1 : 0)))
            }
        }
        #expect(worstH < 1e-10)
        #expect(worstI < 1e-12)
    }

    @Test("AB quartet: closed-form line positions and intensities")
    func abQuartet() {
        let nu1 = 30.0, nu2 = -20.0, j = 15.0
        let system = SpinSystem(label: "AB", offsetsHz: [nu1, nu2], couplingsHz: [[0, j], [j, 0]])
        let eigen = HamiltonianEigensystem(system: system)
        var rho = ComplexMatrix.equilibrium(basis: eigen.basis)
        rho.rotate(by: [SpinRotation](repeating: .pulse(flipRadians: .pi / 2, phaseRadians: 0), count: 2), basis: eigen.basis)
        rho.keepCoherence(order: -1, basis: eigen.basis)
        let lines = FIDSynthesis.transitions(of: eigen.toEigenbasis(rho), eigensystem: eigen)
            .sorted { $0.frequencyHz < $1.frequencyHz }
        let centre = (nu1 + nu2) / 2
        let big = ((nu1 - nu2) * (nu1 - nu2) + j * j).squareRoot()
        let s = j / big
        // Outer lines 1 - sin 2 theta, inner lines 1 + sin 2 theta; two protons give total 2.
        let expected: [(Double, Double)] = [
            (centre - (big + j) / 2, (1 - s) / 2), (centre - (big - j) / 2, (1 + s) / 2),
            (centre + (big - j) / 2, (1 + s) / 2), (centre + (big + j) / 2, (1 - s) / 2),
        ]
        #expect(lines.count == 4)
        for (line, (f, intensity)) in zip(lines, expected) {
            #expect(abs(line.frequencyHz - f) < 1e-6)
            #expect(abs(line.amplitude.length - intensity) < 1e-6)
            // A 90x pulse turns Fz into -Fy: every line has phase -90 degrees.
            #expect(abs(line.amplitude.real) < 1e-6 && line.amplitude.imaginary < 0)
        }
    }

    @Test("hard-pulse nutation angle equals 2 pi gamma_bar B1 t")
    func nutation() {
        let b1 = 1e-5, t = 5e-4
        let pulse = RFPulse.rectangular(b1Tesla: b1, durationSeconds: t, samples: 10)
        let spin = SpinSystem(label: "H", offsetsHz: [0], couplingsHz: [[0]])
        let u = ShapedPulsePropagator(system: spin, pulse: pulse).propagator(gradientOffsetHz: 0, transmitOffsetHz: 0)
        let rho = ComplexMatrix.equilibrium(basis: SpinBasis(spinCount: 1)).transformed(by: u)
        let mz = rho[0, 0].real - rho[1, 1].real
        let mxy = 2 * rho[0, 1].length
        let angle = Foundation.atan2(mxy, mz)
        let expected = 2 * Double.pi * 42.577_478_518e6 * b1 * t
        #expect(abs(angle - expected) < 1e-12)
        // The same rotation as the instantaneous pulse of that angle about x.
        let r = SpinRotation.pulse(flipRadians: expected, phaseRadians: 0)
        #expect((u[0, 0] - r.a).length < 1e-12 && (u[0, 1] - r.b).length < 1e-12)
        #expect((u[1, 0] - r.c).length < 1e-12 && (u[1, 1] - r.d).length < 1e-12)
    }
}
