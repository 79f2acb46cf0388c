/// Where the validate stage's fixes write the values they change, for one batch: each fix writes
/// at the top of the current block and a value written stays where it is until the batch is done,
/// so a fixed row can point at its values instead of copying them, and a fix never writes over its
/// own input (which lies below it, or in the input). Blocks are added, never moved. `deallocate`
/// frees them.
struct FixArena {
    static let blockSize = 1 << 16

    private var blocks: [UnsafeMutableRawPointer] = []
    private var top: UnsafeMutableRawPointer
    private var left: Int

    init() {
        top = .allocate(byteCount: Self.blockSize, alignment: 16)
        left = Self.blockSize
        blocks.append(top)
    }

    func deallocate() {
        for block in blocks { block.deallocate() }
    }

    /// `value` after one fix (`synonyms`, unretained, for the synonyms fix), which writes at most
    /// `room` bytes; nil when the fix leaves it as it is. The result lives as long as the arena.
    @inline(__always)
    mutating func fix(_ value: UnsafeRawBufferPointer, _ kind: ValidationRules.Fix.Kind,
                      synonyms: Unmanaged<ValidationRules.SynonymTable>?, room: Int) -> UnsafeRawBufferPointer? {
        let output = reserve(room)
        let result = kind == .synonyms
            ? synonyms?._withUnsafeGuaranteedRef { FieldFixes.synonym(value, $0, output) } ?? .unchanged
            : FieldFixes.apply(kind, synonyms: nil, to: value, output: output)
        switch result {
        case .unchanged:
            return nil
        case let .part(range):
            return UnsafeRawBufferPointer(rebasing: value[range])
        case let .written(count):
            return keep(count)
        }
    }

    /// `count` bytes that `write` puts at the address it is given; they live as long as the arena.
    @inline(__always)
    mutating func write(_ count: Int, _ write: (UnsafeMutableRawPointer) -> Void) -> UnsafeRawBufferPointer {
        write(reserve(count).baseAddress!)
        return keep(count)
    }

    /// `parts` written one after another with `separator` between them (a key of several columns).
    mutating func join(_ parts: UnsafeBufferPointer<UnsafeRawBufferPointer>, separator: UInt8) -> UnsafeRawBufferPointer {
        write(parts.reduce(parts.count - 1) { $0 + $1.count }) { output in
            var offset = 0
            for (index, part) in parts.enumerated() {
                if index > 0 {
                    output.storeBytes(of: separator, toByteOffset: offset, as: UInt8.self)
                    offset += 1
                }
                if !part.isEmpty { (output + offset).copyMemory(from: part.baseAddress!, byteCount: part.count) }
                offset += part.count
            }
        }
    }

    /// The `count` bytes just written at the top, kept: the top moves past them.
    @inline(__always)
    private mutating func keep(_ count: Int) -> UnsafeRawBufferPointer {
        defer {
            top += count
            left -= count
        }
        return UnsafeRawBufferPointer(start: top, count: count)
    }

    /// Room for `count` bytes at the top, in a new block when the current one has too little.
    @inline(__always)
    private mutating func reserve(_ count: Int) -> UnsafeMutableRawBufferPointer {
        if count > left {
            let size = max(count, Self.blockSize)
            top = .allocate(byteCount: size, alignment: 16)
            left = size
            blocks.append(top)
        }
        return UnsafeMutableRawBufferPointer(start: top, count: count)
    }
}
