/// Writes records in one format: the header (if the format has one) and batches of rows.
protocol RecordEncoder: Sendable {
    func encodeHeader(_ columns: [String], into out: inout [UInt8])
    /// Encodes every row of `batch`; runs on a worker, so the writer only copies bytes.
    func encodeRows(of batch: RecordBatch, columns: [String], into out: inout [UInt8])
}

/// RFC 4180 CSV with LF line endings, quoting a field only when it holds a comma, a quote, CR or
/// LF (or when a one-column row is empty, so that it is not read back as a blank line).
struct CSVEncoder: RecordEncoder {
    func encodeHeader(_ columns: [String], into out: inout [UInt8]) {
        encodeRow(columns.map { Array($0.utf8) }, into: &out)
    }

    /// Encodes one row (headers, generated data, quarantined rows: not the hot path).
    func encodeRow(_ fields: [[UInt8]], into out: inout [UInt8]) {
        var row = RecordBatch(columnCount: fields.count)
        for field in fields { row.appendField(field) }
        row.endRow(rowNumber: 0)
        encodeRows(of: row, columns: [], into: &out)
    }

    /// Writes the batch through a pointer into a buffer sized for the worst case (every byte a
    /// doubled quote), with 16 bytes to spare. A row's fields in the arena, then its added columns
    /// (`RecordBatch(adding:to:)`), each run of fields that lie together searched once for bytes
    /// that need quoting; each field is followed by a comma (the row's last comma becomes its line
    /// end). Offsets are summed wrapping: they stay within the buffer, whose size is an `Int`.
    func encodeRows(of batch: RecordBatch, columns: [String], into out: inout [UInt8]) {
        let columnCount = batch.columnCount
        let worstCase = 2 * batch.byteCount + batch.count * (3 * columnCount + 1) + 16
        // An empty field of a one-column row is quoted, so that the row is not read back as a blank line.
        let quoteEmpty = columnCount == 1
        let arenaColumns = batch.arenaColumnCount
        let encoded = batch.withAllFieldStorage { storage, bounds, rowFirsts, added in
            [UInt8](unsafeUninitializedCapacity: worstCase) { buffer, written in
                let output = buffer.baseAddress!
                // Added values are short and seldom need quoting (a stage's dates, numbers, labels):
                // when none does, they are copied without looking at each for quoting.
                let addedArePlain = added.map { !quoteEmpty && !Self.needsQuoting.occurs(in: $0.storage) } ?? false
                var at = 0
                for (row, first) in rowFirsts.enumerated() {
                    guard columnCount > 0 else {
                        output[at] = UInt8(ascii: "\n")
                        at &+= 1
                        continue
                    }
                    Self.encodeFields(first..<first &+ arenaColumns, storage, bounds, quoteEmpty: quoteEmpty, to: output, at: &at)
                    if let added {
                        let base = row &* added.stride
                        for run in added.runs {
                            let fields = base &+ run.lowerBound..<base &+ run.upperBound
                            if addedArePlain {
                                Self.copyPlainFields(fields, added.storage, added.bounds, to: output, at: &at)
                            } else {
                                Self.encodeFields(fields, added.storage, added.bounds, quoteEmpty: quoteEmpty, to: output, at: &at)
                            }
                        }
                    }
                    output[at &- 1] = UInt8(ascii: "\n")
                }
                written = at
            }
        }
        if out.isEmpty { out = encoded } else { out.append(contentsOf: encoded) }
    }

