import Testing
@testable import Disclose

struct CSVEncoderTests {
    private func encode(_ rows: [[String]]) -> String {
        var out: [UInt8] = []
        for row in rows { CSVEncoder().encodeRow(row.map { Array($0.utf8) }, into: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    @Test func quotesOnlyWhereNeeded() {
        #expect(encode([["plain", "two words", " spaced ", "Zoë"]]) == "plain,two words, spaced ,Zoë\n")
        #expect(encode([["a,b", "say \"hi\"", "line\nbreak", "cr\rhere", ""]]) == "\"a,b\",\"say \"\"hi\"\"\",\"line\nbreak\",\"cr\rhere\",\n")
        #expect(encode([["\""]]) == "\"\"\"\"\n")
    }

    /// Short fields are copied as two 8-byte words where the batch holds 16 bytes from their
    /// start, by memcpy otherwise (a batch's last fields): each comes out whole and nothing after it.
    @Test func fieldsOfEveryLengthAreCopiedExactly() {
        let fields = (0...40).map { length in String((0..<length).map { Character(UnicodeScalar(UInt8(97 + $0 % 26))) }) }
        #expect(encode([fields]) == fields.joined(separator: ",") + "\n")
        #expect(encode([fields.reversed()]) == fields.reversed().joined(separator: ",") + "\n")
        #expect(encode([["a", "b"], ["", ""], ["c", ""]]) == "a,b\n,\nc,\n")
    }

    @Test func anEmptyValueInAOneColumnRowIsQuotedSoItIsNotABlankLine() {
        #expect(encode([["name"], [""], ["x"]]) == "name\n\"\"\nx\n")
    }

    @Test(arguments: CSVReaderTests.caseNames)
    func whatIsWrittenReadsBackToTheSameFields(caseName: String) throws {
        let original = try read(fixture("csv-cases/\(caseName).csv"))
        let rows = [original.columns] + original.records.filter { record in !original.quarantined.contains { $0.row == record.row } }.map(\.fields)
        let rewritten = try read(temporaryFile(Array(encode(rows).utf8)))
        #expect([rewritten.columns] + rewritten.records.map(\.fields) == rows)
    }
}
