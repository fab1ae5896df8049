import Foundation

/// Decodes `Decodable` types from JSON read by vmctl's own `JSONParser`: API answers (the wire models).
/// Measured against Foundation's JSONDecoder on a list of 10,000 tokens, parsing into `JSONValue` and
/// decoding from it takes a fraction of the time (docs/performance.md). It behaves as JSONDecoder does
/// with its default strategies: unknown keys are ignored, a missing key or null is nil for an optional,
/// numbers convert where the value fits, and failures are the same `DecodingError`s with their coding path.
public enum JSONValueDecoder {
    /// Decodes `T` from a JSON document.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try decode(type, from: Data(bytes))
    }

    /// Decodes `T` from a JSON document. A document that is an array (a list) is read one element at a
    /// time, each decoded and let go before the next is read.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try data.withUnsafeBytes { raw in
            let buffer = raw.bindMemory(to: UInt8.self)
            do {
                if let reader = JSONParser.ArrayReader(buffer) {
                    let source = ArraySource(reader)
                    let decoded = try T(from: StreamingDecoder(source: source))
                    try source.finish()
                    return decoded
                }
                return try decode(type, from: try JSONParser.parse(buffer: buffer))
            } catch let error as JSONParser.Error {
                throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: [], debugDescription: "\(error)", underlyingError: error))
            }
        }
    }

    /// Decodes a list of `Item`s, each read from its parsed object by `init(fields:)`, one element at a time,
    /// without the `Decodable` machinery; a failure names the element and the field, as `decode`'s do.
    public static func decodeList<Item: JSONObjectReadable>(_ type: Item.Type, from data: Data) throws -> [Item] {
        try data.withUnsafeBytes { raw in
            let buffer = raw.bindMemory(to: UInt8.self)
            guard var reader = JSONParser.ArrayReader(buffer) else {
                let value: JSONValue
                do { value = try JSONParser.parse(buffer: buffer) } catch let error as JSONParser.Error {
                    throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: [], debugDescription: "\(error)", underlyingError: error))
                }
                throw ValueDecoder.mismatch([Item].self, value, nil)
            }
            var items: [Item] = []
            do {
                while let value = try reader.next() {
                    let index = items.count
                    items.append(try Item.read(value, path: PathNode(IndexKey(index), nil)))
                }
            } catch let error as JSONParser.Error {
                throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: [], debugDescription: "\(error)", underlyingError: error))
            }
            return items
        }
    }

    /// Reads element `index` of a list as `decodeList` reads it, failures named the same way (`[3].id`):
    /// for a list read as it arrives (`JSONListStream`).
    public static func listElement<Item: JSONObjectReadable>(_ type: Item.Type, _ value: JSONValue, index: Int) throws -> Item {
        try Item.read(value, path: PathNode(IndexKey(index), nil))
    }

    /// Decodes `T` from a parsed value.
    public static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try T(from: ValueDecoder(value: value, path: nil))
    }
}

/// A wire model that reads itself from a parsed JSON object's fields: `init(fields:)` is the one
/// declaration of how it is read, whether it comes alone (`Decodable`, through vmctl's decoders) or in a
/// long list (`JSONValueDecoder.decodeList`, without the `Decodable` machinery).
public protocol JSONObjectReadable: Decodable {
    init(fields: JSONObjectFields) throws(JSONObjectFields.Mismatch)
}

extension JSONObjectReadable {
    /// Read through vmctl's own decoders, which carry the parsed value.
    public init(from decoder: Decoder) throws {
        guard let carrier = decoder as? ValueDecoder else {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: decoder.codingPath,
                                                                    debugDescription: "\(Self.self) is read by JSONValueDecoder only"))
        }
        self = try Self.read(carrier.value, path: carrier.path)
    }

    /// The model read from `value`, a failure named as the `Decodable` path names it.
    fileprivate static func read(_ value: JSONValue, path: @autoclosure () -> PathNode?) throws -> Self {
        guard case .object(let members) = value else { throw ValueDecoder.mismatch([String: JSONValue].self, value, path()) }
        do {
            return try Self(fields: JSONObjectFields(members: members))
        } catch {
            let path = path()
            let keys = PathNode.keys(path) + [FieldKey(stringValue: error.key)]
            switch error.found {
            case nil: throw DecodingError.keyNotFound(FieldKey(stringValue: error.key), .init(codingPath: PathNode.keys(path), debugDescription: "No value for \(error.key)"))
            case .null?: throw DecodingError.valueNotFound(String.self, .init(codingPath: keys, debugDescription: "Expected String but found null"))
            default: throw DecodingError.typeMismatch(String.self, .init(codingPath: keys, debugDescription: "Expected String"))
            }
        }
    }
}

