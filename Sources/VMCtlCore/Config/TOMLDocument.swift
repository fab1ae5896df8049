import Foundation
import VMCtlSupport

/// The TOML subset vmctl reads and writes: comments, `key = "string"` (basic or literal), `key = true|false`,
/// integers, and `[[profile]]` tables. The document keeps every original line, so edits (set a key, add or
/// remove a table) leave the user's comments and layout alone. Errors name the line.
public struct TOMLDocument: Equatable, Sendable {
    public enum Value: Equatable, Sendable {
        case string(String)
        case bool(Bool)
        case integer(Int64)

        /// The value as TOML source.
        public var source: String {
            switch self {
            case .string(let s): return TOMLDocument.quote(s)
            case .bool(let b): return b ? "true" : "false"
            case .integer(let i): return String(i)
            }
        }

        public var typeName: String {
            switch self {
            case .string: return "a string"
            case .bool: return "true or false"
            case .integer: return "an integer"
            }
        }
    }

    /// One line of the file and, when it is a `key = value` line, what it says.
    public struct Line: Equatable, Sendable {
        public var text: String
        public var key: String?
        public var value: Value?
        /// 1-based line number in the file as read; nil for lines added since.
        public var number: Int?
    }

    /// The lines before the first table header (the root table), or one `[[name]]` table with its lines.
    public struct Section: Equatable, Sendable {
        /// nil for the root table; otherwise the array-of-tables name, e.g. "profile".
        public var arrayName: String?
        public var lines: [Line]
        /// 1-based number of the header line, if any.
        public var headerLine: Int? { arrayName == nil ? nil : lines.first { $0.key == nil && $0.text.trimmed.hasPrefix("[[") }?.number }

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
            } else if let last = lines.lastIndex(where: { $0.key != nil || ($0.text.trimmed.hasPrefix("[[")) }) {
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

    public init() { sections = [Section(arrayName: nil, lines: [])] }

    public var root: Section {
        get { sections[0] }
        set { sections[0] = newValue }
    }

    /// Parses `text`. `name` is how errors refer to the file.
    public init(parsing text: String, name: String) throws {
        var sections = [Section(arrayName: nil, lines: [])]
        var seenKeys = Set<String>()
        // Split on bytes: "\r\n" is one Character, so a Character split would miss Windows line ends.
        // Every carriage return before a line end goes with it (CR LF, and the CR CR LF of a file converted
        // twice): a line written back with a plain LF then reads back the same.
        let rawLines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            String(Substring(line[..<(line.lastIndex { $0 != UInt8(ascii: "\r") }.map(line.index(after:)) ?? line.startIndex)]))
        }
        // A final newline is not an extra empty line.
        let lines = rawLines.last == "" ? Array(rawLines.dropLast()) : rawLines
        for (offset, text) in lines.enumerated() {
            let number = offset + 1
            func fail(_ message: String) -> VMCtlError {
                .config("\(name):\(number): \(message)")
            }
            let body = TOMLDocument.stripComment(text).trimmed
            if body.isEmpty {
                sections[sections.count - 1].lines.append(Line(text: text, key: nil, value: nil, number: number))
                continue
            }
            if body.hasPrefix("[") {
                guard body.hasPrefix("[["), body.hasSuffix("]]") else {
                    throw fail("unsupported table \(body): vmctl's config holds only [[profile]] tables")
                }
                let name = String(body.dropFirst(2).dropLast(2)).trimmed
                guard name == "profile" else {
                    throw fail("unknown table [[\(name)]]: vmctl's config holds only [[profile]] tables")
                }
                // Comment lines directly above a header describe that table: they go with it.
                var carried: [Line] = []
                while let last = sections[sections.count - 1].lines.last, last.key == nil, last.text.trimmed.hasPrefix("#") {
                    carried.insert(sections[sections.count - 1].lines.removeLast(), at: 0)
                }
                sections.append(Section(arrayName: name, lines: carried + [Line(text: text, key: nil, value: nil, number: number)]))
                seenKeys = []
                continue
            }
            guard let eq = body.firstIndex(of: "=") else {
                throw fail("expected key = value, got \"\(body)\"")
            }
            let key = String(body[..<eq]).trimmed
            guard !key.isEmpty, key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
                throw fail("invalid key \"\(key)\": use letters, digits, _ and -")
            }
            let valueText = String(body[body.index(after: eq)...]).trimmed
            let value: Value
            do {
                value = try TOMLDocument.parseValue(valueText)
            } catch let error as ValueError {
                throw fail(error.message)
            }
            guard seenKeys.insert(key).inserted else {
                throw fail("\(key) is set twice in the same table")
            }
            sections[sections.count - 1].lines.append(Line(text: text, key: key, value: value, number: number))
        }
        self.sections = sections
    }

    /// The document as TOML text, ending with a newline.
    public func render() -> String {
        // Tables are set off by a blank line, also where an edit left none (a key added above the first table).
        var lines: [String] = []
        for section in sections {
            if section.arrayName != nil, let last = lines.last, !last.trimmed.isEmpty { lines.append("") }
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
        sections.append(Section(arrayName: name, lines: lines))
    }

    // MARK: - Values

    struct ValueError: Error { var message: String }

    static func parseValue(_ text: String) throws -> Value {
        if text == "true" { return .bool(true) }
        if text == "false" { return .bool(false) }
        // Quotes are found by Unicode scalar, not by Character: a quote followed by a combining mark
        // (`"\u{361}…`) is one Character, and must still open (or close) the string.
        let scalars = text.unicodeScalars
        if scalars.first == "\"" {
            guard scalars.count >= 2, scalars.last == "\"", !scalars.starts(with: "\"\"\"".unicodeScalars) else {
                throw ValueError(message: "unterminated string \(text)")
            }
            return .string(try unescape(String(scalars.dropFirst().dropLast())))
        }
        if scalars.first == "'" {
            guard scalars.count >= 2, scalars.last == "'", !scalars.starts(with: "'''".unicodeScalars) else {
                throw ValueError(message: "unterminated string \(text)")
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
        throw ValueError(message: "unsupported value \(text): use a \"quoted string\", true, false or an integer")
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
                    throw ValueError(message: "invalid unicode escape \\\(e)\(hex)")
                }
                out.append(scalar)
            default:
                throw ValueError(message: "invalid escape \\\(e)")
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
