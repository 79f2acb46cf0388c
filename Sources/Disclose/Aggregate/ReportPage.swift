/// `report.html`: every published table of a run, each as a numbered figure with a bar chart (inline
/// SVG) above its table, in one self-contained file that needs no network and no JavaScript. Only
/// what disclosure control let through is shown: a suppressed count has no bar and reads as its
/// table's policy symbol (`[c]`), as in the table beneath the chart.
struct ReportPage {
    let tables: [CountTable]

    /// The page, or nil when no table is published.
    func html() -> [UInt8]? {
        let published = tables.filter { $0.spec.disclosure != nil }
        guard !published.isEmpty else { return nil }
        var page = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>Published tables</title>
            <style>
            body { font-family: Arial, Helvetica, sans-serif; color: #0b0c0c; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
            h1 { font-size: 1.8rem; } h2 { font-size: 1.2rem; margin-top: 2.5rem; }
            table { border-collapse: collapse; margin: 0.5rem 0 0.5rem; }
            th, td { border-bottom: 1px solid #b1b4b6; padding: 0.3rem 0.6rem; text-align: right; }
            th:first-child, td:first-child { text-align: left; }
            tr.total td { font-weight: bold; }
            p.note { color: #505a5f; font-size: 0.9rem; }
            </style>
            </head>
            <body>
            <h1>Published tables</h1>
            <p class="note">Counts of fewer than a table's threshold are suppressed and shown by the symbol each figure's note gives, with further cells where they could be worked out from the totals.</p>

            """
        for (index, table) in published.enumerated() {
            page += "<h2>Figure \(index + 1): \(Self.escape(table.spec.title))</h2>\n"
            page += chart(table)
            page += grid(table)
            let policy = table.spec.disclosure!
            page += "<p class=\"note\">Unit: \(Self.escape(table.spec.unit)). \(Self.escape(table.denominator.map { "Percentages are of \($0), rounded by \(table.spec.rounding.rawValue.replacingOccurrences(of: "_", with: " "))." } ?? "")) Disclosure control: \(Self.escape(policy.source)) (\(Self.escape(policy.symbol)): suppressed).</p>\n"
        }
        page += "</body>\n</html>\n"
        return Array(page.utf8)
    }

    private static let colours = ["#1d70b8", "#f47738", "#00703c", "#912b88", "#d4351c", "#5694ca", "#85994b", "#6f72af"]

    /// Horizontal bars: a group per line, a bar per column (a legend when there are several).
    private func chart(_ table: CountTable) -> String {
        let lines = table.rowLabels.count, columns = table.columnLabels.count
        let bar = 16, gap = 8, labelWidth = 230, plotWidth = 380, legend = columns > 1 ? 24 : 0
        let groupHeight = columns * bar + gap
        let height = legend + lines * groupHeight + 4
        let largest = max(1, (0..<lines).flatMap { line in (0..<columns).compactMap { table.shown(line: line, column: $0) } }.max() ?? 1)
        var svg = "<svg width=\"\(labelWidth + plotWidth + 60)\" height=\"\(height)\" role=\"img\" aria-label=\"\(Self.escape(table.spec.title))\" font-family=\"Arial, Helvetica, sans-serif\" font-size=\"13\">\n"
        if columns > 1 {
            var x = labelWidth
            for (column, value) in table.columnLabels.enumerated() {
                // A bare value (a stage's number) reads better with its column's name.
                let label = value.allSatisfy(\.isNumber) ? "\(table.spec.columns?.column ?? "") \(value)" : value
                svg += "<rect x=\"\(x)\" y=\"4\" width=\"12\" height=\"12\" fill=\"\(Self.colours[column % Self.colours.count])\"/>"
                svg += "<text x=\"\(x + 16)\" y=\"14\">\(Self.escape(label))</text>\n"
                x += 24 + 7 * label.count
            }
        }
        for (line, label) in table.rowLabels.enumerated() {
            let top = legend + line * groupHeight
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(top + (columns * bar) / 2 + 5)\" text-anchor=\"end\">\(Self.escape(label))</text>\n"
            for column in 0..<columns {
                let y = top + column * bar
                guard let count = table.shown(line: line, column: column) else {
                    svg += "<text x=\"\(labelWidth + 4)\" y=\"\(y + 12)\" fill=\"#505a5f\">\(Self.escape(table.spec.disclosure?.symbol ?? ""))</text>\n"
                    continue
                }
                let width = count * plotWidth / largest
                svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 1)\" width=\"\(width)\" height=\"\(bar - 2)\" fill=\"\(Self.colours[column % Self.colours.count])\"/>"
                svg += "<text x=\"\(labelWidth + width + 4)\" y=\"\(y + 12)\">\(count)</text>\n"
            }
        }
        return svg + "</svg>\n"
    }

    /// The table as published: the same cells as its CSV.
    private func grid(_ table: CountTable) -> String {
        let rows = table.csvLines()
        var html = "<table>\n<thead><tr>" + rows[0].map { "<th>\(Self.escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for (index, row) in rows.dropFirst().enumerated() {
            let isTotal = index == rows.count - 2 && row.first == "total"
            html += (isTotal ? "<tr class=\"total\">" : "<tr>") + row.map { "<td>\(Self.escape($0))</td>" }.joined() + "</tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
