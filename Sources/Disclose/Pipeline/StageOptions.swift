/// What an option of a stage accepts.
public enum OptionKind: Sendable, Equatable {
    case string
    case boolean
    case integer
    case stringList
    /// A mapping of strings to strings, order kept.
    case stringMap
    /// A path, relative to the pipeline file, that must exist.
    case file
    /// A mapping of names to existing files (paths relative to the pipeline file).
    case fileMap
    /// A PCRE2 pattern that must compile.
    case regex
    /// One of a fixed set of words.
    case choice([String])

    var description: String {
        switch self {
        case .string: "a string"
        case .boolean: "true or false"
        case .integer: "a whole number"
        case .stringList: "a list of strings"
        case .stringMap: "a mapping of strings to strings"
        case .file: "a path to an existing file"
        case .fileMap: "a mapping of names to paths of existing files"
        case .regex: "a regular expression"
        case let .choice(words): "one of " + words.joined(separator: ", ")
        }
    }
}

/// One option a stage declares.
public struct OptionSpec: Sendable {
    public let name: String
    public let kind: OptionKind
    public let required: Bool
    public let help: String

    public init(_ name: String, _ kind: OptionKind, required: Bool = false, help: String) {
        self.name = name
        self.kind = kind
        self.required = required
        self.help = help
    }
}

/// A key and value of a string mapping, in file order.
public struct StringPair: Sendable, Equatable {
    public let key: String
    public let value: String

    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}

/// An option's value, of the kind the stage declared.
public enum OptionValue: Sendable {
    case string(String)
    case boolean(Bool)
    case integer(Int)
    case stringList([String])
    case stringMap([StringPair])
    /// An existing file, as an absolute or working-directory-relative path.
    case file(String)
    /// Names of existing files, each resolved like `file`.
    case fileMap([StringPair])
    case regex(PCRE2Pattern)
}

/// A stage's options, already checked against its `OptionSpec`s.
public struct StageOptions: Sendable {
    private let values: [String: OptionValue]

    public init(_ values: [String: OptionValue] = [:]) {
        self.values = values
    }

    public func string(_ name: String) -> String? {
        if case let .string(value)? = values[name] { return value }
        return nil
    }

    public func boolean(_ name: String) -> Bool? {
        if case let .boolean(value)? = values[name] { return value }
        return nil
    }

    public func integer(_ name: String) -> Int? {
        if case let .integer(value)? = values[name] { return value }
        return nil
    }

    public func stringList(_ name: String) -> [String]? {
        if case let .stringList(value)? = values[name] { return value }
        return nil
    }

    public func stringMap(_ name: String) -> [StringPair]? {
        if case let .stringMap(value)? = values[name] { return value }
        return nil
    }

    public func file(_ name: String) -> String? {
        if case let .file(value)? = values[name] { return value }
        return nil
    }

    public func fileMap(_ name: String) -> [StringPair]? {
        if case let .fileMap(value)? = values[name] { return value }
        return nil
    }

    public func regex(_ name: String) -> PCRE2Pattern? {
        if case let .regex(value)? = values[name] { return value }
        return nil
    }
}
