import Testing
@testable import Disclose

/// The keyword automaton finds a keyword exactly where its words follow each other in the text:
/// whole words, any ASCII case, any spacing, a final `*` matching any ending.
struct KeywordAutomatonTests {
    /// Rank = position in this list.
    static let keywords = ["bin", "missed bin", "repair*", "still has not", "don't agree", "wolf whistle*", "café", "c++"]

    static let automaton = KeywordAutomaton(keywords.enumerated().map { rank, word in
        var text = Array(word.lowercased().utf8)
        let stem = text.last == UInt8(ascii: "*")
        if stem { text.removeLast() }
        let tokens = text.withUnsafeBytes { WordTokens.cut($0) }.map { Array(text[$0.range]) }
        return KeywordAutomaton.Keyword(tokens: tokens, lastIsStem: stem, rank: Int32(rank))
    })

    @Test(arguments: [
        ("My BIN was not emptied", "bin"),
        ("the bins were left", nil),                        // a whole word, not the start of one
        ("a cabin in the woods", nil),                      // nor its end
        ("they MISSED   the bin", "bin"),
        ("a missed\tbin again", "bin"),                     // rank 0 beats rank 1
        ("repairs were late", "repair*"),
        ("the repair", "repair*"),
        ("unrepaired", nil),
        ("it still  has not been fixed", "still has not"),
        ("still, has not", nil),                            // a comma is a word of its own
        ("I DON'T agree with it", "don't agree"),
        ("I don ' t agree", "don't agree"),                 // the same words, spaced
        ("I dont agree", nil),
        ("wolf-whistled at", nil),                          // '-' stands between the words
        ("wolf whistled at", "wolf whistle*"),
        ("the Café was shut", "café"),
        ("the CAFÉ was shut", nil),                         // only A-Z fold
        ("writes c++ code", "c++"),
        ("writes c+ code", nil),
        ("", nil),
        ("   ", nil),
    ] as [(String, String?)])
    func findsTheBestKeywordOnWholeWords(text: String, expected: String?) {
        let rank = Array(text.utf8).withUnsafeBytes { Self.automaton.bestRank(in: $0) }
        #expect((rank == Int32.max ? nil : Self.keywords[Int(rank)]) == expected)
    }
}
