import Testing
@testable import Disclose

/// ByteSearch finds the first of its bytes, and says whether any occurs, wherever they lie: in the
/// eight- and sixteen-byte steps, in the overlapping last step and in the bytes after the last word.
struct ByteSearchTests {
    private let search = ByteSearch(UInt8(ascii: ","), UInt8(ascii: "\""), UInt8(ascii: "\n"), UInt8(ascii: "\r"))

    @Test func findsItsBytesAtEveryPlaceOfBuffersUpTo40Bytes() {
        for length in 0...40 {
            let plain = [UInt8](repeating: UInt8(ascii: "x"), count: length)
            plain.withUnsafeBytes { bytes in
                #expect(search.firstIndex(in: bytes, from: 0, to: length) == length)
                #expect(!search.occurs(in: bytes), "\(length) plain bytes")
            }
            for place in 0..<length {
                for target in [UInt8(ascii: ","), UInt8(ascii: "\""), UInt8(ascii: "\n"), UInt8(ascii: "\r")] {
                    var bytes = plain
                    bytes[place] = target
                    bytes.withUnsafeBytes { bytes in
                        #expect(search.firstIndex(in: bytes, from: 0, to: length) == place)
                        #expect(search.occurs(in: bytes), "byte \(target) at \(place) of \(length)")
                    }
                }
            }
        }
    }
}

/// Bytes appended through `AppendedBytes` (the input's hot appends) arrive whole and in order,
/// whatever the lengths, after bytes already there.
struct AppendedBytesTests {
    @Test func appendedBytesArriveWholeAndInOrder() {
        var appended: [UInt8] = [1, 2, 3]
        var expected: [UInt8] = [1, 2, 3]
        for length in 0...40 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 7 + length) }
            bytes.withUnsafeBytes { appended.append(contentsOf: AppendedBytes($0)) }
            expected += bytes
        }
        #expect(appended == expected)
    }
}
