import ASDSCore

/// The fields of a NIfTI-1 (348-byte) or NIfTI-2 (540-byte) header that NIfTI-MRS uses, with
/// parsing of either version in either byte order and writing of NIfTI-2, little-endian.
///
/// Layouts follow `nifti1.h` and `nifti2.h` from the NIfTI Data Format Working Group.
struct NIfTIHeader: Equatable {
    /// NIfTI datatype codes for complex data (`DT_COMPLEX64`, `DT_COMPLEX128`).
    static let complex64Code: Int16 = 32
    static let complex128Code: Int16 = 1792
    static let nifti2Size = 540
    static let nifti1Size = 348
    static let nifti2Magic: [UInt8] = [0x6E, 0x2B, 0x32, 0x00, 0x0D, 0x0A, 0x1A, 0x0A]  // "n+2\0\r\n\032\n"
    static let nifti1Magic: [UInt8] = [0x6E, 0x2B, 0x31, 0x00]  // "n+1\0"
    /// `xyzt_units` bits: spatial unit millimetre (2) and time unit second (8).
    static let unitsMillimetreSecond: Int32 = 2 | 8

    var version = 2
    var datatype: Int16 = complex64Code
    var bitpix: Int16 = 64
    /// `dim[0]`, the number of dimensions as stored (validated by the reader, not the parser).
    var rank = 0
    /// `dim[1 ... min(dim[0], 7)]`.
    var dims: [Int] = []
    /// `pixdim[0 ... 7]` (`pixdim[0]` is qfac).
    var pixdim: [Double] = [1, 1, 1, 1, 1, 1, 1, 1]
    var voxOffset = 0
    var sclSlope = 1.0
    var sclInter = 0.0
    var xyztUnits: Int32 = unitsMillimetreSecond
    var qformCode: Int32 = 1
    var sformCode: Int32 = 1
    var quatern: [Double] = [0, 0, 0]
    var qoffset: [Double] = [0, 0, 0]
    var srow: [[Double]] = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]]
    var intentName = ""
    var descrip = ""

    /// Bytes per stored complex element.
    var bytesPerElement: Int { Int(bitpix) / 8 }

    /// The header size of this version (348 or 540); extensions start 4 bytes after it.
    var headerSize: Int { version == 2 ? NIfTIHeader.nifti2Size : NIfTIHeader.nifti1Size }

    /// Seconds per unit of `pixdim[4]` given the time bits of `xyzt_units` (unset means seconds).
    var secondsPerTimeUnit: Double? {
        switch xyztUnits & 0x38 {
        case 0, 8: 1
        case 16: 1e-3
        case 24: 1e-6
        default: nil
        }
    }
}

extension NIfTIHeader {
    /// Parses the header at the start of `bytes`. `path` names the file in errors.
    static func parse(_ bytes: [UInt8], path: String) throws -> (header: NIfTIHeader, bigEndian: Bool) {
        guard bytes.count >= nifti1Size else {
            throw ASDSError.corrupt(path: path, reason: "header: \(bytes.count) bytes, shorter than a NIfTI header (truncated?)")
        }
        let le = BinaryReader(bytes: bytes, bigEndian: false), be = BinaryReader(bytes: bytes, bigEndian: true)
        let sizeLE = le.int32(at: 0), sizeBE = be.int32(at: 0)
        let reader: BinaryReader
        let version: Int
        if sizeLE == Int32(nifti2Size) || sizeBE == Int32(nifti2Size) {
            reader = sizeLE == Int32(nifti2Size) ? le : be
            version = 2
        } else if sizeLE == Int32(nifti1Size) || sizeBE == Int32(nifti1Size) {
            reader = sizeLE == Int32(nifti1Size) ? le : be
            version = 1
        } else {
            throw ASDSError.corrupt(path: path, reason: "sizeof_hdr: \(sizeLE) is neither 540 (NIfTI-2) nor 348 (NIfTI-1); not a NIfTI file")
        }
        if version == 2 {
            guard bytes.count >= nifti2Size else {
                throw ASDSError.corrupt(path: path, reason: "header: \(bytes.count) bytes, shorter than the 540-byte NIfTI-2 header (truncated?)")
            }
            guard Array(bytes[4..<12]) == nifti2Magic else {
                throw ASDSError.corrupt(path: path, reason: "magic: not \"n+2\\0\\r\\n\\032\\n\" (damaged NIfTI-2 header)")
            }
            return (parseVersion2(reader), reader.bigEndian)
        }
        let magic = Array(bytes[344..<348])
        guard magic == nifti1Magic else {
            if magic == [0x6E, 0x69, 0x31, 0x00] {
                throw ASDSError.invalidInput(source: path, field: "magic", reason: "a NIfTI-1 .hdr/.img pair is not supported; use a single .nii file")
            }
            throw ASDSError.corrupt(path: path, reason: "magic: not \"n+1\\0\" (damaged NIfTI-1 header)")
        }
        return (parseVersion1(reader), reader.bigEndian)
    }

