/// A whole-value pattern of fixed shape, such as `^(?:[A-Z]{3}-[0-9]{4}-[0-9]{5,})$`, matched on
/// bytes without PCRE2: a row of ASCII literals and bracket classes of ASCII characters and
/// ranges, each with a count (`?`, `*`, `+`, `{n}`, `{n,}`, `{n,m}`), anchored at both ends, where a
/// repeated item shares no character with what may follow it before the next required item. Such
/// a pattern is matched exactly by taking each item as often as it can, which is one pass over
/// the value, here through a table of states (an item and how often it has been taken so far),
/// one lookup a byte; the schema checks of references and postcodes run on every row, and a call
/// into PCRE2 costs more than that pass. `init` returns nil for any other pattern, and for one of
/// more than 255 states (those stay with PCRE2). It finds exactly what PCRE2 finds, `$` before a
/// final line feed included. Immutable once built; its tables are freed with it.
final class FixedShapePattern: @unchecked Sendable {
    private struct Item: Sendable {
        /// The bytes the item takes: bit `b % 64` of word `b / 64`.
        var bytes: (UInt64, UInt64) = (0, 0)
        var least = 1
        var most = 1

        func holds(_ byte: UInt8) -> Bool {
            byte < 64 ? bytes.0 >> UInt64(byte) & 1 != 0 : byte < 128 && bytes.1 >> UInt64(byte - 64) & 1 != 0
        }

        mutating func add(_ byte: UInt8) {
            if byte < 64 { bytes.0 |= 1 << UInt64(byte) } else { bytes.1 |= 1 << UInt64(byte - 64) }
        }

        func sharesAByte(with other: Item) -> Bool { bytes.0 & other.bytes.0 != 0 || bytes.1 & other.bytes.1 != 0 }
    }

    /// The state after state `s` reads byte `b` is `transitions[s << 8 | b]`; state 0 has failed
    /// (every byte leads there from it), and state 1 is where a value starts.
    private let transitions: UnsafeMutablePointer<UInt8>
    /// Per state: a value that ends there matches.
    private let accepting: UnsafeMutablePointer<Bool>

    /// The pattern as PCRE2 would read it (no options but UTF), or nil when it is not of fixed shape.
    init?(_ pattern: String) {
        var text = Array(pattern.utf8)[...]
        guard text.first == UInt8(ascii: "^"), text.last == UInt8(ascii: "$"), text.count >= 2 else { return nil }
        text = text.dropFirst().dropLast()
        if text.starts(with: "(?:".utf8) {
            guard text.last == UInt8(ascii: ")") else { return nil }
            text = text.dropFirst(3).dropLast()
        }
        var items: [Item] = []
        while let byte = text.popFirst() {
            guard byte < 0x80 else { return nil }
            var item = Item()
            switch byte {
            case UInt8(ascii: "["):
                guard let set = Self.bracket(&text) else { return nil }
                item.bytes = set.bytes
            case UInt8(ascii: "\\"):
                // An escaped punctuation character stands for itself; `\d`, `\w`, `\b` and the like do not.
                guard let escaped = text.popFirst(), escaped < 0x80, Self.isPunctuation(escaped) else { return nil }
                item.add(escaped)
            default:
                guard !Self.metacharacters.contains(byte) else { return nil }
                item.add(byte)
            }
            guard let count = Self.count(&text) else { return nil }
            (item.least, item.most) = count
            items.append(item)
        }
        // Taking as much as possible is exact only when what an item repeats cannot be what comes next.
        for (index, item) in items.enumerated() where item.most > item.least {
            for later in items[(index + 1)...] {
                if later.sharesAByte(with: item) { return nil }
                if later.least > 0 { break }
            }
        }
        // States: item i taken t times, t up to its most, or up to its least when it may repeat
        // without end (taking more changes nothing then); and past the last item.
        let unbounded = Int.max
        func cap(_ item: Item) -> Int { item.most == unbounded ? item.least : item.most }
        var firstState: [Int] = [], stateCount = 1
        for item in items {
            guard cap(item) < 256 else { return nil }
            firstState.append(stateCount)
            stateCount += cap(item) + 1
        }
        let end = stateCount
        stateCount += 1
        guard stateCount <= 256 else { return nil }
        transitions = .allocate(capacity: stateCount << 8)
        transitions.initialize(repeating: 0, count: stateCount << 8)
        accepting = .allocate(capacity: stateCount)
        accepting.initialize(repeating: false, count: stateCount)
        accepting[end] = true
        for (index, item) in items.enumerated() {
            for taken in 0...cap(item) {
                let state = firstState[index] + taken
                // Matched when this item has its least and no later item needs any.
                accepting[state] = taken >= item.least && items[(index + 1)...].allSatisfy { $0.least == 0 }
                for byte in 0..<128 {
                    // As the greedy pass does: take the byte here while this item may, else move on
                    // to the next item that takes it, once each item passed has its least.
                    var (at, times) = (index, taken)
                    while at < items.count {
                        let current = items[at]
                        if times < current.most && current.holds(UInt8(byte)) {
                            let next = current.most == unbounded ? min(times + 1, current.least) : times + 1
                            transitions[state << 8 | byte] = UInt8(firstState[at] + next)
                            break
                        }
                        if times < current.least { break }
                        (at, times) = (at + 1, 0)
                    }
                }
            }
        }
    }

