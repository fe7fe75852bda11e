/// The shape of one sample's activation: `channels x length`, stored row-major (channel after
/// channel). A dense layer's vector of `n` features has the shape `n x 1`.
public struct ActivationShape: Codable, Equatable, Hashable, Sendable, CustomStringConvertible {
    /// Number of channels (feature maps), or features of a vector.
    public var channels: Int
    /// Samples per channel (spectral points after any pooling or upsampling).
    public var length: Int

    public init(channels: Int, length: Int) {
        self.channels = channels
        self.length = length
    }

    /// A vector of `features` values (`features x 1`).
    public static func vector(_ features: Int) -> ActivationShape { ActivationShape(channels: features, length: 1) }

    /// Number of values, `channels * length`.
    public var count: Int { channels * length }

    public var description: String { "\(channels)x\(length)" }
}
