import VMCtlCore
import VMCtlSupport
/// The rules the InfluxDB 3 Management API and its docs give for names and IDs, checked before anything
/// is sent, each refusal naming its rule: database names (1 to 64 of A-Z a-z 0-9 _ - /, not starting with
/// _), token permission resources (a database name or '*'), token IDs (UUIDs), database and table IDs
/// (whole numbers from 1).
enum InfluxDB3Names {
    static func database(_ name: String, what: String = "database name") throws {
        guard (1...64).contains(name.count) else {
            throw VMCtlError.usage("\(what) \"\(name)\" has \(name.count) characters; InfluxDB 3 allows 1 to 64")
        }
        let allowed = name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterClass.alphanumeric($0) || "_-/".unicodeScalars.contains($0)) }
        guard allowed, !name.hasPrefix("_") else {
            throw VMCtlError.usage("invalid \(what) \"\(name)\": InfluxDB 3 allows letters, digits, '_', '-' and '/', not starting with '_'")
        }
    }

    /// A token permission's resource: a database name, or '*' for all of them.
    static func resource(_ name: String) throws {
        if name == "*" { return }
        try database(name, what: "database name")
    }

    /// Table names: at least one character, printable (the description's only rule).
    static func table(_ name: String) throws {
        if name.isEmpty || name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw VMCtlError.usage("invalid table name \"\(name)\": use at least one printable character")
        }
    }

    static func tokenID(_ id: String) throws {
        guard Identifier.isUUID(id) else {
            throw VMCtlError.usage("\"\(id)\" is not a token ID: InfluxDB 3 token IDs are UUIDs (see 'vmctl token list')")
        }
    }

    /// A database or table ID as the API's paths take it: a whole number from 1.
    static func numericID(_ text: String, what: String, hint: String) throws -> Int64 {
        guard let id = Int64(text), id >= 1, text.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw VMCtlError.usage("\"\(text)\" is not a \(what) ID: the API takes the numeric ID", hint: hint)
        }
        return id
    }
}
