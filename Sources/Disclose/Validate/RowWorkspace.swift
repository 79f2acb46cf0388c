/// One row while the validate stage builds its fixed form, one field at a time in column order: a
/// field's fixes read the input's bytes where they lie (no copy) and write a changed value into one
/// of two scratch buffers in turn, so a fix never writes over its own input; the field's final
/// value is then appended to the row, which goes out in one piece. `deallocate` frees it.
struct RowWorkspace {
    /// The row built so far, and its field bounds (`columnCount + 1`).
    private var row: UnsafeMutableRawPointer
    private var rowCapacity: Int
    private let bounds: UnsafeMutableBufferPointer<Int>
    private var appended = 0
    private var scratch: (UnsafeMutableRawPointer, UnsafeMutableRawPointer)
    private var scratchCapacity: (Int, Int)
    /// The scratch buffer the next written value goes to (the other may hold the current value).
    private var nextScratch = 0
    let columnCount: Int

    init(columnCount: Int) {
        self.columnCount = columnCount
        rowCapacity = 4096
        row = .allocate(byteCount: rowCapacity, alignment: 16)
        bounds = .allocate(capacity: columnCount + 1)
        bounds[0] = 0
        scratchCapacity = (256, 256)
        scratch = (.allocate(byteCount: 256, alignment: 16), .allocate(byteCount: 256, alignment: 16))
    }

    func deallocate() {
        row.deallocate()
        bounds.deallocate()
        scratch.0.deallocate()
        scratch.1.deallocate()
    }

    /// Starts a new row.
    @inline(__always)
    mutating func beginRow() {
        appended = 0
    }

    /// `value` after one fix (`synonyms`, unretained, for the synonyms fix), which writes at most
    /// `room` bytes; nil when the fix leaves it as it is. The result is valid until the next fix
    /// after this one.
    @inline(__always)
    mutating func fix(_ value: UnsafeRawBufferPointer, _ kind: ValidationRules.Fix.Kind,
                      synonyms: Unmanaged<ValidationRules.SynonymTable>?, room: Int) -> UnsafeRawBufferPointer? {
        let target = nextScratch
        let output = UnsafeMutableRawBufferPointer(start: scratchBuffer(target, room: room), count: room)
        let result = kind == .synonyms
            ? synonyms?._withUnsafeGuaranteedRef { FieldFixes.synonym(value, $0, output) } ?? .unchanged
            : FieldFixes.apply(kind, synonyms: nil, to: value, output: output)
        switch result {
        case .unchanged:
            return nil
        case let .part(range):
            return UnsafeRawBufferPointer(rebasing: value[range])
        case let .written(count):
            nextScratch = 1 - target
            return UnsafeRawBufferPointer(start: output.baseAddress, count: count)
        }
    }

    /// Scratch buffer `index` with room for `room` bytes (grown, not copied: it holds nothing needed).
    @inline(__always)
    private mutating func scratchBuffer(_ index: Int, room: Int) -> UnsafeMutableRawPointer {
        index == 0 ? Self.reserve(&scratch.0, &scratchCapacity.0, room: room) : Self.reserve(&scratch.1, &scratchCapacity.1, room: room)
    }

    /// `buffer` with room for `room` bytes, reallocated (not copied) when it is too small.
    @inline(__always)
    private static func reserve(_ buffer: inout UnsafeMutableRawPointer, _ capacity: inout Int, room: Int) -> UnsafeMutableRawPointer {
        if room > capacity {
            buffer.deallocate()
            capacity = max(room, capacity * 2)
            buffer = .allocate(byteCount: capacity, alignment: 16)
        }
        return buffer
    }

    /// Appends the next field's final value to the row.
    @inline(__always)
    mutating func append(_ value: UnsafeRawBufferPointer) {
        let start = bounds[appended]
        if start + value.count > rowCapacity {
            rowCapacity = max(rowCapacity * 2, start + value.count)
            let grown = UnsafeMutableRawPointer.allocate(byteCount: rowCapacity, alignment: 16)
            if start > 0 { grown.copyMemory(from: row, byteCount: start) }
            row.deallocate()
            row = grown
        }
        if value.count > 0 { (row + start).copyMemory(from: value.baseAddress!, byteCount: value.count) }
        appended += 1
        bounds[appended] = start + value.count
    }

    /// The bytes of a field of the row, once every field has been appended.
    @inline(__always)
    func value(_ column: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: row + bounds[column], count: bounds[column + 1] - bounds[column])
    }

    /// Calls `body` with the row and its field bounds (`columnCount + 1`).
    func withRow(_ body: (UnsafeRawBufferPointer, UnsafeBufferPointer<Int>) -> Void) {
        precondition(appended == columnCount, "a row written with \(appended) of \(columnCount) fields")
        body(UnsafeRawBufferPointer(start: row, count: bounds[columnCount]), UnsafeBufferPointer(bounds))
    }
}
