import Crypto
import Foundation
import Yams

/// A pipeline read from its YAML file and checked: input format and column mapping, the stages
/// in order, and the outputs.
public struct Pipeline: Sendable {
    public let name: String
    /// The pipeline file, or nil for a pipeline built on the command line.
    public let file: String?
    /// SHA-256 of the pipeline file's bytes (hex), recorded in `run.json`.
    public let digest: String?
    public let inputFormat: RecordFormat
    /// Input column name -> canonical name, applied to the header before the first stage.
    public let columnMapping: [StringPair]
    public let stages: [any Stage]
    public let extractFormat: RecordFormat

    public init(name: String, inputFormat: RecordFormat = .csv, columnMapping: [StringPair] = [],
                stages: [any Stage], extractFormat: RecordFormat = .csv) {
        self.init(name: name, inputFormat: inputFormat, columnMapping: columnMapping, stages: stages,
                  extractFormat: extractFormat, file: nil, digest: nil)
    }

    /// A pipeline with the identity of the file it came from (a run that overrides an option).
    public init(name: String, inputFormat: RecordFormat, columnMapping: [StringPair], stages: [any Stage],
                extractFormat: RecordFormat, file: String?, digest: String?) {
        self.name = name
        self.file = file
        self.digest = digest
        self.inputFormat = inputFormat
        self.columnMapping = columnMapping
        self.stages = stages
        self.extractFormat = extractFormat
    }

    /// Reads and checks the pipeline file at `path`. Every problem found is reported at once,
    /// each with its line.
    public static func load(path: String, registry: StageRegistry = .standard) throws(PipelineError) -> Pipeline {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PipelineError(problems: [PipelineProblem(file: path, line: nil, message: "cannot read the pipeline file")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw PipelineError(problems: [PipelineProblem(file: path, line: nil, message: "the pipeline file is not UTF-8")])
        }
        let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        let directory = (path as NSString).deletingLastPathComponent
        var reader = PipelineFileReader(file: path, directory: directory, registry: registry)
        guard let parts = reader.read(yaml: text) else { throw PipelineError(problems: reader.problems) }
        return Pipeline(name: parts.name ?? ((path as NSString).lastPathComponent as NSString).deletingPathExtension,
                        inputFormat: parts.inputFormat, columnMapping: parts.columnMapping, stages: parts.stages,
                        extractFormat: parts.extractFormat, file: path, digest: digest)
    }
}

/// One thing wrong with a pipeline file, with the line it is on.
public struct PipelineProblem: Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int?
    public let message: String

    public var description: String {
        line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)"
    }
}

/// A pipeline file with problems; exit status 2.
public struct PipelineError: ExitStatusError, Equatable {
    public let problems: [PipelineProblem]

    public var exitStatus: ExitStatus { .usage }
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// Walks a pipeline file's YAML nodes, collecting every problem rather than stopping at the first.
private struct PipelineFileReader {
    struct Parts {
        var name: String?
        var inputFormat = RecordFormat.csv
        var columnMapping: [StringPair] = []
        var stages: [any Stage] = []
        var extractFormat = RecordFormat.csv
    }

    let directory: String
    let registry: StageRegistry
    private var found: YAMLProblems

    init(file: String, directory: String, registry: StageRegistry) {
        self.directory = directory
        self.registry = registry
        found = YAMLProblems(file: file)
    }

    var problems: [PipelineProblem] { found.list }

    /// The parts of the pipeline, or nil if any problem was found.
    mutating func read(yaml: String) -> Parts? {
        guard let root = found.compose(yaml) else { return nil }
        guard let top = root.mapping else {
            report(root, "the top level must be a mapping with name, input, stages and outputs")
            return nil
        }
        var parts = Parts()
        var sawStages = false
        for (keyNode, value) in top {
            switch keyNode.string {
            case "name":
                if let name = value.scalarText { parts.name = name } else { report(value, "name must be a string") }
            case "input":
                readInput(value, into: &parts)
            case "stages":
                sawStages = true
                readStages(value, into: &parts)
            case "outputs":
                readOutputs(value, into: &parts)
            default:
                report(keyNode, "unknown top-level key '\(keyNode.string ?? "?")' (expected name, input, stages, outputs)")
            }
        }
        if !sawStages { report(root, "missing 'stages': a pipeline needs at least one stage") }
        return problems.isEmpty ? parts : nil
    }

    private mutating func readInput(_ node: Node, into parts: inout Parts) {
        guard let mapping = node.mapping else { return report(node, "input must be a mapping (format, columns)") }
        for (keyNode, value) in mapping {
            switch keyNode.string {
            case "format":
                if let format = readFormat(value) { parts.inputFormat = format }
            case "columns":
                if let pairs = value.stringPairs {
                    parts.columnMapping = pairs
                } else {
                    report(value, "input.columns must map input column names to canonical names")
                }
            default:
                report(keyNode, "unknown key '\(keyNode.string ?? "?")' in input (expected format, columns)")
            }
        }
    }

