import ASDSCore
import Foundation
import Numerics

/// Reading and writing NIfTI-MRS files (`.nii`, or gzip-compressed `.nii.gz`).
extension NIfTIMRS {
    /// The NIfTI-MRS version written into `intent_name` (`mrs_v0_11`: the version whose
    /// definitions, including `SpecFreqChemShift`, this writer follows).
    public static let standardVersion = (major: 0, minor: 11)
    /// Header-extension code of NIfTI-MRS (`NIFTI_ECODE_MRS`).
    static let extensionCode: Int32 = 44
    /// Default tags of dimensions 5 to 7 when a file leaves `dim_N` out (NIfTI-MRS section 2.3.2).
    static let defaultTags = ["DIM_COIL", "DIM_DYN", "DIM_INDIRECT_0"]

    /// Writes the data set as NIfTI-2, little-endian, gzip-compressed when `path` ends in `.gz`.
    /// The file appears only when complete (temporary file, then rename).
    public func write(to path: String) throws {
        try validate(source: path)
        var extensionText = Array(try headerExtension().serialized(source: path).utf8)
        // esize counts its own 8 bytes and must be a multiple of 16; pad the JSON with NULs.
        let esize = (8 + extensionText.count + 15) / 16 * 16
        extensionText += [UInt8](repeating: 0, count: esize - 8 - extensionText.count)

        var h = NIfTIHeader()
        h.datatype = storage == .complex64 ? NIfTIHeader.complex64Code : NIfTIHeader.complex128Code
        h.bitpix = storage == .complex64 ? 64 : 128
        h.rank = shape.count
        h.dims = shape
        h.pixdim = [1, voxelSizeMillimetres[0], voxelSizeMillimetres[1], voxelSizeMillimetres[2], dwellSeconds, 1, 1, 1]
        h.voxOffset = NIfTIHeader.nifti2Size + 4 + esize
        h.qoffset = originMillimetres
        for row in 0..<3 {
            var srow = [0.0, 0.0, 0.0, originMillimetres[row]]
            srow[row] = voxelSizeMillimetres[row]
            h.srow[row] = srow
        }
        h.intentName = "mrs_v\(NIfTIMRS.standardVersion.major)_\(NIfTIMRS.standardVersion.minor)"
        h.descrip = "ASDS \(ToolVersion.current)"

        var bytes = h.serializedVersion2()
        bytes.reserveCapacity(h.voxOffset + data.count * h.bytesPerElement)
        bytes += [1, 0, 0, 0]
        var extensionHeader = BinaryWriter(count: 8)
        extensionHeader.set(Int32(esize), at: 0)
        extensionHeader.set(NIfTIMRS.extensionCode, at: 4)
        bytes += extensionHeader.bytes + extensionText
        bytes += encodedData()
        if path.hasSuffix(".gz") { bytes = try Gzip.compress(bytes, path: path) }
        try AtomicWrite.write(Data(bytes), to: path)
    }

    /// The header-extension JSON object.
    func headerExtension() -> JSONValue {
        var members = header
        members["SpectrometerFrequency"] = .array([.number(spectrometerFrequencyMHz)])
        members["ResonantNucleus"] = .array([.string(nucleus)])
        if referencePPM != NIfTIMRS.defaultReferencePPM(nucleus: nucleus) {
            members["SpecFreqChemShift"] = .number(referencePPM)
        }
        for (i, d) in dimensions.enumerated() {
            members["dim_\(i + 5)"] = .string(d.tag)
            if let info = d.info { members["dim_\(i + 5)_info"] = .string(info) }
            if !d.header.isEmpty { members["dim_\(i + 5)_header"] = .object(d.header) }
        }
        return .object(members)
    }

    /// Samples as stored: conjugated (NIfTI-MRS frame), little-endian float32 or float64 pairs.
    private func encodedData() -> [UInt8] {
        let width = storage == .complex64 ? 8 : 16
        var out = [UInt8](repeating: 0, count: data.count * width)
        out.withUnsafeMutableBytes { raw in
            for (i, z) in data.enumerated() {
                if storage == .complex64 {
                    raw.storeBytes(of: Float(z.real).bitPattern.littleEndian, toByteOffset: i * 8, as: UInt32.self)
                    raw.storeBytes(of: Float(-z.imaginary).bitPattern.littleEndian, toByteOffset: i * 8 + 4, as: UInt32.self)
                } else {
                    raw.storeBytes(of: z.real.bitPattern.littleEndian, toByteOffset: i * 16, as: UInt64.self)
                    raw.storeBytes(of: (-z.imaginary).bitPattern.littleEndian, toByteOffset: i * 16 + 8, as: UInt64.self)
                }
            }
        }
        return out
    }

