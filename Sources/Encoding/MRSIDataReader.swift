import ASDSCore
import Bloch
import Foundation
import HDF5Kit
import Numerics

extension MRSIData {
    /// Reads an `asds-mrsi-raw` file (`asds acquire` output or a suite's `mrsi/item-*.h5`),
    /// checking every array's shape against the stored sizes. Errors name the file and the
    /// dataset or field; a truncated or foreign file is refused, never half-read.
    public static func read(_ path: String) throws -> MRSIData {
        let root: HDF5Group
        do { root = try HDF5File.open(path).root() } catch {
            throw ASDSError.corrupt(path: path, reason: "is not a readable HDF5 file")
        }
        guard (try? root.stringAttribute("format")) == "asds-mrsi-raw" else {
            throw ASDSError.invalidInput(source: path, field: "format", reason: "is not an MRSI acquisition (asds acquire or a suite's mrsi/item-*.h5)")
        }
        func corrupt(_ field: String, _ reason: String) -> ASDSError { .corrupt(path: path, reason: "\(field) \(reason)") }
        let text: String
        do { text = try root.readString("parameters") } catch { throw corrupt("/parameters", "is missing or unreadable") }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let p: Parameters
        do { p = try decoder.decode(Parameters.self, from: Data(text.utf8)) } catch {
            throw ASDSError.invalidInput(source: path + ":/parameters", field: "", reason: "is not the JSON of an MRSI acquisition")
        }
        let n = p.matrix, s = p.repetitions, shots = p.shots, per = p.samplesPerReadout, m = p.metabolites.count
        guard n > 0, s > 0, shots > 0, per > 0, p.axis.points == s else {
            throw ASDSError.invalidInput(source: path + ":/parameters", field: "matrix", reason: "sizes are not positive or disagree with the spectral axis")
        }
        func complexArray(_ group: String, _ name: String, shape: [Int]) throws -> [Complex<Double>] {
            let read: (values: [Complex<Double>], shape: [Int])
            do { read = try root.group(group).read(name, as: Complex<Double>.self) } catch { throw corrupt("/\(group)/\(name)", "is missing or unreadable") }
            guard read.shape == shape else { throw corrupt("/\(group)/\(name)", "has shape \(read.shape), expected \(shape)") }
            return read.values
        }
        func realArray(_ group: String, _ name: String, shape: [Int]) throws -> [Double] {
            let read: (values: [Double], shape: [Int])
            do { read = try root.group(group).read(name, as: Double.self) } catch { throw corrupt("/\(group)/\(name)", "is missing or unreadable") }
            guard read.shape == shape else { throw corrupt("/\(group)/\(name)", "has shape \(read.shape), expected \(shape)") }
            return read.values
        }
        let noiseFree = try complexArray("data", "noise_free", shape: [shots, per, s])
        let noisy = try complexArray("data", "noisy", shape: [shots, per, s])
        if let bad = noisy.firstIndex(where: { !($0.real.isFinite && $0.imaginary.isFinite) }) {
            throw ASDSError.invalidInput(source: path, field: "/data/noisy.\(bad)", reason: "is NaN or infinite")
        }
        guard let kind = KSpaceTrajectory.Kind(rawValue: p.trajectoryKind) else {
            throw ASDSError.invalidInput(source: path + ":/parameters", field: "trajectoryKind", reason: "is unknown: \(p.trajectoryKind)")
        }
        let trajectory = KSpaceTrajectory(
            kind: kind,
            summary: p.trajectory, fovMeters: p.fovMeters, matrix: n, shots: shots, samplesPerReadout: per, repetitions: s,
            repetitionSeconds: p.repetitionSeconds, adcTimesSeconds: try realArray("trajectory", "adc_times_s", shape: [per]),
            kx: try realArray("trajectory", "kx_per_m", shape: [shots, per]), ky: try realArray("trajectory", "ky_per_m", shape: [shots, per]),
            densityWeights: try realArray("trajectory", "density_weights", shape: [shots, per]), limits: p.limits)
        return MRSIData(phantom: p.phantom, sequence: p.sequence, trajectory: trajectory, axis: p.axis, metabolites: p.metabolites,
                        noiseFree: noiseFree, noisy: noisy, noiseStandardDeviation: p.noiseStandardDeviation, seed: p.seed,
                        truthSpectra: try complexArray("truth", "spectra", shape: [n, n, s]),
                        truthAmplitudes: try realArray("truth", "amplitudes", shape: [n, n, m]),
                        offResonanceHz: try realArray("truth", "b0_offset_hz", shape: [n, n]),
                        t2PrimeSeconds: try realArray("truth", "t2prime_s", shape: [n, n]), segmentCount: p.timeSegments)
    }

    /// The encoding effects the acquisition was simulated with: the B0 and T2' maps and the
    /// phantom's eddy currents (a reconstruction's calibration: field map, water-reference T2'
    /// map and measured eddy-current terms).
    public var effects: EncodingEffects {
        EncodingEffects(offResonanceHz: offResonanceHz, t2PrimeSeconds: t2PrimeSeconds, eddyCurrents: phantom.eddyCurrentModel)
    }
}
