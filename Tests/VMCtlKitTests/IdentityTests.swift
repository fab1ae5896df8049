import Foundation
import Testing
@testable import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCloud
@testable import InfluxDB2
@testable import InfluxDB3
@testable import VMCtlSupport

private let tokA = "5f0c2d7e-3b1a-4c9e-9d2f-1a2b3c4d5e6f"
private let tokB = "5f0c9999-3b1a-4c9e-9d2f-1a2b3c4d5e6f"
private let tokC = "a1b2c3d4-0000-4000-8000-000000000000"
private let tokensPath = "/api/v1/deployments/\(prodID)/access_tokens"
private let uuidTokensJSON = """
[{"id":"\(tokA)","value":"abcd","type":"rw","description":"vmagent","created_at":"2026-01-02T03:04:05Z"},
 {"id":"\(tokB)","value":"efgh","type":"r","description":"grafana","created_at":"2026-06-01T00:00:00Z","last_used_at":"2026-11-20T00:00:00Z"},
 {"id":"\(tokC)","value":"ijkl","type":"w","description":"ci","created_at":"2026-10-01T00:00:00Z"}]
"""
private func revealJSON(_ id: String) -> String {
    #"{"id":"\#(id)","value":"secret-value-123","type":"r","description":"grafana","created_at":"2026-06-01T00:00:00Z"}"#
}

/// IDs are taken whole, or as a unique prefix of at least 4 characters, as git takes them.
@Suite struct IDPrefixTests {
    @Test func shapesTellWholeIDsFromPrefixes() {
        #expect(IDPrefix.Shape.uuid.isWhole(tokA) && !IDPrefix.Shape.uuid.couldBePrefix(tokA))
        #expect(IDPrefix.Shape.uuid.couldBePrefix("5f0c") && IDPrefix.Shape.uuid.couldBePrefix("5F0C2D7E-3b"))
        #expect(!IDPrefix.Shape.uuid.couldBePrefix("5f0"))       // fewer than 4 characters
        #expect(!IDPrefix.Shape.uuid.couldBePrefix("tok-1"))     // not hexadecimal
        #expect(!IDPrefix.Shape.uuid.couldBePrefix("5f0c2d7e3"))  // no dash where a UUID has one
        #expect(IDPrefix.Shape.hex16.isWhole("0123456789abcdef") && IDPrefix.Shape.hex16.couldBePrefix("0123"))
        #expect(!IDPrefix.Shape.hex16.couldBePrefix("0123-"))
    }

    @Test func anExactMatchWinsOverLongerIDs() {
        #expect(IDPrefix.matches("abcd", in: ["abcdef", "abcd"], id: { $0 }) == ["abcd"])
        #expect(IDPrefix.matches("ABCD", in: ["abcdef", "abcd12"], id: { $0 }) == ["abcdef", "abcd12"])
    }

