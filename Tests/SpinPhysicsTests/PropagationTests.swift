import ASDSCore
import Foundation
import Numerics
import SpinPhysics
import Testing

@Suite("Density-matrix propagation")
struct PropagationTests {
    /// Tr(rho^2), conserved by every unitary step.
    static func purity(_ rho: ComplexMatrix) -> Double {
        ComplexMatrix.product(rho, .none, rho, .none).trace.real
    }

    @Test("pulses and free evolution keep rho Hermitian, its trace and Tr(rho^2)")
    func invariants() {
        let system = Reference.abc
        let eigen = HamiltonianEigensystem(system: system)
        let basis = eigen.basis
        var rho = ComplexMatrix.equilibrium(basis: basis)
        let trace0 = rho.trace, purity0 = Self.purity(rho)
        #expect(abs(purity0 - 3.0 * 8 / 4) < 1e-12)  // n d / 4 for Fz

        rho.rotate(by: [SpinRotation](repeating: .pulse(flipRadians: 1.2, phaseRadians: 0.5), count: 3), basis: basis)
        #expect(rho.hermiticityError < 1e-13)
        #expect((rho.trace - trace0).length < 1e-13)
        #expect(abs(Self.purity(rho) - purity0) < 1e-12)

        var rhoE = eigen.toEigenbasis(rho)
        eigen.evolve(&rhoE, seconds: 0.0137)
        rho = eigen.toZeeman(rhoE)
        #expect(rho.hermiticityError < 1e-13)
        #expect((rho.trace - trace0).length < 1e-13)
        #expect(abs(Self.purity(rho) - purity0) < 1e-12)

        let pulse = Reference.hammingSinc(samples: 64, tbw: 6, durationSeconds: 0.003, flipDegrees: 180)
        let u = ShapedPulsePropagator(system: system, pulse: pulse).propagator(gradientOffsetHz: 250, transmitOffsetHz: -40, phaseRadians: 0.3)
        let unitarity = ComplexMatrix.product(u, .none, u, .adjoint).maxDifference(.identity(8))
        #expect(unitarity < 1e-12)
        rho = rho.transformed(by: u)
        #expect(rho.hermiticityError < 1e-12)
        #expect((rho.trace - trace0).length < 1e-12)
        #expect(abs(Self.purity(rho) - purity0) < 1e-11)
    }

    @Test("free evolution in the eigenbasis equals exp(-i 2 pi H t) in the Zeeman basis")
    func evolutionMatchesExponential() {
        let system = Reference.abc
        let eigen = HamiltonianEigensystem(system: system)
        var rho = ComplexMatrix.equilibrium(basis: eigen.basis)
        rho.rotate(by: [SpinRotation](repeating: .pulse(flipRadians: .pi / 2, phaseRadians: 0), count: 3), basis: eigen.basis)
        let u = Reference.exponential(eigen.denseHamiltonian(system: system), dimension: 8, seconds: 0.021)
        var rhoE = eigen.toEigenbasis(rho)
        eigen.evolve(&rhoE, seconds: 0.021)
        #expect(eigen.toZeeman(rhoE).maxDifference(rho.transformed(by: u)) < 1e-12)
    }

    /// The exact propagator: the product of per-sample exponentials of the full Hamiltonian
    /// (shifts, couplings, gradient and RF along x), with the same frame conversion as the engine.
    static func exactPropagator(_ system: SpinSystem, _ pulse: RFPulse, g: Double, tx: Double) -> ComplexMatrix {
        let basis = SpinBasis(spinCount: system.spinCount)
        let d = basis.dimension
        let shifted = system.shifted(by: g - tx)
        let h0 = HamiltonianEigensystem(system: shifted).denseHamiltonian(system: shifted)
        var u = ComplexMatrix.identity(d)
        for j in 0..<pulse.count {
            var h = h0
            let w = pulse.b1Hz[j] * Foundation.cos(pulse.phaseRadians[j])
            for spin in 0..<system.spinCount {
                let pairs = basis.pairs[spin]
                for p in stride(from: 0, to: pairs.count, by: 2) {
                    h[pairs[p] * d + pairs[p + 1]] += w / 2
                    h[pairs[p + 1] * d + pairs[p]] += w / 2
                }
            }
            u = ComplexMatrix.product(Reference.exponential(h, dimension: d, seconds: pulse.sampleSeconds), .none, u, .none)
        }
        let half = 2 * Double.pi * (tx - g) * pulse.durationSeconds / 2
        for a in 0..<d {
            for b in 0..<d {
                let angle = -half * (basis.magneticNumber(a) + basis.magneticNumber(b))
                u[a, b] = u[a, b] * Complex(Foundation.cos(angle), Foundation.sin(angle))
            }
        }
        return u
    }

    @Test("Strang splitting of J during a shaped pulse matches the exact per-sample exponential")
    func strangSplitting() {
        let pulse = Reference.hammingSinc(samples: 128, tbw: 6, durationSeconds: 0.004, flipDegrees: 180)
        var errors: [Int: Double] = [:]
        for (g, tx) in [(0.0, 0.0), (350.0, -120.0)] {
            let exact = Self.exactPropagator(Reference.abc, pulse, g: g, tx: tx)
            for k in [1, 2, 4] {
                let u = ShapedPulsePropagator(system: Reference.abc, pulse: pulse, samplesPerCouplingStep: k)
                    .propagator(gradientOffsetHz: g, transmitOffsetHz: tx)
                errors[k] = max(errors[k] ?? 0, u.maxDifference(exact))
            }
        }
        #expect(errors[1]! <= 1e-5)
        #expect(errors[2]! <= 1e-5)
        // Second order: halving the coupling step quarters the error.
        let ratio = errors[4]! / errors[2]!
        #expect(ratio > 3.5 && ratio < 4.5)
    }

    @Test("the half-pulse symmetry gives the same propagator as the full product")
    func symmetryShortcut() {
        let pulse = Reference.hammingSinc(samples: 64, tbw: 5, durationSeconds: 0.003, flipDegrees: 180)
        #expect(pulse.isMirrorSymmetricAlongX)
        let full = ShapedPulsePropagator(system: Reference.abc, pulse: pulse, samplesPerCouplingStep: 2, exploitSymmetry: false)
        let half = ShapedPulsePropagator(system: Reference.abc, pulse: pulse, samplesPerCouplingStep: 2)
        #expect(half.usesSymmetry && !full.usesSymmetry)
        let a = full.propagator(gradientOffsetHz: 180, transmitOffsetHz: 25, phaseRadians: .pi / 2)
        let b = half.propagator(gradientOffsetHz: 180, transmitOffsetHz: 25, phaseRadians: .pi / 2)
        #expect(a.maxDifference(b) < 1e-12)
    }
}
