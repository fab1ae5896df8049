import Foundation
import Testing
@testable import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCloud
@testable import InfluxDB2
@testable import InfluxDB3
@testable import VMCtlSupport

/// Layer 2: token commands with a stub transport and in-memory streams; exact output, TTY and not.
@Suite struct TokenRunTests {
    let tokensPath = "/api/v1/deployments/\(prodID)/access_tokens"

    @Test func listTable() async {
        let stub = StubTransport().expect("GET", tokensPath, json: tokenListJSON)
        let r = await runVMCtl(["token", "list"], stub: stub)
        #expect(r.code == 0)
        #expect(r.stdout == """
        ID      DESCRIPTION       PERMISSIONS       CREATED                LAST USED
        tok-1   default           read:*, write:*   2026-01-02T03:04:05Z   -
        tok-2   grafana team 12   read:12:0         2026-02-03T04:05:06Z   2026-11-20T00:00:00Z

        """)
        #expect(r.stderr == "")
        #expect(stub.unexpected.isEmpty && stub.remaining.isEmpty)
        // The masked values from the list never appear.
        #expect(!r.stdout.contains("****"))
        let request = stub.requests[0]
        #expect(request.header("X-VM-Cloud-Access") == sandboxKey)
        #expect(request.header("User-Agent") == "vmctl/\(VMCtlVersion.current)")
        #expect(request.header("Accept") == "application/json")
    }

    @Test func listJSONUsesSnakeCaseAndNoSecrets() async throws {
        let stub = StubTransport().expect("GET", tokensPath, json: tokenListJSON)
        let r = await runVMCtl(["token", "list", "--format", "json"], stub: stub)
        #expect(r.code == 0)
        let json = try JSONParser.parse(r.stdout)
        let tokens = try #require(json.arrayValue)
        #expect(tokens.count == 2)
        #expect(tokens[1]["tenant_id"] == .string("12:0"))
        #expect(tokens[1]["type"] == .string("r"))
        #expect(tokens[1]["last_used_at"] == .string("2026-11-20T00:00:00Z"))
        #expect(tokens[1]["permissions"] == .array([.obj(["action": "read", "resource_type": "database", "database": "12:0", "database_id": .null,
                                                          "org_id": .null, "resource_id": .null])]))
        #expect(tokens[0]["token"] == nil)
        #expect(!r.stdout.contains("abcd"))
    }

    @Test func emptyListSaysSoOnStderrAndJSONIsEmptyArray() async {
        let table = await runVMCtl(["token", "list"], stub: StubTransport().expect("GET", tokensPath, json: "[]"))
        #expect(table.stdout == "")
        #expect(table.stderr == "No tokens in deployment \(prodID)\n")
        let json = await runVMCtl(["token", "list", "--format", "json"], stub: StubTransport().expect("GET", tokensPath, json: "[]"))
        #expect(json.stdout == "[]\n")
    }

    @Test func deploymentByNameIsResolvedThroughTheList() async {
        let stub = StubTransport()
            .expect("GET", "/api/v1/deployments", json: """
            [{"id":"\(prodID)","name":"prod","type":"cluster","status":"RUNNING"},{"id":"\(singleID)","name":"dev","type":"single_node"}]
            """)
            .expect("GET", "/api/v1/deployments/\(singleID)/access_tokens", json: "[]")
        let r = await runVMCtl(["token", "list", "--deployment", "dev"], stub: stub)
        #expect(r.code == 0)
        #expect(r.stderr == "No tokens in deployment \"dev\" (\(singleID))\n")
        #expect(stub.remaining.isEmpty && stub.unexpected.isEmpty)
    }

    @Test func unknownDeploymentNameIsNotFoundWithSuggestion() async {
        let stub = StubTransport().expect("GET", "/api/v1/deployments", json: #"[{"id":"\#(prodID)","name":"prod-cluster"}]"#)
        let r = await runVMCtl(["token", "list", "--deployment", "prod-clustr"], stub: stub)
        #expect(r.code == 5)
        #expect(r.stderr == """
        Error: no deployment named "prod-clustr" (did you mean "prod-cluster"?)
        run 'vmctl deployment list' to see the deployments

        """)
    }

    @Test func createPrintsTableThenSecretAloneWithWarningOnStderr() async throws {
        let stub = StubTransport().expect("POST", tokensPath, json: """
        {"id":"tok-9","value":"s3cr3t-value-0123456789","type":"rw","description":"vmagent prod","created_by":"alice","created_at":"2026-11-23T10:00:00Z"}
        """).expect("GET", prodInfoPath, json: prodInfoJSON)
        let r = await runVMCtl(["token", "create", "--read-database", "*", "--write-database", "*", "vmagent prod"], stub: stub)
        #expect(r.code == 0)
        #expect(r.stdout == """
        ID            tok-9
        DESCRIPTION   vmagent prod
        PERMISSIONS   read:*, write:*
        TYPE          rw
        TENANT        * (all tenants)
        DEPLOYMENT    \(prodID)
        STATUS        active
        CREATED       2026-11-23T10:00:00Z
        CREATED BY    alice
        WRITE URL     https://gw.example.com/insert/<TENANT>/prometheus/api/v1/write
        READ URL      https://gw.example.com/select/<TENANT>/prometheus
        s3cr3t-value-0123456789

        """)
        #expect(r.stderr.hasPrefix("Warning: copy the token now"))
        #expect(r.stderr.hasSuffix("client examples for it: vmctl token examples tok-9\n"))
        #expect(!r.stderr.contains("s3cr3t"))
        let post = try #require(stub.requests.first { $0.method == "POST" })
        let body = try JSONParser.parse(String(decoding: post.body!, as: UTF8.self))
        #expect(body == .obj(["description": "vmagent prod", "type": "rw"]))
        #expect(post.header("Content-Type") == "application/json")
    }

    @Test func createJSONCarriesTheSecretInToken() async throws {
        let stub = StubTransport()
            .expect("GET", prodInfoPath, json: prodInfoJSON)
            .expect("POST", tokensPath, json: #"{"id":"t","value":"secret-xyz-123456","type":"r","description":"g","tenant_id":"12:3"}"#)
        let r = await runVMCtl(["token", "create", "--read-database", "12:3", "g", "--format", "json"], stub: stub)
        #expect(r.code == 0)
        let json = try JSONParser.parse(r.stdout)
        #expect(json["token"] == .string("secret-xyz-123456"))
        #expect(json["tenant_id"] == .string("12:3"))
        // One GET of the deployment serves both the single-node check and the URLs; a tenant token's URLs
        // carry no tenant (it is implied), and it cannot write.
        #expect(stub.requests.filter { $0.method == "GET" }.count == 1)
        #expect(json["write_url"] == .null && json["read_url"] == .string("https://gw.example.com/prometheus"))
        let body = try JSONParser.parse(String(decoding: stub.requests.first { $0.method == "POST" }!.body!, as: UTF8.self))
        #expect(body == .obj(["description": "g", "tenant_id": "12:3", "type": "r"]))
    }

    @Test func tenantOnSingleNodeIsRefusedBeforeAnyPost() async {
        let stub = StubTransport().expect("GET", "/api/v1/deployments/\(singleID)", json: #"{"id":"\#(singleID)","type":"single_node"}"#)
        let r = await runVMCtl(["token", "create", "--write-database", "5", "x"], config: vmcloudConfig(deployment: singleID), stub: stub)
        #expect(r.code == 2)
        #expect(r.stderr.hasPrefix("Error: tenant 5 needs a cluster deployment, but deployment \(singleID) is single_node\n"))
        #expect(!stub.requests.contains { $0.method == "POST" })
    }

    @Test(arguments: [
        (["--read-database", "1", "--write-database", "2"], "a VictoriaMetrics Cloud token covers one tenant, but 2 were given (1, 2)"),
        (["--expires-in", "30d", "--read-database", "*"],
         "--expires-in is for products \"dedicated\" and \"clustered\", not \"vmcloud\"\nVictoriaMetrics Cloud tokens do not expire: revoke the token when it is no longer needed (vmctl token revoke ID)"),
        (["--all-access"], "--all-access is for product \"influxdb2\", not \"vmcloud\""),
        ([], "a token needs at least one --read-database or --write-database"),
    ] as [([String], String)])
    func inexpressibleRequestsSendNothing(flags: [String], message: String) async {
        let stub = StubTransport()
        let r = await runVMCtl(["token", "create"] + flags + ["desc"], stub: stub)
        #expect(r.code == 2)
        #expect(r.stderr.hasPrefix("Error: \(message)\n"))
        #expect(stub.requests.isEmpty)
    }

    @Test func getIsServedFromTheListNotTheRevealEndpoint() async {
        // Beside the list, the deployment's endpoint for the token's URLs.
        let stub = StubTransport().expect("GET", tokensPath, json: tokenListJSON).expect("GET", prodInfoPath, json: prodInfoJSON)
        let r = await runVMCtl(["token", "get", "tok-2"], stub: stub)
        #expect(r.code == 0)
        #expect(r.stdout.contains("DESCRIPTION   grafana team 12\n"))
        #expect(!r.stdout.contains("efgh"))
        #expect(stub.requests.count == 2 && !stub.requests.contains { $0.url.path.hasSuffix("/tok-2") })

        let missing = await runVMCtl(["token", "get", "nope"], stub: StubTransport().expect("GET", tokensPath, json: tokenListJSON)
            .expect("GET", prodInfoPath, json: prodInfoJSON))
        #expect(missing.code == 5)
        #expect(missing.stderr.hasPrefix("Error: no token nope in deployment \(prodID)\n"))
    }

    @Test func revealPrintsTheSecret() async {
        let stub = StubTransport().expect("GET", tokensPath + "/tok-2", json: #"{"id":"tok-2","value":"full-secret-value-42","type":"r","tenant_id":"12:0","description":"g"}"#)
        let r = await runVMCtl(["token", "reveal", "tok-2"], stub: stub)
        #expect(r.code == 0)
        #expect(r.stdout.hasSuffix("\nfull-secret-value-42\n"))
        #expect(r.stderr.hasPrefix("Warning: the token's secret is printed below"))
    }

    @Test func deleteRefusesWithoutForceWhenStdinIsNotATerminal() async {
        let stub = StubTransport()
        let r = await runVMCtl(["token", "revoke", "tok-1", "tok-2"], stub: stub, stdinTTY: false)
        #expect(r.code == 2)
        #expect(r.stderr == """
        Error: refusing to revoke 2 tokens without confirmation: stdin is not a terminal, so vmctl cannot ask
        pass --force to revoke 2 tokens without asking

        """)
        #expect(stub.requests.isEmpty)
    }

    @Test func deleteAsksOnATerminal() async {
        let yes = StubTransport().expect("GET", tokensPath, json: tokenListJSON).expect("DELETE", tokensPath + "/tok-2")
        let r = await runVMCtl(["token", "delete", "tok-2"], stub: yes, stdin: "y\n", stdinTTY: true)
        #expect(r.code == 0)
        #expect(r.stderr == "Revoke token from deployment \(prodID)?\n  tok-2 (grafana team 12)\nRevoke? [y/N] ")
        #expect(r.stdout == "Revoked token tok-2\n")
        #expect(yes.remaining.isEmpty)

        let no = StubTransport().expect("GET", tokensPath, json: tokenListJSON)
        let declined = await runVMCtl(["token", "delete", "tok-2"], stub: no, stdin: "n\n", stdinTTY: true)
        #expect(declined.code == 0)
        #expect(declined.stderr.hasSuffix("Revoke? [y/N] Cancelled: nothing changed\n"))
        #expect(declined.stdout == "")
        #expect(!no.requests.contains { $0.method == "DELETE" })
    }

    @Test func deleteGoesOnAfterAFailureAndExitsWithItsCode() async throws {
        let stub = StubTransport()
            .expect("DELETE", tokensPath + "/tok-a")
            .expect("DELETE", tokensPath + "/tok-b", status: 404, json: #"{"message":"access token tok-b not found"}"#)
            .expect("DELETE", tokensPath + "/tok-c")
        let r = await runVMCtl(["token", "delete", "--force", "tok-a", "tok-b", "tok-c"], stub: stub)
        #expect(r.code == 5)
        #expect(r.stdout == "Revoked token tok-a\nRevoked token tok-c\n")
        #expect(r.stderr == "Error: no token tok-b in deployment \(prodID) (server: access token tok-b not found)\n")

        let again = StubTransport()
            .expect("DELETE", tokensPath + "/tok-a")
            .expect("DELETE", tokensPath + "/tok-b", status: 404)
        let json = await runVMCtl(["token", "delete", "--force", "tok-a", "tok-b", "--format", "json"], stub: again)
        let items = try #require(try JSONParser.parse(json.stdout).arrayValue)
        #expect(items[0] == .obj(["id": "tok-a", "ok": .bool(true), "error": .null]))
        #expect(items[1]["ok"] == .bool(false))
        #expect(items[1]["error"]?["code"] == .string("not_found"))
        #expect(json.stderr.contains(#"{"error":{"code":"not_found","exit_code":5,"message":"no token tok-b in deployment \#(prodID)","hint":null}}"#))
    }

    @Test func productThatCannotDoACommandIsAUsageErrorBeforeAnyRequest() async {
        let config = """
        [[profile]]
        name = "default"
        product = "clustered"
        url = "https://influx.example.com"
        api_key = "abcdefghijkl"
        """
        let stub = StubTransport()
        let r = await runVMCtl(["deployment", "list"], config: config, stub: stub)
        #expect(r.code == 2)
        #expect(r.stderr.hasPrefix("Error: deployment list is not available for product \"clustered\"\n"))
        #expect(stub.requests.isEmpty)
    }
}

/// A transport that answers every DELETE with 204 after a short wait, counting how many were in flight at once.
final class ConcurrencyCountingTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var inFlight = 0
    private(set) var maxInFlight = 0
    private(set) var paths: [String] = []

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        lock.withLock {
            inFlight += 1
            maxInFlight = max(maxInFlight, inFlight)
            paths.append(request.url.path)
        }
        try? await Task.sleep(nanoseconds: 30_000_000)
        lock.withLock { inFlight -= 1 }
        let failing = request.url.path.hasSuffix("/tok-7")
        return HTTPResponse(status: failing ? 404 : 204, headers: [:], body: Data())
    }
}

/// Layer 2: bulk deletes run up to 8 at a time, print results in argument order and keep the exit code rules.
@Suite struct BulkDeleteRunTests {
    @Test func revokesRunEightAtATimeInArgumentOrder() async {
        let transport = ConcurrencyCountingTransport()
        let ids = (0..<20).map { "tok-\($0)" }
        let out = MemorySink(), err = MemorySink()
        let dir = TemporaryDirectory()
        let io = IOStreams(stdin: MemorySource(""), stdout: out, stderr: err, stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false, terminalWidth: nil)
        _ = dir.write("config.toml", vmcloudConfig())
        let code = await VMCtl.main(arguments: ["token", "revoke", "--force"] + ids,
                                    environment: ["VMCTL_CONFIG": dir.path + "/config.toml", "HOME": dir.path], io: io,
                                    dependencies: Dependencies(transport: { transport }, sleep: { _ in }))
        #expect(code == 5)
        #expect(transport.maxInFlight > 1 && transport.maxInFlight <= 8, "\(transport.maxInFlight) at once")
        #expect(out.text == ids.filter { $0 != "tok-7" }.map { "Revoked token \($0)\n" }.joined())
        #expect(err.text.contains("tok-7"))
        #expect(transport.paths.count == 20)
    }
}

/// Layer 1: the URL rules of VictoriaMetrics Cloud's "How to write data", as `token examples` and
/// `token create` apply them.
@Suite struct DataURLRulesTests {
    typealias Rules = VMCloudDataPlane

    @Test func eachKindOfDeploymentAndToken() throws {
        let e = "https://gw-c15-1c.cloud.victoriametrics.com"
        #expect(try Rules.urls(endpoint: e, type: "single_node", tokenTenant: nil, tenant: nil) == (e + "/api/v1/write", e))
        #expect(try Rules.urls(endpoint: e, type: "cluster", tokenTenant: nil, tenant: "12:3")
                == (e + "/insert/12:3/prometheus/api/v1/write", e + "/select/12:3/prometheus"))
        #expect(try Rules.urls(endpoint: e, type: "cluster", tokenTenant: nil, tenant: nil)
                == (e + "/insert/<TENANT>/prometheus/api/v1/write", e + "/select/<TENANT>/prometheus"))
        #expect(try Rules.urls(endpoint: e, type: "cluster", tokenTenant: "5", tenant: nil) == (e + "/prometheus/api/v1/write", e + "/prometheus"))
        #expect(try Rules.urls(endpoint: e, type: "cluster", tokenTenant: "5", tenant: "5") == (e + "/prometheus/api/v1/write", e + "/prometheus"))
        // An endpoint without a scheme is https; the API's own scheme is kept.
        #expect(try Rules.urls(endpoint: "gw.example.com/", type: "single_node", tokenTenant: nil, tenant: nil).read == "https://gw.example.com")
        #expect(try Rules.urls(endpoint: "http://127.0.0.1:8428", type: "single_node", tokenTenant: nil, tenant: nil).read == "http://127.0.0.1:8428")
    }

    @Test(arguments: [
        ("single_node", nil, "3", "--tenant 3 does not apply: a single-node deployment has no tenants"),
        ("cluster", "5", "6", "this token is for tenant 5 only, not 6"),
        ("cluster", nil, "x:y", "\"x:y\" is not a tenant: use <accountID> or <accountID>:<projectID> with decimal numbers below 2^32 (e.g. 0 or 12:3), or '*' for every tenant"),
    ] as [(String, String?, String, String)])
    func tenantRefusals(type: String, tokenTenant: String?, tenant: String, message: String) {
        let error = #expect(throws: VMCtlError.self) { try Rules.urls(endpoint: "https://e", type: type, tokenTenant: tokenTenant, tenant: tenant) }
        #expect(error?.message == message && error?.exitCode == 2)
    }
}
