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
        let s = secret ?? SecretPlaceholder.text
        var notes: [String] = []
        if secret == nil {
            notes.append("the examples show \(SecretPlaceholder.text) where the secret goes: fill it in from 'vmctl token reveal \(id)' (audit-logged), or run 'vmctl token examples \(id) --reveal'")
        }
        return TokenExamples(id: token.id, writeURL: canWrite ? write : nil, readURL: canRead ? read : nil,
                             examples: Self.examples(write: canWrite ? write : nil, read: canRead ? read : nil, secret: s,
                                                     name: token.description),
                             notes: notes)
    }

    /// The console's examples (vmagent, prometheus, curl; grafana, curl) and vmalert for a read/write token.
    static func examples(write: String?, read: String?, secret: String, name: String) -> [ClientExample] {
        var out: [ClientExample] = []
        let auth = "Authorization: Bearer \(secret)"
        if let write {
            out.append(ClientExample("vmagent", .write, "shell", ShellQuote.line([
                "vmagent", "-promscrape.config=prometheus.yml", "-remoteWrite.url=\(write)", "-remoteWrite.bearerToken=\(secret)"])))
            out.append(ClientExample("prometheus", .write, "yaml", """
                remote_write:
                  - url: \(write)
                    authorization:
                      type: Bearer
                      credentials: \(yamlString(secret))
                """))
            let importURL = String(write.dropLast("/api/v1/write".count)) + "/api/v1/import/prometheus"
            out.append(ClientExample("curl", .write, "shell", ShellQuote.line([
                "curl", "-sS", "--fail-with-body", "-H", auth, "--data-binary", "vmctl_example{source=\"vmctl\"} 1", importURL])))
            out.append(ClientExample("otelcol", .write, "yaml", """
                exporters:
                  prometheusremotewrite:
                    endpoint: \(write)
                    headers:
                      Authorization: \(yamlString("Bearer \(secret)"))
                """))
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
                      httpHeaderValue1: \(yamlString("Bearer \(secret)"))
                """))
            out.append(ClientExample("curl", .read, "shell", ShellQuote.line([
                "curl", "-sS", "--fail-with-body", "-H", auth, "--get", "--data-urlencode", "query=vmctl_example", read + "/api/v1/query"])))
        }
        if let write, let read {
            let writeBase = String(write.dropLast("/api/v1/write".count))
            out.append(ClientExample("vmalert", .write, "shell", ShellQuote.line([
                "vmalert", "-rule=rules.yml", "-datasource.url=\(read)", "-datasource.bearerToken=\(secret)",
                "-remoteWrite.url=\(writeBase)", "-remoteWrite.bearerToken=\(secret)",
                "-remoteRead.url=\(read)", "-remoteRead.bearerToken=\(secret)", "-notifier.blackhole"])))
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
        let probe = DataPlaneProbe(client: client, credential: Self.bearer, secret: secret)
        var checks: [DirectionCheck] = []
        if access?.canWrite == true {
            // An empty WriteRequest is zero bytes of protobuf; snappy's block format encodes that as one 0x00.
            checks.append(await probe.probe(.write, "POST", write, body: Data([0]), headers: [
                ("Content-Type", "application/x-protobuf"), ("Content-Encoding", "snappy"), ("X-Prometheus-Remote-Write-Version", "0.1.0"),
            ]))
        }
        if access?.canRead == true {
            checks.append(await probe.probe(.read, "GET", read + "/api/v1/query?query=vector(1)"))
        }
        return checks
    }
}
