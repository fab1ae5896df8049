import VMCtlSupport
/// Renders `TableView`s as aligned text. On a terminal, a table too wide for it is shortened to fit by
/// cutting the widest cells with "…", ID columns last, so IDs stay whole unless nothing else can give;
/// elsewhere nothing is cut. Control characters from servers never reach the terminal.
public struct TableRenderer: Sendable {
    public var width: Int?
    public var style: Style

    public init(width: Int?, style: Style) {
        self.width = width
        self.style = style
    }

    static let gap = 3
    /// Text is handed on in pieces of about this size, so a long list is never held whole as text.
    static let chunkBytes = 64 << 10

    public func render(_ view: TableView) -> String {
        switch view {
        case .list(let columns, let rows):
            var text: [UInt8] = []
            renderList(columns: columns, count: rows.count, row: { rows[$0] }) { text.append(contentsOf: $0) }
            return String(decoding: text, as: UTF8.self)
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

    /// Renders a list of `count` rows, asking `row` for each one's cells once, and hands the text to `emit`
    /// in chunks. Column widths need every row before the first line is printed, so the rows are kept
    /// between measuring and printing (their cells mostly share the items' strings), not their text.
    /// With `keepRows` false, `row` is asked twice for each row instead (once to measure, once to print),
    /// and no row is kept: for a list read back from a spool (`ListSpool`), whose memory must stay flat.
    public func renderList(columns: [String], count: Int, row: (Int) -> [String], keepRows: Bool = true, emit: ([UInt8]) -> Void) {
        var widths = columns.map(\.count)
        var rows: [[String]] = []
        // Whether each row is printable ASCII only, found while measuring, for the byte path below.
        var asciiRows: [Bool] = []
        if keepRows {
            rows.reserveCapacity(count)
            asciiRows.reserveCapacity(count)
        }
        func measure(_ cells: [String]) -> Bool {
            var ascii = true
            for c in columns.indices where c < cells.count {
                let printable = TableRenderer.printableASCII(cells[c])
                ascii = ascii && printable
                let length = printable ? cells[c].utf8.count : TableRenderer.clean(cells[c]).count
                if length > widths[c] { widths[c] = length }
            }
            return ascii
        }
        for i in 0..<count {
            let cells = row(i)
            let ascii = measure(cells)
            if keepRows {
                rows.append(cells)
                asciiRows.append(ascii)
            }
        }
        if let width { widths = fit(widths, columns: columns, into: width) }

        var out = Array(line(columns, widths: widths, header: true).utf8)
        for i in 0..<count {
            let cells = keepRows ? rows[i] : row(i)
            let ascii = keepRows ? asciiRows[i] : cells.allSatisfy(TableRenderer.printableASCII)
            if !ascii {
                // Text to clean, or other than ASCII: the character-aware path.
                out.append(contentsOf: line(cells.map(TableRenderer.clean), widths: widths, header: false).utf8)
            } else {
                let lineStart = out.count
                for (c, w) in widths.enumerated() {
                    if c > 0 { out.appendBlanks(TableRenderer.gap) }
                    let cell = c < cells.count ? cells[c] : ""
                    let length = cell.utf8.count
                    if length > w {
                        out.append(contentsOf: cell.utf8.prefix(max(0, w - 1)))
                        out.append(contentsOf: TableRenderer.ellipsis)
                    } else {
                        out.append(contentsOf: cell.utf8)
                        if c < widths.count - 1 { out.appendBlanks(w - length) }
                    }
                }
                while out.count > lineStart, out.last == UInt8(ascii: " ") { out.removeLast() }
                out.append(UInt8(ascii: "\n"))
            }
            if out.count >= TableRenderer.chunkBytes {
                emit(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        if !out.isEmpty { emit(out) }
    }

    /// Printable ASCII only: nothing to clean, one character per byte.
    static func printableASCII(_ s: String) -> Bool {
        s.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    private static let ellipsis = Array("…".utf8)

    /// Narrows `widths` until the row fits in `width`: the widest column first, one character at a time,
    /// none below 8; ID columns only once no other column can give.
    func fit(_ widths: [Int], columns: [String], into width: Int) -> [Int] {
        var widths = widths
        var total = widths.reduce(0, +) + TableRenderer.gap * (widths.count - 1)
        let isID = columns.map { $0 == "ID" || $0.hasSuffix(" ID") }
        for idsToo in [false, true] {
            while total > width,
                  let widest = widths.indices.filter({ idsToo || !isID[$0] }).max(by: { widths[$0] < widths[$1] }),
                  widths[widest] > 8 {
                widths[widest] -= 1
                total -= 1
            }
        }
        return widths
    }

    /// One line of cells padded to `widths`, a cell too long cut with "…", trailing spaces removed.
    private func line(_ cells: [String], widths: [Int], header: Bool) -> String {
        var parts: [String] = []
        for (i, w) in widths.enumerated() {
            var cell = i < cells.count ? cells[i] : ""
            if cell.count > w { cell = String(cell.prefix(max(0, w - 1))) + "…" }
            let isLast = i == widths.count - 1
            let padded = isLast ? cell : cell.padding(to: w)
            parts.append(header ? style.bold(padded) : padded)
        }
        var text = parts.joined(separator: String(repeating: " ", count: TableRenderer.gap))
        while text.hasSuffix(" ") { text.removeLast() }
        return text + "\n"
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
