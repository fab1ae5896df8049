import VMCtlSupport
/// How tokens look in tables and JSON. Every token command presents tokens through here; the product's
/// descriptor says which columns and rows beyond the common ones it has.
public enum TokenView {
    /// - Parameter leading: columns before the common ones (`token list --all-deployments`: DEPLOYMENT).
    public static func list(_ tokens: [Token], product: ProductKind, scope: String, leading: [TokenField] = []) -> Presentation {
        let extra = product.descriptor.tokenColumns
        let columns = leading.map(\.column) + ["ID", "DESCRIPTION", "PERMISSIONS", "CREATED"] + extra.map(\.column)
        return Presentation.list(tokens, columns: columns, emptyMessage: "No tokens in \(scope)", row: { t in
            leading.map { $0.value(t) ?? "-" } + [t.id, t.description, permissionText(t), t.createdAt ?? "-"] + extra.map { $0.value(t) ?? "-" }
        }, json: { $0.json() }, writeJSON: { $0.writeJSON(to: &$1, indent: $2) })
    }

    /// What a token may do, short enough for a table: the kind for an operator or all-access token.
    static func permissionText(_ t: Token) -> String {
        switch t.access {
        case "operator": return "operator: everything in every org"
        case "all-access": return "all access in org \(t.orgName ?? t.orgID ?? "-")"
        default: return Permission.summary(t.permissions)
        }
    }

    /// One token as label/value pairs, optionally followed by its secret on a line of its own; `urls`
    /// (a new token's) add its write and read URLs, as rows and as `write_url`/`read_url`.
    public static func details(_ token: Token, secret: String? = nil, urls: DataURLs? = nil) -> Presentation {
        var rows = [TableView.Detail("ID", token.id), TableView.Detail("Description", token.description),
                    TableView.Detail("Permissions", permissionText(token))]
        for field in token.product.descriptor.tokenDetails {
            if let value = field.value(token) { rows.append(TableView.Detail(field.label, value)) }
        }
        var json = token.json(secret: secret)
        if let urls {
            rows.append(TableView.Detail("Write URL", urls.write ?? "none"))
            rows.append(TableView.Detail("Read URL", urls.read ?? "none"))
            if case .object(var members) = json {
                let at = members.firstIndex { $0.key == "token" } ?? members.count
                members.insert(contentsOf: [JSONMember("write_url", .optional(urls.write)), JSONMember("read_url", .optional(urls.read))], at: at)
                json = .object(members)
            }
        }
        return Presentation(json: json, table: .details(rows), secret: secret)
    }
}
