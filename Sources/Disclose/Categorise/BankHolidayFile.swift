import Foundation

/// A file in GOV.UK's `bank-holidays.json` format: per division, a list of events with a date.
/// It covers every whole year from its first event's year to its last event's year.
public struct BankHolidayFile: Sendable {
    public let dates: [String: [CivilDate]]
    public let coverage: ClosedRange<CivilDate>

    public init(path: String) throws(CalendarError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadableFile(path, reason: "cannot read it")
        }
        guard let document = Self.document(Array(data)), let divisions = Self.divisions(document) else {
            throw .unreadableFile(path, reason: "expected {division: {division, events: [{title, date}]}}")
        }
        var dates: [String: [CivilDate]] = [:]
        for (name, texts) in divisions {
            var parsed: [CivilDate] = []
            for text in texts {
                guard let date = CivilDate(iso: text) else {
                    throw .unreadableFile(path, reason: "event date '\(text)' in \(name) is not yyyy-mm-dd")
                }
                parsed.append(date)
            }
            dates[name] = parsed.sorted()
        }
        let all = dates.values.flatMap { $0 }
        guard let first = all.min(), let last = all.max() else { throw .unreadableFile(path, reason: "no events") }
        self.dates = dates
        coverage = CivilDate(year: first.year, month: 1, day: 1)!...CivilDate(year: last.year, month: 12, day: 31)!
    }

    /// The file's JSON, read as JSONDecoder read it: UTF-8, a byte order mark allowed, commas
    /// before a closing brace or bracket allowed; nil when it is not JSON.
    static func document(_ bytes: [UInt8]) -> JSONValue? {
        var bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard bytes.withUnsafeBytes({ UTF8Validation.firstInvalidByte(in: $0) }) == nil else { return nil }
        var reader = JSONReader(bytes: bytes)
        return try? reader.document(trailingCommas: true)
    }

    /// Each division's name and its events' dates as written; every division must have a
    /// `division` string and `events`, each event a `title` and a `date` string (other members are
    /// ignored). A name given twice keeps its first value, as JSONDecoder kept it.
    private static func divisions(_ root: JSONValue) -> [(name: String, dates: [String])]? {
        guard case let .object(members) = root else { return nil }
        var found: [String: [String]] = [:]
        for (name, value) in members {
            guard case let .object(division) = value, case .string? = division.first(named: "division"),
                  case let .array(events)? = division.first(named: "events") else { return nil }
            var dates: [String] = []
            for event in events {
                guard case let .object(fields) = event, case .string? = fields.first(named: "title"),
                      case let .string(date)? = fields.first(named: "date") else { return nil }
                dates.append(date)
            }
            if found[name] == nil { found[name] = dates }
        }
        return found.map { ($0.key, $0.value) }
    }
}

extension [(name: String, value: JSONValue)] {
    /// The value of the first member called `name` (as JSONDecoder keeps it).
    fileprivate func first(named name: String) -> JSONValue? {
        first { $0.name == name }?.value
    }
}
