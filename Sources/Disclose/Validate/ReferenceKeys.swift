/// The values of columns of a reference file (CSV): the keys a `reference` rule looks values up in,
/// taken from the rows whose columns hold the values a filter gives, and the key -> value maps an
/// aggregate stage's lookups read. Values are compared with spaces and tabs trimmed.
enum ReferenceKeys {
    static func load(path: String, key: String, filter: [(column: String, values: [String])]) throws(PipelineError) -> Set<[UInt8]> {
        var keys = Set<[UInt8]>()
        let values = filter.map { $0.values.map { Array($0.utf8) } }
        try forEachRow(path: path, columns: [key] + filter.map(\.column)) { fields in
            if zip(fields.dropFirst(), values).allSatisfy({ field, kept in kept.contains { $0.equals(field) } }) {
                keys.insert(Array(fields[0]))
            }
        }
        return keys
    }

    /// Each key of column `key` with the value of column `value` in its row (the first row, when
    /// a key has several).
    static func values(path: String, key: String, value: String) throws(PipelineError) -> [[UInt8]: [UInt8]] {
        var values: [[UInt8]: [UInt8]] = [:]
        try forEachRow(path: path, columns: [key, value]) { fields in
            let key = Array(fields[0])
            if values[key] == nil { values[key] = Array(fields[1]) }
        }
        return values
    }

    /// Calls `body` with the trimmed values of `columns`, then of `optional` (empty when the file
    /// lacks such a column), row by row. Used for every small CSV file a configuration names.
    static func forEachRow(path: String, columns: [String], optional: [String] = [],
                           _ body: ([UnsafeRawBufferPointer]) -> Void) throws(PipelineError) {
        func problem(_ message: String) -> PipelineError {
            PipelineError(problems: [PipelineProblem(file: path, line: nil, message: message)])
        }
        let reader: any RecordChunkReader, parser: any ChunkParser
        do {
            (reader, parser) = try RecordFormat.csv.openReader(try ByteSource(path: path), batchBytes: 1 << 20)
        } catch {
            throw problem("cannot read the reference file: \(error)")
        }
        var positions: [Int?] = []
        for column in columns {
            guard let position = reader.columns.firstIndex(of: column) else { throw problem("no column '\(column)' in the reference file") }
            positions.append(position)
        }
        positions += optional.map { reader.columns.firstIndex(of: $0) }
        do {
            while let chunk = try reader.nextChunk() {
                let batch = parser.parse(chunk)
                for row in 0..<batch.count {
                    batch.withFields(row: row, columns: positions) { fields in body(fields.map(\.trimmingSpaces)) }
                }
            }
        } catch {
            throw problem("cannot read the reference file: \(error)")
        }
    }
}
