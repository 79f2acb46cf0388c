import Foundation

/// Comparing and trimming a field's bytes where they lie, without making a `String`.
extension UnsafeRawBufferPointer {
    /// Whether both hold the same bytes (memcmp; `elementsEqual` goes a byte at a time).
    @inline(__always)
    func equals(_ other: UnsafeRawBufferPointer) -> Bool {
        count == other.count && (count == 0 || memcmp(baseAddress!, other.baseAddress!, count) == 0)
    }

    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: UnsafeRawBufferPointer {
        var start = 0, end = count
        while start < end && (self[start] == 0x20 || self[start] == 0x09) { start += 1 }
        while end > start && (self[end - 1] == 0x20 || self[end - 1] == 0x09) { end -= 1 }
        return UnsafeRawBufferPointer(rebasing: self[start..<end])
    }
}

extension Array where Element == UInt8 {
    /// Whether `bytes` holds exactly these bytes.
    @inline(__always)
    func equals(_ bytes: UnsafeRawBufferPointer) -> Bool {
        count == bytes.count && withUnsafeBytes { $0.equals(bytes) }
    }
}
