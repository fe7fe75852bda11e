import ASDSCore
import Foundation
import SpinPhysics
import Testing

@Suite("Spin systems from metabolite definitions")
struct SpinSystemTests {
    static let json = """
    {"name": "PChLike", "fullName": "test", "defaultReference": "G",
     "references": [{"id": "G", "citation": "test"}],
     "subsystems": [
      {"groups": [{"label": "NCH3", "shiftPPM": 3.2, "protons": 9}]},
      {"scale": 0.5,
       "groups": [{"label": "A", "shiftPPM": 4.28, "protons": 2}, {"label": "B", "shiftPPM": 3.64},
                  {"label": "P", "shiftPPM": 0, "nucleus": "31P"}],
       "couplings": [{"groups": ["A", "B"], "hz": 7}, {"groups": ["A", "P"], "hz": 6}]}
     ]}
    """

    @Test("expansion: singlets weighted by protons, coupled protons explicit, 31P as static offsets")
    func expansion() throws {
        let definition = try JSONInput.decode(MetaboliteDefinition.self, from: Data(Self.json.utf8), source: "test")
        try definition.validate(source: "test")
        let systems = SpinSystem.systems(for: definition, spectrometerFrequencyHz: 123.2e6, referencePPM: 4.65)
        #expect(systems.count == 3)
        #expect(systems[0].spinCount == 1 && systems[0].weight == 9)
        #expect(abs(systems[0].offsetsHz[0] - (3.2 - 4.65) * 123.2) < 1e-9)
        let a = (4.28 - 4.65) * 123.2, b = (3.64 - 4.65) * 123.2
        // m_P = +1/2 then -1/2: the A protons move by +-J_AP/2, B (not coupled to P) stays.
        for (system, sign) in zip(systems[1...], [1.0, -1.0]) {
            #expect(system.spinCount == 3)
            #expect(system.weight == 0.25)
            #expect(abs(system.offsetsHz[0] - (a + sign * 3)) < 1e-9 && abs(system.offsetsHz[1] - (a + sign * 3)) < 1e-9)
            #expect(abs(system.offsetsHz[2] - b) < 1e-9)
            #expect(system.coupling(0, 2) == 7 && system.coupling(1, 2) == 7 && system.coupling(0, 1) == 0)
        }
    }
}
