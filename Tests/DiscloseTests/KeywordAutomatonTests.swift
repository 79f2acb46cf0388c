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

    /// What the automaton must find, the slow way: cut the text into tokens, and look for each
    /// keyword's tokens one after another (the last a prefix when it is a stem).
    static func bestRankByTokens(_ text: [UInt8]) -> Int32 {
        let tokens = text.withUnsafeBytes { WordTokens.cut($0) }.map { text[$0.range].map(WordTokens.lower) }
        var best = Int32.max
        for (rank, word) in keywords.enumerated() {
            var bytes = Array(word.lowercased().utf8)
            let stem = bytes.last == UInt8(ascii: "*")
            if stem { bytes.removeLast() }
            let wanted = bytes.withUnsafeBytes { WordTokens.cut($0) }.map { Array(bytes[$0.range]) }
            guard tokens.count >= wanted.count else { continue }
            for first in 0...(tokens.count - wanted.count) {
                let matches = wanted.indices.allSatisfy { index in
                    let token = tokens[first + index]
                    return stem && index == wanted.count - 1 ? token.starts(with: wanted[index]) : token == wanted[index]
                }
                if matches { best = min(best, Int32(rank)) }
            }
        }
        return best
    }

    @Test func findsWhatComparingTokensFindsInRandomTexts() {
        // Pieces of the keywords, near misses, other words, and every kind of byte between them.
        let pieces = ["bin", "BIN", "bins", "missed", "MISSED", "repair", "repairs", "Repaired", "un", "still", "has", "not",
                      "don", "DON'T", "'", "t", "agree", "wolf", "whistle", "whistles", "café", "CAFÉ", "caf", "c", "+", "++",
                      "the", "a", "x", ",", "-", "!", "é", "9"]
        let gaps = ["", " ", "  ", "\t", "\n", "\r\n", ",", "-", "'", "          "]
        var random = SeededRandom(seed: 2026)
        // Short texts are read in one pass, long ones in two halves at once.
        for _ in 0..<3_000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...40, using: &random) {
                text += gaps.randomElement(using: &random)! + pieces.randomElement(using: &random)!
            }
            text += gaps.randomElement(using: &random)!
            let bytes = Array(text.utf8)
            let rank = bytes.withUnsafeBytes { Self.automaton.bestRank(in: $0) }
            #expect(rank == Self.bestRankByTokens(bytes), "\(text.debugDescription)")
        }
    }
}
