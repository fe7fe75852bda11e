import ASDSCore

/// The first path component of every `SeededRandom` stream the network code draws from, so
/// that the streams of different purposes never coincide.
enum RandomStream: UInt64 {
    /// Training/validation split: `[split]`.
    case split = 101
    /// Batch order of an epoch: `[batchOrder, epoch]`.
    case batchOrder = 102
    /// Reparameterisation noise of a training spectrum: `[trainingNoise, epoch, spectrumIndex]`.
    case trainingNoise = 103
    /// Reparameterisation noise of an evaluated spectrum: `[evaluationNoise, spectrumIndex]`.
    case evaluationNoise = 104

    /// Fills `count` values at `target` with standard-normal draws from `(seed, path)`.
    static func fillNormal<S: NetworkScalar>(_ target: UnsafeMutablePointer<S>, count: Int, seed: UInt64, path: [UInt64]) {
        var rng = SeededRandom(seed: seed, path: path)
        for i in 0..<count { target[i] = S(rng.normal()) }
    }
}
