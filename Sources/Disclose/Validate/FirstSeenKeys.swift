/// The keys one uniqueness constraint has seen, each with the first row that had it. Written by
/// hand (an open-addressing table over blocks of key bytes) because a `Dictionary` keyed by `[UInt8]`
/// allocates an array per key and hashes it with SipHash, which cost more than the rest of the
/// check on every row; no package in the mirror offers a byte-keyed table.
struct FirstSeenKeys {
    /// A key seen: its hash, the first row that had it, and where its bytes lie (a block of
    /// `byteBlocks` and the offset in it).
    private struct Key {
        let hash: UInt64
        let firstRow: Int
        let block: UInt32
        let offset: UInt32
        let count: Int
    }

    /// The keys in the order first seen, in blocks of `keysPerBlock`, and their bytes one after
    /// another in blocks of at least `bytesPerBlock`. A block is filled up to the capacity it was
    /// made with and never grows, so nothing is copied as the keys pile up: the tables of a run's
    /// keys grow to megabytes, and growing an array by doubling copied them over and over and
    /// touched twice the memory (validate's page faults were mostly these).
    private var keyBlocks: [[Key]] = []
    private var byteBlocks: [[UInt8]] = []
    private var keyCount = 0
    private static let keysPerBlock = 2048
    private static let bytesPerBlock = 1 << 16
    /// Open addressing over the keys: per slot, the top half of a key's hash and its place among
    /// the keys plus one (0: empty), in one word. Eight bytes a slot keep the table a quarter of the size of
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
        while (keyCount + count) * 4 > slots.count * 3 { grow() }
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
        if (keyCount + 1) * 4 > slots.count * 3 { grow() }
        let mask = slots.count - 1, tag = hash & 0xFFFF_FFFF_0000_0000
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots[index]
            if slot == 0 { break }
            if slot & 0xFFFF_FFFF_0000_0000 == tag {
                let seen = self.key(Int(slot & 0xFFFF_FFFF) - 1)
                if seen.hash == hash && seen.count == key.count && byteBlocks[Int(seen.block)].withUnsafeBytes({
                    UnsafeRawBufferPointer(rebasing: $0[Int(seen.offset)..<(Int(seen.offset) + seen.count)]).equals(key)
                }) {
                    return seen.firstRow
                }
            }
            index = (index + 1) & mask
        }
        precondition(keyCount < Int(UInt32.max), "more than 4 billion distinct keys")
        if byteBlocks.isEmpty || byteBlocks[byteBlocks.count - 1].count + key.count > byteBlocks[byteBlocks.count - 1].capacity {
            precondition(byteBlocks.count < Int(UInt32.max), "more than 4 billion blocks of keys")
            byteBlocks.append([])
            byteBlocks[byteBlocks.count - 1].reserveCapacity(max(Self.bytesPerBlock, key.count))
        }
        let block = byteBlocks.count - 1, offset = byteBlocks[block].count
        byteBlocks[block].append(contentsOf: key)
        if keyCount % Self.keysPerBlock == 0 {
            keyBlocks.append([])
            keyBlocks[keyBlocks.count - 1].reserveCapacity(Self.keysPerBlock)
        }
        keyBlocks[keyBlocks.count - 1].append(Key(hash: hash, firstRow: row, block: UInt32(block), offset: UInt32(offset), count: key.count))
        keyCount += 1
        slots[index] = tag | UInt64(keyCount)
        return nil
    }

    /// The key in place `place` (in the order first seen).
    @inline(__always)
    private func key(_ place: Int) -> Key {
        keyBlocks[place / Self.keysPerBlock][place % Self.keysPerBlock]
    }

    /// Twice the slots, filled again from the keys in order.
    private mutating func grow() {
        slots = [UInt64](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for place in 0..<keyCount {
            let hash = key(place).hash
            var index = Int(truncatingIfNeeded: hash) & mask
            while slots[index] != 0 { index = (index + 1) & mask }
            slots[index] = hash & 0xFFFF_FFFF_0000_0000 | UInt64(place + 1)
        }
    }
}
