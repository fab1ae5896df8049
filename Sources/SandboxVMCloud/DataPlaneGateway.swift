import Foundation
import SandboxCore
import VMCtlSupport

/// The emulated VictoriaMetrics Cloud gateway in front of one real single-node VictoriaMetrics: every
/// sandbox deployment's access endpoint. It checks `Authorization: Bearer <secret>` against the access
/// tokens of all deployments, routes by the URL rules of docs/api/vmcloud.md (data plane), and keeps
/// deployments and tenants apart on the one storage by labels it adds: `vm_deployment=<deployment ID>`
/// on everything, and `vm_tenant=<account>:<project>` on cluster deployments. Writes get them through
/// VictoriaMetrics' `extra_label` (which overrides a label of that name in the data); reads get the same
/// `extra_label`, which VictoriaMetrics adds as a filter to every series selector of the query, and its
/// answers lose the two labels again. Bodies pass through unchanged. After each accepted write the
/// gateway asks VictoriaMetrics to flush (`/internal/force_flush`), so a sample can be read back within
/// about a second.
///
/// | deployment / token | write | read |
/// |---|---|---|
/// | single | `/api/v1/write`, `/api/v1/import`, `/api/v1/import/prometheus`, `/api/v1/import/csv` | `/api/v1/query`, … |
/// | cluster, all-tenant | `/insert/<T>/prometheus/api/v1/write`, … | `/select/<T>/prometheus/api/v1/query`, … |
/// | cluster, tenant-specific | `/prometheus/api/v1/write` (or its own `/insert/<T>/…`) | `/prometheus/api/v1/query`, … |
///
/// Unknown or revoked token: 401. A token used in a direction it does not grant, or a tenant-specific
/// token naming another tenant: 403. A URL the rules do not give for the token's deployment: 404.
public struct DataPlaneGateway: Sendable {
    /// What the gateway needs to know about a token: found by its secret.
    public struct Grant: Sendable {
        public var tokenID: String
        public var deploymentID: String
        /// `single_node` or `cluster`.
        public var deploymentType: String
        /// `r`, `w` or `rw`.
        public var type: String
        /// The token's tenant, for tenant-specific cluster tokens.
        public var tenantID: String?
    }

    enum Direction: String, Sendable { case read, write }

    /// Where a request goes: VictoriaMetrics' path, the direction, and the tenant (`account:project`, cluster only).
    struct Target: Equatable, Sendable {
        var path: String
        var direction: Direction
        var tenant: String?
    }

    public static let deploymentLabel = "vm_deployment"
    public static let tenantLabel = "vm_tenant"

    /// The Prometheus-API paths the gateway passes on, by direction.
    static let writePaths: Set<String> = ["/api/v1/write", "/api/v1/import", "/api/v1/import/prometheus", "/api/v1/import/csv"]
    static let readPaths: Set<String> = ["/api/v1/query", "/api/v1/query_range", "/api/v1/series", "/api/v1/labels", "/api/v1/export",
                                         "/api/v1/status/buildinfo"]

    let upstreamPort: UInt16
    /// The grant of a live token by its secret (and marks it used); nil for unknown or revoked ones.
    let resolve: @Sendable (String) -> Grant?

    public init(upstreamPort: UInt16, resolve: @escaping @Sendable (String) -> Grant?) {
        self.upstreamPort = upstreamPort
        self.resolve = resolve
    }

