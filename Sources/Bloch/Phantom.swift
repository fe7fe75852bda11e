import ASDSCore
import Foundation

/// A phantom or geometry file (JSON, schema in docs/ENCODING.md): the imaging field of view and
/// matrix, the PRESS/STEAM localisation box, regions with metabolite concentrations and
/// relaxation, a B0 map and an eddy-current model. Lengths in m, times in s, frequencies in Hz.
public struct Phantom: Codable, Sendable, Equatable {
    /// A region: an ellipse or a box in the imaging plane (z = 0). Where regions overlap, the
    /// later one in the list replaces the earlier ones.
    public struct Region: Codable, Sendable, Equatable {
        public enum Shape: String, Codable, Sendable { case ellipse, box }
        public var name: String
        public var shape: Shape
        /// Centre (x, y), in m.
        public var centerMeters: [Double]
        /// Ellipse semi-axes or box half-sizes (x, y) before rotation, in m.
        public var semiAxesMeters: [Double]
        /// Counter-clockwise rotation, in degrees.
        public var rotationDegrees: Double?
        /// Metabolite concentrations by basis name, in mM (or any consistent unit: they scale the
        /// basis FIDs).
        public var concentrations: [String: Double]
        public var t1Seconds: Double
        public var t2Seconds: Double
        /// Apparent transverse decay during the acquisition (T2' of the forward model), in s;
        /// defaults to `t2Seconds`.
        public var t2StarSeconds: Double?

        public init(name: String, shape: Shape, centerMeters: [Double], semiAxesMeters: [Double], rotationDegrees: Double? = nil,
                    concentrations: [String: Double], t1Seconds: Double, t2Seconds: Double, t2StarSeconds: Double? = nil) {
            self.name = name
            self.shape = shape
            self.centerMeters = centerMeters
            self.semiAxesMeters = semiAxesMeters
            self.rotationDegrees = rotationDegrees
            self.concentrations = concentrations
            self.t1Seconds = t1Seconds
            self.t2Seconds = t2Seconds
            self.t2StarSeconds = t2StarSeconds
        }

        /// Whether the point (x, y) (m) lies inside the region.
        public func contains(_ x: Double, _ y: Double) -> Bool {
            let a = -(rotationDegrees ?? 0) * Double.pi / 180
            let dx = x - centerMeters[0], dy = y - centerMeters[1]
            let u = cos(a) * dx - sin(a) * dy, v = sin(a) * dx + cos(a) * dy
            switch shape {
            case .ellipse:
                let p = u / semiAxesMeters[0], q = v / semiAxesMeters[1]
                return p * p + q * q <= 1
            case .box:
                return abs(u) <= semiAxesMeters[0] && abs(v) <= semiAxesMeters[1]
            }
        }

        /// Half-extents of the region's bounding box, in m.
        public var boundingHalfExtent: (Double, Double) {
            let a = (rotationDegrees ?? 0) * Double.pi / 180
            let c = abs(cos(a)), s = abs(sin(a)), ex = semiAxesMeters[0], ey = semiAxesMeters[1]
            return (c * ex + s * ey, s * ex + c * ey)
        }
    }

    /// The PRESS/STEAM box.
    public struct Voxel: Codable, Sendable, Equatable {
        /// Centre (x, y, z), in m.
        public var centerMeters: [Double]
        /// Edge lengths (x, y, z), in m.
        public var sizeMeters: [Double]

        public init(centerMeters: [Double], sizeMeters: [Double]) {
            self.centerMeters = centerMeters
            self.sizeMeters = sizeMeters
        }
    }

    /// B0 offset map: `df(x, y) = offsetHz + gx x + gy y + random(x, y)`, where the random field is
    /// white Gaussian noise on the voxel grid (seeded), smoothed by a Gaussian of standard
    /// deviation `randomCorrelationMeters` and scaled to root-mean-square `randomRmsHz`.
    ///
    /// A measured map may be given instead as `valuesHz`: N x N values, row-major (y, x), in Hz,
    /// to which the other terms are added.
    public struct B0Map: Codable, Sendable, Equatable {
        public var valuesHz: [Double]?
        public var offsetHz: Double?
        public var gradientHzPerMeter: [Double]?
        public var randomRmsHz: Double?
        public var randomCorrelationMeters: Double?
        public var seed: UInt64?

        public init(valuesHz: [Double]? = nil, offsetHz: Double? = nil, gradientHzPerMeter: [Double]? = nil,
                    randomRmsHz: Double? = nil, randomCorrelationMeters: Double? = nil, seed: UInt64? = nil) {
            self.valuesHz = valuesHz
            self.offsetHz = offsetHz
            self.gradientHzPerMeter = gradientHzPerMeter
            self.randomRmsHz = randomRmsHz
            self.randomCorrelationMeters = randomCorrelationMeters
            self.seed = seed
        }
    }

    public var name: String
    /// Square field of view, in m.
    public var fovMeters: Double
    /// Matrix size N (N x N voxels).
    public var matrix: Int
    public var voxel: Voxel?
    public var regions: [Region]
    public var b0Map: B0Map?
    public var eddyCurrents: [EddyCurrentModel.Term]?

    public init(name: String, fovMeters: Double, matrix: Int, voxel: Voxel? = nil, regions: [Region], b0Map: B0Map? = nil,
                eddyCurrents: [EddyCurrentModel.Term]? = nil) {
        self.name = name
        self.fovMeters = fovMeters
        self.matrix = matrix
        self.voxel = voxel
        self.regions = regions
        self.b0Map = b0Map
        self.eddyCurrents = eddyCurrents
    }

