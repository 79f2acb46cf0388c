/// Many keywords found in one pass over a text's bytes: an Aho–Corasick automaton, made into a full
/// transition table, over the text as `WordTokens` cuts it. The text is read as its tokens, in
/// lower case (A-Z), each followed by a separator, the whole preceded by one; a keyword is the same
/// of its own tokens, without the last separator when it ends in a stem (`repair*`). So a keyword
/// is found exactly where its tokens follow each other in the text, whole, in any case, with any
/// spacing between them: what comparing tokens one by one finds, without cutting the text first.
/// The automaton over symbols is then made into one over bytes (a state also says whether the
/// scan is inside a word), so the scan is one table lookup per byte, with no branch on its kind.
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

    /// Per byte: its class, the column of `next` it reads (see `init`).
    private let classOf: UnsafeMutableBufferPointer<Int32>
    /// State × class -> the next state, as the offset of its row (state × class count), or that
    /// offset's complement (negative) when a keyword ends on the way: then `rankAt` holds the best
    /// rank of those that end.
    private let next: UnsafeMutableBufferPointer<Int32>
    /// Per entry of `next`: the best rank of the keywords that end on the way (read only where
    /// the entry is negative).
    private let rankAt: UnsafeMutableBufferPointer<Int32>
    /// The best rank of a keyword that ends at the start (none: the start is the separator before
    /// the text, at row 0).
    private let startRank: Int32
    /// Per state (row offset / class count): the best rank of a keyword that the text's end ends
    /// (the separator after a last word).
    private let closing: UnsafeMutableBufferPointer<Int32>
    /// Per state: no keyword is under way (the start state after a separator, or the root).
    private let idle: UnsafeMutableBufferPointer<Bool>
    private let classCount: Int
    /// The best rank of any keyword: once found, nothing later in a text can beat it.
    private let bestPossible: Int32
    private static let separator = 1

    init(_ keywords: [Keyword]) {
        // Symbols: 0 other bytes, 1 the separator, then each byte the keywords hold.
        var symbols = [Int](repeating: 0, count: 256)
        var symbolCount = 2
        for keyword in keywords {
            for token in keyword.tokens {
                for byte in token where symbols[Int(byte)] == 0 {
                    symbols[Int(byte)] = symbolCount
                    symbolCount += 1
                }
            }
        }
        for upper in UInt8(ascii: "A")...UInt8(ascii: "Z") { symbols[Int(upper)] = symbols[Int(upper | 0x20)] }
        // The trie over symbols, row by row: children by symbol (-1 none), and each state's own
        // best rank.
        var children = [Int](repeating: -1, count: symbolCount)
        var own: [Int32] = [Int32.max]
        for keyword in keywords {
            var path = [Self.separator]
            for (index, token) in keyword.tokens.enumerated() {
                path += token.map { symbols[Int($0)] }
                if index < keyword.tokens.count - 1 || !keyword.lastIsStem { path.append(Self.separator) }
            }
            var state = 0
            for symbol in path {
                if children[state * symbolCount + symbol] < 0 {
                    children[state * symbolCount + symbol] = own.count
                    children += repeatElement(-1, count: symbolCount)
                    own.append(Int32.max)
                }
                state = children[state * symbolCount + symbol]
            }
            own[state] = min(own[state], keyword.rank)
        }
        // Aho–Corasick over symbols, breadth first: each state's transitions are its children, else
        // its fallback's; its best rank is its own or its fallback's (the longest proper suffix that
        // is a state).
        let states = own.count
        var stepTable = [Int](repeating: 0, count: states * symbolCount)
        var bestTable = [Int32](repeating: Int32.max, count: states)
        var fallback = [Int](repeating: 0, count: states)
        var queue: [Int] = []
        queue.reserveCapacity(states)
        bestTable[0] = own[0]
        for symbol in 0..<symbolCount {
            let child = children[symbol]
            stepTable[symbol] = max(child, 0)
            if child > 0 { queue.append(child) }
        }
        var head = 0
        while head < queue.count {
            let state = queue[head], row = state * symbolCount, fallbackRow = fallback[state] * symbolCount
            head += 1
            bestTable[state] = min(own[state], bestTable[fallback[state]])
            for symbol in 0..<symbolCount {
                let child = children[row + symbol]
                if child < 0 {
                    stepTable[row + symbol] = stepTable[fallbackRow + symbol]
                } else {
                    fallback[child] = stepTable[fallbackRow + symbol]
                    stepTable[row + symbol] = child
                    queue.append(child)
                }
            }
        }
        let step = stepTable, best = bestTable
        // Bytes by class: a space (tab, CR, LF) is class 0; a word byte or a character that is a
        // token by itself gets a class per symbol (`WordTokens` says which is which).
        var classOf = [Int32](repeating: 0, count: 256)
        var classes: [(kind: UInt8, symbol: Int)] = [(0, 0)]
        for byte in 0...255 {
            let kind = WordTokens.kind(of: UInt8(byte))
            guard kind != 0 else { continue }
            let key = (kind, symbols[byte])
            if let index = classes.firstIndex(where: { $0 == key }) {
                classOf[byte] = Int32(index)
            } else {
                classOf[byte] = Int32(classes.count)
                classes.append(key)
            }
        }
        classCount = classes.count
        // The automaton over bytes: a state is a symbol state and whether the scan is inside a
        // word. A byte does what the tokens make of it: a space ends a word (one separator); a word
        // byte steps on its symbol; a character that is a token by itself ends a word, steps on its
        // symbol, and is followed by a separator. Only the states the text can reach are made.
        // One step over a symbol; `ranks` takes the best rank that ends there.
        func walk(_ state: Int, _ symbol: Int, _ ranks: inout Int32) -> Int {
            let target = step[state * symbolCount + symbol]
            ranks = min(ranks, best[target])
            return target
        }
        func transition(_ state: Int, inWord: Bool, _ byteClass: (kind: UInt8, symbol: Int)) -> (state: Int, inWord: Bool, rank: Int32) {
            var ranks = Int32.max
            switch byteClass.kind {
            case 0:
                return inWord ? (walk(state, Self.separator, &ranks), false, ranks) : (state, false, ranks)
            case 1:
                return (walk(state, byteClass.symbol, &ranks), true, ranks)
            default:
                var current = inWord ? walk(state, Self.separator, &ranks) : state
                current = walk(current, byteClass.symbol, &ranks)
                current = walk(current, Self.separator, &ranks)
                return (current, false, ranks)
            }
        }
        var startRank = Int32.max
        let first = walk(0, Self.separator, &startRank)
        // Per symbol state and whether inside a word: its place in `order` (-1: not reached yet).
        var index = [Int](repeating: -1, count: states * 2)
        index[first * 2] = 0
        var order = [(state: first, inWord: false)]
        var table: [Int32] = [], ranks: [Int32] = []
        // Nearly every symbol state is reached once, inside a word or not.
        table.reserveCapacity(states * classCount)
        ranks.reserveCapacity(states * classCount)
        order.reserveCapacity(states)
        var position = 0
        while position < order.count {
            let (state, inWord) = order[position]
            for byteClass in classes {
                let moved = transition(state, inWord: inWord, byteClass)
                let key = moved.state * 2 + (moved.inWord ? 1 : 0)
                let target: Int
                if index[key] >= 0 {
                    target = index[key]
                } else {
                    target = order.count
                    index[key] = target
                    order.append((moved.state, moved.inWord))
                }
                ranks.append(moved.rank)
                table.append(moved.rank == Int32.max ? Int32(target * classCount) : ~Int32(target * classCount))
            }
            position += 1
        }
        next = .allocate(capacity: table.count)
        _ = next.initialize(from: table)
        rankAt = .allocate(capacity: ranks.count)
        _ = rankAt.initialize(from: ranks)
        self.startRank = startRank
        bestPossible = keywords.map(\.rank).min() ?? Int32.max
        closing = .allocate(capacity: order.count)
        for (position, entry) in order.enumerated() {
            var ranks = Int32.max
            if entry.inWord { _ = walk(entry.state, Self.separator, &ranks) }
            closing[position] = ranks
        }
        idle = .allocate(capacity: order.count)
        for (position, entry) in order.enumerated() { idle[position] = entry.state == 0 || entry.state == first }
        self.classOf = .allocate(capacity: 256)
        _ = self.classOf.initialize(from: classOf)
    }

    deinit {
        classOf.deallocate()
        next.deallocate()
        rankAt.deallocate()
        closing.deallocate()
        idle.deallocate()
    }

    /// The best rank of any keyword in `text` (`Int32.max` when none is there). A long text is
    /// read as two halves at once, cut at a space: the lookups of one half do not wait for the
    /// other's, and a scan costs the time of its chain of lookups. The second half starts as a
    /// text does (after a separator), so it finds exactly the keywords that start in it; the
    /// first reads on past the cut until no keyword is under way, so it finds every keyword that
    /// starts before the cut. A text in which the best-ranked keyword is found is read no further.
    func bestRank(in text: UnsafeRawBufferPointer) -> Int32 {
        var found = startRank
        let count = text.count
        guard let bytes = text.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return found }
        var cut = count
        if count >= Self.shortestCut {
            cut = count / 2
            while cut < count && classOf[Int(bytes[cut])] != 0 { cut += 1 }
        }
        var first = 0, second = 0
        let paired = min(cut, count - cut), secondBytes = bytes + cut
        for offset in 0..<paired {
            // The best rank is looked at only when a keyword ends, which a negative entry says.
            let ended = step(&first, bytes[offset], &found), secondEnded = step(&second, secondBytes[offset], &found)
            if (ended || secondEnded) && found == bestPossible { return found }
        }
        for offset in paired..<cut { _ = step(&first, bytes[offset], &found) }
        guard cut < count else { return min(found, closing[first / classCount]) }
        for offset in (cut + paired)..<count { _ = step(&second, bytes[offset], &found) }
        found = min(found, closing[second / classCount])
        var offset = cut
        while offset < count && !idle[first / classCount] {
            _ = step(&first, bytes[offset], &found)
            offset += 1
        }
        return offset == count ? min(found, closing[first / classCount]) : found
    }

    /// Texts shorter than this are read in one pass.
    private static let shortestCut = 48

    /// One byte's step from `row`; true when a keyword ends on the way (its rank is then in `found`).
    @inline(__always)
    private func step(_ row: inout Int, _ byte: UInt8, _ found: inout Int32) -> Bool {
        let at = row &+ Int(classOf[Int(byte)])
        let entry = Int(next[at])
        if entry >= 0 {
            row = entry
            return false
        }
        found = min(found, rankAt[at])
        row = ~entry
        return true
    }
}