    /// Writes fields that lie together in `storage` (field `i` spans `bounds[i] ..< bounds[i + 1]`),
    /// each followed by a comma; the run is searched once for bytes that need quoting, and the
    /// fields before the next such byte are copied as they are.
    @inline(__always)
    private static func encodeFields(_ fields: Range<Int>, _ storage: UnsafeRawBufferPointer, _ bounds: UnsafeBufferPointer<Int>,
                                     quoteEmpty: Bool, to output: UnsafeMutablePointer<UInt8>, at: inout Int) {
        guard !fields.isEmpty else { return }
        let runEnd = bounds[fields.upperBound]
        var start = bounds[fields.lowerBound]
        var nextSpecial = needsQuoting.firstIndex(in: storage, from: start, to: runEnd)
        for field in (fields.lowerBound &+ 1)...fields.upperBound {
            let end = bounds[field]
            if nextSpecial >= end && !(quoteEmpty && start == end) {
                copy(storage, start, end, to: output + at)
                at &+= end &- start
            } else {
                output[at] = UInt8(ascii: "\"")
                at &+= 1
                for index in start..<end {
                    output[at] = storage[index]
                    at &+= 1
                    if storage[index] == UInt8(ascii: "\"") { output[at] = storage[index]; at &+= 1 }
                }
                output[at] = UInt8(ascii: "\"")
                at &+= 1
                nextSpecial = needsQuoting.firstIndex(in: storage, from: end, to: runEnd)
            }
            output[at] = UInt8(ascii: ",")
            at &+= 1
            start = end
        }
    }

    /// Writes fields that lie together in `storage` and need no quoting, each followed by a comma.
    @inline(__always)
    private static func copyPlainFields(_ fields: Range<Int>, _ storage: UnsafeRawBufferPointer, _ bounds: UnsafeBufferPointer<Int>,
                                        to output: UnsafeMutablePointer<UInt8>, at: inout Int) {
        var start = bounds[fields.lowerBound]
        for field in fields.lowerBound &+ 1 ..< fields.upperBound &+ 1 {
            let end = bounds[field]
            copy(storage, start, end, to: output + at)
            at &+= end &- start
            output[at] = UInt8(ascii: ",")
            at &+= 1
            start = end
        }
    }

    /// Copies a field; most are short, so those up to 16 bytes go as two 8-byte words rather than
    /// through a `memcpy` call, where the storage has 16 bytes from the field's start (the output
    /// has 16 to spare).
    @inline(__always)
    private static func copy(_ storage: UnsafeRawBufferPointer, _ start: Int, _ end: Int, to target: UnsafeMutablePointer<UInt8>) {
        let count = end &- start
        guard count > 0 else { return }
        let source = storage.baseAddress! + start
        if count <= 16 && start &+ 16 <= storage.count {
            UnsafeMutableRawPointer(target).storeBytes(of: source.loadUnaligned(as: UInt64.self), as: UInt64.self)
            UnsafeMutableRawPointer(target).storeBytes(of: source.loadUnaligned(fromByteOffset: 8, as: UInt64.self), toByteOffset: 8, as: UInt64.self)
        } else {
            UnsafeMutableRawPointer(target).copyMemory(from: source, byteCount: count)
        }
    }

    private static let needsQuoting = ByteSearch(UInt8(ascii: ","), UInt8(ascii: "\""), UInt8(ascii: "\n"), UInt8(ascii: "\r"))
}

/// JSON Lines: one object per row, keys in column order, every value a string.
struct JSONLinesEncoder: RecordEncoder {
    func encodeHeader(_ columns: [String], into out: inout [UInt8]) {}

    func encodeRows(of batch: RecordBatch, columns: [String], into out: inout [UInt8]) {
        var batch = batch
        batch.settleAddedColumns()
        let keys = columns.map { name -> [UInt8] in
            var key: [UInt8] = []
            Array(name.utf8).withUnsafeBytes { Self.appendString($0, into: &key) }
            key.append(UInt8(ascii: ":"))
            return key
        }
        batch.withFieldStorage { storage, bounds, rowFirsts in
            for first in rowFirsts {
                var fieldIndex = first
                out.append(UInt8(ascii: "{"))
                for column in 0..<batch.columnCount {
                    if column > 0 { out.append(UInt8(ascii: ",")) }
                    out.append(contentsOf: keys[column])
                    Self.appendString(RecordBatch.field(fieldIndex, storage, bounds), into: &out)
                    fieldIndex += 1
                }
                out.append(contentsOf: [UInt8(ascii: "}"), UInt8(ascii: "\n")])
            }
        }
    }

    static func appendString(_ value: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for byte in value {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x00..<0x20:
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
