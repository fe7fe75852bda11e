import ASDSCore
import Foundation
import SpinPhysics

/// The table `asds simulate` prints: per metabolite its proton count, FID(0) and tallest peak.
enum BasisSummary {
    static func text(_ basis: BasisSet, definitions: [MetaboliteDefinition]) -> String {
        let a = basis.axis, q = basis.acquisition
        var timing = String(format: "TE %.1f ms", q.echoTimeSeconds * 1000)
        if let te1 = q.te1Seconds, let te2 = q.te2Seconds { timing += String(format: " (TE1 %.1f, TE2 %.1f ms)", te1 * 1000, te2 * 1000) }
        if let tm = q.mixingTimeSeconds { timing += String(format: ", TM %.1f ms", tm * 1000) }
        var lines = [String(format: "%@ %@, %@ pulses%@, B0 %.3f T (%.2f MHz), %d points, %.0f Hz",
                            q.sequence, timing, q.pulseMode, q.spatialPoints.map { " (\($0) x \($0) grid)" } ?? "",
                            a.b0Tesla, a.spectrometerFrequencyMHz, a.points, a.bandwidthHz)]
        lines.append("metabolite   protons   FID(0)   tallest peak (ppm, 0.2-4.2, 2 Hz broadening)")
        let window = a.indexRange(ppm: 0.2...4.2)
        for (metabolite, definition) in zip(basis.metabolites, definitions) {
            let protons = definition.subsystems.reduce(0.0) { sum, s in
                sum + s.scale * Double(s.groups.filter { $0.nucleus == .proton }.reduce(0) { $0 + $1.protons })
            }
            var fid = metabolite.fid
            for n in fid.indices { fid[n] = fid[n].multiplied(by: exp(-Double.pi * 2 * a.timeSeconds(at: n))) }
            let spectrum = FFT.spectrum(ofFID: fid)
            let peak = window.max { spectrum[$0].real < spectrum[$1].real } ?? 0
            let name = metabolite.name.padding(toLength: max(12, metabolite.name.count), withPad: " ", startingAt: 0)
            lines.append(name + String(format: " %7.2f  %7.3f   %.3f", protons, metabolite.fid.first?.length ?? 0,
                                       a.ppm(atIndex: Double(peak))))
        }
        return lines.joined(separator: "\n")
    }
}
