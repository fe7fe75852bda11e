import ArgumentParser
import ASDSCore
import Bloch
import Encoding
import Foundation

/// `asds system-matrix`: H for a geometry, sequence and trajectory; its PSF and condition.
public struct SystemMatrixCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "system-matrix",
        abstract: "Derive the system matrix H for a geometry, sequence and trajectory; print its PSF FWHM and condition.",
        discussion: """
        Examples:
          asds system-matrix --geometry uniform-sphere --trajectory spiral --out H.h5
          asds system-matrix --geometry brain-lesion --single-voxel --profiles sinc --out Hsv.h5
          asds system-matrix --geometry uniform-sphere --trajectory cartesian --points 16 --dense --out Hdense.h5
        """)

    @OptionGroup public var global: GlobalOptions
    @OptionGroup public var encoding: EncodingOptions

    @Option(help: "Geometry (phantom) name or path.")
    public var geometry: String

    @Flag(name: .customLong("single-voxel"), help: "H of the single-voxel (PRESS/STEAM box) acquisition instead of MRSI.")
    public var singleVoxel = false

    @Flag(help: "Write H as a dense matrix when it is small enough (at most 2^24 entries).")
    public var dense = false

    @Option(help: "Output file (HDF5).")
    public var out: String

    public init() {}

    public func run() throws {
        try CommandErrors.report {
            let library = try global.prepare()
            let path = try ResourceLocator.resolve(geometry, in: library.phantomsDirectory, kind: "phantom")
            let object = try Phantom.load(path: path)
            let sequence = try encoding.mrsiSequence()
            let report: SystemMatrixReport
            if singleVoxel {
                report = try SystemMatrixReport.singleVoxel(phantom: object, phantomSource: path, sequence: sequence,
                                                            axis: try encoding.axis(), dense: dense)
            } else {
                let trajectory = try encoding.designTrajectory(fovMeters: object.fovMeters, matrix: object.matrix)
                report = try SystemMatrixReport.mrsi(phantom: object, phantomSource: path, sequence: sequence,
                                                     trajectory: trajectory, dense: dense)
            }
            try report.write(to: out)
            report.summaryLines.forEach { print($0) }
            print("wrote \(out)")
        }
    }
}
