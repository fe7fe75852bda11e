import CHDF5
import Numerics

/// A Swift value type with a fixed HDF5 memory type, storable in datasets and attributes.
public protocol HDF5Element: Sendable {
    /// The HDF5 type describing one element in memory (a new id the caller closes).
    static func makeMemoryType() -> hid_t
    /// The HDF5 type used in files (little-endian IEEE / two's complement; a new id).
    static func makeFileType() -> hid_t
}

extension Double: HDF5Element {
    public static func makeMemoryType() -> hid_t { H5Tcopy(asds_h5t_native_double()) }
    public static func makeFileType() -> hid_t { H5Tcopy(asds_h5t_ieee_f64le()) }
}

extension Float: HDF5Element {
    public static func makeMemoryType() -> hid_t { H5Tcopy(asds_h5t_native_float()) }
    public static func makeFileType() -> hid_t { H5Tcopy(asds_h5t_ieee_f32le()) }
}

extension Int32: HDF5Element {
    public static func makeMemoryType() -> hid_t { H5Tcopy(asds_h5t_native_int32()) }
    public static func makeFileType() -> hid_t { H5Tcopy(asds_h5t_std_i32le()) }
}

extension Int64: HDF5Element {
    public static func makeMemoryType() -> hid_t { H5Tcopy(asds_h5t_native_int64()) }
    public static func makeFileType() -> hid_t { H5Tcopy(asds_h5t_std_i64le()) }
}

extension UInt8: HDF5Element {
    public static func makeMemoryType() -> hid_t { H5Tcopy(asds_h5t_native_uint8()) }
    public static func makeFileType() -> hid_t { H5Tcopy(asds_h5t_std_u8le()) }
}

/// Complex numbers are stored as the compound `{r, i}`, the layout h5py reads as complex.
extension Complex: HDF5Element where RealType: HDF5Element {
    public static func makeMemoryType() -> hid_t { compound(RealType.makeMemoryType()) }
    public static func makeFileType() -> hid_t { compound(RealType.makeFileType()) }

    private static func compound(_ part: hid_t) -> hid_t {
        defer { H5Tclose(part) }
        let size = H5Tget_size(part)
        let t = H5Tcreate(H5T_COMPOUND, 2 * size)
        H5Tinsert(t, "r", 0, part)
        H5Tinsert(t, "i", size, part)
        return t
    }
}
