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
@testable import VMCloud
@testable import InfluxDB2
@testable import InfluxDB3
@testable import VMCtlSupport

/// Every line of `stderr` parsed as JSON; a line that is not one JSON object fails the test.
func jsonLines(_ stderr: String, sourceLocation: SourceLocation = #_sourceLocation) -> [JSONValue] {
    stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast().compactMap { line in
        guard let value = try? JSONParser.parse(String(line)), case .object = value else {
            Issue.record("stderr line is not a JSON object: \(line)", sourceLocation: sourceLocation)
            return nil
        }
        return value
    }
}

/// With `--format json` every line on stderr is one JSON object: the one error object of a failure, hint
/// included, and warnings, notes, progress and `--debug` as lines of their own (docs/json.md, stderr).
@Suite struct JSONModeStderrTests {
    let tokensPath = "/api/v1/deployments/\(prodID)/access_tokens"

    @Test func aFailureIsOneErrorObjectWithItsHint() async throws {
        let r = await runVMCtl(["token", "list", "--profile", "nope", "-o", "json"])
        #expect(r.code == 3)
        #expect(r.stdout == "")
        let lines = jsonLines(r.stderr)
        #expect(lines.count == 1)
        let error = try #require(lines.first?["error"])
        #expect(error["code"] == .string("config") && error["exit_code"] == .int(3))
        let message = try #require(error["message"]?.stringValue), hint = try #require(error["hint"]?.stringValue)
        #expect(message.hasPrefix(#"no profile named "nope""#) && !hint.isEmpty)

        // The same failure in table mode: the text lines, and no JSON.
        let table = await runVMCtl(["token", "list", "--profile", "nope"])
        #expect(table.stderr.hasPrefix("Error: no profile named \"nope\"") && table.stderr.hasSuffix("\n\(hint)\n"))
        #expect(table.stderr.split(separator: "\n").count == 2)
    }

