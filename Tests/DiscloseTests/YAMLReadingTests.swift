import Testing
import Yams
@testable import Disclose

/// The readers of pipeline, rules and schema files compose YAML without implicit tags (no
/// resolver): a boolean must read as it reads with Yams's default resolver.
struct YAMLReadingTests {
    private static func value(_ text: String) -> Node? {
        var problems = YAMLProblems(file: "test.yaml")
        return problems.compose("option: \(text)\n")?["option"]
    }

    @Test(arguments: [
        ("true", true), ("True", true), ("TRUE", true), ("yes", true), ("Yes", true), ("YES", true), ("on", true), ("ON", true),
        ("false", false), ("False", false), ("no", false), ("NO", false), ("off", false), ("Off", false),
        ("!!bool yEs", true), ("!!bool OFF", false),
        ("tRUE", true), ("oFf", false),
        ("y", nil), ("n", nil), ("1", nil), ("0", nil), ("'yes'", nil), ("\"true\"", nil), ("!!str yes", nil),
        ("", nil), ("[true]", nil), ("{a: true}", nil), ("truely", nil),
    ] as [(String, Bool?)])
    func aBooleanReadsAsWithYamsDefaultResolver(text: String, expected: Bool?) throws {
        #expect(Self.value(text)?.bool == expected)
        // What Yams's default resolver makes of it.
        let reference = try Yams.compose(yaml: "option: \(text)\n")?["option"]
        #expect(reference?.bool == expected)
    }

    @Test func aNumberIsAPlainScalarsDigits() {
        #expect(Self.value("25")?.int == 25)
        #expect(Self.value("-3")?.int == -3)
        #expect(Self.value("'25'")?.int == nil)
        #expect(Self.value("25 days")?.int == nil)
    }

    @Test func listsAndMappingsReadAsTheirItemsAndNothingElseAsNone() {
        #expect(Self.value("[a, b, c]")?.items.compactMap(\.scalarText) == ["a", "b", "c"])
        #expect(Self.value("{z: 1, a: 2}")?.pairs.compactMap(\.key.scalarText) == ["z", "a"])
        #expect(Self.value("plain")?.items.isEmpty == true)
        #expect(Self.value("[a]")?.pairs.isEmpty == true)
    }

    @Test func aKeyWrittenTwiceIsStillAProblem() {
        var problems = YAMLProblems(file: "test.yaml")
        #expect(problems.compose("a: 1\nb: 2\na: 3\n") == nil)
        #expect(problems.list.map(\.message) == ["not valid YAML: duplicate keys: a"])
    }
}
