import Disclose
import Foundation

/// Writes the files stages reported at the end of a run (e.g. quality.json and quality.md) into a
/// directory, each under a temporary name until it is complete.
enum StageReportFiles {
    static func write(_ reports: [StageReport], into directory: String) throws {
        for report in reports {
            for (name, bytes) in report.files.sorted(by: { $0.key < $1.key }) {
                // A name may hold a folder (aggregates/<table>.csv).
                let folder = ("\(directory)/\(name)" as NSString).deletingLastPathComponent
                do {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                } catch {
                    throw OutputError.cannotCreate(file: folder, reason: error.localizedDescription)
                }
                let file = try OutputStream(file: "\(directory)/\(name)")
                try file.write(bytes)
                try file.commit()
            }
        }
    }
}
