@testable import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCloud
@testable import InfluxDB2
@testable import InfluxDB3
@testable import VMCtlSupport

// Server answers to InfluxDB 2 commands, through the real command path (see VMCloudResponses.swift for
// the input format). The org is given by ID or looked up by name.

let influxDB2Commands: [[String]] = ["influx2", "influx2-by-name"].flatMap { profile in
    [
        ["token", "list"],
        ["token", "get", "0a1b2c3d4e5f6072"],
        ["token", "create", "--read-database", "metrics", "--write-database", "telegraf", "telegraf"],
        ["token", "create", "--read-database", "*", "read all buckets"],
        ["token", "create", "--all-access", "org admin"],
        ["token", "create", "--operator", "break-glass"],
        ["token", "update", "0a1b2c3d4e5f6072", "--inactive"],
        ["token", "update", "0a1b2c3d4e5f6072", "--description", "renamed"],
        ["token", "delete", "--force", "0a1b2c3d4e5f6072"],
        ["database", "list"],
        ["database", "create", "telegraf", "--retention", "90d"],
        ["database", "delete", "--force", "telegraf"],
    ].map { ["--profile", profile] + $0 }
}

private let config = FuzzConfig.write(["influx2", "influx2-by-name"])

@_cdecl("LLVMFuzzerTestOneInput") public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    ResponseFuzzCase(fuzzBytes(data, size), commands: influxDB2Commands)?.run(config: config)
    return 0
}
