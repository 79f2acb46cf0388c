import Foundation

/// Lets each batch look at (and add to) the keys seen so far in input order: batch n waits until
/// batches 0..<n have had their turn. Workers take batches in order, so the wait is short and no
/// batch can wait for one that is not already being processed.
final class InOrderLedger: @unchecked Sendable {
    // NSCondition guards `next` and `seen`; that is what makes the unchecked Sendable sound.
    private let condition = NSCondition()
    private var next = 0
    /// Per uniqueness constraint: key -> the first row that had it.
    private var seen: [[UniqueKey: Int]]

    init(keyCount: Int) {
        seen = Array(repeating: [:], count: keyCount)
    }

    @discardableResult
    func inOrder<R>(_ sequence: Int, _ body: (inout [[UniqueKey: Int]]) -> R) -> R {
        condition.lock()
        defer { condition.unlock() }
        while next != sequence { condition.wait() }
        let result = body(&seen)
        next += 1
        condition.broadcast()
        return result
    }
}

/// A key's bytes, hashed once with FNV-1a: `Hashable` on `[UInt8]` feeds SipHash a byte at a time,
/// which costs more than the lookup itself for the short keys of a reference column.
struct UniqueKey: Hashable {
    let bytes: [UInt8]
    private let fnv: UInt64

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        fnv = hash
    }

    static func == (lhs: UniqueKey, rhs: UniqueKey) -> Bool { lhs.fnv == rhs.fnv && lhs.bytes == rhs.bytes }

    func hash(into hasher: inout Hasher) { hasher.combine(fnv) }
}
