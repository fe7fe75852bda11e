import CHDF5
import Foundation

/// Variable-length UTF-8 strings (what h5py reads as `str`), and reading of fixed-length ones.
enum HDF5Strings {
    /// A new variable-length UTF-8 string type (the caller closes it).
    static func variableType() -> hid_t {
        let t = H5Tcopy(asds_h5t_c_s1())
        H5Tset_size(t, asds_h5t_variable())
        H5Tset_cset(t, H5T_CSET_UTF8)
        return t
    }

    /// Reads one string stored with `storedType` through `reader(memoryType, buffer)`;
    /// nil if the stored type is not a string.
    static func read(storedType: hid_t, reader: (hid_t, UnsafeMutableRawPointer) -> herr_t) -> String? {
        guard H5Tget_class(storedType) == H5T_STRING else { return nil }
        if H5Tis_variable_str(storedType) > 0 {
            let type = variableType()
            defer { H5Tclose(type) }
            var pointer: UnsafeMutablePointer<CChar>? = nil
            guard reader(type, &pointer) >= 0 else { return nil }
            defer { if let pointer { H5free_memory(pointer) } }
            return pointer.map { String(cString: $0) } ?? ""
        }
        let size = H5Tget_size(storedType)
        let type = H5Tcopy(asds_h5t_c_s1())
        defer { H5Tclose(type) }
        H5Tset_size(type, size + 1)
        H5Tset_strpad(type, H5T_STR_NULLTERM)
        var buffer = [CChar](repeating: 0, count: size + 2)
        let status = buffer.withUnsafeMutableBytes { reader(type, $0.baseAddress!) }
        guard status >= 0 else { return nil }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
