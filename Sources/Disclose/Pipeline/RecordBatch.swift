/// A run of consecutive records from the input, as the stages see them: every field's bytes in one
/// arena, plus the rows that had to be set aside. Rows keep the user's row numbers so that every
/// message can point at the input. Invariant: rows that came in = `count` + `quarantined.count`.
public struct RecordBatch: Sendable {
    /// Number of fields in every row (the header's width).
    public let columnCount: Int
    /// The user's row number of each row (CSV: header = row 1; JSON Lines: line number).
    public private(set) var rowNumbers: [Int]
    /// Rows set aside with their reasons, in input order.
    public var quarantined: [QuarantinedRow]
    /// Blank lines met in this stretch of input; they hold a row number but are not records.
    public var blankLines: Int
    /// Where this batch comes in the input (0, 1, 2, ...), for stages that take batches in order.
    public var sequence = 0
    /// Records a stage writes beside the extract for these rows (e.g. the redaction log's lines),
    /// by file name; the runner writes them in input order.
    public var sideOutput: [String: [UInt8]] = [:]

    private var bytes: [UInt8]
    /// Field `i` spans `fieldBounds[i] ..< fieldBounds[i + 1]` in `bytes`.
    private var fieldBounds: [Int]
    /// Row `r`'s fields are fields `rowFirsts[r] ..< rowFirsts[r] + columnCount`: a row's fields lie
    /// together, and rows usually follow each other, but need not (a stage may leave rows out, or put
    /// a row's new version after the others).
    private var rowFirsts: [Int]
    /// The first field of the row being built.
    private var openRowFirst = 0
    /// Columns a stage added and kept apart (`init(adding:to:)`): the last `added.columnCount` of
    /// `columnCount`, row `r`'s in the added arena's row `r`. Nil when every column is in the arena.
    private var added: AddedColumns?

    public init(columnCount: Int, expectedBytes: Int = 0, expectedRows: Int = 0) {
        self.columnCount = columnCount
        rowNumbers = []
        quarantined = []
        blankLines = 0
        bytes = []
        fieldBounds = [0]
        rowFirsts = []
        bytes.reserveCapacity(expectedBytes)
        fieldBounds.reserveCapacity(expectedRows * columnCount + 1)
        rowNumbers.reserveCapacity(expectedRows)
        rowFirsts.reserveCapacity(expectedRows)
    }

    /// A batch built in one piece, for stages that put every row together themselves: `fill` writes
    /// the rows' bytes (exactly `byteCount` of them) and the end offset of each field, row by row
    /// (`rowNumbers.count * columnCount` of them), with no array append per field.
    init(columnCount: Int, rowNumbers: [Int], byteCount: Int,
         fill: (UnsafeMutableRawBufferPointer, UnsafeMutableBufferPointer<Int>) -> Void) {
        self.columnCount = columnCount
        self.rowNumbers = rowNumbers
        quarantined = []
        blankLines = 0
        let fieldCount = rowNumbers.count * columnCount
        var bytes: [UInt8] = []
        fieldBounds = [Int](unsafeUninitializedCapacity: fieldCount + 1) { bounds, boundsInitialized in
            bounds[0] = 0
            bytes = [UInt8](unsafeUninitializedCapacity: byteCount) { buffer, initialized in
                fill(UnsafeMutableRawBufferPointer(buffer), UnsafeMutableBufferPointer(rebasing: bounds[1...]))
                initialized = byteCount
            }
            boundsInitialized = fieldCount + 1
        }
        self.bytes = bytes
        rowFirsts = (0..<rowNumbers.count).map { $0 * columnCount }
        openRowFirst = fieldCount
    }

    /// `rows` with the columns `added` after their own, kept apart: the rows' bytes are not copied.
    /// `added` holds a row of values for each of the rows.
    init(adding added: AddedColumns, to rows: consuming RecordBatch) {
        precondition(rows.added == nil && rows.openFieldCount == 0 && added.rowCount == rows.count,
                     "\(added.rowCount) rows of added columns for \(rows.count) rows")
        columnCount = rows.columnCount + added.columnCount
        rowNumbers = rows.rowNumbers
        quarantined = rows.quarantined
        blankLines = rows.blankLines
        sequence = rows.sequence
        sideOutput = rows.sideOutput
        bytes = rows.bytes
        fieldBounds = rows.fieldBounds
        rowFirsts = rows.rowFirsts
        openRowFirst = rows.openRowFirst
        self.added = added
    }

