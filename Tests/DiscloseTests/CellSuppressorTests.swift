import Testing
@testable import Disclose

/// Disclosure control on one table: the audit's ranges, the suppression rules, and a property
/// test that no suppressed count can be worked back on 1,000 random tables.
struct CellSuppressorTests {
    @Test func theLinearProgramFindsEachVariablesRange() {
        // x + y = 5
        let sum = LinearProgram(variableCount: 2, equalities: [.init(coefficients: [0: 1, 1: 1], value: 5)])
        #expect(sum.bounds(of: 0).map { [$0.lower, $0.upper] } == [0, 5])
        // x + y = 5, x − y = 1: x is 3
        let pinned = LinearProgram(variableCount: 2, equalities: [.init(coefficients: [0: 1, 1: 1], value: 5), .init(coefficients: [0: 1, 1: -1], value: 1)])
        #expect(pinned.bounds(of: 0).map { [$0.lower, $0.upper] } == [3, 3])
        // x − y = 0: nothing bounds x from above
        let open = LinearProgram(variableCount: 2, equalities: [.init(coefficients: [0: 1, 1: -1], value: 0)])
        #expect(open.bounds(of: 0).map { [$0.lower, $0.upper] } == [0, nil])
        // x + y = −1 has no non-negative solution
        #expect(LinearProgram(variableCount: 2, equalities: [.init(coefficients: [0: 1, 1: 1], value: -1)]).bounds(of: 0) == nil)
    }

    @Test func theAuditCatchesACellOfOneWorkedBackFromItsTotals() {
        //            a    b  | total
        // line 1     1   10  |   11
        // line 2     6    8  |   14
        // total      7   18  |   25
        let table = TotalledTable(cells: [[1, 10], [6, 8]])
        let alone = SuppressionAudit(table: table, suppressed: [Position(line: 0, column: 0)])
        #expect(alone.intervals[Position(line: 0, column: 0)] == .init(lower: 1, upper: 1))
        #expect(alone.failures(threshold: 5) == [Position(line: 0, column: 0)])
        // Hiding the rest of its line still leaves the column: 7 − 6 = 1.
        let line = SuppressionAudit(table: table, suppressed: [Position(line: 0, column: 0), Position(line: 0, column: 1)])
        #expect(line.failures(threshold: 5) == [Position(line: 0, column: 0), Position(line: 0, column: 1)])
        // Hiding the four cells: a can be anything from 0 to 7 (a + b = 11, a + 6's cell = 7, ...).
        let all = SuppressionAudit(table: table, suppressed: [Position(line: 0, column: 0), Position(line: 0, column: 1),
                                                                Position(line: 1, column: 0), Position(line: 1, column: 1)])
        #expect(all.intervals[Position(line: 0, column: 0)] == .init(lower: 0, upper: 7))
        #expect(all.failures(threshold: 5).isEmpty)
    }

