/// Renders `TableView`s as aligned text. On a terminal, wide tables are shortened to fit by cutting the
/// widest cells with "…"; elsewhere nothing is cut. Control characters from servers never reach the terminal.
public struct TableRenderer: Sendable {
    public var width: Int?
    public var style: Style

    public init(width: Int?, style: Style) {
        self.width = width
        self.style = style
    }

    public func render(_ view: TableView) -> String {
        switch view {
        case .list(let columns, let rows):
            return renderList(columns: columns, rows: rows)
        case .details(let details):
            let labelWidth = details.map(\.label.count).max() ?? 0
            return details.map { d in
                style.bold(d.label.uppercased().padding(to: labelWidth)) + "   " + TableRenderer.clean(d.value)
            }.joined(separator: "\n") + (details.isEmpty ? "" : "\n")
        case .lines(let lines):
            return lines.map { TableRenderer.clean($0) + "\n" }.joined()
        case .raw(let text):
            return text
        case .none:
            return ""
        }
    }

    private func renderList(columns: [String], rows: [[String]]) -> String {
        let cleaned = rows.map { $0.map(TableRenderer.clean) }
        var widths = columns.indices.map { i in max(columns[i].count, cleaned.map { i < $0.count ? $0[i].count : 0 }.max() ?? 0) }
        let gap = 3
        if let width {
            // Shrink the widest column, one character at a time, until the row fits (keeping at least 8).
            var total = widths.reduce(0, +) + gap * (widths.count - 1)
            while total > width, let widest = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[widest] > 8 {
                widths[widest] -= 1
                total -= 1
            }
        }
        func line(_ cells: [String], header: Bool) -> String {
            var parts: [String] = []
            for (i, w) in widths.enumerated() {
                var cell = i < cells.count ? cells[i] : ""
                if cell.count > w { cell = String(cell.prefix(max(0, w - 1))) + "…" }
                let isLast = i == widths.count - 1
                let padded = isLast ? cell : cell.padding(to: w)
                parts.append(header ? style.bold(padded) : padded)
            }
            var text = parts.joined(separator: String(repeating: " ", count: gap))
            while text.hasSuffix(" ") { text.removeLast() }
            return text + "\n"
        }
        return line(columns, header: true) + cleaned.map { line($0, header: false) }.joined()
    }

    /// Replaces control characters (tabs, newlines, escapes) with visible stand-ins.
    static func clean(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || (0x80..<0xA0).contains($0.value) }) else { return s }
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\n": out.append(contentsOf: "\\n".unicodeScalars)
            case "\t": out.append(" ")
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value):
                out.append("?")
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}

/// ANSI styling, only when allowed (a terminal, and no `--no-color`/`NO_COLOR`).
public struct Style: Sendable {
    public var enabled: Bool
    public init(enabled: Bool) { self.enabled = enabled }

    public func bold(_ s: String) -> String { wrap(s, "1") }
    public func red(_ s: String) -> String { wrap(s, "31") }
    public func yellow(_ s: String) -> String { wrap(s, "33") }
    public func green(_ s: String) -> String { wrap(s, "32") }
    public func dim(_ s: String) -> String { wrap(s, "2") }

    private func wrap(_ s: String, _ code: String) -> String {
        enabled && !s.isEmpty ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
    }
}
