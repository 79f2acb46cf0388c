/// Reads a JSON Lines stream: one flat JSON object per line. The columns are the keys of the first
/// object, in the order written; chunks are cut at line ends. Row numbers are line numbers.
final class JSONLinesReader: RecordChunkReader {
    private(set) var columns: [String] = []
    let source: ByteSource
    private let batchBytes: Int
    private var buffer: [UInt8] = []
    private var nextLine = 1
    private var nextSequence = 0
    private var atEnd = false

    init(source: ByteSource, batchBytes: Int) throws(InputError) {
        self.source = source
        self.batchBytes = batchBytes
        // The columns come from the first non-blank line, which stays in the buffer as data.
        var searchFrom = 0
        var line = 1
        while true {
            if let newline = buffer[searchFrom...].firstIndex(of: UInt8(ascii: "\n")) ?? (atEnd && searchFrom < buffer.count ? buffer.count : nil) {
                let text = buffer[searchFrom..<newline]
                if !JSONLineParser.isBlank(text) {
                    columns = try Self.columns(from: Array(text), file: source.name, line: line)
                    return
                }
                searchFrom = min(newline + 1, buffer.count)
                line += 1
                continue
            }
            guard !atEnd else { throw .empty(file: source.name) }
            guard buffer.count <= CSVReader.maximumRecordBytes else {
                throw .readFailed(file: source.name, reason: "line \(line) is longer than \(CSVReader.maximumRecordBytes >> 20) MiB")
            }
            if try source.topUp(&buffer, toward: batchBytes) == 0 { atEnd = true }
        }
    }

    func nextChunk() throws(InputError) -> RawChunk? {
        // Read until a batch's worth is buffered and at least one line in it is complete.
        var boundary = lastLineEnd()
        while !atEnd && (buffer.count < batchBytes || boundary == nil) {
            if try source.topUp(&buffer, toward: batchBytes) == 0 {
                atEnd = true
            } else if buffer.count > CSVReader.maximumRecordBytes && lastLineEnd() == nil {
                throw .readFailed(file: source.name, reason: "line \(nextLine) is longer than \(CSVReader.maximumRecordBytes >> 20) MiB")
            }
            boundary = lastLineEnd()
        }
        var end = boundary ?? 0
        if atEnd { end = buffer.count }
        guard end > 0 else { return nil }
        let bytes = Array(buffer[0..<end])
        buffer.removeFirst(end)
        let chunk = RawChunk(sequence: nextSequence, firstRow: nextLine, bytes: bytes)
        nextLine += bytes.count(where: { $0 == UInt8(ascii: "\n") }) + (bytes.last == UInt8(ascii: "\n") ? 0 : 1)
        nextSequence += 1
        return chunk
    }

    /// Offset just past the last line feed in the buffer.
    private func lastLineEnd() -> Int? {
        buffer.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 }
    }

    private static func columns(from line: [UInt8], file: String, line number: Int) throws(InputError) -> [String] {
        let members: [JSONLineParser.Member]
        switch JSONLineParser.parseObject(line) {
        case let .success(parsed): members = parsed
        case let .failure(problem): throw .firstLineNotObject(file: file, line: number, reason: problem.reason)
        }
        guard !members.isEmpty else { throw .firstLineNotObject(file: file, line: number, reason: "the object has no keys") }
        var names: [String] = []
        var seen = Set<String>()
        for member in members where seen.insert(member.key).inserted { names.append(member.key) }
        return names
    }
}

/// Parses a JSON Lines chunk on a worker. Missing keys read as empty; a line that is not a flat
/// JSON object, has a key that is not a column, or repeats a key, is quarantined.
struct JSONLinesChunkParser: ChunkParser {
    let columns: [String]
    private let columnIndex: [String: Int]

    init(columns: [String]) {
        self.columns = columns
        columnIndex = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })
    }

    func parse(_ chunk: RawChunk) -> RecordBatch {
        var batch = RecordBatch(columnCount: columns.count, expectedBytes: chunk.bytes.count, expectedRows: chunk.bytes.count / 256)
        var line = chunk.firstRow
        var start = 0
        let bytes = chunk.bytes
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            let text = bytes[start..<end]
            defer {
                start = end + 1
                line += 1
            }
            if JSONLineParser.isBlank(text) {
                batch.blankLines += 1
                continue
            }
            switch row(from: text) {
            case let .success(values):
                for value in values { batch.appendField(value) }
                batch.endRow(rowNumber: line)
            case let .failure(problem):
                batch.quarantined.append(QuarantinedRow(
                    row: line, rule: problem.rule, column: problem.column, reason: problem.reason,
                    fields: [], unplaced: Array(text)))
            }
        }
        return batch
    }

    private func row(from text: ArraySlice<UInt8>) -> Result<[[UInt8]], JSONLineProblem> {
        let invalid = text.withUnsafeBytes { UTF8Validation.firstInvalidByte(in: $0) }
        if let invalid {
            return .failure(JSONLineProblem(rule: "encoding.utf8", column: "", reason: "not valid UTF-8 at byte \(invalid + 1) of the line"))
        }
        let members: [JSONLineParser.Member]
        switch JSONLineParser.parseObject(text) {
        case let .success(parsed): members = parsed
        case let .failure(problem): return .failure(problem)
        }
        var values = [[UInt8]?](repeating: nil, count: columns.count)
        for member in members {
            guard let index = columnIndex[member.key] else {
                return .failure(JSONLineProblem(rule: "jsonl.unknown_column", column: member.key, reason: "key is not a column of the first line"))
            }
            guard values[index] == nil else {
                return .failure(JSONLineProblem(rule: "jsonl.duplicate_key", column: member.key, reason: "key appears more than once"))
            }
            guard let value = member.value else {
                return .failure(JSONLineProblem(rule: "jsonl.nested_value", column: member.key, reason: "value is an object or array; Disclose reads flat objects"))
            }
            values[index] = value
        }
        return .success(values.map { $0 ?? [] })
    }
}
