/// Reads JSON text (RFC 8259) from its bytes: the lexer that JSON Lines records and the
/// bank-holiday file share. Written by hand because Foundation's JSON readers lose key order (the
/// first JSON Lines record's keys are the dataset's column order) and take about 2 ms to start,
/// most of what a categorise run spent before its first row. A problem names a byte offset, never
/// a value from the text.
struct JSONReader {
    let bytes: [UInt8]
    var index = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// A whole document as a tree: one value, then nothing but space. `trailingCommas` also reads
    /// a comma before a closing brace or bracket, as `JSONDecoder` does.
    mutating func document(trailingCommas: Bool) throws(JSONLineProblem) -> JSONValue {
        let value = try tree(depth: 0, trailingCommas: trailingCommas)
        skipSpace()
        guard index == bytes.count else { throw .syntax("unexpected text after the value", at: index) }
        return value
    }

    /// As deep as `JSONDecoder` reads.
    private static let deepest = 512

    private mutating func tree(depth: Int, trailingCommas: Bool) throws(JSONLineProblem) -> JSONValue {
        guard depth < Self.deepest else { throw .syntax("nested too deeply", at: index) }
        skipSpace()
        switch peek() {
        case UInt8(ascii: "{"):
            index += 1
            var members: [(name: String, value: JSONValue)] = []
            while true {
                skipSpace()
                if peek() == UInt8(ascii: "}") && (members.isEmpty || trailingCommas) { index += 1; return .object(members) }
                guard peek() == UInt8(ascii: "\"") else { throw .syntax("expected a key", at: index) }
                let name = String(decoding: try string(), as: UTF8.self)
                skipSpace()
                guard peek() == UInt8(ascii: ":") else { throw .syntax("expected ':'", at: index) }
                index += 1
                members.append((name, try tree(depth: depth + 1, trailingCommas: trailingCommas)))
                skipSpace()
                if peek() == UInt8(ascii: ",") { index += 1; continue }
                guard peek() == UInt8(ascii: "}") else { throw .syntax("expected ',' or '}'", at: index) }
                index += 1
                return .object(members)
            }
        case UInt8(ascii: "["):
            index += 1
            var elements: [JSONValue] = []
            while true {
                skipSpace()
                if peek() == UInt8(ascii: "]") && (elements.isEmpty || trailingCommas) { index += 1; return .array(elements) }
                elements.append(try tree(depth: depth + 1, trailingCommas: trailingCommas))
                skipSpace()
                if peek() == UInt8(ascii: ",") { index += 1; continue }
                guard peek() == UInt8(ascii: "]") else { throw .syntax("expected ',' or ']'", at: index) }
                index += 1
                return .array(elements)
            }
        case UInt8(ascii: "\""):
            return .string(String(decoding: try string(), as: UTF8.self))
        default:
            _ = try scalarOrSkippedValue()
            return .other
        }
    }

    func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipSpace() {
        while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A { index += 1 }
    }

    mutating func scalarOrSkippedValue() throws(JSONLineProblem) -> [UInt8]? {
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

    mutating func literal(_ word: String) throws(JSONLineProblem) {
        let expected = Array(word.utf8)
        guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else {
            throw .syntax("invalid literal", at: index)
        }
        index += expected.count
    }

    mutating func number() throws(JSONLineProblem) -> [UInt8] {
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
    mutating func skipNested() throws(JSONLineProblem) {
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

    mutating func string() throws(JSONLineProblem) -> [UInt8] {
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

/// A JSON value as `JSONReader.document` reads it: objects keep their members in order (a name
/// given twice, twice); numbers, `true`, `false` and `null` are checked but not kept.
enum JSONValue {
    case object([(name: String, value: JSONValue)])
    case array([JSONValue])
    case string(String)
    case other
}
