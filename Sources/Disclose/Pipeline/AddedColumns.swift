/// Values a stage adds to every row of a batch, kept in an arena of their own beside the rows'
/// (`RecordBatch(adding:to:)`): a stage that adds columns then need not copy each row to put its
/// values after the row's own. Row `r` holds `stride` values, value `i` spanning
/// `bounds[r * stride + i] ..< bounds[r * stride + i + 1]` in `bytes`; the added columns are the
/// values in `runs`, in order (the stage may hold values among them that go elsewhere).
struct AddedColumns: Sendable {
    private let arena: AddedArena
    let stride: Int
    /// Runs of values, by their place in a row's `stride`, that make the added columns.
    let runs: [Range<Int>]
    /// The added columns.
    let columnCount: Int

    /// `bounds` holds `rows * stride + 1` offsets into `bytes`, rising; `runs` lie within `0..<stride`.
    init(bytes: [UInt8], bounds: [Int], stride: Int, runs: [Range<Int>]) {
        let ownBytes = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        ownBytes.initialize(from: bytes, count: bytes.count)
        let ownBounds = UnsafeMutablePointer<Int>.allocate(capacity: bounds.count)
        ownBounds.initialize(from: bounds, count: bounds.count)
        self.init(taking: ownBytes, byteCount: bytes.count, bounds: ownBounds, boundCount: bounds.count, stride: stride, runs: runs)
    }

    /// The same from memory the caller allocated and filled, which this value now owns (frees when
    /// the last copy goes): a stage hands over the values it wrote without copying them.
    init(taking bytes: UnsafeMutablePointer<UInt8>, byteCount: Int, bounds: UnsafeMutablePointer<Int>, boundCount: Int,
         stride: Int, runs: [Range<Int>]) {
        precondition(stride > 0 && (boundCount - 1) % stride == 0 && runs.allSatisfy { $0.lowerBound >= 0 && $0.upperBound <= stride },
                     "added values laid out \(stride) a row")
        arena = AddedArena(bytes: bytes, byteCount: byteCount, bounds: bounds, boundCount: boundCount, places: runs.flatMap { Array($0) })
        self.stride = stride
        self.runs = runs
        columnCount = runs.reduce(0) { $0 + $1.count }
    }

    /// Rows whose values it holds.
    var rowCount: Int { (arena.boundCount - 1) / stride }

    /// Bytes of the values.
    var byteCount: Int { arena.byteCount }

    /// The values' arena, bounds and runs, for the hot paths (valid while `body` runs).
    func withStorage<R>(_ body: (AddedStorage) throws -> R) rethrows -> R {
        try withExtendedLifetime(arena) {
            try body(AddedStorage(storage: UnsafeRawBufferPointer(start: arena.bytes, count: arena.byteCount),
                                  bounds: UnsafeBufferPointer(start: arena.bounds, count: arena.boundCount), stride: stride, runs: runs,
                                  places: UnsafeBufferPointer(start: arena.places, count: columnCount)))
        }
    }
}

/// The memory of `AddedColumns`' values, freed with the last value that holds it. Sendable:
/// nothing writes to it once it is made.
private final class AddedArena: @unchecked Sendable {
    let bytes: UnsafeMutablePointer<UInt8>
    let byteCount: Int
    let bounds: UnsafeMutablePointer<Int>
    let boundCount: Int
    /// Per added column, its value's place in a row.
    let places: UnsafeMutablePointer<Int>

    init(bytes: UnsafeMutablePointer<UInt8>, byteCount: Int, bounds: UnsafeMutablePointer<Int>, boundCount: Int, places: [Int]) {
        self.bytes = bytes
        self.byteCount = byteCount
        self.bounds = bounds
        self.boundCount = boundCount
        self.places = .allocate(capacity: max(places.count, 1))
        self.places.initialize(from: places, count: places.count)
    }

    deinit {
        bytes.deallocate()
        bounds.deallocate()
        places.deallocate()
    }
}

/// `AddedColumns` as the hot paths read it: row `r`'s value `i` is field `r * stride + i` of
/// `storage` and `bounds` (`RecordBatch.field`); added column `c` is value `places[c]`.
struct AddedStorage {
    let storage: UnsafeRawBufferPointer
    let bounds: UnsafeBufferPointer<Int>
    let stride: Int
    let runs: [Range<Int>]
    let places: UnsafeBufferPointer<Int>
}
