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
