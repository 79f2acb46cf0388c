import Foundation

/// Comparing and trimming a field's bytes where they lie, without making a `String`.
extension UnsafeRawBufferPointer {
    /// Whether both hold the same bytes: up to 32 bytes by overlapping loads (most fields
    /// compared on the hot paths are short, and a call to memcmp costs more than the comparison),
    /// longer ones by memcmp (`elementsEqual` goes a byte at a time).
    @inline(__always)
    func equals(_ other: UnsafeRawBufferPointer) -> Bool {
        let count = self.count
        guard count == other.count else { return false }
        switch count {
        case 0:
            return true
        case 1...3:
            for index in 0..<count where self[index] != other[index] { return false }
            return true
        case 4...7:
            return loadUnaligned(as: UInt32.self) == other.loadUnaligned(as: UInt32.self)
                && loadUnaligned(fromByteOffset: count - 4, as: UInt32.self) == other.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
        case 8...16:
            return loadUnaligned(as: UInt64.self) == other.loadUnaligned(as: UInt64.self)
                && loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == other.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        case 17...32:
            return loadUnaligned(as: UInt64.self) == other.loadUnaligned(as: UInt64.self)
                && loadUnaligned(fromByteOffset: 8, as: UInt64.self) == other.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                && loadUnaligned(fromByteOffset: count - 16, as: UInt64.self) == other.loadUnaligned(fromByteOffset: count - 16, as: UInt64.self)
                && loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == other.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        default:
            return memcmp(baseAddress!, other.baseAddress!, count) == 0
        }
    }

    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: UnsafeRawBufferPointer {
        var start = 0, end = count
        while start < end && (self[start] == 0x20 || self[start] == 0x09) { start += 1 }
        while end > start && (self[end - 1] == 0x20 || self[end - 1] == 0x09) { end -= 1 }
        return UnsafeRawBufferPointer(rebasing: self[start..<end])
    }
}

extension UnsafeMutableRawPointer {
    /// Copies `count` bytes from `source` here: up to 16 by two overlapping loads and stores, which
    /// read and write no byte outside the value (a call to memmove costs more than the copy of a
    /// short value), longer ones by memmove.
    @inline(__always)
    func copyShort(from source: UnsafeRawPointer, count: Int) {
        switch count {
        case 8...16:
            let head = source.loadUnaligned(as: UInt64.self), tail = source.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            storeBytes(of: head, as: UInt64.self)
            storeBytes(of: tail, toByteOffset: count - 8, as: UInt64.self)
        case 4...7:
            let head = source.loadUnaligned(as: UInt32.self), tail = source.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
            storeBytes(of: head, as: UInt32.self)
            storeBytes(of: tail, toByteOffset: count - 4, as: UInt32.self)
        case 2...3:
            let head = source.loadUnaligned(as: UInt16.self), tail = source.loadUnaligned(fromByteOffset: count - 2, as: UInt16.self)
            storeBytes(of: head, as: UInt16.self)
            storeBytes(of: tail, toByteOffset: count - 2, as: UInt16.self)
        case 1:
            storeBytes(of: source.load(as: UInt8.self), as: UInt8.self)
        case 0:
            break
        default:
            copyMemory(from: source, byteCount: count)
        }
    }
}

/// Bytes that `Array.append(contentsOf:)` copies in one piece, for the hot appends of input
/// (reads, parsed fields). Appending an `UnsafeBufferPointer` itself may call a copy specialised in
/// another library that goes element by element, and which one a build calls changes with
/// unrelated code (8 M more instructions on 20,000 rows when it did); this type is specialised
/// here, and copies itself with one memcpy (`_copyContents`, the hook `append(contentsOf:)` calls;
/// without it a collection is copied element by element).
struct AppendedBytes: RandomAccessCollection {
    let base: UnsafeRawBufferPointer

    init(_ base: UnsafeRawBufferPointer) { self.base = base }

    var startIndex: Int { 0 }
    var endIndex: Int { base.count }
    subscript(position: Int) -> UInt8 { base[position] }

    func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        try body(base.assumingMemoryBound(to: UInt8.self))
    }

    func makeIterator() -> Iterator { Iterator(base: base, position: 0) }

    func _copyContents(initializing buffer: UnsafeMutableBufferPointer<UInt8>) -> (Iterator, Int) {
        let count = Swift.min(base.count, buffer.count)
        if count > 0 { UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: base.baseAddress!, byteCount: count) }
        return (Iterator(base: base, position: count), count)
    }

    struct Iterator: IteratorProtocol {
        let base: UnsafeRawBufferPointer
        var position: Int

        mutating func next() -> UInt8? {
            guard position < base.count else { return nil }
            defer { position += 1 }
            return base[position]
        }
    }
}

extension StaticString {
    /// The string's UTF-8 bytes, where the binary holds them.
    var rawBytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: utf8Start, count: utf8CodeUnitCount) }
}

/// A short value's length and its bytes as three words: bytes 0-7 (`head`, little-endian and
/// zero-padded below eight bytes), 8-15 (`middle`, from 17 bytes) and the last eight (`tail`, from 8 bytes). Equal keys
/// mean equal values up to 24 bytes long; for hash tables of short fields on the hot paths.
struct ShortBytesKey: Equatable {
    var count = 0
    var head: UInt64 = 0
    var middle: UInt64 = 0
    var tail: UInt64 = 0

    @inline(__always)
    init(_ value: UnsafeRawBufferPointer) {
        count = value.count
        if count >= 8 {
            head = value.loadUnaligned(as: UInt64.self)
            tail = value.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            if count > 16 { middle = value.loadUnaligned(fromByteOffset: 8, as: UInt64.self) }
        } else if count >= 4 {
            // Two overlapping loads: the bytes they share are the same, so OR keeps them.
            head = UInt64(UInt32(littleEndian: value.loadUnaligned(as: UInt32.self)))
                | UInt64(UInt32(littleEndian: value.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))) << (8 * UInt64(count - 4))
        } else if count >= 2 {
            head = UInt64(UInt16(littleEndian: value.loadUnaligned(as: UInt16.self)))
                | UInt64(UInt16(littleEndian: value.loadUnaligned(fromByteOffset: count - 2, as: UInt16.self))) << (8 * UInt64(count - 2))
        } else if count == 1 {
            head = UInt64(value[0])
        }
    }

    init() {}

    /// The slot it starts from in a table of `mask + 1` slots (a power of two): its first and
    /// last words and length mixed into one, whose top bits a multiply has spread.
    @inline(__always)
    func home(_ mask: Int) -> Int {
        let mixed = (head ^ (tail &* 0xFF51_AFD7_ED55_8CCD) ^ UInt64(count)) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed >> 40) & mask
    }
}

extension Array where Element == UInt8 {
    /// Whether `bytes` holds exactly these bytes.
    @inline(__always)
    func equals(_ bytes: UnsafeRawBufferPointer) -> Bool {
        count == bytes.count && withUnsafeBytes { $0.equals(bytes) }
    }
}
