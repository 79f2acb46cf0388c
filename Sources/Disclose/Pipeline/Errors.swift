/// The exit statuses of DESIGN.md's command-line contract.
public enum ExitStatus: Int32, Sendable {
    case success = 0
    /// Data failed a quality gate (`--max-error-rate`).
    case qualityGate = 1
    /// A usage or pipeline error.
    case usage = 2
    /// An input or output error, or a broken internal check.
    case inputOutput = 3
}

/// An error that decides the process's exit status.
public protocol ExitStatusError: Error, CustomStringConvertible {
    var exitStatus: ExitStatus { get }
}

/// The input could not be read as a dataset. Messages name the file and row, never a value.
public enum InputError: ExitStatusError, Equatable {
    case cannotOpen(file: String, reason: String)
    case readFailed(file: String, reason: String)
    case empty(file: String)
    case blankHeader(file: String)
    case headerNotUTF8(file: String, column: Int)
    case headerColumnEmpty(file: String, column: Int)
    /// Header fields `first` and `second` (from 1) hold the same name (never shown: in a file with
    /// no header row, row 1 holds a case's values).
    case headerColumnDuplicated(file: String, first: Int, second: Int)
    case headerUnclosedQuote(file: String)
    case firstLineNotObject(file: String, line: Int, reason: String)

    public var exitStatus: ExitStatus { .inputOutput }

    public var description: String {
        switch self {
        case let .cannotOpen(file, reason): "\(file): cannot open: \(reason)"
        case let .readFailed(file, reason): "\(file): read failed: \(reason)"
        case let .empty(file): "\(file): the input is empty; a header row was expected"
        case let .blankHeader(file): "\(file): row 1 (header) is blank; the first line must name the columns"
        case let .headerNotUTF8(file, column): "\(file): row 1 (header), field \(column): not valid UTF-8"
        case let .headerColumnEmpty(file, column): "\(file): row 1 (header), field \(column): empty column name"
        case let .headerColumnDuplicated(file, first, second): "\(file): row 1 (header), fields \(first) and \(second): the same column name twice"
        case let .headerUnclosedQuote(file): "\(file): row 1 (header): a quoted field is not closed before the end of the input"
        case let .firstLineNotObject(file, line, reason): "\(file): line \(line): the first record must be a JSON object: \(reason)"
        }
    }
}

/// An output could not be written.
public enum OutputError: ExitStatusError, Equatable {
    case cannotCreate(file: String, reason: String)
    case writeFailed(file: String, reason: String)
    case renameFailed(file: String, reason: String)

    public var exitStatus: ExitStatus { .inputOutput }

    public var description: String {
        switch self {
        case let .cannotCreate(file, reason): "\(file): cannot create: \(reason)"
        case let .writeFailed(file, reason): "\(file): write failed: \(reason)"
        case let .renameFailed(file, reason): "\(file): cannot move into place: \(reason)"
        }
    }
}

/// The pipeline does not fit the input, or a check the run makes on itself failed.
public enum RunError: ExitStatusError, Equatable {
    /// A column the pipeline names is not in the input (or in what an earlier stage left). The
    /// message never lists the input's names: in a file with no header row they are a case's
    /// values. It names only one that differs from the column by case, spaces or punctuation.
    case missingColumn(stage: String, column: String, available: [String])
    /// Two columns would get the same name.
    case duplicateColumn(stage: String, column: String)
    /// Header field `field` (from 1) holds personal data of `type` (nil: it could not be searched)
    /// rather than a column name: most likely the input has no header row.
    case headerLooksLikeData(stage: String, field: Int, type: String?)
    /// Rows in ≠ rows out + rows quarantined: a bug, never ignored.
    case rowsUnaccounted(rowsIn: Int, rowsOut: Int, quarantined: Int)
    /// A stage failed on a whole batch.
    case stageFailed(stage: String, reason: String)
    /// Something a stage needs from outside the pipeline file (a key in the environment) is missing.
    case missingSetting(stage: String, reason: String)

    public var exitStatus: ExitStatus {
        switch self {
        case .missingColumn, .duplicateColumn, .missingSetting, .headerLooksLikeData: .usage
        case .rowsUnaccounted, .stageFailed: .inputOutput
        }
    }

    public var description: String {
        switch self {
        case let .missingColumn(stage, column, available):
            "\(stage): no column '\(column)' among the input's \(available.count) columns"
                + (Self.nearName(column, in: available).map {
                    " ('\($0)' differs only in case, spaces or punctuation: name it under input.columns, or with select --rename)"
                } ?? " (their names are not shown: without a header row they would be the first case's values)")
        case let .duplicateColumn(stage, column):
            "\(stage): column '\(column)' would appear twice"
        case let .headerLooksLikeData(stage, field, type):
            "\(stage): row 1 (header), field \(field): " + (type.map { "holds what looks like personal data (\($0))" } ?? "could not be searched for personal data")
                + ", not a column name; is the header row missing? Row 1 is read as the column names, and they are written out as they are"
        case let .rowsUnaccounted(rowsIn, rowsOut, quarantined):
            "internal check failed: \(rowsIn) rows in but \(rowsOut) out + \(quarantined) quarantined"
        case let .stageFailed(stage, reason), let .missingSetting(stage, reason):
            "\(stage): \(reason)"
        }
    }

    /// The one name among `names` that is `column` but for case, spaces and punctuation (a local
    /// spelling of a canonical name), if exactly one is.
    private static func nearName(_ column: String, in names: [String]) -> String? {
        func folded(_ name: String) -> String { String(name.lowercased().filter { $0.isLetter || $0.isNumber }) }
        let wanted = folded(column)
        let near = names.filter { folded($0) == wanted }
        return near.count == 1 ? near[0] : nil
    }
}
