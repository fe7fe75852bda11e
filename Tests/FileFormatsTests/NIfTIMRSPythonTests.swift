import ASDSCore
import FileFormats
import Foundation
import Numerics
import Testing
import TestSupport

/// Cross-reads ASDS's NIfTI-MRS files with the Python `nifti_mrs` package (and nibabel), the
/// reference implementation of the standard that FSL-MRS uses. The test fails when `python3` or
/// the packages are missing, unless `ASDS_SKIP_PYTHON=1` is set.
@Suite struct NIfTIMRSPythonTests {
    static let skip = ProcessInfo.processInfo.environment["ASDS_SKIP_PYTHON"] == "1"

    /// Opens the file with `nifti_mrs.nifti_mrs.NIFTI_MRS`, runs its validator, and reports what
    /// FSL-MRS tooling sees: shape, spectral width, frequency, tags, names, and the ppm of each
    /// spectrum's peak on `axes.ppmAxisShift` after `fftshift(fft(nmrs[:]))` (nmrs[:] is the
    /// conjugate of the stored data, FSL-MRS's frame).
    static let script = """
    import json, sys
    import numpy as np
    import nibabel as nib
    from nifti_mrs.nifti_mrs import NIFTI_MRS
    from nifti_mrs import validator
    img = NIFTI_MRS(sys.argv[1])
    validator.validate_nifti_mrs(img)
    data = img[:]
    spec = np.fft.fftshift(np.fft.fft(data, axis=3), axes=3)
    ppm = img.axes.ppmAxisShift
    # One row per FID, voxels x-fastest then the higher dimensions (Fortran order).
    mags = np.moveaxis(np.abs(spec), 3, -1).reshape(-1, spec.shape[3], order='F')
    hdr = json.loads(img.hdr_ext.to_json())
    raw = np.asanyarray(nib.load(sys.argv[1]).dataobj)
    print(json.dumps({
        "shape": [int(n) for n in img.shape],
        "spectralwidth": float(img.spectralwidth),
        "dwelltime": float(img.dwelltime),
        "frequency": float(img.spectrometer_frequency[0]),
        "nucleus": img.nucleus[0],
        "tags": [t for t in img.dim_tags if t is not None],
        "names": hdr.get("dim_5_header", {}).get("MetaboliteName", {}).get("Value", []),
        "peaks": [float(ppm[int(np.argmax(m))]) for m in mags],
        "dtype": str(raw.dtype),
        "stored_is_conjugate": bool(np.array_equal(raw.conj(), data)),
    }))
    """

    /// Writes, with `nifti_mrs.create_nmrs.gen_nifti_mrs` from FSL-frame arrays (as FSL-MRS and
    /// spec2nii do), three lines exp(+i 2 pi k 2000/512 t) exp(-t / 0.05 s), k = 40, -25, 0, at
    /// 297.2 MHz along dimension 5: `v1.nii` (NIfTI-1, complex64, DIM_DYN), `v1be.nii` (the same,
    /// big-endian, through nibabel) and `v2.nii.gz` (NIfTI-2, complex128, DIM_USER_0).
    static let writer = """
    import sys
    import numpy as np
    import nibabel as nib
    from nifti_mrs.create_nmrs import gen_nifti_mrs
    out = sys.argv[1]
    t = np.arange(512) / 2000
    fids = np.stack([np.exp(2j * np.pi * (k * 2000 / 512) * t - t / 0.05) for k in (40, -25, 0)], axis=-1)
    data = fids.reshape(1, 1, 1, 512, 3)
    gen_nifti_mrs(data.astype(np.complex64), 1 / 2000, 297.2, dim_tags=['DIM_DYN', None, None], nifti_version=1).save(out + '/v1.nii')
    gen_nifti_mrs(data, 1 / 2000, 297.2, dim_tags=['DIM_USER_0', None, None], nifti_version=2).save(out + '/v2.nii.gz')
    src = nib.load(out + '/v1.nii')
    header = src.header.as_byteswapped('>')
    for extension in src.header.extensions:
        header.extensions.append(extension)
    nib.save(nib.Nifti1Image(np.asanyarray(src.dataobj), None, header=header), out + '/v1be.nii')
    """