    /// Whether some columns are kept apart from the arena (`init(adding:to:)`); `withFieldStorage`
    /// then needs `settleAddedColumns` first.
    var hasAddedColumns: Bool { added != nil }

    /// Columns whose fields lie in the arena, the first of each row (`columnCount` without added ones).
    var arenaColumnCount: Int { columnCount - (added?.columnCount ?? 0) }

    /// Number of rows that go on to the next stage.
    public var count: Int { rowNumbers.count }

    /// Number of input rows this batch accounts for.
    public var rowsAccountedFor: Int { count + quarantined.count }

    /// Bytes held: the rows' field values, and any a stage has set aside (rows left out, fields'
    /// old versions); at least the bytes of the rows.
    public var byteCount: Int { bytes.count + (added?.byteCount ?? 0) }

    /// Calls `body` with the bytes of one field.
    public func withField<R>(row: Int, column: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let arenaColumns = arenaColumnCount
        guard column >= arenaColumns else { return try withArena { storage, bounds, rowFirsts in try body(Self.field(rowFirsts[row] + column, storage, bounds)) } }
        return try withAllFieldStorage { storage, bounds, rowFirsts, added in
            try body(Self.field(row: row, column: column, arenaColumns: arenaColumns, storage, bounds, rowFirsts, added))
        }
    }

    /// Row `row`'s column `column`, in the arena or among the added columns.
    @inline(__always)
    static func field(row: Int, column: Int, arenaColumns: Int, _ storage: UnsafeRawBufferPointer, _ bounds: UnsafeBufferPointer<Int>,
                              _ rowFirsts: UnsafeBufferPointer<Int>, _ added: AddedStorage?) -> UnsafeRawBufferPointer {
        guard column >= arenaColumns, let added else { return field(rowFirsts[row] + column, storage, bounds) }
        return field(row &* added.stride &+ added.places[column - arenaColumns], added.storage, added.bounds)
    }

    /// Calls `body` with the bytes of several fields of one row (absent columns, nil, read as empty),
    /// held in a buffer on the stack: nothing is allocated, and the buffer lives only during `body`.
    public func withFields<R>(row: Int, columns: [Int?], _ body: (UnsafeBufferPointer<UnsafeRawBufferPointer>) throws -> R) rethrows -> R {
        try withAllFieldStorage { storage, bounds, rowFirsts, added in
            try withUnsafeTemporaryAllocation(of: UnsafeRawBufferPointer.self, capacity: columns.count) { fields in
                if let added {
                    for (slot, column) in columns.enumerated() {
                        (fields.baseAddress! + slot).initialize(to: column.map {
                            Self.field(row: row, column: $0, arenaColumns: arenaColumnCount, storage, bounds, rowFirsts, added)
                        } ?? UnsafeRawBufferPointer(start: nil, count: 0))
                    }
                } else {
                    Self.initializeFields(first: rowFirsts[row], columns: columns, storage, bounds, at: fields.baseAddress!)
                }
                return try body(UnsafeBufferPointer(fields))
            }
        }
    }

    /// Puts the bytes of the fields `columns` (absent columns, nil, read as empty) of the row whose
    /// first field is `first` at `target`, one after another, in an arena and its bounds
    /// as `withFieldStorage` gives them.
    static func initializeFields(first: Int, columns: [Int?], _ storage: UnsafeRawBufferPointer, _ bounds: UnsafeBufferPointer<Int>,
                                 at target: UnsafeMutablePointer<UnsafeRawBufferPointer>) {
        for (slot, column) in columns.enumerated() {
            (target + slot).initialize(to: column.map { field(first + $0, storage, bounds) } ?? UnsafeRawBufferPointer(start: nil, count: 0))
        }
    }

