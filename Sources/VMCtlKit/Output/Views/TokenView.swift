/// How tokens look in tables and JSON. Every token command presents tokens through here.
public enum TokenView {
    public static func list(_ tokens: [Token], product: ProductKind, scope: String) -> Presentation {
        var columns = ["ID", "DESCRIPTION", "PERMISSIONS", "CREATED"]
        var extra: [(String, (Token) -> String?)] = []
        switch product {
        case .vmcloud: extra = [("LAST USED", \.lastUsedAt)]
        case .dedicated, .clustered: extra = [("EXPIRES", \.expiresAt), ("STATUS", \.status)]
        case .influxdb2: extra = [("STATUS", \.status), ("OWNER", { $0.createdBy ?? $0.userID })]
        }
        columns += extra.map(\.0)
        let rows = tokens.map { t in
            [t.id, t.description, permissionText(t), t.createdAt ?? "-"] + extra.map { $0.1(t) ?? "-" }
        }
        return Presentation(json: .array(tokens.map { $0.json() }), table: .list(columns: columns, rows: rows),
                            emptyMessage: "No tokens in \(scope)")
    }

    /// What a token may do, short enough for a table: the kind for an operator or all-access token.
    static func permissionText(_ t: Token) -> String {
        switch t.access {
        case "operator": return "operator: everything in every org"
        case "all-access": return "all access in org \(t.orgName ?? t.orgID ?? "-")"
        default: return Permission.summary(t.permissions)
        }
    }

    /// One token as label/value pairs, optionally followed by its secret on a line of its own.
    public static func details(_ token: Token, secret: String? = nil) -> Presentation {
        var rows = [TableView.Detail("ID", token.id), TableView.Detail("Description", token.description),
                    TableView.Detail("Permissions", permissionText(token))]
        func add(_ label: String, _ value: String?) {
            if let value { rows.append(TableView.Detail(label, value)) }
        }
        add("Type", token.type)
        if token.product == .vmcloud { add("Tenant", token.tenantID ?? "* (all tenants)") }
        add("Deployment", token.deploymentID)
        add("Status", token.status)
        add("Created", token.createdAt)
        if token.product != .influxdb2 { add("Created by", token.createdBy) }
        // Only InfluxDB 3 tokens can expire.
        add("Expires", token.expiresAt ?? ([.dedicated, .clustered].contains(token.product) ? "never" : nil))
        add("Revoked", token.revokedAt)
        add("Last used", token.lastUsedAt)
        add("Org", token.orgName.map { name in token.orgID.map { "\(name) (\($0))" } ?? name } ?? token.orgID)
        if token.product == .influxdb2 { add("Owner", token.createdBy ?? token.userID) }
        return Presentation(json: token.json(secret: secret), table: .details(rows), secret: secret)
    }
}
