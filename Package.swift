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
        .target(name: "VMCtlKit"),
        .executableTarget(name: "vmctl", dependencies: ["VMCtlKit"]),
        .target(name: "SandboxKit", dependencies: ["VMCtlKit"]),
        .executableTarget(name: "vmctl-sandbox", dependencies: ["SandboxKit"]),
        .testTarget(name: "VMCtlKitTests", dependencies: ["VMCtlKit"]),
        .testTarget(name: "SandboxKitTests", dependencies: ["SandboxKit"]),
        .testTarget(name: "EndToEndTests", dependencies: ["VMCtlKit", "vmctl", "vmctl-sandbox"]),
    ]
)
