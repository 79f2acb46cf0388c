import Testing
@testable import Disclose

/// A batch whose rows were changed where they lie (fields written over, new versions of rows put
/// after the others, rows left out) reads and encodes as the rows it now holds, and a batch that
/// shared its arena keeps the values it had.
struct RecordBatchTests {
    private func batch(_ rows: [[String]], firstRow: Int = 2) -> RecordBatch {
        var batch = RecordBatch(columnCount: rows[0].count)
        for (index, row) in rows.enumerated() {
            for field in row { batch.appendField(Array(field.utf8)) }
            batch.endRow(rowNumber: firstRow + index)
        }
        return batch
    }

    private func encoded(_ batch: RecordBatch, _ encoder: some RecordEncoder, columns: [String] = ["ref", "date", "note"]) -> String {
        var out: [UInt8] = []
        encoder.encodeRows(of: batch, columns: columns, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func rowsChangedWhereTheyLieAreReadAndEncodedAsTheyNowAre() {
        let original = batch([["A1", "01/02/2024", "x"], ["A2", "03/04/2024", "y, z"], ["A3", "05/06/2024", "w"], ["A4", "", "Part Upheld"]])
        var changed = original
        changed.overwriteFields { storage, bounds, rowFirsts in
            let start = bounds[rowFirsts[0] + 1]
            for (offset, byte) in "2024-02-01".utf8.enumerated() { storage[start + offset] = byte }
        }
        changed.replaceRows([3, 1], with: batch([["A4", "", "partially_upheld"], ["A2", "2024-04-03", "y, \"z\""]]))
        changed.keepRows([0, 1, 3])

        #expect(changed.rowNumbers == [2, 3, 5])
        #expect((0..<changed.count).map { changed.strings(row: $0) }
                == [["A1", "2024-02-01", "x"], ["A2", "2024-04-03", "y, \"z\""], ["A4", "", "partially_upheld"]])
        #expect(encoded(changed, CSVEncoder()) == "A1,2024-02-01,x\nA2,2024-04-03,\"y, \"\"z\"\"\"\nA4,,partially_upheld\n")
        #expect(encoded(changed, JSONLinesEncoder()) == """
            {"ref":"A1","date":"2024-02-01","note":"x"}
            {"ref":"A2","date":"2024-04-03","note":"y, \\"z\\""}
            {"ref":"A4","date":"","note":"partially_upheld"}

            """)
        #expect(changed.withFields(row: 2, columns: [2, nil, 0]) { $0.map { String(decoding: $0, as: UTF8.self) } } == ["partially_upheld", "", "A4"])
        var copied = RecordBatch(columnCount: 3)
        for row in 0..<changed.count { copied.appendRow(row, of: changed) }
        #expect(encoded(copied, CSVEncoder()) == encoded(changed, CSVEncoder()))
        #expect(encoded(original, CSVEncoder()) == "A1,01/02/2024,x\nA2,03/04/2024,\"y, z\"\nA3,05/06/2024,w\nA4,,Part Upheld\n")

        // Rows built after the changes follow them.
        for field in ["A5", "", "v"] { changed.appendField(Array(field.utf8)) }
        changed.endRow(rowNumber: 6)
        #expect(encoded(changed, CSVEncoder()) == "A1,2024-02-01,x\nA2,2024-04-03,\"y, \"\"z\"\"\"\nA4,,partially_upheld\nA5,,v\n")
    }

    /// Columns a stage adds kept apart from the rows (`RecordBatch(adding:to:)`) read, encode and
    /// settle as if they followed each row's own fields; a value among them that is not a column
    /// (here one holding a comma) is never written; changing rows puts them in the arena first.
    @Test func columnsKeptApartReadAndEncodeAsIfTheyFollowedTheRows() {
        let rows = batch([["A1", "x"], ["A2", "y, z"], ["A3", ""]])
        // Three values a row; the added columns are values 0 and 2.
        let values = [["2024-01-05", "not, a column", "yes"], ["", "s", "no \"really\""], ["2024-03-01", "", ""]]
        var bytes: [UInt8] = [], bounds = [0]
        for row in values {
            for value in row {
                bytes += Array(value.utf8)
                bounds.append(bytes.count)
            }
        }
        let added = RecordBatch(adding: AddedColumns(bytes: bytes, bounds: bounds, stride: 3, runs: [0..<1, 2..<3]), to: rows)
        let expected = [["A1", "x", "2024-01-05", "yes"], ["A2", "y, z", "", "no \"really\""], ["A3", "", "2024-03-01", ""]]
        let columns = ["ref", "note", "due", "within"]
        let csv = "A1,x,2024-01-05,yes\nA2,\"y, z\",,\"no \"\"really\"\"\"\nA3,,2024-03-01,\n"

        #expect(added.columnCount == 4 && added.hasAddedColumns)
        #expect((0..<added.count).map { added.strings(row: $0) } == expected)
        #expect(added.withFields(row: 1, columns: [3, nil, 1, 2]) { $0.map { String(decoding: $0, as: UTF8.self) } } == ["no \"really\"", "", "y, z", ""])
        #expect(encoded(added, CSVEncoder(), columns: columns) == csv)
        var settled = added
        settled.settleAddedColumns()
        #expect(!settled.hasAddedColumns && settled.rowNumbers == [2, 3, 4])
        // The rows' bytes and the added columns', not the values that are not columns.
        #expect(settled.byteCount == 11 + 34)
        #expect(encoded(settled, CSVEncoder(), columns: columns) == csv)
        #expect(encoded(added, JSONLinesEncoder(), columns: columns) == encoded(settled, JSONLinesEncoder(), columns: columns))
        var kept = added
        kept.keepRows([0, 2])
        #expect(!kept.hasAddedColumns && kept.rowNumbers == [2, 4])
        #expect((0..<kept.count).map { kept.strings(row: $0) } == [expected[0], expected[2]])
        var copied = RecordBatch(columnCount: 4)
        for row in 0..<added.count { copied.appendRow(row, of: added) }
        #expect(encoded(copied, CSVEncoder(), columns: columns) == csv)

        // Added values none of which needs quoting are copied without a look at each.
        let plain = RecordBatch(adding: AddedColumns(bytes: Array("2024-01-05yes2024-12-31no".utf8), bounds: [0, 10, 13, 13, 23, 25], stride: 5, runs: [0..<2, 3..<5]),
                                to: batch([["A1", "x, y"]]))
        #expect(encoded(plain, CSVEncoder(), columns: ["ref", "note", "due", "within", "closed", "answer"])
                == "A1,\"x, y\",2024-01-05,yes,2024-12-31,no\n")
    }
}
