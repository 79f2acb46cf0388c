import Foundation

/// The unsuppressed counts of an aggregate stage's tables, written by `--emit-partial` so that shards
/// counted on different machines can be merged (`disclose merge`) into exactly the tables one run
/// over all their input would give. Sensitive: it holds every small count; the file says so.
public struct AggregatePartial: Codable, Sendable, Equatable {
    struct Cell: Codable, Sendable, Equatable {
        let row: String
        let column: String
        /// Rows counted (for a table of people: rows that named nobody).
        let count: Int
        /// For a table of people: the hashes of the people counted, as hexadecimal.
        let people: [String]?
    }

    struct Table: Codable, Sendable, Equatable {
        let name: String
        /// The table's spec as text: partials merge only under the same specs.
        let spec: String
        let cells: [Cell]
    }

    let sensitive: String
    let tables: [Table]

    static let warning = "Unsuppressed counts, for `disclose merge` only: small counts here identify people. Never publish this file."

    init(specs: [TableSpec], counts: [CellCounts]) {
        sensitive = Self.warning
        tables = zip(specs, counts).map { spec, counts in
            let cells = Set(counts.rows.keys).union(counts.people.keys)
            return Table(name: spec.name, spec: String(describing: spec), cells: cells.map { cell in
                Cell(row: String(decoding: cell.row, as: UTF8.self), column: String(decoding: cell.column, as: UTF8.self),
                     count: counts.rows[cell] ?? 0,
                     people: counts.people[cell].map { $0.sorted().map { String($0, radix: 16) } })
            }.sorted { ($0.row, $0.column) < ($1.row, $1.column) })
        }
    }

    func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            return Array(try encoder.encode(self)) + [0x0A]
        } catch {
            // Strings and whole numbers always encode.
            preconditionFailure("the partial could not be encoded: \(error)")
        }
    }

    /// Why partials cannot be merged under a tables file.
    public struct MergeError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The counts of `partials` added up, table by table, for the tables of `config`.
    static func merge(_ partials: [(file: String, bytes: [UInt8])], config: AggregateConfig) throws(MergeError) -> [CellCounts] {
        var totals = config.tables.map { _ in CellCounts() }
        for (file, bytes) in partials {
            let partial: AggregatePartial
            do {
                partial = try JSONDecoder().decode(AggregatePartial.self, from: Data(bytes))
            } catch {
                throw MergeError(description: "\(file): not a partial written by --emit-partial")
            }
            guard partial.tables.map(\.name) == config.tables.map(\.name) else {
                throw MergeError(description: "\(file): its tables (\(partial.tables.map(\.name).joined(separator: ", "))) are not the tables file's")
            }
            for (index, table) in partial.tables.enumerated() {
                guard table.spec == String(describing: config.tables[index]) else {
                    throw MergeError(description: "\(file): table \(table.name) was counted under a different spec than the tables file's")
                }
                for cell in table.cells {
                    let row = Array(cell.row.utf8), column = Array(cell.column.utf8)
                    if cell.count > 0 { totals[index].add(row: row, column: column, count: cell.count) }
                    for person in cell.people ?? [] {
                        guard let hash = UInt64(person, radix: 16) else {
                            throw MergeError(description: "\(file): table \(table.name) has a person that is not a hash")
                        }
                        totals[index].add(row: row, column: column, person: hash)
                    }
                }
            }
        }
        return totals
    }
}
