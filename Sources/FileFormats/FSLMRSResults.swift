import ASDSCore
import Foundation

/// Reads the `summary.csv` that `fsl_mrs` writes in its results folder: a `Metab` column, then
/// `mM` (with a water reference), `Raw conc` (no internal reference) or `/Cr+PCr` (ratios to
/// total creatine), each with a `... CRLB` column of absolute standard deviations, then `%CRLB`,
/// `SNR` and `FWHM`. The most absolute of the value columns present is used (mM, then raw, then
/// the ratio). An empty, `inf` or `nan` value (a failed fit) is read as NaN.
public enum FSLMRSResults {
    public static func read(summary path: String) throws -> FitterConcentrationTable {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ASDSError.io(path: path, reason: "cannot read the FSL-MRS summary table")
        }
        let lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        guard let headerLine = lines.first else {
            throw ASDSError.corrupt(path: path, reason: "the FSL-MRS summary table is empty")
        }
        let header = CSVLine.fields(headerLine).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let nameColumn = header.firstIndex(of: "Metab") else {
            throw ASDSError.invalidInput(source: path, field: "Metab", reason: "no Metab column (header: \(header.joined(separator: ",")))")
        }
        let ratioHeader = header.first { $0.hasPrefix("/") && !$0.hasSuffix(" CRLB") }
        let choice: (column: String, unit: FitterConcentrationTable.Unit)? =
            header.contains("mM") ? ("mM", .millimolar)
            : header.contains("Raw conc") ? ("Raw conc", .basisAmplitude)
            : ratioHeader.map { ($0, .ratio) }
        guard let choice, let valueColumn = header.firstIndex(of: choice.column) else {
            throw ASDSError.invalidInput(source: path, field: "mM", reason: "no concentration column: needs mM, Raw conc or a /<reference> ratio column")
        }
        let sdColumn = header.firstIndex(of: choice.column == "Raw conc" ? "Raw CRLB" : choice.column + " CRLB")
        var names: [String] = [], values: [Double] = [], deviations: [Double?] = []
        for (n, line) in lines.dropFirst().enumerated() {
            let fields = CSVLine.fields(line)
            let row = n + 2
            guard fields.count == header.count else {
                throw ASDSError.invalidInput(source: path, field: "line \(row)", reason: "has \(fields.count) fields, the header \(header.count)")
            }
            let name = fields[nameColumn].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw ASDSError.invalidInput(source: path, field: "line \(row) Metab", reason: "is empty") }
            let text = fields[valueColumn].trimmingCharacters(in: .whitespaces)
            // fsl_mrs writes an empty field or inf when a fit failed (a reference fitted as 0):
            // no value, which scoring counts as a failed fit; any other text is refused.
            let failed = text.isEmpty || ["inf", "-inf", "nan"].contains(text.lowercased())
            guard let value = failed ? Double.nan : Double(text), value.isNaN || value.isFinite else {
                throw ASDSError.invalidInput(source: path, field: "line \(row) \(choice.column)", reason: "\"\(fields[valueColumn])\" is not a number")
            }
            names.append(name)
            values.append(value)
            deviations.append(sdColumn.flatMap { Double(fields[$0].trimmingCharacters(in: .whitespaces)) }.flatMap { $0.isFinite ? $0 : nil })
        }
        guard !names.isEmpty else { throw ASDSError.corrupt(path: path, reason: "the FSL-MRS summary table has no metabolite rows") }
        return FitterConcentrationTable(names: names, values: values, standardDeviations: deviations, unit: choice.unit,
                                        reference: choice.unit == .ratio ? String(choice.column.dropFirst()) : nil)
    }
}

/// Splits one CSV line into fields (RFC 4180 quoting: `"a,b"` and doubled quotes inside).
enum CSVLine {
    static func fields(_ line: String) -> [String] {
        var fields: [String] = [], current = "", quoted = false
        var chars = line.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? chars.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = chars.next() {
                        if next == "\"" { current.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else { current.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                fields.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        fields.append(current)
        return fields
    }
}
