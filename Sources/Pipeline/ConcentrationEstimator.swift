import ASDSCore
import Datasets
import Foundation
import Numerics
import Quantification

/// Linear-combination fits of reconstructed spectra against the dataset's own basis (plus its
/// macromolecule and lipid components), turned into concentrations: amplitude / exp(-TE/T2),
/// with T2 the suite's mean T2 of each metabolite (the analyst's prior, not the item's truth).
public struct ConcentrationEstimator: Sendable {
    private let fitters: [BaselineOrderSelection]
    /// `attenuation[sequence][metabolite]` = exp(-TE / mean T2).
    private let attenuation: [[Double]]
    /// Number of suite metabolites (the first columns of every fit).
    public let metaboliteCount: Int

    public init(dataset: GeneratedDataset) throws {
        let suite = dataset.suite
        var fitters: [BaselineOrderSelection] = []
        for basis in dataset.bases {
            var members = basis.metabolites
            if let mm = dataset.macromoleculeFID { members.append(BasisMetabolite(name: "MM", fid: mm)) }
            if let lipids = dataset.lipidFID { members.append(BasisMetabolite(name: "Lip", fid: lipids)) }
            let full = BasisSet(axis: basis.axis, acquisition: basis.acquisition, metabolites: members)
            fitters.append(try BaselineOrderSelection(basis: full, dataAxis: dataset.axis, options: Self.fitOptions,
                                                      orders: Self.baselineOrders, basisSource: "dataset basis"))
        }
        self.fitters = fitters
        attenuation = Self.attenuations(dataset)
        metaboliteCount = suite.metabolites.count
    }

    /// The fit settings: 0.2-4.2 ppm, a Legendre baseline of the order `baselineOrders` picks (6
    /// is flexible enough for broad residual baselines; the order set here is the most flexible
    /// one), non-negative amplitudes, CRLBs from the residual, one line shape shared by every
    /// metabolite. (Own line shapes for the NAA and creatine groups removed their T2
    /// biases on challenge-like, +4% and -5%, but let single fits run away to other peaks; the
    /// shared line shape is the robust choice; docs/RESULTS.md.)
    public static let fitOptions = LinearCombinationOptions(baselineOrder: 6)

    /// The Legendre baseline orders the fit chooses from per spectrum (`BaselineOrderSelection`,
    /// smallest BIC): order 2 where the baseline is flat (narrower bounds), order 6 where it is not.
    public static let baselineOrders = [2, 6]

    /// `exp(-TE / mean T2)` per sequence and suite metabolite (1 when the suite applies no T2).
    public static func attenuations(_ dataset: GeneratedDataset) -> [[Double]] {
        let suite = dataset.suite
        return dataset.bases.map { basis in
            let te = basis.acquisition.echoTimeSeconds
            return suite.metabolites.map { name in
                guard let t2 = suite.artefacts.t2Seconds?.distribution(for: name).mean, t2.isFinite, t2 > 0 else { return 1 }
                return exp(-te / t2)
            }
        }
    }

    /// Concentrations (mM) and their Cramer-Rao lower bounds for the spectrum of an item acquired
    /// with `sequence`.
    public func estimate(spectrum: [Complex<Double>], sequence: Int) throws -> (concentrations: [Double], crlb: [Double]) {
        let fit = try fitters[sequence].fit(fid: FFT.fid(ofSpectrum: spectrum))
        let a = attenuation[sequence]
        return ((0..<metaboliteCount).map { fit.amplitudes[$0] / a[$0] }, (0..<metaboliteCount).map { fit.crlb[$0] / a[$0] })
    }
}
