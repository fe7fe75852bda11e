import ASDSCore
import Foundation

/// Reads the concentration section of an LCModel `.TABLE` file: after the `$$CONC` line, a
/// header (`Conc.  %SD /Cr+PCr  Metabolite`), then one row per metabolite (concentration, `%SD`
/// with its percent sign, the ratio to the reference, the name) up to the first blank line.
/// Concentrations are in the basis set's units (water-scaled, in mM, when LCModel was given a water
/// reference); the standard deviation is `%SD` times the concentration.
public enum LCModelTable {
    public static func read(_ path: String) throws -> FitterConcentrationTable {
        guard let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? (try? String(contentsOfFile: path, encoding: .isoLatin1)) else {
            throw ASDSError.io(path: path, reason: "cannot read the LCModel table")
        }
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)   // LF or CRLF
        guard let start = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).uppercased().hasPrefix("$$CONC") }) else {
            throw ASDSError.invalidInput(source: path, field: "$$CONC", reason: "no $$CONC section: not an LCModel .TABLE file")
        }
        guard start + 1 < lines.count else {
            throw ASDSError.corrupt(path: path, reason: "the $$CONC section ends before its header")
        }
        let header = lines[start + 1].split(separator: " ").map(String.init)
        guard header.contains("Conc."), header.contains("%SD") else {
            throw ASDSError.invalidInput(source: path, field: "$$CONC header", reason: "needs Conc. and %SD columns, got \"\(lines[start + 1])\"")
        }
        let reference = header.first { $0.hasPrefix("/") }.map { String($0.dropFirst()) }
        var names: [String] = [], values: [Double] = [], deviations: [Double?] = []
        for (offset, line) in lines[(start + 2)...].enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("$$") { break }
            let row = start + 3 + offset
            let tokens = trimmed.split(separator: " ").map(String.init)
            guard tokens.count >= 4, let conc = LCModelText.real(tokens[0]), conc.isFinite else {
                throw ASDSError.invalidInput(source: path, field: "line \(row)", reason: "expected concentration, %SD, ratio and name, got \"\(trimmed)\"")
            }
            guard tokens[1].hasSuffix("%"), let percent = Double(tokens[1].dropLast()) else {
                throw ASDSError.invalidInput(source: path, field: "line \(row) %SD", reason: "\"\(tokens[1])\" is not a percentage")
            }
            names.append(tokens[3...].joined(separator: " "))
            values.append(conc)
            // LCModel prints 999% for an undetermined uncertainty.
            deviations.append(percent >= 999 ? nil : abs(conc) * percent / 100)
        }
        guard !names.isEmpty else { throw ASDSError.corrupt(path: path, reason: "the $$CONC section has no metabolite rows") }
        return FitterConcentrationTable(names: names, values: values, standardDeviations: deviations, unit: .basisAmplitude,
                                        reference: reference)
    }
}
