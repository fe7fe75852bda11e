import ASDSCore
import Bloch
import Foundation
import Numerics

/// Simulated raw MRSI data: what `asds acquire` computes and writes.
public enum MRSIAcquisition {
    /// Simulates the acquisition of `phantom` along `trajectory`.
    ///
    /// Ground truth per voxel p and spectral index n (the unknown of H):
    /// `x[p, n] = sum_g sum_{q in voxel, q in region g} W(r_q, f_n) / s^2 * R_g * sum_m c_{g,m} Phi_m[n]`
    /// over the voxel's `s x s` sub-samples q (partial volumes and the localisation profile W
    /// with chemical-shift displacement), `R_g` the region's relaxation weight for the sequence
    /// and `Phi_m` the basis spectra. Data: `NUFFTSpatialSpectralOperator` with the phantom's B0
    /// map, T2' map and eddy currents applied to x; noise: complex Gaussian with standard
    /// deviation `noiseStandardDeviation` per real and imaginary part, from
    /// `SeededRandom(seed: seed, path: [0x401])` in data order.
    public static func simulate(phantom: Phantom, basis: BasisSet, sequence: MRSISequence, trajectory: KSpaceTrajectory,
                                noiseStandardDeviation: Double, seed: UInt64, phantomSource: String = "phantom",
                                subsamples: Int = 4) throws -> MRSIData {
        try phantom.validate(source: phantomSource)
        try sequence.validate(source: "sequence")
        try phantom.checkMetabolites(against: basis.names, source: phantomSource)
        guard abs(trajectory.fovMeters - phantom.fovMeters) <= 1e-9 * phantom.fovMeters, trajectory.matrix == phantom.matrix else {
            throw ASDSError.mismatch(what: "\(phantomSource) and trajectory",
                                     reason: "the phantom has FOV \(phantom.fovMeters) m and matrix \(phantom.matrix), the trajectory \(trajectory.fovMeters) m and \(trajectory.matrix)")
        }
        guard abs(basis.axis.bandwidthHz - trajectory.spectralBandwidthHz) <= 1e-6 * basis.axis.bandwidthHz else {
            throw ASDSError.mismatch(what: "basis set and trajectory",
                                     reason: "the basis bandwidth is \(basis.axis.bandwidthHz) Hz but the trajectory's spectral bandwidth is \(trajectory.spectralBandwidthHz) Hz; design the trajectory with spectralBandwidthHz = \(basis.axis.bandwidthHz)")
        }
        guard basis.axis.points >= trajectory.repetitions else {
            throw ASDSError.mismatch(what: "basis set and trajectory",
                                     reason: "the basis has \(basis.axis.points) points, the trajectory \(trajectory.repetitions) spectral points")
        }
        guard noiseStandardDeviation.isFinite, noiseStandardDeviation >= 0 else {
            throw ASDSError.invalidInput(source: "--noise", field: "", reason: "must be a finite non-negative standard deviation, got \(noiseStandardDeviation)")
        }
        let raster = PhantomRaster(phantom, subsamples: subsamples)
        let truth = try groundTruth(raster: raster, basis: basis, sequence: sequence, points: trajectory.repetitions)
        let effects = EncodingEffects(offResonanceHz: raster.offResonanceHz, t2PrimeSeconds: raster.t2PrimeSeconds,
                                      eddyCurrents: phantom.eddyCurrentModel)
        let h = try NUFFTSpatialSpectralOperator(trajectory: trajectory, effects: effects)
        let clean = h.forward(truth.spectra)
        let axis = try SpectralAxis(points: trajectory.repetitions, bandwidthHz: trajectory.spectralBandwidthHz,
                                    spectrometerFrequencyHz: basis.axis.spectrometerFrequencyHz, referencePPM: basis.axis.referencePPM,
                                    nucleus: basis.axis.nucleus)
        return MRSIData(phantom: phantom, sequence: sequence.record, trajectory: trajectory, axis: axis,
                        metabolites: basis.names, noiseFree: clean, noisy: clean, noiseStandardDeviation: 0,
                        seed: seed, truthSpectra: truth.spectra, truthAmplitudes: truth.amplitudes,
                        offResonanceHz: raster.offResonanceHz, t2PrimeSeconds: raster.t2PrimeSeconds, segmentCount: h.segmentCount)
            .addingNoise(standardDeviation: noiseStandardDeviation)
    }

    /// Ground-truth spectra `x[p * S + n]` and amplitudes `a[p * M + m]` (fraction- and
    /// relaxation-weighted concentrations, without the localisation profile).
    static func groundTruth(raster: PhantomRaster, basis: BasisSet, sequence: MRSISequence, points s: Int) throws
        -> (spectra: [Complex<Double>], amplitudes: [Double]) {
        let phantom = raster.phantom
        let n = phantom.matrix, voxels = n * n, m = basis.metabolites.count, sub = raster.subsamples
        let dx = phantom.fovMeters / Double(n)
        let spectra = basis.metabolites.map { FFT.spectrum(ofFID: Array($0.fid.prefix(s))) }
        let frequencies = (0..<s).map { Double($0 - s / 2) * basis.axis.bandwidthHz / Double(s) }
        // Per region: relaxation-weighted metabolite spectrum and amplitudes.
        var regionSpectra: [[Complex<Double>]] = [], regionAmplitudes: [[Double]] = []
        for r in phantom.regions {
            let w = sequence.relaxationWeight(t1Seconds: r.t1Seconds, t2Seconds: r.t2Seconds)
            var spec = [Complex<Double>](repeating: .zero, count: s)
            var amps = [Double](repeating: 0, count: m)
            for (k, name) in basis.names.enumerated() {
                let c = (r.concentrations[name] ?? 0) * w
                amps[k] = c
                if c != 0 { for i in 0..<s { spec[i] += spectra[k][i].multiplied(by: c) } }
            }
            regionSpectra.append(spec); regionAmplitudes.append(amps)
        }
        let selection = try phantom.voxel.map { try sequence.selection($0) }
        let slab = selection?.slabFactor ?? Complex(1, 0)
        let perVoxel: [[Complex<Double>]] = Parallel.map(voxels) { p in
            var x = [Complex<Double>](repeating: .zero, count: s)
            let cx = Double(p % n - n / 2) * dx, cy = Double(p / n - n / 2) * dx
            for q in 0..<(sub * sub) {
                let g = Int(raster.labels[p * sub * sub + q])
                guard g >= 0 else { continue }
                let spec = regionSpectra[g]
                if let selection {
                    let x0 = cx + (Double(q % sub) + 0.5) / Double(sub) * dx - dx / 2
                    let y0 = cy + (Double(q / sub) + 0.5) / Double(sub) * dx - dx / 2
                    for i in 0..<s where spec[i] != .zero {
                        x[i] += selection.weight(x: x0, y: y0, frequencyHz: frequencies[i], slab: slab) * spec[i]
                    }
                } else {
                    for i in 0..<s { x[i] += spec[i] }
                }
            }
            let scale = 1 / Double(sub * sub)
            return x.map { $0.multiplied(by: scale) }
        }
        var amplitudes = [Double](repeating: 0, count: voxels * m)
        for (g, fractions) in raster.fractions.enumerated() {
            for p in 0..<voxels where fractions[p] > 0 {
                for k in 0..<m { amplitudes[p * m + k] += fractions[p] * regionAmplitudes[g][k] }
            }
        }
        return (perVoxel.flatMap { $0 }, amplitudes)
    }
}
