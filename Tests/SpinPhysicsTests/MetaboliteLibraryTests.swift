import ASDSCore
import Foundation
import SpinPhysics
import TestSupport
import Testing

/// The bundled `metabolites/*.json` library: every file loads, proton counts and shifts match
/// the chemistry and the literature, and malformed files are rejected naming file and field.
@Suite struct MetaboliteLibraryTests {
    /// The metabolites the basis simulator must offer.
    static let required = [
        "NAA", "NAAG", "Cr", "PCr", "Cho", "GPC", "PCh", "PE", "Lac", "Ala", "Glc", "Ins", "sI",
        "Glu", "Gln", "GABA", "GSH", "Tau", "Asp", "Gly",
    ]

    /// Non-exchangeable 1H count of each molecule plus the NH protons that are modelled because
    /// they couple (NAA's amide NH, NAAG's glutamyl NH); Glc counts both anomers (7 + 7).
    static let expectedProtons: [(String, Int)] = [
        ("NAA", 3 + 3 + 1), ("NAAG", 3 + 3 + 5 + 1), ("Cr", 3 + 2), ("PCr", 3 + 2),
        ("Cho", 9 + 4), ("GPC", 9 + 5 + 4), ("PCh", 9 + 4), ("PE", 4), ("Lac", 1 + 3),
        ("Ala", 1 + 3), ("Glc", 7 + 7), ("Ins", 6), ("sI", 6), ("Glu", 5), ("Gln", 5),
        ("GABA", 6), ("GSH", 5 + 3 + 2), ("Tau", 4), ("Asp", 3), ("Gly", 2), ("Asc", 4),
    ]

    /// Main resonances (metabolite, subsystem index, group label, literature shift in ppm,
    /// tolerance in ppm).
    static let mainPeaks: [(String, Int, String, Double, Double)] = [
        ("NAA", 0, "2CH3", 2.008, 1e-9), ("NAA", 1, "3CH", 2.6727, 1e-9), ("NAA", 1, "NH", 7.8205, 1e-9),
        ("NAAG", 0, "2CH3", 2.042, 1e-9), ("NAAG", 2, "3CH", 1.881, 1e-9),
        ("Cr", 0, "N(CH3)", 3.027, 1e-9), ("Cr", 1, "2CH2", 3.913, 1e-9),
        ("PCr", 0, "N(CH3)", 3.029, 1e-9), ("PCr", 1, "2CH2", 3.930, 1e-9),
        ("Cho", 0, "N(CH3)3", 3.185, 1e-9), ("PCh", 0, "N(CH3)3", 3.208, 1e-9), ("GPC", 0, "N(CH3)3", 3.212, 1e-9),
        ("Lac", 0, "3CH3", 1.3142, 1e-9), ("Lac", 0, "2CH", 4.0974, 1e-9), ("Ala", 0, "3CH3", 1.4667, 1e-9),
        ("Ins", 0, "1CH", 3.52, 0.005), ("Ins", 0, "2CH", 4.05, 0.005), ("Ins", 0, "5CH", 3.269, 1e-9),
        ("sI", 0, "1-6CH", 3.34, 1e-9), ("Glu", 0, "2CH", 3.7433, 1e-9), ("Glu", 0, "4'CH", 2.352, 1e-9),
        ("Gln", 0, "4'CH", 2.454, 1e-9), ("GABA", 0, "4CH", 3.013, 1e-9), ("GABA", 0, "2CH", 2.284, 1e-9),
        ("GSH", 0, "4'CH", 2.56, 1e-9), ("GSH", 1, "3'CH", 2.9747, 1e-9), ("GSH", 2, "2CH2", 3.769, 1e-9),
        ("Tau", 0, "1CH", 3.4206, 1e-9), ("Tau", 0, "2CH", 3.2459, 1e-9),
        ("Asp", 0, "2CH", 3.8914, 1e-9), ("Gly", 0, "2CH2", 3.548, 1e-9), ("PE", 0, "2CH", 3.216, 1e-9),
        ("Glc", 0, "1CH", 5.216, 1e-9), ("Glc", 1, "1CH", 4.630, 1e-9),
    ]

