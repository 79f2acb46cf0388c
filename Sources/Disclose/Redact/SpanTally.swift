import Synchronization

/// Spans counted per type and column, added to from every worker (sums, so the total is the same
/// whatever the order batches finish in).
final class SpanTally: Sendable {
    private let counts = Mutex<[String: [String: Int]]>([:])

    /// Adds one batch's counts.
    func add(_ batch: [String: [String: Int]]) {
        guard !batch.isEmpty else { return }
        counts.withLock { total in
            for (type, byColumn) in batch {
                for (column, count) in byColumn { total[type, default: [:]][column, default: 0] += count }
            }
        }
    }

    var total: [String: [String: Int]] { counts.withLock { $0 } }
}
