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

    /// The document's root node, or nil (with the problem reported) if it is empty or not YAML.
    mutating func compose(_ text: String) -> Node? {
        do {
            guard let root = try Yams.compose(yaml: text) else {
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

extension Node {
    /// The text of a plain or quoted scalar; nil for a mapping or a list.
    var scalarText: String? { scalar?.string }

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
