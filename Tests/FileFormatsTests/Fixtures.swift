import ASDSCore
import FileFormats
import Foundation
import Numerics
import TestSupport

/// Synthetic basis sets with analytically known spectra, and helpers shared by the format tests.
enum Fixtures {
    /// 2048 points, 4000 Hz, 123.2 MHz (2.89 T), carrier at `referencePPM`.
    static func axis(referencePPM: Double = 4.65) throws -> SpectralAxis {
        try SpectralAxis(points: 2048, bandwidthHz: 4000, spectrometerFrequencyHz: 123.2e6, referencePPM: referencePPM)
    }

    /// Frequency of spectrum bin offset `k` from the carrier, in Hz (an exact grid frequency).
    static func gridHz(_ k: Int, on axis: SpectralAxis) -> Double { Double(k) * axis.resolutionHz }

    /// `amplitude * exp(+i 2 pi f t) * exp(-t / t2)` sampled on `axis`.
    static func line(hz f: Double, amplitude: Double = 1, t2Seconds: Double = 0.08, phase: Double = 0, on axis: SpectralAxis) -> [Complex<Double>] {
        (0..<axis.points).map { n in
            let t = axis.timeSeconds(at: n)
            let arg = 2 * Double.pi * f * t + phase
            return Complex(Foundation.cos(arg), Foundation.sin(arg)).multiplied(by: amplitude * Foundation.exp(-t / t2Seconds))
        }
    }

    static func sum(_ parts: [[Complex<Double>]]) -> [Complex<Double>] {
        parts.dropFirst().reduce(parts[0]) { acc, p in zip(acc, p).map { $0 + $1 } }
    }

    /// Bin offsets (from the carrier) of the single line in `singleLineBasis`.
    static let lineBins = [100, -300, 0, 517]

    /// A basis set: lines at exact grid frequencies (so peaks fall on known bins), a two-line
    /// metabolite, and one FID of seeded random numbers (tests exactness of every bit).
    static func basis(referencePPM: Double = 4.65, acquisition: AcquisitionParameters = press) throws -> BasisSet {
        let axis = try axis(referencePPM: referencePPM)
        var random = SeededRandom(seed: 20240601)
        let noise = (0..<axis.points).map { _ in Complex(random.normal(), random.normal()) }
        return BasisSet(axis: axis, acquisition: acquisition, metabolites: [
            BasisMetabolite(name: "NAA", fid: line(hz: gridHz(lineBins[0], on: axis), amplitude: 3, on: axis)),
            BasisMetabolite(name: "Cr", fid: sum([
                line(hz: gridHz(lineBins[1], on: axis), amplitude: 3, on: axis),
                line(hz: gridHz(lineBins[1] + 150, on: axis), amplitude: 2, phase: 0.3, on: axis),
            ])),
            BasisMetabolite(name: "Water", fid: line(hz: gridHz(lineBins[2], on: axis), amplitude: 2, t2Seconds: 0.05, on: axis)),
            BasisMetabolite(name: "Glc_b", fid: line(hz: gridHz(lineBins[3], on: axis), amplitude: 1, phase: -1.1, on: axis)),
            BasisMetabolite(name: "Noise", fid: noise),
        ])
    }

    static let press = AcquisitionParameters(sequence: "PRESS", echoTimeSeconds: 0.03, te1Seconds: 0.011, te2Seconds: 0.019,
                                             pulseMode: "shaped", spatialPoints: 101)
    static let steam = AcquisitionParameters(sequence: "STEAM", echoTimeSeconds: 0.02, mixingTimeSeconds: 0.01, pulseMode: "ideal")

    /// Spectrum index of the largest magnitude.
    static func peakIndex(_ fid: [Complex<Double>]) -> Int {
        let s = FFT.spectrum(ofFID: fid)
        return s.indices.max { s[$0].length < s[$1].length }!
    }

    /// Chemical shift of the largest spectral magnitude of `fid` on `axis`, in ppm.
    static func peakPPM(_ fid: [Complex<Double>], on axis: SpectralAxis) -> Double {
        axis.ppm(atIndex: Double(peakIndex(fid)))
    }

    /// The files (including hidden temporary ones) left in `directory`.
    static func contents(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    /// `bytes` of the file at `path`.
    static func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

    static func write(_ bytes: [UInt8], to path: String) throws { try Data(bytes).write(to: URL(fileURLWithPath: path)) }

    /// The message of the `ASDSError` `body` throws, or nil if it throws none (or another type).
    static func errorMessage(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as ASDSError {
            return error.description
        } catch {
            return nil
        }
    }
}
