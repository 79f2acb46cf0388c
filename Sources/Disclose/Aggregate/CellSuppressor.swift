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

    /// `suppressed` with the further entries this table's own totals make necessary.
    func complete(_ table: TotalledTable, from start: [Position: SuppressionReason]) -> [Position: SuppressionReason] {
        var suppressed = start
        guard !suppressed.isEmpty else { return suppressed }
        while true {
            if applyLineRules(table, &suppressed) { continue }
            let audit = SuppressionAudit(table: table, suppressed: Set(suppressed.keys))
            guard let weak = audit.failures(threshold: threshold).first else { return suppressed }
            // Beside the first entry too narrowly pinned down: the smallest cell not yet suppressed
            // in its line or column; when those are all suppressed, the smallest anywhere (a table
            // too small to protect ends with nothing shown, which the audit always passes).
            guard let next = nextBeside(weak, in: table, excluding: suppressed) else { return suppressed }
            suppressed[next] = .secondary
        }
    }

    /// The entry to suppress for `weak`: the smallest not yet suppressed in its line or column, or
    /// when those all are, in the whole table.
    func nextBeside(_ weak: Position, in table: TotalledTable, excluding suppressed: [Position: SuppressionReason]) -> Position? {
        let beside = table.relations.filter { $0.contains(weak) }.flatMap { $0 }
        return smallest(beside, of: table, excluding: suppressed) ?? smallest(table.positions, of: table, excluding: suppressed)
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

/// An entry of one table of a release.
public struct LinkedPosition: Hashable, Sendable, Comparable {
    public let table: Int
    public let position: Position

    public init(table: Int, position: Position) {
        self.table = table
        self.position = position
    }

    public static func < (lhs: LinkedPosition, rhs: LinkedPosition) -> Bool { (lhs.table, lhs.position) < (rhs.table, rhs.position) }
}

/// What a reader can work out about each suppressed entry of a table, or of every table of a
/// release, from everything shown: the smallest and largest value it can take, given that every
/// line and column adds up to its total, that entries linked across tables (the same margin in two
/// tables) are equal, and that no count is negative.
public struct SuppressionAudit: Sendable {
    /// The range of one suppressed entry (`upper` nil: nothing shown bounds it from above).
    public struct Interval: Sendable, Equatable {
        public let lower: Int
        public let upper: Int?

        /// Whether the range is at least `threshold` wide.
        public func protects(threshold: Int) -> Bool { upper.map { $0 - lower >= threshold } ?? true }
    }

    /// Per table of the release, its suppressed entries' ranges.
    public let ranges: [[Position: Interval]]

    /// One table's ranges (the table alone).
    public var intervals: [Position: Interval] { ranges.first ?? [:] }

    public init(table: TotalledTable, suppressed: Set<Position>) {
        self.init(tables: [table], suppressed: [suppressed], links: [])
    }

    /// `links`: groups of entries that hold the same count in different tables.
    public init(tables: [TotalledTable], suppressed: [Set<Position>], links: [[LinkedPosition]]) {
        let variables = tables.indices.flatMap { table in suppressed[table].sorted().map { LinkedPosition(table: table, position: $0) } }
        let index = Dictionary(uniqueKeysWithValues: variables.enumerated().map { ($1, $0) })
        func value(_ entry: LinkedPosition) -> Double { Double(tables[entry.table][entry.position]) }
        var equalities: [LinearProgram.Equality] = []
        for (table, grid) in tables.enumerated() {
            for relation in grid.relations {
                // The last entry of a relation is the total of the others: others − total = 0.
                var coefficients: [Int: Double] = [:], known = 0.0
                for (offset, position) in relation.enumerated() {
                    let entry = LinkedPosition(table: table, position: position)
                    let sign: Double = offset == relation.count - 1 ? -1 : 1
                    if let variable = index[entry] { coefficients[variable, default: 0] += sign } else { known += sign * value(entry) }
                }
                if !coefficients.isEmpty { equalities.append(.init(coefficients: coefficients, value: -known)) }
            }
        }
        for link in links {
            // Each entry equals the first: entry − first = 0 (shown ones as constants).
            guard let first = link.first else { continue }
            for entry in link.dropFirst() {
                var coefficients: [Int: Double] = [:], known = 0.0
                if let variable = index[entry] { coefficients[variable, default: 0] += 1 } else { known += value(entry) }
                if let variable = index[first] { coefficients[variable, default: 0] -= 1 } else { known -= value(first) }
                if !coefficients.isEmpty { equalities.append(.init(coefficients: coefficients, value: -known)) }
            }
        }
        let program = LinearProgram(variableCount: variables.count, equalities: equalities)
        var ranges = tables.map { _ in [Position: Interval]() }
        for (variable, entry) in variables.enumerated() {
            // The tables' own values satisfy every equality, so the program is feasible.
            let bounds = program.bounds(of: variable) ?? (value(entry), value(entry))
            ranges[entry.table][entry.position] = Interval(lower: Int(bounds.lower.rounded()), upper: bounds.upper.map { Int($0.rounded()) })
        }
        self.ranges = ranges
    }

    /// The suppressed entries (of the first table) a reader can pin down to a range narrower than `threshold`.
    public func failures(threshold: Int) -> [Position] {
        failures(thresholds: [threshold]).map(\.position)
    }

    /// The suppressed entries of every table pinned down to a range narrower than its table's threshold.
    public func failures(thresholds: [Int]) -> [LinkedPosition] {
        ranges.enumerated().flatMap { table, intervals in
            intervals.filter { !$0.value.protects(threshold: thresholds[table]) }.keys.map { LinkedPosition(table: table, position: $0) }
        }.sorted()
    }
}

/// Disclosure control for the published tables of one release together: each table as
/// `CellSuppressor` does it, then an entry suppressed in one table is suppressed wherever the same
/// count is shown (a shared margin), and the audit runs over every table with the links between
/// them, adding suppressions until no suppressed entry of any table can be narrowed down.
public struct ReleaseSuppressor: Sendable {
    public let suppressors: [CellSuppressor]

    public init(_ suppressors: [CellSuppressor]) {
        self.suppressors = suppressors
    }

    public func suppress(_ tables: [TotalledTable], links: [[LinkedPosition]]) -> [[Position: SuppressionReason]] {
        var suppressed = tables.indices.map { suppressors[$0].primary(tables[$0]) }
        while true {
            for table in tables.indices { suppressed[table] = suppressors[table].complete(tables[table], from: suppressed[table]) }
            var linked = false
            for link in links where link.contains(where: { suppressed[$0.table][$0.position] != nil }) {
                for entry in link where suppressed[entry.table][entry.position] == nil {
                    suppressed[entry.table][entry.position] = .secondary
                    linked = true
                }
            }
            if linked { continue }
            let audit = SuppressionAudit(tables: tables, suppressed: suppressed.map { Set($0.keys) }, links: links)
            guard let weak = audit.failures(thresholds: suppressors.map(\.threshold)).first else { return suppressed }
            let suppressor = suppressors[weak.table]
            if let next = suppressor.nextBeside(weak.position, in: tables[weak.table], excluding: suppressed[weak.table]) {
                suppressed[weak.table][next] = .secondary
            } else if let other = tables.indices.first(where: { table in tables[table].positions.contains { suppressed[table][$0] == nil } }) {
                // Everything in the weak entry's table is hidden: the narrowing comes through a link.
                let next = suppressors[other].nextBeside(tables[other].positions.first { suppressed[other][$0] == nil }!, in: tables[other],
                                                        excluding: suppressed[other])!
                suppressed[other][next] = .secondary
            } else {
                return suppressed
            }
        }
    }
}
