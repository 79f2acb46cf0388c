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

    func encodeRow(_ fields: [[UInt8]], into out: inout [UInt8]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            field.withUnsafeBytes { Self.appendField($0, onlyField: fields.count == 1, search: Self.needsQuoting, into: &out) }
        }
        out.append(UInt8(ascii: "\n"))
    }

    func encodeRows(of batch: RecordBatch, columns: [String], into out: inout [UInt8]) {
        let columnCount = batch.columnCount
        out.reserveCapacity(out.count + batch.byteCount + batch.count * (columnCount + 1) + 64)
        let search = Self.needsQuoting
        batch.withFieldStorage { storage, bounds in
            var fieldIndex = 0
            for _ in 0..<batch.count {
                for column in 0..<columnCount {
                    if column > 0 { out.append(UInt8(ascii: ",")) }
                    let field = UnsafeRawBufferPointer(rebasing: storage[bounds[fieldIndex]..<bounds[fieldIndex + 1]])
                    Self.appendField(field, onlyField: columnCount == 1, search: search, into: &out)
                    fieldIndex += 1
                }
                out.append(UInt8(ascii: "\n"))
            }
        }
    }

    private static let needsQuoting = ByteSearch(UInt8(ascii: ","), UInt8(ascii: "\""), UInt8(ascii: "\n"), UInt8(ascii: "\r"))

    @inline(__always)
    static func appendField(_ field: UnsafeRawBufferPointer, onlyField: Bool, search: ByteSearch, into out: inout [UInt8]) {
        let needsQuotes = (onlyField && field.isEmpty) || search.firstIndex(in: field, from: 0, to: field.count) < field.count
        guard needsQuotes else {
            out.append(contentsOf: field.assumingMemoryBound(to: UInt8.self))
            return
        }
        out.append(UInt8(ascii: "\""))
        var runStart = 0
        for (index, byte) in field.enumerated() where byte == UInt8(ascii: "\"") {
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: field[runStart...index]).assumingMemoryBound(to: UInt8.self))
            out.append(UInt8(ascii: "\""))
            runStart = index + 1
        }
        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: field[runStart...]).assumingMemoryBound(to: UInt8.self))
        out.append(UInt8(ascii: "\""))
    }
}

/// JSON Lines: one object per row, keys in column order, every value a string.
struct JSONLinesEncoder: RecordEncoder {
    func encodeHeader(_ columns: [String], into out: inout [UInt8]) {}

    func encodeRows(of batch: RecordBatch, columns: [String], into out: inout [UInt8]) {
        let keys = columns.map { name -> [UInt8] in
            var key: [UInt8] = []
            Array(name.utf8).withUnsafeBytes { Self.appendString($0, into: &key) }
            key.append(UInt8(ascii: ":"))
            return key
        }
        batch.withFieldStorage { storage, bounds in
            var fieldIndex = 0
            for _ in 0..<batch.count {
                out.append(UInt8(ascii: "{"))
                for column in 0..<batch.columnCount {
                    if column > 0 { out.append(UInt8(ascii: ",")) }
                    out.append(contentsOf: keys[column])
                    Self.appendString(UnsafeRawBufferPointer(rebasing: storage[bounds[fieldIndex]..<bounds[fieldIndex + 1]]), into: &out)
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
