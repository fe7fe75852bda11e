import ASDSCore
import CHDF5
import Numerics
import Foundation

/// A group in an HDF5 file: creates and reads child groups, datasets and attributes.
///
/// Datasets are contiguous, little-endian, row-major (C order, as h5py and NumPy read them).
public final class HDF5Group: @unchecked Sendable {
    let id: hid_t
    let file: HDF5File
    /// Absolute path of the group inside the file, for error messages.
    public let name: String

    init(id: hid_t, file: HDF5File, name: String) {
        self.id = id
        self.file = file
        self.name = name
    }

    deinit { _ = HDF5Lock.run { H5Gclose(id) } }

    func childPath(_ child: String) -> String { name == "/" ? "/" + child : name + "/" + child }

    func fail(_ child: String, _ reason: String) -> ASDSError {
        .corrupt(path: file.path, reason: "\(childPath(child)): \(reason)")
    }

    // MARK: Groups

    /// Creates the child group `child`.
    @discardableResult
    public func createGroup(_ child: String) throws -> HDF5Group {
        try HDF5Lock.run {
            let gcpl = H5Pcreate(asds_h5p_group_create())
            defer { H5Pclose(gcpl) }
            H5Pset_obj_track_times(gcpl, false)
            H5Pset_link_creation_order(gcpl, UInt32(H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED))
            let g = H5Gcreate2(id, child, asds_h5p_default(), gcpl, asds_h5p_default())
            guard g >= 0 else { throw ASDSError.io(path: file.path, reason: "cannot create group \(childPath(child))") }
            return HDF5Group(id: g, file: file, name: childPath(child))
        }
    }

    /// Opens the existing child group `child`.
    public func group(_ child: String) throws -> HDF5Group {
        try HDF5Lock.run {
            guard contains(child) else { throw fail(child, "missing group") }
            let g = H5Gopen2(id, child, asds_h5p_default())
            guard g >= 0 else { throw fail(child, "not a group") }
            return HDF5Group(id: g, file: file, name: childPath(child))
        }
    }

    /// Whether a link called `child` exists in this group.
    public func contains(_ child: String) -> Bool {
        HDF5Lock.run { H5Lexists(id, child, asds_h5p_default()) > 0 }
    }