    /// Loads and validates `path`; errors name the file and the field.
    public static func load(path: String) throws -> Phantom {
        let phantom = try JSONInput.decode(Phantom.self, fromFile: path)
        try phantom.validate(source: path)
        return phantom
    }

    /// Checks every value (finite, physical, regions inside the FOV).
    public func validate(source: String) throws {
        func fail(_ field: String, _ reason: String) -> ASDSError { .invalidInput(source: source, field: field, reason: reason) }
        try ASDSError.requirePositive(fovMeters, source: source, field: "fovMeters", unit: "m")
        guard matrix >= 2 else { throw fail("matrix", "must be an integer of at least 2, got \(matrix)") }
        guard !regions.isEmpty else { throw fail("regions", "must list at least one region") }
        let half = fovMeters / 2
        for (g, r) in regions.enumerated() {
            let f = "regions.\(g)"
            guard r.centerMeters.count == 2 else { throw fail(f + ".centerMeters", "must be [x, y]") }
            guard r.semiAxesMeters.count == 2 else { throw fail(f + ".semiAxesMeters", "must be [x, y]") }
            for (i, v) in r.centerMeters.enumerated() where !v.isFinite {
                throw fail("\(f).centerMeters.\(i)", "must be finite, got \(v)")
            }
            for (i, v) in r.semiAxesMeters.enumerated() { try ASDSError.requirePositive(v, source: source, field: "\(f).semiAxesMeters.\(i)", unit: "m") }
            if let rot = r.rotationDegrees { try ASDSError.require(rot, in: -360...360, source: source, field: f + ".rotationDegrees", unit: "deg") }
            try ASDSError.requirePositive(r.t1Seconds, source: source, field: f + ".t1Seconds", unit: "s")
            try ASDSError.requirePositive(r.t2Seconds, source: source, field: f + ".t2Seconds", unit: "s")
            if let t = r.t2StarSeconds { try ASDSError.requirePositive(t, source: source, field: f + ".t2StarSeconds", unit: "s") }
            for (m, c) in r.concentrations.sorted(by: { $0.key < $1.key }) {
                try ASDSError.require(c, in: 0...1e6, source: source, field: "\(f).concentrations.\(m)")
            }
            let (ex, ey) = r.boundingHalfExtent
            let cx = r.centerMeters[0], cy = r.centerMeters[1]
            guard cx - ex >= -half - 1e-12, cx + ex <= half + 1e-12, cy - ey >= -half - 1e-12, cy + ey <= half + 1e-12 else {
                throw fail(f, "region '\(r.name)' extends outside the field of view (+-\(half) m)")
            }
        }
        if let v = voxel {
            guard v.centerMeters.count == 3, v.centerMeters.allSatisfy(\.isFinite) else { throw fail("voxel.centerMeters", "must be 3 finite numbers [x, y, z]") }
            guard v.sizeMeters.count == 3 else { throw fail("voxel.sizeMeters", "must be [x, y, z]") }
            for (i, s) in v.sizeMeters.enumerated() { try ASDSError.requirePositive(s, source: source, field: "voxel.sizeMeters.\(i)", unit: "m") }
            for a in 0..<2 where abs(v.centerMeters[a]) + v.sizeMeters[a] / 2 > half + 1e-12 {
                throw fail("voxel", "the localisation box extends outside the field of view (+-\(half) m)")
            }
        }
        if let b = b0Map {
            if let values = b.valuesHz {
                guard values.count == matrix * matrix else {
                    throw fail("b0Map.valuesHz", "must hold matrix x matrix = \(matrix * matrix) values, got \(values.count)")
                }
                if let p = values.firstIndex(where: { !$0.isFinite }) {
                    throw fail("b0Map.valuesHz.\(p)", "must be a finite frequency in Hz, got \(values[p])")
                }
            }
            if let o = b.offsetHz { try ASDSError.require(o, in: -1e4...1e4, source: source, field: "b0Map.offsetHz", unit: "Hz") }
            if let g = b.gradientHzPerMeter {
                guard g.count == 2 else { throw fail("b0Map.gradientHzPerMeter", "must be [x, y]") }
                for (i, v) in g.enumerated() { try ASDSError.require(v, in: -1e5...1e5, source: source, field: "b0Map.gradientHzPerMeter.\(i)", unit: "Hz/m") }
            }
            if let r = b.randomRmsHz {
                try ASDSError.require(r, in: 0...1e4, source: source, field: "b0Map.randomRmsHz", unit: "Hz")
                guard let c = b.randomCorrelationMeters else { throw fail("b0Map.randomCorrelationMeters", "is required with randomRmsHz") }
                try ASDSError.requirePositive(c, source: source, field: "b0Map.randomCorrelationMeters", unit: "m")
            }
        }
        if let terms = eddyCurrents { try EddyCurrentModel(terms: terms).validate(source: source, field: "eddyCurrents") }
    }

    /// Every metabolite named by any region, sorted.
    public var metaboliteNames: [String] {
        Array(Set(regions.flatMap { $0.concentrations.keys })).sorted()
    }

    /// Checks that every metabolite in the phantom exists in `basisNames`.
    public func checkMetabolites(against basisNames: [String], source: String) throws {
        for (g, r) in regions.enumerated() {
            for m in r.concentrations.keys.sorted() where !basisNames.contains(m) {
                throw ASDSError.invalidInput(source: source, field: "regions.\(g).concentrations.\(m)",
                                             reason: "unknown metabolite '\(m)': the basis set has \(basisNames.joined(separator: ", "))")
            }
        }
    }

    /// The eddy-current model (empty when none is given).
    public var eddyCurrentModel: EddyCurrentModel { EddyCurrentModel(terms: eddyCurrents ?? []) }
}
