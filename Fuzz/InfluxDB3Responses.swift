@testable import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCloud
@testable import InfluxDB2
@testable import InfluxDB3
@testable import VMCtlSupport

// Server answers to InfluxDB 3 Dedicated and Clustered commands, through the real command path (see
// VMCloudResponses.swift for the input format).

let influxDB3Commands: [[String]] = ["dedicated", "clustered"].flatMap { profile in
    [
        ["token", "list"],
        ["token", "list", "--include-revoked", "--sort", "created"],
        ["token", "get", "tok-1"],
        ["token", "create", "--read-database", "metrics", "--write-database", "metrics", "--expires-in", "30d", "telegraf"],
        ["token", "create", "--read-database", "*", "grafana, read everything"],
        ["token", "update", "tok-1", "--read-database", "metrics", "--description", "grafana"],
        ["token", "revoke", "--force", "tok-1"],
        ["database", "list"],
        ["database", "create", "telemetry", "--retention-period", "1y6mo", "--template-tag", "region", "--template-tag-bucket", "host,100"],
        ["database", "update", "telemetry", "--max-tables", "1000", "--retention-period", "30d"],
        ["database", "rename", "telemetry", "telemetry_v1"],
        ["database", "undelete", "telemetry_v1"],
        ["database", "delete", "--force", "telemetry"],
    ].map { ["--profile", profile] + $0 }
}

private let config = FuzzConfig.write(["dedicated", "clustered"])

@_cdecl("LLVMFuzzerTestOneInput") public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    ResponseFuzzCase(fuzzBytes(data, size), commands: influxDB3Commands)?.run(config: config)
    return 0
}
