/// The keys one uniqueness constraint has seen, each with the first row that had it. Written by
/// hand (an open-addressing table over one byte arena) because a `Dictionary` keyed by `[UInt8]`
/// allocates an array per key and hashes it with SipHash, which cost more than the rest of the
/// check on every row; no package in the mirror offers a byte-keyed table.
struct FirstSeenKeys {
    /// A key seen, in the order first seen: where its bytes lie in `arena`, its hash and its row.
    private struct Key {
        let hash: UInt64
        let start: Int
        let count: Int
        let firstRow: Int
    }

    private var arena: [UInt8] = []
    private var keys: [Key] = []
    /// Open addressing over `keys`: per slot, the top half of a key's hash and its place in `keys`
    /// plus one (0: empty), in one word. Eight bytes a slot keep the table a quarter of the size of
    /// one holding whole keys, so more of it is in cache; it is read at random, once a row, in the
    /// part of a batch that batches take in turn.
    private var slots = [UInt64](repeating: 0, count: 1024)
    private var touched = 0

    /// FNV-1a over the key's bytes (the caller hashes, so that workers can do it in parallel).
    static func hash(_ key: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in key { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return hash
    }

    /// Makes room for `count` more keys, then reads the slot each of `hashes` starts from, all at
    /// once: the table is larger than a core's caches, and these reads do not wait for one
    /// another as the lookups that follow would, each on its own cache miss.
    mutating func prepare(adding count: Int, hashes: some Sequence<UInt64>) {
        while (keys.count + count) * 4 > slots.count * 3 { grow() }
        let mask = slots.count - 1
        var touched: UInt64 = 0
        slots.withUnsafeBufferPointer { slots in
            for hash in hashes { touched &+= slots[Int(truncatingIfNeeded: hash) & mask] }
        }
        // Kept, so that the reads are not optimised away.
        self.touched &+= Int(truncatingIfNeeded: touched)
    }

    /// The first row that had `key`; when none has, records `row` as the first and returns nil.
    mutating func firstRow(of key: UnsafeRawBufferPointer, hash: UInt64, orRecord row: Int) -> Int? {
        if (keys.count + 1) * 4 > slots.count * 3 { grow() }
        let mask = slots.count - 1, tag = hash & 0xFFFF_FFFF_0000_0000
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots[index]
            if slot == 0 { break }
            if slot & 0xFFFF_FFFF_0000_0000 == tag {
                let seen = keys[Int(slot & 0xFFFF_FFFF) - 1]
                if seen.hash == hash && seen.count == key.count && arena.withUnsafeBytes({
                    UnsafeRawBufferPointer(rebasing: $0[seen.start..<(seen.start + seen.count)]).equals(key)
                }) {
                    return seen.firstRow
                }
            }
            index = (index + 1) & mask
        }
        precondition(keys.count < Int(UInt32.max), "more than 4 billion distinct keys")
        keys.append(Key(hash: hash, start: arena.count, count: key.count, firstRow: row))
        slots[index] = tag | UInt64(keys.count)
        arena.append(contentsOf: key)
        return nil
    }

    /// Twice the slots, filled again from `keys` in order.
    private mutating func grow() {
        slots = [UInt64](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (place, key) in keys.enumerated() {
            var index = Int(truncatingIfNeeded: key.hash) & mask
            while slots[index] != 0 { index = (index + 1) & mask }
            slots[index] = key.hash & 0xFFFF_FFFF_0000_0000 | UInt64(place + 1)
        }
    }
}
