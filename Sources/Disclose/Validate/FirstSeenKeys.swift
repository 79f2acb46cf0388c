/// The keys one uniqueness constraint has seen, each with the first row that had it. Written by
/// hand (an open-addressing table over blocks of key bytes) because a `Dictionary` keyed by `[UInt8]`
/// allocates an array per key and hashes it with SipHash, which cost more than the rest of the
/// check on every row; no package in the mirror offers a byte-keyed table. A class: the ledger
/// hands each batch the one table of its constraint, and the table owns the memory it writes keys to.
final class FirstSeenKeys {
    /// A key seen: its hash, the first row that had it, and its bytes (in a block of `byteBlocks`).
    private struct Key {
        let hash: UInt64
        let firstRow: Int
        let bytes: UnsafeRawPointer?
        let count: Int
    }

    // The table is read and written by one thread at a time (a batch's turn in the ledger), so
    // accesses to its state are not checked at run time (a check on every access cost a fifth of
    // a lookup).

    /// The keys in the order first seen, in blocks of `keysPerBlock`, and their bytes one after
    /// another in blocks of `bytesPerBlock` (a longer key in a block of its own). Blocks are
    /// added, never moved or grown, so nothing is copied as the keys pile up: a run's keys come to
    /// megabytes, and arrays grown by doubling copied them over and over and touched twice the
    /// memory (validate's page faults were mostly these).
    @exclusivity(unchecked)
    private var keyBlocks: [UnsafeMutablePointer<Key>] = []
    @exclusivity(unchecked)
    private var byteBlocks: [UnsafeMutableRawPointer] = []
    /// Where the next key's bytes go in the last block of `byteBlocks`, and the room left there.
    @exclusivity(unchecked)
    private var byteTop: UnsafeMutableRawPointer?
    @exclusivity(unchecked)
    private var bytesLeft = 0
    @exclusivity(unchecked)
    private var keyCount = 0
    private static let keysPerBlock = 2048
    private static let bytesPerBlock = 1 << 16
    /// Open addressing over the keys: per slot, the top half of a key's hash and its place among
    /// the keys plus one (0: empty), in one word. Eight bytes a slot keep the table a quarter of the size of
    /// one holding whole keys, so more of it is in cache; it is read at random, once a row, in the
    /// part of a batch that batches take in turn.
    @exclusivity(unchecked)
    private var slots: UnsafeMutableBufferPointer<UInt64>
    @exclusivity(unchecked)
    private var touched = 0

    init() {
        slots = .allocate(capacity: 1024)
        slots.initialize(repeating: 0)
    }

    deinit {
        slots.deallocate()
        for block in keyBlocks { block.deallocate() }
        for block in byteBlocks { block.deallocate() }
    }

    /// FNV-1a over the key's bytes (the caller hashes, so that workers can do it in parallel).
    static func hash(_ key: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in key { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return hash
    }

    /// Makes room for `count` more keys, then reads the slot each of `hashes` starts from, all at
    /// once: the table is larger than a core's caches, and these reads do not wait for one
    /// another as the lookups that follow would, each on its own cache miss.
    func prepare(adding count: Int, hashes: some Sequence<UInt64>) {
        while (keyCount + count) * 4 > slots.count * 3 { grow() }
        let mask = slots.count - 1
        var touched: UInt64 = 0
        for hash in hashes { touched &+= slots[Int(truncatingIfNeeded: hash) & mask] }
        // Kept, so that the reads are not optimised away.
        self.touched &+= Int(truncatingIfNeeded: touched)
    }

    /// The first row that had `key`; when none has, records `row` as the first and returns nil.
    func firstRow(of key: UnsafeRawBufferPointer, hash: UInt64, orRecord row: Int) -> Int? {
        if (keyCount + 1) * 4 > slots.count * 3 { grow() }
        let mask = slots.count - 1, tag = hash & 0xFFFF_FFFF_0000_0000
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots[index]
            if slot == 0 { break }
            if slot & 0xFFFF_FFFF_0000_0000 == tag {
                let seen = self.key(Int(slot & 0xFFFF_FFFF) - 1)
                if seen.hash == hash && seen.count == key.count && UnsafeRawBufferPointer(start: seen.bytes, count: seen.count).equals(key) {
                    return seen.firstRow
                }
            }
            index = (index + 1) & mask
        }
        precondition(keyCount < Int(UInt32.max), "more than 4 billion distinct keys")
        if keyCount % Self.keysPerBlock == 0 { keyBlocks.append(.allocate(capacity: Self.keysPerBlock)) }
        (keyBlocks[keyBlocks.count - 1] + keyCount % Self.keysPerBlock)
            .initialize(to: Key(hash: hash, firstRow: row, bytes: UnsafeRawPointer(keep(key)), count: key.count))
        keyCount += 1
        slots[index] = tag | UInt64(keyCount)
        return nil
    }

    /// A copy of `key`'s bytes in the blocks (nil for an empty key).
    private func keep(_ key: UnsafeRawBufferPointer) -> UnsafeMutableRawPointer? {
        guard let source = key.baseAddress, !key.isEmpty else { return nil }
        if key.count > bytesLeft {
            let size = max(Self.bytesPerBlock, key.count)
            let block = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 8)
            byteBlocks.append(block)
            // A key longer than a block has one of its own, and the current block stays current.
            guard size == Self.bytesPerBlock else {
                block.copyMemory(from: source, byteCount: key.count)
                return block
            }
            byteTop = block
            bytesLeft = size
        }
        let copy = byteTop!
        copy.copyMemory(from: source, byteCount: key.count)
        byteTop = copy + key.count
        bytesLeft -= key.count
        return copy
    }

    /// The key in place `place` (in the order first seen).
    @inline(__always)
    private func key(_ place: Int) -> Key {
        keyBlocks[place / Self.keysPerBlock][place % Self.keysPerBlock]
    }

    /// Twice the slots, filled again from the keys in order.
    private func grow() {
        let grown = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: slots.count * 2)
        grown.initialize(repeating: 0)
        slots.deallocate()
        slots = grown
        let mask = slots.count - 1
        for place in 0..<keyCount {
            let hash = key(place).hash
            var index = Int(truncatingIfNeeded: hash) & mask
            while slots[index] != 0 { index = (index + 1) & mask }
            slots[index] = hash & 0xFFFF_FFFF_0000_0000 | UInt64(place + 1)
        }
    }
}
