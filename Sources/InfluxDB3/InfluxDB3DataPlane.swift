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

    /// The variable Telegraf and Grafana expand in their configuration.
    static let environmentVariable = "INFLUX_TOKEN"

    public func examples(id: String, tenant: String?, reveal: Bool) async throws -> TokenExamples {
        let t = try await token(id)
        let file = TokenFile.typed(TokenFile.name("influxdb3", id: t.id), "the token string printed when the token was created")
        var notes = [reveal ? "InfluxDB 3 shows a token's secret only when it is created, so --reveal cannot fill it in: the token-file step reads the token string you saved"
                            : "the token-file step reads the token string printed when the token was created"]
        let write = Self.databases(t, "write"), read = Self.databases(t, "read")
        var examples: [ClientExample] = []
        let variable = Self.environmentVariable
        for (names, purpose) in [(write, ClientExample.Purpose.write), (read, .read)] where !names.isEmpty {
            if names.contains("*") { notes.append("this token covers every database: put one in place of <DATABASE>") }
            if names.count > Self.shownDatabases {
                notes.append("\(purpose.rawValue) examples for the first \(Self.shownDatabases) of \(names.count) databases; the others work the same way")
            }
            let shown = names.prefix(Self.shownDatabases).map { $0 == "*" ? "<DATABASE>" : $0 }
            for (db, name) in zip(names.prefix(Self.shownDatabases), shown) {
                if purpose == .write {
                    examples.append(ClientExample("telegraf", .write, "toml", """
                        [[outputs.influxdb_v2]]
                          urls = [\(tomlString(base))]
                          token = \(tomlString("${\(variable)}"))
                          organization = ""
                          bucket = \(tomlString(name))
                        """, note: file.environmentNote("Telegraf", variable, "${\(variable)}", start: "telegraf --config telegraf.conf")))
                    examples.append(ClientExample("curl", .write, "shell", file.curl(Self.credential, [
                        "--data-binary", "vmctl_example,source=vmctl value=1", writeURL(db)])))
                } else {
                    examples.append(ClientExample("curl", .read, "shell", file.curl(Self.credential, [
                        "--get", "--data-urlencode", "q=SELECT * FROM vmctl_example LIMIT 10", readURL(db)])))
                }
            }
            if purpose == .read { examples.append(grafana(databases: shown, file: file)) }
        }
        return TokenExamples(id: t.id, writeURL: write.first.map(writeURL), readURL: read.first.map(readURL), tokenFile: file,
                             examples: examples, notes: notes)
    }

    /// One Grafana data source (InfluxDB, SQL over Flight SQL at the data URL) per database, in one
    /// provisioning file; a plain-HTTP data URL needs `insecureGrpc`.
    private func grafana(databases: [String], file: TokenFile) -> ClientExample {
        let variable = Self.environmentVariable
        var text = "apiVersion: 1\ndatasources:\n"
        for db in databases {
            text += """
                  - name: \(yamlString("InfluxDB \(db)"))
                    type: influxdb
                    access: proxy
                    url: \(yamlString(base))
                    jsonData:
                      version: SQL
                      dbName: \(yamlString(db))

                """
            if base.lowercased().hasPrefix("http://") { text += "      insecureGrpc: true\n" }
            text += """
                    secureJsonData:
                      token: \(yamlString("$__env{\(variable)}"))

                """
        }
        return ClientExample("grafana", .read, "yaml", String(text.dropLast()),
                             note: file.environmentNote("Grafana", variable, "$__env{\(variable)}", start: "grafana server"))
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

    /// Databases a secret is tried on when its token is not named.
    static let checkedDatabases = 10

    /// A query, then a write that stores nothing, on each of the cluster's first databases until one is
    /// allowed: a database token may use only its own databases (403 elsewhere), and a revoked, expired or
    /// unknown one is refused (401) at the first request. Returns the answer that settled it, or the last
    /// database's two refusals.
    public func check(secret: String, tenant: String?) async throws -> [DirectionCheck] {
        let all: [InfluxDB3Wire.Database] = try await client.get("\(prefix)/databases")
        guard !all.isEmpty else {
            throw VMCtlError.failure("the cluster has no database to check a secret against", hint: "create one: vmctl database create NAME")
        }
        let probe = DataPlaneProbe(client: client, credential: Self.credential, secret: secret)
        func forbidden(_ c: DirectionCheck) -> Bool { c.outcome == .refused(status: 403) }
        var last: [DirectionCheck] = []
        for db in all.prefix(Self.checkedDatabases).map(\.name) {
            let read = await probe.probe(.read, "GET", readURL(db) + "&q=" + APIClient.encodeQuery("SHOW MEASUREMENTS"))
            if !forbidden(read) { return [read] }
            let write = await probe.probe(.write, "POST", writeURL(db), body: Data(), headers: [("Content-Type", "text/plain; charset=utf-8")],
                                          acceptsBadRequest: true)
            if !forbidden(write) { return [write] }
            last = [read, write]
        }
        return last
    }

    /// A database to use: the first named, or for `*` the cluster's first database.
    private func concrete(_ names: [String]) async throws -> String? {
        guard let first = names.first else { return nil }
        if first != "*" { return first }
        let all: [InfluxDB3Wire.Database] = try await client.get("\(prefix)/databases")
        return all.first?.name
    }
}
