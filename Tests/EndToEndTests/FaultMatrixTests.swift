import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCtlSupport

/// The fault matrix of docs/guarantees.md: the main commands of every product against every fault of `FaultServer`.
/// Each run must end with the exit code docs/contract.md (exit codes) assigns, exactly one `Error:` line (plus at most a hint),
/// no secret anywhere in its output (with `--debug` on), no file left behind, a create POST sent at most
/// once, nothing sent to another origin, and within attempts × timeout + backoff.
@Suite struct FaultMatrixTests {
    /// A product with its main commands, how to point a profile at a server, and its token secret field.
    struct Product: Sendable, CustomStringConvertible {
        var name: String
        var secretField: String
        /// (arguments, whether only the POST gets the fault): lists get it on every request, creates on the POST.
        var commands: [(args: [String], postOnly: Bool)]
        var description: String { name }

        func profileArguments(url: String, sandbox: SandboxProcess) -> [String] {
            switch name {
            case "vmcloud": return ["--product", "vmcloud", "--url", url, "--deployment", "prod-cluster"]
            case "dedicated":
                let ids = sandbox.dedicatedIDs
                return ["--product", "dedicated", "--url", url + "/api/v0", "--account-id", ids.account, "--cluster-id", ids.cluster]
            case "clustered": return ["--product", "clustered", "--url", url + "/clustered"]
            default: return ["--product", "influxdb2", "--url", url, "--org", "sandbox-org"]
            }
        }
    }

    static let products: [Product] = [
        Product(name: "vmcloud", secretField: "value", commands: [
            (["token", "list"], false), (["token", "create", "--read-database", "*", "ci"], true), (["deployment", "list"], false)]),
        Product(name: "dedicated", secretField: "accessToken", commands: [
            (["token", "list"], false), (["token", "create", "--read-database", "*", "ci"], true), (["database", "list"], false)]),
        Product(name: "clustered", secretField: "accessToken", commands: [
            (["token", "list"], false), (["token", "create", "--read-database", "*", "ci"], true), (["database", "list"], false)]),
        Product(name: "influxdb2", secretField: "token", commands: [
            (["token", "list"], false), (["token", "create", "--all-access", "ci"], true), (["database", "list"], false)]),
    ]

    static let timeout = 1.0
    static let attempts = 3.0
    /// The most the retry backoff can add: 0.5 s and 1 s at most before attempts 2 and 3.
    static let maxBackoff = 1.5
    /// Process start, lookups relayed to the sandbox, a loaded machine.
    static let slack = 4.0

    /// The exit code docs/contract.md (exit codes) assigns to each fault.
    static func expectedCode(_ fault: FaultServer.Fault) -> Int32 {
        switch fault {
        case .refused, .reset, .slowHeaders, .slowBody, .truncatedBody, .informational:
            return 7  // network: cannot connect, connection lost, timeout
        case .garbage, .strayBytes, .tooManyRequestsHugeRetryAfter, .unavailableNegativeRetryAfter, .badGatewayWordRetryAfter,
             .gatewayTimeoutPastDateRetryAfter, .serverErrorHTML, .redirectToAnotherOrigin, .hugeBody:
            return 1  // other failure: server error after retries, unexpected response
        }
    }

    @Test(arguments: FaultServer.Fault.allCases, products)
    func everyMainCommandFailsCleanly(fault: FaultServer.Fault, product: Product) throws {
        let sandbox = try SandboxProcess()
        for command in product.commands {
            let server = try FaultServer(fault, upstream: sandbox.url, secretField: product.secretField,
                                         applies: { method, _ in !command.postOnly || method == "POST" })
            defer { server.stop(); server.otherOrigin?.stop() }
            let user = VMCtlUser()
            // The fault meets `profile create` too (VictoriaMetrics Cloud's looks the deployment up): bounded
            // by the same timeout, it warns and keeps the name, so that the command below looks it up again.
            let created = try user.vmctl(["profile", "create", "p"] + product.profileArguments(url: server.url, sandbox: sandbox)
                                         + ["--api-key-stdin", "--default", "--timeout", "1s"], stdin: sandbox.apiKey + "\n")
            try #require(created.code == 0, "\(created.stderr)")
            let filesBefore = try files(under: user.home)

            let started = Date()
            let r = try user.vmctl(command.args + ["--debug", "--timeout", "1s"])
            let elapsed = Date().timeIntervalSince(started)
            let label = "\(product.name) \(command.args.prefix(2).joined(separator: " ")) against \(fault)"

            #expect(r.code == Self.expectedCode(fault), "\(label): exit \(r.code)\n\(r.stderr.suffix(600))")
            let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            let errorLines = lines.indices.filter { lines[$0].hasPrefix("Error: ") }
            #expect(errorLines.count == 1, "\(label): \(errorLines.count) Error lines\n\(r.stderr.suffix(600))")
            if let at = errorLines.first { #expect(lines.endIndex - at <= 2, "\(label): more than a hint after the error\n\(r.stderr.suffix(900))") }
            for secret in [sandbox.apiKey, server.plantedSecret, String(server.plantedSecret.suffix(16))] {
                #expect(!r.stdout.contains(secret) && !r.stderr.contains(secret), "\(label): a secret is in the output")
            }
            #expect(r.stdout.isEmpty, "\(label): \(r.stdout.prefix(300))")
            #expect(try files(under: user.home) == filesBefore, "\(label): files changed")
            #expect(elapsed < Self.attempts * Self.timeout + Self.maxBackoff + Self.slack, "\(label): took \(elapsed)s")
            if command.postOnly && fault != .refused {
                let posts = server.received.filter { $0.method == "POST" }
                #expect(posts.count == 1, "\(label): the create was sent \(posts.count) times")
            }
            if let other = server.otherOrigin {
                #expect(other.received.isEmpty, "\(label): the redirect was followed")
                #expect(!other.received.contains { $0.headers.values.contains { $0.contains(sandbox.apiKey) } })
            }
        }
    }

    /// The matrix's size, checked so that a fault or product dropped from it is noticed.
    @Test func matrixCoversEveryFaultCommandAndProduct() {
        let runs = FaultServer.Fault.allCases.count * Self.products.reduce(0) { $0 + $1.commands.count }
        #expect(FaultServer.Fault.allCases.count == 15)
        #expect(Set(Self.products.map(\.name)) == ["vmcloud", "dedicated", "clustered", "influxdb2"])
        #expect(runs == 180)
    }
}

/// Every path under `directory` with its size, to tell that nothing was written.
/// Everything below `directory`, files and folders, with their sizes: a run must leave the home as it found
/// it (the transport keeps FoundationNetworking from making its cache and cookie folders there).
func files(under directory: String) throws -> [String: Int] {
    var result: [String: Int] = [:]
    guard let walker = FileManager.default.enumerator(atPath: directory) else { return result }
    while let name = walker.nextObject() as? String {
        let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/" + name)
        result[name] = (attributes[.size] as? Int) ?? 0
    }
    return result
}
