import ASDSCore
import Foundation
import Numerics

/// A Gaussian line of a macromolecule or lipid component.
public struct GaussianLine: Decodable, Sendable, Equatable {
    /// Centre, in ppm.
    public let ppm: Double
    /// Area, in protons.
    public let protons: Double
    /// Full width at half maximum, in ppm.
    public let fwhmPPM: Double

    public init(ppm: Double, protons: Double, fwhmPPM: Double) {
        self.ppm = ppm
        self.protons = protons
        self.fwhmPPM = fwhmPPM
    }
}

/// A named sum of Gaussian lines (for example LCModel's MM20).
public struct LineComponent: Decodable, Sendable, Equatable {
    public let name: String
    public let peaks: [GaussianLine]

    public init(name: String, peaks: [GaussianLine]) {
        self.name = name
        self.peaks = peaks
    }

    /// The component's FID on `axis` (no extra broadening): each line is
    /// `protons * exp(i 2 pi f t) * exp(-(pi W t)^2 / (4 ln 2))`, W its FWHM in Hz, so its spectrum
    /// is a Gaussian of that FWHM and its FID(0) is the total proton count.
    public func fid(on axis: SpectralAxis) -> [Complex<Double>] {
        var out = [Complex<Double>](repeating: .zero, count: axis.points)
        for line in peaks {
            let widthHz = line.fwhmPPM * axis.spectrometerFrequencyMHz
            Oscillator.accumulate(into: &out, amplitude: Complex(line.protons, 0), frequencyHz: axis.frequencyHz(ppm: line.ppm),
                                  gaussian: pow(Double.pi * widthHz, 2) / (4 * log(2.0)), dt: axis.dwellSeconds)
        }
        return out
    }
}

/// The macromolecule and lipid component models of `metabolites/macromolecules/*.json`.
public struct LineComponentLibrary: Decodable, Sendable, Equatable {
    public let description: String
    public let reference: String
    public let macromolecules: [LineComponent]
    public let lipids: [LineComponent]

    /// The bundled LCModel-style components.
    public static func load(from library: ResourceLocator) throws -> LineComponentLibrary {
        let path = library.metabolitesDirectory + "/macromolecules/lcmodel.json"
        let components = try JSONInput.decode(LineComponentLibrary.self, fromFile: path)
        for (i, c) in (components.macromolecules + components.lipids).enumerated() {
            guard !c.peaks.isEmpty else { throw ASDSError.invalidInput(source: path, field: "component \(i)", reason: "has no peaks") }
            for p in c.peaks where !(p.fwhmPPM > 0 && p.protons > 0 && p.ppm.isFinite) {
                throw ASDSError.invalidInput(source: path, field: c.name, reason: "peaks need ppm, protons > 0 and fwhmPPM > 0")
            }
        }
        return components
    }

    /// Sum of all macromolecule components' FIDs (each at unit concentration).
    public func macromoleculeFID(on axis: SpectralAxis) -> [Complex<Double>] { sum(macromolecules, axis) }
    /// Sum of all lipid components' FIDs (each at unit concentration).
    public func lipidFID(on axis: SpectralAxis) -> [Complex<Double>] { sum(lipids, axis) }

    private func sum(_ components: [LineComponent], _ axis: SpectralAxis) -> [Complex<Double>] {
        var out = [Complex<Double>](repeating: .zero, count: axis.points)
        for c in components {
            let f = c.fid(on: axis)
            for i in out.indices { out[i] += f[i] }
        }
        return out
    }
}
