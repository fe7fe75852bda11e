import ASDSCore
import Foundation

/// A self-contained HTML report: headings, paragraphs, tables and inline SVG charts; no scripts,
/// no external resources, so it opens offline. The document is well-formed XML (XHTML syntax).
public struct HTMLReport: Sendable {
    private enum Block: Sendable {
        case heading(String, level: Int)
        case paragraph(String)
        case preformatted(String)
        case table(header: [String], rows: [[String]])
        case chart(SVGChart)
        case chartRow([SVGChart])
        case heatmapRow([SVGHeatmap])
    }

    public let title: String
    private var blocks: [Block] = []

    public init(title: String) { self.title = title }

    public mutating func heading(_ text: String, level: Int = 2) { blocks.append(.heading(text, level: min(max(level, 1), 4))) }
    public mutating func paragraph(_ text: String) { blocks.append(.paragraph(text)) }
    public mutating func preformatted(_ text: String) { blocks.append(.preformatted(text)) }
    public mutating func table(header: [String], rows: [[String]]) { blocks.append(.table(header: header, rows: rows)) }
    public mutating func chart(_ chart: SVGChart) { blocks.append(.chart(chart)) }
    /// Charts side by side (wrapping on narrow screens).
    public mutating func charts(_ charts: [SVGChart]) { blocks.append(.chartRow(charts)) }
    /// Maps side by side (wrapping on narrow screens).
    public mutating func heatmaps(_ maps: [SVGHeatmap]) { blocks.append(.heatmapRow(maps)) }

    /// The page.
    public func render() -> String {
        let e = SVGChart.escape
        var html = """
        <!DOCTYPE html>
        <html xmlns="http://www.w3.org/1999/xhtml" lang="en"><head><meta charset="utf-8"/>
        <title>\(e(title))</title>
        <style>body{font-family:sans-serif;max-width:1400px;margin:2em auto;padding:0 1em;color:#222}
        table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:4px 8px;text-align:right}
        th{background:#f0f0f0}td:first-child,th:first-child{text-align:left}.charts{display:flex;flex-wrap:wrap;gap:8px}
        pre{background:#f7f7f7;padding:8px;overflow-x:auto}</style></head><body>
        <h1>\(e(title))</h1>

        """
        for block in blocks {
            switch block {
            case let .heading(text, level):
                html += "<h\(level)>\(e(text))</h\(level)>\n"
            case let .paragraph(text):
                html += "<p>\(e(text))</p>\n"
            case let .preformatted(text):
                html += "<pre>\(e(text))</pre>\n"
            case let .table(header, rows):
                html += "<table><thead><tr>" + header.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead><tbody>"
                for row in rows { html += "<tr>" + row.map { "<td>\(e($0))</td>" }.joined() + "</tr>" }
                html += "</tbody></table>\n"
            case let .chart(chart):
                html += "<div class=\"charts\">\(chart.render())</div>\n"
            case let .chartRow(charts):
                html += "<div class=\"charts\">" + charts.map { $0.render() }.joined() + "</div>\n"
            case let .heatmapRow(maps):
                html += "<div class=\"charts\">" + maps.map { $0.render() }.joined() + "</div>\n"
            }
        }
        return html + "</body></html>\n"
    }

    /// Writes the page atomically.
    public func write(to path: String) throws {
        try AtomicWrite.write(render(), to: path)
    }
}
