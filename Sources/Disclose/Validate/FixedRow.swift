/// A field after the validate stage's fixes: where its bytes lie (in the batch's input, or in the
/// batch's fix arena) and, for a column of ISO dates, the day number its check read, so that the
/// rules over several fields do not read the date again.
struct FixedField {
    /// `day` when the check read no day number: a rule reads the value itself.
    static let noDay = Int32.min

    private let start: UnsafeRawPointer?
    private let count: UInt32
    let day: Int32

    @inline(__always)
    init(_ value: UnsafeRawBufferPointer, day: Int32 = FixedField.noDay) {
        // A field is held in one batch in memory; one of 4 GiB stops the run rather than being cut short.
        precondition(value.count <= Int(UInt32.max), "a field longer than 4 GiB")
        start = value.baseAddress
        count = UInt32(truncatingIfNeeded: value.count)
        self.day = day
    }

    @inline(__always)
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: start, count: Int(count)) }
}

/// One row after the fixes, as the rules over several fields read it: its field of column `c` at
/// `fields[c * stride]` (a batch's fixed fields lie column by column).
struct FixedRow {
    let fields: UnsafePointer<FixedField>
    let stride: Int

    @inline(__always)
    func value(_ position: Int) -> UnsafeRawBufferPointer { fields[position * stride].bytes }

    /// The field's date as a day number: the one its check read, else read here in any layout the
    /// date parser knows (nil: empty or not a date).
    @inline(__always)
    func dayNumber(_ position: Int) -> Int? {
        let day = fields[position * stride].day
        if day != FixedField.noDay { return Int(day) }
        // An empty field, the usual one of a stage the case did not reach, is no date.
        let bytes = value(position)
        return bytes.isEmpty ? nil : UKDateParser.dayNumber(bytes: bytes.trimmingSpaces)
    }
}
