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
}