    private static func parseVersion2(_ r: BinaryReader) -> NIfTIHeader {
        var h = NIfTIHeader()
        h.version = 2
        h.datatype = r.int16(at: 12)
        h.bitpix = r.int16(at: 14)
        h.rank = Int(r.int64(at: 16))
        h.dims = (0..<max(0, min(h.rank, 7))).map { Int(r.int64(at: 24 + 8 * $0)) }
        h.pixdim = (0..<8).map { r.float64(at: 104 + 8 * $0) }
        h.voxOffset = Int(r.int64(at: 168))
        h.sclSlope = r.float64(at: 176)
        h.sclInter = r.float64(at: 184)
        h.descrip = r.string(at: 240, length: 80)
        h.qformCode = r.int32(at: 344)
        h.sformCode = r.int32(at: 348)
        h.quatern = (0..<3).map { r.float64(at: 352 + 8 * $0) }
        h.qoffset = (0..<3).map { r.float64(at: 376 + 8 * $0) }
        h.srow = (0..<3).map { row in (0..<4).map { r.float64(at: 400 + 32 * row + 8 * $0) } }
        h.xyztUnits = r.int32(at: 500)
        h.intentName = r.string(at: 508, length: 16)
        return h
    }

    private static func parseVersion1(_ r: BinaryReader) -> NIfTIHeader {
        var h = NIfTIHeader()
        h.version = 1
        h.rank = Int(r.int16(at: 40))
        h.dims = (0..<max(0, min(h.rank, 7))).map { Int(r.int16(at: 42 + 2 * $0)) }
        h.datatype = r.int16(at: 70)
        h.bitpix = r.int16(at: 72)
        h.pixdim = (0..<8).map { Double(r.float32(at: 76 + 4 * $0)) }
        h.voxOffset = Int(exactly: Double(r.float32(at: 108)).rounded()) ?? -1
        h.sclSlope = Double(r.float32(at: 112))
        h.sclInter = Double(r.float32(at: 116))
        h.xyztUnits = Int32(r.bytes[123])
        h.descrip = r.string(at: 148, length: 80)
        h.qformCode = Int32(r.int16(at: 252))
        h.sformCode = Int32(r.int16(at: 254))
        h.quatern = (0..<3).map { Double(r.float32(at: 256 + 4 * $0)) }
        h.qoffset = (0..<3).map { Double(r.float32(at: 268 + 4 * $0)) }
        h.srow = (0..<3).map { row in (0..<4).map { Double(r.float32(at: 280 + 16 * row + 4 * $0)) } }
        h.intentName = r.string(at: 328, length: 16)
        return h
    }

    /// The 540-byte NIfTI-2 header, little-endian.
    func serializedVersion2() -> [UInt8] {
        var w = BinaryWriter(count: NIfTIHeader.nifti2Size)
        w.set(Int32(NIfTIHeader.nifti2Size), at: 0)
        w.set(bytes: NIfTIHeader.nifti2Magic, at: 4)
        w.set(datatype, at: 12)
        w.set(bitpix, at: 14)
        w.set(Int64(dims.count), at: 16)
        for i in 0..<7 { w.set(Int64(i < dims.count ? dims[i] : 1), at: 24 + 8 * i) }
        for i in 0..<8 { w.set(pixdim[i], at: 104 + 8 * i) }
        w.set(Int64(voxOffset), at: 168)
        w.set(sclSlope, at: 176)
        w.set(sclInter, at: 184)
        w.set(descrip, at: 240, length: 79)
        w.set(qformCode, at: 344)
        w.set(sformCode, at: 348)
        for i in 0..<3 { w.set(quatern[i], at: 352 + 8 * i) }
        for i in 0..<3 { w.set(qoffset[i], at: 376 + 8 * i) }
        for row in 0..<3 { for i in 0..<4 { w.set(srow[row][i], at: 400 + 32 * row + 8 * i) } }
        w.set(xyztUnits, at: 500)
        w.set(intentName, at: 508, length: 15)
        return w.bytes
    }
}
