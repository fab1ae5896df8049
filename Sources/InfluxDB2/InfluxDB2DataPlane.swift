import Foundation
import VMCtlCore
import VMCtlSupport

/// Where InfluxDB 2 tokens are used: the server's own `/api/v2/write` and `/api/v2/query`, with
/// `Authorization: Token <secret>`, on the buckets the token covers.
public struct InfluxDB2DataPlane: DataPlaneService {
    let client: APIClient
    /// The server's URL, as the profile gives it.
    let url: String
    /// The profile's org, by name or ID: the write and query APIs take either as `org`, so no lookup is needed.
    let org: String
    let orgIsID: Bool

    static let credential = Credential(header: "Authorization", scheme: "Token")
    /// Examples for at most this many buckets; the rest are counted.
    static let shownBuckets = 3

    private var base: String { url.withoutTrailingSlashes }

    private func authorization(_ id: String) async throws -> InfluxDB2Wire.Authorization {
        try await client.get("/api/v2/authorizations/\(APIClient.segment(id))", notFound: "no token \(id)")
    }

    /// The buckets a token reads and writes, by name (`*` for every bucket of the org).
    private static func buckets(_ a: InfluxDB2Wire.Authorization, _ action: String) -> [String] {
        var names: [String] = []
        for p in a.permissions ?? [] where p.action == action && p.resource.type == "buckets" {
            let name = p.resource.id == nil ? "*" : (p.resource.name ?? p.resource.id!)
            if !names.contains(name) { names.append(name) }
        }
        return names
    }

    public func examples(id: String, tenant: String?, reveal: Bool) async throws -> TokenExamples {
        let a = try await authorization(id)
        var notes: [String] = []
        let path = TokenFile.name("influxdb2", id: a.id)
        let file: TokenFile
        if reveal, let value = a.token, !value.isEmpty {
            file = .revealed(path, secret: value)
        } else {
            file = .typed(path, "the token string printed when the token was created")
            notes.append(reveal ? "the server did not send this token's secret (OSS shows it only to its owner): the token-file step reads the token string you saved when it was created"
                                : "the token-file step reads the token string printed when it was created ('vmctl token examples \(id) --reveal' puts it in that step, where the server shows it to its owner)")
        }
        let write = Self.buckets(a, "write"), read = Self.buckets(a, "read")
        var examples: [ClientExample] = []
        for (names, purpose) in [(write, ClientExample.Purpose.write), (read, .read)] where !names.isEmpty {
            if names.contains("*") { notes.append("this token covers every bucket of org \(org): put one in place of <BUCKET>") }
            if names.count > Self.shownBuckets {
                notes.append("\(purpose.rawValue) examples for the first \(Self.shownBuckets) of \(names.count) buckets; the others work the same way")
            }
            let shown = names.prefix(Self.shownBuckets).map { $0 == "*" ? "<BUCKET>" : $0 }
            for (bucket, name) in zip(names.prefix(Self.shownBuckets), shown) {
                examples += purpose == .write ? writeExamples(url: writeURL(bucket), bucket: name, file: file)
                                              : readExamples(url: readURL, bucket: name, file: file)
            }
            if purpose == .read { examples.append(grafana(buckets: shown, file: file)) }
        }
        return TokenExamples(id: a.id, writeURL: write.first.map(writeURL), readURL: read.isEmpty ? nil : readURL,
                             tokenFile: file, examples: examples, notes: notes)
    }

    /// The write URL of a bucket (`*`: every bucket of the org, `<BUCKET>` left to fill in).
    private func writeURL(_ bucket: String) -> String {
        "\(base)/api/v2/write?org=\(APIClient.encodeQuery(org))&bucket=\(bucket == "*" ? "<BUCKET>" : APIClient.encodeQuery(bucket))&precision=s"
    }

    /// The query URL, the same for every bucket of the org.
    private var readURL: String { "\(base)/api/v2/query?org=\(APIClient.encodeQuery(org))" }

    public func urls(forNew r: TokenCreateRequest) async throws -> DataURLs {
        let everything = r.allAccess || r.operatorAccess
        return DataURLs(write: (everything ? "*" : r.write.first).map(writeURL), read: everything || !r.read.isEmpty ? readURL : nil)
    }

    /// The server's own URLs serve every token: nothing to fetch. An all-access or operator token's bucket
    /// permissions cover every bucket (`*`).
    public func urlsOfTokens() async throws -> @Sendable (Token) -> DataURLs {
        { [self] token in DataURLs(write: token.firstDatabase(.write).map(writeURL), read: token.firstDatabase(.read).map { _ in readURL }) }
    }

    /// How the influx CLI takes the profile's org: `--org` by name, `--org-id` by ID.
    private var orgFlag: String { orgIsID ? "--org-id" : "--org" }

    /// The variable the influx CLI reads its token from, and that Telegraf and Grafana expand.
    static let environmentVariable = "INFLUX_TOKEN"

