/// A JSON document whose objects keep their key order, so vmctl's output is stable and reads well.
/// Used for everything vmctl prints as JSON and for looking inside bodies (redaction, error messages).
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])

    /// Builds an object from key/value pairs, in order.
    public static func obj(_ members: KeyValuePairs<String, JSONValue>) -> JSONValue {
        .object(members.map { JSONMember($0.key, $0.value) })
    }

    /// A string, or null when nil.
    public static func optional(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }

    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// An object's keys, in order; empty for anything else.
    public var objectKeys: [String] {
        guard case .object(let members) = self else { return [] }
        return members.map(\.key)
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var intValue: Int64? {
        switch self {
        case .int(let i): return i
        case .double(let d) where d == d.rounded() && abs(d) < 9e15: return Int64(d)
        default: return nil
        }
    }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// Serializes the value: pretty with two-space indentation, or compact on one line.
    public func serialized(pretty: Bool = true) -> String {
        String(decoding: serializedBytes(pretty: pretty), as: UTF8.self)
    }

    /// The same as `serialized`, as UTF-8 bytes (no String is built on the way).
    public func serializedBytes(pretty: Bool = true) -> [UInt8] {
        var out: [UInt8] = []
        write(to: &out, indent: pretty ? 0 : nil)
        return out
    }

    /// Appends the value's JSON to `out`; `indent` is the nesting level for pretty output, nil for compact.
    /// A list printed item by item writes each item at level 1, exactly as it would appear inside its array.
    public func write(to out: inout [UInt8], indent: Int?) {
        switch self {
        case .null: JSONValue.append("null", to: &out)
        case .bool(let b): JSONValue.append(b ? "true" : "false", to: &out)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .double(let d):
            if d.isFinite {
                out.append(contentsOf: (d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)).utf8)
            } else {
                JSONValue.append("null", to: &out)
            }
        case .string(let s): JSONValue.writeString(s, to: &out)
        case .array(let items):
            JSONValue.writeContainer(UInt8(ascii: "["), UInt8(ascii: "]"), count: items.count, indent: indent, to: &out) { i, out, inner in
                items[i].write(to: &out, indent: inner)
            }
        case .object(let members):
            JSONValue.writeContainer(UInt8(ascii: "{"), UInt8(ascii: "}"), count: members.count, indent: indent, to: &out) { i, out, inner in
                JSONValue.writeString(members[i].key, to: &out)
                out.append(UInt8(ascii: ":"))
                if inner != nil { out.append(UInt8(ascii: " ")) }
                members[i].value.write(to: &out, indent: inner)
            }
        }
    }

    /// Writes `count` elements between `open` and `close`, comma-separated; pretty (`indent` not nil), each
    /// on its own line one level in and the closing bracket on a line of its own. Empty stays `[]` / `{}`.
    /// `element` writes element `i` at the level it is given.
    public static func writeContainer(_ open: UInt8, _ close: UInt8, count: Int, indent: Int?, to out: inout [UInt8],
                               element: (Int, inout [UInt8], Int?) -> Void) {
        out.append(open)
        if count > 0 {
            let inner = indent.map { $0 + 1 }
            for i in 0..<count {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONValue.newline(&out, inner)
                element(i, &out, inner)
            }
            JSONValue.newline(&out, indent)
        }
        out.append(close)
    }

    private static func append(_ word: StaticString, to out: inout [UInt8]) {
        word.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    /// A line break and two spaces per level, for pretty output.
    public static func newline(_ out: inout [UInt8], _ indent: Int?) {
        guard let indent else { return }
        out.append(UInt8(ascii: "\n"))
        out.appendBlanks(indent * 2)
    }

    /// Appends `s` as a JSON string. Runs of bytes that need no escape are copied as they are; escaped are
    /// `"`, `\\`, control characters, DEL and U+2028/U+2029 (which break JavaScript parsers).
    public static func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        if s.utf8.withContiguousStorageIfAvailable({ appendEscaped($0, to: &out) }) == nil {
            var native = s
            native.makeContiguousUTF8()
            native.utf8.withContiguousStorageIfAvailable { appendEscaped($0, to: &out) }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var runStart = 0
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            let needsEscape: Bool
            if b >= 0x20 && b != UInt8(ascii: "\"") && b != UInt8(ascii: "\\") && b != 0x7F {
                // U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
                needsEscape = b == 0xE2 && i + 2 < n && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9)
            } else {
                needsEscape = true
            }
            guard needsEscape else { i += 1; continue }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
            var width = 1
            switch b {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\\")); out.append(b)
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(b)
            case UInt8(ascii: "\n"): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
            case UInt8(ascii: "\t"): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
            case 0xE2:
                out.append(contentsOf: (bytes[i + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                width = 3
            default:
                let hex = String(b, radix: 16)
                out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            }
            i += width
            runStart = i
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<n]))
    }
}

