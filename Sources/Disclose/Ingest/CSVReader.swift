/// A piece of the input holding whole records, cut by a reader and parsed by a worker.
public struct RawChunk: Sendable {
    /// Position of this chunk in the input (0, 1, 2, ...): the order the writer restores.
    public let sequence: Int
    /// The user's row number of the chunk's first record.
    public let firstRow: Int
    public let bytes: [UInt8]
}

/// Reads a CSV stream: the header, then chunks of whole records of about `batchBytes` each.
/// Never holds more than one chunk plus one record of the input.
final class CSVReader: RecordChunkReader {
    /// A record longer than this is taken for a quote that was never closed (memory stays bounded).
    static let maximumRecordBytes = 64 << 20

    private(set) var columns: [String] = []
    let source: ByteSource
    private let batchBytes: Int
    private var buffer: [UInt8] = []
    private var scanner = CSVRecordBoundaryScanner()
    private var scannedUpTo = 0
    private var lastBoundary = 0
    private var firstBoundary: Int?
    private var recordsBeforeBoundary = 0
    private var nextRow = 2
    private var nextSequence = 0
    private var atEnd = false

    init(source: ByteSource, batchBytes: Int) throws(InputError) {
        self.source = source
        self.batchBytes = batchBytes
        // The header: everything up to the first record end. The first read may find more records;
        // their boundaries stay for the first chunk.
        while firstBoundary == nil && !atEnd {
            try readMore()
        }
        let headerEnd = firstBoundary ?? buffer.count
        if atEnd && firstBoundary == nil {
            if scanner.insideQuotedField { throw .headerUnclosedQuote(file: source.name) }
            recordsBeforeBoundary += 1
        }
        var bomLength = 0
        if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { bomLength = 3 }
        guard headerEnd > bomLength else { throw .empty(file: source.name) }
        var sink = FieldListSink()
        _ = buffer.withUnsafeBytes { CSVParser.parse(UnsafeRawBufferPointer(rebasing: $0[bomLength..<headerEnd]), into: &sink) }
        guard let header = sink.records.first, !header.isEmpty else {
            throw .blankHeader(file: source.name)
        }
        columns = try Self.columnNames(header, file: source.name)
        buffer.removeFirst(headerEnd)
        scannedUpTo -= headerEnd
        lastBoundary = max(lastBoundary - headerEnd, 0)
        recordsBeforeBoundary -= 1
    }

    /// The next chunk of whole records, or nil at the end of the input.
    func nextChunk() throws(InputError) -> RawChunk? {
        // Read until a batch's worth is buffered and at least one record in it is complete.
        while !atEnd && (buffer.count < batchBytes || lastBoundary == 0) {
            guard buffer.count - lastBoundary <= Self.maximumRecordBytes else {
                throw .readFailed(file: source.name, reason: "row \(nextRow + recordsBeforeBoundary) is longer than \(Self.maximumRecordBytes >> 20) MiB; is a quote not closed?")
            }
            try readMore()
        }
        if atEnd && lastBoundary < buffer.count {
            // The last record has no line ending (or the input ends inside a quoted field).
            lastBoundary = buffer.count
            recordsBeforeBoundary += 1
        }
        guard lastBoundary > 0 else { return nil }
        let chunk = RawChunk(sequence: nextSequence, firstRow: nextRow, bytes: Array(buffer[0..<lastBoundary]))
        buffer.removeFirst(lastBoundary)
        scannedUpTo -= lastBoundary
        lastBoundary = 0
        nextRow += recordsBeforeBoundary
        recordsBeforeBoundary = 0
        nextSequence += 1
        return chunk
    }

    private func readMore() throws(InputError) {
        let readCount = try source.topUp(&buffer, toward: batchBytes)
        if readCount == 0 {
            atEnd = true
            if scanner.finishPendingCarriageReturn() {
                if firstBoundary == nil { firstBoundary = buffer.count }
                lastBoundary = buffer.count
                recordsBeforeBoundary += 1
            }
            return
        }
        buffer.withUnsafeBytes { bytes in
            scanner.scan(bytes, from: scannedUpTo) { boundary in
                if firstBoundary == nil { firstBoundary = boundary }
                lastBoundary = boundary
                recordsBeforeBoundary += 1
            }
        }
        scannedUpTo = buffer.count
    }

