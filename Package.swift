// swift-tools-version:6.0
import PackageDescription

// vmctl has no package dependencies: only the toolchain's own modules.
let package = Package(
    name: "vmctl",
    products: [
        .executable(name: "vmctl", targets: ["vmctl"]),
        .executable(name: "vmctl-sandbox", targets: ["vmctl-sandbox"]),
        .library(name: "VMCtlKit", targets: ["VMCtlKit"]),
    ],
    targets: [
        .target(name: "VMCtlSupport"),
        .target(name: "VMCtlKit", dependencies: ["VMCtlSupport"]),
        .executableTarget(name: "vmctl", dependencies: ["VMCtlKit", "VMCtlSupport"]),
        .target(name: "SandboxCore", dependencies: ["VMCtlSupport"]),
        .target(name: "SandboxVMCloud", dependencies: ["SandboxCore", "VMCtlSupport"]),
        .target(name: "SandboxInfluxDB2", dependencies: ["SandboxCore", "VMCtlSupport"]),
        .target(name: "SandboxInfluxDB3", dependencies: ["SandboxCore", "VMCtlSupport"]),
        .target(name: "SandboxKit", dependencies: ["SandboxCore", "SandboxVMCloud", "SandboxInfluxDB2", "SandboxInfluxDB3", "VMCtlSupport"]),
        .executableTarget(name: "vmctl-sandbox", dependencies: ["SandboxKit"]),
        .testTarget(name: "VMCtlKitTests", dependencies: ["VMCtlKit", "VMCtlSupport"]),
        .testTarget(name: "SandboxKitTests", dependencies: ["SandboxKit", "SandboxCore", "SandboxVMCloud", "SandboxInfluxDB2",
                                                              "SandboxInfluxDB3", "VMCtlSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["VMCtlKit", "VMCtlSupport", "SandboxCore", "vmctl", "vmctl-sandbox"]),
    ]
)
