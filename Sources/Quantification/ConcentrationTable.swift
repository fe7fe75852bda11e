import ASDSCore
import Foundation

/// The `conc.csv` / `conc_crlb.csv` layout of `asds quantify`: a header `index,<name>,...` with
/// metabolites named as in the basis, then one row per spectrum, values in the basis's amplitude
/// units written with full precision (`Double.description`, so they read back bit-identical).
public enum ConcentrationTable {
    /// The amplitudes table of `fits` (in input order; `indices` label the rows, 0, 1, ... when nil).
    public static func amplitudesCSV(_ fits: [LinearCombinationFit], names: [String], indices: [Int]? = nil) -> String {
        csv(names: names, rows: fits.map(\.amplitudes), indices: indices)
    }

    /// The CRLB table of `fits`, same shape as `amplitudesCSV`.
    public static func crlbCSV(_ fits: [LinearCombinationFit], names: [String], indices: [Int]? = nil) -> String {
        csv(names: names, rows: fits.map(\.crlb), indices: indices)
    }

    /// `index,<names...>` then `index_i,<row i...>`.
    public static func csv(names: [String], rows: [[Double]], indices: [Int]? = nil) -> String {
        var out = (["index"] + names.map(CSVField.escaped)).joined(separator: ",") + "\n"
        for (i, row) in rows.enumerated() {
            out += ([String(indices?[i] ?? i)] + row.map { "\($0)" }).joined(separator: ",") + "\n"
        }
        return out
    }
}
