import Foundation
import Testing
@testable import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCloud
@testable import InfluxDB2
@testable import InfluxDB3
@testable import VMCtlSupport

/// Layer 2: retries, error mapping, redaction and transport rules, with the stub transport.
@Suite struct TransportRunTests {
    let tokensPath = "/api/v1/deployments/\(prodID)/access_tokens"

    @Test func getIsRetriedAfter503HonouringRetryAfter() async {
        let stub = StubTransport()
            .expect("GET", tokensPath, status: 503, json: "busy", headers: ["Retry-After": "2"])
            .expect("GET", tokensPath, json: "[]")
        let r = await runVMCtl(["token", "list"], stub: stub)
        #expect(r.code == 0)
        #expect(r.sleeps == [2])
        #expect(r.stderr.contains("Warning: GET \(tokensPath): server answered 503; retrying in 2s (attempt 2 of 3)\n"))
        #expect(stub.remaining.isEmpty)
    }

    @Test func backoffIsExponentialWithJitterAndStopsAtThreeAttempts() async {
        let stub = StubTransport()
            .expect("GET", tokensPath, status: 502)
            .expect("GET", tokensPath, status: 504)
            .expect("GET", tokensPath, status: 503, json: #"{"message":"still busy"}"#)
        let r = await runVMCtl(["token", "list"], stub: stub)
        #expect(r.code == 1)
        // random() is 0.5 in tests: base·2^(n−1)·(0.5 + 0.25).
        #expect(r.sleeps == [0.375, 0.75])
        #expect(r.stderr.hasSuffix("Error: server error: still busy (HTTP 503)\n"))
        #expect(stub.requests.count == 3)
    }

    @Test func connectionErrorsAreRetriedForGetThenExit7() async {
        let stub = StubTransport()
            .expect("GET", tokensPath, failure: .connectionLost("reset"))
            .expect("GET", tokensPath, failure: .timedOut)
            .expect("GET", tokensPath, failure: .timedOut)
        let r = await runVMCtl(["token", "list", "--timeout", "5s"], stub: stub)
        #expect(r.code == 7)
        #expect(r.stderr.hasSuffix("""
        Error: GET \(tokensPath) timed out after 5s
        the server may be slow: raise --timeout, or check your network

        """))
        #expect(stub.requests.allSatisfy { $0.timeout == 5 })
    }

    @Test func postIsNotRetriedOnceItMayHaveReachedTheServer() async {
        let s503 = StubTransport().expect("POST", tokensPath, status: 503).expect("GET", prodInfoPath, json: prodInfoJSON)
        let r = await runVMCtl(["token", "create", "--read-database", "*", "x"], stub: s503)
        #expect(r.code == 1)
        #expect(s503.requests.filter { $0.method == "POST" }.count == 1)
        #expect(r.sleeps.isEmpty)

        let lost = StubTransport().expect("POST", tokensPath, failure: .connectionLost("reset by peer")).expect("GET", prodInfoPath, json: prodInfoJSON)
        let r2 = await runVMCtl(["token", "create", "--read-database", "*", "x"], stub: lost)
        #expect(r2.code == 7)
        #expect(lost.requests.filter { $0.method == "POST" }.count == 1)
    }

    @Test func postIsRetriedWhenTheConnectionCouldNotBeOpened() async {
        let stub = StubTransport()
            .expect("POST", tokensPath, failure: .cannotConnect("connection refused"))
            .expect("POST", tokensPath, json: #"{"id":"t","value":"secret-value-1234","type":"r","description":"x"}"#)
            .expect("GET", prodInfoPath, json: prodInfoJSON)
        let r = await runVMCtl(["token", "create", "--read-database", "*", "x"], stub: stub)
        #expect(r.code == 0)
        #expect(stub.requests.filter { $0.method == "POST" }.count == 2)
    }

    @Test(arguments: [
        (401, #"{"message":"invalid API key"}"#, Int32(4), "Error: authentication failed: invalid API key (HTTP 401)"),
        (403, "forbidden", Int32(4), "Error: permission denied: forbidden (HTTP 403)"),
        (404, "", Int32(5), "Error: no deployment \(prodID)"),
        (409, #"{"error":"exists"}"#, Int32(6), "Error: conflict: exists (HTTP 409)"),
        (500, "<html><body>oops</body></html>", Int32(1), "Error: server error: Internal Server Error (HTTP 500)"),
        (418, "line one\nline two", Int32(1), "Error: request failed: line one (HTTP 418)"),
        (302, "", Int32(1), "Error: the server redirected GET \("/api/v1/deployments/\(prodID)/access_tokens") to another place (HTTP 302); vmctl does not follow redirects"),
    ] as [(Int, String, Int32, String)])
    func statusesMapToExitCodes(status: Int, body: String, code: Int32, line: String) async {
        let stub = StubTransport().expect("GET", tokensPath, status: status, json: body)
        // A denial is checked against the deployments the key can see.
        if status == 403 { stub.expect("GET", "/api/v1/deployments", json: #"[{"id":"\#(prodID)","name":"prod"}]"#) }
        let r = await runVMCtl(["token", "list"], stub: stub)
        #expect(r.code == code)
        #expect(r.stderr.split(separator: "\n").first.map(String.init) == line)
    }

    @Test func garbageFromTheServerIsACleanFailure() async {
        for body in ["not json", #"{"id": 5}"#, #"[{"description":"no id"}]"#, "[1,2", "\u{0}\u{1}"] {
            let r = await runVMCtl(["token", "list"], stub: StubTransport().expect("GET", tokensPath, json: body))
            #expect(r.code == 1)
            #expect(r.stderr.hasPrefix("Error: unexpected response from the server to GET \(tokensPath): "), "\(r.stderr)")
            #expect(r.stderr.hasSuffix("run the command again with --debug to see the response\n"))
        }
    }

    /// Bytes that are not UTF-8 inside an answer's strings are refused, never shown or used as U+FFFD:
    /// the list fails naming its request, and nothing is asked of the server with an altered ID.
    @Test func invalidUTF8InAnAnswerIsRefusedNotReplaced() async throws {
        let broken: [UInt8] = [0xC3, 0x28]  // a lead byte without its continuation
        let escaped: [UInt8] = Array(#"\n"#.utf8) + [0xFF]  // in a string that also holds an escape
        for bad in [broken, escaped, [0xED, 0xA0, 0x80] /* an encoded surrogate */, [0xC0, 0xAF] /* overlong */] {
            let tokens = Array(#"[{"id":"\#(prodID)","description":"ok"},{"id":"x","description":"a"#.utf8) + bad + Array(#""}]"#.utf8)
            let r = await runVMCtl(["token", "list"], stub: StubTransport().expect("GET", tokensPath, bytes: tokens))
            #expect(r.code == 1)
            #expect(r.stdout.isEmpty && !r.stderr.contains("\u{FFFD}"))
            #expect(r.stderr.hasPrefix("Error: unexpected response from the server to GET \(tokensPath): the body is not valid JSON (invalid UTF-8 in a string at byte "), "\(r.stderr)")
        }
        // `deployment list` reads each deployment by ID next: an ID that is not UTF-8 stops it before that.
        let deployments = Array(#"[{"id":""#.utf8) + [0xFE, 0xFE] + Array(#"","name":"metrics","type":"cluster","status":"RUNNING"}]"#.utf8)
        // (The tier catalog is read beside the list; this stub has none to give.)
        let stub = StubTransport(permissive: true).expect("GET", "/api/v1/deployments", bytes: deployments)
        let r = await runVMCtl(["deployment", "list"], stub: stub)
        #expect(r.code == 1)
        #expect(r.stderr.contains("Error: unexpected response from the server to GET /api/v1/deployments: the body is not valid JSON (invalid UTF-8"), "\(r.stderr)")
        #expect(stub.requests.allSatisfy { ["/api/v1/deployments", "/api/v1/tiers"].contains($0.url.path) }, "\(stub.requests.map(\.url.path))")
    }

    @Test func serverMessagesAreShortAndSecretFree() async {
        let long = String(repeating: "x", count: 500)
        let stub = StubTransport().expect("GET", tokensPath, status: 400, json: #"{"message":"bad key \#(sandboxKey) \u001b[31m \#(long)"}"#)
        let r = await runVMCtl(["token", "list"], stub: stub)
        #expect(!r.stderr.contains(sandboxKey))
        #expect(!r.stderr.contains("\u{1B}"))
        #expect(r.stderr.count < 300)
    }

    @Test func debugPrintsExchangesWithEverySecretRedacted() async {
        let stub = StubTransport()
            .expect("POST", tokensPath, json: #"{"id":"t","value":"brand-new-secret-77","type":"rw","description":"x"}"#)
            .expect("GET", prodInfoPath, json: prodInfoJSON)
        let r = await runVMCtl(["token", "create", "--read-database", "*", "--write-database", "*", "x", "--debug"], stub: stub)
        #expect(r.code == 0)
        #expect(r.stderr.contains("> POST http://127.0.0.1:9\(tokensPath)\n"))
        #expect(r.stderr.contains("> X-VM-Cloud-Access: [REDACTED]\n"))
        #expect(r.stderr.contains("< 200 OK ("))
        #expect(r.stderr.contains(#""value":"[REDACTED]""#))
        #expect(!r.stderr.contains(sandboxKey))
        #expect(!r.stderr.contains("brand-new-secret-77"))
        // The secret still reaches stdout, once.
        #expect(r.stdout.components(separatedBy: "brand-new-secret-77").count == 2)
    }

    @Test func plainHTTPOnlyToLoopbackUnlessAllowed() async {
        let remote = vmcloudConfig(url: "http://metrics.example.com")
        let stub = StubTransport()
        let r = await runVMCtl(["token", "list"], config: remote, stub: stub)
        #expect(r.code == 3)
        #expect(r.stderr == """
        Error: refusing plain http to metrics.example.com: the API key would cross the network unencrypted
        use an https:// url, or set allow_http = true in profile "test"

        """)
        #expect(stub.requests.isEmpty)

        let allowed = remote + "\nallow_http = true\n"
        let ok = await runVMCtl(["token", "list"], config: allowed, stub: StubTransport().expect("GET", tokensPath, json: "[]"))
        #expect(ok.code == 0)
    }

    @Test func vmctlAPIKeyIsUsedOnlyWithoutAProfileFlag() async {
        let env = ["VMCTL_API_KEY": "from-the-environment-123"]
        let implicit = StubTransport().expect("GET", tokensPath, json: "[]")
        _ = await runVMCtl(["token", "list"], stub: implicit, environment: env)
        #expect(implicit.requests.first?.header("X-VM-Cloud-Access") == "from-the-environment-123")

        let explicit = StubTransport().expect("GET", tokensPath, json: "[]")
        _ = await runVMCtl(["token", "list", "--profile", "test"], stub: explicit, environment: env)
        #expect(explicit.requests.first?.header("X-VM-Cloud-Access") == sandboxKey)
    }
}
