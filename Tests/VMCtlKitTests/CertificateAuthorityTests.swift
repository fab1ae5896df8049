import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCtlSupport

/// A PEM block around `der`, with the base64 in lines of 64 as PEM has it.
private func pem(_ der: [UInt8], label: String = "CERTIFICATE") -> String {
    let base64 = Data(der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
    return "-----BEGIN \(label)-----\n\(base64)\n-----END \(label)-----\n"
}

/// Bytes shaped like a DER certificate (a SEQUENCE with a two-byte length): what the file check looks for.
private let derLike: [UInt8] = [0x30, 0x82, 0x01, 0x0a] + (0..<266).map { UInt8($0 % 256) }

/// docs/contract.md, profile keys: a profile's `ca_cert` file is checked before it is saved, and again
/// before it is used.
@Suite struct CertificateAuthorityFileTests {
    @Test func aPEMCertificateIsAcceptedAndAnythingElseSaysWhatIsWrong() {
        let good = pem(derLike)
        #expect(CertificateAuthorityFile.problem(in: Array(good.utf8)) == nil)
        // A bundle: text before, a private key, a damaged block, then a good certificate.
        let bundle = "# the lab's CA\n" + pem(derLike, label: "PRIVATE KEY") + "-----BEGIN CERTIFICATE-----\n@@@@\n-----END CERTIFICATE-----\n" + good
        #expect(CertificateAuthorityFile.problem(in: Array(bundle.utf8)) == nil)
        let noPEM = "holds no PEM certificate (-----BEGIN CERTIFICATE-----)"
        let damaged = "holds no PEM certificate that decodes: the base64 between -----BEGIN CERTIFICATE----- and -----END CERTIFICATE----- is damaged"
        let cases: [(String, [UInt8])] = [
            ("is empty", []),
            ("is empty", Array(" \n\t\n".utf8)),
            (noPEM, Array("not a certificate\n".utf8)),
            (noPEM, Array(pem(derLike, label: "PRIVATE KEY").utf8)),
            (noPEM, Array("-----BEGIN CERTIFICATE-----\nMIIB\n".utf8)),
            (damaged, Array("-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n".utf8)),
            (damaged, Array("-----BEGIN CERTIFICATE-----\nMIIBCgKCAQEAx\n-----END CERTIFICATE-----\n".utf8)),
            (damaged, Array(pem([0x02, 0x01, 0x05]).utf8)),
            ("holds no PEM certificate (-----BEGIN CERTIFICATE-----); it looks like a DER certificate, which openssl x509 -inform der -in FILE -out ca.pem turns into PEM",
             derLike),
        ]
        for (expected, bytes) in cases {
            #expect(CertificateAuthorityFile.problem(in: bytes) == expected, "\(String(decoding: bytes, as: UTF8.self))")
        }
    }

    @Test func aFileThatIsMissingADirectoryOrTooLargeIsRefused() throws {
        let dir = TemporaryDirectory()
        #expect(CertificateAuthorityFile.problem(at: dir.write("ca.pem", pem(derLike))) == nil)
        #expect(CertificateAuthorityFile.problem(at: dir.path + "/missing.pem") == "does not exist")
        #expect(CertificateAuthorityFile.problem(at: dir.path) == "is a directory, not a file")
        let large = dir.write("large.pem", pem(derLike) + String(repeating: "#\n", count: Limits.caCertificateFileBytes / 2))
        #expect(CertificateAuthorityFile.problem(at: large) == "is larger than 1 MiB, the limit for a CA certificate file")
        // Endless: refused at the limit, not read to the end.
        #expect(CertificateAuthorityFile.problem(at: "/dev/zero") == "is larger than 1 MiB, the limit for a CA certificate file")
        if geteuid() != 0 {
            let unreadable = dir.write("unreadable.pem", pem(derLike), mode: 0o000)
            #expect(CertificateAuthorityFile.problem(at: unreadable) == "cannot be read (permission denied)")
        }
    }

    @Test func aPathIsMadeAbsolute() {
        let environment = ["HOME": "/home/ops"]
        #expect(CertificateAuthorityFile.absolutePath("ca.pem", environment: environment, directory: "/work/x") == "/work/x/ca.pem")
        #expect(CertificateAuthorityFile.absolutePath("../certs/./ca.pem", environment: environment, directory: "/work/x") == "/work/certs/ca.pem")
        #expect(CertificateAuthorityFile.absolutePath("~/lab/ca.pem", environment: environment, directory: "/work/x") == "/home/ops/lab/ca.pem")
        #expect(CertificateAuthorityFile.absolutePath("/etc/lab/ca.pem", environment: environment, directory: "/work/x") == "/etc/lab/ca.pem")
    }
}

/// `profile create|update --ca-cert`, `profile show`, and what every command does with a profile's `ca_cert`
/// (docs/contract.md, profile keys; docs/guarantees.md, what a retry may repeat).
@Suite struct CertificateAuthorityProfileTests {
    static let hint = "give the PEM file of the CA that signs the server's certificate: a text file with -----BEGIN CERTIFICATE-----"
    static let tokensPath = "/api/v2/authorizations?org=acme"

    /// An influxdb2 profile "default" whose ca_cert is `caCert`.
    static func config(caCert: String?) -> String {
        influxdb2Config() + (caCert.map { "\nca_cert = \"\($0)\"" } ?? "")
    }

    @Test func createChecksTheFileAndStoresItsAbsolutePathWhichShowShows() async throws {
        let dir = TemporaryDirectory()
        let path = dir.write("lab-ca.pem", pem(derLike))
        // As `--ca-cert=~/lab-ca.pem` reaches vmctl: the shell expands no tilde after `=`.
        let created = await runVMCtl(["profile", "create", "lab", "--product", "clustered", "--url", "https://influxdb.lab.example",
                                      "--ca-cert=~/lab-ca.pem", "--api-key-env", "LAB_KEY"], config: nil, directory: dir)
        #expect(created.code == 0, "\(created.stderr)")
        #expect(dir.read("config.toml") == """
            default_profile = "lab"

            [[profile]]
            name = "lab"
            product = "clustered"
            url = "https://influxdb.lab.example"
            ca_cert = "\(path)"
            api_key_env = "LAB_KEY"

            """)
        let show = await runVMCtl(["profile", "show", "lab"], config: nil, environment: ["LAB_KEY": "k"], directory: dir)
        #expect(show.stdout.split(separator: "\n").contains { $0.split(separator: " ", omittingEmptySubsequences: true) == ["ca_cert", Substring(path), "config", "file"] },
                "\(show.stdout)")
        let json = try JSONParser.parse(await runVMCtl(["profile", "show", "lab", "-o", "json"], config: nil, directory: dir).stdout)
        #expect(json["ca_cert"] == .string(path))
        #expect(json["origins"]?["ca_cert"] == .string("config file"))
        let list = try JSONParser.parse(await runVMCtl(["profile", "list", "-o", "json"], config: nil, directory: dir).stdout)
        #expect(list.arrayValue?.first?["ca_cert"] == .string(path))
    }

    @Test func createRefusesAFileThatHoldsNoCertificateAndWritesNothing() async {
        let dir = TemporaryDirectory()
        let notPEM = dir.write("ca.txt", "lab CA, ask ops\n")
        let empty = dir.write("empty.pem", "")
        for (given, message) in [(dir.path + "/missing.pem", "--ca-cert \(dir.path)/missing.pem does not exist"),
                                 (notPEM, "--ca-cert \(notPEM) holds no PEM certificate (-----BEGIN CERTIFICATE-----)"),
                                 (empty, "--ca-cert \(empty) is empty")] {
            let r = await runVMCtl(["profile", "create", "lab", "--product", "influxdb2", "--url", "https://influx.lab.example", "--org", "acme",
                                    "--ca-cert", given, "--api-key-stdin"], config: nil, stdin: "a-key\n", directory: dir)
            #expect(r.code == 2)
            #expect(r.stderr == "Error: \(message)\n\(Self.hint)\n")
            #expect(dir.read("config.toml") == nil)
        }
        let blank = await runVMCtl(["profile", "create", "lab", "--product", "influxdb2", "--url", "https://influx.lab.example", "--org", "acme",
                                    "--ca-cert", ""], config: nil, directory: dir)
        #expect(blank.code == 2 && blank.stderr.hasPrefix("Error: --ca-cert is empty\n"), "\(blank.stderr)")
    }

    @Test func updateSetsReplacesAndRemovesTheCAFile() async {
        let dir = TemporaryDirectory()
        let first = dir.write("first.pem", pem(derLike)), second = dir.write("second.pem", pem(derLike))
        _ = dir.write("config.toml", Self.config(caCert: first))
        func caCertLine() -> String? { dir.read("config.toml")?.split(separator: "\n").first { $0.hasPrefix("ca_cert") }.map(String.init) }

        let replaced = await runVMCtl(["profile", "update", "default", "--ca-cert", second], config: nil, directory: dir)
        #expect(replaced.code == 0, "\(replaced.stderr)")
        #expect(caCertLine() == "ca_cert = \"\(second)\"")
        let refused = await runVMCtl(["profile", "update", "default", "--ca-cert", dir.path + "/gone.pem"], config: nil, directory: dir)
        #expect(refused.code == 2)
        #expect(refused.stderr == "Error: --ca-cert \(dir.path)/gone.pem does not exist\n\(Self.hint)\n")
        #expect(caCertLine() == "ca_cert = \"\(second)\"")
        let removed = await runVMCtl(["profile", "update", "default", "--ca-cert", ""], config: nil, directory: dir)
        #expect(removed.code == 0, "\(removed.stderr)")
        #expect(caCertLine() == nil && dir.read("config.toml")?.contains("org = \"acme\"") == true)
    }

    @Test func aCACertInTheFileMustBeAnAbsolutePath() async {
        let r = await runVMCtl(["token", "list"], config: Self.config(caCert: "certs/ca.pem"))
        #expect(r.code == 3)
        #expect(r.stderr.contains("config.toml:7: ca_cert \"certs/ca.pem\" is not an absolute path\n"), "\(r.stderr)")
    }

    /// The process trusts the profile's file (the hook sets it on every request's handle) before anything is
    /// sent, or the system's when the profile has none; the hint of a failure names it.
    @Test func everyCommandTrustsItsProfilesCAFileBeforeSendingAnything() async {
        let dir = TemporaryDirectory()
        let path = dir.write("ca.pem", pem(derLike))
        let list = #"{"authorizations":[]}"#
        let with = await runVMCtl(["token", "list"], config: Self.config(caCert: path),
                                  stub: StubTransport().expect("GET", Self.tokensPath, json: list), directory: dir)
        #expect(with.code == 0, "\(with.stderr)")
        #expect(with.trusted == [path])
        let tilde = await runVMCtl(["token", "list"], config: Self.config(caCert: "~/ca.pem"),
                                   stub: StubTransport().expect("GET", Self.tokensPath, json: list), directory: dir)
        #expect(tilde.trusted == [path])
        let without = await runVMCtl(["token", "list"], config: Self.config(caCert: nil), stub: StubTransport().expect("GET", Self.tokensPath, json: list))
        #expect(without.code == 0 && without.trusted == [nil])
    }

    @Test func aCAFileGoneSinceTheProfileWasSavedIsAConfigErrorAndNothingIsSent() async {
        let dir = TemporaryDirectory()
        let stub = StubTransport()
        let r = await runVMCtl(["token", "list"], config: Self.config(caCert: dir.path + "/gone.pem"), stub: stub, directory: dir)
        #expect(r.code == 3)
        #expect(r.stderr == """
            Error: ca_cert of profile "default": \(dir.path)/gone.pem does not exist
            set ca_cert of profile "default" to the CA's PEM file: vmctl profile update default --ca-cert FILE

            """)
        #expect(stub.requests.isEmpty && r.trusted.isEmpty)
    }

    /// A program that cannot apply the file (no hook) refuses to send, rather than check the server against
    /// the system's CA certificates instead.
    @Test func aProgramThatCannotApplyTheCAFileSendsNothing() async {
        let dir = TemporaryDirectory()
        let path = dir.write("ca.pem", pem(derLike))
        let stub = StubTransport()
        let r = await runVMCtl(["token", "list"], config: Self.config(caCert: path), stub: stub, directory: dir,
                               trust: TrustRecorder(hookInstalled: false))
        #expect(r.code == 1)
        #expect(r.stderr == """
            Error: this build of vmctl cannot apply ca_cert of profile "default" (\(path)): its libcurl hook is not linked in, and the server's certificate would be checked against the system's CA certificates instead
            use a vmctl built by swift build or scripts/build-static.sh, which applies ca_cert; or remove ca_cert from profile "default" (vmctl profile update default --ca-cert '')

            """)
        #expect(stub.requests.isEmpty)
    }

    /// A certificate that does not verify fails at once (exit 7), without the retries that cannot help,
    /// naming libcurl's words and ca_cert.
    @Test func aCertificateThatDoesNotVerifyIsNotRetriedAndNamesCACert() async {
        let problem = "SSL certificate problem: unable to get local issuer certificate"
        let dir = TemporaryDirectory()
        let path = dir.write("ca.pem", pem(derLike))
        let wrong = StubTransport().expect("GET", Self.tokensPath, failure: .certificate(problem))
        let r = await runVMCtl(["token", "list"], config: Self.config(caCert: path), stub: wrong, directory: dir)
        #expect(r.code == 7)
        #expect(r.stderr == """
            Error: TLS connection to 127.0.0.1:9 failed: \(problem) (the server's certificate was checked against ca_cert \(path))
            the server's certificate does not verify against ca_cert of profile "default" (\(path)): give the PEM file of the CA that signs it (vmctl profile update default --ca-cert FILE), or check the url

            """)
        #expect(wrong.requests.count == 1 && r.sleeps.isEmpty)

        let none = StubTransport().expect("GET", Self.tokensPath, failure: .certificate(problem))
        let r2 = await runVMCtl(["token", "list"], config: Self.config(caCert: nil), stub: none)
        #expect(r2.code == 7)
        #expect(r2.stderr == """
            Error: TLS connection to 127.0.0.1:9 failed: \(problem) (the server's certificate was checked against the system's CA certificates)
            if a private CA signs the server's certificate, set ca_cert of profile "default" to the CA's PEM file: vmctl profile update default --ca-cert FILE

            """)
        #expect(none.requests.count == 1 && r2.sleeps.isEmpty)

        // A POST, too, is sent once: the handshake failed before anything was.
        let create = StubTransport().expect("GET", "/api/v2/resources", json: #"["buckets"]"#)
            .expect("POST", "/api/v2/authorizations", failure: .certificate(problem))
        let r3 = await runVMCtl(["token", "create", "--operator", "ops"], config: influxdb2Config(org: #"org_id = "\#(orgID)""#), stub: create)
        #expect(r3.code == 7 && r3.sleeps.isEmpty, "\(r3.stderr)")
        #expect(create.requests.map(\.method) == ["GET", "POST"])
    }

    @Test func aCertificateFailureWhereTheCAFileWasNeverAppliedSaysSo() async {
        let dir = TemporaryDirectory()
        let path = dir.write("ca.pem", pem(derLike))
        let stub = StubTransport().expect("GET", Self.tokensPath,
                                          failure: .certificateAuthorityNotApplied("SSL certificate problem: unable to get local issuer certificate"))
        let r = await runVMCtl(["token", "list"], config: Self.config(caCert: path), stub: stub, directory: dir)
        #expect(r.code == 7)
        #expect(r.stderr == """
            Error: TLS connection to 127.0.0.1:9 failed: SSL certificate problem: unable to get local issuer certificate; this build of vmctl cannot apply ca_cert \(path), so the server's certificate was checked against the system's CA certificates instead
            use a vmctl built by swift build or scripts/build-static.sh, which applies ca_cert; or remove ca_cert from profile "default" (vmctl profile update default --ca-cert '')

            """)
        #expect(stub.requests.count == 1)
    }

    /// A handshake that failed otherwise (the connection dropped in it) may pass on another attempt.
    @Test func aHandshakeThatFailedOtherwiseIsStillRetried() async {
        let failure = TransportError.tls("OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to 127.0.0.1:9")
        let stub = StubTransport().expect("GET", Self.tokensPath, failure: failure).expect("GET", Self.tokensPath, failure: failure)
            .expect("GET", Self.tokensPath, failure: failure)
        let r = await runVMCtl(["token", "list"], config: Self.config(caCert: nil), stub: stub)
        #expect(r.code == 7)
        #expect(stub.requests.count == 3 && r.sleeps.count == 2)
        #expect(r.stderr.hasSuffix("""
            Error: TLS connection to 127.0.0.1:9 failed: OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to 127.0.0.1:9
            check the url of profile "default" and your network

            """), "\(r.stderr)")
    }
}

/// What libcurl's TLS messages mean (FoundationNetworking hands them over as `URLError.unknown`).
@Suite struct CertificateErrorMappingTests {
    static func libcurl(_ message: String) -> URLError {
        URLError(.unknown, userInfo: [NSLocalizedDescriptionKey: message])
    }

    @Test func libcurlsCertificateMessagesAreCertificateFailuresAndOtherHandshakeFailuresAreNot() {
        let system = TrustedCertificateAuthority.State()
        let applied = TrustedCertificateAuthority.State(path: "/etc/lab/ca.pem", applied: 1)
        for message in ["SSL certificate problem: unable to get local issuer certificate",
                        "SSL certificate problem: self-signed certificate",
                        "SSL certificate problem: certificate has expired",
                        "SSL: no alternative certificate subject name matches target host name 'influx.lab.example'",
                        "SSL: certificate subject name 'other' does not match target host name 'influx.lab.example'",
                        "error setting certificate file: /etc/lab/ca.pem"] {
            #expect(URLSessionTransport.map(Self.libcurl(message), authority: system) == .certificate(message))
            #expect(URLSessionTransport.map(Self.libcurl(message), authority: applied) == .certificate(message))
            #expect(!TransportError.certificate(message).mayPassOnRetry)
        }
        for message in ["OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to 127.0.0.1:8443",
                        "OpenSSL SSL_connect: Connection reset by peer in connection to 127.0.0.1:8443",
                        "error:0A00010B:SSL routines::wrong version number"] {
            #expect(URLSessionTransport.map(Self.libcurl(message), authority: applied) == .tls(message))
            #expect(TransportError.tls(message).mayPassOnRetry)
        }
    }

    /// A ca_cert that was never set on a request (the hook did not run) is named in the failure.
    @Test func aCertificateFailureWithACAFileNeverAppliedSaysSo() {
        let message = "SSL certificate problem: unable to get local issuer certificate"
        let neverApplied = TrustedCertificateAuthority.State(path: "/etc/lab/ca.pem", applied: 0)
        #expect(URLSessionTransport.map(Self.libcurl(message), authority: neverApplied) == .certificateAuthorityNotApplied(message))
        #expect(URLSessionTransport.map(NSError(domain: NSURLErrorDomain, code: NSURLErrorUnknown, userInfo: [NSLocalizedDescriptionKey: message]),
                                        authority: neverApplied) == .certificateAuthorityNotApplied(message))
        #expect(!TransportError.certificateAuthorityNotApplied(message).mayPassOnRetry)
    }
}

/// The hook that applies a profile's ca_cert to every request (docs/guarantees.md, the transport).
@Suite struct TrustedCertificateAuthorityTests {
    /// A program that exports the hook binds every library's `curl_multi_add_handle` to it, and libcurl's
    /// own comes next: the vmctl executable, and this test program, which links the vmctl target and so its
    /// linker flag (Package.swift). (A program that does not export it refuses a CA file instead:
    /// `use(path:)` throws, as `CertificateAuthorityProfileTests/aProgramThatCannotApplyTheCAFileSendsNothing`
    /// shows for a command.)
    @Test func theHookIsTheFunctionLibrariesCallAndLibcurlsComesNext() throws {
        let everywhere = UnsafeMutableRawPointer(bitPattern: 0), next = UnsafeMutableRawPointer(bitPattern: -1)
        // dladdr(3), a GNU extension the Glibc module does not import. Its Dl_info starts with the file's name.
        typealias DLAddr = @convention(c) (UnsafeRawPointer?, UnsafeMutablePointer<UnsafeRawPointer?>) -> Int32
        let dladdr = unsafeBitCast(try #require(dlsym(everywhere, "dladdr")), to: DLAddr.self)
        /// The file of the program or library that holds `symbol`.
        func file(of symbol: UnsafeMutableRawPointer) -> String {
            var info = [UnsafeRawPointer?](repeating: nil, count: 4)
            guard dladdr(symbol, &info) != 0 else { return "" }
            return info[0].map { String(cString: $0.assumingMemoryBound(to: CChar.self)) } ?? ""
        }
        let bound = file(of: try #require(dlsym(everywhere, "curl_multi_add_handle")))
        func resolved(_ path: String) -> String? {
            guard let real = realpath(path, nil) else { return nil }
            defer { free(real) }
            return String(cString: real)
        }
        let program = resolved("/proc/self/exe")
        #expect(program != nil && resolved(bound) == program, "curl_multi_add_handle is bound in \(bound), not \(program ?? "?")")
        let libcurls = file(of: try #require(dlsym(next, "curl_multi_add_handle")))
        #expect(libcurls.contains("libcurl"), "\(libcurls)")
        #expect(TrustedCertificateAuthority.hookIsInstalled)
        #expect(LibCurl.addHandle != nil && LibCurl.setOptionPointer != nil)
    }
}
