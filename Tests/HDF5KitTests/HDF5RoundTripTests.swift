import ASDSCore
import Foundation
import HDF5Kit
import Numerics
import Testing
import TestSupport

@Suite struct HDF5RoundTripTests {
    @Test func everyElementTypeRoundTrips() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        let path = dir + "/t.h5"
        let complexValues = (0..<6).map { Complex(Double($0), -0.5 * Double($0)) }
        do {
            let root = try HDF5File.create(path).root()
            let g = try root.createGroup("basis")
            try g.write(complexValues, to: "fid", shape: [2, 3])
            try g.write([Float(1.5), 2.5], to: "f")
            try g.write([Int64.max, -3], to: "i")
            try g.writeString("{\"a\": 1}", to: "json")
            try g.setAttribute("dwell", 2.5e-4, on: "fid")
            try g.setAttribute("name", string: "NAA")
            try g.setAttribute("te", [0.011, 0.019])
        }
        let root = try HDF5File.open(path).root()
        let g = try root.group("basis")
        let fid = try g.read("fid", as: Complex<Double>.self)
        #expect(fid.values == complexValues && fid.shape == [2, 3])
        #expect(try g.read("f", as: Float.self).values == [1.5, 2.5])
        #expect(try g.read("f", as: Double.self).values == [1.5, 2.5])
        #expect(try g.read("i", as: Int64.self).values == [Int64.max, -3])
        #expect(try g.readString("json") == "{\"a\": 1}")
        #expect(try g.scalarAttribute("dwell", on: "fid", as: Double.self) == 2.5e-4)
        #expect(try g.stringAttribute("name") == "NAA")
        #expect(try g.attribute("te", as: Double.self) == [0.011, 0.019])
        #expect(try g.childNames() == ["fid", "f", "i", "json"])
        #expect(throws: ASDSError.self) { try g.read("f", as: Complex<Double>.self) }
        #expect(throws: ASDSError.self) { try g.read("missing", as: Double.self) }
    }

    /// A child process forked while a file is being written holds its descriptor until it execs
    /// or exits (here: `posix_spawn` without close actions, so for the child's whole life). With
    /// HDF5's flock() file locking, that descriptor's lock made the next open of the file fail
    /// (seen as a rare failure when tests spawn Python under load). ASDS turns the locking off.
    @Test func aChildProcessStartedDuringAWriteDoesNotBlockTheNextOpen() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        let path = dir + "/locked.h5"
        var child: pid_t = 0
        do {
            let root = try HDF5File.create(path).root()
            try root.write([1.0, 2.0, 3.0], to: "x")
            let arguments: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sleep"), strdup("2"), nil]
            defer { arguments.forEach { free($0) } }
            #expect(posix_spawn(&child, "/bin/sleep", nil, nil, arguments, environ) == 0)
        }
        defer { var status: Int32 = 0; waitpid(child, &status, 0) }
        #expect(try HDF5File.open(path).root().read("x", as: Double.self).values == [1, 2, 3])
    }

    /// Rows written one hyperslab at a time read back as the row-major matrix; no rows give a
    /// `[0, L]` dataset.
    @Test func rowsWrittenByHyperslabReadBackAsOneMatrix() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        let path = dir + "/rows.h5"
        let rows = (0..<5).map { r in (0..<7).map { Complex(Double(10 * r + $0), -Double(r)) } }
        do {
            let root = try HDF5File.create(path).root()
            try root.writeRows(rows, rowLength: 7, to: "m")
            try root.writeRows([[Complex<Double>]](), rowLength: 7, to: "empty")
        }
        let root = try HDF5File.open(path).root()
        let m = try root.read("m", as: Complex<Double>.self)
        #expect(m.shape == [5, 7])
        #expect(m.values == rows.flatMap { $0 })
        #expect(try root.read("empty", as: Complex<Double>.self).shape == [0, 7])
    }

    @Test func sameContentGivesByteIdenticalFiles() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        func make(_ path: String) throws {
            let root = try HDF5File.create(path).root()
            let g = try root.createGroup("a")
            try g.write([1.0, 2.0, 3.0], to: "x")
            try g.setAttribute("k", string: "v")
        }
        try make(dir + "/1.h5")
        Thread.sleep(forTimeInterval: 1.1)
        try make(dir + "/2.h5")
        let a = try Data(contentsOf: URL(fileURLWithPath: dir + "/1.h5"))
        let b = try Data(contentsOf: URL(fileURLWithPath: dir + "/2.h5"))
        #expect(a == b)
    }

    @Test func truncatedOrForeignFilesGiveOneLineErrors() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        let path = dir + "/t.h5"
        do {
            let root = try HDF5File.create(path).root()
            try root.write([Double](repeating: 1, count: 10_000), to: "x")
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try data.prefix(data.count / 3).write(to: URL(fileURLWithPath: path))
        #expect(throws: ASDSError.self) { _ = try HDF5File.open(path).root().read("x", as: Double.self) }
        try "hello".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ASDSError.corrupt(path: path, reason: "not an HDF5 file (or truncated)")) { try HDF5File.open(path) }
    }
}
