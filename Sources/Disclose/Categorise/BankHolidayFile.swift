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
        let divisions: [(name: String, dates: [String])]
        do {
            divisions = try Self.divisions(JSONValue.parse(Array(data)))
        } catch {
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

    /// Each division's name and its events' dates as written; every division must have a
    /// `division` string and `events`, each event a `title` and a `date` string (other members are
    /// ignored). A name given twice keeps its first value, as JSONDecoder kept it.
    private static func divisions(_ root: JSONValue) throws(JSONValue.Malformed) -> [(name: String, dates: [String])] {
        guard case let .object(members) = root else { throw JSONValue.Malformed() }
        var found: [String: [String]] = [:]
        for (name, value) in members {
            guard case let .object(division) = value, case .string? = division.first(named: "division"),
                  case let .array(events)? = division.first(named: "events") else { throw JSONValue.Malformed() }
            if found[name] != nil { continue }
            found[name] = try events.map { (event) throws(JSONValue.Malformed) -> String in
                guard case let .object(fields) = event, case .string? = fields.first(named: "title"),
                      case let .string(date)? = fields.first(named: "date") else { throw JSONValue.Malformed() }
                return date
            }
        }
        return found.map { ($0.key, $0.value) }
    }
}

/// A JSON document (RFC 8259) read from its bytes. Written by hand for the bank-holiday file:
/// Foundation's `JSONDecoder` took about 2 ms to start and decode it, most of what a categorise
/// run spends before its first row; this reads it in a tenth of a millisecond. Numbers, `true`,
/// `false` and `null` are checked but not kept (the file's members that hold them are not read).
enum JSONValue {
    case object([(name: String, value: JSONValue)])
    case array([JSONValue])
    case string(String)
    case other

    struct Malformed: Error {}

    static func parse(_ bytes: [UInt8]) throws(Malformed) -> JSONValue {
        var reader = Reader(bytes: bytes)
        // A UTF-8 byte order mark is allowed before the text.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.at = 3 }
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.at == bytes.count else { throw Malformed() }
        return value
    }

    private struct Reader {
        let bytes: [UInt8]
        var at = 0

        /// As deep as `JSONDecoder` reads.
        private static let deepest = 512

        mutating func skipSpace() {
            while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x0A || bytes[at] == 0x0D || bytes[at] == 0x09 { at += 1 }
        }

        private mutating func next() throws(Malformed) -> UInt8 {
            guard at < bytes.count else { throw Malformed() }
            defer { at += 1 }
            return bytes[at]
        }

        private mutating func take(_ byte: UInt8) -> Bool {
            skipSpace()
            guard at < bytes.count, bytes[at] == byte else { return false }
            at += 1
            return true
        }

        mutating func value(depth: Int) throws(Malformed) -> JSONValue {
            guard depth < Self.deepest else { throw Malformed() }
            skipSpace()
            switch try next() {
            case UInt8(ascii: "{"):
                var members: [(name: String, value: JSONValue)] = []
                if take(UInt8(ascii: "}")) { return .object(members) }
                repeat {
                    // A comma before the closing brace is read, as JSONDecoder reads it.
                    if take(UInt8(ascii: "}")) { return .object(members) }
                    skipSpace()
                    guard try next() == UInt8(ascii: "\"") else { throw Malformed() }
                    let name = try string()
                    guard take(UInt8(ascii: ":")) else { throw Malformed() }
                    members.append((name, try value(depth: depth + 1)))
                } while take(UInt8(ascii: ","))
                guard take(UInt8(ascii: "}")) else { throw Malformed() }
                return .object(members)
            case UInt8(ascii: "["):
                var elements: [JSONValue] = []
                if take(UInt8(ascii: "]")) { return .array(elements) }
                repeat {
                    if take(UInt8(ascii: "]")) { return .array(elements) }
                    elements.append(try value(depth: depth + 1))
                } while take(UInt8(ascii: ","))
                guard take(UInt8(ascii: "]")) else { throw Malformed() }
                return .array(elements)
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "t"): try literal("rue")
            case UInt8(ascii: "f"): try literal("alse")
            case UInt8(ascii: "n"): try literal("ull")
            case let byte:
                at -= 1
                guard byte == UInt8(ascii: "-") || (0x30...0x39).contains(byte) else { throw Malformed() }
                try number()
            }
            return .other
        }