    /// Runs `code` with `arguments`; records a failure (and returns nil) if Python cannot.
    static func python(_ code: String, _ arguments: [String]) -> Data? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", code] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do {
            try process.run()
        } catch {
            Issue.record("cannot run python3 (\(error)); install Python 3 with nifti-mrs, or set ASDS_SKIP_PYTHON=1")
            return nil
        }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            Issue.record("python3 with nifti_mrs failed (exit \(process.terminationStatus)); pip install nifti-mrs, or set ASDS_SKIP_PYTHON=1:\n\(String(decoding: errors, as: UTF8.self))")
            return nil
        }
        return output
    }

    /// The report of `script` on `path`, or nil after recording why Python could not give it.
    static func inspect(_ path: String) throws -> JSONValue? {
        guard let output = python(script, [path]) else { return nil }
        return try JSONValue.parse([UInt8](output), source: "python3 output")
    }

    @Test func filesWrittenByNiftiMRSReadInTheASDSFrame() throws {
        guard !Self.skip else { return }
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        guard Self.python(Self.writer, [dir]) != nil else { return }
        let bins = [40, -25, 0]
        for (name, tag, storage) in [("v1.nii", "DIM_DYN", NIfTIMRS.Storage.complex64), ("v1be.nii", "DIM_DYN", .complex64),
                                     ("v2.nii.gz", "DIM_USER_0", .complex128)] {
            let file = try NIfTIMRS.read(from: dir + "/" + name)
            #expect(file.shape == [1, 1, 1, 512, 3] && file.dimensions.map(\.tag) == [tag] && file.storage == storage, "\(name)")
            #expect(file.spectrometerFrequencyMHz == 297.2 && file.nucleus == "1H" && file.referencePPM == 4.65)
            #expect(TestSupport.isClose(file.dwellSeconds, 5e-4, relative: 1e-7))  // NIfTI-1 pixdim is float32
            #expect(file.voxelSizeMillimetres == [10_000, 10_000, 10_000])  // nifti_mrs's default affine
            let axis = try SpectralAxis(points: 512, bandwidthHz: 2000, spectrometerFrequencyHz: 297.2e6)
            for (m, k) in bins.enumerated() {
                let expected = Fixtures.line(hz: Fixtures.gridHz(k, on: axis), t2Seconds: 0.05, on: axis)
                let tolerance = storage == .complex64 ? 1e-7 : 1e-13
                #expect(TestSupport.maxDifference(file.fid(atSpectrum: m), expected) < tolerance, "\(name) spectrum \(m)")
                #expect(Fixtures.peakIndex(file.fid(atSpectrum: m)) == 256 + k)
            }
        }
    }

    @Test(arguments: ["basis.nii.gz", "basis.nii"])
    func basisReadsInNiftiMRSWithPeaksAtTheSimulatedPPM(fileName: String) throws {
        guard !Self.skip else { return }
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        let basis = try Fixtures.basis()
        let path = dir + "/" + fileName
        try NIfTIMRSBasis.write(basis, to: path)
        guard let report = try Self.inspect(path) else { return }

        #expect(report["shape"]?.arrayValue?.compactMap(\.intValue) == [1, 1, 1, 2048, 5])
        #expect(TestSupport.isClose(report["spectralwidth"]?.doubleValue ?? 0, 4000, relative: 1e-12))
        #expect(TestSupport.isClose(report["dwelltime"]?.doubleValue ?? 0, 2.5e-4, relative: 1e-12))
        #expect(report["frequency"]?.doubleValue == 123.2)
        #expect(report["nucleus"]?.stringValue == "1H")
        #expect(report["tags"]?.arrayValue?.compactMap(\.stringValue) == ["DIM_USER_0"])
        #expect(report["names"]?.arrayValue?.compactMap(\.stringValue) == basis.names)
        #expect(report["dtype"]?.stringValue == "complex64")
        #expect(report["stored_is_conjugate"]?.boolValue == true)

        // exp(+i 2 pi f t) with f = k bins above the carrier lies at 4.65 + f / 123.2 ppm.
        let peaks = try #require(report["peaks"]?.doubleArray)
        let axis = basis.axis
        for (m, k) in Fixtures.lineBins.enumerated() {
            let expected = 4.65 + Fixtures.gridHz(k, on: axis) / 123.2
            #expect(abs(peaks[m] - expected) < 1e-9, "\(basis.names[m]): nifti_mrs peak \(peaks[m]) ppm, expected \(expected) ppm")
            #expect(abs(Fixtures.peakPPM(basis.metabolites[m].fid, on: axis) - expected) < 1e-9)
        }
    }

    @Test func mrsiGridAndNonDefaultReferenceReadInNiftiMRS() throws {
        guard !Self.skip else { return }
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        // Carrier at 3.0 ppm: SpecFreqChemShift must carry it for the peaks to land right.
        let axis = try SpectralAxis(points: 512, bandwidthHz: 2000, spectrometerFrequencyHz: 297.2e6, referencePPM: 3.0)
        let bins = [10, -40, 77, 0, -100, 120]
        let fids = bins.map { Fixtures.line(hz: Fixtures.gridHz($0, on: axis), on: axis) }
        let grid = try NIfTIMRS(grid: fids, size: [3, 2, 1], axis: axis, voxelSizeMillimetres: [10, 10, 20])
        let path = dir + "/mrsi.nii.gz"
        try grid.write(to: path)
        guard let report = try Self.inspect(path) else { return }
        #expect(report["shape"]?.arrayValue?.compactMap(\.intValue) == [3, 2, 1, 512])
        #expect(TestSupport.isClose(report["spectralwidth"]?.doubleValue ?? 0, 2000, relative: 1e-12))
        #expect(report["frequency"]?.doubleValue == 297.2)
        let peaks = try #require(report["peaks"]?.doubleArray)
        #expect(peaks.count == 6)
        for (v, k) in bins.enumerated() {
            #expect(abs(peaks[v] - (3.0 + Fixtures.gridHz(k, on: axis) / 297.2)) < 1e-9, "voxel \(v)")
        }
    }
}
