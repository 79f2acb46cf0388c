import Dispatch
import Synchronization
import Testing
@testable import Disclose

struct PCRE2PatternTests {
    @Test func findsEveryMatchAsByteRanges() throws {
        let pattern = try PCRE2Pattern(#"\b[A-Z]{1,2}[0-9][0-9A-Z]? ?[0-9][A-Z]{2}\b"#)
        let text = Array("Send to S60 2TH or to DN12 4AB, not S6O.".utf8)
        let ranges = try pattern.matchRanges(in: text)
        #expect(ranges.map { String(decoding: text[$0], as: UTF8.self) } == ["S60 2TH", "DN12 4AB"])
        #expect(pattern.usesJIT)
    }

    @Test func namedGroupsGiveTheirRanges() throws {
        let pattern = try PCRE2Pattern(#"(?<title>Mr|Mrs|Ms) (?<surname>\p{Lu}\p{Ll}+)"#)
        let text = Array("Letter to Mrs Wiśniewska today".utf8)
        #expect(pattern.groupNames == ["title": 1, "surname": 2])
        var found: [String] = []
        try text.withUnsafeBytes { bytes in
            try pattern.forEachMatch(in: bytes) { match in
                for name in ["title", "surname"] {
                    if let range = match.range(ofGroup: name) { found.append(String(decoding: text[range], as: UTF8.self)) }
                }
                return true
            }
        }
        #expect(found == ["Mrs", "Wiśniewska"])
    }

    @Test func caseInsensitiveAndUnicodeAware() throws {
        #expect(try PCRE2Pattern("zoë", caseInsensitive: true).matches("ZOË Smith"))
        #expect(try !PCRE2Pattern("zoë").matches("ZOË Smith"))
    }

    @Test func emptyMatchesStepOverWholeCharacters() throws {
        let text = Array("aé🙂".utf8)
        let ranges = try PCRE2Pattern("x*").matchRanges(in: text)
        #expect(ranges == [0..<0, 1..<1, 3..<3, 7..<7])
    }

    @Test(arguments: [("(unclosed", 9), ("a{2,1}", 5), ("[z-a]", 3), ("(?<n>a)(?<n>b)", 12)])
    func aBadPatternReportsPCRE2sMessageAndOffset(pattern: String, offset: Int) {
        #expect {
            _ = try PCRE2Pattern(pattern)
        } throws: { error in
            guard let error = error as? RegexError else { return false }
            return error.offset == offset && error.description.hasPrefix("bad regex at offset \(offset): ") && !error.message.isEmpty
        }
    }

    @Test func oneCompiledPatternServesManyThreadsAtOnce() throws {
        let pattern = try PCRE2Pattern(#"\d{5} \d{6}"#)
        let text = Array(String(repeating: "call 07700 900123 now; ", count: 200).utf8)
        let counts = Mutex([Int](repeating: 0, count: 16))
        DispatchQueue.concurrentPerform(iterations: 16) { index in
            let found = (try? pattern.matchRanges(in: text).count) ?? -1
            counts.withLock { $0[index] = found }
        }
        #expect(counts.withLock { $0 } == Array(repeating: 200, count: 16))
    }
}

extension PCRE2PatternTests {
    @Test func overlappingMatchesStartAtEveryCharacterWhereOneStarts() throws {
        let text = Array("were not consulted".utf8)
        var found: [String] = []
        try text.withUnsafeBytes { bytes in
            try PCRE2Pattern(#"\bwere not\b|\bnot consulted\b"#).forEachMatch(in: bytes, overlapping: true) { match in
                found.append(String(decoding: text[match.range], as: UTF8.self))
                return true
            }
        }
        #expect(found == ["were not", "not consulted"])
    }
}
