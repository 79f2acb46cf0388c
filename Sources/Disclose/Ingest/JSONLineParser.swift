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
        var reader = JSONReader(bytes: Array(line))
        do {
            return .success(try reader.flatObject())
        } catch {
            return .failure(error)
        }
    }
}

extension JSONReader {
    /// The line as one flat object: its members in order, nested values reported as nil.
    mutating func flatObject() throws(JSONLineProblem) -> [JSONLineParser.Member] {
        skipSpace()
        guard peek() == UInt8(ascii: "{") else { throw .init(rule: "jsonl.not_object", column: "", reason: "the line is not a JSON object") }
        index += 1
        var members: [JSONLineParser.Member] = []
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
                members.append(JSONLineParser.Member(key: key, value: try scalarOrSkippedValue()))
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
}
