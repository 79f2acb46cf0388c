import Testing
@testable import Disclose

struct FixedShapePatternTests {
    /// Whole-value patterns as the schema writes them, each taken as a fixed shape.
    static let shapes = [
        "[A-Z]{3}-[0-9]{4}-[0-9]{5,}", "[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}", "a*b", "[ab]+c?", "x{2}y{0,3}z",
        "[]a]-x{2,}", "[a-c-]+\\.", "[!--]?[0-9]+", "AB", "", "[0-9]{2}/[0-9]{2}/[0-9]{4}", "Z?", "a\\+b*",
    ]

    /// Values that have those shapes.
    static let examples = ["ABC-2024-00001", "S60 2TH", "DN12 4AB", "W1A 0AX", "aab", "b", "abbc", "xxyyz", "xxz", "]-xx", "a-]-xxx",
                           "a-c.", "--.", "!5", "55", "AB", "", "01/02/2024", "Z", "a+bbb"]

    @Test func findsWhatPCRE2FindsInRandomValues() throws {
        let pieces = ["A", "B", "Z", "a", "b", "c", "x", "y", "z", "0", "9", "5", "-", " ", ".", "]", "/", "+", "!", "\n", "é", "AB", "12345"]
        var random = SeededRandom(seed: 12)
        for source in Self.shapes {
            let pattern = try PCRE2Pattern("^(?:" + source + ")$")
            let shape = try #require(FixedShapePattern(pattern.source), "\(source)")
            for _ in 0..<3_000 {
                // Random pieces, or a value of one of the shapes with up to two pieces changed.
                var value = ""
                if Bool.random(using: &random) {
                    for _ in 0..<Int.random(in: 0...14, using: &random) { value += pieces.randomElement(using: &random)! }
                } else {
                    var characters = Array(Self.examples.randomElement(using: &random)!).map(String.init)
                    for _ in 0..<Int.random(in: 0...2, using: &random) {
                        let at = Int.random(in: 0...characters.count, using: &random)
                        switch Int.random(in: 0..<3, using: &random) {
                        case 0: characters.insert(pieces.randomElement(using: &random)!, at: at)
                        case 1 where at < characters.count: characters.remove(at: at)
                        default: if at < characters.count { characters[at] = pieces.randomElement(using: &random)! }
                        }
                    }
                    value = characters.joined()
                }
                let bytes = Array(value.utf8)
                let found = bytes.withUnsafeBytes { shape.matches($0) }
                #expect(found == (try pattern.matches(value)), "\(source) on \(value.debugDescription)")
            }
        }
    }

    @Test func matchesTheValuesItDescribes() {
        let reference = FixedShapePattern("^(?:[A-Z]{3}-[0-9]{4}-[0-9]{5,})$")!
        for (value, expected) in [("ABC-2024-00001", true), ("ABC-2024-123456", true), ("ABC-2024-1234", false), ("abc-2024-00001", false),
                                  ("ABC-2024-00001\n", true), ("ABC-2024-00001\n\n", false), ("ABC-2024-00001 ", false), ("", false)] {
            #expect(Array(value.utf8).withUnsafeBytes { reference.matches($0) } == expected, "\(value.debugDescription)")
        }
    }

    @Test func leavesEveryOtherPatternToPCRE2() throws {
        // Ambiguous repeats, classes PCRE2 reads by Unicode, alternatives, groups, wildcards, lazy
        // and possessive counts, negated and POSIX classes, non-ASCII.
        for source in ["[A-Z]+[A-Z]", "a?a", "a*[ab]", "a*b?a", "\\d{3}", "\\w+", "a|b", "(ab)+", "a.c", "a+?", "a++", "[^a]",
                       "[[:alpha:]]", "é", "a{2", "a{,3}", "[a-\\]]", "\\bA"] {
            #expect(FixedShapePattern("^(?:" + source + ")$") == nil, "\(source)")
        }
        #expect(FixedShapePattern("[A-Z]") == nil)
        // A shape of more than 255 states (an item and how often it has been taken) too.
        #expect(FixedShapePattern("^(?:[0-9]{300})$") == nil)
        #expect(FixedShapePattern("^(?:A[0-9]{100}-[0-9]{150,})$") == nil)
        let long = try #require(FixedShapePattern("^(?:[0-9]{250})$"))
        #expect(Array(String(repeating: "7", count: 250).utf8).withUnsafeBytes { long.matches($0) })
        #expect(!Array(String(repeating: "7", count: 249).utf8).withUnsafeBytes { long.matches($0) })
    }
}
