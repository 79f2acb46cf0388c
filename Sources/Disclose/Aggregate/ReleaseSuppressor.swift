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
        // The entries each table shares with another: suppressed only when nothing else will do.
        var spare = tables.map { _ in Set<Position>() }
        for link in links { for entry in link { spare[entry.table].insert(entry.position) } }
        while true {
            for table in tables.indices { suppressed[table] = suppressors[table].complete(tables[table], from: suppressed[table], spare: spare[table]) }
            var linked = false
            for link in links where link.contains(where: { suppressed[$0.table][$0.position] != nil }) {
                for entry in link where suppressed[entry.table][entry.position] == nil {
                    suppressed[entry.table][entry.position] = .secondary
                    linked = true
                }
            }
            if linked { continue }
            guard let weak = SuppressionAudit.firstWeak(tables: tables, suppressed: suppressed.map { Set($0.keys) }, links: links,
                                                        thresholds: suppressors.map(\.threshold)) else { return suppressed }
            let suppressor = suppressors[weak.table]
            if let next = suppressor.nextBeside(weak.position, in: tables[weak.table], excluding: suppressed[weak.table], spare: spare[weak.table]) {
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
