import ASDSCore

/// `AcquisitionParameters` as a JSON object (keys named as the Swift properties, times in s),
/// used inside the NIfTI-MRS header extension and FSL-MRS basis files.
enum AcquisitionJSON {
    static func encode(_ a: AcquisitionParameters) -> JSONValue {
        var members: [String: JSONValue] = [
            "sequence": .string(a.sequence),
            "echoTimeSeconds": .number(a.echoTimeSeconds),
            "pulseMode": .string(a.pulseMode),
        ]
        if let v = a.te1Seconds { members["te1Seconds"] = .number(v) }
        if let v = a.te2Seconds { members["te2Seconds"] = .number(v) }
        if let v = a.mixingTimeSeconds { members["mixingTimeSeconds"] = .number(v) }
        if let v = a.spatialPoints { members["spatialPoints"] = .integer(v) }
        return .object(members)
    }

    /// Decodes what `encode` wrote; `field` is the key path of `value` for errors.
    static func decode(_ value: JSONValue, source: String, field: String) throws -> AcquisitionParameters {
        func fail(_ key: String, _ reason: String) -> ASDSError {
            .invalidInput(source: source, field: "\(field).\(key)", reason: reason)
        }
        guard value.objectValue != nil else { throw ASDSError.invalidInput(source: source, field: field, reason: "must be a JSON object") }
        guard let sequence = value["sequence"]?.stringValue else { throw fail("sequence", "missing or not a string") }
        guard let te = value["echoTimeSeconds"]?.doubleValue else { throw fail("echoTimeSeconds", "missing or not a number (s)") }
        guard let mode = value["pulseMode"]?.stringValue else { throw fail("pulseMode", "missing or not a string") }
        func optionalNumber(_ key: String) throws -> Double? {
            guard let v = value[key] else { return nil }
            guard let x = v.doubleValue else { throw fail(key, "must be a number (s)") }
            return x
        }
        var spatial: Int?
        if let v = value["spatialPoints"] {
            guard let n = v.intValue else { throw fail("spatialPoints", "must be an integer") }
            spatial = n
        }
        return AcquisitionParameters(
            sequence: sequence, echoTimeSeconds: te, te1Seconds: try optionalNumber("te1Seconds"),
            te2Seconds: try optionalNumber("te2Seconds"), mixingTimeSeconds: try optionalNumber("mixingTimeSeconds"),
            pulseMode: mode, spatialPoints: spatial)
    }
}
