import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SandboxCore
import Testing
@testable import VMCtlSupport

/// Certificates made with openssl in a temporary directory: a CA, another CA that signed nothing here, and
/// a certificate for 127.0.0.1 (subjectAltName IP:127.0.0.1) that the first CA signed.
final class PrivateCA {
    let directory: String
    var caPath: String { directory + "/ca.pem" }
    var wrongCAPath: String { directory + "/wrong-ca.pem" }
    var serverCertificate: String { directory + "/server.pem" }
    var serverKey: String { directory + "/server.key" }

    init() throws {
        directory = NSTemporaryDirectory() + "vmctl-ca-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard let openssl = ProcessRunner.find("openssl", path: ProcessInfo.processInfo.environment["PATH"]) else {
            throw TestFailure("openssl is not on PATH")
        }
        func run(_ arguments: [String]) throws {
            let r = try runProcess(openssl, arguments, environment: ProcessInfo.processInfo.environment, directory: directory)
            guard r.code == 0 else { throw TestFailure("openssl \(arguments.joined(separator: " ")) failed: \(r.stderr)") }
        }
        let key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try run(["req", "-x509"] + key + ["-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=vmctl test CA"])
        try run(["req", "-x509"] + key + ["-keyout", "wrong-ca.key", "-out", "wrong-ca.pem", "-days", "2", "-subj", "/CN=vmctl other CA"])
        try run(["req"] + key + ["-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1"])
        try Data("subjectAltName = IP:127.0.0.1\n".utf8).write(to: URL(fileURLWithPath: directory + "/server.ext"))
        try run(["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem",
                 "-days", "2", "-extfile", "server.ext"])
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }
}

/// Tests/Support/tls_relay.py: a TLS server on 127.0.0.1 (a port chosen at run time) with the certificate
/// `ca` signed, relaying each request to `upstream`, and logging each handshake and request.
final class TLSRelay {
    let process = Process()
    let url: String
    let logPath: String
    private let input = Pipe()

