import ASDSCore

/// The concentrations another fitting tool reported for one spectrum (`FSLMRSResults`,
/// `LCModelTable`), by that tool's metabolite names, in the table's order.
public struct FitterConcentrationTable: Sendable, Equatable {
    /// What the values are.
    public enum Unit: String, Sendable, Equatable {
        /// Water-scaled concentrations, in mM.
        case millimolar
        /// Basis amplitudes: concentrations in the basis set's own units.
        case basisAmplitude
        /// Ratios to the metabolite (or sum) named by `reference`.
        case ratio
    }

    /// Metabolite names as the tool wrote them (`NAA`, `Cr+PCr`, ...).
    public var names: [String]
    /// One value per name, in `unit`.
    public var values: [Double]
    /// The absolute standard deviation (CRLB) of each value, when the table gives it.
    public var standardDeviations: [Double?]
    public var unit: Unit
    /// The reference of a ratio table (`Cr+PCr`), nil otherwise.
    public var reference: String?

    public init(names: [String], values: [Double], standardDeviations: [Double?], unit: Unit, reference: String? = nil) {
        self.names = names
        self.values = values
        self.standardDeviations = standardDeviations
        self.unit = unit
        self.reference = reference
    }
}
