/// Values a stage adds to every row of a batch, kept in an arena of their own beside the rows'
/// (`RecordBatch(adding:to:)`): a stage that adds columns then need not copy each row to put its
/// values after the row's own. Row `r` holds `stride` values, value `i` spanning
/// `bounds[r * stride + i] ..< bounds[r * stride + i + 1]` in `bytes`; the added columns are the
/// values in `runs`, in order (the stage may hold values among them that go elsewhere).
public struct AddedColumns: Sendable {
    let bytes: [UInt8]
    let bounds: [Int]
    let stride: Int
    /// Runs of values, by their place in a row's `stride`, that make the added columns.
    let runs: [Range<Int>]
    /// Per added column, its value's place in a row's `stride`.
    let places: [Int]

    /// `bounds` holds `rows * stride + 1` offsets into `bytes`, rising; `runs` lie within `0..<stride`.
    init(bytes: [UInt8], bounds: [Int], stride: Int, runs: [Range<Int>]) {
        precondition(stride > 0 && (bounds.count - 1) % stride == 0 && runs.allSatisfy { $0.lowerBound >= 0 && $0.upperBound <= stride },
                     "added values laid out \(stride) a row")
        self.bytes = bytes
        self.bounds = bounds
        self.stride = stride
        self.runs = runs
        places = runs.flatMap { Array($0) }
    }

    /// Rows whose values it holds.
    var rowCount: Int { (bounds.count - 1) / stride }

    /// The added columns.
    var columnCount: Int { places.count }

    /// The values' arena, bounds and runs, for the hot paths (valid while `body` runs).
    func withStorage<R>(_ body: (AddedStorage) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes { storage in
            try bounds.withUnsafeBufferPointer { bounds in
                try body(AddedStorage(storage: storage, bounds: bounds, stride: stride, runs: runs))
            }
        }
    }
}

/// `AddedColumns` as the hot paths read it: row `r`'s value `i` is field `r * stride + i` of
/// `storage` and `bounds` (`RecordBatch.field`).
struct AddedStorage {
    let storage: UnsafeRawBufferPointer
    let bounds: UnsafeBufferPointer<Int>
    let stride: Int
    let runs: [Range<Int>]
}
