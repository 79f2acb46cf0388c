/// The counts of one table while rows are counted: per (line value, column value), how many rows,
/// or for a table that counts people, which people (by a 64-bit hash of their identifier, so that
/// no identifier is kept) and how many rows had none. Counts from batches (or shards) add up, in
/// any order, to the same totals.
struct CellCounts: Sendable, Equatable {
    struct Cell: Hashable, Sendable {
        let row: [UInt8]
        let column: [UInt8]
    }

    private(set) var rows: [Cell: Int] = [:]
    private(set) var people: [Cell: Set<UInt64>] = [:]

    /// Each cell's count: its rows, or its distinct people plus the rows that named nobody.
    var cells: [Cell: Int] {
        rows.merging(people.mapValues(\.count), uniquingKeysWith: +)
    }

    mutating func add(row: [UInt8], column: [UInt8], count: Int = 1) {
        rows[Cell(row: row, column: column), default: 0] += count
    }

    /// Counts the person whose identifier hashes to `person` once in the cell.
    mutating func add(row: [UInt8], column: [UInt8], person: UInt64) {
        people[Cell(row: row, column: column), default: []].insert(person)
    }

    mutating func merge(_ other: CellCounts) {
        rows.merge(other.rows, uniquingKeysWith: +)
        people.merge(other.people) { $0.union($1) }
    }
}
