/// What the validate stage made of the short fields one column has met in a batch: a field equal
/// to one seen before (a directorate, a service area, a date, a yes/no, an empty field) takes its
/// fixed value, the fixes that fired and what its check found, instead of being fixed and checked
/// again. Fixes and checks depend on nothing but the value, so the results are the same either way.
/// Direct-mapped, 64 slots, a later field taking an earlier one's slot; the fixed values it points
/// at live as long as the batch. One per batch being checked, reset before each column.
/// `deallocate` frees it.
struct ColumnMemo {
    /// The longest field remembered: longer ones (free text) rarely repeat, and a directorate's
    /// name may run to 40 bytes. A column whose fields do not repeat stops asking (`checkColumn`).
    static let longest = 48
    private static let slotCount = 64

    struct Entry {
        /// The field as read (in the batch's input).
        var field: UnsafeRawBufferPointer
        var value: FixedField
        var fired: UInt64
        var checked: FieldCheck.Checked
    }

    private let entries: UnsafeMutablePointer<Entry>
    private let used: UnsafeMutablePointer<Bool>

    init() {
        entries = .allocate(capacity: Self.slotCount)
        used = .allocate(capacity: Self.slotCount)
        used.initialize(repeating: false, count: Self.slotCount)
    }

    func deallocate() {
        entries.deallocate()
        used.deallocate()
    }

    /// Forgets every field (before the next column).
    func reset() {
        used.update(repeating: false, count: Self.slotCount)
    }

    /// The slot `field` (at most `longest` bytes) belongs in.
    @inline(__always)
    func slot(for field: UnsafeRawBufferPointer) -> Int {
        ShortBytesKey(field).home(Self.slotCount - 1)
    }

    /// What was made of `field`, when slot `slot` holds it.
    @inline(__always)
    func recall(_ slot: Int, _ field: UnsafeRawBufferPointer) -> UnsafePointer<Entry>? {
        used[slot] && entries[slot].field.equals(field) ? UnsafePointer(entries + slot) : nil
    }

    @inline(__always)
    func remember(_ slot: Int, _ entry: Entry) {
        if used[slot] { entries[slot] = entry } else { (entries + slot).initialize(to: entry) }
        used[slot] = true
    }
}