    /// Reads a NIfTI-MRS file (NIfTI-2 or NIfTI-1, either byte order, optionally gzip-compressed).
    /// - Throws: `ASDSError` naming `path` and the field for truncated, corrupt or non-MRS files.
    public static func read(from path: String) throws -> NIfTIMRS {
        var bytes = try FileBytes.read(path)
        if Gzip.isCompressed(bytes) { bytes = try Gzip.decompress(bytes, path: path) }
        let (h, bigEndian) = try NIfTIHeader.parse(bytes, path: path)

        guard (4...7).contains(h.rank) else {
            throw ASDSError.invalidInput(source: path, field: "dim[0]", reason: "NIfTI-MRS needs 4 to 7 dimensions, got \(h.rank)")
        }
        for (i, n) in h.dims.enumerated() where n < 1 {
            throw ASDSError.corrupt(path: path, reason: "dim[\(i + 1)]: must be a positive size, got \(n)")
        }
        guard h.intentName.hasPrefix("mrs_v") else {
            throw ASDSError.invalidInput(source: path, field: "intent_name",
                                         reason: "\"\(h.intentName)\" is not mrs_vMAJOR_MINOR; not a NIfTI-MRS file")
        }
        let storage: Storage
        switch (h.datatype, h.bitpix) {
        case (NIfTIHeader.complex64Code, 64): storage = .complex64
        case (NIfTIHeader.complex128Code, 128): storage = .complex128
        case (NIfTIHeader.complex64Code, _), (NIfTIHeader.complex128Code, _):
            throw ASDSError.corrupt(path: path, reason: "bitpix: \(h.bitpix) does not match datatype \(h.datatype)")
        default:
            throw ASDSError.invalidInput(source: path, field: "datatype",
                                         reason: "\(h.datatype) is not complex64 (32) or complex128 (1792), as NIfTI-MRS requires")
        }
        let count = h.dims.reduce(1) { $0.multipliedReportingOverflow(by: $1).partialValue }
        guard h.voxOffset >= h.headerSize, h.voxOffset <= bytes.count else {
            throw ASDSError.corrupt(path: path, reason: "vox_offset: \(h.voxOffset) lies outside the \(bytes.count)-byte file (truncated?)")
        }
        let needed = count * h.bytesPerElement
        guard bytes.count - h.voxOffset >= needed else {
            throw ASDSError.corrupt(path: path, reason: "data: shape \(h.dims) needs \(needed) bytes after vox_offset, the file has \(bytes.count - h.voxOffset) (truncated?)")
        }

        let json = try headerExtension(bytes, header: h, bigEndian: bigEndian, path: path)
        guard case var .object(members) = json else {
            throw ASDSError.corrupt(path: path, reason: "header extension: not a JSON object")
        }
        guard let frequencies = members["SpectrometerFrequency"]?.doubleArray, let mhz = frequencies.first else {
            throw ASDSError.invalidInput(source: path, field: "SpectrometerFrequency", reason: "missing or not an array of numbers (MHz)")
        }
        guard let nuclei = members["ResonantNucleus"]?.arrayValue, let nucleus = nuclei.first?.stringValue else {
            throw ASDSError.invalidInput(source: path, field: "ResonantNucleus", reason: "missing or not an array of strings")
        }
        var reference = defaultReferencePPM(nucleus: nucleus)
        if let value = members["SpecFreqChemShift"] {
            guard let shift = value.doubleValue else { throw ASDSError.invalidInput(source: path, field: "SpecFreqChemShift", reason: "must be a number (ppm)") }
            reference = shift
        }
        if let value = members["RxOffset"] {
            guard let offset = value.doubleValue else { throw ASDSError.invalidInput(source: path, field: "RxOffset", reason: "must be a number (ppm)") }
            reference += offset
        }
        var dimensions: [Dimension] = []
        for n in 5..<(h.rank + 1) {
            let tagValue = members["dim_\(n)"]
            guard tagValue == nil || tagValue?.stringValue != nil else {
                throw ASDSError.invalidInput(source: path, field: "dim_\(n)", reason: "must be a string tag such as DIM_USER_0")
            }
            var d = Dimension(tag: tagValue?.stringValue ?? defaultTags[n - 5])
            if let info = members["dim_\(n)_info"] {
                guard let text = info.stringValue else { throw ASDSError.invalidInput(source: path, field: "dim_\(n)_info", reason: "must be a string") }
                d.info = text
            }
            if let dimHeader = members["dim_\(n)_header"] {
                guard let object = dimHeader.objectValue else { throw ASDSError.invalidInput(source: path, field: "dim_\(n)_header", reason: "must be a JSON object") }
                d.header = object
            }
            dimensions.append(d)
        }
        for key in members.keys where isManagedKey(key) { members[key] = nil }

        guard let secondsPerUnit = h.secondsPerTimeUnit else {
            throw ASDSError.invalidInput(source: path, field: "xyzt_units", reason: "time unit code \(h.xyztUnits & 0x38) is not s, ms or us")
        }
        let dwell = h.pixdim[4] * secondsPerUnit
        let spatialScale: Double = switch h.xyztUnits & 0x07 { case 1: 1000; case 3: 1e-3; default: 1 }
        let voxel = (1...3).map { i -> Double in
            let v = h.pixdim[i] * spatialScale
            return v.isFinite && v > 0 ? v : unlocalisedVoxelMillimetres[i - 1]
        }
        let origin: [Double] = h.qformCode > 0 ? h.qoffset : (h.sformCode > 0 ? h.srow.map { $0[3] } : [0, 0, 0])
        let samples = decodeData(bytes, from: h.voxOffset, count: count, storage: storage, bigEndian: bigEndian,
                                 slope: h.sclSlope, intercept: h.sclInter)
        return try NIfTIMRS(
            shape: h.dims, data: samples, dimensions: dimensions, dwellSeconds: dwell, spectrometerFrequencyMHz: mhz,
            nucleus: nucleus, referencePPM: reference, voxelSizeMillimetres: voxel,
            originMillimetres: origin.map { $0 * spatialScale }, header: members, storage: storage, source: path)
    }

