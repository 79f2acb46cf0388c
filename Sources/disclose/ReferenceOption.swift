import ArgumentParser
import Disclose
import Foundation

/// `--reference NAME=FILE`, as `validate` and `aggregate` take it.
enum ReferenceOption {
    /// The name and file of each option; a usage error for one that is not NAME=FILE with an existing file.
    static func pairs(_ references: [String]) throws -> [StringPair] {
        try references.map { reference in
            let parts = reference.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, FileManager.default.fileExists(atPath: parts[1]) else {
                throw ValidationError("--reference takes NAME=FILE with an existing file, not '\(reference)'")
            }
            return StringPair(parts[0], parts[1])
        }
    }
}
