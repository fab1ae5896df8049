/// The JSON object form of one kind of value, declared once as its members in order. Both ways of writing
/// it come from this one declaration: `value(of:)` builds a `JSONValue` (for a single item, or to be edited),
/// `write(_:to:indent:)` writes the same text straight to bytes (how long lists print), so the two cannot
/// disagree.
public struct JSONShape<Subject>: Sendable {
    public struct Member: Sendable {
        let key: StaticString
        let kind: Kind

        enum Kind: Sendable {
            /// A string, null when nil.
            case string(@Sendable (Subject) -> String?)
            /// Any value, built.
            case value(@Sendable (Subject) -> JSONValue)
            /// An array of objects of another shape.
            case objects(value: @Sendable (Subject) -> JSONValue, write: @Sendable (Subject, inout [UInt8], Int?) -> Void)
        }

        /// A string member: the value, or null when nil.
        public static func string(_ key: StaticString, _ get: @escaping @Sendable (Subject) -> String?) -> Member {
            Member(key: key, kind: .string(get))
        }

        /// A member of any JSON value.
        public static func value(_ key: StaticString, _ get: @escaping @Sendable (Subject) -> JSONValue) -> Member {
            Member(key: key, kind: .value(get))
        }

        /// A member holding an array of objects of `shape`.
        public static func objects<Item>(_ key: StaticString, _ get: @escaping @Sendable (Subject) -> [Item],
                                         _ shape: JSONShape<Item>) -> Member {
            Member(key: key, kind: .objects(value: { .array(get($0).map(shape.value(of:))) }, write: { subject, out, indent in
                let items = get(subject)
                JSONValue.writeContainer(UInt8(ascii: "["), UInt8(ascii: "]"), count: items.count, indent: indent, to: &out) { i, out, level in
                    shape.write(items[i], to: &out, indent: level)
                }
            }))
        }
    }

    public let members: [Member]

    public init(_ members: [Member]) {
        self.members = members
    }

    /// The shape with `more` members after its own.
    public func appending(_ more: [Member]) -> JSONShape {
        JSONShape(members + more)
    }

    /// The value's JSON object.
    public func value(of subject: Subject) -> JSONValue {
        .object(members.map { member in
            let value: JSONValue
            switch member.kind {
            case .string(let get): value = .optional(get(subject))
            case .value(let get): value = get(subject)
            case .objects(let get, _): value = get(subject)
            }
            return JSONMember(member.key.description, value)
        })
    }

    /// Writes `value(of: subject)` at nesting level `indent` (nil: compact), without building it.
    public func write(_ subject: Subject, to out: inout [UInt8], indent: Int?) {
        var object = JSONObjectWriter(into: &out, indent: indent)
        for member in members {
            switch member.kind {
            case .string(let get):
                object.string(member.key, get(subject), &out)
            case .value(let get):
                object.value(member.key, get(subject), &out)
            case .objects(_, let write):
                object.member(member.key, &out) { out, level in write(subject, &out, level) }
            }
        }
        object.end(&out)
    }
}
