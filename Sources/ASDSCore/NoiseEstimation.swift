import Numerics

/// The default signal-free chemical-shift ranges of a 1H spectrum.
public enum SignalFreeRegions {
    /// Below -0.5 ppm and above 9.5 ppm (clamped to the axis): no 1H metabolite, water or lipid
    /// signal lies there in brain spectra.
    public static let defaultPPM: [ClosedRange<Double>] = [-1e3 ... -0.5, 9.5 ... 1e3]

    /// Spectrum indices inside `ranges` on `axis`, ascending; throws when none lies on the axis.
    public static func indices(_ ranges: [ClosedRange<Double>], on axis: SpectralAxis, source: String) throws -> [Int] {
        var set = Set<Int>()
        for r in ranges { set.formUnion(axis.indexRange(ppm: r)) }
        guard !set.isEmpty else {
            let lo = axis.ppm(atIndex: 0), hi = axis.ppm(atIndex: Double(axis.points - 1))
            throw ASDSError.invalidInput(
                source: source, field: "signal-free region",
                reason: "no point of \(ranges.map { "\($0.lowerBound)...\($0.upperBound)" }.joined(separator: ", ")) ppm lies on the axis (\(lo)...\(hi) ppm); pass a region inside it")
        }
        return set.sorted()
    }
}

/// Noise level of an FID from a signal-free region of its spectrum (shared by reconstruction,
/// which sets regularisation weights from it, and quantification, which can take its CRLB noise
/// level from it).
public enum NoiseEstimation {
    /// The noise standard deviation per real component of the FID samples, estimated from the
    /// FT spectrum (no zero-filling) over `signalFreePPM`: the median absolute deviation of the
    /// first differences of neighbouring bins (real and imaginary parts, within each contiguous
    /// run of indices), times 1.4826 / sqrt(2), divided by `sqrt(points)` (an unnormalised DFT of
    /// white noise multiplies its variance by the length). Differencing removes smooth content
    /// such as the dispersion tails of distant lines and baselines.
    public static func fidStandardDeviation(fid: [Complex<Double>], axis: SpectralAxis,
                                            signalFreePPM: [ClosedRange<Double>] = SignalFreeRegions.defaultPPM) throws -> Double {
        let spectrum = FFT.spectrum(ofFID: fid)
        let idx = try SignalFreeRegions.indices(signalFreePPM, on: axis, source: "noise estimate")
        var re: [Double] = [], im: [Double] = []
        for (a, b) in zip(idx, idx.dropFirst()) where b == a + 1 {
            re.append(spectrum[b].real - spectrum[a].real)
            im.append(spectrum[b].imaginary - spectrum[a].imaginary)
        }
        guard re.count >= 8 else {
            throw ASDSError.invalidInput(source: "noise estimate", field: "signal-free region",
                                         reason: "holds \(idx.count) points of the axis; at least 9 adjacent ones are needed")
        }
        let mad = 0.5 * (medianAbsoluteDeviation(re) + medianAbsoluteDeviation(im))
        return 1.4826 * mad / (2 * Double(fid.count)).squareRoot()
    }

    /// `median |x - median x|`.
    public static func medianAbsoluteDeviation(_ x: [Double]) -> Double {
        let m = median(x)
        return median(x.map { abs($0 - m) })
    }

    /// The median (mean of the two middle values for an even count); 0 for an empty array.
    /// Expected linear time (Hoare's selection with median-of-three pivots).
    public static func median(_ x: [Double]) -> Double {
        guard !x.isEmpty else { return 0 }
        var v = x
        let n = v.count
        let upper = select(&v, n / 2)
        guard n % 2 == 0 else { return upper }
        // After selection every element below index n / 2 is <= the upper middle value.
        var lower = -Double.infinity
        for i in 0..<(n / 2) where v[i] > lower { lower = v[i] }
        return 0.5 * (lower + upper)
    }

    /// Rearranges `v` so that `v[k]` is the k-th smallest, smaller or equal values before it and
    /// larger or equal after it, and returns `v[k]`.
    private static func select(_ v: inout [Double], _ k: Int) -> Double {
        var lo = 0, hi = v.count - 1
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if v[mid] < v[lo] { v.swapAt(mid, lo) }
            if v[hi] < v[lo] { v.swapAt(hi, lo) }
            if v[hi] < v[mid] { v.swapAt(hi, mid) }
            let pivot = v[mid]
            var i = lo, j = hi
            while i <= j {
                while v[i] < pivot { i += 1 }
                while v[j] > pivot { j -= 1 }
                if i <= j {
                    v.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { break }
        }
        return v[k]
    }
}