    /// Uncoupled singlets (metabolite, group label): each must sit alone in a subsystem
    /// without couplings, so the simulator treats it as one spin weighted by its protons.
    static let singlets: [(String, String)] = [
        ("NAA", "2CH3"), ("NAAG", "2CH3"), ("Cr", "N(CH3)"), ("Cr", "2CH2"), ("PCr", "N(CH3)"),
        ("PCr", "2CH2"), ("Cho", "N(CH3)3"), ("PCh", "N(CH3)3"), ("GPC", "N(CH3)3"),
        ("sI", "1-6CH"), ("Gly", "2CH2"), ("GSH", "2CH2"),
    ]

    static func load(_ name: String) throws -> MetaboliteDefinition {
        try MetaboliteLibrary.load(name, from: TestSupport.library)
    }

    static func groups(of definition: MetaboliteDefinition, labelled label: String) -> [(SpinSubsystemDefinition, SpinGroup)] {
        definition.subsystems.flatMap { s in s.groups.filter { $0.label == label }.map { (s, $0) } }
    }

    @Test func libraryHoldsEveryRequiredMetaboliteUnderItsOwnName() throws {
        let names = MetaboliteLibrary.availableNames(in: TestSupport.library.metabolitesDirectory)
        for name in Self.required {
            #expect(names.contains(name), "metabolites/\(name).json is missing")
        }
        for name in names {
            #expect(try Self.load(name).name == name, "file stem and 'name' differ for \(name)")
        }
    }

    @Test(arguments: MetaboliteLibrary.availableNames(in: TestSupport.library.metabolitesDirectory))
    func bundledFileLoadsAndEveryCrossReferenceResolves(name: String) throws {
        let definition = try Self.load(name)
        let ids = Set(definition.references.map(\.id))
        #expect(ids.contains(definition.defaultReference))
        for subsystem in definition.subsystems {
            let labels = Set(subsystem.groups.map(\.label))
            #expect(subsystem.expandedProtonCount <= SpinSubsystemDefinition.maximumCoupledProtons)
            for group in subsystem.groups {
                #expect(ids.contains(group.ref ?? definition.defaultReference))
                if group.nucleus == .proton {
                    #expect((0.5...9.0).contains(group.shiftPPM), "\(name) \(group.label): \(group.shiftPPM) ppm")
                }
            }
            for coupling in subsystem.couplings {
                #expect(coupling.groups.count == 2 && coupling.groups.allSatisfy(labels.contains))
                #expect(ids.contains(coupling.ref ?? definition.defaultReference))
            }
        }
    }

    @Test(arguments: expectedProtons)
    func protonCountMatchesChemistry(name: String, protons: Int) throws {
        let definition = try Self.load(name)
        let count = definition.subsystems.flatMap(\.groups).filter { $0.nucleus == .proton }.reduce(0) { $0 + $1.protons }
        #expect(count == protons)
    }

    @Test func glucoseAnomersAreWeightedSevenProtonSubsystems() throws {
        let glc = try Self.load("Glc")
        #expect(glc.subsystems.count == 2)
        #expect(glc.subsystems.map(\.scale) == [0.36, 0.64])
        for anomer in glc.subsystems {
            #expect(anomer.groups.reduce(0) { $0 + $1.protons } == 7)
            #expect(anomer.expandedProtonCount == 7)
        }
        // The anomeric proton: alpha 1CH doublet near 5.22 ppm (J 3.8 Hz), beta near 4.63 (J 8.0 Hz).
        let h1 = glc.subsystems.map { s in s.groups.first { $0.label == "1CH" }!.shiftPPM }
        #expect(h1 == [5.216, 4.630])
    }

    @Test(arguments: mainPeaks)
    func mainResonanceSitsAtItsLiteratureShift(name: String, subsystem: Int, label: String, ppm: Double, tolerance: Double) throws {
        let definition = try Self.load(name)
        try #require(subsystem < definition.subsystems.count)
        let group = definition.subsystems[subsystem].groups.first { $0.label == label }
        let shift = try #require(group, "\(name) subsystem \(subsystem) has no group \(label)").shiftPPM
        #expect(abs(shift - ppm) <= tolerance, "\(name) \(label): \(shift) ppm, expected \(ppm)")
    }

