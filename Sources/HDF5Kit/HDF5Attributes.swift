import ASDSCore
import CHDF5
import Foundation

/// Attributes on a group (`object: "."`) or on one of its children (`object: childName`).
extension HDF5Group {
    /// Sets attribute `key` to `values` (1-D), replacing an existing one.
    public func setAttribute<T: HDF5Element>(_ key: String, _ values: [T], on object: String = ".") throws {
        try HDF5Lock.run {
            try removeAttributeIfPresent(key, on: object)
            var dims = [hsize_t(values.count)]
            let space = H5Screate_simple(1, &dims, nil)
            defer { H5Sclose(space) }
            let fileType = T.makeFileType(), memType = T.makeMemoryType()
            defer { H5Tclose(fileType); H5Tclose(memType) }
            let a = H5Acreate_by_name(id, object, key, fileType, space, asds_h5p_default(), asds_h5p_default(), asds_h5p_default())
            guard a >= 0 else { throw ASDSError.io(path: file.path, reason: "cannot create attribute \(key) on \(childPath(object))") }
            defer { H5Aclose(a) }
            let status = values.withUnsafeBytes { H5Awrite(a, memType, $0.baseAddress) }
            guard status >= 0 else { throw ASDSError.io(path: file.path, reason: "cannot write attribute \(key)") }
        }
    }

    /// Sets a scalar numeric attribute.
    public func setAttribute<T: HDF5Element>(_ key: String, _ value: T, on object: String = ".") throws {
        try HDF5Lock.run {
            try removeAttributeIfPresent(key, on: object)
            let space = H5Screate(H5S_SCALAR)
            defer { H5Sclose(space) }
            let fileType = T.makeFileType(), memType = T.makeMemoryType()
            defer { H5Tclose(fileType); H5Tclose(memType) }
            let a = H5Acreate_by_name(id, object, key, fileType, space, asds_h5p_default(), asds_h5p_default(), asds_h5p_default())
            guard a >= 0 else { throw ASDSError.io(path: file.path, reason: "cannot create attribute \(key) on \(childPath(object))") }
            defer { H5Aclose(a) }
            var v = value
            let status = withUnsafeBytes(of: &v) { H5Awrite(a, memType, $0.baseAddress) }
            guard status >= 0 else { throw ASDSError.io(path: file.path, reason: "cannot write attribute \(key)") }
        }
    }

    /// Sets a variable-length UTF-8 string attribute.
    public func setAttribute(_ key: String, string: String, on object: String = ".") throws {
        try HDF5Lock.run {
            try removeAttributeIfPresent(key, on: object)
            let space = H5Screate(H5S_SCALAR)
            defer { H5Sclose(space) }
            let type = HDF5Strings.variableType()
            defer { H5Tclose(type) }
            let a = H5Acreate_by_name(id, object, key, type, space, asds_h5p_default(), asds_h5p_default(), asds_h5p_default())
            guard a >= 0 else { throw ASDSError.io(path: file.path, reason: "cannot create attribute \(key) on \(childPath(object))") }
            defer { H5Aclose(a) }
            let status = string.withCString { c -> herr_t in
                var pointer: UnsafePointer<CChar>? = c
                return H5Awrite(a, type, &pointer)
            }
            guard status >= 0 else { throw ASDSError.io(path: file.path, reason: "cannot write attribute \(key)") }
        }
    }

    /// Whether attribute `key` exists on `object`.
    public func hasAttribute(_ key: String, on object: String = ".") -> Bool {
        HDF5Lock.run { H5Aexists_by_name(id, object, key, asds_h5p_default()) > 0 }
    }

    /// Reads numeric attribute `key` (scalar or 1-D) as `[T]`.
    public func attribute<T: HDF5Element>(_ key: String, on object: String = ".", as type: T.Type = T.self) throws -> [T] {
        try HDF5Lock.run {
            let a = try openAttribute(key, on: object)
            defer { H5Aclose(a) }
            let space = H5Aget_space(a)
            defer { H5Sclose(space) }
            let count = Int(H5Sget_simple_extent_npoints(space))
            let stored = H5Aget_type(a)
            defer { H5Tclose(stored) }
            let storedClass = H5Tget_class(stored)
            guard storedClass == H5T_INTEGER || storedClass == H5T_FLOAT || storedClass == H5T_COMPOUND else {
                throw fail(object, "attribute \(key) is not numeric")
            }
            let memType = T.makeMemoryType()
            defer { H5Tclose(memType) }
            var values = [T](unsafeUninitializedCapacity: count) { buffer, n in
                if count > 0 { memset(buffer.baseAddress!, 0, count * MemoryLayout<T>.stride) }
                n = count
            }
            let status = values.withUnsafeMutableBytes { H5Aread(a, memType, $0.baseAddress) }
            guard status >= 0 else { throw fail(object, "cannot read attribute \(key)") }
            return values
        }
    }

    /// Reads a scalar numeric attribute.
    public func scalarAttribute<T: HDF5Element>(_ key: String, on object: String = ".", as type: T.Type = T.self) throws -> T {
        let values: [T] = try attribute(key, on: object)
        guard values.count == 1 else { throw fail(object, "attribute \(key) is not a scalar") }
        return values[0]
    }

    /// Reads a string attribute (variable- or fixed-length).
    public func stringAttribute(_ key: String, on object: String = ".") throws -> String {
        try HDF5Lock.run {
            let a = try openAttribute(key, on: object)
            defer { H5Aclose(a) }
            let stored = H5Aget_type(a)
            defer { H5Tclose(stored) }
            guard let text = HDF5Strings.read(storedType: stored, reader: { type, buffer in H5Aread(a, type, buffer) }) else {
                throw fail(object, "attribute \(key) is not a string")
            }
            return text
        }
    }

    private func openAttribute(_ key: String, on object: String) throws -> hid_t {
        guard object == "." || contains(object) else { throw fail(object, "missing object") }
        guard H5Aexists_by_name(id, object, key, asds_h5p_default()) > 0 else {
            throw fail(object, "missing attribute \(key)")
        }
        let a = H5Aopen_by_name(id, object, key, asds_h5p_default(), asds_h5p_default())
        guard a >= 0 else { throw fail(object, "cannot open attribute \(key)") }
        return a
    }

    private func removeAttributeIfPresent(_ key: String, on object: String) throws {
        if H5Aexists_by_name(id, object, key, asds_h5p_default()) > 0 {
            guard H5Adelete_by_name(id, object, key, asds_h5p_default()) >= 0 else {
                throw ASDSError.io(path: file.path, reason: "cannot replace attribute \(key)")
            }
        }
    }
}
