import ASDSCore
import FileFormats

/// NIfTI-MRS files of a generated dataset: one file per split, the noisy FIDs along dimension 5
/// (`DIM_USER_0`, shape 1 x 1 x 1 x points x items), so FSL-MRS, spant or Osprey can fit them.
/// `dim_5_header` lists each spectrum's item index, sequence and scenario; the header records the
/// suite name and SHA-256.
public enum DatasetNIfTI {
    /// File name of a split's NIfTI-MRS file: `train.nii.gz` / `test.nii.gz`, or `.nii` when the
    /// suite asks for uncompressed files.
    public static func fileName(training: Bool, compressed: Bool = true) -> String {
        (training ? "train" : "test") + (compressed ? ".nii.gz" : ".nii")
    }

    /// The NIfTI-MRS data set of one split (nil when the split is empty).
    public static func dataSet(_ dataset: GeneratedDataset, training: Bool) throws -> NIfTIMRS? {
        let items = dataset.items.filter { $0.truth.isTraining == training }
        guard !items.isEmpty else { return nil }
        let suite = dataset.suite
        func user(_ value: JSONValue, _ description: String) -> JSONValue { NIfTIMRS.userDefined(value, description: description) }
        let dimensionHeader: [String: JSONValue] = [
            "ItemIndex": user(.array(items.map { .integer($0.truth.index) }), "suite item index of each spectrum"),
            "Sequence": user(.array(items.map { .string(suite.sequences[$0.truth.sequence].label) }), "sequence of each spectrum"),
            "Scenario": user(.array(items.map { .string(suite.scenarios[$0.truth.scenario].name) }), "tissue scenario of each spectrum"),
        ]
        let header: [String: JSONValue] = [
            "ASDSSuite": user(.string(suite.name), "ASDS suite the spectra were generated from"),
            "ASDSSuiteSHA256": user(.string(dataset.suiteHash), "SHA-256 of the suite file"),
            "ASDSSplit": user(.string(training ? "train" : "test"), "split of the suite these spectra form"),
            "ConversionMethod": .string("ASDS \(ToolVersion.current) asds generate"),
        ]
        return try NIfTIMRS(spectra: items.map(\.noisy), axis: dataset.axis, tag: "DIM_USER_0",
                            info: "spectra of the \(training ? "training" : "test") split, in item order",
                            dimensionHeader: dimensionHeader, header: header, source: "dataset")
    }
}
