import Foundation
import VMCtlCore
import VMCtlSupport

/// Where VictoriaMetrics Cloud tokens are used (the docs' "How to write data"): the deployment's access
/// endpoint, with `Authorization: Bearer <secret>`, at paths that depend on the deployment's type and on
/// whether the token is for one tenant or all of them.
public struct VMCloudDataPlane: DataPlaneService {
    let client: APIClient
    let deployment: DeploymentScope

    static let bearer = Credential(header: "Authorization", scheme: "Bearer")
    /// What an all-tenant token's URLs carry before a tenant is picked.
    static let tenantPlaceholder = "<TENANT>"

    /// The write URL and the read base URL (the Prometheus API, what Grafana takes).
    /// - Parameters:
    ///   - tenant: the tenant an all-tenant token on a cluster writes to; nil leaves `<TENANT>` in place.
    static func urls(endpoint: String, type: String, tokenTenant: String?, tenant: String?) throws -> (write: String, read: String) {
        let base = (endpoint.contains("://") ? endpoint : "https://" + endpoint).withoutTrailingSlashes
        if type != "cluster" {
            if let tenant {
                throw VMCtlError.usage("--tenant \(tenant) does not apply: a single-node deployment has no tenants")
            }
            return (base + "/api/v1/write", base)
        }
        if let tokenTenant {
            if let tenant, tenant != tokenTenant {
                throw VMCtlError.usage("this token is for tenant \(tokenTenant) only, not \(tenant)",
                                       hint: "drop --tenant, or use a token for all tenants")
            }
            return (base + "/prometheus/api/v1/write", base + "/prometheus")
        }
        if let tenant { try VMCloudTokenPlan.checkTenant(tenant) }
        let t = tenant ?? tenantPlaceholder
        return ("\(base)/insert/\(t)/prometheus/api/v1/write", "\(base)/select/\(t)/prometheus")
    }

    /// The deployment's type and access endpoint (one GET, made concurrently with the token's).
    private func info() async throws -> (type: String, endpoint: String) {
        let d = try await deployment.details()
        guard let endpoint = d.access_endpoint, !endpoint.isEmpty else {
            throw VMCtlError.failure("\(deployment.description) has no access endpoint yet (status \(d.status ?? "unknown"))",
                                     hint: "wait until it is RUNNING: vmctl deployment get \(deployment.id)")
        }
        return (d.type ?? deployment.known.type ?? "", endpoint)
    }

    /// An all-tenant token on a cluster keeps `<TENANT>` in its URLs, for the client to fill in.
    public func urls(forNew plan: VMCloudTokenPlan) async throws -> DataURLs {
        Self.dataURLs(try await info(), tenant: plan.tenant, access: plan.access)
    }

    /// The same for a token that exists, by its tenant and type; one GET of the deployment, whatever the token.
    public func urlsOfTokens() async throws -> @Sendable (Token) -> DataURLs {
        let place = try await info()
        return { token in Self.dataURLs(place, tenant: token[VMCloudToken.tenant], access: token[VMCloudToken.access]) }
    }

    /// The URLs of a token of `access` on `tenant` (nil: every tenant, `<TENANT>` kept) at a deployment.
    private static func dataURLs(_ place: (type: String, endpoint: String), tenant: String?, access: VMCloudAccess?) -> DataURLs {
        // Without a tenant to pick (nil), `urls` cannot refuse one.
        guard let both = try? urls(endpoint: place.endpoint, type: place.type, tokenTenant: tenant, tenant: nil) else {
            return DataURLs(write: nil, read: nil)
        }
        return DataURLs(write: access?.canWrite == true ? both.write : nil, read: access?.canRead == true ? both.read : nil)
    }

    /// The token (from the list, or revealed with its secret) and the deployment, fetched side by side.
    private func tokenAndInfo(_ id: String, reveal: Bool) async throws -> (Token, String?, (type: String, endpoint: String)) {
        let tokens = VMCloudTokens(client: client, deployment: deployment)
        async let where_ = info()
        if reveal {
            let revealed = try await tokens.reveal(id: id)
            return (revealed.token, revealed.secret, try await where_)
        }
        let token = try await tokens.get(id: id, includeRevoked: true)
        return (token, nil, try await where_)
    }

    public func examples(id: String, tenant: String?, reveal: Bool) async throws -> TokenExamples {
        let (token, secret, place) = try await tokenAndInfo(id, reveal: reveal)
        let tokenTenant = token[VMCloudToken.tenant]
        let (write, read) = try Self.urls(endpoint: place.endpoint, type: place.type, tokenTenant: tokenTenant,
                                          tenant: place.type == "cluster" && tokenTenant == nil ? (tenant ?? "0") : tenant)
        let canWrite = token[VMCloudToken.access]?.canWrite == true, canRead = token[VMCloudToken.access]?.canRead == true
        let path = TokenFile.name("vmcloud", id: token.id)
        let file: TokenFile
        var notes: [String] = []
        if let secret {
            file = .revealed(path, secret: secret)
        } else {
            let reveal = ShellQuote.line(["vmctl", "token", "reveal", token.id, "--deployment", deployment.id, "--format", "json"])
            file = .fetched(path, by: reveal + " | jq -er .token")
            notes.append("the token-file step reveals the secret (audit-logged) straight into \(path), where nothing prints it; 'vmctl token examples \(id) --reveal' puts the secret itself in that step")
        }
        return TokenExamples(id: token.id, writeURL: canWrite ? write : nil, readURL: canRead ? read : nil, tokenFile: file,
                             examples: Self.examples(write: canWrite ? write : nil, read: canRead ? read : nil, file: file,
                                                     name: token.description),
                             notes: notes)
    }

