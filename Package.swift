// swift-tools-version:6.0
import PackageDescription

// vmctl has no package dependencies: only the toolchain's own modules.
//
// The targets are the architecture (docs/architecture.md): each may import only what is below it. CI builds
// with `--explicit-target-dependency-import-check error`, so an import this file does not declare fails.
//
//   vmctl ─ VMCtlKit (wires the products into the CLI)
//             ├─ VMCtlCLI ──┐
//             ├─ VMCloud ───┤
//             ├─ InfluxDB2 ─┼─ VMCtlCore ─ VMCtlSupport
//             └─ InfluxDB3 ─┘
//
//   vmctl-sandbox ─ SandboxKit (wires the emulators together)
//                     ├─ SandboxVMCloud ───┐
//                     ├─ SandboxInfluxDB2 ─┼─ SandboxCore ─ VMCtlSupport
//                     └─ SandboxInfluxDB3 ─┘
//
// Products never import each other or the CLI; the CLI imports no product. The same holds for the
// sandbox's emulators and its core.
let package = Package(
    name: "vmctl",
    products: [
        .executable(name: "vmctl", targets: ["vmctl"]),
        .executable(name: "vmctl-sandbox", targets: ["vmctl-sandbox"]),
        .library(name: "VMCtlKit", targets: ["VMCtlKit"]),
    ],
    targets: [
        // Foundation-only helpers: JSON, durations, RFC 3339, files, streams, errors.
        .target(name: "VMCtlSupport"),
        // HTTP, config, the shared model, output, and what a product is (its descriptor and capabilities).
        .target(name: "VMCtlCore", dependencies: ["VMCtlSupport"]),
        // One module per product family.
        .target(name: "VMCloud", dependencies: ["VMCtlCore", "VMCtlSupport"]),
        .target(name: "InfluxDB2", dependencies: ["VMCtlCore", "VMCtlSupport"]),
        .target(name: "InfluxDB3", dependencies: ["VMCtlCore", "VMCtlSupport"]),
        // The parser, the command tree, the commands and the generators of completions and docs.
        .target(name: "VMCtlCLI", dependencies: ["VMCtlCore", "VMCtlSupport"]),
        // The one place that knows every product: the registry, handed to the CLI.
        .target(name: "VMCtlKit", dependencies: ["VMCtlCLI", "VMCloud", "InfluxDB2", "InfluxDB3", "VMCtlCore", "VMCtlSupport"]),
        // The executable exports VMCtlCore's `curl_multi_add_handle`, which applies a profile's ca_cert to each
        // request's libcurl handle: FoundationNetworking has no CA setting on Linux
        // (Sources/VMCtlCore/HTTP/TrustedCertificateAuthority.swift, docs/guarantees.md, The transport).
        .executableTarget(name: "vmctl", dependencies: ["VMCtlKit", "VMCtlCLI", "VMCtlSupport"],
                          linkerSettings: [.unsafeFlags(["-Xlinker", "--export-dynamic-symbol=curl_multi_add_handle"])]),
        // The sandbox: a shared server core, one emulator per product family, and the place that wires them.
        .target(name: "SandboxCore", dependencies: ["VMCtlSupport"]),
        .target(name: "SandboxVMCloud", dependencies: ["SandboxCore", "VMCtlSupport"]),
        .target(name: "SandboxInfluxDB2", dependencies: ["SandboxCore", "VMCtlSupport"]),
        .target(name: "SandboxInfluxDB3", dependencies: ["SandboxCore", "VMCtlSupport"]),
        .target(name: "SandboxKit", dependencies: ["SandboxCore", "SandboxVMCloud", "SandboxInfluxDB2", "SandboxInfluxDB3", "VMCtlSupport"]),
        .executableTarget(name: "vmctl-sandbox", dependencies: ["SandboxKit"]),
        .testTarget(name: "VMCtlKitTests",
                    dependencies: ["VMCtlKit", "VMCtlCLI", "VMCloud", "InfluxDB2", "InfluxDB3", "VMCtlCore", "VMCtlSupport"]),
        .testTarget(name: "SandboxKitTests", dependencies: ["SandboxKit", "SandboxCore", "SandboxVMCloud", "SandboxInfluxDB2",
                                                              "SandboxInfluxDB3", "VMCtlSupport"]),
        .testTarget(name: "EndToEndTests",
                    dependencies: ["VMCtlKit", "VMCtlCLI", "VMCtlCore", "VMCtlSupport", "SandboxCore", "vmctl", "vmctl-sandbox"]),
    ]
)
