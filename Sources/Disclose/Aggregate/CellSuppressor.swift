/// Why a cell is not shown.
public enum SuppressionReason: String, Sendable, Equatable {
    /// Its count is small enough to identify someone (1 to threshold − 1, or 0 when zeros are).
    case primary
    /// It would let a suppressed count be worked out from the totals shown.
    case secondary
}

/// Disclosure control for one table with its totals: small counts are suppressed, then further
/// cells until no suppressed count can be worked out from what is shown. The rules, applied until
/// nothing changes: a line or column with exactly one suppressed entry gets a second (its smallest
/// other cell); one with exactly two, one of them a 1, gets a third (the person counted in the 1 can
/// subtract themselves); and any suppressed entry whose range, worked out from every total shown
/// (`SuppressionAudit`), is narrower than the threshold gets the smallest cell beside it suppressed
/// too (or, when all of those are, the smallest anywhere). Deterministic: ties go to the earlier line, then the earlier column.
public struct CellSuppressor: Sendable {
    /// Counts from 1 to `threshold − 1` are suppressed.
    public let threshold: Int
    /// Whether a count of 0 is suppressed too.
    public let suppressZeros: Bool

    public init(threshold: Int = 5, suppressZeros: Bool = false) {
        self.threshold = threshold
        self.suppressZeros = suppressZeros
    }

    /// The suppressed positions of `table`, each with its reason.
    public func suppress(_ table: TotalledTable) -> [Position: SuppressionReason] {
        complete(table, from: primary(table))
    }

    /// The counts too small to show.
    func primary(_ table: TotalledTable) -> [Position: SuppressionReason] {
        var suppressed: [Position: SuppressionReason] = [:]
        for position in table.positions {
            let value = table[position]
            if (value >= 1 && value < threshold) || (value == 0 && suppressZeros) { suppressed[position] = .primary }
        }
        return suppressed
    }

    /// `suppressed` with the further entries this table's own totals make necessary. Entries in
    /// `spare` (counts other tables of the release show too) are chosen last: suppressing one
    /// hides it in every table.
    func complete(_ table: TotalledTable, from start: [Position: SuppressionReason], spare: Set<Position> = []) -> [Position: SuppressionReason] {
        var suppressed = start
        guard !suppressed.isEmpty else { return suppressed }
        while true {
            if applyLineRules(table, &suppressed, spare: spare) { continue }
            guard let weak = SuppressionAudit.firstWeak(tables: [table], suppressed: [Set(suppressed.keys)], links: [], thresholds: [threshold])?.position
            else { return suppressed }
            // Beside the first entry too narrowly pinned down: the smallest cell not yet suppressed
            // in its line or column; when those are all suppressed, the smallest anywhere (a table
            // too small to protect ends with nothing shown, which the audit always passes).
            guard let next = nextBeside(weak, in: table, excluding: suppressed, spare: spare) else { return suppressed }
            suppressed[next] = .secondary
        }
    }

    /// The entry to suppress for `weak`: the smallest not yet suppressed in its line or column, or
    /// when those all are, in the whole table; an entry of `spare` only when nothing else is left.
    func nextBeside(_ weak: Position, in table: TotalledTable, excluding suppressed: [Position: SuppressionReason],
                    spare: Set<Position> = []) -> Position? {
        let beside = table.relations.filter { $0.contains(weak) }.flatMap { $0 }
        let ordinary = { (positions: [Position]) in positions.filter { !spare.contains($0) } }
        return smallest(ordinary(beside), of: table, excluding: suppressed) ?? smallest(ordinary(table.positions), of: table, excluding: suppressed)
            ?? smallest(beside, of: table, excluding: suppressed) ?? smallest(table.positions, of: table, excluding: suppressed)
    }

    /// One pass of the line rules; true if it suppressed anything.
    private func applyLineRules(_ table: TotalledTable, _ suppressed: inout [Position: SuppressionReason], spare: Set<Position>) -> Bool {
        for relation in table.relations {
            let hidden = relation.filter { suppressed[$0] != nil }
            let needsMore = hidden.count == 1 || (hidden.count == 2 && hidden.contains { table[$0] == 1 })
            if needsMore, let next = smallest(relation.filter { !spare.contains($0) }, of: table, excluding: suppressed)
                ?? smallest(relation, of: table, excluding: suppressed) {
                suppressed[next] = .secondary
                return true
            }
        }
        return false
    }

    /// The entry to suppress next among `candidates`: a cell before a total, a count above 0
    /// before a 0, then the smallest, then the first.
    private func smallest(_ candidates: [Position], of table: TotalledTable, excluding suppressed: [Position: SuppressionReason]) -> Position? {
        candidates.filter { suppressed[$0] == nil }.min { lhs, rhs in
            (table.isTotal(lhs) ? 1 : 0, table[lhs] == 0 ? 1 : 0, table[lhs], lhs) < (table.isTotal(rhs) ? 1 : 0, table[rhs] == 0 ? 1 : 0, table[rhs], rhs)
        }
    }
}
