import VMCtlSupport
/// What a command hands back to be printed: the same data as a table and as JSON, so the renderer can
/// pick by `--format` and commands never print anything themselves. A list (`Presentation.list`) makes
/// neither form up front: the renderer prints it item by item, in the one form asked for.
public struct Presentation: Sendable {
    private var makeJSON: @Sendable () -> JSONValue
    private var makeTable: @Sendable () -> TableView
    /// A secret printed alone on its own stdout line after the table (table mode only; JSON carries it inside).
    public var secret: String?
    /// Said on stderr in table mode when a list is empty, instead of an empty table.
    public var emptyMessage: String?
    /// Set for lists: their items, which the renderer prints one at a time.
    public private(set) var items: PresentedList?

    public init(json: JSONValue, table: TableView, secret: String? = nil, emptyMessage: String? = nil) {
        makeJSON = { json }
        makeTable = { table }
        self.secret = secret
        self.emptyMessage = emptyMessage
    }

    /// A list of `items`: one JSON object and one table row per item, each made when it is printed. The
    /// objects come from `shape`, as values or written straight to bytes (a long list), the same text.
    public static func list<Item: Sendable>(_ items: [Item], columns: [String], emptyMessage: String? = nil,
                                            row: @escaping @Sendable (Item) -> [String], shape: JSONShape<Item>) -> Presentation {
        let list = PresentedList(count: items.count, columns: columns, row: { row(items[$0]) }, json: { shape.value(of: items[$0]) },
                                 writeJSON: { shape.write(items[$0], to: &$1, indent: $2) })
        return Presentation(list, emptyMessage: emptyMessage)
    }

    /// The presentation of `list`, both of its forms made from it when asked for.
    private init(_ list: PresentedList, emptyMessage: String?) {
        self.init(json: .null, table: .none, emptyMessage: emptyMessage)
        makeJSON = { list.jsonArray }
        makeTable = { list.table }
        items = list
    }

    /// A list whose items are read back from a `ListSpool` as they are printed: its rows may be asked for
    /// twice, and none is kept.
    static func spooled(count: Int, columns: [String], emptyMessage: String?, row: @escaping @Sendable (Int) -> [String],
                        writeJSON: @escaping @Sendable (Int, inout [UInt8], Int?) -> Void,
                        json: @escaping @Sendable (Int) -> JSONValue) -> Presentation {
        var list = PresentedList(count: count, columns: columns, row: row, json: json, writeJSON: writeJSON)
        list.rowsRereadable = true
        return Presentation(list, emptyMessage: emptyMessage)
    }

    /// The JSON form (a list's whole array).
    public var json: JSONValue {
        get { makeJSON() }
        set {
            makeJSON = { newValue }
            items = nil
        }
    }

    /// The table form (a list's whole table).
    public var table: TableView {
        get { makeTable() }
        set {
            makeTable = { newValue }
            items = nil
        }
    }
}

/// The items of a list presentation, made one at a time by index.
public struct PresentedList: Sendable {
    public var count: Int
    public var columns: [String]
    /// The table cells of item `i` (asked for once when printed: kept from measuring the columns to printing).
    public var row: @Sendable (Int) -> [String]
    /// The JSON value of item `i`.
    public var json: @Sendable (Int) -> JSONValue
    /// Writes item `i`'s JSON, the same text as `json(i)`, at a nesting level (nil: compact).
    public var writeJSON: @Sendable (Int, inout [UInt8], Int?) -> Void
    /// Whether `row` may be asked again for the same item (a spooled list): the table then keeps no rows.
    public var rowsRereadable = false

    var jsonArray: JSONValue { .array((0..<count).map(json)) }
    var table: TableView { .list(columns: columns, rows: (0..<count).map(row)) }
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
