import CPCRE2
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A regular expression compiled once by PCRE2 (UTF mode, JIT where available) and shared by every
/// thread. Matching works on UTF-8 bytes; each thread gets its own match data, so one pattern can be
/// used from many workers at once. This is the project's one regex engine.
public final class PCRE2Pattern: Sendable {
    /// The pattern as written.
    public let source: String
    /// Named groups and their group numbers.
    public let groupNames: [String: Int]
    /// Number of capturing groups (not counting the whole match).
    public let captureCount: Int

    // The compiled code is immutable after init and PCRE2 documents it as safe to share between
    // threads; Swift cannot see that through an OpaquePointer, hence nonisolated(unsafe).
    private nonisolated(unsafe) let code: OpaquePointer
    let usesJIT: Bool
    private let identifier: Int

    /// Compiles `pattern`. A pattern PCRE2 rejects throws `RegexError` with PCRE2's message and the
    /// offset (in characters) where it stopped.
    public init(_ pattern: String, caseInsensitive: Bool = false) throws(RegexError) {
        var options = UInt32(PCRE2_UTF | PCRE2_UCP)
        if caseInsensitive { options |= UInt32(PCRE2_CASELESS) }
        var errorCode: Int32 = 0
        var errorOffset = 0
        let compiled: OpaquePointer? = pattern.utf8CString.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: UInt8.self, capacity: buffer.count) { bytes in
                pcre2_compile_8(bytes, buffer.count - 1, options, &errorCode, &errorOffset, nil)
            }
        }
        guard let compiled else {
            throw RegexError(pattern: pattern, message: Self.message(for: errorCode), offset: errorOffset)
        }
        code = compiled
        source = pattern
        usesJIT = pcre2_jit_compile_8(compiled, UInt32(PCRE2_JIT_COMPLETE)) == 0
        identifier = patternCounter.add(1, ordering: .relaxed).newValue

        var captures: UInt32 = 0
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_CAPTURECOUNT), &captures)
        captureCount = Int(captures)
        groupNames = Self.readNameTable(compiled)
    }

    deinit {
        pcre2_code_free_8(code)
    }

    /// Calls `body` with each match in `subject`, left to right: non-overlapping, or with
    /// `overlapping`, one match starting at each character where one starts. `subject` must be
    /// valid UTF-8 (ingest guarantees this for every field). Return `false` from `body` to stop.
    /// A match that PCRE2 could not complete (a resource limit) throws: callers fail closed.
    public func forEachMatch(
        in subject: UnsafeRawBufferPointer,
        overlapping: Bool = false,
        _ body: (PCRE2Match) -> Bool
    ) throws(RegexMatchError) {
        let matchData = MatchDataCache.current.matchData(for: identifier, code: code)
        let base = subject.baseAddress?.assumingMemoryBound(to: UInt8.self)
            ?? UnsafePointer<UInt8>(bitPattern: 1)!  // PCRE2 wants a non-null pointer even for an empty subject
        let length = subject.count
        var start = 0
        while start <= length {
            let result: Int32
            if usesJIT {
                result = pcre2_jit_match_8(code, base, length, start, 0, matchData, nil)
            } else {
                result = pcre2_match_8(code, base, length, start, UInt32(PCRE2_NO_UTF_CHECK), matchData, nil)
            }
            if result == PCRE2_ERROR_NOMATCH { return }
            if result < 0 { throw RegexMatchError(pattern: source, message: Self.message(for: result)) }
            let ovector = pcre2_get_ovector_pointer_8(matchData)!
            let match = PCRE2Match(ovector: ovector, groupCount: captureCount + 1, names: groupNames)
            guard body(match) else { return }
            let end = overlapping ? match.range.lowerBound : match.range.upperBound
            if match.range.isEmpty || overlapping {
                // An empty match: step over one whole UTF-8 character so the next try starts after it.
                start = end + (end < length ? utf8SequenceLength(base[end]) : 1)
            } else {
                start = end
            }
        }
    }

    /// All matches in `bytes`, as byte ranges of the whole match.
    public func matchRanges(in bytes: [UInt8]) throws(RegexMatchError) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var failure: RegexMatchError?
        bytes.withUnsafeBytes { raw in
            do throws(RegexMatchError) {
                try forEachMatch(in: raw) { match in
                    ranges.append(match.range)
                    return true
                }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return ranges
    }

    /// Whether the pattern matches anywhere in `text`.
    public func matches(_ text: String) throws(RegexMatchError) -> Bool {
        try !matchRanges(in: Array(text.utf8)).isEmpty
    }

    private static func message(for errorCode: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = pcre2_get_error_message_8(errorCode, &buffer, buffer.count)
        guard length > 0 else { return "PCRE2 error \(errorCode)" }
        return String(decoding: buffer[0..<Int(length)], as: UTF8.self)
    }

    private static func readNameTable(_ code: OpaquePointer) -> [String: Int] {
        var count: UInt32 = 0
        var entrySize: UInt32 = 0
        var table: UnsafePointer<UInt8>?
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMECOUNT), &count)
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMEENTRYSIZE), &entrySize)
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMETABLE), &table)
        guard count > 0, let table else { return [:] }
        var names: [String: Int] = [:]
        for entry in 0..<Int(count) {
            // Each entry: a big-endian 16-bit group number, then the NUL-terminated name.
            let row = table + entry * Int(entrySize)
            let group = Int(row[0]) << 8 | Int(row[1])
            let name = String(cString: row + 2)
            names[name] = group
        }
        return names
    }
}

