/// A short list of values (an enum column's allowed values, category or procedure names) in a
/// small open-addressing table, for hot paths: a field of up to 24 bytes is found by comparing its
/// length and three words, in the slot its first word hashes to, not by comparing it with each
/// value in turn. Written by hand: a `Dictionary` keyed by bytes would allocate and hash with
/// SipHash per field. It holds no reference, so the hot path copies it for free; read-only after
/// `init`, freed by its owner (`deallocate`).
struct EnumValueTable: @unchecked Sendable {
    private struct Entry {
        var key = ShortBytesKey()
        /// The value's place in the enum; -1: an empty slot.
        var index = -1
        /// A value longer than 24 bytes: its bytes (in `longValues`), for memcmp.
        var long: UnsafeRawBufferPointer?
    }

    /// A power of two of slots, at least four times the values.
    private let entries: UnsafeMutableBufferPointer<Entry>
    /// The bytes of the values longer than 24 bytes, one after another.
    private let longValues: UnsafeMutableRawBufferPointer

    init(_ values: [[UInt8]]) {
        var size = 4
        while size < values.count * 4 { size *= 2 }
        entries = .allocate(capacity: size)
        entries.initialize(repeating: Entry())
        longValues = .allocate(byteCount: values.filter { $0.count > 24 }.reduce(0) { $0 + $1.count }, alignment: 1)
        var longOffset = 0
        for (index, value) in values.enumerated() {
            var entry = Entry(index: index)
            value.withUnsafeBytes { bytes in
                entry.key = ShortBytesKey(bytes)
                if bytes.count > 24 {
                    let copy = UnsafeMutableRawBufferPointer(rebasing: longValues[longOffset..<(longOffset + bytes.count)])
                    copy.copyMemory(from: bytes)
                    longOffset += bytes.count
                    entry.long = UnsafeRawBufferPointer(copy)
                }
            }
            // Values go in in list order, so a value listed twice is found at its first place.
            var slot = entry.key.home(size - 1)
            while entries[slot].index >= 0 { slot = (slot + 1) & (size - 1) }
            entries[slot] = entry
        }
    }

    func deallocate() {
        entries.deallocate()
        longValues.deallocate()
    }

    /// The place in the enum of the value `field` holds exactly; nil when it holds none of them.
    /// The usual case, a value found in its first slot, is decided here; the rest out of line.
    @inline(__always)
    func index(of field: UnsafeRawBufferPointer) -> Int? {
        let key = ShortBytesKey(field)
        let slot = key.home(entries.count - 1)
        let entry = entries[slot]
        if entry.key == key && key.count <= 24 && entry.index >= 0 { return entry.index }
        return index(of: field, key, from: slot)
    }

    /// Probing on from `slot`, which may itself hold the value (one longer than 24 bytes).
    @inline(never)
    private func index(of field: UnsafeRawBufferPointer, _ key: ShortBytesKey, from slot: Int) -> Int? {
        var slot = slot
        while true {
            let entry = entries[slot]
            if entry.index < 0 { return nil }
            if entry.key == key && (key.count <= 24 || entry.long!.equals(field)) { return entry.index }
            slot = (slot + 1) & (entries.count - 1)
        }
    }
}