    /// Field `index` of an arena and its bounds as `withFieldStorage` gives them. A
    /// batch's bounds always lie inside its arena, so the field is taken by pointer arithmetic, not
    /// through a slice whose range would be checked on every field of the hot paths.
    @usableFromInline @inline(__always)
    static func field(_ index: Int, _ storage: UnsafeRawBufferPointer, _ bounds: UnsafeBufferPointer<Int>) -> UnsafeRawBufferPointer {
        let start = bounds[index]
        return UnsafeRawBufferPointer(start: storage.baseAddress.map { $0 + start }, count: bounds[index + 1] - start)
    }

    /// Copies the fields `fields` (which lie together in `storage`, with `bounds` as
    /// `withFieldStorage` gives them) to `out` at `at`, for a batch built in one piece: writes each
    /// one's end offset from `ends[field]` on, moves `field` past them, and returns the offset after
    /// them.
    @inline(__always)
    static func copyFields(_ fields: Range<Int>, of storage: UnsafeRawBufferPointer, _ bounds: UnsafeBufferPointer<Int>,
                           to out: UnsafeMutableRawBufferPointer, at: Int, ends: UnsafeMutableBufferPointer<Int>, field: inout Int) -> Int {
        let start = bounds[fields.lowerBound], end = bounds[fields.upperBound]
        if end > start { (out.baseAddress! + at).copyMemory(from: storage.baseAddress! + start, byteCount: end - start) }
        // Wrapping sums (offsets within one batch cannot overflow), so the loop vectorises.
        let shift = at &- start, from = bounds.baseAddress! + fields.lowerBound + 1, to = ends.baseAddress! + field
        for offset in 0..<fields.count { to[offset] = from[offset] &+ shift }
        field += fields.count
        return at + end - start
    }

    /// The bytes of one field, copied.
    public func field(row: Int, column: Int) -> [UInt8] {
        withField(row: row, column: column) { Array($0) }
    }

    /// The value of one field as text.
    public func string(row: Int, column: Int) -> String {
        withField(row: row, column: column) { String(decoding: $0, as: UTF8.self) }
    }

    /// Every field of one row as text (tests and messages about structure; not for the hot path).
    public func strings(row: Int) -> [String] {
        (0..<columnCount).map { string(row: row, column: $0) }
    }

    /// Gives direct access to the arena, the field bounds and each row's first field (row `r`'s
    /// column `c` is field `rowFirsts[r] + c`), for the hot paths. Every column must be in the
    /// arena (`settleAddedColumns`).
    @usableFromInline
    func withFieldStorage<R>(
        _ body: (UnsafeRawBufferPointer, UnsafeBufferPointer<Int>, UnsafeBufferPointer<Int>) throws -> R
    ) rethrows -> R {
        precondition(added == nil, "a batch with added columns read as one arena")
        return try withArena(body)
    }

    /// `withFieldStorage` for a batch that may hold added columns: the arena gives the first
    /// `columnCount - added.columnCount` columns of each row, the added storage (nil: none) the rest.
    func withAllFieldStorage<R>(
        _ body: (UnsafeRawBufferPointer, UnsafeBufferPointer<Int>, UnsafeBufferPointer<Int>, AddedStorage?) throws -> R
    ) rethrows -> R {
        try withArena { storage, bounds, rowFirsts in
            guard let added else { return try body(storage, bounds, rowFirsts, nil) }
            return try added.withStorage { try body(storage, bounds, rowFirsts, $0) }
        }
    }

    private func withArena<R>(_ body: (UnsafeRawBufferPointer, UnsafeBufferPointer<Int>, UnsafeBufferPointer<Int>) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes { storage in
            try fieldBounds.withUnsafeBufferPointer { bounds in
                try rowFirsts.withUnsafeBufferPointer { rowFirsts in try body(storage, bounds, rowFirsts) }
            }
        }
    }

