import ASDSCore
import Bloch
import Encoding
import Foundation
import Metrics
import Numerics

/// Where an acquisition is scored: the object mask and the lesion and normal-tissue voxels.
public struct MRSIScoringRegions: Sendable, Equatable {
    /// Voxels whose total true amplitude is at least half the 90th percentile over voxels with
    /// signal (inside the excited object; partial-volume edges excluded).
    public var object: [Int]
    /// Object voxels at least 75 % inside a region named "lesion".
    public var lesion: [Int]
    /// Object voxels with no lesion and at least 75 % in other metabolite-holding regions.
    public var normal: [Int]

    public init(truth: MetaboliteMaps, phantom: Phantom) {
        let m = truth.metabolites.count, voxels = truth.matrix * truth.matrix
        let totals = (0..<voxels).map { p in (0..<m).reduce(0.0) { $0 + truth.values[p * m + $1] } }
        let positive = totals.filter { $0 > 0 }.sorted()
        let reference = positive.isEmpty ? 0 : positive[min(positive.count - 1, Int(0.9 * Double(positive.count)))]
        object = (0..<voxels).filter { positive.isEmpty ? false : totals[$0] >= 0.5 * reference }
        var raster = phantom
        raster.matrix = truth.matrix
        let fractions = PhantomRaster(raster).fractions
        let lesionRegions = phantom.regions.indices.filter { phantom.regions[$0].name.lowercased().contains("lesion") }
        let tissue = phantom.regions.indices.filter { !lesionRegions.contains($0) && !phantom.regions[$0].concentrations.isEmpty }
        func fraction(_ regions: [Int], _ p: Int) -> Double { regions.reduce(0.0) { $0 + fractions[$1][p] } }
        lesion = object.filter { fraction(lesionRegions, $0) >= 0.75 }
        normal = object.filter { fraction(lesionRegions, $0) == 0 && fraction(tissue, $0) >= 0.75 }
    }
}

/// The scores of one method on one MRSI acquisition (definitions in docs/METRICS.md, "MRSI").
public struct MRSIScore: Sendable, Equatable {
    public var item: Int
    public var trajectory: String
    public var method: MRSIMethod
    public var metabolites: [String]
    /// Per metabolite, over the object mask: `sqrt(mean (est - true)^2) / mean true` and
    /// `mean (est - true) / mean true` (NaN when the metabolite is absent).
    public var nrmse: [Double]
    public var bias: [Double]
    /// Per metabolite: lesion/normal ratio of the means, estimated and true (NaN without a lesion).
    public var contrastEstimated: [Double]
    public var contrastTrue: [Double]
    /// Median over object voxels of the relative CRLB (CRLB / true amplitude), per metabolite.
    public var relativeCRLB: [Double]
    /// Median over object voxels of the error-based SNR of the spectrum (NAA peak / RMS error).
    public var snrError: Double
    /// Effective spatial resolution: FWHM of the method's point-spread function, mm (x, y mean).
    public var psfFWHMMillimetres: Double
    public var seconds: Double

    /// Scores `estimate` against `truth` on `regions`.
    public static func score(item: Int, trajectory: String, method: MRSIMethod, estimate: MetaboliteMaps, truth: MetaboliteMaps,
                             regions: MRSIScoringRegions, reconstructed: [Complex<Double>], truthSpectra: [Complex<Double>],
                             axis: SpectralAxis, psfFWHMMillimetres: Double, seconds: Double) -> MRSIScore {
        let m = truth.metabolites.count, s = axis.points
        func values(_ maps: MetaboliteMaps, _ k: Int, _ voxels: [Int]) -> [Double] { voxels.map { maps.values[$0 * m + k] } }
        func mean(_ x: [Double]) -> Double { x.isEmpty ? .nan : x.reduce(0, +) / Double(x.count) }
        var nrmse = [Double](), bias = [Double](), ce = [Double](), ct = [Double](), crlb = [Double]()
        for k in 0..<m {
            let t = values(truth, k, regions.object), e = values(estimate, k, regions.object).map { $0.isNaN ? 0 : $0 }
            let mt = mean(t)
            if mt > 0 {
                nrmse.append(mean(zip(e, t).map { ($0 - $1) * ($0 - $1) }).squareRoot() / mt)
                bias.append(mean(zip(e, t).map { $0 - $1 }) / mt)
            } else { nrmse.append(.nan); bias.append(.nan) }
            let tn = mean(values(truth, k, regions.normal)), tl = mean(values(truth, k, regions.lesion))
            let en = mean(values(estimate, k, regions.normal)), el = mean(values(estimate, k, regions.lesion))
            ct.append(tn > 0 ? tl / tn : .nan)
            ce.append(en > 0 ? el / en : .nan)
            let relative = regions.object.compactMap { p -> Double? in
                let tv = truth.values[p * m + k], c = estimate.crlb[p * m + k]
                return tv > 0 && c.isFinite ? c / tv : nil
            }
            crlb.append(relative.isEmpty ? .nan : NoiseEstimation.median(relative))
        }
        let snrs = regions.object.compactMap { p -> Double? in
            let r = Array(reconstructed[(p * s)..<((p + 1) * s)]), t = Array(truthSpectra[(p * s)..<((p + 1) * s)])
            return try? SignalToNoise.errorBased(r, truth: t, axis: axis)
        }
        return MRSIScore(item: item, trajectory: trajectory, method: method, metabolites: truth.metabolites, nrmse: nrmse, bias: bias,
                         contrastEstimated: ce, contrastTrue: ct, relativeCRLB: crlb,
                         snrError: snrs.isEmpty ? .nan : NoiseEstimation.median(snrs), psfFWHMMillimetres: psfFWHMMillimetres,
                         seconds: seconds)
    }
}
