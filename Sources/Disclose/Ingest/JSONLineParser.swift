/// Why a JSON Lines record was set aside. Never holds a value from the line.
struct JSONLineProblem: Error {
    let rule: String
    let column: String
    let reason: String

    static func syntax(_ reason: String, at offset: Int) -> JSONLineProblem {
        JSONLineProblem(rule: "jsonl.syntax", column: "", reason: "\(reason) at byte \(offset + 1) of the line")
    }
}

/// Parses one line of JSON Lines as a flat object, keeping the keys in the order written.
/// Written by hand because Foundation's JSON readers lose key order, and the column order of the
/// first line is the dataset's column order. Strings are unescaped; numbers keep their text;
/// `true`/`false` become those words; `null` is empty; nested values are reported by key.
enum JSONLineParser {
    struct Member {
        let key: String
        /// The value's text, or nil for a nested object or array.
        let value: [UInt8]?
    }

    static func isBlank(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }

    static func parseObject(_ line: some Collection<UInt8>) -> Result<[Member], JSONLineProblem> {
        var reader = Reader(bytes: Array(line))
        do {
            return .success(try reader.object())
        } catch {
            return .failure(error)
        }
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        mutating func object() throws(JSONLineProblem) -> [Member] {
            skipSpace()
            guard peek() == UInt8(ascii: "{") else { throw .init(rule: "jsonl.not_object", column: "", reason: "the line is not a JSON object") }
            index += 1
            var members: [Member] = []
            skipSpace()
            if peek() == UInt8(ascii: "}") {
                index += 1
            } else {
                while true {
                    skipSpace()
                    guard peek() == UInt8(ascii: "\"") else { throw .syntax("expected a key", at: index) }
                    let key = String(decoding: try string(), as: UTF8.self)
                    skipSpace()
                    guard peek() == UInt8(ascii: ":") else { throw .syntax("expected ':'", at: index) }
                    index += 1
                    skipSpace()
                    members.append(Member(key: key, value: try value()))
                    skipSpace()
                    if peek() == UInt8(ascii: ",") { index += 1; continue }
                    if peek() == UInt8(ascii: "}") { index += 1; break }
                    throw .syntax("expected ',' or '}'", at: index)
                }
            }
            skipSpace()
            guard index == bytes.count else { throw .syntax("unexpected text after the object", at: index) }
            return members
        }

        private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

        private mutating func skipSpace() {
            while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A { index += 1 }
        }

        private mutating func value() throws(JSONLineProblem) -> [UInt8]? {
            switch peek() {
            case UInt8(ascii: "\""):
                return try string()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                try skipNested()
                return nil
            case UInt8(ascii: "t"):
                try literal("true")
                return Array("true".utf8)
            case UInt8(ascii: "f"):
                try literal("false")
                return Array("false".utf8)
            case UInt8(ascii: "n"):
                try literal("null")
                return []
            default:
                return try number()
            }
        }

        private mutating func literal(_ word: String) throws(JSONLineProblem) {
            let expected = Array(word.utf8)
            guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else {
                throw .syntax("invalid literal", at: index)
            }
            index += expected.count
        }

        private mutating func number() throws(JSONLineProblem) -> [UInt8] {
            let start = index
            if peek() == UInt8(ascii: "-") { index += 1 }
            let digitsStart = index
            while let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { index += 1 }
            guard index > digitsStart else { throw .syntax("expected a value", at: start) }
            if bytes[digitsStart] == UInt8(ascii: "0") && index - digitsStart > 1 { throw .syntax("leading zero in a number", at: digitsStart) }
            if peek() == UInt8(ascii: ".") {
                index += 1
                let fractionStart = index
                while let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { index += 1 }
                guard index > fractionStart else { throw .syntax("expected digits after '.'", at: index) }
            }
            if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
                index += 1
                if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
                let exponentStart = index
                while let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { index += 1 }
                guard index > exponentStart else { throw .syntax("expected digits in the exponent", at: index) }
            }
            return Array(bytes[start..<index])
        }

        /// Skips a nested object or array, minding strings, so that the line can still be checked.
        private mutating func skipNested() throws(JSONLineProblem) {
            var depth = 0
            while let byte = peek() {
                switch byte {
                case UInt8(ascii: "\""): _ = try string(); continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
                default: break
                }
                index += 1
                if depth == 0 { return }
            }
            throw .syntax("unclosed object or array", at: index)
        }

        private mutating func string() throws(JSONLineProblem) -> [UInt8] {
            let start = index
            index += 1
            var out: [UInt8] = []
            while let byte = peek() {
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return out
                case UInt8(ascii: "\\"):
                    guard let escape = peek() else { break }
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"): out.append(contentsOf: try unicodeEscape())
                    default: throw .syntax("invalid escape", at: index - 2)
                    }
                case 0x00..<0x20:
                    throw .syntax("control character in a string", at: index - 1)
                default:
                    out.append(byte)
                }
            }
            throw .syntax("unclosed string", at: start)
        }

        private mutating func hex4() throws(JSONLineProblem) -> UInt32 {
            guard index + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else {
                throw .syntax("invalid \\u escape", at: index)
            }
            index += 4
            return value
        }

        private mutating func unicodeEscape() throws(JSONLineProblem) -> [UInt8] {
            let start = index - 2
            var scalar = try hex4()
            if (0xD800...0xDBFF).contains(scalar) {
                guard index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw .syntax("unpaired surrogate in \\u escape", at: start)
                }
                index += 2
                let low = try hex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw .syntax("unpaired surrogate in \\u escape", at: start) }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw .syntax("unpaired surrogate in \\u escape", at: start) }
            return Array(String(Character(unicode)).utf8)
        }
    }
}