    /// Puts the added columns into the arena, each row's after its own fields (a copy of every
    /// row), for the readers that take the batch as one arena. Does nothing without them.
    mutating func settleAddedColumns() {
        guard let added else { return }
        let arenaColumns = arenaColumnCount
        var settled = withArena { storage, bounds, rowFirsts in
            added.withStorage { values in
                // The rows' bytes only (the arena may also hold rows left out and fields' old versions).
                var byteCount = 0
                for (row, first) in rowFirsts.enumerated() {
                    byteCount += bounds[first + arenaColumns] - bounds[first]
                    for run in values.runs { byteCount += values.bounds[row * values.stride + run.upperBound] - values.bounds[row * values.stride + run.lowerBound] }
                }
                return RecordBatch(columnCount: columnCount, rowNumbers: rowNumbers, byteCount: byteCount) { out, ends in
                    var at = 0, field = 0
                    for (row, first) in rowFirsts.enumerated() {
                        at = Self.copyFields(first..<first + arenaColumns, of: storage, bounds, to: out, at: at, ends: ends, field: &field)
                        for run in values.runs {
                            let base = row * values.stride
                            at = Self.copyFields(base + run.lowerBound..<base + run.upperBound, of: values.storage, values.bounds,
                                                 to: out, at: at, ends: ends, field: &field)
                        }
                    }
                }
            }
        }
        settled.quarantined = quarantined
        settled.blankLines = blankLines
        settled.sequence = sequence
        settled.sideOutput = sideOutput
        self = settled
    }

    // MARK: Changing rows in place

    /// Lets `body` write over fields' bytes (arena and bounds as `withFieldStorage` gives them); it
    /// must keep every field's length. The arena is copied first only if another batch shares it.
    mutating func overwriteFields(_ body: (UnsafeMutableRawBufferPointer, UnsafeBufferPointer<Int>, UnsafeBufferPointer<Int>) -> Void) {
        precondition(openFieldCount == 0, "fields overwritten while a row is being built")
        settleAddedColumns()
        fieldBounds.withUnsafeBufferPointer { bounds in
            rowFirsts.withUnsafeBufferPointer { rowFirsts in
                bytes.withUnsafeMutableBytes { storage in body(storage, bounds, rowFirsts) }
            }
        }
    }

    /// Makes the rows of `versions` (a batch of the same width) the new versions of rows `rows` of
    /// this batch, in that order: their bytes go after the arena's, and the old versions' stay
    /// unread.
    mutating func replaceRows(_ rows: [Int], with versions: RecordBatch) {
        precondition(versions.columnCount == columnCount && versions.count == rows.count && openFieldCount == 0 && !versions.hasAddedColumns,
                     "\(versions.count) new versions of \(rows.count) rows")
        guard !rows.isEmpty else { return }
        settleAddedColumns()
        let shift = bytes.count, firstField = fieldBounds.count
        bytes.append(contentsOf: versions.bytes)
        // The versions' bounds after this batch's own: their field `i` is field `firstField + i` here.
        fieldBounds.append(contentsOf: versions.fieldBounds.lazy.map { $0 + shift })
        for (index, row) in rows.enumerated() { rowFirsts[row] = firstField + versions.rowFirsts[index] }
        openRowFirst = fieldBounds.count - 1
    }

    /// Keeps only the rows `rows` (in increasing order), with their row numbers.
    mutating func keepRows(_ rows: [Int]) {
        precondition(openFieldCount == 0, "rows left out while a row is being built")
        guard rows.count < count else { return }
        settleAddedColumns()
        rowNumbers = rows.map { rowNumbers[$0] }
        rowFirsts = rows.map { rowFirsts[$0] }
    }

    // MARK: Building

