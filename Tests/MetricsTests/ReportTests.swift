import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Metrics
import Testing

/// Counts elements and the data they draw while parsing a report as XML.
private final class ReportInspector: NSObject, XMLParserDelegate {
    var svgCount = 0
    var svgWithData = 0
    private var drawnInCurrentSVG = 0
    var tableCells = 0

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch name {
        case "svg":
            svgCount += 1
            drawnInCurrentSVG = 0
        case "path":
            if let d = attributes["d"], d.filter({ $0 == "L" }).count >= 1 { drawnInCurrentSVG += 1 }
        case "circle":
            drawnInCurrentSVG += 1
        case "td":
            tableCells += 1
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "svg" && drawnInCurrentSVG > 0 { svgWithData += 1 }
    }
}

@Suite struct ReportTests {
    @Test func reportIsWellFormedAndEveryChartHasData() throws {
        var report = HTMLReport(title: "Scores <test> & more")
        report.paragraph("SNR_err rests on the error against the noise-free truth.")
        report.table(header: ["method", "snr"], rows: [["ft", "8.2"], ["asds-vae", "14.8"]])
        let x = (0..<200).map { 4.2 - Double($0) * 0.02 }
        report.chart(SVGChart(title: "spectrum", xLabel: "ppm", yLabel: "a.u.", reverseX: true,
                              series: [.init(name: "truth", x: x, y: x.map { sin($0 * 3) }, color: SVGChart.palette[0])]))
        report.charts([SVGChart(title: "scatter", xLabel: "SNR", yLabel: "error", series: [
            .init(name: "ft", x: [1, 2, 3], y: [3, 2, 1], style: .scatter, color: SVGChart.palette[1]),
        ])])
        let html = report.render()
        let inspector = ReportInspector()
        let parser = XMLParser(data: Data(html.utf8))
        parser.delegate = inspector
        #expect(parser.parse(), "not well-formed: \(parser.parserError.map { "\($0)" } ?? "")")
        #expect(inspector.svgCount == 2)
        #expect(inspector.svgWithData == 2)
        #expect(inspector.tableCells == 4)
        #expect(!html.contains("<script") && !html.contains("src="), "the report must not load anything")
    }

    @Test func ticksAreNiceAndCoverTheRange() {
        let ticks = SVGChart.ticks(0.2, 4.2)
        #expect(ticks.first! >= 0.2 && ticks.last! <= 4.2 + 1e-12)
        #expect(ticks.count >= 4 && ticks.count <= 10)
    }
}
