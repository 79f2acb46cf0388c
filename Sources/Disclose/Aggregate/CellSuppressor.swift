/// A table of counts with its totals, as published: `values[line][column]` for the cells, the
/// line totals in the last column, the column totals in the last line, the grand total in the
/// corner. Every line and every column of this grid adds up: its last entry is the sum of the others.
public struct TotalledTable: Sendable, Equatable {
    public let values: [[Int]]

    /// `cells[line][column]`, with the totals worked out.
    public init(cells: [[Int]]) {
        let columnCount = cells.first?.count ?? 0
        var values = cells.map { $0 + [$0.reduce(0, +)] }
        values.append((0...columnCount).map { column in values.reduce(0) { $0 + $1[column] } })
        self.values = values
    }

    public var lineCount: Int { values.count }
    public var columnCount: Int { values.first?.count ?? 0 }

    /// Every position of the grid, line by line.
    var positions: [Position] { (0..<lineCount).flatMap { line in (0..<columnCount).map { Position(line: line, column: $0) } } }

    /// The positions that add up together: each line, then each column (totals included).
    var relations: [[Position]] {
        (0..<lineCount).map { line in (0..<columnCount).map { Position(line: line, column: $0) } }
            + (0..<columnCount).map { column in (0..<lineCount).map { Position(line: $0, column: column) } }
    }

    func isTotal(_ position: Position) -> Bool { position.line == lineCount - 1 || position.column == columnCount - 1 }

    subscript(_ position: Position) -> Int { values[position.line][position.column] }
}

/// A place in a `TotalledTable`.
public struct Position: Hashable, Sendable, Comparable {
    public let line: Int
    public let column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: Position, rhs: Position) -> Bool { (lhs.line, lhs.column) < (rhs.line, rhs.column) }
}

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
        var suppressed: [Position: SuppressionReason] = [:]
        for position in table.positions {
            let value = table[position]
            if (value >= 1 && value < threshold) || (value == 0 && suppressZeros) { suppressed[position] = .primary }
        }
        guard !suppressed.isEmpty else { return suppressed }
        while true {
            if applyLineRules(table, &suppressed) { continue }
            let audit = SuppressionAudit(table: table, suppressed: Set(suppressed.keys))
            guard let weak = audit.failures(threshold: threshold).first else { return suppressed }
            // Beside the first entry too narrowly pinned down: the smallest cell not yet suppressed
            // in its line or column; when those are all suppressed, the smallest anywhere (a table
            // too small to protect ends with nothing shown, which the audit always passes).
            let beside = table.relations.filter { $0.contains(weak) }.flatMap { $0 }
            guard let next = smallest(beside, of: table, excluding: suppressed) ?? smallest(table.positions, of: table, excluding: suppressed)
            else { return suppressed }
            suppressed[next] = .secondary
        }
    }

    /// One pass of the line rules; true if it suppressed anything.
    private func applyLineRules(_ table: TotalledTable, _ suppressed: inout [Position: SuppressionReason]) -> Bool {
        for relation in table.relations {
            let hidden = relation.filter { suppressed[$0] != nil }
            let needsMore = hidden.count == 1 || (hidden.count == 2 && hidden.contains { table[$0] == 1 })
            if needsMore, let next = smallest(relation, of: table, excluding: suppressed) {
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

/// What a reader can work out about each suppressed entry of a table from everything shown: the
/// smallest and largest value it can take, given that every line and column adds up to its total
/// and no count is negative.
public struct SuppressionAudit: Sendable {
    /// The range of one suppressed entry (`upper` nil: nothing shown bounds it from above).
    public struct Interval: Sendable, Equatable {
        public let lower: Int
        public let upper: Int?

        /// Whether the range is at least `threshold` wide.
        public func protects(threshold: Int) -> Bool { upper.map { $0 - lower >= threshold } ?? true }
    }

    public let intervals: [Position: Interval]

    public init(table: TotalledTable, suppressed: Set<Position>) {
        let variables = suppressed.sorted()
        let index = Dictionary(uniqueKeysWithValues: variables.enumerated().map { ($1, $0) })
        var equalities: [LinearProgram.Equality] = []
        for relation in table.relations {
            // The last entry of a relation is the total of the others: others − total = 0.
            var coefficients: [Int: Double] = [:], known = 0.0
            for (offset, position) in relation.enumerated() {
                let sign: Double = offset == relation.count - 1 ? -1 : 1
                if let variable = index[position] { coefficients[variable, default: 0] += sign } else { known += sign * Double(table[position]) }
            }
            if !coefficients.isEmpty { equalities.append(.init(coefficients: coefficients, value: -known)) }
        }
        let program = LinearProgram(variableCount: variables.count, equalities: equalities)
        var intervals: [Position: Interval] = [:]
        for (variable, position) in variables.enumerated() {
            // The table's own values satisfy every equality, so the program is feasible.
            let bounds = program.bounds(of: variable) ?? (Double(table[position]), Double(table[position]))
            intervals[position] = Interval(lower: Int(bounds.lower.rounded()), upper: bounds.upper.map { Int($0.rounded()) })
        }
        self.intervals = intervals
    }

    /// The suppressed entries a reader can pin down to a range narrower than `threshold`.
    public func failures(threshold: Int) -> [Position] {
        intervals.filter { !$0.value.protects(threshold: threshold) }.keys.sorted()
    }
}
