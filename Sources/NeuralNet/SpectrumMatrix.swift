import ASDSCore

/// A batch of preprocessed spectra in `Float32`: `count x channels x points`, row-major
/// (spectrum after spectrum, channel after channel), the network's input and output layout.
public struct SpectrumMatrix: Equatable, Sendable {
    /// Number of spectra.
    public let count: Int
    /// Channels per spectrum (2: real, imaginary).
    public let channels: Int
    /// Points per channel.
    public let points: Int
    /// `count * channels * points` values.
    public let values: [Float]

    /// Checks the size and that every value is finite; errors name `source`.
    public init(values: [Float], count: Int, channels: Int, points: Int, source: String = "spectra") throws {
        guard count >= 0, channels > 0, points > 0 else {
            throw ASDSError.invalidInput(source: source, field: "shape",
                                         reason: "needs count >= 0 and positive channels and points, got \(count) x \(channels) x \(points)")
        }
        guard values.count == count * channels * points else {
            throw ASDSError.invalidInput(source: source, field: "values",
                                         reason: "expected \(count) x \(channels) x \(points) = \(count * channels * points) values, got \(values.count)")
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw ASDSError.invalidInput(source: source, field: "spectrum \(bad / (channels * points))",
                                         reason: "holds a non-finite value (\(values[bad]))")
        }
        self.values = values
        self.count = count
        self.channels = channels
        self.points = points
    }

    /// Values per spectrum, `channels * points`.
    public var valuesPerSpectrum: Int { channels * points }

    /// The values of spectrum `i`.
    public func spectrum(_ i: Int) -> ArraySlice<Float> {
        values[(i * valuesPerSpectrum)..<((i + 1) * valuesPerSpectrum)]
    }

    /// The spectra at `indices`, in that order.
    public func subset(_ indices: [Int]) -> SpectrumMatrix {
        var selected: [Float] = []
        selected.reserveCapacity(indices.count * valuesPerSpectrum)
        for i in indices { selected += spectrum(i) }
        return SpectrumMatrix(checked: selected, count: indices.count, channels: channels, points: points)
    }

    /// A random split into training and validation sets: `round(validationFraction * count)`
    /// spectra (at least 1) go to validation, chosen by a shuffle from `seed`; both sets keep
    /// the original order. Throws when either set would be empty.
    public func split(validationFraction: Double, seed: UInt64, source: String = "spectra")
        throws -> (training: SpectrumMatrix, validation: SpectrumMatrix)
    {
        guard validationFraction.isFinite, validationFraction > 0, validationFraction < 1 else {
            throw ASDSError.invalidInput(source: source, field: "validationFraction",
                                         reason: "must lie strictly between 0 and 1, got \(validationFraction)")
        }
        let validationCount = max(1, Int((validationFraction * Double(count)).rounded()))
        guard validationCount < count else {
            throw ASDSError.invalidInput(source: source, field: "count",
                                         reason: "\(count) spectra cannot be split into non-empty training and validation sets")
        }
        var order = Array(0..<count)
        var rng = SeededRandom(seed: seed, path: [RandomStream.split.rawValue])
        rng.shuffle(&order)
        let validation = order.prefix(validationCount).sorted(), training = order.dropFirst(validationCount).sorted()
        return (subset(training), subset(validation))
    }

    /// Throws `mismatch` naming `source` unless the spectra have `architecture`'s shape.
    public func checkShape(_ architecture: VAEArchitecture, source: String) throws {
        guard channels == architecture.channels else {
            throw ASDSError.mismatch(what: "\(source): channels",
                                     reason: "the spectra have \(channels) channels, the model takes \(architecture.channels)")
        }
        guard points == architecture.points else {
            throw ASDSError.mismatch(what: "\(source): points",
                                     reason: "the spectra have \(points) points, the model takes \(architecture.points)")
        }
    }

    /// For values already known to be valid.
    init(checked values: [Float], count: Int, channels: Int, points: Int) {
        self.values = values
        self.count = count
        self.channels = channels
        self.points = points
    }
}
