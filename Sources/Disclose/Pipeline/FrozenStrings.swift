/// Byte strings copied once into one block of memory of their own and only read afterwards, for
/// hot paths: reading one gives its bytes with no retain or release, where an array of arrays held
/// by a class retains the inner array around each read. The owner frees it (`deallocate`) when
/// it goes. Sendable because nothing writes to it after `init`.
struct FrozenStrings: @unchecked Sendable {
    private let bytes: UnsafeMutableRawPointer
    /// String `i` is `bytes[ends[i - 1] ..< ends[i]]` (from 0 for the first).
    private let ends: FrozenTable<Int>

    init(_ strings: [[UInt8]]) {
        var ends: [Int] = [], total = 0
        for string in strings {
            total += string.count
            ends.append(total)
        }
        let block = UnsafeMutableRawPointer.allocate(byteCount: max(total, 1), alignment: 1)
        var at = 0
        for string in strings where !string.isEmpty {
            string.withUnsafeBytes { (block + at).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            at += string.count
        }
        bytes = block
        self.ends = FrozenTable(ends)
    }

    @inline(__always)
    subscript(index: Int) -> UnsafeRawBufferPointer {
        let start = index == 0 ? 0 : ends[index - 1]
        return UnsafeRawBufferPointer(start: bytes + start, count: ends[index] - start)
    }

    func deallocate() {
        bytes.deallocate()
        ends.deallocate()
    }
}