    /// The answer to a request, and the grant of the token it came with (nil when none was valid).
    public func handle(_ request: SandboxRequest) -> (SandboxResponse, Grant?) {
        guard let header = request.header("Authorization"), header.lowercased().hasPrefix("bearer "),
              case let secret = header.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces), !secret.isEmpty else {
            return (Self.refusal(401, "missing Authorization: Bearer <token>"), nil)
        }
        guard let grant = resolve(secret) else { return (Self.refusal(401, "invalid or revoked access token"), nil) }
        let target: Target
        switch Self.route(request.path, grant) {
        case .success(let t): target = t
        case .failure(let refusal): return (Self.refusal(refusal.status, refusal.message), grant)
        }
        guard request.method == "POST" || (target.direction == .read && request.method == "GET") else {
            return (Self.refusal(405, "\(request.method) is not allowed on \(request.path)"), grant)
        }
        return (forward(request, target, grant), grant)
    }

    /// A refusal: status and message.
    struct Refusal: Error, Equatable {
        var status: Int
        var message: String
        init(_ status: Int, _ message: String) {
            self.status = status
            self.message = message
        }
    }

    /// Applies the URL rules to a path for a token: where it goes, or why not.
    static func route(_ path: String, _ grant: Grant) -> Result<Target, Refusal> {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        var named: (prefix: String, tenant: String)?
        var rest: [String]
        if segments.count >= 3, ["insert", "select"].contains(segments[0]), segments[2] == "prometheus" {
            named = (segments[0], segments[1])
            rest = Array(segments.dropFirst(3))
        } else if segments.first == "prometheus" {
            rest = Array(segments.dropFirst())
        } else {
            rest = segments
        }
        let operation = "/" + rest.joined(separator: "/")
        let direction: Direction
        if writePaths.contains(operation) {
            direction = .write
        } else if readPaths.contains(operation) || isLabelValues(operation) {
            direction = .read
        } else {
            return .failure(Refusal(404, "the gateway serves no \(path)"))
        }
        if let named, (named.prefix == "insert") != (direction == .write) {
            return .failure(Refusal(404, "/\(named.prefix)/ serves \(named.prefix == "insert" ? "writes" : "reads") only, not \(operation)"))
        }
        let isPrefixed = named != nil || segments.first == "prometheus"
        var tenant: String?
        if grant.deploymentType != "cluster" {
            guard !isPrefixed else {
                return .failure(Refusal(404, "deployment \(grant.deploymentID) is single-node: use \(operation) without a prefix"))
            }
        } else if let named {
            guard let normalized = normalizeTenant(named.tenant) else {
                return .failure(Refusal(400, "cannot parse tenant \"\(named.tenant)\": use <accountID> or <accountID>:<projectID>"))
            }
            if let own = grant.tenantID, normalizeTenant(own) != normalized {
                return .failure(Refusal(403, "this token is for tenant \(own) only, not \(named.tenant)"))
            }
            tenant = normalized
        } else if segments.first == "prometheus" {
            guard let own = grant.tenantID else {
                return .failure(Refusal(400, "this token covers every tenant: name one, as in /\(direction == .write ? "insert" : "select")/<TENANT>/prometheus\(operation)"))
            }
            tenant = normalizeTenant(own)
        } else {
            let hint = grant.tenantID == nil ? "/\(direction == .write ? "insert" : "select")/<TENANT>/prometheus\(operation)" : "/prometheus\(operation)"
            return .failure(Refusal(404, "deployment \(grant.deploymentID) is a cluster: use \(hint)"))
        }
        guard grant.type.contains(direction == .write ? "w" : "r") else {
            return .failure(Refusal(403, "this token may not \(direction.rawValue) (its type is \(grant.type))"))
        }
        return .success(Target(path: operation, direction: direction, tenant: tenant))
    }

    private static func isLabelValues(_ operation: String) -> Bool {
        let parts = operation.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 6 && parts[1] == "api" && parts[2] == "v1" && parts[3] == "label" && !parts[4].isEmpty && parts[5] == "values"
    }

    /// `12` and `12:0` are the same tenant, as in VictoriaMetrics cluster; nil when not one or two 32-bit
    /// decimals. The management API checks a new token's `tenant_id` with it too.
    static func normalizeTenant(_ text: String) -> String? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let account = UInt32(parts[0]), let project = parts.count == 2 ? UInt32(parts[1]) : 0 else { return nil }
        return "\(account):\(project)"
    }

    /// The query VictoriaMetrics gets: the client's, with the separating labels appended. On writes a
    /// client's own `extra_label` is dropped, so nothing can land in another deployment or tenant.
    static func upstreamQuery(_ rawQuery: String, _ target: Target, _ grant: Grant) -> String {
        var pairs = rawQuery.split(separator: "&").map(String.init)
        if target.direction == .write {
            pairs.removeAll { $0 == "extra_label" || $0.hasPrefix("extra_label=") }
        }
        pairs.append("extra_label=" + percentEncode("\(deploymentLabel)=\(grant.deploymentID)"))
        if let tenant = target.tenant { pairs.append("extra_label=" + percentEncode("\(tenantLabel)=\(tenant)")) }
        return pairs.joined(separator: "&")
    }

    private static func percentEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    private func forward(_ request: SandboxRequest, _ target: Target, _ grant: Grant) -> SandboxResponse {
        var headers: [(String, String)] = []
        for name in ["content-type", "content-encoding", "user-agent", "accept", "x-prometheus-remote-write-version"] {
            if let value = request.header(name) { headers.append((name, value)) }
        }
        let answer: LoopbackHTTPClient.Response
        do {
            answer = try LoopbackHTTPClient.send(port: upstreamPort, method: request.method,
                                                 target: target.path + "?" + Self.upstreamQuery(request.rawQuery, target, grant),
                                                 headers: headers, body: request.body)
        } catch {
            return Self.refusal(502, "VictoriaMetrics did not answer: \(error)")
        }
        if target.direction == .write && (200..<300).contains(answer.status) {
            // Left alone, VictoriaMetrics makes new series searchable after several seconds; someone trying
            // the sandbox writes a sample and reads it straight back.
            _ = try? LoopbackHTTPClient.send(port: upstreamPort, method: "GET", target: "/internal/force_flush", headers: [], body: [], timeout: 10)
        }
        var body = answer.body
        if answer.status == 200, target.direction == .read {
            body = Self.withoutSeparatingLabels(body, path: target.path)
        }
        var response = SandboxResponse(status: answer.status, body: body)
        for name in ["content-type", "content-encoding"] {
            if let value = answer.header(name) { response.headers.append((name.capitalizedHeader, value)) }
        }
        return response
    }

    /// A read answer without the gateway's own labels: JSON (one document, or one per line as
    /// `/api/v1/export` writes), with `vm_deployment` and `vm_tenant` removed from every label set and
    /// from label-name lists. Anything else is returned as it came.
    static func withoutSeparatingLabels(_ body: [UInt8], path: String) -> [UInt8] {
        let hidden: Set<String> = [deploymentLabel, tenantLabel]
        func strip(_ value: JSONValue) -> JSONValue {
            switch value {
            case .object(let members):
                return .object(members.filter { !hidden.contains($0.key) }.map { JSONMember($0.key, strip($0.value)) })
            case .array(let items):
                return .array(items.filter { !(path == "/api/v1/labels" && $0.stringValue.map(hidden.contains) == true) }.map(strip))
            default:
                return value
            }
        }
        let text = String(decoding: body, as: UTF8.self)
        if path == "/api/v1/export" {
            var out = ""
            for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
                guard let value = try? JSONParser.parse(String(line)) else { return body }
                out += strip(value).serialized(pretty: false) + "\n"
            }
            return Array(out.utf8)
        }
        guard let value = try? JSONParser.parse(text) else { return body }
        if path.hasPrefix("/api/v1/label/"), hidden.contains(where: { path == "/api/v1/label/\($0)/values" }) {
            return Array((JSONValue.obj(["status": "success", "data": .array([])]).serialized(pretty: false) + "\n").utf8)
        }
        return Array((strip(value).serialized(pretty: false) + "\n").utf8)
    }

    /// An error answer shaped like VictoriaMetrics' own: plain text.
    static func refusal(_ status: Int, _ message: String) -> SandboxResponse {
        var response = SandboxResponse.text(status, message + "\n")
        if status == 401 { response.headers.append(("WWW-Authenticate", "Bearer")) }
        return response
    }
}

private extension String {
    /// `content-type` → `Content-Type`.
    var capitalizedHeader: String { split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: "-") }
}
