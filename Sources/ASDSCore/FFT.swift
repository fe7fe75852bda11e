import CFFTW
import Numerics
import Synchronization

/// Direction of a discrete Fourier transform. `forward` uses `exp(-i 2 pi k n / N)`.
public enum FFTDirection: Int32, Sendable {
    case forward = -1
    case backward = 1
}

/// Fast Fourier transforms of contiguous `Complex<Double>` buffers through FFTW, with plans
/// created once per shape and cached for the life of the process.
///
/// Transforms are unnormalised (as FFTW's): `backward(forward(x)) == N * x`. Planning happens under
/// a lock (FFTW's planner is not thread-safe); executing a cached plan on per-call buffers is
/// thread-safe. Plans use `FFTW_ESTIMATE`, so planning never touches the caller's data and results
/// are identical on every run.
public enum FFT {
    private struct PlanKey: Hashable {
        let shape: [Int]
        let batch: Int
        let sign: Int32
        let inPlace: Bool
        let aligned: Bool
        /// Element `(b, i)` at `i * batch + b` (the batch innermost) instead of `b * size + i`.
        var interleaved = false
    }

    private struct PlanBox: @unchecked Sendable {
        let plan: fftw_plan
    }

    private static let plans = Mutex<[PlanKey: PlanBox]>([:])

    /// Transforms `batch` contiguous arrays of `shape` (row-major, last index fastest) from `input`
    /// into `output`. `input` and `output` may be the same buffer (in-place).
    /// - Precondition: both buffers hold `batch * shape.product` elements.
    public static func transform(
        shape: [Int], batch: Int = 1, direction: FFTDirection,
        input: UnsafePointer<Complex<Double>>, output: UnsafeMutablePointer<Complex<Double>>
    ) {
        let inPlace = UnsafeRawPointer(input) == UnsafeRawPointer(output) as UnsafeRawPointer
        let aligned = fftw_alignment_of(UnsafeMutableRawPointer(mutating: input).assumingMemoryBound(to: Double.self)) == 0
            && fftw_alignment_of(UnsafeMutableRawPointer(output).assumingMemoryBound(to: Double.self)) == 0
        let key = PlanKey(shape: shape, batch: batch, sign: direction.rawValue, inPlace: inPlace, aligned: aligned)
        let plan = planFor(key)
        let inPtr = UnsafeMutableRawPointer(mutating: input).assumingMemoryBound(to: fftw_complex.self)
        let outPtr = UnsafeMutableRawPointer(output).assumingMemoryBound(to: fftw_complex.self)
        fftw_execute_dft(plan, inPtr, outPtr)
    }

    /// Transforms `batch` interleaved arrays of `shape`: element `i` of array `b` is at
    /// `i * batch + b` (the batch is the fastest index, as for gridding many images at once).
    public static func transformInterleaved(
        shape: [Int], batch: Int, direction: FFTDirection,
        input: UnsafePointer<Complex<Double>>, output: UnsafeMutablePointer<Complex<Double>>
    ) {
        let inPlace = UnsafeRawPointer(input) == UnsafeRawPointer(output) as UnsafeRawPointer
        let aligned = fftw_alignment_of(UnsafeMutableRawPointer(mutating: input).assumingMemoryBound(to: Double.self)) == 0
            && fftw_alignment_of(UnsafeMutableRawPointer(output).assumingMemoryBound(to: Double.self)) == 0
        let key = PlanKey(shape: shape, batch: batch, sign: direction.rawValue, inPlace: inPlace, aligned: aligned, interleaved: true)
        let plan = planFor(key)
        fftw_execute_dft(plan, UnsafeMutableRawPointer(mutating: input).assumingMemoryBound(to: fftw_complex.self),
                         UnsafeMutableRawPointer(output).assumingMemoryBound(to: fftw_complex.self))
    }

    /// In-place transform of a 1-D array (or of `data.count / n` contiguous arrays of length `n`).
    public static func transform(_ data: inout [Complex<Double>], length n: Int? = nil, direction: FFTDirection) {
        let n = n ?? data.count
        precondition(n > 0 && data.count % n == 0, "FFT length must divide the buffer size")
        data.withUnsafeMutableBufferPointer { buf in
            guard let base = buf.baseAddress else { return }
            transform(shape: [n], batch: buf.count / n, direction: direction, input: base, output: base)
        }
    }

    /// The forward DFT of `x`, unnormalised.
    public static func forward(_ x: [Complex<Double>]) -> [Complex<Double>] {
        var y = x
        transform(&y, direction: .forward)
        return y
    }

    /// The backward DFT of `x`, unnormalised.
    public static func backward(_ x: [Complex<Double>]) -> [Complex<Double>] {
        var y = x
        transform(&y, direction: .backward)
        return y
    }

    private static func planFor(_ key: PlanKey) -> fftw_plan {
        plans.withLock { cache in
            if let box = cache[key] { return box.plan }
            let total = key.shape.reduce(1, *) * key.batch
            let a = fftw_alloc_complex(total)!
            let b = key.inPlace ? a : fftw_alloc_complex(total)!
            defer {
                fftw_free(a)
                if !key.inPlace { fftw_free(b) }
            }
            var flags = UInt32(FFTW_ESTIMATE)
            if !key.aligned { flags |= UInt32(FFTW_UNALIGNED) }
            let dims = key.shape.map { Int32($0) }
            let stride = key.interleaved ? Int32(key.batch) : 1
            let dist = key.interleaved ? 1 : Int32(key.shape.reduce(1, *))
            let plan = dims.withUnsafeBufferPointer { d in
                fftw_plan_many_dft(Int32(d.count), d.baseAddress, Int32(key.batch),
                                   a, nil, stride, dist, b, nil, stride, dist, key.sign, flags)
            }
            guard let plan else { fatalError("FFTW could not plan a transform of shape \(key.shape)") }
            cache[key] = PlanBox(plan: plan)
            return plan
        }
    }
}

extension FFT {
    /// Moves the zero-frequency element to the centre (index `N / 2`), in place; works for odd N.
    public static func fftshift<T>(_ x: inout [T]) {
        rotate(&x, left: x.count - x.count / 2)
    }

    /// Inverse of `fftshift`.
    public static func ifftshift<T>(_ x: inout [T]) {
        rotate(&x, left: x.count / 2)
    }

    /// Rotates `x` left by `k` in place (for even lengths and k = N/2 a plain swap of halves).
    private static func rotate<T>(_ x: inout [T], left k: Int) {
        let n = x.count
        guard n > 1, k % n != 0 else { return }
        x.withUnsafeMutableBufferPointer { b in
            if 2 * k == n {
                for i in 0..<k { b.swapAt(i, i + k) }
            } else {
                b[0..<k].reverse()
                b[k..<n].reverse()
                b.reverse()
            }
        }
    }

    /// The spectrum of an FID: forward DFT then fftshift, unnormalised (as FSL-MRS plots it).
    /// Index `k` lies at `SpectralAxis.frequencyHz(atIndex: k)`.
    public static func spectrum(ofFID fid: [Complex<Double>]) -> [Complex<Double>] {
        var s = forward(fid)
        fftshift(&s)
        return s
    }

    /// The FID of a spectrum made by `spectrum(ofFID:)`: ifftshift, backward DFT, divide by N.
    public static func fid(ofSpectrum spectrum: [Complex<Double>]) -> [Complex<Double>] {
        var s = spectrum
        ifftshift(&s)
        transform(&s, direction: .backward)
        let scale = 1 / Double(s.count)
        for i in s.indices { s[i] = s[i].multiplied(by: scale) }
        return s
    }
}
