/// How the percentages of one line of a table are rounded to whole numbers. Integer arithmetic
/// throughout, so that a table rounds the same way on every machine.
public enum PercentageRounding: String, Sendable, CaseIterable {
    /// Each share rounded down, then the points still missing from 100 given one each to the
    /// shares with the largest remainders (ties: the earlier share): the line sums to 100.
    case largestRemainder = "largest_remainder"
    /// Each share rounded to the nearest whole number, halves up: the line may sum to 99 or 101.
    case halfUp = "half_up"

    /// The percentages `counts` make of their total, in order; nil when the total is 0.
    public func percentages(of counts: [Int]) -> [Int]? {
        let total = counts.reduce(0, +)
        guard total > 0 else { return nil }
        switch self {
        case .halfUp:
            return counts.map { (200 * $0 + total) / (2 * total) }
        case .largestRemainder:
            var shares = counts.map { 100 * $0 / total }
            let missing = 100 - shares.reduce(0, +)
            let byRemainder = counts.indices.sorted { (100 * counts[$0] % total, -$0) > (100 * counts[$1] % total, -$1) }
            for index in byRemainder.prefix(missing) { shares[index] += 1 }
            return shares
        }
    }
}