    @Test(arguments: singlets)
    func singletIsAnUncoupledSubsystemOfItsOwn(name: String, label: String) throws {
        let matches = Self.groups(of: try Self.load(name), labelled: label)
        #expect(matches.count == 1)
        for (subsystem, group) in matches {
            #expect(subsystem.groups.count == 1 && subsystem.couplings.isEmpty)
            #expect(subsystem.expandedProtonCount == 0)
            #expect(group.protons > 1)
        }
    }

    /// Geminal (same-carbon) couplings are negative, vicinal and 1H-31P ones positive, in every
    /// file; labels of one carbon's two protons differ only by a prime (`3CH`, `3'CH`).
    @Test(arguments: MetaboliteLibrary.availableNames(in: TestSupport.library.metabolitesDirectory))
    func couplingSignsFollowTheBondTopology(name: String) throws {
        func carbon(_ label: String) -> String { label.replacingOccurrences(of: "'", with: "") }
        for subsystem in try Self.load(name).subsystems {
            for coupling in subsystem.couplings {
                let geminal = carbon(coupling.groups[0]) == carbon(coupling.groups[1])
                #expect(geminal ? coupling.hz < 0 : coupling.hz > 0, "\(name) \(coupling.groups): \(coupling.hz) Hz")
                #expect(abs(coupling.hz) >= 0.5 && abs(coupling.hz) <= 20, "\(name) \(coupling.groups): \(coupling.hz) Hz")
            }
        }
    }

    @Test(arguments: [("PCh", 2), ("PE", 2), ("GPC", 4)])
    func phosphorylProtonsCoupleTo31P(name: String, couplings: Int) throws {
        var found = 0
        for subsystem in try Self.load(name).subsystems {
            let phosphorus = Set(subsystem.groups.filter { $0.nucleus == .phosphorus }.map(\.label))
            for coupling in subsystem.couplings where coupling.groups.contains(where: phosphorus.contains) {
                #expect((5.5...7.5).contains(coupling.hz), "\(name) 1H-31P \(coupling.hz) Hz")
                found += 1
            }
        }
        #expect(found == couplings)
    }

