/// Reads a JSON document that is an array as its bytes arrive, in chunks of any size, and hands over each
/// element as soon as its last byte is in: a list answer is never held whole, however long it is. Only one
/// element is kept at a time, and it may be at most `elementLimit` bytes. Each element is parsed by
/// `JSONParser` (strict RFC 8259, UTF-8 checked); the bytes between elements are checked here, so the
/// document as a whole is accepted exactly when `JSONParser.parse` would accept it.
///
/// A document that is not an array (its first byte other than whitespace is not `[`) is kept whole, up to
/// `wholeLimit` bytes, and handed over by `finish()` for the caller to read (or refuse) as before.
public final class JSONListStream {
    /// An element larger than the limit; nothing more is read.
    public struct ElementTooLarge: Error, Equatable {
        public var limit: Int
        public var index: Int
    }

    /// A document that is not a list, larger than the limit for one answer.
    public struct DocumentTooLarge: Error, Equatable {
        public var limit: Int
    }

    private enum Phase {
        /// Before the `[` (whitespace only).
        case start
        /// After `[`, or after a `,` (then an element must come: `afterComma`).
        case beforeElement(afterComma: Bool)
        /// In an element: its bytes so far are in `element`.
        case inElement
        /// After an element: `,`, `]` or whitespace.
        case afterElement
        /// After the `]`: whitespace only.
        case end
        /// Not a list: every byte is kept in `whole`.
        case notAList
    }

    public let elementLimit: Int
    public let wholeLimit: Int
    /// Takes each element's bytes as they are, with where it started in the document and its index; the
    /// element is parsed there or later, with `parseElement`.
    private let onElement: (UnsafeBufferPointer<UInt8>, _ start: Int, _ index: Int) throws -> Void
    private var phase = Phase.start
    private var element: [UInt8] = []
    /// Nesting of `{`/`[` in the element, outside strings; 0 for a scalar.
    private var depth = 0
    private var inString = false
    private var escaped = false
    /// Where in the document the current element started, for the parser's error offsets.
    private var elementStart = 0
    private var offset = 0
    private var whole: [UInt8] = []
    public private(set) var count = 0
    /// The length the document says it has (an HTTP Content-Length), when it says one: a document that is
    /// not a list and announces more than `wholeLimit` is refused at its first byte, not 16 MiB later.
    public var declaredLength: Int?

    /// - Parameter onElement: called with each element, parsed, and its index.
    public init(elementLimit: Int, wholeLimit: Int, onElement: @escaping (UnsafeBufferPointer<UInt8>, _ start: Int, _ index: Int) throws -> Void) {
        self.elementLimit = elementLimit
        self.wholeLimit = wholeLimit
        self.onElement = onElement
    }

    /// An element's bytes, handed over by a `.bytes` handler, parsed as the stream would have parsed them:
    /// a failure's offset is where it is in the whole document.
    public static func parseElement(_ bytes: UnsafeBufferPointer<UInt8>, start: Int) throws -> JSONValue {
        do {
            return try JSONParser.parse(buffer: bytes)
        } catch var failure as JSONParser.Error {
            failure.offset += start
            throw failure
        }
    }

    /// Starts over, for an answer that comes again (a retry): nothing of the last one is kept.
    public func reset() {
        phase = .start
        element.removeAll(keepingCapacity: true)
        depth = 0
        inString = false
        escaped = false
        offset = 0
        whole = []
        count = 0
        declaredLength = nil
    }

    private func error(_ message: String, at position: Int) -> JSONParser.Error {
        JSONParser.Error(message: message, offset: position)
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }

