import Foundation
import SandboxCore
import SandboxInfluxDB2
import SandboxInfluxDB3
import SandboxVMCloud
import VMCtlSupport

/// Where the sandbox's tokens are used: InfluxDB 2's write and query endpoints on the sandbox's own URL,
/// a data URL per InfluxDB 3 cluster (listeners of their own), and with `--data-plane` a real
/// VictoriaMetrics behind `DataPlaneGateway`, whose URL every vmcloud deployment's `access_endpoint` then is.
/// The test-only admin API `GET /_sandbox/data-plane` tells where each is; `GET /_sandbox/data-plane/requests`
/// logs what they were asked (`DELETE` clears it).
final class SandboxDataPlane: @unchecked Sendable {
    let victoriaMetrics: VictoriaMetricsServer?
    let influxdb2: InfluxDB2DataEndpoints
    private let store = PointStore()
    private var gatewayServer: HTTPServer?
    private var influxdb3Servers: [(InfluxDB3DataEndpoints, HTTPServer)] = []
    private weak var sandbox: Sandbox?
    private let lock = NSLock()
    private var log: [JSONValue] = []
    private let stopping = OnceFlag()

    init(options: Sandbox.Options) throws {
        influxdb2 = InfluxDB2DataEndpoints(store: store)
        victoriaMetrics = try options.victoriaMetricsPath.map { try VictoriaMetricsServer(executable: $0) }
        do {
            if let vm = victoriaMetrics {
                let gateway = DataPlaneGateway(upstreamPort: vm.port) { [weak self] secret in self?.sandbox?.gatewayGrant(secret) }
                gatewayServer = try HTTPServer(port: 0) { [weak self] request in
                    guard let self, self.sandbox != nil else { return .text(503, "the sandbox is starting or stopping\n") }
                    let (response, grant) = gateway.handle(request)
                    self.record("vmcloud", request, response, token: grant?.tokenID)
                    return response
                }
            }
            for (flavor, port) in [(InfluxDB3Emulator.Flavor.dedicated, options.dedicatedDataPort), (.clustered, options.clusteredDataPort)] {
                let endpoints = InfluxDB3DataEndpoints(flavor: flavor, store: store)
                let server = try HTTPServer(port: port) { [weak self] request in
                    guard let self, let sandbox = self.sandbox else { return .text(503, "the sandbox is starting or stopping\n") }
                    let cluster = sandbox.lock.withLock { sandbox.state.influxdb3.cluster(flavor) }
                    let response = endpoints.handle(request, cluster: cluster, now: Date())
                    self.record(flavor.name, request, response, token: nil)
                    return response
                }
                influxdb3Servers.append((endpoints, server))
            }
        } catch {
            stop()
            throw error
        }
    }

    /// Starts answering for `sandbox`.
    func attach(_ sandbox: Sandbox) { lock.withLock { self.sandbox = sandbox } }

    /// Every vmcloud deployment's access endpoint: the gateway's URL; nil without `--data-plane`.
    var accessEndpoint: String? { gatewayServer.map { "http://127.0.0.1:\($0.port)" } }

    /// The data URL of an InfluxDB 3 cluster.
    func dataURL(_ flavor: InfluxDB3Emulator.Flavor) -> String {
        "http://127.0.0.1:\(influxdb3Servers.first { $0.0.flavor == flavor }!.1.port)"
    }

    /// Stops the listeners and VictoriaMetrics (removing its storage); safe to call twice.
    func stop() {
        guard stopping.claim() else { return }
        gatewayServer?.stop()
        for (_, server) in influxdb3Servers { server.stop() }
        victoriaMetrics?.stop()
    }

    private func record(_ listener: String, _ request: SandboxRequest, _ response: SandboxResponse, token: String?) {
        let entry = JSONValue.obj(["listener": .string(listener), "method": .string(request.method), "path": .string(request.path),
                                   "query": .string(request.rawQuery), "status": .int(Int64(response.status)),
                                   "content_encoding": .optional(request.header("Content-Encoding")),
                                   "body_bytes": .int(Int64(request.body.count)), "token_id": .optional(token)])
        lock.withLock { log.append(entry) }
    }