    /// Finds the NIfTI-MRS (ecode 44) extension and parses its JSON.
    private static func headerExtension(_ bytes: [UInt8], header h: NIfTIHeader, bigEndian: Bool, path: String) throws -> JSONValue {
        let reader = BinaryReader(bytes: bytes, bigEndian: bigEndian)
        var offset = h.headerSize
        guard offset + 4 <= h.voxOffset, bytes[offset] != 0 else {
            throw ASDSError.invalidInput(source: path, field: "extension", reason: "no header extension; NIfTI-MRS needs the ecode 44 JSON extension")
        }
        offset += 4
        while offset + 8 <= h.voxOffset {
            let esize = Int(reader.int32(at: offset)), ecode = reader.int32(at: offset + 4)
            guard esize >= 8, offset + esize <= h.voxOffset else {
                throw ASDSError.corrupt(path: path, reason: "extension: esize \(esize) at byte \(offset) runs past vox_offset \(h.voxOffset)")
            }
            if ecode == extensionCode {
                var content = Array(bytes[(offset + 8)..<(offset + esize)])
                while let last = content.last, last == 0 || last == 0x20 || last == 0x0A || last == 0x0D || last == 0x09 {
                    content.removeLast()
                }
                return try JSONValue.parse(content, source: path)
            }
            offset += esize
        }
        throw ASDSError.invalidInput(source: path, field: "extension", reason: "no ecode 44 (NIfTI-MRS JSON) header extension")
    }

    /// Decodes stored samples into the ASDS convention (conjugating the NIfTI-MRS frame).
    private static func decodeData(_ bytes: [UInt8], from offset: Int, count: Int, storage: Storage, bigEndian: Bool,
                                   slope: Double, intercept: Double) -> [Complex<Double>] {
        let scaled = slope.isFinite && slope != 0 && !(slope == 1 && intercept == 0)
        return bytes.withUnsafeBytes { raw in
            (0..<count).map { i -> Complex<Double> in
                var re: Double, im: Double
                if storage == .complex64 {
                    let a = raw.loadUnaligned(fromByteOffset: offset + 8 * i, as: UInt32.self)
                    let b = raw.loadUnaligned(fromByteOffset: offset + 8 * i + 4, as: UInt32.self)
                    re = Double(Float(bitPattern: bigEndian ? UInt32(bigEndian: a) : UInt32(littleEndian: a)))
                    im = Double(Float(bitPattern: bigEndian ? UInt32(bigEndian: b) : UInt32(littleEndian: b)))
                } else {
                    let a = raw.loadUnaligned(fromByteOffset: offset + 16 * i, as: UInt64.self)
                    let b = raw.loadUnaligned(fromByteOffset: offset + 16 * i + 8, as: UInt64.self)
                    re = Double(bitPattern: bigEndian ? UInt64(bigEndian: a) : UInt64(littleEndian: a))
                    im = Double(bitPattern: bigEndian ? UInt64(bigEndian: b) : UInt64(littleEndian: b))
                }
                if scaled {
                    re = re * slope + intercept
                    im *= slope
                }
                return Complex(re, -im)
            }
        }
    }
}