    private static func columnNames(_ fields: [[UInt8]], file: String) throws(InputError) -> [String] {
        var names: [String] = []
        var seen: [String: Int] = [:]
        for (index, field) in fields.enumerated() {
            guard let name = String(validating: field, as: UTF8.self) else {
                throw .headerNotUTF8(file: file, column: index + 1)
            }
            guard !name.isEmpty else { throw .headerColumnEmpty(file: file, column: index + 1) }
            if let earlier = seen[name] { throw .headerColumnDuplicated(file: file, first: earlier + 1, second: index + 1) }
            seen[name] = index
            names.append(name)
        }
        return names
    }
}

/// Collects records as lists of fields (the header, and tests).
struct FieldListSink: CSVRecordSink {
    private(set) var records: [[[UInt8]]] = []
    private var fields: [[UInt8]] = []
    private var field: [UInt8] = []

    mutating func appendToField(_ bytes: UnsafeRawBufferPointer) { field.append(contentsOf: bytes) }

    mutating func endField() {
        fields.append(field)
        field = []
    }

    mutating func endRecord(blank: Bool) {
        if !blank { records.append(fields) }
        fields = []
    }
}

/// Parses a CSV chunk into a batch on a worker: rows with the header's width go on; a row with
/// too few or too many fields, invalid UTF-8, or a quote never closed is quarantined with its reason.
struct CSVChunkParser: ChunkParser {
    let columns: [String]

    func parse(_ chunk: RawChunk) -> RecordBatch {
        chunk.bytes.withUnsafeBytes { bytes in
            var sink = CSVBatchSink(
                columns: columns, firstRow: chunk.firstRow, expectedBytes: bytes.count,
                validateEachField: UTF8Validation.firstInvalidByte(in: bytes) != nil)
            _ = CSVParser.parse(bytes, into: &sink)
            return sink.batch
        }
    }
}

/// Builds a `RecordBatch` from parser events, deciding per record whether it goes on or into
/// quarantine.
struct CSVBatchSink: CSVRecordSink {
    private(set) var batch: RecordBatch
    private let columns: [String]
    private let validateEachField: Bool
    private var row: Int
    private var unclosedQuoteColumn: Int?

    init(columns: [String], firstRow: Int, expectedBytes: Int, validateEachField: Bool) {
        self.columns = columns
        self.validateEachField = validateEachField
        row = firstRow
        // Room for a quarter more than the chunk, so that a stage can put new versions of rows after
        // them (validate, for a fix that changes a length) without moving the arena.
        batch = RecordBatch(columnCount: columns.count, expectedBytes: expectedBytes + expectedBytes / 4, expectedRows: expectedBytes / 256)
    }

    mutating func appendToField(_ bytes: UnsafeRawBufferPointer) { batch.appendBytes(bytes) }

    mutating func endField() { batch.endField() }

    mutating func inputEndedInsideQuotedField() { unclosedQuoteColumn = batch.openFieldCount }

    mutating func endRecord(blank: Bool) {
        defer { row += 1 }
        if blank {
            batch.blankLines += 1
            return
        }
        if let problem = problemWithOpenRow() {
            batch.quarantined.append(problem)
            batch.discardOpenRow()
        } else {
            batch.endRow(rowNumber: row)
        }
    }

    private func problemWithOpenRow() -> QuarantinedRow? {
        let fieldCount = batch.openFieldCount
        if let column = unclosedQuoteColumn {
            return quarantine(rule: "csv.unclosed_quote", column: columnName(column),
                              reason: "a quoted field is not closed before the end of the input")
        }
        if fieldCount != columns.count {
            return quarantine(rule: "csv.field_count", column: "",
                              reason: "row has \(fieldCount) field\(fieldCount == 1 ? "" : "s"); the header has \(columns.count)")
        }
        if validateEachField, let (column, offset) = batch.firstInvalidUTF8InOpenRow() {
            return quarantine(rule: "encoding.utf8", column: columnName(column),
                              reason: "not valid UTF-8 at byte \(offset + 1) of the field")
        }
        return nil
    }

    private func columnName(_ index: Int) -> String {
        index < columns.count ? columns[index] : "field \(index + 1)"
    }

    private func quarantine(rule: String, column: String, reason: String) -> QuarantinedRow {
        QuarantinedRow(row: row, rule: rule, column: column, reason: reason, fields: batch.openRowFields())
    }
}