private struct FieldKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// The fields of a parsed object, read as the `Decodable` path reads them: the first member of a name
/// counts, unknown members are ignored, a missing member or null is nil for an optional.
public struct JSONObjectFields {
    /// The object does not fit the model: the field, and what it held (nil when it was missing).
    public struct Mismatch: Error {
        public let key: String
        public let found: JSONValue?
    }

    public let members: [JSONMember]

    private func find(_ key: String) -> JSONValue? {
        for member in members where member.key == key { return member.value }
        return nil
    }

    /// A string that must be there.
    public func string(_ key: String) throws(Mismatch) -> String {
        let value = find(key)
        guard case .string(let s)? = value else { throw Mismatch(key: key, found: value) }
        return s
    }

    /// A string, nil when missing or null.
    public func optionalString(_ key: String) throws(Mismatch) -> String? {
        switch find(key) {
        case .string(let s)?: return s
        case .null?, nil: return nil
        case let other: throw Mismatch(key: key, found: other)
        }
    }
}

/// An unkeyed container that hands out its elements one by one: an array's, or a streamed list's.
private protocol ElementReader: UnkeyedDecodingContainer {
    /// The next element and its coding path; `type` names what was expected when there is none.
    mutating func next(_ type: Any.Type) throws -> (JSONValue, PathNode)
}

extension ElementReader {
    public mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, node) = try next(type)
        return try ValueDecoder.scalar(type, value, node)
    }

    public mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (value, node) = try next([String: JSONValue].self)
        return try ValueDecoder(value: value, path: node).container(keyedBy: type)
    }

    public mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer {
        let (value, node) = try next([JSONValue].self)
        return try ValueDecoder(value: value, path: node).unkeyedContainer()
    }

    public mutating func superDecoder() throws -> Decoder {
        let (value, node) = try next(JSONValue.self)
        return ValueDecoder(value: value, path: node)
    }
}

/// The reader of a top-level array, shared by the decoder and its container.
private final class ArraySource {
    var reader: JSONParser.ArrayReader
    /// An element read ahead by `peek`.
    private var pending: JSONValue?
    init(_ reader: JSONParser.ArrayReader) { self.reader = reader }

    /// The first syntax error met: every later read throws it again.
    private var failure: Error?

    func peek() throws -> JSONValue? {
        if let failure { throw failure }
        if pending == nil {
            do {
                pending = try reader.next()
            } catch {
                failure = error
                throw error
            }
        }
        return pending
    }

    func next() throws -> JSONValue? {
        if let failure { throw failure }
        if let value = pending {
            pending = nil
            return value
        }
        do {
            return try reader.next()
        } catch {
            failure = error
            throw error
        }
    }

    func isAtEnd() throws -> Bool { try peek() == nil }

    /// Reads (and checks) the rest of the document.
    func finish() throws {
        if let failure { throw failure }
        pending = nil
        try reader.finish()
    }
}

/// The decoder of a top-level array read element by element.
private struct StreamingDecoder: Decoder {
    let source: ArraySource
    var codingPath: [CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        throw DecodingError.typeMismatch([String: JSONValue].self, .init(codingPath: [], debugDescription: "Expected an object but found an array"))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer { StreamingContainer(source: source) }

    /// A type that reads the array as a single value gets all of it, parsed at once.
    func singleValueContainer() throws -> SingleValueDecodingContainer {
        var items: [JSONValue] = []
        while let item = try source.next() { items.append(item) }
        return SingleValue(value: .array(items), path: nil)
    }
}

private struct StreamingContainer: ElementReader {
    let source: ArraySource
    var currentIndex = 0
    var codingPath: [CodingKey] { [] }
    var count: Int? { nil }
    // A syntax error found while looking ahead is thrown by the read that follows.
    var isAtEnd: Bool { (try? source.isAtEnd()) ?? false }

