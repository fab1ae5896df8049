import VMCtlSupport

/// A value that only some products have (a VictoriaMetrics Cloud token's tenant, an InfluxDB 2 bucket's org),
/// named by a typed key that the product declares in its own module: the shared models carry these in
/// `Attributes` and never name a product's field.
public struct Attribute<Value: AttributeValue>: Sendable {
    /// The JSON key, snake_case.
    public let key: StaticString
    /// Whether the key appears in JSON output; a value kept only for tables (an org's name shown beside its ID) is not.
    public let inJSON: Bool

    /// The key without its type, as a model's JSON shape lists it.
    public let erased: AttributeKey

    public init(_ key: StaticString, inJSON: Bool = true) {
        self.key = key
        self.inJSON = inJSON
        erased = AttributeKey(key: key, inJSON: inJSON)
    }
}

/// An attribute's key without its value type.
public struct AttributeKey: Sendable, Hashable {
    public let key: StaticString
    public let inJSON: Bool
    public let name: String

    init(key: StaticString, inJSON: Bool) {
        self.key = key
        self.inJSON = inJSON
        name = key.description
    }

    /// The same key: declared names are literals, so the same declaration has the same address; two
    /// declarations of one name (which the registry's schema merges) compare by their text.
    public static func == (a: AttributeKey, b: AttributeKey) -> Bool {
        if a.key.utf8Start == b.key.utf8Start && a.key.utf8CodeUnitCount == b.key.utf8CodeUnitCount { return true }
        return a.key.utf8CodeUnitCount == b.key.utf8CodeUnitCount && a.name == b.name
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}

/// What an attribute may hold: anything with a JSON form it can be read back from.
public protocol AttributeValue: Sendable {
    var json: JSONValue { get }
    init?(json: JSONValue)
}

extension String: AttributeValue {
    public var json: JSONValue { .string(self) }
    public init?(json: JSONValue) {
        guard let s = json.stringValue else { return nil }
        self = s
    }
}

extension Int64: AttributeValue {
    public var json: JSONValue { .int(self) }
    public init?(json: JSONValue) {
        guard let i = json.intValue else { return nil }
        self = i
    }
}

/// The attributes of one model value: few (at most a handful), kept in the order they were set. A key is
/// found by the address of its declared name (each key is declared once, as a literal), so a long list's
/// JSON looks its attributes up without comparing strings.
public struct Attributes: Sendable, Equatable {
    private var values: [(key: AttributeKey, value: JSONValue)] = []

    public init() {}

    /// Attributes set at once (a model read from an answer): nil values are left out.
    public init(_ entries: KeyValuePairs<AttributeKey, JSONValue?>) {
        values.reserveCapacity(entries.count)
        for (key, value) in entries {
            if let value { values.append((key, value)) }
        }
    }

    public subscript<Value>(attribute: Attribute<Value>) -> Value? {
        get { self[json: attribute.erased].flatMap(Value.init(json:)) }
        set {
            let key = attribute.erased
            values.removeAll { $0.key == key }
            if let newValue { values.append((key, newValue.json)) }
        }
    }

    /// The JSON value under `key`; nil when the value has no such attribute.
    public subscript(json key: AttributeKey) -> JSONValue? {
        for entry in values where entry.key == key { return entry.value }
        return nil
    }

    public static func == (a: Attributes, b: Attributes) -> Bool {
        a.values.count == b.values.count && a.values.allSatisfy { entry in b.values.contains { $0.key == entry.key && $0.value == entry.value } }
    }
}

/// The attributes every registered product may set on one model, in order, each key once: the model's JSON
/// carries every one of them (null where the value has none), so scripts see the same keys for every product.
public struct AttributeSchema: Sendable {
    public let keys: [AttributeKey]

    public init(_ keys: [AttributeKey]) {
        var seen: [AttributeKey] = []
        for key in keys where !seen.contains(key) { seen.append(key) }
        self.keys = seen
    }

    /// The keys that appear in JSON.
    public var jsonKeys: [AttributeKey] { keys.filter(\.inJSON) }

    public static let none = AttributeSchema([])
}

/// A model that carries attributes. Sendable, so that the JSON members read from it (`attributeMembers`)
/// may be called from any thread.
public protocol HasAttributes: Sendable {
    var attributes: Attributes { get }
}

/// The JSON members of every key in `schema`, each null where the value has no such attribute.
public func attributeMembers<Model: HasAttributes>(_ schema: AttributeSchema) -> [JSONShape<Model>.Member] {
    schema.jsonKeys.map { key in JSONShape<Model>.Member.value(key.key) { $0.attributes[json: key] ?? .null } }
}
