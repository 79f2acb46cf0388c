/// Receives what `CSVParser` finds, field by field and record by record.
protocol CSVRecordSink {
    /// Bytes of the field being read (called zero or more times per field).
    mutating func appendToField(_ bytes: UnsafeRawBufferPointer)
    /// The field being read is complete.
    mutating func endField()
    /// The record is complete; `blank` when the line held nothing at all (not even `""`).
    mutating func endRecord(blank: Bool)
    /// The input ended inside a quoted field: the field and record ends that follow are forced.
    mutating func inputEndedInsideQuotedField()
}

extension CSVRecordSink {
    mutating func inputEndedInsideQuotedField() {}
}

/// An RFC 4180 parser that reads exactly what Python's `csv` module reads for the same bytes
/// (its default dialect): a quote opens a quoted field only at the start of a field, `""` inside
/// one is a quote, CR LF, LF and a lone CR end a record, and a stray quote inside an unquoted field,
/// or text after a closing quote, is kept as written. It is written by hand because the hot path
/// must run on bytes without building a `String` per field, which the listed CSV packages do.
enum CSVParser {
    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let fieldEnd = ByteSearch(UInt8(ascii: ","), UInt8(ascii: "\n"), UInt8(ascii: "\r"))
    private static let quoteSearch = ByteSearch(UInt8(ascii: "\""))

    /// How the bytes ended.
    enum End: Equatable {
        /// After a complete record (or nothing).
        case complete
        /// Inside a quoted field that was never closed; the partial record was passed to the sink.
        case unclosedQuote
    }

    /// Parses `bytes`, which hold whole records (the last one may lack its line ending), into `sink`.
    static func parse<Sink: CSVRecordSink>(_ bytes: UnsafeRawBufferPointer, into sink: inout Sink) -> End {
        let count = bytes.count
        let fieldEnd = Self.fieldEnd, quoteSearch = Self.quoteSearch
        var index = 0
        while index < count {
            // At the start of a record.
            let first = bytes[index]
            if first == lineFeed || first == carriageReturn {
                index = skipLineEnding(bytes, at: index)
                sink.endRecord(blank: true)
                continue
            }
            // Read fields until the record ends.
            while true {
                var endedByComma = false
                if index < count && bytes[index] == quote {
                    index += 1
                    var closed = false
                    while index < count {
                        let runStart = index
                        index = quoteSearch.firstIndex(in: bytes, from: index, to: count)
                        if index > runStart { sink.appendToField(UnsafeRawBufferPointer(rebasing: bytes[runStart..<index])) }
                        if index == count { break }
                        // A quote: doubled means a literal quote, else the field's quoted part is over.
                        if index + 1 < count && bytes[index + 1] == quote {
                            sink.appendToField(UnsafeRawBufferPointer(rebasing: bytes[index..<index + 1]))
                            index += 2
                            continue
                        }
                        index += 1
                        closed = true
                        break
                    }
                    if !closed {
                        sink.inputEndedInsideQuotedField()
                        sink.endField()
                        sink.endRecord(blank: false)
                        return .unclosedQuote
                    }
                }
                // Unquoted text (or text after a closing quote): up to a comma or a line ending.
                let runStart = index
                index = fieldEnd.firstIndex(in: bytes, from: index, to: count)
                if index > runStart { sink.appendToField(UnsafeRawBufferPointer(rebasing: bytes[runStart..<index])) }
                sink.endField()
                if index < count && bytes[index] == comma {
                    index += 1
                    endedByComma = true
                }
                if !endedByComma { break }
            }
            if index < count { index = skipLineEnding(bytes, at: index) }
            sink.endRecord(blank: false)
        }
        return .complete
    }

    /// Index just past the line ending at `index` (CR LF, LF or CR).
    @inline(__always)
    private static func skipLineEnding(_ bytes: UnsafeRawBufferPointer, at index: Int) -> Int {
        if bytes[index] == carriageReturn && index + 1 < bytes.count && bytes[index + 1] == lineFeed {
            return index + 2
        }
        return index + 1
    }
}

/// Finds where records end without reading their fields, so that the reader can cut the input into
/// batches of whole records cheaply. It follows the same quoting rules as `CSVParser`, but stops
/// only at quotes and line ends, not at every comma: a quote opens a quoted field when the byte
/// before it is a comma of the unquoted text (or it starts a field), and is kept as written otherwise.
struct CSVRecordBoundaryScanner {
    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    private var state = State.fieldStart
    /// A CR ended a record just before the scanned part; a LF right after it belongs to it.
    private var pendingCarriageReturn = false

    private static let quoteOrLineEnd = ByteSearch(UInt8(ascii: "\""), UInt8(ascii: "\n"), UInt8(ascii: "\r"))
    private static let quoteSearch = ByteSearch(UInt8(ascii: "\""))

    /// Scans `bytes` from `start`, calling `recordEnded(offsetAfterRecord)` at each record end that
    /// is certain. A CR at the very end of `bytes` is only reported once the next byte is seen (or at
    /// `finish`), since a LF may follow it. `bytes` before `start` are the ones scanned before (the
    /// byte before a quote tells whether it opens a field).
    mutating func scan(_ bytes: UnsafeRawBufferPointer, from start: Int, recordEnded: (Int) -> Void) {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lineFeed = UInt8(ascii: "\n")
        let quoteOrLineEnd = Self.quoteOrLineEnd, quoteSearch = Self.quoteSearch
        let count = bytes.count
        var index = start
        if pendingCarriageReturn, index < count {
            pendingCarriageReturn = false
            if bytes[index] == lineFeed { index += 1 }
            recordEnded(index)
        }
        while index < count {
            switch state {
            case .quoted:
                index = quoteSearch.firstIndex(in: bytes, from: index, to: count)
                if index < count {
                    state = .quoteInQuoted
                    index += 1
                }
                continue
            case .quoteInQuoted:
                if bytes[index] == quote {
                    state = .quoted
                    index += 1
                    continue
                }
            case .fieldStart:
                if bytes[index] == quote {
                    state = .quoted
                    index += 1
                    continue
                }
            case .unquoted:
                break
            }
            // Unquoted text (commas and all): jump to the next quote or line end.
            let runStart = index
            index = quoteOrLineEnd.firstIndex(in: bytes, from: index, to: count)
            guard index < count else {
                state = .unquoted
                return
            }
            let byte = bytes[index]
            if byte == quote {
                // A comma of this unquoted text (or of the text scanned before, which ended unquoted)
                // just before it: the quote starts a field. Else it is kept as written.
                let opensField = index == 0 || bytes[index - 1] == comma && (index > runStart || state == .unquoted)
                state = opensField ? .quoted : .unquoted
                index += 1
                continue
            }
            index += 1
            state = .fieldStart
            if byte == lineFeed {
                recordEnded(index)
            } else if index < count {
                if bytes[index] == lineFeed { index += 1 }
                recordEnded(index)
            } else {
                pendingCarriageReturn = true
            }
        }
    }

    /// Whether the input so far ends inside a quoted field.
    var insideQuotedField: Bool { state == .quoted }

    /// At the end of the input: whether a CR was waiting to see if a LF followed it.
    mutating func finishPendingCarriageReturn() -> Bool {
        defer { pendingCarriageReturn = false }
        return pendingCarriageReturn
    }
}
