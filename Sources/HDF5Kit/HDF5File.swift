import ASDSCore
import CHDF5
import Foundation

/// An open HDF5 file. Closed when the last reference to it (or to a group in it) goes away.
///
/// Files written by ASDS are byte-for-byte reproducible: object modification times are not
/// recorded, so the same content written twice gives identical files.
public final class HDF5File: @unchecked Sendable {
    let id: hid_t
    /// The path the file was opened at (used in error messages).
    public let path: String

    private init(id: hid_t, path: String) {
        self.id = id
        self.path = path
    }

    deinit { _ = HDF5Lock.run { H5Fclose(id) } }

    /// Creates (or truncates) the file at `path`, opened for writing.
    public static func create(_ path: String) throws -> HDF5File {
        try HDF5Lock.run {
            let fcpl = H5Pcreate(asds_h5p_file_create())
            defer { H5Pclose(fcpl) }
            H5Pset_obj_track_times(fcpl, false)
            let fapl = asds_h5p_file_access_unlocked()
            defer { H5Pclose(fapl) }
            let id = H5Fcreate(path, asds_h5f_acc_trunc(), fcpl, fapl)
            guard id >= 0 else { throw ASDSError.io(path: path, reason: "cannot create the HDF5 file") }
            return HDF5File(id: id, path: path)
        }
    }

    /// Opens an existing file, read-only unless `writable`.
    public static func open(_ path: String, writable: Bool = false) throws -> HDF5File {
        try HDF5Lock.run {
            guard FileManager.default.fileExists(atPath: path) else {
                throw ASDSError.io(path: path, reason: "no such file")
            }
            guard H5Fis_hdf5(path) > 0 else {
                throw ASDSError.corrupt(path: path, reason: "not an HDF5 file (or truncated)")
            }
            let fapl = asds_h5p_file_access_unlocked()
            defer { H5Pclose(fapl) }
            let id = H5Fopen(path, writable ? asds_h5f_acc_rdwr() : asds_h5f_acc_rdonly(), fapl)
            guard id >= 0 else { throw ASDSError.corrupt(path: path, reason: "HDF5 cannot open it") }
            return HDF5File(id: id, path: path)
        }
    }

    /// The root group `/`.
    public func root() throws -> HDF5Group {
        try HDF5Lock.run {
            let g = H5Gopen2(id, "/", asds_h5p_default())
            guard g >= 0 else { throw ASDSError.corrupt(path: path, reason: "no root group") }
            return HDF5Group(id: g, file: self, name: "/")
        }
    }

    /// Flushes buffered data to disk.
    public func flush() throws {
        try HDF5Lock.run {
            guard H5Fflush(id, H5F_SCOPE_GLOBAL) >= 0 else { throw ASDSError.io(path: path, reason: "cannot flush") }
        }
    }
}
