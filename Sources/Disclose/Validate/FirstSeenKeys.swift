/// The keys one uniqueness constraint has seen, each with the first row that had it. Written by
/// hand (an open-addressing table over one byte arena) because a `Dictionary` keyed by `[UInt8]`
/// allocates an array per key and hashes it with SipHash, which cost more than the rest of the
/// check on every row; no package in the mirror offers a byte-keyed table.
struct FirstSeenKeys {
    private struct Slot {
        var hash: UInt64 = 0
        var start = 0
        var count = 0
        /// 0 for an empty slot (row numbers start at 1).
        var firstRow = 0
    }

    private var arena: [UInt8] = []
    private var slots = [Slot](repeating: Slot(), count: 1024)
    private var used = 0
    private var touched = 0

    /// FNV-1a over the key's bytes (the caller hashes, so that workers can do it in parallel).
    static func hash(_ key: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in key { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return hash
    }

    /// Makes room for `count` more keys, then reads the slot each of `hashes` starts from, all at
    /// once: the table is far larger than a core's caches, and these reads do not wait for one
    /// another as the lookups that follow would, each on its own cache miss.
    mutating func prepare(adding count: Int, hashes: some Sequence<UInt64>) {
        while (used + count) * 4 > slots.count * 3 { grow() }
        let mask = slots.count - 1
        var touched = 0
        slots.withUnsafeBufferPointer { slots in
            for hash in hashes { touched &+= slots[Int(truncatingIfNeeded: hash) & mask].firstRow }
        }
        // Kept, so that the reads are not optimised away.
        self.touched &+= touched
    }

    /// The first row that had `key`; when none has, records `row` as the first and returns nil.
    mutating func firstRow(of key: UnsafeRawBufferPointer, hash: UInt64, orRecord row: Int) -> Int? {
        if (used + 1) * 4 > slots.count * 3 { grow() }
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots[index]
            if slot.firstRow == 0 { break }
            if slot.hash == hash && slot.count == key.count && arena.withUnsafeBytes({
                UnsafeRawBufferPointer(rebasing: $0[slot.start..<(slot.start + slot.count)]).equals(key)
            }) {
                return slot.firstRow
            }
            index = (index + 1) & mask
        }
        slots[index] = Slot(hash: hash, start: arena.count, count: key.count, firstRow: row)
        arena.append(contentsOf: key)
        used += 1
        return nil
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(), count: old.count * 2)
        let mask = slots.count - 1
        for slot in old where slot.firstRow != 0 {
            var index = Int(truncatingIfNeeded: slot.hash) & mask
            while slots[index].firstRow != 0 { index = (index + 1) & mask }
            slots[index] = slot
        }
    }
}