    init(ca: PrivateCA, upstream: String) throws {
        guard let python = ProcessRunner.find("python3", path: ProcessInfo.processInfo.environment["PATH"]) else {
            throw TestFailure("python3 is not on PATH")
        }
        logPath = ca.directory + "/relay.log"
        try Data().write(to: URL(fileURLWithPath: logPath))
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [repositoryRoot.appendingPathComponent("Tests/Support/tls_relay.py").path, "--cert", ca.serverCertificate,
                             "--key", ca.serverKey, "--upstream", upstream, "--log", logPath]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = input
        process.standardError = FileHandle.nullDevice
        try process.run()
        // A relay that never says where it listens is stopped, which ends the read below.
        let watchdog = DispatchWorkItem { [process] in if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 30, execute: watchdog)
        defer { watchdog.cancel() }
        var text = ""
        while !text.hasSuffix("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { throw TestFailure("the TLS relay did not start: \(text)") }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard text.hasPrefix("listening on https://127.0.0.1:") else { throw TestFailure("unexpected relay output: \(text)") }
        url = String(text.dropFirst("listening on ".count).dropLast())
    }

    deinit {
        try? input.fileHandleForWriting.close()
        ChildProcess.stop(process)
    }

    /// Every line of the log: `handshake ok`, `handshake failed: …`, `request METHOD PATH`.
    var log: [String] {
        ((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// The log's lines after the first `after`, once the relay has logged at least one more and then nothing
    /// for a while: what the relay saw of a command that has ended.
    func settledLog(after: Int) -> [String] {
        let deadline = Date().addingTimeInterval(10)
        while log.count <= after && Date() < deadline { usleep(20_000) }
        var lines = log
        while true {
            usleep(500_000)
            let again = log
            if again == lines { return Array(lines.dropFirst(after)) }
            lines = again
        }
    }
}

/// docs/contract.md, profile keys, and docs/guarantees.md, what a retry may repeat: a server whose
/// certificate a private CA signs is reached with the profile's ca_cert, for the management API and a
/// token's data endpoint; a wrong CA, or none, fails at once (exit 7) naming libcurl's certificate problem
/// and ca_cert, after one attempt.
@Suite struct PrivateCATests {
    static let toolsAvailable = Tools.available("openssl") && Tools.available("python3")
    static let problem = "SSL certificate problem: unable to get local issuer certificate"

    @Test(.enabled(if: toolsAvailable, "needs openssl and python3"))
    func aProfileWithItsCAFileWorksAndAWrongOrNoCAFailsOnceNamingCACert() throws {
        let sandbox = try SandboxProcess()
        let ca = try PrivateCA()
        let relay = try TLSRelay(ca: ca, upstream: sandbox.url)
        let user = VMCtlUser()
        func create(_ name: String, _ extra: [String], directory: String? = nil) throws {
            let r = try runProcess(vmctlPath, ["profile", "create", name, "--product", "influxdb2", "--url", relay.url, "--org", "sandbox-org",
                                               "--api-key-stdin"] + extra,
                                   environment: user.environment, stdin: sandbox.apiKey + "\n", directory: directory)
            try #require(r.code == 0, "\(r.stderr)")
        }

        // Given relative to where the command runs, stored as an absolute path.
        try create("lab", ["--ca-cert", "ca.pem"], directory: ca.directory)
        let config = try String(contentsOfFile: user.configPath, encoding: .utf8)
        #expect(config.contains("\nca_cert = \"\(ca.caPath)\"\n"), "\(config)")
        let shown = try user.vmctl(["profile", "show", "lab", "-o", "json"])
        #expect(try JSONParser.parse(shown.stdout)["ca_cert"] == .string(ca.caPath))

        let listed = try user.vmctl(["-p", "lab", "token", "list"])
        #expect(listed.code == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("sandbox operator token"), "\(listed.stdout)")
        // The data endpoint (the same server, over TLS) is checked with the profile's CA too.
        let checked = try user.vmctl(["-p", "lab", "token", "check", "--secret-stdin"], stdin: sandbox.apiKey + "\n")
        #expect(checked.code == 0, "\(checked.stdout)\(checked.stderr)")
        #expect(checked.stdout.contains("ok (HTTP 200) \(relay.url)/api/v2/query"), "\(checked.stdout)")
        #expect(relay.log.contains("request POST /api/v2/query?org=sandbox-org"), "\(relay.log)")

        // Another CA's file: one attempt, refused by vmctl in the handshake, nothing sent.
        try create("other", ["--ca-cert", ca.wrongCAPath])
        var mark = relay.log.count
        let wrong = try user.vmctl(["-p", "other", "token", "list"])
        #expect(wrong.code == 7)
        #expect(wrong.stderr == """
            Error: TLS connection to \(relay.url.dropFirst("https://".count)) failed: \(Self.problem) (the server's certificate was checked against ca_cert \(ca.wrongCAPath))
            the server's certificate does not verify against ca_cert of profile "other" (\(ca.wrongCAPath)): give the PEM file of the CA that signs it (vmctl profile update other --ca-cert FILE), or check the url

            """)
        var seen = relay.settledLog(after: mark)
        #expect(seen.count == 1 && seen.allSatisfy { $0.hasPrefix("handshake failed:") }, "\(seen)")

        // No ca_cert: the system's CA certificates do not hold this CA; the hint says how to give it.
        try create("plain", [])
        mark = relay.log.count
        let none = try user.vmctl(["-p", "plain", "token", "list"])
        #expect(none.code == 7)
        #expect(none.stderr == """
            Error: TLS connection to \(relay.url.dropFirst("https://".count)) failed: \(Self.problem) (the server's certificate was checked against the system's CA certificates)
            if a private CA signs the server's certificate, set ca_cert of profile "plain" to the CA's PEM file: vmctl profile update plain --ca-cert FILE

            """)
        seen = relay.settledLog(after: mark)
        #expect(seen.count == 1 && seen.allSatisfy { $0.hasPrefix("handshake failed:") }, "\(seen)")

        // With --format json too: one error object, with the hint.
        let json = try user.vmctl(["-p", "plain", "token", "list", "-o", "json"])
        let error = try JSONParser.parse(json.stderr)["error"]
        #expect(error?["exit_code"] == .int(7) && error?["code"] == .string("network"))
        #expect(error?["hint"]?.stringValue?.contains("vmctl profile update plain --ca-cert FILE") == true, "\(json.stderr)")

        // As the hint says: the profile updated with the CA's file works.
        let updated = try user.vmctl(["profile", "update", "plain", "--ca-cert", ca.caPath])
        #expect(updated.code == 0, "\(updated.stderr)")
        let fixed = try user.vmctl(["-p", "plain", "token", "list"])
        #expect(fixed.code == 0, "\(fixed.stderr)")
    }

    /// `profile create --ca-cert` checks the file before anything is saved: usage errors (exit 2) that say
    /// what is wrong and what to give.
    @Test func profileCreateRefusesACAFileThatHoldsNoCertificate() throws {
        let user = VMCtlUser()
        let directory = user.home + "/certs"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data("ask ops for the lab CA\n".utf8).write(to: URL(fileURLWithPath: directory + "/notes.txt"))
        try Data().write(to: URL(fileURLWithPath: directory + "/empty.pem"))
        let hint = "give the PEM file of the CA that signs the server's certificate: a text file with -----BEGIN CERTIFICATE-----"
        for (file, problem) in [("missing.pem", "does not exist"), ("notes.txt", "holds no PEM certificate (-----BEGIN CERTIFICATE-----)"),
                                ("empty.pem", "is empty")] {
            let r = try user.vmctl(["profile", "create", "lab", "--product", "influxdb2", "--url", "https://influx.lab.example", "--org", "acme",
                                    "--ca-cert", directory + "/" + file, "--api-key-stdin"], stdin: "a-key\n")
            #expect(r.code == 2)
            #expect(r.stderr == "Error: --ca-cert \(directory)/\(file) \(problem)\n\(hint)\n")
            #expect(!FileManager.default.fileExists(atPath: user.configPath))
        }
    }
}
