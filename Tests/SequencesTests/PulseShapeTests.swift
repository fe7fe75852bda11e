import ASDSCore
import Foundation
import Sequences
import SpinPhysics
import Testing
import TestSupport

@Suite("Pulse shapes and slice profiles")
struct PulseShapeTests {
    static let names = ["hsinc-excite-2p6ms", "hsinc-refocus-5p2ms"]

    static func shape(_ name: String) throws -> PulseShape {
        try PulseShape.load(path: TestSupport.repositoryRoot + "/sequences/pulses/\(name).json")
    }

    @Test("bundled tables equal the Hamming-sinc formula they document", arguments: names)
    func tablesMatchFormula(name: String) throws {
        let shape = try Self.shape(name)
        let formula = PulseShape.hammingSinc(samples: shape.amplitudes.count, timeBandwidthProduct: shape.timeBandwidthProduct)
        #expect(zip(shape.amplitudes, formula.amplitudes).allSatisfy { abs($0 - $1) < 1e-11 })
        #expect(shape.phasesDegrees == formula.phasesDegrees)
        #expect(shape.rfPulse(flipDegrees: shape.nominalFlipDegrees).isMirrorSymmetricAlongX)
    }

    static func offsets(_ shape: PulseShape) -> [Double] {
        let span = 2 * shape.timeBandwidthProduct / shape.durationSeconds
        return (0...4000).map { -span + 2 * span * Double($0) / 4000 }
    }

    @Test("the sinc excitation's slice-profile FWHM matches its time-bandwidth product within 5%")
    func excitationBandwidth() throws {
        let shape = try Self.shape("hsinc-excite-2p6ms")
        let designed = shape.timeBandwidthProduct / shape.durationSeconds
        let x = Self.offsets(shape)
        let nominal = SliceProfile.fullWidthHalfMaximum(
            offsetsHz: x, profile: SliceProfile.excitation(shape.rfPulse(flipDegrees: 90), offsetsHz: x))
        #expect(abs(nominal / designed - 1) < 0.05)
        #expect(abs(nominal / shape.bandwidthHz - 1) < 0.002)
        // In the small-tip regime the profile is the Fourier transform of the shape.
        let smallTip = SliceProfile.fullWidthHalfMaximum(
            offsetsHz: x, profile: SliceProfile.excitation(shape.rfPulse(flipDegrees: 10), offsetsHz: x))
        #expect(abs(smallTip / designed - 1) < 0.01)
    }

    @Test("the refocusing pulse's stated bandwidth is its |beta|^2 profile FWHM")
    func refocusingBandwidth() throws {
        let shape = try Self.shape("hsinc-refocus-5p2ms")
        let x = Self.offsets(shape)
        let fwhm = SliceProfile.fullWidthHalfMaximum(
            offsetsHz: x, profile: SliceProfile.refocusing(shape.rfPulse(flipDegrees: 180), offsetsHz: x))
        #expect(abs(fwhm / shape.bandwidthHz - 1) < 0.002)
        #expect(fwhm > 1200 && fwhm < 1500)
        #expect(abs(SliceProfile.refocusing(shape.rfPulse(flipDegrees: 180), offsetsHz: [0])[0] - 1) < 1e-9)
    }

    @Test("the HS1 table equals the hyperbolic-secant formula it documents")
    func adiabaticTableMatchesFormula() throws {
        let shape = try Self.shape("hs1-afp-6ms")
        #expect(shape.isAdiabatic && shape.purpose == "inversion")
        let formula = PulseShape.hyperbolicSecant(samples: shape.amplitudes.count, timeBandwidthProduct: shape.timeBandwidthProduct, beta: 5.3)
        #expect(zip(shape.amplitudes, formula.amplitudes).allSatisfy { abs($0 - $1) < 1e-11 })
        // Compared as unit phasors: a wrapped phase may sit at +180 in one and -180 in the other.
        #expect(zip(shape.phasesDegrees, formula.phasesDegrees).allSatisfy {
            let d = ($0 - $1) * .pi / 180
            return abs(Foundation.sin(d)) < 1e-9 && Foundation.cos(d) > 0
        })
        // An adiabatic pulse is played at its peak B1, whatever flip angle it is asked for.
        #expect(shape.rfPulse(flipDegrees: 90) == shape.rfPulse(peakB1Hz: shape.peakB1Hz!))
        #expect(abs(shape.rfPulse(flipDegrees: 180).b1Hz.max()! - shape.peakB1Hz!) < 1e-9)
    }

    /// The adiabatic inversion: its stated bandwidth is the profile FWHM, equal to the sweep R/T
    /// within 1 %, and the profile is flat within 1 % over the central 80 % of it.
    @Test("the HS1 inversion profile is flat within 1% over 80% of its bandwidth")
    func adiabaticInversionProfile() throws {
        let shape = try Self.shape("hs1-afp-6ms")
        let pulse = shape.rfPulse(peakB1Hz: shape.peakB1Hz!)
        let x = Self.offsets(shape)
        let profile = SliceProfile.refocusing(pulse, offsetsHz: x)
        let fwhm = SliceProfile.fullWidthHalfMaximum(offsetsHz: x, profile: profile)
        #expect(abs(fwhm / shape.bandwidthHz - 1) < 0.002)
        #expect(abs(fwhm / (shape.timeBandwidthProduct / shape.durationSeconds) - 1) < 0.01)
        let flatTop = zip(x, profile).filter { abs($0.0) <= 0.4 * fwhm }.map(\.1)
        #expect(flatTop.count > 100 && flatTop.allSatisfy { $0 >= 0.99 }, "min \(flatTop.min()!)")
        // Far outside the band the pulse leaves the magnetisation alone.
        let outside = zip(x, profile).filter { abs($0.0) >= 1.5 * fwhm / 2 }.map(\.1)
        #expect(outside.allSatisfy { $0 < 0.01 })
    }

    /// Adiabatic above the B1 threshold: from 0.75 to 2 times the nominal peak B1 the inversion on
    /// resonance stays above 99 %, where a sinc refocusing pulse at 0.75 times its B1 loses about
    /// 15 % (sin^2(67.5 degrees)); below the threshold (0.4 times) the passage is no longer adiabatic.
    @Test("the HS1 pulse is insensitive to B1 above its adiabatic threshold, unlike the sinc")
    func adiabaticAboveThreshold() throws {
        let shape = try Self.shape("hs1-afp-6ms")
        let peak = shape.peakB1Hz!
        for factor in [0.75, 1.0, 1.5, 2.0] {
            let inversion = SliceProfile.refocusing(shape.rfPulse(peakB1Hz: factor * peak), offsetsHz: [0, 1000])
            #expect(inversion.allSatisfy { $0 >= 0.99 }, "B1 x \(factor): \(inversion)")
        }
        #expect(SliceProfile.refocusing(shape.rfPulse(peakB1Hz: 0.4 * peak), offsetsHz: [0])[0] < 0.9)
        let sinc = try Self.shape("hsinc-refocus-5p2ms").rfPulse(flipDegrees: 180)
        let low = SliceProfile.refocusing(sinc.scaled(by: 0.75), offsetsHz: [0])[0]
        #expect(abs(low - pow(Foundation.sin(0.75 * Double.pi / 2), 2)) < 1e-6)
    }
}
