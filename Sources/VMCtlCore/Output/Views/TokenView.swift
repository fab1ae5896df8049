import VMCtlSupport

/// How tokens look in tables and JSON. Every token command presents tokens through here; the product's
/// layout says which columns and rows beyond the common ones it has, the registry's schema which JSON keys.
public struct TokenView: Sendable {
    public let layout: TokenLayout
    public let schema: TokenSchema

    public init(layout: TokenLayout, schema: TokenSchema) {
        self.layout = layout
        self.schema = schema
    }

    /// - Parameter leading: columns before the common ones (the scope of each token, in a list of every scope).
    public func list(_ tokens: [Token], scope: String, leading: [TokenColumn] = []) -> Presentation {
        Presentation.list(tokens, columns: columns(leading), emptyMessage: "No tokens in \(scope)", row: row(leading), shape: schema.shape)
    }

    /// An empty spool for a long list, each token kept on disk as it will be printed (`ListSpool`).
    public func spool() -> ListSpool<Token> {
        ListSpool(row: row([]), shape: schema.shape)
    }

    /// The spooled list, to print.
    public func list(_ spool: ListSpool<Token>, scope: String) -> Presentation {
        spool.presentation(columns: columns([]), emptyMessage: "No tokens in \(scope)")
    }

    private func columns(_ leading: [TokenColumn]) -> [String] {
        leading.map(\.column) + ["ID", "DESCRIPTION", "PERMISSIONS", "CREATED"] + layout.columns.map(\.column)
    }

    private func row(_ leading: [TokenColumn]) -> @Sendable (Token) -> [String] {
        let extra = layout.columns, layout = self.layout
        return { t in
            leading.map { $0.value(t) ?? "-" } + [t.id, t.description, layout.permissions(t), t.createdAt ?? "-"] + extra.map { $0.value(t) ?? "-" }
        }
    }

    /// One token as label/value pairs, optionally followed by its secret on a line of its own; `urls` add
    /// its write and read URLs, as rows and as `write_url`/`read_url`. With `urlsAsked` (`token create`,
    /// `token get`) the JSON keys are there even when the URLs could not be had, as null.
    public func details(_ token: Token, secret: String? = nil, urls: DataURLs? = nil, urlsAsked: Bool = false) -> Presentation {
        var rows = [TableView.Detail("ID", token.id), TableView.Detail("Description", token.description),
                    TableView.Detail("Permissions", layout.permissions(token))]
        for field in layout.details {
            if let value = field.value(token) { rows.append(TableView.Detail(field.label, value)) }
        }
        var json = schema.json(token, secret: secret)
        if let urls {
            rows.append(TableView.Detail("Write URL", urls.write ?? "none"))
            rows.append(TableView.Detail("Read URL", urls.read ?? "none"))
        }
        if urls != nil || urlsAsked, case .object(var members) = json {
            let at = members.firstIndex { $0.key == "token" } ?? members.count
            members.insert(contentsOf: [JSONMember("write_url", .optional(urls?.write)), JSONMember("read_url", .optional(urls?.read))], at: at)
            json = .object(members)
        }
        return Presentation(json: json, table: .details(rows), secret: secret)
    }
}
