import Foundation
import Testing
@testable import Disclose

struct JSONLinesTests {
    @Test func columnsComeFromTheFirstObjectInTheOrderWritten() throws {
        let path = temporaryFile(Array("""
            {"zeta":"1","alpha":"Ann","mid":"x"}
            {"alpha":"Bob","zeta":"2","mid":"y"}

            """.utf8), name: "in.jsonl")
        let result = try read(path, format: .jsonl)
        #expect(result.columns == ["zeta", "alpha", "mid"])
        #expect(result.records.map(\.fields) == [["1", "Ann", "x"], ["2", "Bob", "y"]])
        #expect(result.records.map(\.row) == [1, 2])
    }

    @Test func valuesAreReadAsText() throws {
        let line = #"{"s":"a \"q\" \\ \/ \n\t é \u00e9 \ud83d\ude42","n":-12.5e3,"t":true,"f":false,"z":null,"i":0}"#
        let result = try read(temporaryFile(Array((line + "\n").utf8), name: "in.jsonl"), format: .jsonl)
        #expect(result.records.first?.fields == ["a \"q\" \\ / \n\t é é 🙂", "-12.5e3", "true", "false", "", "0"])
    }

    @Test func missingKeysAreEmptyAndBadLinesAreQuarantinedByLine() throws {
        let text = """
            {"id":"1","name":"Ann"}
            {"id":"2"}
            {"id":"3","name":"Cy","extra":"x"}
            {"id":"4","name":{"first":"Di"}}
            {"id":"5","name":"Ed"
            [1,2]
            {"id":"7","id":"8"}

            {"id":"9","name":"Flo"}
            """
        let result = try read(temporaryFile(Array(text.utf8), name: "in.jsonl"), format: .jsonl, batchBytes: 16)
        #expect(result.records.filter { row in !result.quarantined.contains { $0.row == row.row } }.map(\.row) == [1, 2, 9])
        #expect(result.records.first { $0.row == 2 }?.fields == ["2", ""])
        let reasons = result.quarantined.map { "\($0.row) \($0.rule) \($0.column): \($0.reason)" }
        #expect(reasons == [
            "3 jsonl.unknown_column extra: key is not a column of the first line",
            "4 jsonl.nested_value name: value is an object or array; Disclose reads flat objects",
            "5 jsonl.syntax : expected ',' or '}' at byte 22 of the line",
            "6 jsonl.not_object : the line is not a JSON object",
            "7 jsonl.duplicate_key id: key appears more than once",
        ])
        #expect(result.blankLines == 1)
        // Nothing lost: the whole line is kept for the data owner.
        #expect(result.quarantined.first { $0.row == 6 }?.unplaced == Array("[1,2]".utf8))
    }

    @Test func theEncoderWritesWhatTheReaderReadsBack() throws {
        var batch = RecordBatch(columnCount: 2)
        batch.appendField(Array("line\nbreak \"quoted\" \\ tab\t bell\u{7}".utf8))
        batch.appendField(Array("Zoë".utf8))
        batch.endRow(rowNumber: 1)
        var out: [UInt8] = []
        JSONLinesEncoder().encodeRows(of: batch, columns: ["a", "b\"c"], into: &out)
        #expect(String(decoding: out, as: UTF8.self) == #"{"a":"line\nbreak \"quoted\" \\ tab\t bell\u0007","b\"c":"Zoë"}"# + "\n")
        let back = try read(temporaryFile(out, name: "out.jsonl"), format: .jsonl)
        #expect(back.records.first?.fields == batch.strings(row: 0))
    }
}
