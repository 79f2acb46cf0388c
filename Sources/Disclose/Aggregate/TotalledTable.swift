/// A table of counts with its totals, as published: `values[line][column]` for the cells, the
/// line totals in the last column, the column totals in the last line, the grand total in the
/// corner. Every line and every column of this grid adds up: its last entry is the sum of the others.
public struct TotalledTable: Sendable, Equatable {
    public let values: [[Int]]

    /// `cells[line][column]`, with the totals worked out; `columns` says how many columns a table
    /// with no lines has.
    public init(cells: [[Int]], columns: Int? = nil) {
        let columnCount = cells.first?.count ?? columns ?? 0
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