    /// Lines for the sandbox's banner.
    func hints(sandboxURL: String) -> String {
        var lines = ["Data endpoints (tokens as the management APIs issue them):"]
        if let endpoint = accessEndpoint, let vm = victoriaMetrics {
            lines.append("  vmcloud access endpoint:  \(endpoint)   (every deployment; a gateway in front of VictoriaMetrics at \(vm.url))")
        } else {
            lines.append("  vmcloud access endpoint:  none (access endpoints are illustrative; --data-plane runs a real VictoriaMetrics behind them)")
        }
        lines.append("  influxdb2 data URL:       \(sandboxURL)   (/api/v2/write, /api/v2/query)")
        lines.append("  dedicated data URL:       \(dataURL(.dedicated))   (/api/v2/write, /write, /query)")
        lines.append("  clustered data URL:       \(dataURL(.clustered))   (/api/v2/write, /write, /query)")
        return lines.joined(separator: "\n")
    }

    /// `GET /_sandbox/data-plane`, `GET|DELETE /_sandbox/data-plane/requests`.
    func admin(_ request: SandboxRequest) -> SandboxResponse {
        switch (request.method, request.path) {
        case ("GET", "/_sandbox/data-plane"):
            let url = sandbox?.url ?? ""
            return .json(200, .obj([
                "vmcloud": .obj(["access_endpoint": .optional(accessEndpoint), "victoria_metrics": .optional(victoriaMetrics?.url),
                                 "victoria_metrics_executable": .optional(victoriaMetrics?.executable),
                                 "labels": .obj(["deployment": .string(DataPlaneGateway.deploymentLabel),
                                                 "tenant": .string(DataPlaneGateway.tenantLabel)])]),
                "influxdb2": .obj(["url": .string(url), "write": .string(url + "/api/v2/write"), "query": .string(url + "/api/v2/query")]),
                "dedicated": influxdb3JSON(.dedicated),
                "clustered": influxdb3JSON(.clustered),
            ]))
        case ("GET", "/_sandbox/data-plane/requests"):
            return .json(200, .array(lock.withLock { log }))
        case ("DELETE", "/_sandbox/data-plane/requests"):
            lock.withLock { log.removeAll() }
            return .json(200, .obj(["ok": .bool(true)]))
        default:
            return Reply.error(404, "unknown sandbox admin endpoint \(request.method) \(request.path)")
        }
    }

    /// `GET /_sandbox/metrics`: the sandbox's request counts in Prometheus' text format, a scrape target
    /// for tests that run a real vmagent.
    func metrics(managementRequests: Int) -> SandboxResponse {
        let counts = lock.withLock { Dictionary(grouping: log) { $0["listener"]?.stringValue ?? "" }.mapValues(\.count) }
        var text = "# HELP vmctl_sandbox_requests_total Requests the sandbox answered, by API.\n# TYPE vmctl_sandbox_requests_total counter\n"
        text += "vmctl_sandbox_requests_total{api=\"management\"} \(managementRequests)\n"
        for listener in ["vmcloud", "dedicated", "clustered"] {
            text += "vmctl_sandbox_requests_total{api=\"\(listener)-data\"} \(counts[listener] ?? 0)\n"
        }
        return .text(200, text, contentType: "text/plain; version=0.0.4; charset=utf-8")
    }

    private func influxdb3JSON(_ flavor: InfluxDB3Emulator.Flavor) -> JSONValue {
        let url = dataURL(flavor)
        return .obj(["data_url": .string(url), "write": .string(url + "/api/v2/write"), "write_v1": .string(url + "/write"),
                     "query": .string(url + "/query")])
    }
}

extension Sandbox {
    /// The gateway's view of a live vmcloud access token, found by its secret; marks the token used.
    func gatewayGrant(_ secret: String) -> DataPlaneGateway.Grant? {
        lock.withLock { state.vmcloud.grant(forSecret: secret, now: Date()) }
    }

    /// Where the data endpoints are, for the banner.
    public var dataPlaneHints: String { dataPlane.hints(sandboxURL: url) }
}