    @Test func smallCountsAndTheCellsThatWouldGiveThemAwayAreSuppressed() {
        //                 a    b    c  | total
        // directorate 1   2   30   40  |   72
        // directorate 2  25   35   45  |  105
        // total          27   65   85  |  177
        let table = TotalledTable(cells: [[2, 30, 40], [25, 35, 45]])
        let suppressed = CellSuppressor(threshold: 5).suppress(table)
        #expect(suppressed == [
            Position(line: 0, column: 0): .primary,
            Position(line: 0, column: 1): .secondary,   // the 2's line: its smallest other cell
            Position(line: 1, column: 0): .secondary,   // the 2's column
            Position(line: 1, column: 1): .secondary,   // and the 25's line, so that no line has one alone
        ])
        #expect(SuppressionAudit(table: table, suppressed: Set(suppressed.keys)).failures(threshold: 5).isEmpty)
    }

    @Test func aLineWhoseOtherSuppressedCellIsAOneGetsAThird() {
        // The person counted in the 1 knows the other hidden cell of their line is 9 − 1 − 3 = 5... of
        // the line's 3 + 1 + 3 + 2: with the 1 and the 3 hidden they would subtract themselves.
        let table = TotalledTable(cells: [[1, 3, 20, 30], [1, 3, 20, 30], [40, 50, 60, 70]])
        let suppressed = CellSuppressor(threshold: 3).suppress(table)
        for relation in table.relations {
            let hidden = relation.filter { suppressed[$0] != nil }
            #expect(hidden.count != 1)
            #expect(!(hidden.count == 2 && hidden.contains { table[$0] == 1 }))
        }
        #expect(SuppressionAudit(table: table, suppressed: Set(suppressed.keys)).failures(threshold: 3).isEmpty)
    }

    @Test func noSuppressedCountCanBeWorkedBackOnAThousandRandomTables() {
        var random = SeededRandom(seed: 2016)
        for _ in 0..<1_000 {
            let lines = Int.random(in: 1...5, using: &random), columns = Int.random(in: 1...5, using: &random)
            let threshold = [3, 5, 10].randomElement(using: &random)!
            // Mostly small counts, some zeros, some large ones.
            let cells = (0..<lines).map { _ in
                (0..<columns).map { _ in
                    Int.random(in: 0..<4, using: &random) == 0 ? Int.random(in: 0...60, using: &random) : Int.random(in: 0...6, using: &random)
                }
            }
            let table = TotalledTable(cells: cells)
            let suppressor = CellSuppressor(threshold: threshold, suppressZeros: Int.random(in: 0..<5, using: &random) == 0)
            let suppressed = suppressor.suppress(table)
            for position in table.positions {
                let value = table[position]
                if (1..<threshold).contains(value) || (value == 0 && suppressor.suppressZeros) {
                    #expect(suppressed[position] == .primary, "\(cells): \(position) is a small count")
                }
            }
            let audit = SuppressionAudit(table: table, suppressed: Set(suppressed.keys))
            #expect(audit.failures(threshold: threshold).isEmpty, "\(cells) threshold \(threshold): \(audit.intervals)")
            for relation in table.relations {
                #expect(relation.filter { suppressed[$0] != nil }.count != 1, "\(cells): a line with one suppressed entry")
            }
        }
    }

    @Test func theAuditsRangesAreThoseOfEveryWholeNumberSolution() {
        // Small tables, a few hidden entries: every assignment of counts is tried, and the smallest
        // and largest value each hidden entry takes among those that add up must be the audit's.
        var random = SeededRandom(seed: 1617)
        for _ in 0..<300 {
            let lines = Int.random(in: 1...2, using: &random), columns = Int.random(in: 1...3, using: &random)
            let table = TotalledTable(cells: (0..<lines).map { _ in (0..<columns).map { _ in Int.random(in: 0...3, using: &random) } })
            let hidden = Array(Set((0..<Int.random(in: 1...3, using: &random)).map { _ in table.positions.randomElement(using: &random)! })).sorted()
            let audit = SuppressionAudit(table: table, suppressed: Set(hidden))
            // Past anything a bounded entry can reach (no entry exceeds twice the grand total).
            let limit = 2 * table.values[lines][columns] + 6
            var lowest = hidden.map { _ in Int.max }, highest = hidden.map { _ in Int.min }
            func search(_ index: Int, _ values: inout [Position: Int]) {
                if index == hidden.count {
                    let adds = table.relations.allSatisfy { relation in
                        let numbers = relation.map { values[$0] ?? table[$0] }
                        return numbers.dropLast().reduce(0, +) == numbers.last!
                    }
                    guard adds else { return }
                    for (offset, position) in hidden.enumerated() {
                        lowest[offset] = min(lowest[offset], values[position]!)
                        highest[offset] = max(highest[offset], values[position]!)
                    }
                    return
                }
                for value in 0...limit {
                    values[hidden[index]] = value
                    search(index + 1, &values)
                }
                values[hidden[index]] = nil
            }
            var values: [Position: Int] = [:]
            search(0, &values)
            for (offset, position) in hidden.enumerated() {
                let interval = audit.intervals[position]!
                #expect(interval.lower == lowest[offset], "\(table.values) hiding \(hidden)")
                if let upper = interval.upper {
                    #expect(upper == highest[offset], "\(table.values) hiding \(hidden)")
                } else {
                    // Unbounded: the search found values past anything bounded.
                    #expect(highest[offset] > table.values[lines][columns] * 2, "\(table.values) hiding \(hidden)")
                }
            }
        }
    }

    @Test func linkedTablesOfOneReleaseAreProtectedTogether() {
        // 1,000 releases of two tables over the same rows (complaints by ethnicity and directorate,
        // and by ethnicity and outcome): the ethnicity totals and the grand total are shown in both.
        var random = SeededRandom(seed: 2017)
        var leaksTableByTable = 0
        for _ in 0..<1_000 {
            let lines = Int.random(in: 1...4, using: &random), columns = Int.random(in: 1...4, using: &random)
            let first = (0..<lines).map { _ in (0..<columns).map { _ in Int.random(in: 0...8, using: &random) } }
            // The second table splits each line's total another way.
            let widths = Int.random(in: 1...4, using: &random)
            let second = first.map { line -> [Int] in
                var rest = line.reduce(0, +), cells: [Int] = []
                for column in 0..<widths {
                    let share = column == widths - 1 ? rest : Int.random(in: 0...rest, using: &random)
                    cells.append(share)
                    rest -= share
                }
                return cells
            }
            let tables = [TotalledTable(cells: first), TotalledTable(cells: second)]
            let links = (0...lines).map { line in
                (0..<2).map { LinkedPosition(table: $0, position: Position(line: line, column: tables[$0].columnCount - 1)) }
            }
            let threshold = [3, 5].randomElement(using: &random)!
            let suppressor = CellSuppressor(threshold: threshold)
            let suppressed = ReleaseSuppressor([suppressor, suppressor]).suppress(tables, links: links)
            for link in links {
                let hidden = link.filter { suppressed[$0.table][$0.position] != nil }
                #expect(hidden.isEmpty || hidden.count == link.count, "\(first) / \(second): a margin hidden in one table only")
            }
            let audit = SuppressionAudit(tables: tables, suppressed: suppressed.map { Set($0.keys) }, links: links)
            #expect(audit.failures(thresholds: [threshold, threshold]).isEmpty, "\(first) / \(second) threshold \(threshold)")
            // Each table protected on its own is not always enough once both are published.
            let alone = tables.map { Set(suppressor.suppress($0).keys) }
            if !SuppressionAudit(tables: tables, suppressed: alone, links: links).failures(thresholds: [threshold, threshold]).isEmpty {
                leaksTableByTable += 1
            }
        }
        #expect(leaksTableByTable > 0)
    }
}
