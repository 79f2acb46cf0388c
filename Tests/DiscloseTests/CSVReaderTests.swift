import Foundation
import Testing
@testable import Disclose

/// The CSV reader against Python's csv module, case by case (Fixtures/csv-cases, made by
/// Tools/make-csv-cases.py), at batch sizes that put chunk boundaries everywhere.
struct CSVReaderTests {
    static let expected: [String: [[String]]] = {
        let data = try! Data(contentsOf: URL(fileURLWithPath: fixture("csv-cases/expected.json")))
        return try! JSONDecoder().decode([String: [[String]]].self, from: data)
    }()

    static let caseNames = expected.keys.sorted()

    @Test(arguments: caseNames, [1, 2, 3, 7, 64, 1 << 20])
    func readsWhatPythonReads(caseName: String, batchBytes: Int) throws {
        let result = try read(fixture("csv-cases/\(caseName).csv"), batchBytes: batchBytes)
        let rows = [result.columns] + result.records.map(\.fields)
        #expect(rows == Self.expected[caseName], "case \(caseName) at batch size \(batchBytes)")
    }

    /// The reader cuts chunks where its boundary scanner (which skips commas) says records end; the
    /// parser then reads each chunk. On random text of commas, quotes, line ends and letters, every
    /// chunk size must give the records (rows, fields, set-aside rows) that one chunk gives.
    @Test func chunkBoundariesNeverChangeWhatIsRead() throws {
        var random = SeededRandom(seed: 7)
        let alphabet = Array("a,,\"\"\n\r".utf8)
        for _ in 0..<400 {
            let body = (0..<Int.random(in: 0...40, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            let path = temporaryFile(Array("a,b\n".utf8) + body)
            let whole = try read(path)
            for batchBytes in [1, 2, 3, 5, 8] {
                let cut = try read(path, batchBytes: batchBytes)
                #expect(cut.records.map(\.row) == whole.records.map(\.row), "\(body) at \(batchBytes)")
                #expect(cut.records.map(\.fields) == whole.records.map(\.fields), "\(body) at \(batchBytes)")
                #expect(cut.quarantined == whole.quarantined && cut.blankLines == whole.blankLines, "\(body) at \(batchBytes)")
            }
        }
    }

    @Test func rowNumbersAreTheUsersRowsWithHeaderAsRowOne() throws {
        let result = try read(fixture("csv-cases/blank-lines.csv"))
        #expect(result.records.map(\.row) == [3, 6])
        #expect(result.blankLines == 3)
        let multiline = try read(fixture("csv-cases/lf-inside-quotes.csv"), batchBytes: 5)
        #expect(multiline.records.map(\.row) == [2, 3])
    }

    @Test func rowsWithTheWrongNumberOfFieldsAreQuarantinedWithRowAndReason() throws {
        let fewer = try read(fixture("csv-cases/too-few-fields.csv"))
        #expect(fewer.quarantined.map(\.row) == [2])
        #expect(fewer.quarantined.first?.rule == "csv.field_count")
        #expect(fewer.quarantined.first?.reason == "row has 2 fields; the header has 3")
        let more = try read(fixture("csv-cases/too-many-fields.csv"))
        #expect(more.quarantined.map(\.row) == [2])
        #expect(more.quarantined.first?.reason == "row has 4 fields; the header has 2")
        #expect(more.records.count == 2)
    }

    @Test func aQuoteNeverClosedQuarantinesTheLastRowNamingTheColumn() throws {
        let result = try read(fixture("csv-cases/unclosed-quote-at-end.csv"), batchBytes: 4)
        #expect(result.quarantined.count == 1)
        let row = try #require(result.quarantined.first)
        #expect(row.row == 3)
        #expect(row.rule == "csv.unclosed_quote")
        #expect(row.column == "note")
        #expect(row.reason == "a quoted field is not closed before the end of the input")
    }

    @Test func invalidUTF8IsQuarantinedNeverReplaced() throws {
        let path = temporaryFile(Array("id,name\n1,Ann\n2,Bo".utf8) + [0xFF, 0x62] + Array("\n3,Cy\n".utf8))
        let result = try read(path)
        #expect(result.records.map(\.row) == [2, 3, 4])
        let row = try #require(result.quarantined.first)
        #expect(row.row == 3)
        #expect(row.rule == "encoding.utf8")
        #expect(row.column == "name")
        #expect(row.reason == "not valid UTF-8 at byte 3 of the field")
        #expect(row.fields[1] == Array("Bo".utf8) + [0xFF, 0x62])
    }

    @Test(arguments: [
        ([UInt8](), InputError.empty(file: "")),
        (Array("\n1,2\n".utf8), InputError.blankHeader(file: "")),
        (Array("a,,c\n".utf8), InputError.headerColumnEmpty(file: "", column: 2)),
        (Array("a,b,a\n".utf8), InputError.headerColumnDuplicated(file: "", first: 1, second: 3)),
        (Array("a,\"b\n".utf8), InputError.headerUnclosedQuote(file: "")),
        ([0x61, 0xC3, 0x28, 0x0A], InputError.headerNotUTF8(file: "", column: 1)),
    ])
    func aBadHeaderIsAnInputErrorNamingFileAndField(bytes: [UInt8], expected: InputError) throws {
        let path = temporaryFile(bytes)
        #expect {
            _ = try read(path)
        } throws: { error in
            (error as? InputError).map { "\($0)".replacingOccurrences(of: path, with: "") } == "\(expected)"
        }
    }

    @Test func utf8ValidationRejectsOverlongSurrogatesAndTruncatedSequences() {
        let cases: [([UInt8], Int?)] = [
            (Array("plain ascii text, long enough for the fast path".utf8), nil),
            (Array("Zoë Wiśniewska 🙂".utf8), nil),
            ([0xC0, 0xAF], 0),               // overlong "/"
            ([0x41, 0xED, 0xA0, 0x80], 1),   // UTF-16 surrogate
            ([0xF4, 0x90, 0x80, 0x80], 0),   // past U+10FFFF
            (Array("abcdefgh".utf8) + [0xE2, 0x82], 8),  // truncated at the end
            ([0x80], 0),                     // lone continuation byte
        ]
        for (bytes, expected) in cases {
            #expect(bytes.withUnsafeBytes { UTF8Validation.firstInvalidByte(in: $0) } == expected, "\(bytes)")
        }
    }
}