    @Test func anErrorWithoutAHintHasANullHint() async throws {
        let stub = StubTransport().expect("GET", tokensPath, status: 500, json: #"{"message":"broken"}"#)
        let r = await runVMCtl(["token", "list", "-o", "json"], stub: stub)
        #expect(r.code == 1)
        #expect(r.stderr == #"{"error":{"code":"failure","exit_code":1,"message":"server error: broken (HTTP 500)","hint":null}}"# + "\n")
    }

    /// The parser's usage errors come before the format is known for sure: every spelling of it counts.
    @Test(arguments: [["-o", "json"], ["--format", "json"], ["--format=json"]])
    func usageErrorsOfTheParserHonourTheFormat(format: [String]) async throws {
        let r = await runVMCtl(["token", "list"] + format + ["--nope"])
        #expect(r.code == 2)
        let lines = jsonLines(r.stderr)
        #expect(lines.count == 1)
        #expect(lines.first?["error"]?["message"] == .string(#"unknown flag --nope for "vmctl token list""#))
        #expect(lines.first?["error"]?["hint"]?.stringValue?.hasPrefix("Usage: vmctl token list") == true)
    }

    @Test func warningsAndNotesAreJSONLines() async throws {
        let stub = StubTransport()
            .expect("POST", tokensPath, json: #"{"id":"tok-9","value":"secret-value-1234","type":"rw","description":"ci"}"#)
            .expect("GET", prodInfoPath, json: prodInfoJSON)
        let r = await runVMCtl(["token", "create", "--read-database", "*", "--write-database", "*", "ci", "-o", "json"], stub: stub)
        #expect(r.code == 0)
        let lines = jsonLines(r.stderr)
        #expect(lines.map { line -> [String] in if case .object(let members) = line { members.map(\.key) } else { [] } } == [["warning"], ["note"]])
        #expect(lines.last?["note"] == .string("client examples for it: vmctl token examples tok-9"))
        #expect(!r.stderr.contains("Warning:"))
    }

    @Test func retryNoticesAreJSONLines() async {
        let stub = StubTransport()
            .expect("GET", tokensPath, status: 503, json: "busy", headers: ["Retry-After": "2"])
            .expect("GET", tokensPath, json: "[]")
        let r = await runVMCtl(["token", "list", "--format", "json"], stub: stub)
        #expect(r.code == 0)
        #expect(r.stderr == #"{"warning":"GET \#(tokensPath): server answered 503; retrying in 2s (attempt 2 of 3)"}"# + "\n")
    }

    @Test func debugLinesAreJSONLines() async {
        let stub = StubTransport().expect("GET", tokensPath, json: tokenListJSON)
        let r = await runVMCtl(["token", "list", "-o", "json", "--debug"], stub: stub)
        #expect(r.code == 0)
        let lines = jsonLines(r.stderr)
        #expect(lines.count > 2 && lines.allSatisfy { $0["debug"]?.stringValue != nil })
        #expect(lines.first?["debug"]?.stringValue?.hasPrefix("> GET http://127.0.0.1:9\(tokensPath)") == true)
        #expect(!r.stderr.contains(sandboxKey))
    }

    @Test func progressIsJSONLinesEvenOnATerminal() async {
        let path = "/api/v1/deployments/\(prodID)"
        let stub = StubTransport()
            .expect("GET", path, json: #"{"id":"\#(prodID)","name":"metrics","type":"cluster","status":"PROVISIONING"}"#)
            .expect("GET", path, json: #"{"id":"\#(prodID)","name":"metrics","type":"cluster","status":"RUNNING"}"#)
            .expect("GET", "/api/v1/tiers", json: "[]")
        let r = await runVMCtl(["deployment", "wait", prodID, "-o", "json"], stub: stub, stderrTTY: true)
        #expect(r.code == 0)
        #expect(jsonLines(r.stderr) == [.obj(["note": "Waiting for deployment metrics: PROVISIONING"]),
                                        .obj(["note": "Deployment metrics is RUNNING (waited 1s)"])])
    }

    /// The results on stdout carry each failure with its hint; stderr says the one that sets the exit code.
    @Test func aBulkDeleteSaysItsFirstFailureOnce() async throws {
        let stub = StubTransport()
            .expect("DELETE", tokensPath + "/tok-a", status: 404)
            .expect("DELETE", tokensPath + "/tok-b")
            .expect("DELETE", tokensPath + "/tok-c", status: 401)
        let r = await runVMCtl(["token", "delete", "--force", "tok-a", "tok-b", "tok-c", "-o", "json"], stub: stub)
        #expect(r.code == 5)
        let lines = jsonLines(r.stderr)
        #expect(lines.count == 1)
        #expect(lines.first?["error"]?["code"] == .string("not_found"))
        let items = try #require(try JSONParser.parse(r.stdout).arrayValue)
        #expect(items.map { $0["ok"] } == [.bool(false), .bool(true), .bool(false)])
        #expect(items[0]["error"]?["hint"] == .null)
        #expect(items[2]["error"]?["code"] == .string("auth"))
        #expect(items[2]["error"]?["hint"]?.stringValue?.isEmpty == false)
    }

    /// A script gets the same answer on a terminal as off one: with JSON, vmctl never asks.
    @Test func aConfirmationIsNeverAskedWithJSON() async {
        let refused = await runVMCtl(["token", "delete", "tok-a", "-o", "json"], stdin: "y\n", stdinTTY: true, stderrTTY: true)
        #expect(refused.code == 2)
        #expect(jsonLines(refused.stderr).first?["error"] == .obj([
            "code": "usage", "exit_code": .int(2),
            "message": "refusing to revoke token without confirmation: with --format json vmctl does not ask",
            "hint": "pass --force to revoke token without asking"]))

        let stub = StubTransport().expect("DELETE", tokensPath + "/tok-a")
        let forced = await runVMCtl(["token", "delete", "tok-a", "-o", "json", "--force"], stub: stub, stdinTTY: true, stderrTTY: true)
        #expect(forced.code == 0 && forced.stderr == "")
    }

    /// A question for a secret is for the person at the terminal: not written where stderr is not one.
    @Test func aSecretPromptIsAskedOnlyOnATerminal() async {
        let prompt = "API key for profile p:"
        let arguments = ["profile", "create", "p", "--product", "influxdb2", "--url", "http://127.0.0.1:9", "--org", "acme", "--api-key-stdin", "-o", "json"]
        let piped = await runVMCtl(arguments,
                                   config: nil, stdin: "the-secret-key-123\n", stdinTTY: true)
        #expect(piped.code == 0, "\(piped.stderr)")
        #expect(!piped.stderr.contains(prompt))
        _ = jsonLines(piped.stderr)

        let onTerminal = await runVMCtl(arguments,
                                        config: nil, stdin: "the-secret-key-123\n", stdinTTY: true, stderrTTY: true)
        #expect(onTerminal.code == 0)
        #expect(onTerminal.stderr.hasPrefix(prompt + " "))
    }
}