extension JSONValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
}

/// One key/value pair of a JSON object.
public struct JSONMember: Equatable, Sendable {
    public var key: String
    public var value: JSONValue
    public init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }
}

/// Writes one JSON object straight to bytes, member by member: the same text as the `JSONValue.object`
/// of those members written with `write(to:indent:)`, without building the value first (a long list
/// writes each item this way). Keys are written as they are: plain ASCII names that need no escape.
public struct JSONObjectWriter {
    private let indent: Int?
    private let inner: Int?
    private var count = 0

    /// Starts the object (`{`) at nesting level `indent` (nil: compact).
    public init(into out: inout [UInt8], indent: Int?) {
        self.indent = indent
        inner = indent.map { $0 + 1 }
        out.append(UInt8(ascii: "{"))
    }

    /// Starts a member: its separator, line break, key and colon; its value is written next.
    /// The head is made in place in one piece (blanks appended, then the other bytes written over them):
    /// byte by byte, it was the dearest part of printing a long list.
    private mutating func key(_ key: StaticString, _ out: inout [UInt8]) {
        let comma = count > 0 ? 1 : 0
        count += 1
        let lineBreak = inner.map { 1 + 2 * $0 } ?? 0
        let name = key.utf8CodeUnitCount
        let start = out.count
        out.appendBlanks(comma + lineBreak + name + 3 + (indent != nil ? 1 : 0))
        out.withUnsafeMutableBufferPointer { bytes in
            var i = start
            if comma == 1 { bytes[i] = UInt8(ascii: ","); i += 1 }
            if lineBreak > 0 { bytes[i] = UInt8(ascii: "\n"); i += lineBreak }
            bytes[i] = UInt8(ascii: "\"")
            if let base = bytes.baseAddress {
                key.withUTF8Buffer { if let name = $0.baseAddress { (base + i + 1).update(from: name, count: $0.count) } }
            }
            i += 1 + name
            bytes[i] = UInt8(ascii: "\"")
            bytes[i + 1] = UInt8(ascii: ":")
        }
    }

    /// A string member, null when nil.
    public mutating func string(_ key: StaticString, _ value: String?, _ out: inout [UInt8]) {
        self.key(key, &out)
        if let value {
            JSONValue.writeString(value, to: &out)
        } else {
            ("null" as StaticString).withUTF8Buffer { out.append(contentsOf: $0) }
        }
    }

    /// A member of any value, written at the object's inner level.
    public mutating func value(_ key: StaticString, _ value: JSONValue, _ out: inout [UInt8]) {
        self.key(key, &out)
        value.write(to: &out, indent: inner)
    }

    /// A member whose value `write` writes, at the level it is given (the object's inner level).
    public mutating func member(_ key: StaticString, _ out: inout [UInt8], _ write: (inout [UInt8], Int?) -> Void) {
        self.key(key, &out)
        write(&out, inner)
    }

    /// Ends the object (`}`).
    public func end(_ out: inout [UInt8]) {
        if count > 0 { JSONValue.newline(&out, indent) }
        out.append(UInt8(ascii: "}"))
    }
}