        private mutating func literal(_ rest: StaticString) throws(Malformed) {
            for index in 0..<rest.utf8CodeUnitCount where try next() != rest.utf8Start[index] { throw Malformed() }
        }

        /// `-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`
        private mutating func number() throws(Malformed) {
            func digits(_ reader: inout Reader) throws(Malformed) -> Int {
                let start = reader.at
                while reader.at < reader.bytes.count, (0x30...0x39).contains(reader.bytes[reader.at]) { reader.at += 1 }
                guard reader.at > start else { throw Malformed() }
                return reader.at - start
            }
            if bytes[at] == UInt8(ascii: "-") { at += 1 }
            let first = at < bytes.count ? bytes[at] : 0
            if try digits(&self) > 1 && first == UInt8(ascii: "0") { throw Malformed() }
            if at < bytes.count, bytes[at] == UInt8(ascii: ".") {
                at += 1
                _ = try digits(&self)
            }
            if at < bytes.count, bytes[at] == UInt8(ascii: "e") || bytes[at] == UInt8(ascii: "E") {
                at += 1
                if at < bytes.count, bytes[at] == UInt8(ascii: "+") || bytes[at] == UInt8(ascii: "-") { at += 1 }
                _ = try digits(&self)
            }
        }

        /// A string's characters after its opening quote, through its closing quote.
        private mutating func string() throws(Malformed) -> String {
            var text: [UInt8] = []
            while true {
                let byte = try next()
                switch byte {
                case UInt8(ascii: "\""):
                    guard text.withUnsafeBytes({ UTF8Validation.firstInvalidByte(in: $0) }) == nil else { throw Malformed() }
                    return String(decoding: text, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    let escaped = try next()
                    switch escaped {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escaped)
                    case UInt8(ascii: "b"): text.append(0x08)
                    case UInt8(ascii: "f"): text.append(0x0C)
                    case UInt8(ascii: "n"): text.append(0x0A)
                    case UInt8(ascii: "r"): text.append(0x0D)
                    case UInt8(ascii: "t"): text.append(0x09)
                    case UInt8(ascii: "u"):
                        var scalar = try hexUnit()
                        if (0xD800...0xDBFF).contains(scalar) {
                            // A high surrogate must be followed by an escaped low one.
                            guard try next() == UInt8(ascii: "\\"), try next() == UInt8(ascii: "u") else { throw Malformed() }
                            let low = try hexUnit()
                            guard (0xDC00...0xDFFF).contains(low) else { throw Malformed() }
                            scalar = 0x10000 + (scalar - 0xD800) << 10 + (low - 0xDC00)
                        }
                        guard let character = Unicode.Scalar(scalar) else { throw Malformed() }
                        text.append(contentsOf: UTF8.encode(character)!)
                    default:
                        throw Malformed()
                    }
                case 0..<0x20:
                    throw Malformed()
                default:
                    text.append(byte)
                }
            }
        }

        private mutating func hexUnit() throws(Malformed) -> UInt32 {
            var unit: UInt32 = 0
            for _ in 0..<4 {
                let byte = try next()
                let digit: UInt8
                switch byte {
                case 0x30...0x39: digit = byte - 0x30
                case 0x41...0x46: digit = byte - 0x41 + 10
                case 0x61...0x66: digit = byte - 0x61 + 10
                default: throw Malformed()
                }
                unit = unit << 4 | UInt32(digit)
            }
            return unit
        }
    }
}

extension [(name: String, value: JSONValue)] {
    /// The value of the first member called `name` (as JSONDecoder keeps it).
    fileprivate func first(named name: String) -> JSONValue? {
        first { $0.name == name }?.value
    }
}
