import ArgumentParser
import ASDSCore
import FileFormats
import Foundation

/// `asds convert`: reads a basis set in any supported format and writes it in another.
public struct ConvertCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a basis set between HDF5, NIfTI-MRS, LCModel .BASIS and FSL-MRS folders.",
        discussion: "Example: asds convert --in basis.h5 --format lcmodel --out basis.BASIS")

    @OptionGroup public var global: GlobalOptions

    @Option(name: .customLong("in"), help: "Input basis (format detected from its content).")
    public var input: String

    @Option(help: "Output format (default: from the --out extension).")
    public var format: BasisFormat?

    @Option(help: "Output path (a directory for --format fsl).")
    public var out: String

    public init() {}

    public func run() throws {
        try CommandErrors.report {
            _ = try global.prepare()
            let outputFormat = format
                ?? BasisFormat.inferred(fromPath: out)
            let basis = try BasisFormat.read(from: input)
            try BasisFormat.write(basis, to: out, format: outputFormat)
            print("read \(input) (\(try BasisFormat.detect(path: input).rawValue), \(basis.metabolites.count) metabolites: "
                  + basis.names.joined(separator: ", ") + "); wrote \(out) (\(outputFormat.rawValue))")
        }
    }
}