    private mutating func readOutputs(_ node: Node, into parts: inout Parts) {
        guard let mapping = node.mapping else { return report(node, "outputs must be a mapping") }
        for (keyNode, value) in mapping {
            guard keyNode.string == "extract" else {
                report(keyNode, "unknown output '\(keyNode.string ?? "?")' (expected extract)")
                continue
            }
            guard let extract = value.mapping else {
                report(value, "outputs.extract must be a mapping (format)")
                continue
            }
            for (optionKey, optionValue) in extract {
                if optionKey.string == "format" {
                    if let format = readFormat(optionValue) { parts.extractFormat = format }
                } else {
                    report(optionKey, "unknown key '\(optionKey.string ?? "?")' in outputs.extract (expected format)")
                }
            }
        }
    }

    private mutating func readFormat(_ node: Node) -> RecordFormat? {
        if let text = node.scalarText, let format = RecordFormat(rawValue: text) { return format }
        report(node, "format must be one of " + RecordFormat.allCases.map(\.rawValue).joined(separator: ", "))
        return nil
    }

    private mutating func readStages(_ node: Node, into parts: inout Parts) {
        guard let sequence = node.sequence, !sequence.isEmpty else {
            return report(node, "stages must be a non-empty list, e.g. [{kind: passthrough}]")
        }
        for (index, stageNode) in sequence.enumerated() {
            let label = "stage \(index + 1)"
            guard let mapping = stageNode.mapping else {
                report(stageNode, "\(label) must be a mapping with a kind")
                continue
            }
            guard let kindNode = mapping["kind"] else {
                report(stageNode, "\(label) has no kind")
                continue
            }
            guard let kind = kindNode.scalarText, let type = registry.stages[kind] else {
                let known = registry.stages.keys.sorted().joined(separator: ", ")
                report(kindNode, "\(label): unknown stage kind '\(kindNode.string ?? "?")' (known: \(known))")
                continue
            }
            if let stage = readStage(type, mapping: mapping, node: stageNode, label: "\(label) (\(kind))") {
                parts.stages.append(stage)
            }
        }
    }

    private mutating func readStage(_ type: any Stage.Type, mapping: Node.Mapping, node: Node, label: String) -> (any Stage)? {
        let problemsBefore = problems.count
        var values: [String: OptionValue] = [:]
        var keyLines: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard let name = keyNode.string, name != "kind" else { continue }
            keyLines[name] = keyNode
            guard let spec = type.options.first(where: { $0.name == name }) else {
                let known = type.options.map(\.name)
                report(keyNode, "\(label): unknown option '\(name)'" + (known.isEmpty ? " (this stage takes no options)" : " (known: \(known.joined(separator: ", ")))"))
                continue
            }
            if let parsed = optionValue(value, spec: spec, label: label) { values[name] = parsed }
        }
        for spec in type.options where spec.required && keyLines[spec.name] == nil {
            report(node, "\(label): missing option '\(spec.name)' (\(spec.kind.description))")
        }
        guard problems.count == problemsBefore else { return nil }
        do {
            return try type.init(options: StageOptions(values))
        } catch {
            let at = error.option.flatMap { keyLines[$0] } ?? node
            report(at, "\(label): \(error.message)")
            return nil
        }
    }

    private mutating func optionValue(_ node: Node, spec: OptionSpec, label: String) -> OptionValue? {
        let wrongType = "\(label): option '\(spec.name)' must be \(spec.kind.description)"
        switch spec.kind {
        case .string:
            if let text = node.scalarText { return .string(text) }
        case .boolean:
            if node.scalar != nil, let flag = node.bool { return .boolean(flag) }
        case .integer:
            if node.scalar != nil, let number = node.int { return .integer(number) }
        case .stringList:
            if let items = node.sequence {
                let strings = items.compactMap { $0.scalarText }
                if strings.count == items.count { return .stringList(strings) }
            }
        case .stringMap:
            if let pairs = node.stringPairs { return .stringMap(pairs) }
        case let .choice(words):
            if let text = node.scalarText, words.contains(text) { return .string(text) }
        case .file:
            guard let path = node.scalarText else { break }
            let resolved = resolvedPath(path, relativeTo: directory)
            guard FileManager.default.fileExists(atPath: resolved) else {
                report(node, "\(label): option '\(spec.name)': file '\(path)' not found (looked in \(resolved))")
                return nil
            }
            return .file(resolved)
        case .fileMap:
            guard let pairs = node.stringPairs else { break }
            var resolved: [StringPair] = []
            for pair in pairs {
                let path = resolvedPath(pair.value, relativeTo: directory)
                guard FileManager.default.fileExists(atPath: path) else {
                    report(node, "\(label): option '\(spec.name)': \(pair.key): file '\(pair.value)' not found (looked in \(path))")
                    return nil
                }
                resolved.append(StringPair(pair.key, path))
            }
            return .fileMap(resolved)
        case .regex:
            guard let pattern = node.scalarText else { break }
            do {
                return .regex(try PCRE2Pattern(pattern))
            } catch {
                report(node, "\(label): option '\(spec.name)': \(error)")
                return nil
            }
        }
        report(node, wrongType)
        return nil
    }

    private mutating func report(_ node: Node?, _ message: String) {
        found.report(node, message)
    }
}