    @Test func aTokenPrefixIsLookedUpInTheListThenSentWhole() async {
        let stub = StubTransport()
            .expect("GET", tokensPath, json: uuidTokensJSON)
            .expect("GET", "\(tokensPath)/\(tokC)", json: revealJSON(tokC))
        let r = await runVMCtl(["token", "reveal", "a1b2", "--format", "json"], stub: stub)
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout.contains(#""id": "\#(tokC)""#) || r.stdout.contains(#""id":"\#(tokC)""#))
    }

    @Test func aWholeIDCostsNoLookup() async {
        let stub = StubTransport().expect("GET", "\(tokensPath)/\(tokC)", json: revealJSON(tokC))
        let r = await runVMCtl(["token", "reveal", tokC], stub: stub)
        #expect(r.code == 0, "\(r.stderr)")
        #expect(stub.requests.count == 1)
    }

    @Test func anAmbiguousPrefixIsAUsageErrorNamingTheCandidates() async {
        let stub = StubTransport().expect("GET", tokensPath, json: uuidTokensJSON)
        let r = await runVMCtl(["token", "revoke", "--force", "5f0c"], stub: stub)
        #expect(r.code == 2)
        #expect(r.stderr == """
        Error: ID prefix 5f0c matches 2 tokens: \(tokA) (vmagent), \(tokB) (grafana)
        give more characters of the ID, or the whole ID

        """)
        #expect(stub.requests.allSatisfy { $0.method == "GET" })
    }

    @Test func aPrefixThatMatchesNothingIsNotFound() async {
        let stub = StubTransport().expect("GET", tokensPath, json: uuidTokensJSON).expect("GET", prodInfoPath, json: prodInfoJSON)
        let r = await runVMCtl(["token", "get", "beef"], stub: stub)
        #expect(r.code == 5)
        #expect(r.stderr.hasPrefix("Error: no token ID in deployment \(prodID) starts with beef\n"))
    }

    @Test func deletePrefixesShareTheQuestionsList() async {
        let stub = StubTransport()
            .expect("GET", tokensPath, json: uuidTokensJSON)
            .expect("DELETE", "\(tokensPath)/\(tokB)")
            .expect("DELETE", "\(tokensPath)/\(tokC)")
        let r = await runVMCtl(["token", "revoke", "5f0c9", "A1B2C3"], stub: stub, stdin: "y\n", stdinTTY: true)
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stderr.contains("\(tokB) (grafana)\n  \(tokC) (ci)"))
        #expect(r.stdout == "Revoked token \(tokB)\nRevoked token \(tokC)\n")
    }

    @Test func influxDB2IDsAreSixteenHexDigits() async {
        let config = influxdb2Config(org: #"org_id = "\#(orgID)""#)
        let list = #"{"authorizations":[{"id":"0a1b2c3d4e5f6071","description":"telegraf","status":"active","orgID":"\#(orgID)","permissions":[]},{"id":"0a1b99999e5f6071","description":"other","status":"active","orgID":"\#(orgID)","permissions":[]}]}"#
        let stub = StubTransport()
            .expect("GET", "/api/v2/authorizations?orgID=\(orgID)", json: list)
            .expect("GET", "/api/v2/authorizations/0a1b2c3d4e5f6071", json: #"{"id":"0a1b2c3d4e5f6071","description":"telegraf","status":"active","permissions":[]}"#)
        let r = await runVMCtl(["token", "get", "0a1b2"], config: config, stub: stub)
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout.contains("telegraf"))
    }

    @Test func aDeploymentIsFoundByIDPrefixAfterItsName() async {
        let list = #"[{"id":"\#(prodID)","name":"prod","type":"cluster","status":"RUNNING","tier":10},{"id":"\#(singleID)","name":"0f6c","type":"single_node","status":"RUNNING"}]"#
        // A name wins over an ID prefix that spells the same.
        let byName = StubTransport()
            .expect("GET", "/api/v1/deployments", json: list)
            .expect("GET", "/api/v1/deployments/\(singleID)", json: #"{"id":"\#(singleID)","name":"0f6c","type":"single_node","status":"RUNNING"}"#)
            .expect("GET", "/api/v1/tiers", json: tiersJSON)
        #expect(await runVMCtl(["deployment", "get", "0f6c"], stub: byName).code == 0)
        let byPrefix = StubTransport()
            .expect("GET", "/api/v1/deployments", json: list)
            .expect("GET", "/api/v1/deployments/\(prodID)", json: deploymentJSON(status: "RUNNING"))
            .expect("GET", "/api/v1/tiers", json: tiersJSON)
        let r = await runVMCtl(["deployment", "get", "0f6c1a"], stub: byPrefix)
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout.contains("c.small (10)"))
    }
}

/// API keys by name, as deployments are.
@Suite struct APIKeyAddressingTests {
    static let keys = """
    [{"id":"8d1f2c3a-0b4e-4f6a-9c7d-1e2f3a4b5c6d","name":"grafana","permission":"r","deployment_ids":["\(prodID)"],"all_deployments":false},
     {"id":"8d1f7777-0b4e-4f6a-9c7d-1e2f3a4b5c6d","name":"terraform","permission":"rw","deployment_ids":[],"all_deployments":true}]
    """

    @Test func aKeyIsDeletedByNameAndTheProfileStillWorks() async {
        let stub = StubTransport()
            .expect("GET", "/api/v1/api_keys", json: Self.keys)
            .expect("DELETE", "/api/v1/api_keys/8d1f2c3a-0b4e-4f6a-9c7d-1e2f3a4b5c6d")
            .expect("GET", "/api/v1/deployments", json: "[]")
        let r = await runVMCtl(["apikey", "delete", "--force", "grafana"], stub: stub)
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout == "Deleted API key 8d1f2c3a-0b4e-4f6a-9c7d-1e2f3a4b5c6d\n")
        #expect(r.stderr.isEmpty)
    }

    @Test func anAmbiguousKeyPrefixOrAnUnknownNameStopsBeforeAnyDelete() async {
        let ambiguous = await runVMCtl(["apikey", "delete", "--force", "8d1f"], stub: StubTransport().expect("GET", "/api/v1/api_keys", json: Self.keys))
        #expect(ambiguous.code == 2)
        #expect(ambiguous.stderr.hasPrefix("Error: ID prefix 8d1f matches 2 API keys: 8d1f2c3a-0b4e-4f6a-9c7d-1e2f3a4b5c6d (grafana), 8d1f7777-0b4e-4f6a-9c7d-1e2f3a4b5c6d (terraform)\n"))
        let unknown = await runVMCtl(["apikey", "delete", "--force", "grafna"], stub: StubTransport().expect("GET", "/api/v1/api_keys", json: Self.keys))
        #expect(unknown.code == 5)
        #expect(unknown.stderr.hasPrefix("Error: no API key named \"grafna\" (did you mean \"grafana\"?)\n"))
    }

    /// The API cannot say which key is vmctl's own, so the question says what happens if it is, and
    /// a key the server stops accepting right after is reported.
    @Test func deletingTheProfilesOwnKeyIsSaidBeforeAndFoundAfter() async {
        let stub = StubTransport()
            .expect("GET", "/api/v1/api_keys", json: Self.keys)
            .expect("DELETE", "/api/v1/api_keys/8d1f7777-0b4e-4f6a-9c7d-1e2f3a4b5c6d")
            .expect("GET", "/api/v1/deployments", status: 401, json: #"{"message":"invalid API key"}"#)
        let r = await runVMCtl(["apikey", "delete", "terraform"], stub: stub, stdin: "yes\n", stdinTTY: true)
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stderr.contains("If vmctl's own key (profile \"test\") is one of these, the profile stops working too."))
        #expect(r.stderr.hasSuffix("Warning: the server no longer accepts the API key vmctl used: it was one of those deleted, so profile \"test\" stops working; give it a new key with 'vmctl profile update test --api-key-stdin'\n"))
    }
}

/// A deployment the API key cannot see is missing (exit 5) whether it is named or given by ID.
@Suite struct InvisibleDeploymentTests {
    static let otherID = "22222222-3333-4444-8555-666666666666"
    static let visible = #"[{"id":"\#(prodID)","name":"prod","type":"cluster","status":"RUNNING"}]"#

    @Test func aNameAndAnIDOfAnInvisibleDeploymentAgree() async {
        let byName = await runVMCtl(["token", "list", "--deployment", "other"],
                                    stub: StubTransport().expect("GET", "/api/v1/deployments", json: Self.visible))
        #expect(byName.code == 5)
        let byID = StubTransport()
            .expect("GET", "/api/v1/deployments/\(Self.otherID)/access_tokens", status: 403,
                    json: #"{"message":"this API key has no access to deployment \#(Self.otherID)"}"#)
            .expect("GET", "/api/v1/deployments", json: Self.visible)
        let r = await runVMCtl(["token", "list", "--deployment", Self.otherID], stub: byID)
        #expect(r.code == 5)
        #expect(r.stderr == """
        Error: no deployment \(Self.otherID) among the 1 deployment this API key can see
        run 'vmctl deployment list' to see them

        """)
    }

    @Test func aDenialOnAVisibleDeploymentStaysADenial() async {
        let stub = StubTransport()
            .expect("DELETE", "\(tokensPath)/\(tokA)", status: 403, json: #"{"message":"this API key is read-only"}"#)
            .expect("GET", "/api/v1/deployments", json: Self.visible)
        let r = await runVMCtl(["token", "revoke", "--force", tokA], stub: stub)
        #expect(r.code == 4)
        #expect(r.stderr.contains("permission denied: this API key is read-only (HTTP 403)"))
    }
}

/// Access reviews in one command.
@Suite struct TokenReviewTests {
    @Test func unusedForAndCreatedBeforeFilter() async throws {
        // The stub's clock reads 2026-11-18T…: tokB was used two days after it, so it is the one used lately.
        let stub = StubTransport().expect("GET", tokensPath, json: uuidTokensJSON)
        let r = await runVMCtl(["token", "list", "--unused-for", "3d", "--format", "json"], stub: stub)
        #expect(r.code == 0, "\(r.stderr)")
        let ids = try #require(try JSONParser.parse(r.stdout).arrayValue).map { $0["id"]?.stringValue }
        #expect(ids == [tokA, tokC])
        let old = await runVMCtl(["token", "list", "--created-before", "2026-06-01", "--format", "json"],
                                 stub: StubTransport().expect("GET", tokensPath, json: uuidTokensJSON))
        #expect(try JSONParser.parse(old.stdout).arrayValue?.map { $0["id"]?.stringValue } == [tokA])
        let exact = await runVMCtl(["token", "list", "--created-before", "2026-06-01T00:00:01Z", "--format", "json"],
                                   stub: StubTransport().expect("GET", tokensPath, json: uuidTokensJSON))
        #expect(try JSONParser.parse(exact.stdout).arrayValue?.count == 2)
    }

    @Test func aLongerWindowThanTheAPITracksIsSaid() async {
        let r = await runVMCtl(["token", "list", "--unused-for", "90d"], stub: StubTransport().expect("GET", tokensPath, json: uuidTokensJSON))
        #expect(r.code == 0)
        #expect(r.stderr == "Warning: VictoriaMetrics Cloud tracks a token's last use for the past 7d only, so the tokens listed were not used in the past 7d; whether they were used in the 90d asked for cannot be told\n")
    }

    @Test func badValuesAndProductsWithoutTheDataAreRefused() async {
        #expect(usageError(["token", "list", "--unused-for", "soon"])?.message.hasPrefix("invalid value \"soon\" for --unused-for") == true)
        #expect(usageError(["token", "list", "--created-before", "yesterday"])?.message.hasPrefix("invalid value \"yesterday\" for --created-before") == true)
        #expect(usageError(["token", "list", "--all-deployments", "--deployment", "x"])?.message
                == "--all-deployments and --deployment cannot be used together: every deployment, or the one named")
        let influx = await runVMCtl(["token", "list", "--unused-for", "90d"], config: influxdb2Config())
        #expect(influx.code == 2)
        #expect(influx.stderr == "Error: --unused-for is for product \"vmcloud\", not \"influxdb2\"\nthe InfluxDB 2 API does not say when a token was last used: --created-before DATE finds old tokens instead\n")
        let dedicated = await runVMCtl(["token", "list", "--all-deployments"], config: dedicatedConfig())
        #expect(dedicated.code == 2 && dedicated.stderr.hasPrefix("Error: --all-deployments is for product \"vmcloud\", not \"dedicated\""))
    }

    @Test func allDeploymentsListsEveryDeploymentInOrderAndReportsTheOnesThatFail() async throws {
        let list = #"[{"id":"\#(prodID)","name":"prod","type":"cluster","status":"RUNNING"},{"id":"\#(singleID)","name":"dev","type":"single_node","status":"RUNNING"},{"id":"33333333-4444-4555-8666-777777777777","name":"broken","type":"cluster","status":"ERROR"}]"#
        let stub = StubTransport()
            .expect("GET", "/api/v1/deployments", json: list)
            .expect("GET", tokensPath, json: #"[{"id":"\#(tokA)","type":"rw","description":"vmagent","created_at":"2026-01-02T03:04:05Z"}]"#)
            .expect("GET", "/api/v1/deployments/\(singleID)/access_tokens", json: #"[{"id":"\#(tokC)","type":"w","description":"ci","created_at":"2026-10-01T00:00:00Z"}]"#)
            .expect("GET", "/api/v1/deployments/33333333-4444-4555-8666-777777777777/access_tokens", status: 500, json: #"{"message":"boom"}"#)
        let r = await runVMCtl(["token", "list", "--all-deployments"], stub: stub)
        #expect(r.code == 1)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("DEPLOYMENT   ID ") == true)
        #expect(lines.dropFirst().map { String($0.prefix(6)) } == ["prod  ", "dev   "])
        #expect(r.stderr.hasSuffix("Error: deployment \"broken\" (33333333-4444-4555-8666-777777777777): server error: boom (HTTP 500)\n"))
    }
}

/// Removing the token the profile itself uses says so first.
@Suite struct OwnTokenTests {
    static let config = influxdb2Config(org: #"org_id = "\#(orgID)""#)
    static let list = #"{"authorizations":[{"id":"0a1b2c3d4e5f6071","token":"\#(sandboxKey)","description":"admin's token","status":"active","orgID":"\#(orgID)","permissions":[]},{"id":"0b1b2c3d4e5f6071","token":"someone-else","description":"telegraf","status":"active","orgID":"\#(orgID)","permissions":[]}]}"#

    @Test func theQuestionWarnsAndNoKeepsIt() async {
        let stub = StubTransport().expect("GET", "/api/v2/authorizations?orgID=\(orgID)", json: Self.list)
        let r = await runVMCtl(["token", "revoke", "0a1b2c3d4e5f6071"], config: Self.config, stub: stub, stdin: "n\n", stdinTTY: true)
        #expect(r.code == 0)
        // InfluxDB 2 deletes a token: the question says so, in the product's word.
        #expect(r.stderr.hasPrefix("Delete token from org \(orgID)?\n"))
        #expect(r.stderr.contains("Warning: token 0a1b2c3d4e5f6071 is the one profile \"default\" uses: once it is deleted, the profile stops working until it is given another token\nDelete?"))
        #expect(!stub.requests.contains { $0.method == "DELETE" })
    }

    @Test func forceWarnsOnStderr() async {
        let stub = StubTransport()
            .expect("GET", "/api/v2/authorizations?orgID=\(orgID)", json: Self.list)
            .expect("DELETE", "/api/v2/authorizations/0a1b2c3d4e5f6071", status: 204, json: "")
        let r = await runVMCtl(["token", "revoke", "--force", "0a1b2c3d4e5f6071"], config: Self.config, stub: stub)
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout == "Deleted token 0a1b2c3d4e5f6071\n")
        #expect(r.stderr == "Warning: token 0a1b2c3d4e5f6071 is the one profile \"default\" uses: once it is deleted, the profile stops working until it is given another token\n")
        // Another token: no warning.
        let other = await runVMCtl(["token", "revoke", "--force", "0b1b2c3d4e5f6071"], config: Self.config, stub: StubTransport()
            .expect("GET", "/api/v2/authorizations?orgID=\(orgID)", json: Self.list)
            .expect("DELETE", "/api/v2/authorizations/0b1b2c3d4e5f6071", status: 204, json: ""))
        #expect(other.code == 0 && other.stderr.isEmpty)
    }

    @Test func theOwnTokenIsRevokedAfterTheOthers() async {
        let transport = OrderRecordingTransport(list: Self.list)
        let io = IOStreams(stdin: MemorySource(""), stdout: MemorySink(), stderr: MemorySink(), stdinIsTTY: false, stdoutIsTTY: false,
                           stderrIsTTY: false, terminalWidth: nil)
        let dir = TemporaryDirectory()
        _ = dir.write("config.toml", Self.config)
        let code = await VMCtl.main(arguments: ["token", "revoke", "--force", "0a1b2c3d4e5f6071", "0b1b2c3d4e5f6071"],
                                    environment: ["VMCTL_CONFIG": dir.path + "/config.toml", "HOME": dir.path], io: io,
                                    dependencies: Dependencies(transport: { transport }, sleep: { _ in }, random: { 0.5 }, now: { Date() },
                                                               runProgram: ProcessRunner.run))
        #expect(code == 0)
        #expect(transport.deletes == ["/api/v2/authorizations/0b1b2c3d4e5f6071", "/api/v2/authorizations/0a1b2c3d4e5f6071"])
    }

    @Test func switchingTheOwnTokenOffIsSaid() async {
        let stub = StubTransport().expect("PATCH", "/api/v2/authorizations/0a1b2c3d4e5f6071",
                                          json: #"{"id":"0a1b2c3d4e5f6071","token":"\#(sandboxKey)","description":"mine","status":"inactive","permissions":[]}"#)
        let r = await runVMCtl(["token", "update", "--inactive", "0a1b2c3d4e5f6071"], config: Self.config, stub: stub)
        #expect(r.code == 0)
        #expect(r.stderr == "Warning: token 0a1b2c3d4e5f6071 is the one profile \"default\" uses: while it is inactive, the profile cannot work; make it active again with another token\n")
    }

    @Test func rotatingTheOwnTokenWithRevokeOldWarnsToo() async {
        let own = #"{"id":"0a1b2c3d4e5f6071","token":"\#(sandboxKey)","description":"mine","status":"active","orgID":"\#(orgID)","permissions":[{"action":"read","resource":{"type":"buckets","orgID":"\#(orgID)"}}]}"#
        let stub = StubTransport()
            .expect("GET", "/api/v2/authorizations/0a1b2c3d4e5f6071", json: own)
            .expect("POST", "/api/v2/authorizations", status: 201, json: #"{"id":"0c1b2c3d4e5f6071","token":"new-secret-value","description":"mine (rotated)","status":"active","orgID":"\#(orgID)","permissions":[{"action":"read","resource":{"type":"buckets","orgID":"\#(orgID)"}}]}"#)
            .expect("DELETE", "/api/v2/authorizations/0a1b2c3d4e5f6071", status: 204, json: "")
        let r = await runVMCtl(["token", "rotate", "--revoke-old", "--force", "0a1b2c3d4e5f6071"], config: Self.config, stub: stub)
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stderr.contains("Warning: token 0a1b2c3d4e5f6071 is the one profile \"default\" uses: once it is deleted, the profile stops working until it is given another token\n"))
        #expect(r.stderr.contains("Deleted old token 0a1b2c3d4e5f6071\n"))
    }
}

/// `--tier` and `--region` complete from the catalog; API keys complete by name.
@Suite struct CatalogCompletionTests {
    @Test func tiersRegionsAndKeysAreOffered() async {
        let tiers = await runVMCtl(["__complete", "tiers"], stub: StubTransport().expect("GET", "/api/v1/tiers", json: tiersJSON))
        #expect(tiers.stdout == "s.starter\tsingle_node, aws\nc.small\tcluster, aws\n")
        let regions = await runVMCtl(["__complete", "regions"], stub: StubTransport().expect("GET", "/api/v1/regions", json: regionsJSON))
        #expect(regions.stdout == "us-east-1\taws\neu-central-1\taws\n")
        let keys = await runVMCtl(["__complete", "apikeys"], stub: StubTransport().expect("GET", "/api/v1/api_keys", json: APIKeyAddressingTests.keys))
        #expect(keys.stdout.hasPrefix("grafana\t8d1f2c3a-"))
        #expect(DeploymentSettingFlags.tier.spec.completion == .tier && DeploymentCreateCommand.region.spec.completion == .region)
    }
}

/// Answers an InfluxDB 2 token list, and each DELETE after a pause, recording the order the DELETEs arrive in.
final class OrderRecordingTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private let list: String
    private var recorded: [String] = []
    var deletes: [String] { lock.withLock { recorded } }

    init(list: String) { self.list = list }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        if request.method == "GET" { return HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Data(list.utf8)) }
        // Recorded as they arrive: a DELETE sent before another has finished shows up first.
        lock.withLock { recorded.append(request.url.path) }
        try? await Task.sleep(nanoseconds: 20_000_000)
        return HTTPResponse(status: 204, headers: [:], body: Data())
    }
}
