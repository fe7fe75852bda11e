import ASDSCore
import Foundation
import Metrics
import Numerics

/// The MRSI section of `report.html`: the score table, the truth and every method's NAA, Cho
/// and Lac maps side by side for the first test acquisition, and one voxel's spectrum per method.
enum MRSIReport {
    static func add(_ outcome: MRSIPartRun.Outcome, to report: inout HTMLReport) {
        report.heading("MRSI: metabolite maps scored against the truth")
        report.paragraph("Each test acquisition is reconstructed by every method through its encoding operator H, every voxel "
            + "inside the excited object is fitted, and the maps are scored against the truth maps (the least-squares basis "
            + "amplitudes of each voxel's true spectrum): NRMSE and bias over the object, lesion/normal contrast estimated "
            + "against true, the PSF FWHM and the median error-based SNR (docs/METRICS.md). Also in mrsi_scores.csv.")
        report.preformatted(MRSIScoreTable.markdown(outcome.scores, methods: outcome.methods))
        guard let item = outcome.example else { return }
        let truth = item.truth, n = truth.matrix
        for name in ["NAA", "Cho", "Lac"] {
            guard let m = truth.metabolites.firstIndex(of: name) else { continue }
            let t = truth.map(m)
            let top = max(t.max() ?? 1, .leastNormalMagnitude)
            var maps = [SVGHeatmap(title: "\(name) truth", matrix: n, values: t, range: 0...top)]
            for r in outcome.exampleResults {
                maps.append(SVGHeatmap(title: "\(name) \(r.score.method.rawValue)", matrix: n, values: r.maps.map(m), range: 0...top))
            }
            report.heading("\(name) maps, acquisition \(item.index) (\(item.trajectory))", level: 3)
            report.heatmaps(maps)
        }
        let voxel = item.regions.lesion.first ?? item.regions.object.first ?? 0
        let axis = item.data.axis, s = axis.points
        let window = axis.indexRange(ppm: 0.2...4.2)
        let ppm = window.map { axis.ppm(atIndex: Double($0)) }
        var series = [SVGChart.Series(name: "truth", x: ppm, y: window.map { item.data.truthSpectra[voxel * s + $0].real }, color: "#000000")]
        for (k, r) in outcome.exampleResults.enumerated() {
            series.append(.init(name: r.score.method.rawValue, x: ppm, y: window.map { r.reconstruction.spectra[voxel * s + $0].real },
                                color: SVGChart.palette[k % SVGChart.palette.count]))
        }
        report.chart(SVGChart(title: "voxel (\(voxel % n), \(voxel / n)) of acquisition \(item.index)\(item.regions.lesion.contains(voxel) ? " (lesion)" : "")",
                              xLabel: "ppm", yLabel: "real spectrum", reverseX: true, series: series))
    }
}