/// One match: the whole match's byte range and each group's, valid only inside the callback.
public struct PCRE2Match {
    private let ovector: UnsafeMutablePointer<Int>
    private let groupCount: Int
    private let names: [String: Int]

    init(ovector: UnsafeMutablePointer<Int>, groupCount: Int, names: [String: Int]) {
        self.ovector = ovector
        self.groupCount = groupCount
        self.names = names
    }

    /// Byte range of the whole match.
    public var range: Range<Int> { ovector[0]..<ovector[1] }

    /// Byte range of group `number`, or nil if it did not take part in the match.
    public func range(ofGroup number: Int) -> Range<Int>? {
        guard number >= 0, number < groupCount else { return nil }
        let start = ovector[2 * number]
        guard start != -1 else { return nil }  // PCRE2_UNSET, ~(PCRE2_SIZE)0, reads as -1
        return start..<ovector[2 * number + 1]
    }

    /// Byte range of the named group, or nil if there is no such group or it did not take part.
    public func range(ofGroup name: String) -> Range<Int>? {
        names[name].flatMap { range(ofGroup: $0) }
    }
}

/// A pattern PCRE2 refused to compile.
public struct RegexError: Error, CustomStringConvertible, Equatable {
    public let pattern: String
    public let message: String
    /// Offset in the pattern (in characters) where PCRE2 stopped.
    public let offset: Int

    public var description: String { "bad regex at offset \(offset): \(message)" }
}

/// A match PCRE2 started but could not finish (for example a backtracking or depth limit).
public struct RegexMatchError: Error, CustomStringConvertible {
    public let pattern: String
    public let message: String

    public var description: String { "regex match failed: \(message)" }
}

/// Length of the UTF-8 sequence that starts with `lead` (1 for a stray continuation byte).
func utf8SequenceLength(_ lead: UInt8) -> Int {
    switch lead {
    case 0xF0...0xF7: return 4
    case 0xE0...0xEF: return 3
    case 0xC0...0xDF: return 2
    default: return 1
    }
}

private let patternCounter = Atomic<Int>(0)

/// Per-thread match data for every pattern that thread has used: match data cannot be shared
/// between threads, and creating it for each call would cost an allocation per field.
private final class MatchDataCache {
    /// Indexed by the pattern's identifier (patterns are numbered from 1 as they are compiled):
    /// an array, because this lookup happens for every match of every field.
    private var byPattern: [OpaquePointer?] = []

    func matchData(for identifier: Int, code: OpaquePointer) -> OpaquePointer {
        if identifier < byPattern.count, let existing = byPattern[identifier] { return existing }
        if identifier >= byPattern.count { byPattern += [OpaquePointer?](repeating: nil, count: identifier + 1 - byPattern.count) }
        let created = pcre2_match_data_create_from_pattern_8(code, nil)!
        byPattern[identifier] = created
        return created
    }

    deinit {
        for case let matchData? in byPattern { pcre2_match_data_free_8(matchData) }
    }

    static var current: MatchDataCache {
        if let raw = pthread_getspecific(matchDataKey) {
            return Unmanaged<MatchDataCache>.fromOpaque(raw).takeUnretainedValue()
        }
        let cache = MatchDataCache()
        pthread_setspecific(matchDataKey, Unmanaged.passRetained(cache).toOpaque())
        return cache
    }
}

private let matchDataKey: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key) { raw in
        guard let raw else { return }
        Unmanaged<MatchDataCache>.fromOpaque(raw).release()
    }
    return key
}()