    /// Names of the group's children, in creation order where tracked, otherwise by name.
    public func childNames() throws -> [String] {
        try HDF5Lock.run {
            var names: [String] = []
            var info = H5G_info_t()
            guard H5Gget_info(id, &info) >= 0 else { throw fail("", "cannot list group") }
            let gcpl = H5Gget_create_plist(id)
            defer { H5Pclose(gcpl) }
            var flags: UInt32 = 0
            H5Pget_link_creation_order(gcpl, &flags)
            let order = (flags & UInt32(H5P_CRT_ORDER_TRACKED)) != 0 ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME
            for i in 0..<info.nlinks {
                let n = H5Lget_name_by_idx(id, ".", order, H5_ITER_INC, i, nil, 0, asds_h5p_default())
                guard n >= 0 else { throw fail("", "cannot read link names") }
                var buffer = [CChar](repeating: 0, count: Int(n) + 1)
                H5Lget_name_by_idx(id, ".", order, H5_ITER_INC, i, &buffer, Int(n) + 1, asds_h5p_default())
                names.append(String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
            return names
        }
    }

    // MARK: Datasets

    /// Writes `values` as a new dataset `child` of the given `shape` (defaults to 1-D).
    public func write<T: HDF5Element>(_ values: [T], to child: String, shape: [Int]? = nil) throws {
        let shape = shape ?? [values.count]
        precondition(shape.reduce(1, *) == values.count, "shape \(shape) does not match \(values.count) values")
        try withNewDataset(child, of: T.self, shape: shape) { d, memType, _ in
            let status = values.withUnsafeBytes { raw in
                H5Dwrite(d, memType, asds_h5s_all(), asds_h5s_all(), asds_h5p_default(), raw.baseAddress)
            }
            guard status >= 0 else { throw ASDSError.io(path: file.path, reason: "cannot write dataset \(childPath(child))") }
        }
    }

    /// Writes equal-length `rows` as a new `[rows.count, rowLength]` dataset `child`, one row per
    /// hyperslab write: no contiguous copy of the whole matrix is made. An empty `rows` gives a
    /// `[0, rowLength]` dataset.
    public func writeRows<T: HDF5Element>(_ rows: [[T]], rowLength: Int, to child: String) throws {
        precondition(rows.allSatisfy { $0.count == rowLength }, "every row must hold \(rowLength) values")
        try withNewDataset(child, of: T.self, shape: [rows.count, rowLength]) { d, memType, space in
            var rowDims = [hsize_t(rowLength)]
            let memory = H5Screate_simple(1, &rowDims, nil)
            defer { H5Sclose(memory) }
            var count: [hsize_t] = [1, hsize_t(rowLength)]
            for (r, row) in rows.enumerated() {
                var start: [hsize_t] = [hsize_t(r), 0]
                H5Sselect_hyperslab(space, H5S_SELECT_SET, &start, nil, &count, nil)
                let status = row.withUnsafeBytes { raw in
                    H5Dwrite(d, memType, memory, space, asds_h5p_default(), raw.baseAddress)
                }
                guard status >= 0 else { throw ASDSError.io(path: file.path, reason: "cannot write row \(r) of dataset \(childPath(child))") }
            }
        }
    }

    /// Creates dataset `child` of `T`'s file type and `shape` (no time stamps, so files are
    /// reproducible) under the HDF5 lock, and hands `body` the dataset, `T`'s memory type and
    /// the file dataspace; all three are closed afterwards.
    private func withNewDataset<T: HDF5Element>(_ child: String, of _: T.Type, shape: [Int],
                                                _ body: (_ dataset: hid_t, _ memoryType: hid_t, _ space: hid_t) throws -> Void) throws {
        try HDF5Lock.run {
            let dims = shape.map { hsize_t($0) }
            let space = H5Screate_simple(Int32(dims.count), dims, nil)
            defer { H5Sclose(space) }
            let fileType = T.makeFileType(), memType = T.makeMemoryType()
            defer { H5Tclose(fileType); H5Tclose(memType) }
            let dcpl = H5Pcreate(asds_h5p_dataset_create())
            defer { H5Pclose(dcpl) }
            H5Pset_obj_track_times(dcpl, false)
            let d = H5Dcreate2(id, child, fileType, space, asds_h5p_default(), dcpl, asds_h5p_default())
            guard d >= 0 else { throw ASDSError.io(path: file.path, reason: "cannot create dataset \(childPath(child))") }
            defer { H5Dclose(d) }
            try body(d, memType, space)
        }
    }

    /// Reads dataset `child`, converting its elements to `T` (HDF5 converts numeric types and
    /// compound `{r, i}` members by name). Returns the values in row-major order and the shape.
    public func read<T: HDF5Element>(_ child: String, as type: T.Type = T.self) throws -> (values: [T], shape: [Int]) {
        try HDF5Lock.run {
            guard contains(child) else { throw fail(child, "missing dataset") }
            let d = H5Dopen2(id, child, asds_h5p_default())
            guard d >= 0 else { throw fail(child, "not a dataset") }
            defer { H5Dclose(d) }
            let space = H5Dget_space(d)
            defer { H5Sclose(space) }
            let rank = Int(H5Sget_simple_extent_ndims(space))
            guard rank >= 0 else { throw fail(child, "unreadable dataspace") }
            var dims = [hsize_t](repeating: 0, count: max(rank, 1))
            H5Sget_simple_extent_dims(space, &dims, nil)
            let shape = rank == 0 ? [] : dims.prefix(rank).map { Int($0) }
            let count = shape.reduce(1, *)
            let memType = T.makeMemoryType()
            defer { H5Tclose(memType) }
            try checkConvertible(dataset: d, to: memType, child: child)
            var values = [T](unsafeUninitializedCapacity: count) { buffer, initialised in
                if count > 0 {
                    // Zero the storage first so a failed read leaves defined values behind.
                    memset(buffer.baseAddress!, 0, count * MemoryLayout<T>.stride)
                }
                initialised = count
            }
            let status = values.withUnsafeMutableBytes { raw in
                H5Dread(d, memType, asds_h5s_all(), asds_h5s_all(), asds_h5p_default(), raw.baseAddress)
            }
            guard status >= 0 else { throw fail(child, "cannot read data (truncated file?)") }
            return (values, shape)
        }
    }

    private func checkConvertible(dataset d: hid_t, to memType: hid_t, child: String) throws {
        let stored = H5Dget_type(d)
        defer { H5Tclose(stored) }
        let storedClass = H5Tget_class(stored), wantedClass = H5Tget_class(memType)
        let numeric: Set<H5T_class_t.RawValue> = [H5T_INTEGER.rawValue, H5T_FLOAT.rawValue]
        if storedClass == wantedClass { return }
        if numeric.contains(storedClass.rawValue) && numeric.contains(wantedClass.rawValue) { return }
        throw fail(child, wantedClass == H5T_COMPOUND ? "expected complex {r, i} data" : "expected numeric data")
    }

    /// Writes a UTF-8 string as a scalar dataset (for JSON documents, CSV text and the like).
    public func writeString(_ text: String, to child: String) throws {
        try HDF5Lock.run {
            let space = H5Screate(H5S_SCALAR)
            defer { H5Sclose(space) }
            let type = HDF5Strings.variableType()
            defer { H5Tclose(type) }
            let dcpl = H5Pcreate(asds_h5p_dataset_create())
            defer { H5Pclose(dcpl) }
            H5Pset_obj_track_times(dcpl, false)
            let d = H5Dcreate2(id, child, type, space, asds_h5p_default(), dcpl, asds_h5p_default())
            guard d >= 0 else { throw ASDSError.io(path: file.path, reason: "cannot create dataset \(childPath(child))") }
            defer { H5Dclose(d) }
            let status = text.withCString { cString -> herr_t in
                var pointer: UnsafePointer<CChar>? = cString
                return H5Dwrite(d, type, asds_h5s_all(), asds_h5s_all(), asds_h5p_default(), &pointer)
            }
            guard status >= 0 else { throw ASDSError.io(path: file.path, reason: "cannot write \(childPath(child))") }
        }
    }

    /// Reads a scalar string dataset (variable- or fixed-length).
    public func readString(_ child: String) throws -> String {
        try HDF5Lock.run {
            guard contains(child) else { throw fail(child, "missing dataset") }
            let d = H5Dopen2(id, child, asds_h5p_default())
            guard d >= 0 else { throw fail(child, "not a dataset") }
            defer { H5Dclose(d) }
            let stored = H5Dget_type(d)
            defer { H5Tclose(stored) }
            guard let text = HDF5Strings.read(storedType: stored, reader: { type, buffer in
                H5Dread(d, type, asds_h5s_all(), asds_h5s_all(), asds_h5p_default(), buffer)
            }) else { throw fail(child, "expected a string") }
            return text
        }
    }
}
