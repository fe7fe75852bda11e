import ASDSCore
import Foundation

/// `truth.csv`: one row per item with every scalar truth parameter and one column per
/// metabolite for concentration (mM), T2 (s) and shift (Hz). Numbers are written as the shortest
/// decimals that parse back to exactly the values stored in HDF5.
public enum TruthTable {
    public static func csv(_ dataset: GeneratedDataset) -> String {
        let suite = dataset.suite
        var header = ["index", "split", "scenario", "sequence"] + TruthColumns.scalars.map(\.name)
        for column in TruthColumns.perMetabolite {
            let suffix = column.name == "concentrations_mM" ? "_mM" : column.name == "t2_s" ? "_t2_s" : "_shift_hz"
            header += suite.metabolites.map { $0 + suffix }
        }
        var out = header.joined(separator: ",") + "\n"
        out.reserveCapacity((dataset.items.count + 1) * 24 * header.count)
        for item in dataset.items {
            let t = item.truth
            out += "\(t.index),\(t.isTraining ? "train" : "test"),\(suite.scenarios[t.scenario].name),\(suite.sequences[t.sequence].label)"
            for column in TruthColumns.scalars { append(t[keyPath: column.field], to: &out) }
            for column in TruthColumns.perMetabolite {
                for v in t[keyPath: column.field] { append(v, to: &out) }
            }
            out += "\n"
        }
        return out
    }

    private static func append(_ v: Double, to out: inout String) {
        out += ","
        out += format(v)
    }

    /// The shortest decimal that reads back as exactly `v` (Swift's round-trip form), or inf/nan.
    static func format(_ v: Double) -> String {
        v.isFinite ? v.description : (v > 0 ? "inf" : v < 0 ? "-inf" : "nan")
    }
}