/// Retries print one clear line each, naming the request, never interleaved with other output.
@Suite struct RetryNoticeTests {
    let tokensPath = "/api/v1/deployments/\(prodID)/access_tokens"

    @Test func concurrentRetriesAreOneLineEachNamingTheRequest() async {
        let stub = StubTransport()
        for id in ["tok-a", "tok-b", "tok-c"] {
            stub.expect("DELETE", "\(tokensPath)/\(id)", status: 503, json: "busy", headers: ["Retry-After": "1"])
            stub.expect("DELETE", "\(tokensPath)/\(id)")
        }
        let r = await runVMCtl(["token", "delete", "--force", "tok-a", "tok-b", "tok-c"], stub: stub)
        #expect(r.code == 0)
        #expect(Set(r.stderr.split(separator: "\n").map(String.init)) == Set(["tok-a", "tok-b", "tok-c"].map {
            "Warning: DELETE \(tokensPath)/\($0): server answered 503; retrying in 1s (attempt 2 of 3)"
        }))
        #expect(r.stderr.split(separator: "\n").count == 3)
    }

    /// Long pieces written to a pipe from several threads at once: the kernel splits writes larger than
    /// PIPE_BUF, and lets other writers in between unless the sink writes each piece as a whole.
    @Test func aFileDescriptorSinkWritesEachPieceWhole() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let (readEnd, writeEnd) = (fds[0], fds[1])
        let sink = FileDescriptorSink(fd: writeEnd)
        let writers = 8, pieces = 4, length = 100_000
        let received = Locked<[UInt8]>([])
        let reader = Thread {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress!, $0.count) }
                if n <= 0 { break }
                received.withLock { $0.append(contentsOf: buffer[0..<n]) }
            }
        }
        reader.start()
        DispatchQueue.concurrentPerform(iterations: writers) { i in
            let line = String(repeating: String(UnicodeScalar(UInt8(ascii: "a") + UInt8(i))), count: length) + "\n"
            for _ in 0..<pieces { sink.write(line) }
        }
        close(writeEnd)
        while !reader.isFinished { usleep(10_000) }
        close(readEnd)
        let lines = String(decoding: received.current, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == writers * pieces)
        #expect(lines.allSatisfy { $0.count == length && Set($0).count == 1 })
    }
}

/// A name that does not resolve is not asked again: no retry can make it resolve.
@Suite struct DNSFailureTests {
    @Test func urlSessionsHostNotFoundIsHostNotFound() {
        #expect(URLSessionTransport.map(URLError(.cannotFindHost)) == .hostNotFound)
        #expect(URLSessionTransport.map(URLError(.dnsLookupFailed)) == .hostNotFound)
        #expect(URLSessionTransport.map(NSError(domain: NSURLErrorDomain, code: NSURLErrorCannotFindHost)) == .hostNotFound)
        #expect(URLSessionTransport.map(URLError(.cannotConnectToHost)) == .cannotConnect("connection refused"))
    }

