import Foundation

/// Lets each batch look at (and add to) the keys seen so far in input order: batch n waits until
/// batches 0..<n have had their turn. Workers take batches in order, so the wait is short and no
/// batch can wait for one that is not already being processed.
final class InOrderLedger: @unchecked Sendable {
    // NSCondition guards `next` and `seen`; that is what makes the unchecked Sendable sound.
    private let condition = NSCondition()
    private var next = 0
    /// Per uniqueness constraint: key -> the first row that had it.
    private let seen: [FirstSeenKeys]

    init(keyCount: Int) {
        seen = (0..<keyCount).map { _ in FirstSeenKeys() }
    }

    @discardableResult
    func inOrder<R>(_ sequence: Int, _ body: ([FirstSeenKeys]) -> R) -> R {
        condition.lock()
        defer { condition.unlock() }
        while next != sequence { condition.wait() }
        let result = body(seen)
        next += 1
        condition.broadcast()
        return result
    }
}
