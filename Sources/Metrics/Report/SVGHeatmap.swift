import Foundation

/// A self-contained SVG image of an N x N map (grey scale from `range.lowerBound` black to
/// `range.upperBound` white; NaN drawn in a neutral blue), row `iy = 0` at the bottom as in the
/// scanner frame, with its title and colour range printed beneath.
public struct SVGHeatmap: Sendable {
    public var title: String
    public var matrix: Int
    /// `values[iy * N + ix]`.
    public var values: [Double]
    public var range: ClosedRange<Double>
    public var pixels = 8.0

    public init(title: String, matrix: Int, values: [Double], range: ClosedRange<Double>) {
        precondition(values.count == matrix * matrix, "heatmap \(title): \(values.count) values for a \(matrix) x \(matrix) map")
        self.title = title
        self.matrix = matrix
        self.values = values
        self.range = range
    }

    public func render() -> String {
        let side = Double(matrix) * pixels, height = side + 34
        var svg = String(format: "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">", side, height, side, height)
        svg += "<title>\(SVGChart.escape(title))</title>"
        let span = max(range.upperBound - range.lowerBound, .leastNormalMagnitude)
        for iy in 0..<matrix {
            for ix in 0..<matrix {
                let v = values[iy * matrix + ix]
                let fill: String
                if v.isNaN {
                    fill = "#c8d4e6"
                } else {
                    let g = Int((min(max((v - range.lowerBound) / span, 0), 1) * 255).rounded())
                    fill = String(format: "#%02x%02x%02x", g, g, g)
                }
                svg += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%@\"/>",
                              Double(ix) * pixels, Double(matrix - 1 - iy) * pixels, pixels, pixels, fill)
            }
        }
        svg += String(format: "<text x=\"2\" y=\"%.0f\" font-size=\"11\">%@</text>", side + 13, SVGChart.escape(title))
        svg += String(format: "<text x=\"2\" y=\"%.0f\" font-size=\"10\" fill=\"#555\">%.3g to %.3g</text>", side + 27,
                      range.lowerBound, range.upperBound)
        return svg + "</svg>"
    }
}
