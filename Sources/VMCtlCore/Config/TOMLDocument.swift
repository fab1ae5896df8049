import Foundation
import VMCtlSupport

/// The TOML subset vmctl reads and writes: comments, `key = "string"` (basic or literal), `key = true|false`,
/// integers, and `[[profile]]` tables. The document keeps every original line, so edits (set a key, add or
/// remove a table) leave the user's comments and layout alone. Errors name the line.
///
/// Read with `.foreign`, it also takes another program's TOML file (`profile import` reads influxctl's and
/// the influx CLI's): any `[table]` and `[[array]]` header, dotted keys, and values vmctl never reads
/// (arrays, also over several lines, inline tables, floats, dates), kept as written. Such a file may hold
/// secrets, so its errors name the line and what is wrong with it, never the line's text.
public struct TOMLDocument: Equatable, Sendable {
    public enum Value: Equatable, Sendable {
        case string(String)
        case bool(Bool)
        case integer(Int64)
        /// A value of a kind vmctl's config never holds (an array, an inline table, a float, a date), as
        /// written; only a `.foreign` document has one.
        case unread(String)

        /// The value as TOML source.
        public var source: String {
            switch self {
            case .string(let s): return TOMLDocument.quote(s)
            case .bool(let b): return b ? "true" : "false"
            case .integer(let i): return String(i)
            case .unread(let text): return text
            }
        }

        public var typeName: String {
            switch self {
            case .string: return "a string"
            case .bool: return "true or false"
            case .integer: return "an integer"
            case .unread: return "an array, a table, a float or a date"
            }
        }
    }

    /// What a document may hold.
    public enum Dialect: Sendable {
        /// vmctl's config: `[[profile]]` tables and the scalar values above.
        case config
        /// Another program's file, read only.
        case foreign
    }

    /// One line of the file and, when it is a `key = value` line, what it says.
    public struct Line: Equatable, Sendable {
        public var text: String
        public var key: String?
        public var value: Value?
        /// 1-based line number in the file as read; nil for lines added since.
        public var number: Int?
    }

    /// A table's header: `[[profile]]`, `[profile.auth.oauth2]`, `["my config"]`.
    public struct Header: Equatable, Sendable {
        /// The table's name part by part, unquoted: `["profile", "auth", "oauth2"]`.
        public var path: [String]
        /// `[[name]]`: one more element of an array of tables.
        public var isArray: Bool

        public init(path: [String], isArray: Bool) {
            self.path = path
            self.isArray = isArray
        }
    }

    /// The lines before the first table header (the root table), or one table with its header and lines.
    public struct Section: Equatable, Sendable {
        /// nil for the root table.
        public var header: Header?
        public var lines: [Line]

        public init(header: Header?, lines: [Line]) {
            self.header = header
            self.lines = lines
        }

        /// The name of an array of tables this table is an element of, e.g. "profile"; nil for the root and
        /// for plain tables.
        public var arrayName: String? { header.flatMap { $0.isArray ? $0.path.joined(separator: ".") : nil } }
        /// 1-based number of the header line, if any.
        public var headerLine: Int? { header == nil ? nil : lines.first { $0.key == nil && $0.text.trimmed.hasPrefix("[") }?.number }

        public var entries: [(key: String, value: Value, line: Int?)] {
            lines.compactMap { line in line.key.map { ($0, line.value!, line.number) } }
        }

        public func value(_ key: String) -> Value? { lines.first { $0.key == key }?.value }

        public func line(of key: String) -> Int? { lines.first { $0.key == key }?.number }

        /// Sets `key`, replacing its line or adding one after the last key line.
        public mutating func set(_ key: String, _ value: Value) {
            let newLine = Line(text: "\(key) = \(value.source)", key: key, value: value, number: nil)
            if let i = lines.firstIndex(where: { $0.key == key }) {
                lines[i] = newLine
            } else if let last = lines.lastIndex(where: { $0.key != nil || ($0.text.trimmed.hasPrefix("[")) }) {
                lines.insert(newLine, at: last + 1)
            } else {
                lines.insert(newLine, at: lines.firstIndex { !$0.text.trimmed.hasPrefix("#") } ?? lines.count)
            }
        }

