import ASDSCore
import Foundation

/// `truth.csv`: one row per item with every scalar truth parameter and one column per
/// metabolite for concentration (mM), T2 (s) and shift (Hz). Numbers are written with 17
/// significant digits, so they parse back to exactly the values stored in HDF5.
public enum TruthTable {
    public static func csv(_ dataset: GeneratedDataset) -> String {
        let suite = dataset.suite
        var header = ["index", "split", "scenario", "sequence"] + TruthColumns.scalars.map(\.name)
        for column in TruthColumns.perMetabolite {
            let suffix = column.name == "concentrations_mM" ? "_mM" : column.name == "t2_s" ? "_t2_s" : "_shift_hz"
            header += suite.metabolites.map { $0 + suffix }
        }
        var lines = [header.joined(separator: ",")]
        lines.reserveCapacity(dataset.items.count + 1)
        for item in dataset.items {
            let t = item.truth
            var row = [String(t.index), t.isTraining ? "train" : "test", suite.scenarios[t.scenario].name,
                       suite.sequences[t.sequence].label]
            row += TruthColumns.scalars.map { format(t[keyPath: $0.field]) }
            for column in TruthColumns.perMetabolite { row += t[keyPath: column.field].map(format) }
            lines.append(row.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func format(_ v: Double) -> String {
        v.isFinite ? String(format: "%.17g", v) : (v > 0 ? "inf" : v < 0 ? "-inf" : "nan")
    }
}
