/// One row's fields while the validate stage works on it: the row is copied in once, each fix that
/// changes a field writes the new value at the end of the same buffer (or narrows the field, for a
/// trim), and the fixed row is written out in column order in one piece. Pointers into it are
/// valid only until the next fix, which may move the buffer. `deallocate` frees it.
struct RowWorkspace {
    private var bytes: UnsafeMutableRawPointer
    private var capacity: Int
    private var used = 0
    private let starts: UnsafeMutablePointer<Int>
    private let ends: UnsafeMutablePointer<Int>
    /// The fixed row in column order, and its field bounds.
    private var ordered: UnsafeMutableRawPointer
    private var orderedCapacity: Int
    private let orderedBounds: UnsafeMutableBufferPointer<Int>
    let columnCount: Int
    /// Whether any fix changed a field of this row.
    private(set) var changed = false

    init(columnCount: Int) {
        self.columnCount = columnCount
        capacity = 4096
        orderedCapacity = 4096
        bytes = .allocate(byteCount: capacity, alignment: 16)
        ordered = .allocate(byteCount: orderedCapacity, alignment: 16)
        starts = .allocate(capacity: columnCount)
        ends = .allocate(capacity: columnCount)
        orderedBounds = .allocate(capacity: columnCount + 1)
    }

    func deallocate() {
        bytes.deallocate()
        ordered.deallocate()
        starts.deallocate()
        ends.deallocate()
        orderedBounds.deallocate()
    }

    /// Copies row `row` of `batch` in.
    mutating func load(row: Int, of batch: RecordBatch) {
        batch.withFieldStorage { storage, bounds in
            let first = row * columnCount
            let start = bounds[first], end = bounds[first + columnCount]
            used = 0
            reserve(end - start)
            if end > start { bytes.copyMemory(from: storage.baseAddress! + start, byteCount: end - start) }
            used = end - start
            for column in 0..<columnCount {
                starts[column] = bounds[first + column] - start
                ends[column] = bounds[first + column + 1] - start
            }
        }
        changed = false
    }

    /// The current bytes of a field.
    @inline(__always)
    func value(_ column: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: bytes + starts[column], count: ends[column] - starts[column])
    }

    /// Applies a fix to a field (`synonyms`, unretained, for the synonyms fix, with the length of
    /// its longest value); true if it changed it.
    mutating func apply(_ kind: ValidationRules.Fix.Kind, synonyms: Unmanaged<ValidationRules.SynonymTable>?, longestSynonym: Int,
                        to column: Int) -> Bool {
        let room = FieldFixes.outputCapacity(kind, inputCount: ends[column] - starts[column], longestSynonym: longestSynonym)
        if room > 0 { reserve(room) }
        let output = UnsafeMutableRawBufferPointer(start: bytes + used, count: room)
        let input = value(column)
        let result = kind == .synonyms
            ? synonyms?._withUnsafeGuaranteedRef { FieldFixes.synonym(input, $0, output) } ?? .unchanged
            : FieldFixes.apply(kind, synonyms: nil, to: input, output: output)
        switch result {
        case .unchanged:
            return false
        case let .part(range):
            ends[column] = starts[column] + range.upperBound
            starts[column] += range.lowerBound
        case let .written(count):
            starts[column] = used
            ends[column] = used + count
            used += count
        }
        changed = true
        return true
    }

    /// Calls `body` with the fixed row in column order and its field bounds (`columnCount + 1`).
    mutating func withOrderedRow(_ body: (UnsafeRawBufferPointer, UnsafeBufferPointer<Int>) -> Void) {
        var total = 0
        for column in 0..<columnCount { total += ends[column] - starts[column] }
        if total > orderedCapacity {
            ordered.deallocate()
            orderedCapacity = max(total, orderedCapacity * 2)
            ordered = .allocate(byteCount: orderedCapacity, alignment: 16)
        }
        var offset = 0
        orderedBounds[0] = 0
        for column in 0..<columnCount {
            let count = ends[column] - starts[column]
            if count > 0 { (ordered + offset).copyMemory(from: bytes + starts[column], byteCount: count) }
            offset += count
            orderedBounds[column + 1] = offset
        }
        body(UnsafeRawBufferPointer(start: ordered, count: offset), UnsafeBufferPointer(orderedBounds))
    }

    /// Room for `count` more bytes after `used`.
    private mutating func reserve(_ count: Int) {
        guard used + count > capacity else { return }
        capacity = max(capacity * 2, used + count)
        let grown = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        if used > 0 { grown.copyMemory(from: bytes, byteCount: used) }
        bytes.deallocate()
        bytes = grown
    }
}
