import Foundation

/// A throughput figure for `asds bench`: items per second, optionally beside a peer tool's
/// published figure.
public struct ThroughputMeasurement: Sendable {
    /// What was measured, for example `FISTA, 2048 points, 200-iteration cap`.
    public var name: String
    /// Items processed.
    public var items: Int
    /// Wall-clock time, in s.
    public var seconds: Double
    /// Peer tool and its items per second, when one is known.
    public var peerName: String?
    public var peerItemsPerSecond: Double?

    public init(name: String, items: Int, seconds: Double, peerName: String? = nil, peerItemsPerSecond: Double? = nil) {
        self.name = name
        self.items = items
        self.seconds = seconds
        self.peerName = peerName
        self.peerItemsPerSecond = peerItemsPerSecond
    }

    /// Items per second.
    public var itemsPerSecond: Double { Double(items) / seconds }

    /// Our rate over the peer's (above 1: faster).
    public var ratio: Double? { peerItemsPerSecond.map { itemsPerSecond / $0 } }

    /// `name  rate/s  [peer rate/s  xratio]`, one line.
    public var line: String {
        var s = "\(name): " + String(format: "%.1f/s (%d in %.3f s)", itemsPerSecond, items, seconds)
        if let peerName, let peer = peerItemsPerSecond, let ratio {
            s += String(format: "; %@ %.3g/s; ratio %.2f", peerName, peer, ratio)
        }
        return s
    }

    /// Times `body` (called once, processing `items` items).
    public static func measure(_ name: String, items: Int, peerName: String? = nil, peerItemsPerSecond: Double? = nil,
                               _ body: () throws -> Void) rethrows -> ThroughputMeasurement {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        return ThroughputMeasurement(name: name, items: items, seconds: max(seconds, 1e-9), peerName: peerName, peerItemsPerSecond: peerItemsPerSecond)
    }
}