    @Test func aNameThatDoesNotResolveIsNotRetried() async {
        let host = "api.vmcloud.example.invalid"
        let stub = StubTransport().expect("GET", "/api/v1/deployments/\(prodID)/access_tokens", failure: .hostNotFound)
        let r = await runVMCtl(["token", "list"], config: vmcloudConfig(url: "https://\(host)"), stub: stub)
        #expect(r.code == 7)
        #expect(stub.requests.count == 1 && r.sleeps.isEmpty)
        #expect(r.stderr == """
            Error: cannot resolve host \(host): no such name
            check the spelling of \(host) in the url of profile "test", and your DNS

            """)
    }
}

/// An ID shorter than a prefix can be is a usage error (exit 2) before anything is sent, not "not found".
@Suite struct ShortIDTests {
    @Test(arguments: [
        ["token", "get", "abc"], ["token", "revoke", "--force", "tok-1", "ab"], ["token", "examples", "a"],
        ["token", "update", "abc", "--description", "x"], ["token", "rotate", "5f0"], ["token", "reveal", "ef1"],
    ])
    func aShortIDIsAUsageError(arguments: [String]) async throws {
        let stub = StubTransport()
        let r = await runVMCtl(arguments + ["-o", "json"], stub: stub)
        #expect(r.code == 2)
        let message = try #require(jsonLines(r.stderr).first?["error"]?["message"]?.stringValue)
        #expect(message.hasSuffix("is too short: give the whole ID or at least 4 characters of it"))
        #expect(stub.requests.isEmpty)
    }

    @Test func aShortIDIsAUsageErrorForEveryProduct() async {
        for config in [influxdb2Config(), dedicatedConfig(), clusteredConfig()] {
            let r = await runVMCtl(["token", "get", "0a1"], config: config)
            #expect(r.code == 2)
            #expect(r.stderr.hasPrefix("Error: token ID \"0a1\" is too short"))
        }
    }

    /// The rule holds below the command line too: a product asked for a short ID refuses it unsent.
    @Test func theTokenServiceRefusesAShortIDUnsent() async throws {
        let stub = StubTransport()
        let client = APIClient(settings: APIClient.Settings(baseURL: URL(string: "http://127.0.0.1:9")!, credential: nil, secret: nil,
                                                            timeout: 1, profileName: "p"), transport: stub)
        let org = InfluxDB2OrgRef(id: orgID, name: "acme", named: true, profileName: "p", lookup: { InfluxDB2Org(id: orgID, name: "acme") })
        let tokens = InfluxDB2Tokens(client: client, org: org,
                                     dataPlane: InfluxDB2DataPlane(client: client, url: "http://127.0.0.1:9", org: orgID, orgIsID: true))
        await #expect(throws: VMCtlError.usage("token ID \"ab\" is too short: give the whole ID or at least 4 characters of it",
                                               hint: "run 'vmctl token list' to see the IDs")) {
            _ = try await tokens.resolveID("ab")
        }
        #expect(try await tokens.resolveID("0a1b2c3d4e5f6071") == "0a1b2c3d4e5f6071")
        #expect(stub.requests.isEmpty)
    }
}

/// `token get` carries the token's write and read URLs, as `token create` does for the same permissions.
@Suite struct TokenGetURLTests {
    let tokensPath = "/api/v1/deployments/\(prodID)/access_tokens"

    func urls(_ output: RunOutput) throws -> [JSONValue?] {
        let json = try JSONParser.parse(output.stdout)
        return [json["write_url"], json["read_url"]]
    }

    @Test(arguments: [("tok-1", ["*", "*"], "rw", nil), ("tok-2", ["12:0"], "r", "12:0")] as [(String, [String], String, String?)])
    func vmcloud(id: String, databases: [String], type: String, tenant: String?) async throws {
        let get = await runVMCtl(["token", "get", id, "-o", "json"],
                                 stub: StubTransport().expect("GET", tokensPath, json: tokenListJSON).expect("GET", prodInfoPath, json: prodInfoJSON))
        #expect(get.code == 0, "\(get.stderr)")
        let tenantField = tenant.map { #","tenant_id":"\#($0)""# } ?? ""
        let create = await runVMCtl(["token", "create", "--read-database", databases[0]] + (type == "rw" ? ["--write-database", databases[1]] : []) + ["x", "-o", "json"],
                                    stub: StubTransport()
                                        .expect("POST", tokensPath, json: #"{"id":"\#(id)","value":"secret-value-1234","type":"\#(type)","description":"x"\#(tenantField)}"#)
                                        .expect("GET", prodInfoPath, json: prodInfoJSON))
        #expect(create.code == 0, "\(create.stderr)")
        #expect(try urls(get) == urls(create))
        #expect(try urls(get)[1]?.stringValue?.hasPrefix("https://gw.example.com/") == true)
        #expect(try urls(get)[0] == (type == "rw" ? urls(get)[0] : .null))
    }

    @Test func vmcloudTableShowsTheURLsAndAMissingEndpointFailsNothing() async throws {
        let table = await runVMCtl(["token", "get", "tok-1"],
                                   stub: StubTransport().expect("GET", tokensPath, json: tokenListJSON).expect("GET", prodInfoPath, json: prodInfoJSON))
        #expect(table.stdout.contains("WRITE URL     https://gw.example.com/insert/<TENANT>/prometheus/api/v1/write\n"))
        #expect(table.stdout.contains("READ URL      https://gw.example.com/select/<TENANT>/prometheus\n"))

        let provisioning = #"{"id":"\#(prodID)","name":"prod","type":"cluster","status":"PROVISIONING"}"#
        let unknown = await runVMCtl(["token", "get", "tok-1", "-o", "json"],
                                     stub: StubTransport().expect("GET", tokensPath, json: tokenListJSON).expect("GET", prodInfoPath, json: provisioning))
        #expect(unknown.code == 0)
        #expect(try urls(unknown) == [.null, .null])
    }

    @Test func influxDB2() async throws {
        let id = "0a1b2c3d4e5f6071"
        let answer = #"{"id":"\#(id)","token":"secret-token-value==","status":"active","description":"d","orgID":"\#(orgID)","org":"acme","permissions":[{"action":"read","resource":{"type":"buckets","id":"b1","name":"bucket-1","orgID":"\#(orgID)"}},{"action":"write","resource":{"type":"buckets","id":"b1","name":"bucket-1","orgID":"\#(orgID)"}}]}"#
        let get = await runVMCtl(["token", "get", id, "-o", "json"], config: influxdb2Config(),
                                 stub: StubTransport().expect("GET", "/api/v2/authorizations/\(id)", json: answer))
        #expect(get.code == 0, "\(get.stderr)")
        let create = await runVMCtl(["token", "create", "--read-database", "bucket-1", "--write-database", "bucket-1", "d", "-o", "json"],
                                    config: influxdb2Config(), stub: StubTransport()
                                        .expect("GET", "/api/v2/buckets?org=acme&name=bucket-1", json: #"{"buckets":[{"id":"b1","name":"bucket-1","orgID":"\#(orgID)"}]}"#)
                                        .expect("POST", "/api/v2/authorizations", status: 201, json: answer))
        #expect(create.code == 0, "\(create.stderr)")
        #expect(try urls(get) == urls(create))
        #expect(try urls(get).allSatisfy { $0?.stringValue?.hasPrefix("http://127.0.0.1:9/api/v2/") == true })
    }

    @Test func influxDB3() async throws {
        let id = "5a0b6c7d-1e2f-4a3b-8c4d-5e6f7a8b9c0d"
        let answer = #"{"accountId":"\#(accountID)","clusterId":"\#(clusterID)","id":"\#(id)","description":"collector","permissions":[{"action":"read","resource":"metrics"}],"accessToken":"apiv1_secret","createdAt":"2026-11-23T10:00:00Z"}"#
        let get = await runVMCtl(["token", "get", id, "-o", "json"], config: dedicatedConfig(),
                                 stub: StubTransport().expect("GET", "\(dedicatedPrefix)/tokens/\(id)", json: answer))
        #expect(get.code == 0, "\(get.stderr)")
        let create = await runVMCtl(["token", "create", "--read-database", "metrics", "collector", "-o", "json"], config: dedicatedConfig(),
                                    stub: StubTransport().expect("POST", "\(dedicatedPrefix)/tokens", json: answer)
                                        .expect("GET", "\(dedicatedPrefix)/databases", json: #"[{"name":"metrics"}]"#))
        #expect(create.code == 0, "\(create.stderr)")
        #expect(try urls(get) == urls(create))
        #expect(try urls(get)[0] == .null && urls(get)[1]?.stringValue?.hasSuffix("/query?db=metrics") == true)
    }
}

/// Flags people carry over from other commands get a pointer to what this one takes.
@Suite struct MisplacedFlagTests {
    @Test func tokenCreateSaysTenantsAreDatabases() {
        #expect(usageError(["token", "create", "--tenant", "5", "vmagent"])?.message
                == "vmctl token create has no --tenant flag: tenants are given as databases: --read-database 5 / --write-database 5")
        #expect(usageError(["token", "create", "vmagent", "--tenant=12:0"])?.message
                == "vmctl token create has no --tenant flag: tenants are given as databases: --read-database 12:0 / --write-database 12:0")
        #expect(usageError(["token", "create", "vmagent", "--tenant"])?.message
                == "vmctl token create has no --tenant flag: tenants are given as databases: --read-database TENANT / --write-database TENANT")
        // Where --tenant belongs, it is taken as it is.
        #expect(usageError(["token", "examples", "tok-1", "--tenant", "5"]) == nil)
    }
}