    /// The environment variable the clients that expand one (Grafana, the OpenTelemetry Collector) read.
    static let environmentVariable = "VMCLOUD_TOKEN"

    /// The console's examples (vmagent, prometheus, curl, otelcol; grafana, curl) and vmalert for a read/write
    /// token, each reading the secret from `file` (vmagent's and vmalert's `*.bearerTokenFile`, Prometheus'
    /// `credentials_file`, curl's header from stdin) or from the environment, set from it.
    static func examples(write: String?, read: String?, file: TokenFile, name: String) -> [ClientExample] {
        var out: [ClientExample] = []
        if let write {
            out.append(ClientExample("vmagent", .write, "shell", ShellQuote.line([
                "vmagent", "-promscrape.config=prometheus.yml", "-remoteWrite.url=\(write)", "-remoteWrite.bearerTokenFile=\(file.path)"])))
            out.append(ClientExample("prometheus", .write, "yaml", """
                remote_write:
                  - url: \(write)
                    authorization:
                      type: Bearer
                      credentials_file: \(yamlString(file.path))
                """, note: "Prometheus reads credentials_file relative to the directory of its configuration file"))
            let importURL = String(write.dropLast("/api/v1/write".count)) + "/api/v1/import/prometheus"
            out.append(ClientExample("curl", .write, "shell", file.curl(bearer, ["--data-binary", "vmctl_example{source=\"vmctl\"} 1", importURL])))
            out.append(ClientExample("otelcol", .write, "yaml", """
                exporters:
                  prometheusremotewrite:
                    endpoint: \(write)
                    headers:
                      Authorization: \(yamlString("Bearer ${env:\(environmentVariable)}"))
                """, note: file.environmentNote("the OpenTelemetry Collector", environmentVariable, "${env:\(environmentVariable)}",
                                             start: "otelcol --config config.yaml")))
        }
        if let read {
            out.append(ClientExample("grafana", .read, "yaml", """
                apiVersion: 1
                datasources:
                  - name: \(yamlString("VictoriaMetrics (\(name))"))
                    type: prometheus
                    access: proxy
                    url: \(read)
                    jsonData:
                      httpHeaderName1: Authorization
                    secureJsonData:
                      httpHeaderValue1: \(yamlString("Bearer $__env{\(environmentVariable)}"))
                """, note: file.environmentNote("Grafana", environmentVariable, "$__env{\(environmentVariable)}", start: "grafana server")))
            out.append(ClientExample("curl", .read, "shell", file.curl(bearer, [
                "--get", "--data-urlencode", "query=vmctl_example", read + "/api/v1/query"])))
        }
        if let write, let read {
            let writeBase = String(write.dropLast("/api/v1/write".count))
            out.append(ClientExample("vmalert", .write, "shell", ShellQuote.line([
                "vmalert", "-rule=rules.yml", "-datasource.url=\(read)", "-datasource.bearerTokenFile=\(file.path)",
                "-remoteWrite.url=\(writeBase)", "-remoteWrite.bearerTokenFile=\(file.path)",
                "-remoteRead.url=\(read)", "-remoteRead.bearerTokenFile=\(file.path)"]),
                note: "for alerting rules, add -notifier.url=ALERTMANAGER_URL (or, in recent vmalert, -notifier.blackhole to evaluate them without notifying)"))
        }
        return out
    }

    /// Writes a valid, empty remote-write frame (stores nothing; VictoriaMetrics answers 204) and runs a
    /// tiny query, for each direction the token grants.
    public func check(id: String, tenant: String?, secret: String?) async throws -> [DirectionCheck] {
        let (token, revealed, place) = try await tokenAndInfo(id, reveal: secret == nil)
        guard let secret = secret ?? revealed else { throw VMCtlError.failure("the server sent no secret for token \(id)") }
        let tokenTenant = token[VMCloudToken.tenant], access = token[VMCloudToken.access]
        let (write, read) = try Self.urls(endpoint: place.endpoint, type: place.type, tokenTenant: tokenTenant,
                                          tenant: place.type == "cluster" && tokenTenant == nil ? (tenant ?? "0") : tenant)
        return await probe(secret, write: access?.canWrite == true ? write : nil, read: access?.canRead == true ? read : nil)
    }

    /// Both directions at the deployment's URLs (on a cluster, those of tenant `tenant` or 0, which a token
    /// for every tenant and a token for that tenant both use); a token for another tenant is refused there.
    public func check(secret: String, tenant: String?) async throws -> [DirectionCheck] {
        let place = try await info()
        let (write, read) = try Self.urls(endpoint: place.endpoint, type: place.type, tokenTenant: nil,
                                          tenant: place.type == "cluster" ? (tenant ?? "0") : tenant)
        return await probe(secret, write: write, read: read)
    }

    private func probe(_ secret: String, write: String?, read: String?) async -> [DirectionCheck] {
        let probe = DataPlaneProbe(client: client, credential: Self.bearer, secret: secret)
        var checks: [DirectionCheck] = []
        if let write {
            // An empty WriteRequest is zero bytes of protobuf; snappy's block format encodes that as one 0x00.
            checks.append(await probe.probe(.write, "POST", write, body: Data([0]), headers: [
                ("Content-Type", "application/x-protobuf"), ("Content-Encoding", "snappy"), ("X-Prometheus-Remote-Write-Version", "0.1.0"),
            ]))
        }
        if let read {
            checks.append(await probe.probe(.read, "GET", read + "/api/v1/query?query=vector(1)"))
        }
        return checks
    }
}