    /// Reads the next chunk of the document.
    public func consume(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        var i = 0
        let n = bytes.count
        defer { offset += n }
        while i < n {
            switch phase {
            case .notAList:
                guard whole.count + (n - i) <= wholeLimit else { throw DocumentTooLarge(limit: wholeLimit) }
                whole.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<n]))
                return
            case .start:
                let b = bytes[i]
                if Self.isSpace(b) { i += 1; continue }
                if b == UInt8(ascii: "[") {
                    phase = .beforeElement(afterComma: false)
                    i += 1
                } else {
                    if let declaredLength, declaredLength > wholeLimit { throw DocumentTooLarge(limit: wholeLimit) }
                    phase = .notAList
                }
            case .beforeElement(let afterComma):
                let b = bytes[i]
                if Self.isSpace(b) { i += 1; continue }
                if b == UInt8(ascii: "]") && !afterComma {
                    phase = .end
                    i += 1
                    continue
                }
                // Any other byte starts an element; the parser says what is wrong with one that is not JSON.
                phase = .inElement
                elementStart = offset + i
                depth = 0
                inString = false
                escaped = false
                element.removeAll(keepingCapacity: true)
                if b == UInt8(ascii: "\"") {
                    inString = true
                    element.append(b)
                    i += 1
                } else if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") {
                    depth = 1
                    element.append(b)
                    i += 1
                }
            case .inElement:
                let (end, complete) = scanElement(bytes, from: i)
                guard element.count + (end - i) <= elementLimit else { throw ElementTooLarge(limit: elementLimit, index: count) }
                element.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<end]))
                i = end
                if complete { try deliver() }
            case .afterElement:
                let b = bytes[i]
                if Self.isSpace(b) { i += 1; continue }
                if b == UInt8(ascii: ",") {
                    phase = .beforeElement(afterComma: true)
                } else if b == UInt8(ascii: "]") {
                    phase = .end
                } else {
                    throw error("expected ',' or ']'", at: offset + i)
                }
                i += 1
            case .end:
                guard Self.isSpace(bytes[i]) else { throw error("unexpected data after the JSON value", at: offset + i) }
                i += 1
            }
        }
    }

    /// How far the element goes in `bytes` from `start`, and whether it ends there: an object or array at
    /// its closing bracket, a string at its closing quote, a number or literal before `,`, `]` or whitespace.
    private func scanElement(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (Int, Bool) {
        // The state in locals for the loop (a class's stored properties cost an access check each time).
        var inString = self.inString, escaped = self.escaped, depth = self.depth
        defer {
            self.inString = inString
            self.escaped = escaped
            self.depth = depth
        }
        let n = bytes.count
        let first = element.first
        let scalar = first.map { $0 != UInt8(ascii: "{") && $0 != UInt8(ascii: "[") && $0 != UInt8(ascii: "\"") } ?? true
        guard let base = bytes.baseAddress else { return (n, false) }
        var i = start
        while i < n {
            let b = base[i]
            if inString {
                if escaped {
                    escaped = false
                } else if b == UInt8(ascii: "\\") {
                    escaped = true
                } else if b == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 0 { return (i + 1, true) }
                } else {
                    // The rest of an ordinary run of string bytes at once.
                    var j = i + 1
                    while j < n, base[j] != UInt8(ascii: "\"") && base[j] != UInt8(ascii: "\\") { j += 1 }
                    i = j
                    continue
                }
            } else if scalar {
                if b == UInt8(ascii: ",") || b == UInt8(ascii: "]") || Self.isSpace(b) { return (i, true) }
            } else {
                switch b {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return (i + 1, true) }
                default: break
                }
            }
            i += 1
        }
        return (n, false)
    }

    private func deliver() throws {
        let index = count
        count += 1
        phase = .afterElement
        defer { element.removeAll(keepingCapacity: element.capacity <= 64 << 10) }
        try element.withUnsafeBufferPointer { try onElement($0, elementStart, index) }
    }

    /// The document has ended. A list must have ended with it; a document that is not a list is returned,
    /// whole, for the caller to read.
    public func finish() throws -> [UInt8]? {
        switch phase {
        case .end: return nil
        case .notAList: return whole
        case .inElement where element.first.map({ $0 != UInt8(ascii: "{") && $0 != UInt8(ascii: "[") && $0 != UInt8(ascii: "\"") }) ?? false:
            // A number or literal at the very end of the document: the `]` is missing either way.
            try deliver()
            throw error("unexpected end of JSON", at: offset)
        default:
            throw error("unexpected end of JSON", at: offset)
        }
    }
}
