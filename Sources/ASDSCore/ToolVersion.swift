/// The version of ASDS, recorded in every file ASDS writes (HDF5 attributes, NIfTI-MRS
/// `ConversionMethod`, LCModel `IDBASI`, FSL-MRS `meta.SimVersion`) so outputs name their producer.
public enum ToolVersion {
    /// Semantic version of this build.
    public static let current = "0.1.0"
}
