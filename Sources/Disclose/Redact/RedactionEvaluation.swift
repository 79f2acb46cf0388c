import Foundation

/// Precision, recall, F1 and F2 of the redactor against a labelled corpus (JSON Lines of
/// `{"id", "text", "names", "spans": [{"start", "end", "type"}]}`, offsets in characters).
///
/// A gold span counts as found when spans of its type cover every non-space character of it (a
/// name half redacted is not protected); a predicted span counts as right when it overlaps a gold
/// span of its type. The `ANY` row ignores types: the share of gold spans wholly covered by some
/// redaction is what a requester would not see.
public enum RedactionEvaluation {
    public struct GoldRecord: Decodable, Sendable {
        public let id: String
        public let text: String
        public let names: [String]?
        public let spans: [GoldSpan]
    }

    public struct GoldSpan: Decodable, Sendable, Equatable {
        public let start: Int
        public let end: Int
        public let type: String
    }

    /// One row of the table.
    public struct Score: Sendable, Equatable, Encodable {
        public let type: String
        public var gold = 0
        public var found = 0
        public var predicted = 0
        public var correct = 0

        enum CodingKeys: String, CodingKey { case type, gold, found, predicted, correct, precision, recall, f1, f2 }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(type, forKey: .type)
            try container.encode(gold, forKey: .gold)
            try container.encode(found, forKey: .found)
            try container.encode(predicted, forKey: .predicted)
            try container.encode(correct, forKey: .correct)
            try container.encode(precision, forKey: .precision)
            try container.encode(recall, forKey: .recall)
            try container.encode(f1, forKey: .f1)
            try container.encode(f2, forKey: .f2)
        }

        public var precision: Double { predicted == 0 ? 1 : Double(correct) / Double(predicted) }
        public var recall: Double { gold == 0 ? 1 : Double(found) / Double(gold) }
        public var f1: Double { fScore(beta: 1) }
        /// Recall weighted twice as heavily as precision: a missed name is a breach.
        public var f2: Double { fScore(beta: 2) }

