@testable import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCloud
@testable import InfluxDB2
@testable import InfluxDB3
@testable import VMCtlSupport

// Server answers to VictoriaMetrics Cloud commands, through the real command path: the API client's
// decoding into the wire types, the mapping to vmctl's model, and the table and JSON views.
// Input: command byte, options byte, then the bodies of the answers separated by NUL (ResponseFuzzCase).

let vmcloudCommands: [[String]] = [
    ["token", "list"],
    ["token", "get", "tok-1"],
    ["token", "reveal", "tok-1"],
    ["token", "create", "--read-database", "*", "--write-database", "*", "vmagent prod"],
    ["token", "create", "--read-database", "12:0", "grafana team 12"],
    ["token", "revoke", "--force", "tok-1", "tok-2"],
    ["--profile", "vmc-by-name", "token", "list"],
    ["deployment", "list"],
    ["deployment", "get", FuzzConfig.deploymentID],
    ["deployment", "get", "metrics"],
    ["deployment", "create", "metrics", "--type", "cluster", "--region", "us-east-1", "--tier", "c.small", "--storage", "50GB",
     "--retention", "3m", "--deduplication", "30s", "--maintenance-window", "weekend"],
    ["deployment", "create", "metrics", "--type", "single_node", "--region", "us-east-1", "--tier", "1", "--storage", "10GB",
     "--retention", "30d", "--wait", "--wait-timeout", "2m"],
    ["deployment", "update", FuzzConfig.deploymentID, "--storage", "100GB", "--retention", "6m", "--tier", "2"],
    ["deployment", "update", "metrics", "--select-flag=-search.maxQueryDuration=60s"],
    ["deployment", "delete", "--force", "metrics"],
    ["apikey", "list"],
    ["apikey", "create", "grafana", "--read-only", "--deployment", "metrics", "--expires-in", "90d"],
    ["apikey", "create", "terraform", "--read-write", "--all-deployments", "--no-expiry"],
    ["apikey", "delete", "8d1f2c3a-0b4e-4f6a-9c7d-1e2f3a4b5c6d"],
    ["rule", "list"],
    ["rule", "get", "alerts.yml"],
    ["rule", "delete", "alerts.yml"],
    ["tier", "list"],
    ["region", "list"],
    ["provider", "list"],
]

private let config = FuzzConfig.write(["vmc", "vmc-by-name"])

@_cdecl("LLVMFuzzerTestOneInput") public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    ResponseFuzzCase(fuzzBytes(data, size), commands: vmcloudCommands)?.run(config: config)
    return 0
}