    deinit {
        transitions.deallocate()
        accepting.deallocate()
    }

    /// Whether `value` matches the whole pattern.
    func matches(_ value: UnsafeRawBufferPointer) -> Bool {
        if matchesExactly(value) { return true }
        // PCRE2's `$` also matches before a line feed that ends the value.
        return value.last == 0x0A && matchesExactly(UnsafeRawBufferPointer(rebasing: value.dropLast()))
    }

    private func matchesExactly(_ value: UnsafeRawBufferPointer) -> Bool {
        var state = 1
        for byte in value {
            state = Int(transitions[state << 8 | Int(byte)])
            if state == 0 { return false }
        }
        return accepting[state]
    }

    private static let metacharacters = Set("^$.|?*+()[]{}\\".utf8)

    private static func isPunctuation(_ byte: UInt8) -> Bool {
        (0x21...0x2F).contains(byte) || (0x3A...0x40).contains(byte) || (0x5B...0x60).contains(byte) || (0x7B...0x7E).contains(byte)
    }

    /// `[...]` after its `[`: ASCII characters and ranges; nil for a negated class, an escape, a
    /// nested bracket or a POSIX class.
    private static func bracket(_ text: inout ArraySlice<UInt8>) -> Item? {
        var item = Item(), first = true
        while let byte = text.popFirst() {
            if byte == UInt8(ascii: "]") && !first { return item.bytes == (0, 0) ? nil : item }
            guard byte < 0x80, byte != UInt8(ascii: "\\"), byte != UInt8(ascii: "["), !(first && byte == UInt8(ascii: "^")) else { return nil }
            first = false
            if text.first == UInt8(ascii: "-"), text.count >= 2, text[text.startIndex + 1] != UInt8(ascii: "]") {
                let upper = text[text.startIndex + 1]
                guard upper < 0x80, upper >= byte, upper != UInt8(ascii: "\\"), upper != UInt8(ascii: "[") else { return nil }
                text = text.dropFirst(2)
                for member in byte...upper { item.add(member) }
            } else {
                item.add(byte)
            }
        }
        return nil
    }

    /// The count after an item: (1, 1) when none is written; nil for lazy or possessive counts.
    private static func count(_ text: inout ArraySlice<UInt8>) -> (Int, Int)? {
        let unbounded = Int.max
        let count: (Int, Int)
        switch text.first {
        case UInt8(ascii: "?"): count = (0, 1)
        case UInt8(ascii: "*"): count = (0, unbounded)
        case UInt8(ascii: "+"): count = (1, unbounded)
        case UInt8(ascii: "{"):
            guard let close = text.firstIndex(of: UInt8(ascii: "}")) else { return nil }
            let inside = String(decoding: text[(text.startIndex + 1)..<close], as: UTF8.self)
            let parts = inside.split(separator: ",", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), let least = Int(parts[0]), least <= 1000 else { return nil }
            if parts.count == 1 {
                count = (least, least)
            } else if parts[1].isEmpty {
                count = (least, unbounded)
            } else {
                guard let most = Int(parts[1]), most >= least, most <= 1000 else { return nil }
                count = (least, most)
            }
            text = text[(close + 1)...]
            if text.first == UInt8(ascii: "?") || text.first == UInt8(ascii: "+") { return nil }
            return count
        default:
            return (1, 1)
        }
        text = text.dropFirst()
        if text.first == UInt8(ascii: "?") || text.first == UInt8(ascii: "+") { return nil }
        return count
    }
}
