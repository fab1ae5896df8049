/// Resources addressed the way they are shown: a whole ID, or — as git takes commits — any prefix of one
/// that matches a single resource. A prefix has at least `minimumLength` characters and only characters
/// an ID of that shape can have, so a short or foreign word is never mistaken for one.
public enum IDPrefix {
    public static let minimumLength = 4

    /// The shapes of IDs the products use.
    public enum Shape: Sendable {
        /// 8-4-4-4-12 hexadecimal (vmcloud deployments, tokens and API keys; InfluxDB 3 tokens).
        case uuid
        /// 16 hexadecimal digits (InfluxDB 2 authorizations, buckets and orgs).
        case hex16

        /// Whether `text` is a whole ID of this shape.
        public func isWhole(_ text: String) -> Bool {
            switch self {
            case .uuid: return Identifier.isUUID(text)
            case .hex16: return text.utf8.count == 16 && text.utf8.allSatisfy(Self.isHexDigit)
            }
        }

        /// Whether `text` could be the start of an ID of this shape, long enough to count as a prefix.
        public func couldBePrefix(_ text: String) -> Bool {
            let bytes = Array(text.utf8)
            guard bytes.count >= IDPrefix.minimumLength else { return false }
            switch self {
            case .uuid:
                guard bytes.count < 36 else { return false }
                return bytes.enumerated().allSatisfy { i, b in [8, 13, 18, 23].contains(i) ? b == UInt8(ascii: "-") : Self.isHexDigit(b) }
            case .hex16:
                return bytes.count < 16 && bytes.allSatisfy(Self.isHexDigit)
            }
        }

        private static func isHexDigit(_ b: UInt8) -> Bool { (48...57).contains(b) || (65...70).contains(b) || (97...102).contains(b) }
    }

    /// Refuses a reference too short to be a prefix: every whole ID is longer than `minimumLength`, so a
    /// shorter one names nothing and would match too much. A usage error (exit 2), not "not found", for
    /// resources named by ID alone (tokens), before anything is looked up.
    public static func requireMinimumLength(_ reference: String, noun: String) throws {
        guard reference.count < minimumLength else { return }
        throw VMCtlError.usage("\(noun) ID \"\(reference)\" is too short: give the whole ID or at least \(minimumLength) characters of it",
                               hint: "run 'vmctl \(noun) list' to see the IDs")
    }

    /// The items whose ID is `reference` or starts with it, ignoring ASCII case: an exact match alone
    /// when there is one.
    public static func matches<Item>(_ reference: String, in items: [Item], id: (Item) -> String) -> [Item] {
        let wanted = Identifier.asciiLowercased(reference)
        if let exact = items.first(where: { Identifier.asciiLowercased(id($0)) == wanted }) { return [exact] }
        return items.filter { Identifier.asciiLowercased(id($0)).hasPrefix(wanted) }
    }

    /// The one item `reference` names: by name first, where items have names; then by whole ID, or by a
    /// unique prefix of one when `reference` can be a prefix of a `shape` ID. Nil when nothing matches; a
    /// usage error (exit 2) listing the candidates when several do.
    /// - Parameter label: how a candidate is listed, e.g. `0f6c1a2b-… (prod)`.
    public static func find<Item>(_ reference: String, in items: [Item], shape: Shape, noun: String, id: (Item) -> String,
                                  name: ((Item) -> String?)? = nil, label: (Item) -> String) throws -> Item? {
        if let name {
            let named = items.filter { name($0) == reference }
            if named.count > 1 {
                throw VMCtlError.usage("\(named.count) \(noun)s are named \"\(reference)\"; name one by its ID",
                                       hint: "IDs: \(named.map(id).joined(separator: ", "))")
            }
            if let one = named.first { return one }
        }
        let found = shape.couldBePrefix(reference) ? matches(reference, in: items, id: id) : items.filter { id($0) == reference }
        if found.count > 1 { throw ambiguity(reference, noun: noun, among: found, label: label) }
        return found.first
    }

    /// The usage error for a prefix several resources share, listing them (exit 2, as for an ambiguous name).
    /// - Parameter label: how each candidate is listed, e.g. `0f6c1a2b-… (prod)`.
    public static func ambiguity<Item>(_ reference: String, noun: String, among candidates: [Item],
                                       label: (Item) -> String) -> VMCtlError {
        let shown = candidates.prefix(10).map(label)
        let more = candidates.count > shown.count ? ", and \(candidates.count - shown.count) more" : ""
        return .usage("ID prefix \(reference) matches \(candidates.count) \(noun)s: \(shown.joined(separator: ", "))\(more)",
                      hint: "give more characters of the ID, or the whole ID")
    }
}
