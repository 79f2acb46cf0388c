/// Keeps, drops and renames columns. `keep` lists the columns to keep, in the order to write them;
/// otherwise `drop` and `drop_matching` remove columns and the rest keep their order. `rename`
/// applies last. A column named here that is not in the input stops the run before any row is read.
public struct SelectStage: Stage {
    public static let kind = "select"
    public static let options: [OptionSpec] = [
        OptionSpec("keep", .stringList, help: "the columns to keep, in output order"),
        OptionSpec("drop", .stringList, help: "columns to remove"),
        OptionSpec("drop_matching", .regex, help: "remove every column whose name matches this pattern"),
        OptionSpec("rename", .stringMap, help: "old name: new name"),
    ]

    let keep: [String]?
    let drop: [String]
    let dropMatching: PCRE2Pattern?
    let rename: [StringPair]

    public init(options: StageOptions) throws(StageConfigurationError) {
        self.init(keep: options.stringList("keep"), drop: options.stringList("drop") ?? [],
                  dropMatching: options.regex("drop_matching"), rename: options.stringMap("rename") ?? [])
        if keep != nil && (!drop.isEmpty || dropMatching != nil) {
            throw StageConfigurationError(option: "keep", "use either keep or drop/drop_matching, not both")
        }
        if keep == nil && drop.isEmpty && dropMatching == nil && rename.isEmpty {
            throw StageConfigurationError(option: nil, "select needs at least one of keep, drop, drop_matching, rename")
        }
    }

    public init(keep: [String]?, drop: [String], dropMatching: PCRE2Pattern?, rename: [StringPair]) {
        self.keep = keep
        self.drop = drop
        self.dropMatching = dropMatching
        self.rename = rename
    }

    public func bind(columns input: [String]) throws(RunError) -> any BoundStage {
        let stageName = "select"
        for name in (keep ?? []) + drop where !input.contains(name) {
            throw .missingColumn(stage: stageName, column: name, available: input)
        }
        var chosen: [Int]
        if let keep {
            chosen = keep.map { input.firstIndex(of: $0)! }
        } else {
            chosen = []
            for (index, name) in input.enumerated() where !drop.contains(name) {
                // A column name the pattern could not be matched against is dropped: fail closed.
                if let dropMatching, (try? dropMatching.matches(name)) ?? true { continue }
                chosen.append(index)
            }
        }
        var names = chosen.map { input[$0] }
        for pair in rename {
            guard let position = names.firstIndex(of: pair.key) else {
                throw .missingColumn(stage: stageName, column: pair.key, available: names)
            }
            names[position] = pair.value
        }
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted {
            throw .duplicateColumn(stage: stageName, column: name)
        }
        return BoundSelect(columns: names, sourceIndices: chosen, inputCount: input.count)
    }
}

/// `select` fixed to its input: copies the chosen fields of each row, in the chosen order.
struct BoundSelect: BoundStage {
    let columns: [String]
    let sourceIndices: [Int]
    let inputCount: Int

    /// Reads its columns through `withFields`.
    var readsColumnsKeptApart: Bool { true }

    func process(_ batch: RecordBatch) -> RecordBatch {
        if sourceIndices == Array(0..<inputCount) { return batch }
        var out = RecordBatch(columnCount: columns.count, expectedBytes: batch.byteCount, expectedRows: batch.count)
        let sources = sourceIndices.map { Optional($0) }
        for row in 0..<batch.count {
            batch.withFields(row: row, columns: sources) { fields in
                for field in fields { out.appendField(field) }
            }
            out.endRow(rowNumber: batch.rowNumbers[row])
        }
        out.quarantined = batch.quarantined
        out.blankLines = batch.blankLines
        return out
    }
}