        public mutating func remove(_ key: String) {
            lines.removeAll { $0.key == key }
        }
    }

    public var sections: [Section]

    public init() { sections = [Section(header: nil, lines: [])] }

    public var root: Section {
        get { sections[0] }
        set { sections[0] = newValue }
    }

    /// Parses `text`. `name` is how errors refer to the file.
    public init(parsing text: String, name: String, dialect: Dialect = .config) throws {
        let foreign = dialect == .foreign
        var sections = [Section(header: nil, lines: [])]
        var seenKeys = Set<String>()
        // Split on bytes: "\r\n" is one Character, so a Character split would miss Windows line ends.
        // Every carriage return before a line end goes with it (CR LF, and the CR CR LF of a file converted
        // twice): a line written back with a plain LF then reads back the same.
        let rawLines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            String(Substring(line[..<(line.lastIndex { $0 != UInt8(ascii: "\r") }.map(line.index(after:)) ?? line.startIndex)]))
        }
        // A final newline is not an extra empty line.
        let lines = rawLines.last == "" ? Array(rawLines.dropLast()) : rawLines
        var index = 0
        while index < lines.count {
            let text = lines[index]
            let number = index + 1
            index += 1
            func fail(_ message: String, foreign foreignMessage: String? = nil) -> VMCtlError {
                .config("\(name):\(number): \(foreign ? foreignMessage ?? message : message)")
            }
            let body = TOMLDocument.stripComment(text).trimmed
            if body.isEmpty {
                sections[sections.count - 1].lines.append(Line(text: text, key: nil, value: nil, number: number))
                continue
            }
            if body.hasPrefix("[") {
                let header: Header
                if foreign {
                    guard let read = TOMLDocument.header(body) else { throw fail("invalid table header") }
                    header = read
                } else {
                    guard body.hasPrefix("[["), body.hasSuffix("]]") else {
                        throw fail("unsupported table \(body): vmctl's config holds only [[profile]] tables")
                    }
                    let name = String(body.dropFirst(2).dropLast(2)).trimmed
                    guard name == "profile" else {
                        throw fail("unknown table [[\(name)]]: vmctl's config holds only [[profile]] tables")
                    }
                    header = Header(path: [name], isArray: true)
                }
                // Comment lines directly above a header describe that table: they go with it.
                var carried: [Line] = []
                while let last = sections[sections.count - 1].lines.last, last.key == nil, last.text.trimmed.hasPrefix("#") {
                    carried.insert(sections[sections.count - 1].lines.removeLast(), at: 0)
                }
                sections.append(Section(header: header, lines: carried + [Line(text: text, key: nil, value: nil, number: number)]))
                seenKeys = []
                continue
            }
            guard let eq = body.firstIndex(of: "=") else {
                throw fail("expected key = value, got \"\(body)\"", foreign: "expected key = value")
            }
            let key = String(body[..<eq]).trimmed
            guard !key.isEmpty, key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || (foreign && $0 == ".")) }) else {
                throw fail("invalid key \"\(key)\": use letters, digits, _ and -", foreign: "invalid key")
            }
            var valueText = String(body[body.index(after: eq)...]).trimmed
            var lineText = text
            let value: Value
            if foreign, let opening = valueText.unicodeScalars.first, opening == "[" || opening == "{" {
                // An array may go on over the lines that follow, up to its closing bracket.
                var depth = TOMLDocument.bracketDepth(valueText)
                while depth > 0 && index < lines.count {
                    let more = TOMLDocument.stripComment(lines[index]).trimmed
                    lineText += "\n" + lines[index]
                    valueText += " " + more
                    depth += TOMLDocument.bracketDepth(more)
                    index += 1
                }
                guard depth == 0 else { throw fail("unclosed \(opening == "[" ? "array" : "inline table")") }
                value = .unread(valueText)
            } else {
                do {
                    value = try TOMLDocument.parseValue(valueText, dialect: dialect)
                } catch let error as ValueError {
                    throw fail(error.message, foreign: error.summary)
                }
            }
            guard seenKeys.insert(key).inserted else {
                throw fail("\(key) is set twice in the same table")
            }
            sections[sections.count - 1].lines.append(Line(text: lineText, key: key, value: value, number: number))
        }
        self.sections = sections
    }

    /// The document as TOML text, ending with a newline.
    public func render() -> String {
        // Tables are set off by a blank line, also where an edit left none (a key added above the first table).
        var lines: [String] = []
        for section in sections {
            if section.header != nil, let last = lines.last, !last.trimmed.isEmpty { lines.append("") }
            lines += section.lines.map(\.text)
        }
        var out = lines.joined(separator: "\n")
        while out.hasSuffix("\n") { out.removeLast() }
        return out.isEmpty ? "" : out + "\n"
    }

    /// Appends a `[[name]]` table with these entries, separated from what is above by a blank line.
    public mutating func appendTable(_ name: String, _ entries: [(String, Value)]) {
        var lines = [Line(text: "[[\(name)]]", key: nil, value: nil, number: nil)]
        for (key, value) in entries {
            lines.append(Line(text: "\(key) = \(value.source)", key: key, value: value, number: nil))
        }
        sections.append(Section(header: Header(path: [name], isArray: true), lines: lines))
    }

    // MARK: - Headers of another program's tables

    /// `[a.b]`, `[[a]]`, `[ "x y" . 'z' ]`: the header's parts, unquoted; nil when it is not a valid header.
    static func header(_ body: String) -> Header? {
        let isArray = body.hasPrefix("[[") && body.hasSuffix("]]")
        guard isArray || (body.hasPrefix("[") && body.hasSuffix("]")) else { return nil }
        var rest = Substring(isArray ? body.dropFirst(2).dropLast(2) : body.dropFirst().dropLast()).unicodeScalars[...]
        var parts: [String] = []
        while true {
            while let c = rest.first, c == " " || c == "\t" { rest.removeFirst() }
            guard let first = rest.first else { return nil }
            if first == "\"" || first == "'" {
                // A quoted part runs to its closing quote; a basic one may escape a quote.
                rest.removeFirst()
                var raw = String.UnicodeScalarView()
                var escaped = false
                while let c = rest.first, escaped || c != first {
                    escaped = !escaped && first == "\"" && c == "\\"
                    raw.append(c)
                    rest.removeFirst()
                }
                guard rest.first == first else { return nil }
                rest.removeFirst()
                if first == "'" {
                    parts.append(String(raw))
                } else {
                    guard let text = try? unescape(String(raw)) else { return nil }
                    parts.append(text)
                }
            } else {
                var bare = String.UnicodeScalarView()
                while let c = rest.first, ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_" || c == "-" {
                    bare.append(c)
                    rest.removeFirst()
                }
                guard !bare.isEmpty else { return nil }
                parts.append(String(bare))
            }
            while let c = rest.first, c == " " || c == "\t" { rest.removeFirst() }
            guard let next = rest.first else { return Header(path: parts, isArray: isArray) }
            guard next == "." else { return nil }
            rest.removeFirst()
        }
    }

    /// How many more brackets a line's value opens than it closes, outside strings.
    static func bracketDepth(_ text: String) -> Int {
        var depth = 0
        var quote: Unicode.Scalar?
        var escaped = false
        for c in text.unicodeScalars {
            if let open = quote {
                if escaped { escaped = false } else if c == "\\" && open == "\"" { escaped = true } else if c == open { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "[" || c == "{" {
                depth += 1
            } else if c == "]" || c == "}" {
                depth -= 1
            }
        }
        return depth
    }

    // MARK: - Values

    struct ValueError: Error {
        var message: String
        /// The message without the value's text, for a file that may hold secrets.
        var summary: String

        init(message: String, summary: String? = nil) {
            self.message = message
            self.summary = summary ?? message
        }
    }

    static func parseValue(_ text: String, dialect: Dialect = .config) throws -> Value {
        if text == "true" { return .bool(true) }
        if text == "false" { return .bool(false) }
        // Quotes are found by Unicode scalar, not by Character: a quote followed by a combining mark
        // (`"\u{361}…`) is one Character, and must still open (or close) the string.
        let scalars = text.unicodeScalars
        if scalars.first == "\"" {
            guard scalars.count >= 2, scalars.last == "\"", !scalars.starts(with: "\"\"\"".unicodeScalars) else {
                throw ValueError(message: "unterminated string \(text)", summary: "unterminated string")
            }
            return .string(try unescape(String(scalars.dropFirst().dropLast())))
        }
        if scalars.first == "'" {
            guard scalars.count >= 2, scalars.last == "'", !scalars.starts(with: "'''".unicodeScalars) else {
                throw ValueError(message: "unterminated string \(text)", summary: "unterminated string")
            }
            let inner = scalars.dropFirst().dropLast()
            guard !inner.contains("'") else { throw ValueError(message: "unexpected ' inside a literal string") }
            return .string(String(inner))
        }
        let digits = text.replacingOccurrences(of: "_", with: "")
        if let i = Int64(digits), !text.hasPrefix("_"), !text.hasSuffix("_"), !text.contains("__") {
            return .integer(i)
        }
        if text.isEmpty { throw ValueError(message: "missing value after =") }
        // Another program's file may hold floats, dates and times (`1.5`, `inf`, `1979-05-27T07:32:00Z`),
        // which vmctl never reads: kept as written, so long as the line holds nothing else.
        if dialect == .foreign, text.unicodeScalars.allSatisfy({ CharacterClass.alphanumeric($0) || "+-_.: ".unicodeScalars.contains($0) }) {
            return .unread(text)
        }
        throw ValueError(message: "unsupported value \(text): use a \"quoted string\", true, false or an integer", summary: "unsupported value")
    }

    static func unescape(_ s: String) throws -> String {
        var out = String.UnicodeScalarView()
        var it = s.unicodeScalars.makeIterator()
        while let c = it.next() {
            if c == "\"" { throw ValueError(message: "unexpected \" inside a string; escape it as \\\"") }
            if c.value < 0x20 && c != "\t" { throw ValueError(message: "control character inside a string") }
            guard c == "\\" else { out.append(c); continue }
            guard let e = it.next() else { throw ValueError(message: "string ends with a lone backslash") }
            switch e {
            case "b": out.append("\u{08}")
            case "t": out.append("\t")
            case "n": out.append("\n")
            case "f": out.append("\u{0C}")
            case "r": out.append("\r")
            case "\"": out.append("\"")
            case "\\": out.append("\\")
            case "u", "U":
                let count = e == "u" ? 4 : 8
                var hex = ""
                for _ in 0..<count { if let h = it.next() { hex.unicodeScalars.append(h) } }
                guard hex.count == count, let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) else {
                    throw ValueError(message: "invalid unicode escape \\\(e)\(hex)", summary: "invalid unicode escape")
                }
                out.append(scalar)
            default:
                throw ValueError(message: "invalid escape \\\(e)", summary: "invalid escape")
            }
        }
        return String(out)
    }

    /// A basic string literal. TOML's basic strings take the same escapes as JSON strings, so JSON's
    /// string writer serves both.
    static func quote(_ s: String) -> String {
        JSONValue.string(s).serialized()
    }

    /// The line without a trailing `# comment`, leaving `#` inside strings alone.
    static func stripComment(_ line: String) -> String {
        var inBasic = false, inLiteral = false, escaped = false
        let bytes = line.utf8
        for index in bytes.indices {
            let c = bytes[index]
            if inBasic {
                if escaped { escaped = false } else if c == UInt8(ascii: "\\") { escaped = true } else if c == UInt8(ascii: "\"") { inBasic = false }
            } else if inLiteral {
                if c == UInt8(ascii: "'") { inLiteral = false }
            } else if c == UInt8(ascii: "\"") {
                inBasic = true
            } else if c == UInt8(ascii: "'") {
                inLiteral = true
            } else if c == UInt8(ascii: "#") {
                return String(line[..<index])
            }
        }
        return line
    }
}

extension String {
    /// Without leading and trailing spaces and tabs, TOML's whitespace. Byte-wise: this runs for every
    /// line of the config on every command.
    var trimmed: String {
        let bytes = utf8
        var start = bytes.startIndex, end = bytes.endIndex
        func isBlank(_ b: UInt8) -> Bool { b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") }
        while start < end, isBlank(bytes[start]) { start = bytes.index(after: start) }
        while start < end, isBlank(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        return String(self[start..<end])
    }
}
