import Foundation
import VMCtlCore
import VMCtlSupport

/// Where InfluxDB 3 database tokens are used: the cluster's data URL (not the management API), with the
/// v2-compatible write (`/api/v2/write?bucket=DB`) and the v1-compatible InfluxQL query (`/query?db=DB`).
public struct InfluxDB3DataPlane: DataPlaneService {
    let client: APIClient
    let prefix: String
    /// The cluster's data URL: the profile's `data_url`, else the product's default for the profile.
    let dataURL: String

    static let credential = Credential(header: "Authorization", scheme: "Token")
    static let shownDatabases = 3

    private var base: String { dataURL.withoutTrailingSlashes }

    private func token(_ id: String) async throws -> InfluxDB3Wire.Token {
        try InfluxDB3Names.tokenID(id)
        return try await client.get("\(prefix)/tokens/\(APIClient.segment(id))", notFound: "no token \(id)")
    }

    private static func databases(_ t: InfluxDB3Wire.Token, _ action: String) -> [String] {
        var out: [String] = []
        for p in t.permissions ?? [] where p.action == action && !out.contains(p.resource) { out.append(p.resource) }
        return out
    }

    private func writeURL(_ db: String) -> String { "\(base)/api/v2/write?bucket=\(db == "*" ? "<DATABASE>" : APIClient.encodeQuery(db))&precision=s" }
    private func readURL(_ db: String) -> String { "\(base)/query?db=\(db == "*" ? "<DATABASE>" : APIClient.encodeQuery(db))" }

    public func urls(forNew request: TokenCreateRequest) async throws -> DataURLs {
        DataURLs(write: request.write.first.map(writeURL), read: request.read.first.map(readURL))
    }

    /// The cluster's data URL serves every token: nothing to fetch.
    public func urlsOfTokens() async throws -> @Sendable (Token) -> DataURLs {
        { [self] token in DataURLs(write: token.firstDatabase(.write).map(writeURL), read: token.firstDatabase(.read).map(readURL)) }
    }

    public func examples(id: String, tenant: String?, reveal: Bool) async throws -> TokenExamples {
        let t = try await token(id)
        var notes = [reveal ? "InfluxDB 3 shows a token's secret only when it is created, so --reveal cannot fill it in: put the token string you saved in place of \(SecretPlaceholder.text)"
                            : "the examples show \(SecretPlaceholder.text) where the secret goes: the token string printed when it was created"]
        let secret = SecretPlaceholder.text
        let write = Self.databases(t, "write"), read = Self.databases(t, "read")
        var examples: [ClientExample] = []
        for (names, purpose) in [(write, ClientExample.Purpose.write), (read, .read)] where !names.isEmpty {
            if names.contains("*") { notes.append("this token covers every database: put one in place of <DATABASE>") }
            if names.count > Self.shownDatabases {
                notes.append("\(purpose.rawValue) examples for the first \(Self.shownDatabases) of \(names.count) databases; the others work the same way")
            }
            for db in names.prefix(Self.shownDatabases) {
                let shown = db == "*" ? "<DATABASE>" : db
                if purpose == .write {
                    examples.append(ClientExample("telegraf", .write, "toml", """
                        [[outputs.influxdb_v2]]
                          urls = [\(tomlString(base))]
                          token = \(tomlString(secret))
                          organization = ""
                          bucket = \(tomlString(shown))
                        """))
                    examples.append(ClientExample("curl", .write, "shell", ShellQuote.line([
                        "curl", "-sS", "--fail-with-body", "-H", "Authorization: Token \(secret)", "--data-binary", "vmctl_example,source=vmctl value=1",
                        writeURL(db)])))
                } else {
                    examples.append(ClientExample("curl", .read, "shell", ShellQuote.line([
                        "curl", "-sS", "--fail-with-body", "--get", "-H", "Authorization: Token \(secret)", "--data-urlencode",
                        "q=SELECT * FROM vmctl_example LIMIT 10", readURL(db)])))
                }
            }
        }
        return TokenExamples(id: t.id, writeURL: write.first.map(writeURL), readURL: read.first.map(readURL), examples: examples, notes: notes)
    }

    /// InfluxDB 3 never shows a secret again, so the caller must give it.
    public func check(id: String, tenant: String?, secret: String?) async throws -> [DirectionCheck] {
        guard let secret else {
            throw VMCtlError.usage("InfluxDB 3 shows a token's secret only when it is created, so vmctl cannot fetch it",
                                   hint: "pipe the token string in: vmctl token check \(id) --secret-stdin < token.txt")
        }
        let t = try await token(id)
        let probe = DataPlaneProbe(client: client, credential: Self.credential, secret: secret)
        var checks: [DirectionCheck] = []
        if let db = try await concrete(Self.databases(t, "write")) {
            checks.append(await probe.probe(.write, "POST", writeURL(db), body: Data(), headers: [("Content-Type", "text/plain; charset=utf-8")],
                                            acceptsBadRequest: true))
        }
        if let db = try await concrete(Self.databases(t, "read")) {
            checks.append(await probe.probe(.read, "GET", readURL(db) + "&q=" + APIClient.encodeQuery("SHOW MEASUREMENTS")))
        }
        return checks
    }

    /// A database to use: the first named, or for `*` the cluster's first database.
    private func concrete(_ names: [String]) async throws -> String? {
        guard let first = names.first else { return nil }
        if first != "*" { return first }
        let all: [InfluxDB3Wire.Database] = try await client.get("\(prefix)/databases")
        return all.first?.name
    }
}
