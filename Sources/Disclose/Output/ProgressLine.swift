import Foundation

/// A one-line progress report on stderr (rows read, MB/s), redrawn at most twice a second. Only
/// used when stderr is a terminal, so that logs and scripts never see it.
final class ProgressLine {
    private let start = Date()
    private var lastDrawn = Date.distantPast

    func update(rows: Int, inputBytes: Int) {
        let now = Date()
        guard now.timeIntervalSince(lastDrawn) >= 0.5 else { return }
        lastDrawn = now
        let seconds = max(now.timeIntervalSince(start), 0.001)
        let megabytesPerSecond = Double(inputBytes) / 1_000_000 / seconds
        FileHandle.standardError.write(Data("\rdisclose: \(rows) rows, \(String(format: "%.1f", megabytesPerSecond)) MB/s   ".utf8))
    }

    func clear() {
        guard lastDrawn != .distantPast else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
