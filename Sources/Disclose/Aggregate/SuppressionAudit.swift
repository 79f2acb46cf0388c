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
        let (variables, program) = Self.program(tables: tables, suppressed: suppressed, links: links)
        let feasible = program.feasible()
        var ranges = tables.map { _ in [Position: Interval]() }
        for (variable, entry) in variables.enumerated() {
            // The tables' own values satisfy every equality, so the program is feasible.
            let value = Double(tables[entry.table][entry.position])
            let bounds = feasible?.bounds(of: variable) ?? (value, value)
            ranges[entry.table][entry.position] = Interval(lower: Int(bounds.lower.rounded()), upper: bounds.upper.map { Int($0.rounded()) })
        }
        self.ranges = ranges
    }

    /// The first suppressed entry (in table, line, column order) that a reader can pin down to a
    /// range narrower than its table's threshold, or nil. Quicker than a whole audit for the
    /// suppressors' loops: an entry whose largest value is already `threshold` above its count is
    /// protected whatever its smallest, so that one is not worked out.
    static func firstWeak(tables: [TotalledTable], suppressed: [Set<Position>], links: [[LinkedPosition]], thresholds: [Int]) -> LinkedPosition? {
        let (variables, program) = Self.program(tables: tables, suppressed: suppressed, links: links)
        guard let feasible = program.feasible() else { return variables.first }
        for (variable, entry) in variables.enumerated() {
            let value = Double(tables[entry.table][entry.position]), threshold = Double(thresholds[entry.table])
            guard let highest = feasible.maximum(of: variable) else { continue }
            if highest.rounded() - value >= threshold { continue }
            guard let bounds = feasible.bounds(of: variable), let upper = bounds.upper else { continue }
            if upper.rounded() - bounds.lower.rounded() < threshold { return entry }
        }
        return nil
    }

    /// The suppressed entries as variables, in order, and the equalities a reader knows them by.
    private static func program(tables: [TotalledTable], suppressed: [Set<Position>], links: [[LinkedPosition]])
        -> (variables: [LinkedPosition], program: LinearProgram) {
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
        return (variables, LinearProgram(variableCount: variables.count, equalities: equalities))
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