    @Test func unknownMetaboliteNameIsRejectedNamingIt() {
        do {
            _ = try Self.load("NoSuchMetabolite")
        } catch let ASDSError.invalidInput(source, field, reason) {
            #expect(source == "metabolite" && field == "NoSuchMetabolite")
            #expect(reason.contains("NAA"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}

/// Malformed metabolite files, each a one-edit variant of a valid fixture.
@Suite struct MalformedMetaboliteTests {
    static let valid = """
        {
          "name": "Fixture",
          "fullName": "Two-subsystem test fixture",
          "references": [{"id": "G2000", "citation": "Govindaraju V, Young K, Maudsley AA. NMR Biomed 2000;13:129-153."}],
          "defaultReference": "G2000",
          "subsystems": [
            {"groups": [{"label": "2CH3", "shiftPPM": 2.008, "protons": 3}]},
            {"groups": [{"label": "2CH", "shiftPPM": 4.3817}, {"label": "3CH", "shiftPPM": 2.6727}],
             "couplings": [{"groups": ["2CH", "3CH"], "hz": 3.861}]}
          ]
        }
        """

    /// (edit: text replaced once in `valid`, replacement, expected field path, expected reason or
    /// nil where the reason is Foundation's wording).
    static let cases: [(String, String, String, String?)] = [
        (#""defaultReference": "G2000","#, "", "defaultReference", "is required but missing"),
        (#"{"label": "3CH", "shiftPPM": 2.6727}"#, #"{"label": "3CH"}"#, "subsystems.1.groups.1.shiftPPM", "is required but missing"),
        (#""protons": 3"#, #""protons": "three""#, "subsystems.0.groups.0.protons", "expected an integer"),
        (#""hz": 3.861"#, #""hz": "3.861""#, "subsystems.1.couplings.0.hz", "expected a number"),
        (#""shiftPPM": 2.008"#, #""shiftPPM": "NaN""#, "subsystems.0.groups.0.shiftPPM", "expected a number"),
        (#""shiftPPM": 2.008"#, #""shiftPPM": 25.0"#, "subsystems.0.groups.0.shiftPPM", "must lie in [-5.0, 20.0] ppm, got 25.0 ppm"),
        (#"["2CH", "3CH"]"#, #"["2CH", "9CH"]"#, "subsystems.1.couplings.0.groups", "'9CH' is not a group label of this subsystem"),
        (#""hz": 3.861"#, #""hz": 3.861, "ref": "G2001""#, "subsystems.1.couplings.0.ref", "'G2001' is not an id in references"),
        (#""protons": 3"#, #""protons": 3, "ref": "Tkac""#, "subsystems.0.groups.0.ref", "'Tkac' is not an id in references"),
        (#""defaultReference": "G2000""#, #""defaultReference": "G2015""#, "defaultReference", "'G2015' is not an id in references"),
        (#""hz": 3.861"#, #""hz": 75"#, "subsystems.1.couplings.0.hz", "must lie in [-50.0, 50.0] Hz, got 75.0 Hz"),
        (#"{"groups": ["2CH", "3CH"], "hz": 3.861}"#, #"{"groups": ["2CH", "3CH"], "hz": 3.861}, {"groups": ["3CH", "2CH"], "hz": 3.9}"#,
         "subsystems.1.couplings.1.groups", "this pair is coupled twice"),
        (#""protons": 3"#, #""protons": 3, "nucleus": "13C""#, "subsystems.0.groups.0.nucleus", nil),
        (#"{"label": "2CH", "shiftPPM": 4.3817}"#, #"{"label": "2CH", "shiftPPM": 4.3817, "protons": 12}"#,
         "subsystems.1", "expands to 13 coupled protons; at most 12 are supported"),
        (#"{"label": "2CH3", "shiftPPM": 2.008, "protons": 3}"#, #"{"label": "2CH3", "shiftPPM": 2.008, "protons": 0}"#,
         "subsystems.0.groups.0.protons", "must be an integer from 1 to 12, got 0"),
        (#""subsystems": ["#, #""subsystems": [{"scale": 0, "groups": [{"label": "X", "shiftPPM": 1.0}]},"#,
         "subsystems.0.scale", "must lie in [1e-06, 1000.0], got 0.0"),
    ]

    static func write(_ text: String, in directory: String) throws -> String {
        let path = directory + "/Fixture.json"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func edited(_ original: String, _ replacement: String) -> String {
        let parts = valid.components(separatedBy: original)
        precondition(parts.count == 2, "fixture edit '\(original)' must match exactly once")
        return parts.joined(separator: replacement)
    }

    @Test func validFixtureLoads() throws {
        let dir = try TestSupport.temporaryDirectory("metabolite-fixture")
        defer { TestSupport.cleanup(dir) }
        let definition = try MetaboliteLibrary.load(try Self.write(Self.valid, in: dir), from: TestSupport.library)
        #expect(definition.subsystems.map(\.expandedProtonCount) == [0, 2])
        #expect(definition.subsystems.map(\.scale) == [1, 1])
    }

    @Test(arguments: cases)
    func malformedFileIsRejectedNamingFileAndField(original: String, replacement: String, field: String, reason: String?) throws {
        let dir = try TestSupport.temporaryDirectory("metabolite-fixture")
        defer { TestSupport.cleanup(dir) }
        let path = try Self.write(Self.edited(original, replacement), in: dir)
        do {
            _ = try MetaboliteLibrary.load(path, from: TestSupport.library)
            Issue.record("\(field): malformed file was accepted")
        } catch let error as ASDSError {
            guard case let .invalidInput(source, actualField, actualReason) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(source == path)
            #expect(actualField == field)
            if let reason { #expect(actualReason == reason) }
            #expect(error.description.hasPrefix("\(path): \(field): "))
        }
    }

    /// JSON has no NaN or infinity: a bare `NaN` or an overflowing literal fails to parse, and the
    /// error names the file (Foundation's parser reports no field for it).
    @Test(arguments: ["NaN", "1e999"])
    func nonFiniteShiftLiteralIsRejectedNamingTheFile(literal: String) throws {
        let dir = try TestSupport.temporaryDirectory("metabolite-fixture")
        defer { TestSupport.cleanup(dir) }
        let path = try Self.write(Self.edited(#""shiftPPM": 2.008"#, #""shiftPPM": "# + literal), in: dir)
        #expect(throws: ASDSError.invalidInput(source: path, field: "", reason: "not valid JSON")) {
            _ = try MetaboliteLibrary.load(path, from: TestSupport.library)
        }
    }
}
