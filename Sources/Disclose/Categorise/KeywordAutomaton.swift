/// Many keywords found in one pass over a text's bytes: an Aho–Corasick automaton, made into a full
/// transition table, over the text as `WordTokens` cuts it. The text is read as its tokens, in
/// lower case (A-Z), each followed by a separator, the whole preceded by one; a keyword is the same
/// of its own tokens, without the last separator when it ends in a stem (`repair*`). So a keyword
/// is found exactly where its tokens follow each other in the text, whole, in any case, with any
/// spacing between them: what comparing tokens one by one finds, without cutting the text first.
/// Written by hand because no package in the mirror matches many phrases over bytes at once.
/// Immutable once built; its tables are freed with it.
final class KeywordAutomaton: @unchecked Sendable {
    /// A keyword: its tokens (lowercased bytes), whether the last is a stem, and its rank (lower
    /// is better; the automaton reports the best rank it finds).
    struct Keyword {
        let tokens: [[UInt8]]
        let lastIsStem: Bool
        let rank: Int32
    }

    /// Per byte: its symbol (A-Z share a-z's); 0 for a byte no keyword holds.
    private let symbolOf: UnsafeMutableBufferPointer<Int32>
    /// Per byte: 0 space, 1 word byte, 2 a character that is a token by itself (`WordTokens`).
    private let kindOf: UnsafeMutableBufferPointer<UInt8>
    private let symbolCount: Int
    /// State × symbol -> the next state, as the offset of its row (state × symbol count), or that
    /// offset's complement (negative) when some keyword ends at the next state: the scan looks up
    /// `best` only then.
    private let next: UnsafeMutableBufferPointer<Int32>
    /// Per state: the best rank of a keyword that ends there or at any of its suffixes (`Int32.max`: none).
    private let best: UnsafeMutableBufferPointer<Int32>
    private static let separator = 1

    init(_ keywords: [Keyword]) {
        // Symbols: 0 other bytes, 1 the separator, then each byte the keywords hold.
        var symbols = [Int32](repeating: 0, count: 256)
        var count = 2
        for keyword in keywords {
            for token in keyword.tokens {
                for byte in token where symbols[Int(byte)] == 0 {
                    symbols[Int(byte)] = Int32(count)
                    count += 1
                }
            }
        }
        for upper in UInt8(ascii: "A")...UInt8(ascii: "Z") { symbols[Int(upper)] = symbols[Int(upper | 0x20)] }
        symbolCount = count
        // The trie: children by symbol (-1 none), and each state's own best rank.
        var children: [[Int32]] = [[Int32](repeating: -1, count: count)]
        var own: [Int32] = [Int32.max]
        for keyword in keywords {
            var path = [Self.separator]
            for (index, token) in keyword.tokens.enumerated() {
                path += token.map { Int(symbols[Int($0)]) }
                if index < keyword.tokens.count - 1 || !keyword.lastIsStem { path.append(Self.separator) }
            }
            var state = 0
            for symbol in path {
                if children[state][symbol] < 0 {
                    children[state][symbol] = Int32(children.count)
                    children.append([Int32](repeating: -1, count: count))
                    own.append(Int32.max)
                }
                state = Int(children[state][symbol])
            }
            own[state] = min(own[state], keyword.rank)
        }
        // Breadth first: each state's transitions are its children, else its fallback's transitions;
        // its best rank is its own or its fallback's (the longest proper suffix that is a state).
        let states = children.count
        next = .allocate(capacity: states * count)
        best = .allocate(capacity: states)
        var fallback = [Int](repeating: 0, count: states)
        var queue: [Int] = []
        best[0] = own[0]
        for symbol in 0..<count {
            let child = children[0][symbol]
            next[symbol] = child < 0 ? 0 : child
            if child > 0 { queue.append(Int(child)) }
        }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            best[state] = min(own[state], best[fallback[state]])
            for symbol in 0..<count {
                let child = children[state][symbol]
                if child < 0 {
                    next[state * count + symbol] = next[fallback[state] * count + symbol]
                } else {
                    fallback[Int(child)] = Int(next[fallback[state] * count + symbol])
                    next[state * count + symbol] = child
                    queue.append(Int(child))
                }
            }
        }
        // Rows by offset, marked where a keyword ends.
        for entry in 0..<(states * count) {
            let target = Int(next[entry])
            next[entry] = best[target] == Int32.max ? Int32(target * count) : ~Int32(target * count)
        }
        symbolOf = .allocate(capacity: 256)
        _ = symbolOf.initialize(from: symbols)
        kindOf = .allocate(capacity: 256)
        _ = kindOf.initialize(from: (0...255).map { WordTokens.kind(of: UInt8($0)) })
    }

    deinit {
        symbolOf.deallocate()
        kindOf.deallocate()
        next.deallocate()
        best.deallocate()
    }

    /// The best rank of any keyword in `text` (`Int32.max` when none is there).
    func bestRank(in text: UnsafeRawBufferPointer) -> Int32 {
        var found = Int32.max
        var row = 0
        @inline(__always) func step(_ symbol: Int) {
            let target = Int(next[row &+ symbol])
            if target >= 0 {
                row = target
            } else {
                row = ~target
                found = min(found, best[row / symbolCount])
            }
        }
        step(Self.separator)
        var inWord = false
        for byte in text {
            switch kindOf[Int(byte)] {
            case 0:
                if inWord { step(Self.separator) }
                inWord = false
            case 1:
                step(Int(symbolOf[Int(byte)]))
                inWord = true
            default:
                if inWord { step(Self.separator) }
                step(Int(symbolOf[Int(byte)]))
                step(Self.separator)
                inWord = false
            }
        }
        if inWord { step(Self.separator) }
        return found
    }
}