    init(source: ArraySource) { self.source = source }

    mutating func next(_ type: Any.Type) throws -> (JSONValue, PathNode) {
        let node = PathNode(IndexKey(currentIndex), nil)
        guard let value = try source.next() else {
            throw DecodingError.valueNotFound(type, .init(codingPath: PathNode.keys(node), debugDescription: "Unkeyed container is at end"))
        }
        currentIndex += 1
        return (value, node)
    }

    mutating func decodeNil() throws -> Bool {
        guard try source.peek() == .null else { return false }
        _ = try source.next()
        currentIndex += 1
        return true
    }

}

/// A coding path as a chain from the innermost key outwards: a key costs one node, and the array the
/// `Decoder` protocol wants is only made when it is asked for (errors).
private final class PathNode: @unchecked Sendable {
    let key: CodingKey
    let parent: PathNode?
    init(_ key: CodingKey, _ parent: PathNode?) {
        self.key = key
        self.parent = parent
    }

    static func keys(_ node: PathNode?) -> [CodingKey] {
        var keys: [CodingKey] = []
        var node = node
        while let n = node {
            keys.append(n.key)
            node = n.parent
        }
        return keys.reversed()
    }
}

private struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct ValueDecoder: Decoder {
    let value: JSONValue
    let path: PathNode?
    var codingPath: [CodingKey] { PathNode.keys(path) }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else {
            throw Self.mismatch([String: JSONValue].self, value, path)
        }
        return KeyedDecodingContainer(KeyedContainer<Key>(members: members, path: path))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        guard case .array(let items) = value else { throw Self.mismatch([JSONValue].self, value, path) }
        return UnkeyedContainer(items: items, path: path)
    }

    func singleValueContainer() throws -> SingleValueDecodingContainer { SingleValue(value: value, path: path) }

    static func mismatch(_ type: Any.Type, _ value: JSONValue, _ path: PathNode?) -> DecodingError {
        if value == .null {
            return .valueNotFound(type, .init(codingPath: PathNode.keys(path), debugDescription: "Expected \(type) but found null"))
        }
        return .typeMismatch(type, .init(codingPath: PathNode.keys(path), debugDescription: "Expected \(type)"))
    }

    /// The scalar decodings shared by the three kinds of container.
    static func scalar<T: Decodable>(_ type: T.Type, _ value: JSONValue, _ path: @autoclosure () -> PathNode?) throws -> T {
        // The commonest first: comparing metatypes is cheap, casting is not.
        if type == String.self, case .string(let s) = value { return unsafeBitCast(s, to: T.self) }
        switch type {
        case is String.Type:
            if case .string(let s) = value { return s as! T }
        case is Bool.Type:
            if case .bool(let b) = value { return b as! T }
        case is Double.Type:
            if let d = double(value) { return d as! T }
        case is Float.Type:
            if let d = double(value), let f = Float(exactly: d) ?? (d.isFinite ? Float(d) : nil) { return f as! T }
        case is Int.Type: if let v = integer(value, Int.self) { return v as! T }
        case is Int64.Type: if let v = integer(value, Int64.self) { return v as! T }
        case is Int32.Type: if let v = integer(value, Int32.self) { return v as! T }
        case is Int16.Type: if let v = integer(value, Int16.self) { return v as! T }
        case is Int8.Type: if let v = integer(value, Int8.self) { return v as! T }
        case is UInt.Type: if let v = integer(value, UInt.self) { return v as! T }
        case is UInt64.Type: if let v = integer(value, UInt64.self) { return v as! T }
        case is UInt32.Type: if let v = integer(value, UInt32.self) { return v as! T }
        case is UInt16.Type: if let v = integer(value, UInt16.self) { return v as! T }
        case is UInt8.Type: if let v = integer(value, UInt8.self) { return v as! T }
        default:
            return try T(from: ValueDecoder(value: value, path: path()))
        }
        throw mismatch(type, value, path())
    }

