import Foundation
import VMCtlSupport

/// How API keys look in tables and JSON.
public enum APIKeyView {
    static func scope(_ key: APIKey, names: [String: String]) -> String {
        key.allDeployments ? "all (including future ones)" : key.deploymentIDs.map { names[$0] ?? $0 }.joined(separator: ", ")
    }

    static func isExpired(_ key: APIKey, now: Date) -> Bool {
        key.expiresAt.flatMap(RFC3339.parse).map { $0 <= now } ?? false
    }

    static func json(_ key: APIKey, names: [String: String], now: Date, secret: String? = nil) -> JSONValue {
        var members = [
            JSONMember("id", .string(key.id)), JSONMember("name", .string(key.name)),
            JSONMember("permission", .string(key.readOnly ? "read-only" : "read-write")),
            JSONMember("all_deployments", .bool(key.allDeployments)),
            JSONMember("deployment_ids", .array(key.deploymentIDs.map(JSONValue.string))),
            JSONMember("deployment_names", .array(key.deploymentIDs.map { JSONValue.optional(names[$0]) })),
            JSONMember("expires_at", .optional(key.expiresAt)), JSONMember("expired", .bool(isExpired(key, now: now))),
            JSONMember("created_at", .optional(key.createdAt)),
        ]
        if let secret { members.append(JSONMember("key", .string(secret))) }
        return .object(members)
    }

    public static func list(_ keys: [APIKey], names: [String: String], now: Date) -> Presentation {
        let rows = keys.map { k in
            [k.id, k.name, k.readOnly ? "read-only" : "read-write", scope(k, names: names),
             k.expiresAt.map { isExpired(k, now: now) ? "\($0) (expired)" : $0 } ?? "never", k.createdAt ?? "-"]
        }
        return Presentation(json: .array(keys.map { json($0, names: names, now: now) }),
                            table: .list(columns: ["ID", "NAME", "PERMISSION", "DEPLOYMENTS", "EXPIRES", "CREATED"], rows: rows),
                            emptyMessage: "No API keys")
    }

    public static func details(_ key: APIKey, names: [String: String], now: Date, secret: String? = nil) -> Presentation {
        let rows = [
            TableView.Detail("ID", key.id), TableView.Detail("Name", key.name),
            TableView.Detail("Permission", key.readOnly ? "read-only" : "read-write"),
            TableView.Detail("Deployments", scope(key, names: names)),
            TableView.Detail("Expires", key.expiresAt.map { isExpired(key, now: now) ? "\($0) (expired)" : $0 } ?? "never"),
            TableView.Detail("Created", key.createdAt ?? "-"),
        ]
        return Presentation(json: json(key, names: names, now: now, secret: secret), table: .details(rows), secret: secret)
    }
}
