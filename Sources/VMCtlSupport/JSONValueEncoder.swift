/// Turns an `Encodable` request body into a `JSONValue`, which vmctl's one JSON writer then writes: request
/// bodies and output come out of the same writer. Members are sorted by key, so a body's bytes do not depend
/// on the order a type declares its fields in; an optional that is nil is left out (as `encodeIfPresent`
/// asks), a whole number must fit in 64 bits.
public enum JSONValueEncoder {
    public static func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        let root = Node()
        try value.encode(to: NodeEncoder(node: root, codingPath: []))
        return root.json
    }

    /// The body's bytes, compact.
    public static func encodeBytes<T: Encodable>(_ value: T) throws -> [UInt8] {
        try encode(value).serializedBytes(pretty: false)
    }
}

/// A value being built: a scalar, or an object or array whose members are still being filled in.
private final class Node {
    enum Content {
        case scalar(JSONValue)
        case object([(key: String, node: Node)])
        case array([Node])
    }

    var content: Content = .scalar(.null)

    var json: JSONValue {
        switch content {
        case .scalar(let value): return value
        case .object(let members): return .object(members.sorted { $0.key < $1.key }.map { JSONMember($0.key, $0.node.json) })
        case .array(let items): return .array(items.map(\.json))
        }
    }

    /// The object's member `key`, made (or replaced) now.
    func member(_ key: String) -> Node {
        var members: [(key: String, node: Node)] = []
        if case .object(let existing) = content { members = existing.filter { $0.key != key } }
        let node = Node()
        members.append((key, node))
        content = .object(members)
        return node
    }

    func element() -> Node {
        var items: [Node] = []
        if case .array(let existing) = content { items = existing }
        let node = Node()
        items.append(node)
        content = .array(items)
        return node
    }

    var count: Int {
        if case .array(let items) = content { return items.count }
        return 0
    }
}

private struct NodeEncoder: Encoder {
    let node: Node
    let codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = node.content {} else { node.content = .object([]) }
        return KeyedEncodingContainer(KeyedNode<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        if case .array = node.content {} else { node.content = .array([]) }
        return UnkeyedNode(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> SingleValueEncodingContainer { SingleNode(node: node, codingPath: codingPath) }
}

/// Encodes `value` into `node`: scalars directly, anything else through its own `encode(to:)`.
private func put<T: Encodable>(_ value: T, into node: Node, path: [CodingKey]) throws {
    try value.encode(to: NodeEncoder(node: node, codingPath: path))
}

private func integer<T: BinaryInteger>(_ value: T, path: [CodingKey]) throws -> JSONValue {
    guard let exact = Int64(exactly: value) else {
        throw EncodingError.invalidValue(value, EncodingError.Context(codingPath: path, debugDescription: "\(value) does not fit in 64 bits"))
    }
    return .int(exact)
}

private struct KeyedNode<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    let codingPath: [CodingKey]

    mutating func encodeNil(forKey key: Key) { node.member(key.stringValue).content = .scalar(.null) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try put(value, into: node.member(key.stringValue), path: codingPath + [key])
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        NodeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]).container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
        NodeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
    }
    mutating func superEncoder() -> Encoder { NodeEncoder(node: node.member("super"), codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> Encoder { NodeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]) }
}

private struct IndexKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(_ index: Int) { stringValue = "\(index)"; intValue = index }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.init(intValue) }
}

private struct UnkeyedNode: UnkeyedEncodingContainer {
    let node: Node
    let codingPath: [CodingKey]
    var count: Int { node.count }

    mutating func encodeNil() { node.element().content = .scalar(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        let path = codingPath + [IndexKey(count)]
        try put(value, into: node.element(), path: path)
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = codingPath + [IndexKey(count)]
        return NodeEncoder(node: node.element(), codingPath: path).container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
        let path = codingPath + [IndexKey(count)]
        return NodeEncoder(node: node.element(), codingPath: path).unkeyedContainer()
    }
    mutating func superEncoder() -> Encoder { NodeEncoder(node: node.element(), codingPath: codingPath) }
}

private struct SingleNode: SingleValueEncodingContainer {
    let node: Node
    let codingPath: [CodingKey]

    mutating func encodeNil() { node.content = .scalar(.null) }
    mutating func encode(_ value: Bool) { node.content = .scalar(.bool(value)) }
    mutating func encode(_ value: String) { node.content = .scalar(.string(value)) }
    mutating func encode(_ value: Double) { node.content = .scalar(.double(value)) }
    mutating func encode(_ value: Float) { node.content = .scalar(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { node.content = .scalar(try integer(value, path: codingPath)) }
    mutating func encode(_ value: Int8) throws { node.content = .scalar(try integer(value, path: codingPath)) }
    mutating func encode(_ value: Int16) throws { node.content = .scalar(try integer(value, path: codingPath)) }
    mutating func encode(_ value: Int32) throws { node.content = .scalar(try integer(value, path: codingPath)) }
    mutating func encode(_ value: Int64) throws { node.content = .scalar(try integer(value, path: codingPath)) }
    mutating func encode(_ value: UInt) throws { node.content = .scalar(try integer(value, path: codingPath)) }
    mutating func encode(_ value: UInt8) throws { node.content = .scalar(try integer(value, path: codingPath)) }
    mutating func encode(_ value: UInt16) throws { node.content = .scalar(try integer(value, path: codingPath)) }
    mutating func encode(_ value: UInt32) throws { node.content = .scalar(try integer(value, path: codingPath)) }
    mutating func encode(_ value: UInt64) throws { node.content = .scalar(try integer(value, path: codingPath)) }
    mutating func encode<T: Encodable>(_ value: T) throws { try put(value, into: node, path: codingPath) }
}
