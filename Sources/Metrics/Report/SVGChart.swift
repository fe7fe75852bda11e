import Foundation

/// A self-contained SVG chart (line and scatter series, linear axes with ticks), for reports that
/// must open offline: no scripts, no external resources.
public struct SVGChart: Sendable {
    public enum Style: Sendable { case line, scatter }

    public struct Series: Sendable {
        public var name: String
        public var x: [Double]
        public var y: [Double]
        public var style: Style
        public var color: String

        public init(name: String, x: [Double], y: [Double], style: Style = .line, color: String) {
            precondition(x.count == y.count, "series \(name): x and y differ in length")
            self.name = name
            self.x = x
            self.y = y
            self.style = style
            self.color = color
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    /// Draw x decreasing to the right (the ppm convention of spectra).
    public var reverseX: Bool
    public var series: [Series]
    public var width = 640.0
    public var height = 360.0

    public init(title: String, xLabel: String, yLabel: String, reverseX: Bool = false, series: [Series]) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.reverseX = reverseX
        self.series = series
    }

    /// A palette that stays distinguishable in print.
    public static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf", "#7f7f7f"]

    /// The chart as an `<svg>` element.
    public func render() -> String {
        let left = 64.0, right = 150.0, top = 30.0, bottom = 46.0
        let plotW = width - left - right, plotH = height - top - bottom
        let finite = series.flatMap { s in zip(s.x, s.y).filter { $0.0.isFinite && $0.1.isFinite } }
        var (x0, x1) = Self.range(finite.map(\.0))
        var (y0, y1) = Self.range(finite.map(\.1))
        (x0, x1) = Self.niceRange(x0, x1)
        (y0, y1) = Self.niceRange(y0, y1)
        func px(_ x: Double) -> Double {
            let f = (x - x0) / (x1 - x0)
            return left + (reverseX ? 1 - f : f) * plotW
        }
        func py(_ y: Double) -> Double { top + (1 - (y - y0) / (y1 - y0)) * plotH }

        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\">"
        out += "<title>\(Self.escape(title))</title>"
        out += "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(plotW)\" height=\"\(plotH)\" fill=\"white\" stroke=\"#999\"/>"
        out += "<text x=\"\(left + plotW / 2)\" y=\"18\" text-anchor=\"middle\" font-size=\"14\" font-family=\"sans-serif\">\(Self.escape(title))</text>"
        for tick in Self.ticks(x0, x1) {
            let x = Self.fmt(px(tick))
            out += "<line x1=\"\(x)\" y1=\"\(Self.fmt(top + plotH))\" x2=\"\(x)\" y2=\"\(Self.fmt(top + plotH + 5))\" stroke=\"#333\"/>"
            out += "<text x=\"\(x)\" y=\"\(Self.fmt(top + plotH + 18))\" text-anchor=\"middle\" font-size=\"11\" font-family=\"sans-serif\">\(Self.label(tick))</text>"
        }
        for tick in Self.ticks(y0, y1) {
            let y = Self.fmt(py(tick))
            out += "<line x1=\"\(Self.fmt(left - 5))\" y1=\"\(y)\" x2=\"\(left)\" y2=\"\(y)\" stroke=\"#333\"/>"
            out += "<line x1=\"\(left)\" y1=\"\(y)\" x2=\"\(Self.fmt(left + plotW))\" y2=\"\(y)\" stroke=\"#eee\"/>"
            out += "<text x=\"\(Self.fmt(left - 8))\" y=\"\(Self.fmt(py(tick) + 4))\" text-anchor=\"end\" font-size=\"11\" font-family=\"sans-serif\">\(Self.label(tick))</text>"
        }
        out += "<text x=\"\(Self.fmt(left + plotW / 2))\" y=\"\(Self.fmt(height - 8))\" text-anchor=\"middle\" font-size=\"12\" font-family=\"sans-serif\">\(Self.escape(xLabel))</text>"
        out += "<text x=\"14\" y=\"\(Self.fmt(top + plotH / 2))\" text-anchor=\"middle\" font-size=\"12\" font-family=\"sans-serif\" transform=\"rotate(-90 14 \(Self.fmt(top + plotH / 2)))\">\(Self.escape(yLabel))</text>"
        for (i, s) in series.enumerated() {
            let points = zip(s.x, s.y).filter { $0.0.isFinite && $0.1.isFinite }
            switch s.style {
            case .line:
                let d = points.enumerated().map { j, p in (j == 0 ? "M" : "L") + Self.fmt(px(p.0)) + " " + Self.fmt(py(p.1)) }.joined()
                out += "<path d=\"\(d)\" fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"1.2\"/>"
            case .scatter:
                for p in points {
                    out += "<circle cx=\"\(Self.fmt(px(p.0)))\" cy=\"\(Self.fmt(py(p.1)))\" r=\"2.2\" fill=\"\(s.color)\" fill-opacity=\"0.6\"/>"
                }
            }
            let ly = top + 14 + Double(i) * 18
            out += "<rect x=\"\(Self.fmt(left + plotW + 12))\" y=\"\(Self.fmt(ly - 8))\" width=\"12\" height=\"4\" fill=\"\(s.color)\"/>"
            out += "<text x=\"\(Self.fmt(left + plotW + 30))\" y=\"\(Self.fmt(ly - 2))\" font-size=\"11\" font-family=\"sans-serif\">\(Self.escape(s.name))</text>"
        }
        return out + "</svg>"
    }

    static func range(_ values: [Double]) -> (Double, Double) {
        guard let lo = values.min(), let hi = values.max() else { return (0, 1) }
        if lo == hi { return (lo - 0.5, hi + 0.5) }
        return (lo, hi)
    }

    /// Expands [lo, hi] to multiples of a 1-2-5 tick step.
    static func niceRange(_ lo: Double, _ hi: Double) -> (Double, Double) {
        let step = tickStep(lo, hi)
        return ((lo / step).rounded(.down) * step, (hi / step).rounded(.up) * step)
    }

    static func tickStep(_ lo: Double, _ hi: Double) -> Double {
        let raw = (hi - lo) / 6
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let f = raw / magnitude
        return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * magnitude
    }

    /// Tick positions: the multiples of a 1-2-5 step that lie within [lo, hi].
    public static func ticks(_ lo: Double, _ hi: Double) -> [Double] {
        let step = tickStep(lo, hi)
        var t = (lo / step).rounded(.up) * step, out: [Double] = []
        while t <= hi + step * 1e-9 {
            out.append(abs(t) < step * 1e-9 ? 0 : t)
            t += step
        }
        return out
    }

    static func label(_ v: Double) -> String {
        let a = abs(v)
        if a != 0 && (a >= 1e5 || a < 1e-3) { return String(format: "%.1e", v) }
        return String(format: "%g", (v * 1000).rounded() / 1000)
    }

    static func fmt(_ v: Double) -> String { String(format: "%.1f", v) }

    /// Escapes text for XML content and attribute values.
    public static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