        func fScore(beta: Double) -> Double {
            let p = precision, r = recall, b2 = beta * beta
            return p + r == 0 ? 0 : (1 + b2) * p * r / (b2 * p + r)
        }
    }

    public static func readCorpus(path: String) throws -> [GoldRecord] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let decoder = JSONDecoder()
        return try text.split(separator: "\n").enumerated().map { index, line in
            do {
                return try decoder.decode(GoldRecord.self, from: Data(line.utf8))
            } catch {
                throw EvaluationError.badLine(file: path, line: index + 1)
            }
        }
    }

    /// The redactor `config` describes (built-in detectors, the config's own, allowed and denied
    /// names) run over every record.
    /// `seconds` is the time the records took, after the detectors and the gazetteer were loaded.
    public static func predictAll(_ records: [GoldRecord], config: RedactionConfig) throws
        -> (predicted: [(record: GoldRecord, predictions: [DetectedSpan])], seconds: Double) {
        let redactor = try Redactor(config: config, key: nil)
        if config.gazetteer { _ = Gazetteer.shipped }
        let started = Date()
        let predicted = try records.map { ($0, try predict($0, redactor: redactor)) }
        return (predicted, Date().timeIntervalSince(started))
    }

    /// What the redactor finds in a record's text, with its names as layer a's known names.
    static func predict(_ record: GoldRecord, redactor: Redactor) throws(RegexMatchError) -> [DetectedSpan] {
        var known = KnownNames()
        for name in record.names ?? [] { Array(name.utf8).withUnsafeBytes { known.add($0) } }
        let bytes = Array(record.text.utf8)
        let found = bytes.withUnsafeBytes { raw in Result { () throws(RegexMatchError) in try redactor.spans(in: raw, known: known) } }
        let spans = try found.get()
        // Byte offsets -> character offsets: count the characters that start before each offset.
        var characterAt = [Int](repeating: 0, count: bytes.count + 1)
        var characters = 0
        for (offset, byte) in bytes.enumerated() {
            characterAt[offset] = characters
            if byte & 0xC0 != 0x80 { characters += 1 }
        }
        characterAt[bytes.count] = characters
        // The same spans, with their offsets in characters as the corpus has them.
        return spans.map { DetectedSpan(range: characterAt[$0.span.range.lowerBound]..<characterAt[$0.span.range.upperBound], type: $0.span.type, detector: $0.span.detector) }
    }

    /// Scores per type (sorted), then `ANY`; and per detector, how many of its spans were right.
    public static func score(_ records: [(record: GoldRecord, predictions: [DetectedSpan])]) -> (types: [Score], detectors: [Score]) {
        var byType: [String: Score] = [:]
        var byDetector: [String: Score] = [:]
        var any = Score(type: "ANY")
        for (record, predictions) in records {
            let characters = Array(record.text.unicodeScalars)
            for gold in record.spans {
                byType[gold.type, default: Score(type: gold.type)].gold += 1
                any.gold += 1
                if isFound(gold, in: predictions, sameType: true, characters) { byType[gold.type]!.found += 1 }
                if isFound(gold, in: predictions, sameType: false, characters) { any.found += 1 }
            }
            for prediction in predictions {
                byType[prediction.type, default: Score(type: prediction.type)].predicted += 1
                byDetector[prediction.detector, default: Score(type: prediction.detector)].predicted += 1
                any.predicted += 1
                if isRight(prediction, record, sameType: true) {
                    byType[prediction.type]!.correct += 1
                    byDetector[prediction.detector]!.correct += 1
                }
                if isRight(prediction, record, sameType: false) { any.correct += 1 }
            }
        }
        return (byType.values.sorted { $0.type < $1.type } + [any], byDetector.values.sorted { $0.type < $1.type })
    }

    /// Gold spans not found and predicted spans not right, as `{"id", "kind", "type", "start", "end"}`
    /// lines (offsets only, never the text), for finding out why.
    public static func misses(_ records: [(record: GoldRecord, predictions: [DetectedSpan])]) -> String {
        var lines: [String] = []
        for (record, predictions) in records {
            let characters = Array(record.text.unicodeScalars)
            for gold in record.spans where !isFound(gold, in: predictions, sameType: true, characters) {
                lines.append(#"{"id":"\#(record.id)","kind":"missed","type":"\#(gold.type)","start":\#(gold.start),"end":\#(gold.end)}"#)
            }
            for prediction in predictions where !isRight(prediction, record, sameType: true) {
                lines.append(#"{"id":"\#(record.id)","kind":"wrong","type":"\#(prediction.type)","detector":"\#(prediction.detector)","start":\#(prediction.range.lowerBound),"end":\#(prediction.range.upperBound)}"#)
            }
        }
        return lines.map { $0 + "\n" }.joined()
    }

    /// Whether predicted spans (of the gold span's type, or of any type) cover every non-space
    /// character of `gold`: a name half redacted is not protected.
    private static func isFound(_ gold: GoldSpan, in predictions: [DetectedSpan], sameType: Bool, _ characters: [Unicode.Scalar]) -> Bool {
        let covering = sameType ? predictions.filter { $0.type == gold.type } : predictions
        return (gold.start..<gold.end).allSatisfy { index in
            characters[index].properties.isWhitespace || covering.contains { $0.range.contains(index) }
        }
    }

    /// Whether a predicted span overlaps a gold span (of its type, or of any type).
    private static func isRight(_ prediction: DetectedSpan, _ record: GoldRecord, sameType: Bool) -> Bool {
        record.spans.contains { (!sameType || $0.type == prediction.type) && $0.start < prediction.range.upperBound && prediction.range.lowerBound < $0.end }
    }

    /// The scores as a Markdown table.
    public static func table(_ scores: [Score], first: String = "type") -> String {
        var lines = ["| \(first) | gold | found | predicted | right | precision | recall | F1 | F2 |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for score in scores {
            let numbers = [score.precision, score.recall, score.f1, score.f2].map { String(format: "%.3f", $0) }
            lines.append("| \(score.type) | \(score.gold) | \(score.found) | \(score.predicted) | \(score.correct) | " + numbers.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// A corpus line that is not a record.
public enum EvaluationError: Error, CustomStringConvertible {
    case badLine(file: String, line: Int)

    public var description: String {
        switch self {
        case let .badLine(file, line): "\(file):\(line): not a corpus record {\"id\", \"text\", \"names\", \"spans\"}"
        }
    }
}
