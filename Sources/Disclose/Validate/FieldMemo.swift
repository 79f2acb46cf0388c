import Foundation

/// The last short value of each column, as read and as fixed, with what fixing and checking it
/// found: a field equal to the one before it in its column (a directorate, a yes/no, an empty
/// stage 3 date) takes those results instead of being fixed and checked again. Fixes and checks
/// depend on nothing but the value, so the results are the same either way. `deallocate` frees it.
struct FieldMemo {
    /// The longest value (as read or as fixed) remembered.
    static let width = 32

    private let read: UnsafeMutableRawPointer
    private let fixed: UnsafeMutableRawPointer
    /// Per column: the lengths of the remembered values (-1: nothing remembered).
    private let readCount: UnsafeMutablePointer<Int>
    private let fixedCount: UnsafeMutablePointer<Int>
    /// Per column: which of the column's fixes changed the value (bit n: its n-th fix).
    private let fired: UnsafeMutablePointer<UInt64>
    private let checked: UnsafeMutablePointer<FieldCheck.Checked>

    init(columnCount: Int) {
        read = .allocate(byteCount: columnCount * Self.width, alignment: 16)
        fixed = .allocate(byteCount: columnCount * Self.width, alignment: 16)
        readCount = .allocate(capacity: columnCount)
        readCount.initialize(repeating: -1, count: columnCount)
        fixedCount = .allocate(capacity: columnCount)
        fixedCount.initialize(repeating: 0, count: columnCount)
        fired = .allocate(capacity: columnCount)
        fired.initialize(repeating: 0, count: columnCount)
        checked = .allocate(capacity: columnCount)
        checked.initialize(repeating: FieldCheck.Checked(), count: columnCount)
    }

    func deallocate() {
        read.deallocate()
        fixed.deallocate()
        readCount.deallocate()
        fixedCount.deallocate()
        fired.deallocate()
        checked.deallocate()
    }

    /// What column `column` made of `value` last time, if `value` is what it read last time.
    @inline(__always)
    func recall(_ column: Int, _ value: UnsafeRawBufferPointer) -> (fixed: UnsafeRawBufferPointer, fired: UInt64, checked: FieldCheck.Checked)? {
        guard readCount[column] == value.count,
              value.isEmpty || memcmp(read + column * Self.width, value.baseAddress!, value.count) == 0 else { return nil }
        return (UnsafeRawBufferPointer(start: fixed + column * Self.width, count: fixedCount[column]), fired[column], checked[column])
    }

    /// Remembers what column `column` made of `value` (when both are short enough).
    @inline(__always)
    func remember(_ column: Int, _ value: UnsafeRawBufferPointer, fixedTo result: UnsafeRawBufferPointer, fired: UInt64,
                  checked: FieldCheck.Checked) {
        guard value.count <= Self.width, result.count <= Self.width else {
            readCount[column] = -1
            return
        }
        if !value.isEmpty { (read + column * Self.width).copyMemory(from: value.baseAddress!, byteCount: value.count) }
        if !result.isEmpty { (fixed + column * Self.width).copyMemory(from: result.baseAddress!, byteCount: result.count) }
        readCount[column] = value.count
        fixedCount[column] = result.count
        self.fired[column] = fired
        self.checked[column] = checked
    }
}
