import ASDSCore
import Datasets
import Encoding
import Numerics

/// One spectrum of the experiment with what reconstruction may know about it (the data y and the
/// calibrated system H) and what only scoring may see (the object's spectrum and concentrations).
public struct ExperimentItem: Sendable {
    /// Suite item index.
    public let index: Int
    /// Index into the suite's sequences.
    public let sequence: Int
    /// The acquired noisy FID y.
    public let fid: [Complex<Double>]
    /// H for this acquisition.
    public let system: SingleVoxelSystemMatrix
    /// Truth: the object's spectrum `FFT.spectrum(ofFID: intrinsic)`.
    public let truthSpectrum: [Complex<Double>]
    /// Truth: concentrations in mM, in suite metabolite order.
    public let truthConcentrations: [Double]
    /// The SNR the generator targeted.
    public let targetSNR: Double

    public init(index: Int, sequence: Int, fid: [Complex<Double>], system: SingleVoxelSystemMatrix,
                truthSpectrum: [Complex<Double>], truthConcentrations: [Double], targetSNR: Double) {
        self.index = index
        self.sequence = sequence
        self.fid = fid
        self.system = system
        self.truthSpectrum = truthSpectrum
        self.truthConcentrations = truthConcentrations
        self.targetSNR = targetSNR
    }

    /// Data without ground truth (for example a NIfTI-MRS file): the system is known only as the
    /// plain inverse DFT (no broadening, offset or phase to undo); truth fields are empty.
    public init(index: Int, fid: [Complex<Double>], axis: SpectralAxis) {
        self.init(index: index, sequence: 0, fid: fid, system: SingleVoxelSystemMatrix(system: SystemResponse(), axis: axis),
                  truthSpectrum: [], truthConcentrations: [], targetSNR: .nan)
    }

    public init(_ item: SynthesizedSpectrum, axis: SpectralAxis) {
        index = item.truth.index
        sequence = item.truth.sequence
        fid = item.noisy
        system = SingleVoxelSystemMatrix(system: SystemResponse(truth: item.truth), axis: axis)
        truthSpectrum = FFT.spectrum(ofFID: item.intrinsic)
        truthConcentrations = item.truth.concentrationsMM
        targetSNR = item.truth.targetSNR
    }

    /// The experiment's items of one split, in index order.
    public static func items(of dataset: GeneratedDataset, training: Bool) -> [ExperimentItem] {
        let chosen = dataset.items.filter { $0.truth.isTraining == training }
        return Parallel.map(chosen.count) { ExperimentItem(chosen[$0], axis: dataset.axis) }
    }
}
