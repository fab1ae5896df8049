/// What a command hands back to be printed: the same data as a table and as JSON, so the renderer can
/// pick by `--format` and commands never print anything themselves.
public struct Presentation: Sendable {
    public var json: JSONValue
    public var table: TableView
    /// A secret printed alone on its own stdout line after the table (table mode only; JSON carries it inside).
    public var secret: String?
    /// Said on stderr in table mode when a list is empty, instead of an empty table.
    public var emptyMessage: String?

    public init(json: JSONValue, table: TableView, secret: String? = nil, emptyMessage: String? = nil) {
        self.json = json
        self.table = table
        self.secret = secret
        self.emptyMessage = emptyMessage
    }
}

/// The table-mode form of a result.
public enum TableView: Sendable, Equatable {
    /// Rows under a header of column names.
    case list(columns: [String], rows: [[String]])
    /// Label/value pairs for one resource.
    case details([Detail])
    /// Plain lines, such as "Revoked token …".
    case lines([String])
    /// Text printed exactly as it is (a rule file).
    case raw(String)
    case none

    public struct Detail: Sendable, Equatable {
        public var label: String
        public var value: String
        public init(_ label: String, _ value: String) {
            self.label = label
            self.value = value
        }
    }
}
