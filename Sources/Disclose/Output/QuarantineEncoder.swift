/// Writes quarantined rows as CSV: the input's columns with the values as read, then `_row`,
/// `_rule`, `_column`, `_reason`, and `_unplaced` (surplus fields of a too-long CSV row, encoded
/// as CSV, or a whole record that could not be split into columns). Bytes that are not valid
/// UTF-8 are written as `\xNN` so that the file itself stays readable; the reason says so.
struct QuarantineEncoder {
    static let extraColumns = ["_row", "_rule", "_column", "_reason", "_unplaced"]
    let columns: [String]
    private let csv = CSVEncoder()

    func encodeHeader(into out: inout [UInt8]) {
        csv.encodeHeader(columns + Self.extraColumns, into: &out)
    }

    func encode(_ rows: [QuarantinedRow], into out: inout [UInt8]) {
        for row in rows {
            var fields = (0..<columns.count).map { $0 < row.fields.count ? Self.readable(row.fields[$0]) : [] }
            var unplaced = row.unplaced
            if row.fields.count > columns.count {
                var surplus: [UInt8] = []
                csv.encodeRow(Array(row.fields[columns.count...]), into: &surplus)
                unplaced = Array(surplus.dropLast())
            }
            fields += [String(row.row), row.rule, row.column, row.reason].map { Array($0.utf8) }
            fields.append(Self.readable(unplaced))
            csv.encodeRow(fields, into: &out)
        }
    }

    /// `bytes` with every byte that is not part of valid UTF-8 written as `\xNN`.
    static func readable(_ bytes: [UInt8]) -> [UInt8] {
        var rest = bytes[...]
        var out: [UInt8] = []
        while let invalid = rest.withUnsafeBytes({ UTF8Validation.firstInvalidByte(in: $0) }) {
            out.append(contentsOf: rest.prefix(invalid))
            let byte = rest[rest.startIndex + invalid]
            out.append(contentsOf: Array("\\x".utf8) + Array(String(byte, radix: 16, uppercase: true).utf8).paddedHex)
            rest = rest.dropFirst(invalid + 1)
        }
        out.append(contentsOf: rest)
        return out
    }
}

private extension Array where Element == UInt8 {
    var paddedHex: [UInt8] { count == 1 ? [UInt8(ascii: "0")] + self : self }
}