    private func writeExamples(url: String, bucket: String, file: TokenFile) -> [ClientExample] {
        [
            ClientExample("telegraf", .write, "toml", """
                [[outputs.influxdb_v2]]
                  urls = [\(tomlString(base))]
                  token = \(tomlString("${\(Self.environmentVariable)}"))
                  organization = \(tomlString(org))
                  bucket = \(tomlString(bucket))
                """, note: file.environmentNote("Telegraf", Self.environmentVariable, "${\(Self.environmentVariable)}",
                                                start: "telegraf --config telegraf.conf")),
            ClientExample("curl", .write, "shell", file.curl(Self.credential, ["--data-binary", "vmctl_example,source=vmctl value=1", url])),
            ClientExample("influx", .write, "shell", file.environment(Self.environmentVariable) + " " + ShellQuote.line([
                "influx", "write", "--host", base, orgFlag, org, "--bucket", bucket, "vmctl_example,source=vmctl value=1"])),
        ]
    }

    /// A Flux query as the API's JSON body (`{"query", "type": "flux"}`).
    static func queryBody(_ flux: String) -> String {
        JSONValue.obj(["query": .string(flux), "type": "flux"]).serialized(pretty: false)
    }

    private func readExamples(url: String, bucket: String, file: TokenFile) -> [ClientExample] {
        let flux = "from(bucket: \"\(bucket)\") |> range(start: -1h) |> limit(n: 10)"
        return [
            ClientExample("curl", .read, "shell", file.curl(Self.credential, [
                "-H", "Content-Type: application/json", "-H", "Accept: application/csv, text/csv", "--data", Self.queryBody(flux), url])),
            ClientExample("influx", .read, "shell", file.environment(Self.environmentVariable) + " " + ShellQuote.line([
                "influx", "query", "--host", base, orgFlag, org, flux])),
        ]
    }

    /// One Grafana data source (InfluxDB, Flux) per bucket, in one provisioning file.
    private func grafana(buckets: [String], file: TokenFile) -> ClientExample {
        var text = "apiVersion: 1\ndatasources:\n"
        for bucket in buckets {
            text += """
                  - name: \(yamlString("InfluxDB \(bucket)"))
                    type: influxdb
                    access: proxy
                    url: \(yamlString(base))
                    jsonData:
                      version: Flux
                      organization: \(yamlString(org))
                      defaultBucket: \(yamlString(bucket))
                    secureJsonData:
                      token: \(yamlString("$__env{\(Self.environmentVariable)}"))

                """
        }
        return ClientExample("grafana", .read, "yaml", String(text.dropLast()),
                             note: file.environmentNote("Grafana", Self.environmentVariable, "$__env{\(Self.environmentVariable)}",
                                                        start: "grafana server"))
    }

    /// Writes no points (the server authenticates before it reads the body) and runs a tiny Flux query.
    public func check(id: String, tenant: String?, secret given: String?) async throws -> [DirectionCheck] {
        let a = try await authorization(id)
        guard let secret = given ?? a.token.flatMap({ $0.isEmpty ? nil : $0 }) else {
            throw VMCtlError.usage("the server does not show token \(id)'s secret to this API token",
                                   hint: "pipe the token string in: vmctl token check \(id) --secret-stdin < token.txt")
        }
        let probe = DataPlaneProbe(client: client, credential: Self.credential, secret: secret)
        var checks: [DirectionCheck] = []
        if let bucket = try await concreteBucket(Self.buckets(a, "write")) {
            let url = "\(base)/api/v2/write?org=\(APIClient.encodeQuery(org))&bucket=\(APIClient.encodeQuery(bucket))&precision=s"
            // A comment line is line protocol that holds no point: nothing is stored.
            checks.append(await probe.probe(.write, "POST", url, body: Data("# vmctl token check\n".utf8),
                                            headers: [("Content-Type", "text/plain; charset=utf-8"), ("Accept", "application/json")],
                                            acceptsBadRequest: true))
        }
        if let bucket = try await concreteBucket(Self.buckets(a, "read")) {
            let flux = "from(bucket: \"\(bucket)\") |> range(start: -1m) |> limit(n: 1)"
            checks.append(await probe.probe(.read, "POST", "\(base)/api/v2/query?org=\(APIClient.encodeQuery(org))",
                                            body: Data(Self.queryBody(flux).utf8),
                                            headers: [("Content-Type", "application/json"), ("Accept", "application/csv, text/csv")]))
        }
        return checks
    }

    /// A Flux `buckets()` query, which names no bucket and which any active token may run (it lists the
    /// buckets the token can see, perhaps none); a revoked, inactive or unknown token is refused (401).
    public func check(secret: String, tenant: String?) async throws -> [DirectionCheck] {
        let probe = DataPlaneProbe(client: client, credential: Self.credential, secret: secret)
        return [await probe.probe(.read, "POST", "\(base)/api/v2/query?org=\(APIClient.encodeQuery(org))",
                                  body: Data(Self.queryBody("buckets() |> limit(n: 1)").utf8),
                                  headers: [("Content-Type", "application/json"), ("Accept", "application/csv, text/csv")])]
    }

    /// A bucket to use: the first named, or for `*` the org's first bucket (one page of one).
    private func concreteBucket(_ names: [String]) async throws -> String? {
        guard let first = names.first else { return nil }
        if first != "*" { return first }
        let page: InfluxDB2Wire.Buckets = try await client.get("/api/v2/buckets", query: [(orgIsID ? "orgID" : "org", org), ("limit", "1")])
        return page.buckets.first?.name
    }
}