    /// Appends one field of the row being built; call `endRow` after `columnCount` fields.
    public mutating func appendField(_ value: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: AppendedBytes(value))
        fieldBounds.append(bytes.count)
    }

    /// Appends one field of the row being built.
    public mutating func appendField(_ value: some Collection<UInt8>) {
        bytes.append(contentsOf: value)
        fieldBounds.append(bytes.count)
    }

    /// Appends bytes to the field being built; `endField` closes it.
    mutating func appendBytes(_ value: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: AppendedBytes(value))
    }

    /// Closes the field being built by `appendByte`/`appendBytes`.
    mutating func endField() {
        fieldBounds.append(bytes.count)
    }

    /// Fields appended since the last `endRow`.
    var openFieldCount: Int { fieldBounds.count - 1 - openRowFirst }

    /// Closes the row being built. The caller has appended exactly `columnCount` fields.
    public mutating func endRow(rowNumber: Int) {
        precondition(openFieldCount == columnCount && added == nil, "row \(rowNumber) built with \(openFieldCount) of \(columnCount) fields")
        rowNumbers.append(rowNumber)
        rowFirsts.append(openRowFirst)
        openRowFirst = fieldBounds.count - 1
    }

    /// Drops the fields appended since the last `endRow` (a row found bad half-way through).
    mutating func discardOpenRow() {
        let keep = openRowFirst + 1
        fieldBounds.removeLast(fieldBounds.count - keep)
        bytes.removeLast(bytes.count - fieldBounds[keep - 1])
    }

    /// The first field of the open row that is not valid UTF-8, with the offset inside it.
    func firstInvalidUTF8InOpenRow() -> (column: Int, offset: Int)? {
        let first = openRowFirst
        return bytes.withUnsafeBytes { storage in
            for index in first..<(fieldBounds.count - 1) {
                let field = UnsafeRawBufferPointer(rebasing: storage[fieldBounds[index]..<fieldBounds[index + 1]])
                if let offset = UTF8Validation.firstInvalidByte(in: field) { return (index - first, offset) }
            }
            return nil
        }
    }

    /// The fields appended since the last `endRow`, copied (for quarantining a row being built).
    func openRowFields() -> [[UInt8]] {
        let first = openRowFirst
        return (first..<(fieldBounds.count - 1)).map { Array(bytes[fieldBounds[$0]..<fieldBounds[$0 + 1]]) }
    }

    /// Appends fields of row `row` of `other` (all, or the columns in `columns`) to the row being
    /// built, in one copy: a row's fields lie together in the arena.
    public mutating func appendFields(ofRow row: Int, columns: Range<Int>? = nil, from other: RecordBatch) {
        guard !other.hasAddedColumns else {
            for column in columns ?? 0..<other.columnCount { other.withField(row: row, column: column) { appendField($0) } }
            return
        }
        other.withFieldStorage { storage, bounds, rowFirsts in
            let first = rowFirsts[row], range = columns ?? 0..<other.columnCount
            appendFields(storage, bounds: UnsafeBufferPointer(rebasing: bounds[(first + range.lowerBound)...(first + range.upperBound)]))
        }
    }

    /// Appends fields that lie together in `storage` to the row being built, in one copy: field `i`
    /// spans `bounds[i] ..< bounds[i + 1]`.
    mutating func appendFields(_ storage: UnsafeRawBufferPointer, bounds: UnsafeBufferPointer<Int>) {
        let start = bounds[0], end = bounds[bounds.count - 1]
        let shift = bytes.count - start
        bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: storage[start..<end]))
        let first = fieldBounds.count
        fieldBounds.append(contentsOf: UnsafeBufferPointer(rebasing: bounds[1...]))
        fieldBounds.withUnsafeMutableBufferPointer { all in
            for index in first..<all.count { all[index] += shift }
        }
    }

    /// Appends row `row` of `other` whole (stages that keep some rows and set others aside).
    public mutating func appendRow(_ row: Int, of other: RecordBatch) {
        appendFields(ofRow: row, from: other)
        endRow(rowNumber: other.rowNumbers[row])
    }
}

/// A row that cannot go on, with where and why. `fields` are the row's values as read, by column
/// position (a CSV row with too many fields keeps all of them); `unplaced` is input that could not
/// be split into columns at all (a JSON Lines record that does not parse). `rule`, `column` and
/// `reason` never hold a value.
public struct QuarantinedRow: Sendable, Equatable {
    public let row: Int
    public let rule: String
    public let column: String
    public let reason: String
    public let fields: [[UInt8]]
    public let unplaced: [UInt8]

    public init(row: Int, rule: String, column: String, reason: String, fields: [[UInt8]], unplaced: [UInt8] = []) {
        self.row = row
        self.rule = rule
        self.column = column
        self.reason = reason
        self.fields = fields
        self.unplaced = unplaced
    }
}
