import Foundation
import Testing
@testable import Disclose

struct BankHolidayFileTests {
    /// Documents JSON allows and does not (and the trailing commas and byte order mark Foundation
    /// reads too), each read as the bank-holiday file is and by Foundation's parser.
    static let documents = [
        #"{}"#, #"[]"#, #" { "a" : [ 1 , -2.5e+3 , 0 , true , false , null , "x" , { } , [ ] ] } "#, #""é\u00e9\ud83d\ude00\n\t\"\\\/""#,
        #"0"#, #"-0.0E-0"#, #"{"a":1,"a":2}"#, "\u{FEFF}{}", #"{"a":1,}"#, #"[1,]"#,
        #"{,}"#, #"[,]"#, #"[1,,]"#, #"01"#, #"1."#, #".5"#, #"-"#, #"1e"#, #"+1"#, #"tru"#, #"nul"#, #"{"a" 1}"#, #"{a:1}"#,
        #""\x""#, #""\u12""#, #""\ud83d""#, #""\ude00""#, "\"a\u{01}\"", #"{"a":1} x"#, #""abc"#, #"[1 2]"#, "",
    ]

    @Test func readsJSONAsFoundationDoes() {
        for document in Self.documents {
            let bytes = Array(document.utf8)
            let ours = BankHolidayFile.document(bytes)
            let foundation = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
            #expect((ours != nil) == (foundation != nil), "\(document.debugDescription)")
            if case let .string(text)? = ours { #expect(text == foundation as? String, "\(document.debugDescription)") }
        }
    }

    @Test func readsTheShippedFileAsJSONDecoderDid() throws {
        struct Division: Decodable {
            struct Event: Decodable { let title: String; let date: String }
            let division: String
            let events: [Event]
        }
        let path = repositoryRoot.appendingPathComponent("Pipelines/calendars/bank-holidays.json").path
        let decoded = try JSONDecoder().decode([String: Division].self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        let file = try BankHolidayFile(path: path)
        #expect(file.dates == decoded.mapValues { $0.events.map { CivilDate(iso: $0.date)! }.sorted() })
        #expect(file.coverage == CivilDate(year: 2012, month: 1, day: 1)!...CivilDate(year: 2027, month: 12, day: 31)!)
    }

    @Test func refusesAFileOfAnotherShape() throws {
        let shapes = [
            #"{"england-and-wales": {"events": []}}"#, #"{"x": {"division": "x", "events": [{"date": "2020-01-01"}]}}"#,
            #"{"x": {"division": "x", "events": [{"title": 1, "date": "2020-01-01"}]}}"#, #"[]"#, #"{"x": []}"#,
        ]
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("disclose-bank-holidays-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (index, text) in shapes.enumerated() {
            let path = directory.appendingPathComponent("\(index).json").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            #expect(throws: CalendarError.unreadableFile(path, reason: "expected {division: {division, events: [{title, date}]}}"), "\(text)") {
                try BankHolidayFile(path: path)
            }
        }
        // A division named twice keeps its first events, as JSONDecoder kept them.
        let twice = directory.appendingPathComponent("twice.json").path
        try #"{"x": {"division": "x", "events": [{"title": "a", "date": "2020-01-01"},]}, "x": {"division": "x", "events": []}}"#
            .write(toFile: twice, atomically: true, encoding: .utf8)
        #expect(try BankHolidayFile(path: twice).dates == ["x": [CivilDate(year: 2020, month: 1, day: 1)!]])
        let path = directory.appendingPathComponent("date.json").path
        try #"{"x": {"division": "x", "events": [{"title": "a", "date": "2020-1-01", "bunting": true}]}}"#.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: CalendarError.unreadableFile(path, reason: "event date '2020-1-01' in x is not yyyy-mm-dd")) { try BankHolidayFile(path: path) }
    }
}