    static func double(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    /// An integer that fits `T`; a number with a fraction or out of range does not.
    static func integer<T: FixedWidthInteger>(_ value: JSONValue, _ type: T.Type) -> T? {
        switch value {
        case .int(let i): return T(exactly: i)
        case .double(let d): return T(exactly: d)
        default: return nil
        }
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [JSONMember]
    let path: PathNode?
    var codingPath: [CodingKey] { PathNode.keys(path) }
    var allKeys: [Key] { members.compactMap { Key(stringValue: $0.key) } }

    private func find(_ key: Key) -> JSONValue? {
        let name = key.stringValue
        for member in members where member.key == name { return member.value }
        return nil
    }

    private func value(_ key: Key) throws -> JSONValue {
        guard let value = find(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "No value for key \(key.stringValue)"))
        }
        return value
    }

    func contains(_ key: Key) -> Bool { find(key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool { try value(key) == .null }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try ValueDecoder.scalar(type, try value(key), PathNode(key, path))
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let value = find(key), value != .null else { return nil }
        return try ValueDecoder.scalar(type, value, PathNode(key, path))
    }

    // The types wire models are made of, without the generic path (it casts at run time).

    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        let value = try value(key)
        if case .string(let s) = value { return s }
        throw ValueDecoder.mismatch(type, value, PathNode(key, path))
    }

    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        guard let value = find(key) else { return nil }
        switch value {
        case .string(let s): return s
        case .null: return nil
        default: throw ValueDecoder.mismatch(type, value, PathNode(key, path))
        }
    }

    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 {
        let value = try value(key)
        if let i = ValueDecoder.integer(value, Int64.self) { return i }
        throw ValueDecoder.mismatch(type, value, PathNode(key, path))
    }

    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? {
        guard let value = find(key), value != .null else { return nil }
        if let i = ValueDecoder.integer(value, Int64.self) { return i }
        throw ValueDecoder.mismatch(type, value, PathNode(key, path))
    }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        guard let value = find(key), value != .null else { return nil }
        if case .bool(let b) = value { return b }
        throw ValueDecoder.mismatch(type, value, PathNode(key, path))
    }

    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        guard let value = find(key), value != .null else { return nil }
        if let d = ValueDecoder.double(value) { return d }
        throw ValueDecoder.mismatch(type, value, PathNode(key, path))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try ValueDecoder(value: try value(key), path: PathNode(key, path)).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
        try ValueDecoder(value: try value(key), path: PathNode(key, path)).unkeyedContainer()
    }

    func superDecoder() throws -> Decoder {
        let key = IndexKey(0)
        return ValueDecoder(value: members.first { $0.key == "super" }?.value ?? .null, path: PathNode(key, path))
    }

    func superDecoder(forKey key: Key) throws -> Decoder {
        ValueDecoder(value: find(key) ?? .null, path: PathNode(key, path))
    }
}

private struct UnkeyedContainer: ElementReader {
    let items: [JSONValue]
    let path: PathNode?
    var currentIndex = 0
    var codingPath: [CodingKey] { PathNode.keys(path) }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    init(items: [JSONValue], path: PathNode?) {
        self.items = items
        self.path = path
    }

    mutating func next(_ type: Any.Type) throws -> (JSONValue, PathNode) {
        let node = PathNode(IndexKey(currentIndex), path)
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, .init(codingPath: PathNode.keys(node), debugDescription: "Unkeyed container is at end"))
        }
        defer { currentIndex += 1 }
        return (items[currentIndex], node)
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { _ = try next(JSONValue.self); return false }
        if items[currentIndex] == .null {
            currentIndex += 1
            return true
        }
        return false
    }

}

private struct SingleValue: SingleValueDecodingContainer {
    let value: JSONValue
    let path: PathNode?
    var codingPath: [CodingKey] { PathNode.keys(path) }

    func decodeNil() -> Bool { value == .null }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        switch type {
        case is String.Type, is Bool.Type, is Double.Type, is Float.Type, is Int.Type, is Int64.Type, is Int32.Type, is Int16.Type,
             is Int8.Type, is UInt.Type, is UInt64.Type, is UInt32.Type, is UInt16.Type, is UInt8.Type:
            return try ValueDecoder.scalar(type, value, path)
        default:
            return try T(from: ValueDecoder(value: value, path: path))
        }
    }
}
