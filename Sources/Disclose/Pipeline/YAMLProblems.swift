import Foundation
import Yams

/// Collects what is wrong with a YAML file the user wrote, each with its line, so that a checker
/// reports every problem at once rather than stopping at the first.
struct YAMLProblems {
    let file: String
    private(set) var list: [PipelineProblem] = []

    init(file: String) {
        self.file = file
    }

    var isEmpty: Bool { list.isEmpty }

    /// A YAML file the user wrote whose top level must be a mapping: its root, the mapping, the
    /// folder its paths are relative to, and the problems collector to carry on with.
    struct MappingFile {
        let root: Node
        let top: Node.Mapping
        let directory: String
        var problems: YAMLProblems
    }

    /// Reads `path` as a mapping; `what` names the file in messages, `expected` its keys.
    static func readMapping(path: String, what: String, expected: String) throws(PipelineError) -> MappingFile {
        var problems = YAMLProblems(file: path)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            problems.report(line: nil, "cannot read the \(what)")
            throw PipelineError(problems: problems.list)
        }
        guard let root = problems.compose(text) else { throw PipelineError(problems: problems.list) }
        guard let top = root.mapping else {
            problems.report(root, "the \(what) must be a mapping (\(expected))")
            throw PipelineError(problems: problems.list)
        }
        return MappingFile(root: root, top: top, directory: (path as NSString).deletingLastPathComponent, problems: problems)
    }

    /// Loads the file a scalar node names (relative to `directory`) with `load`; its problems are
    /// reported at the node's line. Nil if the node is not a path or the file has problems.
    mutating func loadReferenced<T>(_ node: Node, directory: String, what: String,
                                    _ load: (String) throws(PipelineError) -> T) -> T? {
        guard let file = node.scalarText else {
            report(node, "\(what) must be a path")
            return nil
        }
        do {
            return try load(resolvedPath(file, relativeTo: directory))
        } catch {
            for problem in error.problems { report(line: node.mark?.line, "\(what): \(problem)") }
            return nil
        }
    }

    /// The document's root node, or nil (with the problem reported) if it is empty or not YAML.
    mutating func compose(_ text: String) -> Node? {
        do {
            // No implicit tags: Yams would otherwise run up to seven regular expressions on every
            // mapping key (as it checks keys for duplicates) to find its type, milliseconds a
            // run. The readers ask no scalar its tag: `int` reads a plain scalar's digits, `bool`
            // a plain scalar's true/false, yes/no or on/off in any case, either way.
            guard let root = try Yams.compose(yaml: text, .basic) else {
                report(line: nil, "the file is empty")
                return nil
            }
            return root
        } catch let error as YamlError {
            report(line: Self.line(of: error), "not valid YAML: \(Self.problem(of: error))")
        } catch {
            report(line: nil, "not valid YAML")
        }
        return nil
    }

    mutating func report(_ node: Node?, _ message: String) {
        report(line: node?.mark?.line, message)
    }

    mutating func report(line: Int?, _ message: String) {
        list.append(PipelineProblem(file: file, line: line, message: message))
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _): mark.line
        default: nil
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case let .scanner(_, problem, _, _), let .parser(_, problem, _, _), let .composer(_, problem, _, _): problem
        case let .duplicatedKeysInMapping(duplicates, _): "duplicate keys: " + duplicates.joined(separator: ", ")
        default: "\(error)"
        }
    }
}

/// `path` as written in a file in `directory`: absolute paths as they are, others relative to it.
func resolvedPath(_ path: String, relativeTo directory: String) -> String {
    path.hasPrefix("/") || directory.isEmpty ? path : directory + "/" + path
}

extension Node {
    /// The text of a plain or quoted scalar; nil for a mapping or a list.
    var scalarText: String? { scalar?.string }

    /// A list's items; none for anything else. (Not `sequence ?? []`: an empty `Node.Sequence`
    /// makes Yams compile its default resolver's regular expressions.)
    var items: [Node] { sequence.map(Array.init) ?? [] }

    /// A mapping's keys and values in file order; none for anything else (see `items`).
    var pairs: [(key: Node, value: Node)] { mapping.map(Array.init) ?? [] }

    /// A mapping of scalars to scalars, in file order; nil if the node is anything else.
    var stringPairs: [StringPair]? {
        guard let mapping else { return nil }
        var pairs: [StringPair] = []
        for (key, value) in mapping {
            guard let from = key.scalarText, let to = value.scalarText else { return nil }
            pairs.append(StringPair(from, to))
        }
        return pairs
    }
}
