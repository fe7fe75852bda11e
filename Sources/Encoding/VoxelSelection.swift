import ASDSCore
import Bloch
import Foundation
import Numerics

/// The PRESS/STEAM localisation box as the product of its three slice profiles (x, y, z), with
/// chemical-shift displacement: an isochromat at offset f Hz sees profile a shifted by
/// `f / (gamma_bar G_a)` along axis a (G_a the pulse's slice-select gradient; 0 for ideal profiles).
///
/// In-plane weight at (x, y) for frequency f:
/// `W = P_x(x - c_x - d_x(f)) P_y(y - c_y - d_y(f)) * (1/L_z) integral P_z(z) dz`: the object is
/// taken as uniform across the slab, so the z profile contributes its area (its displacement
/// moves the slab but not the signal).
public struct VoxelSelection: Sendable, Equatable {
    public var centerMeters: SIMD3<Double>
    public var sizeMeters: SIMD3<Double>
    /// Profiles along x, y, z, positions relative to the box centre.
    public var profiles: [SliceSelectionProfile]

    public init(centerMeters: SIMD3<Double>, sizeMeters: SIMD3<Double>, profiles: [SliceSelectionProfile]) throws {
        guard profiles.count == 3 else {
            throw ASDSError.invalidInput(source: "voxel selection", field: "profiles", reason: "needs 3 profiles (x, y, z)")
        }
        self.centerMeters = centerMeters
        self.sizeMeters = sizeMeters
        self.profiles = profiles
    }

    /// Ideal rectangular profiles of the box's edge lengths (no chemical-shift displacement).
    public static func ideal(_ voxel: Phantom.Voxel) throws -> VoxelSelection {
        let size = SIMD3(voxel.sizeMeters[0], voxel.sizeMeters[1], voxel.sizeMeters[2])
        let profiles = try (0..<3).map { a in try SliceSelectionProfile.ideal(widthMeters: size[a], extentMeters: 3 * size[a]) }
        return try VoxelSelection(centerMeters: SIMD3(voxel.centerMeters[0], voxel.centerMeters[1], voxel.centerMeters[2]),
                                  sizeMeters: size, profiles: profiles)
    }

    /// Profiles simulated with the Bloch solver for Hann-windowed sinc pulses of `lobes` lobes
    /// (time-bandwidth product 2 lobes): PRESS has a 90 (x, `excitationSeconds`) and two crushed
    /// 180s (y, z, `refocusingSeconds`), STEAM three 90s; each pulse's gradient is set so that
    /// the simulated profile's FWHM equals the box's edge length along its axis.
    public static func simulated(_ voxel: Phantom.Voxel, timing: SingleVoxelTiming, excitationSeconds: Double = 2.6e-3,
                                 refocusingSeconds: Double = 5.2e-3, lobes: Int = 3, steps: Int = 128) throws -> VoxelSelection {
        let size = SIMD3(voxel.sizeMeters[0], voxel.sizeMeters[1], voxel.sizeMeters[2])
        var profiles: [SliceSelectionProfile] = []
        for a in 0..<3 {
            let positions = (0..<241).map { -1.5 * size[a] + 3 * size[a] * Double($0) / 240 }
            let refocus: Bool
            if case .press = timing { refocus = a > 0 } else { refocus = false }
            // Design for the nominal thickness, then rescale the gradient once so that the
            // profile's FWHM equals the box edge (a 180's beta^2 profile is narrower than its
            // small-tip bandwidth; the profile is a function of G z, so FWHM scales as 1/G).
            func simulate(_ thickness: Double) throws -> SliceSelectionProfile {
                let pulse = try BlochPulse.sliceSelective(
                    flipRadians: refocus ? Double.pi : Double.pi / 2, phaseRadians: refocus ? Double.pi / 2 : 0,
                    durationSeconds: refocus ? refocusingSeconds : excitationSeconds, lobes: lobes, steps: steps, axis: a,
                    thicknessMeters: thickness, rephase: !refocus)
                return try SliceSelectionProfile.simulate(pulse: pulse, axis: a, positionsMeters: positions, refocusing: refocus)
            }
            let nominal = try simulate(size[a])
            profiles.append(try simulate(size[a] * size[a] / nominal.fwhmMeters))
        }
        return try VoxelSelection(centerMeters: SIMD3(voxel.centerMeters[0], voxel.centerMeters[1], voxel.centerMeters[2]),
                                  sizeMeters: size, profiles: profiles)
    }

    /// Chemical-shift displacement along axis a for offset `frequencyHz`, in m.
    public func displacementMeters(axis a: Int, frequencyHz: Double) -> Double {
        let g = profiles[a].sliceGradientTeslaPerMeter
        return g == 0 ? 0 : frequencyHz / (PhysicalConstants.protonGyromagneticRatioHzPerTesla * g)
    }

    /// `(1/L_z) integral P_z dz` (trapezoid rule).
    public var slabFactor: Complex<Double> {
        let p = profiles[2]
        var s = Complex<Double>.zero
        for i in 1..<p.positionsMeters.count {
            s += (p.response[i] + p.response[i - 1]).multiplied(by: 0.5 * (p.positionsMeters[i] - p.positionsMeters[i - 1]))
        }
        return s.multiplied(by: 1 / sizeMeters.z)
    }

    /// The in-plane weight at (x, y) (m) for frequency `frequencyHz`; `slab` is `slabFactor`.
    public func weight(x: Double, y: Double, frequencyHz f: Double, slab: Complex<Double>) -> Complex<Double> {
        profiles[0].value(at: x - centerMeters.x - displacementMeters(axis: 0, frequencyHz: f))
            * profiles[1].value(at: y - centerMeters.y - displacementMeters(axis: 1, frequencyHz: f)) * slab
    }
}
