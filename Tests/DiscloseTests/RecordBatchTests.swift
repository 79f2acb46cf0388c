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

    private func encoded(_ batch: RecordBatch, _ encoder: some RecordEncoder) -> String {
        var out: [UInt8] = []
        encoder.encodeRows(of: batch, columns: ["ref", "date", "note"], into: &out)
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
}
