import Foundation
import Testing
@testable import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCloud
@testable import InfluxDB2
@testable import InfluxDB3
@testable import VMCtlSupport

/// A first session: help with no arguments, the first profile, what a new user tries first.
@Suite struct FirstContactTests {
    let tokensPath = "/api/v1/deployments/\(prodID)/access_tokens"


    @Test func noArgumentsPrintsTheOverviewAndSucceeds() async {
        let r = await runVMCtl([], config: nil)
        #expect(r.code == 0)
        #expect(r.stdout == HelpRenderer.render([CommandTree.root(for: Products.registry)], products: Products.registry))
        #expect(r.stdout.contains("Commands:"))
        #expect(r.stderr == "")
    }

    @Test func jsonFlagSuggestsFormatJSON() async {
        let r = await runVMCtl(["token", "list", "--json"])
        #expect(r.code == 2)
        #expect(r.stderr.hasPrefix("Error: unknown flag --json for \"vmctl token list\": use --format json\n"))
    }

    @Test func answeringNoIsACleanCancel() async {
        let no = StubTransport().expect("GET", tokensPath, json: tokenListJSON)
        let r = await runVMCtl(["token", "revoke", "tok-2"], stub: no, stdin: "n\n", stdinTTY: true)
        #expect(r.code == 0)
        #expect(r.stderr.hasSuffix("[y/N] Cancelled: nothing changed\n"))
        #expect(!r.stderr.contains("Error"))
        #expect(!no.requests.contains { $0.method == "DELETE" })
    }
}

/// Short forms: `-f`/`-y` for `--force`, `-o` for `--format`, `-p` for `--profile`; declared once, shown everywhere.
@Suite struct ShortFlagTests {
    @Test func shortFormsParseAsTheirLongFlags() throws {
        let parsed = try #require(try parsedRun(["-p", "prod", "token", "revoke", "-y", "-o", "json", "tok-1"]))
        #expect(parsed.global.profile == "prod")
        #expect(parsed.global.format == .json)
        #expect(parsed[SharedFlags.force])
        let f = try #require(try parsedRun(["token", "delete", "-f", "tok-1"]))
        #expect(f[SharedFlags.force])
        #expect(usageError(["token", "list", "-f"])?.message == "unknown flag -f for \"vmctl token list\"")
    }

    @Test func forceWithoutATerminalWorksAsYes() async {
        let stub = StubTransport().expect("DELETE", "/api/v1/deployments/\(prodID)/access_tokens/tok-1")
        let r = await runVMCtl(["token", "revoke", "-y", "tok-1"], stub: stub)
        #expect(r.code == 0)
        #expect(r.stdout == "Revoked token tok-1\n")
    }

    @Test func helpDocsAndCompletionsShowTheShortForms() {
        let help = HelpRenderer.render([CommandTree.root(for: Products.registry), TokenCommands.group, TokenDeleteCommand.spec], products: Products.registry)
        #expect(help.contains("-f, -y, --force"))
        #expect(help.contains("-p, --profile NAME"))
        #expect(help.contains("-o, --format FORMAT"))
        let fish = FishCompletion.script(root: CommandTree.root(for: Products.registry))
        #expect(fish.contains("-l force -s f -s y"))
        #expect(fish.contains("'token list|-p'"))
    }

    @Test func aBadFormatAfterMinusOIsReportedAsJSON() async {
        let r = await runVMCtl(["token", "list", "-o", "json", "--nope"])
        #expect(r.code == 2)
        #expect(r.stderr.contains(#"{"error":"#))
    }
}

/// Flags a product cannot honour are refused by name; a flag of a sibling command says who takes it.
@Suite struct FlagScopeTests {
    @Test func siblingFlagNamesTheCommandsAndProductsThatTakeIt() {
        #expect(usageError(["token", "update", "--deployment", "prod", "tok-1"])?.message
                == "vmctl token update has no --deployment flag; token create, list, get, reveal, delete, rotate, examples and check take it, for product vmcloud")
        #expect(usageError(["database", "update", "--template-tag", "host", "db"])?.message
                == "vmctl database update has no --template-tag flag; database create takes it, for products dedicated and clustered")
    }

    @Test func includeRevokedIsRefusedByNameOnProductsWithoutIt() async {
        let r = await runVMCtl(["token", "list", "--include-revoked"])
        #expect(r.code == 2)
        #expect(r.stderr == "Error: --include-revoked is for products \"dedicated\" and \"clustered\", not \"vmcloud\"\n")
    }
}

/// A refused key names where it came from; errors say each thing once.
@Suite struct ErrorWordingTests {
    let tokensPath = "/api/v1/deployments/\(prodID)/access_tokens"

    func refused(_ environment: [String: String], config: String = vmcloudConfig(), status: Int = 401) async -> RunOutput {
        let stub = StubTransport().expect("GET", tokensPath, status: status, json: #"{"message":"invalid API key"}"#)
        // A denial is checked against the deployments the key can see.
        if status == 403 { stub.expect("GET", "/api/v1/deployments", json: #"[{"id":"\#(prodID)","name":"prod"}]"#) }
        return await runVMCtl(["token", "list"], config: config, stub: stub, environment: environment)
    }

    @Test func unauthorizedNamesVMCTLAPIKeyWhenItWasUsed() async {
        let r = await refused(["VMCTL_API_KEY": "wrong"])
        #expect(r.code == 4)
        #expect(r.stderr == """
        Error: authentication failed: invalid API key (HTTP 401)
        the API key from VMCTL_API_KEY was not accepted; fix it, or unset VMCTL_API_KEY to use profile "test"'s own key

        """)
    }

    @Test func unauthorizedNamesTheProfilesOwnSource() async {
        let literal = await refused([:])
        #expect(literal.stderr.hasSuffix("the API key from api_key of profile \"test\" was not accepted; check it (vmctl profile show test)\n"))
        let env = vmcloudConfig().replacingOccurrences(of: "api_key = \"\(sandboxKey)\"", with: "api_key_env = \"VMC_KEY\"")
        let fromEnv = await refused(["VMC_KEY": "wrong"], config: env)
        #expect(fromEnv.stderr.hasSuffix("the API key from $VMC_KEY (api_key_env of profile \"test\") was not accepted; check it (vmctl profile show test)\n"))
        let forbidden = await refused(["VMCTL_API_KEY": "read-only"], status: 403)
        #expect(forbidden.code == 4)
        #expect(forbidden.stderr.hasSuffix("the API key from VMCTL_API_KEY lacks the permission; use a key that has it\n"))
    }

    /// A 404 says what vmctl looked for, then what the server said, which is never dropped; only a server
    /// message vmctl's own already holds whole is not said twice.
    @Test func notFoundKeepsTheServersMessageBesideVMCtls() async {
        func delete(_ id: String, json: String) async -> (code: Int32, stderr: String) {
            let r = await runVMCtl(["apikey", "delete", "--force", id],
                                   stub: StubTransport().expect("DELETE", "/api/v1/api_keys/\(id)", status: 404, json: json))
            return (r.code, r.stderr)
        }
        let id = "8d1f2c3a-0b4e-4f6a-9c7d-1e2f3a4b5c6d"
        let repeated = await delete(id, json: #"{"message":"API key \#(id) not found"}"#)
        #expect(repeated.code == 5)
        #expect(repeated.stderr == "Error: no API key \(id) (server: API key \(id) not found)\n")
        let adds = await delete(id, json: #"{"message":"the account is being deleted"}"#)
        #expect(adds.code == 5 && adds.stderr == "Error: no API key \(id) (server: the account is being deleted)\n")
        // The same words (another case, a full stop) are said once; so is a server that says nothing.
        let same = await delete(id, json: #"{"message":"No API key \#(id)."}"#)
        #expect(same.code == 5 && same.stderr == "Error: no API key \(id)\n")
        let silent = await delete(id, json: "")
        #expect(silent.code == 5 && silent.stderr == "Error: no API key \(id)\n")
    }
}

/// Product names as users type them: a family name asks which product, an unambiguous alias is accepted.
@Suite struct ProductNameTests {
    @Test(arguments: [
        (["profile", "create", "p", "--product", "influxdb3"],
         "product \"influxdb3\" could be dedicated (InfluxDB 3 Cloud Dedicated) or clustered (InfluxDB 3 Clustered): say which"),
        (["profile", "create", "p", "--product", "dedicate"],
         "unknown product \"dedicate\": use vmcloud, dedicated, clustered or influxdb2 (did you mean \"dedicated\"?)"),
    ] as [([String], String)])
    func familyNamesAskWhichProduct(arguments: [String], message: String) {
        #expect(usageError(arguments)?.message == message)
    }

    @Test(arguments: [("cloud-dedicated", "dedicated"), ("influxdb3-dedicated", "dedicated"), ("influxdb3-clustered", "clustered"),
                      ("InfluxDB2", "influxdb2"), ("vmc", "vmcloud")])
    func aliasesAreAcceptedAndStoredByTheirProductName(alias: String, product: String) async {
        let dir = TemporaryDirectory()
        let r = await runVMCtl(["profile", "create", "p", "--product", alias, "--url", "https://example.com",
                                "--account-id", "3fa85f64-5717-4562-b3fc-2c963f66afa6", "--cluster-id", "3fa85f64-5717-4562-b3fc-2c963f66afa6"]
                               .filter { product == "dedicated" || !$0.contains("-id") && !$0.hasPrefix("3fa8") },
                               config: nil, directory: dir)
        #expect(r.code == 0, "\(r.stderr)")
        #expect(dir.read("config.toml")?.contains("product = \"\(product)\"") == true)
    }
}

/// profile update and rename keep the rest of the file; auth status says which key and whether it works.
@Suite struct ProfileEditAndAuthTests {
    let commented = """
    # team config: do not remove
    default_profile = "test"

    [[profile]]
    name = "test"
    product = "vmcloud"
    url = "http://127.0.0.1:9"   # the sandbox
    deployment = "\(prodID)"
    api_key = "\(sandboxKey)"

    [[profile]]
    name = "other"
    product = "influxdb2"
    url = "https://influx.example.com"
    org = "acme"
    api_key_env = "INFLUX_TOKEN"
    """

    @Test func updateChangesOnlyWhatIsGivenAndKeepsCommentsAndMode() async throws {
        let dir = TemporaryDirectory()
        let r = await runVMCtl(["profile", "update", "test", "--deployment", "prod-2", "--api-key-env", "VMC_KEY"], config: commented, directory: dir)
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout == "Updated profile test in \(dir.path)/config.toml\n")
        #expect(dir.read("config.toml") == commented
            .replacingOccurrences(of: "deployment = \"\(prodID)\"", with: "deployment = \"prod-2\"")
            .replacingOccurrences(of: "api_key = \"\(sandboxKey)\"", with: "api_key_env = \"VMC_KEY\"") + "\n")
        let mode = try FileManager.default.attributesOfItem(atPath: dir.path + "/config.toml")[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func updateRefusesWhatTheProductDoesNotTakeAndEmptyRemoves() async {
        let dir = TemporaryDirectory()
        let foreign = await runVMCtl(["profile", "update", "test", "--org", "acme"], config: commented, directory: dir)
        #expect(foreign.code == 2)
        #expect(foreign.stderr.hasPrefix("Error: --org does not apply to product \"vmcloud\" (only influxdb2)\n"))
        #expect(dir.read("config.toml") == commented)
        let cleared = await runVMCtl(["profile", "update", "test", "--deployment", ""], config: commented, directory: dir)
        #expect(cleared.code == 0)
        #expect(dir.read("config.toml")?.contains("deployment =") == false)
        #expect(usageError(["profile", "update", "test"])?.message.hasPrefix("nothing to change") == true)
    }

    @Test func renameMovesTheDefaultAndRefusesATakenName() async {
        let dir = TemporaryDirectory()
        let r = await runVMCtl(["profile", "rename", "test", "prod"], config: commented, directory: dir)
        #expect(r.code == 0)
        #expect(r.stdout == "Renamed profile test to prod\nprod is the default profile\n")
        #expect(dir.read("config.toml") == commented.replacingOccurrences(of: "\"test\"", with: "\"prod\"") + "\n")
        let taken = await runVMCtl(["profile", "rename", "prod", "other"], config: nil, directory: dir)
        #expect(taken.code == 6)
        #expect(taken.stderr.hasPrefix("Error: profile \"other\" already exists"))
    }

    @Test func authStatusSaysWhichKeyAndThatTheServerTakesIt() async {
        let stub = StubTransport().expect("GET", "/api/v1/deployments", json: #"[{"id":"\#(prodID)","name":"prod"}]"#)
        let r = await runVMCtl(["auth", "status"], stub: stub)
        #expect(r.code == 0)
        #expect(r.stdout == """
        PROFILE   test (chosen by default_profile)
        PRODUCT   vmcloud (VictoriaMetrics Cloud)
        URL       http://127.0.0.1:9
        API KEY   ****cdef from api_key of profile "test"
        SERVER    accepts the key (1 deployment visible)

        """)
    }

    @Test func authStatusExits4WhenTheServerRefusesTheKey() async throws {
        let stub = StubTransport().expect("GET", "/api/v1/deployments", status: 401, json: #"{"message":"invalid API key"}"#)
        let r = await runVMCtl(["auth", "status", "--format", "json"], stub: stub, environment: ["VMCTL_API_KEY": "wrong-key-123456"])
        #expect(r.code == 4)
        let json = try JSONParser.parse(r.stdout)
        #expect(json["accepted"] == .bool(false))
        #expect(json["api_key_source"] == .string("VMCTL_API_KEY"))
        #expect(r.stderr.contains("unset VMCTL_API_KEY"))
    }
}

/// deployment wait, for scripts that did not pass --wait; deployment delete asks as token revoke does.
@Suite struct DeploymentWaitTests {
    let path = "/api/v1/deployments/\(prodID)"
    func deployment(_ status: String) -> String {
        #"{"id":"\#(prodID)","name":"metrics","type":"cluster","tier":10,"status":"\#(status)"}"#
    }

    @Test func waitsUntilRunning() async {
        // The catalog is read beside the first poll, so the tier is named as 'deployment get' names it.
        let stub = StubTransport()
            .expect("GET", path, json: deployment("PROVISIONING"))
            .expect("GET", "/api/v1/tiers", json: tiersJSON)
            .expect("GET", path, json: deployment("RUNNING"))
        let r = await runVMCtl(["deployment", "wait", prodID], stub: stub)
        #expect(r.code == 0)
        #expect(r.sleeps == [0.5])
        #expect(r.stderr == "Waiting for deployment metrics: PROVISIONING\nDeployment metrics is RUNNING (waited 1s)\n")
        #expect(r.stdout.contains("STATUS"))
        #expect(r.stdout.contains("TIER     c.small (10)\n"))
    }

    @Test func waitsUntilDeletedAndTimesOut() async throws {
        let stub = StubTransport()
            .expect("GET", path, json: deployment("DELETING"))
            .expect("GET", path, status: 404, json: #"{"message":"deployment not found"}"#)
        let r = await runVMCtl(["deployment", "wait", prodID, "--for", "deleted", "--format", "json"], stub: stub)
        #expect(r.code == 0)
        #expect(r.stderr == """
            {"note":"Waiting for deployment \(prodID) to go: DELETING"}
            {"note":"Deployment \(prodID) is deleted (waited 1s)"}

            """)
        #expect(try JSONParser.parse(r.stdout)["deleted"] == .bool(true))

        let slow = StubTransport()
        for _ in 0..<4 { slow.expect("GET", path, json: deployment("DELETING")) }
        let timeout = await runVMCtl(["deployment", "wait", prodID, "--for", "deleted", "--wait-timeout", "2s"], stub: slow)
        #expect(timeout.code == 1)
        #expect(timeout.stderr.contains("Error: timed out after 2s waiting for deployment \(prodID) to be deleted (it is DELETING)\n"))
    }

    @Test func deleteRefusesWithoutATerminalAndTakesTheShortForce() async {
        let refused = await runVMCtl(["deployment", "delete", "metrics"])
        #expect(refused.code == 2)
        #expect(refused.stderr.hasPrefix("Error: refusing to delete deployment metrics without confirmation"))
        let cancelled = await runVMCtl(["deployment", "delete", "metrics"], stdin: "n\n", stdinTTY: true)
        #expect(cancelled.code == 0)
        #expect(cancelled.stderr.hasSuffix("Cancelled: nothing changed\n"))
    }
}

/// token rotate: same permissions, a description that says so, the old one revoked only when asked.
@Suite struct TokenRotateTests {
    let tokensPath = "/api/v1/deployments/\(prodID)/access_tokens"
    let createdJSON = """
    {"id":"tok-9","value":"s3cr3t-value-0123456789","type":"r","tenant_id":"12:0","description":"grafana team 12 (rotated from tok-2 on 2026-11-18)","created_at":"2026-11-23T10:00:00Z"}
    """

    @Test func createsTheSamePermissionsAndKeepsTheOldToken() async throws {
        let stub = StubTransport().expect("GET", tokensPath, json: tokenListJSON).expect("GET", prodInfoPath, json: prodInfoJSON).expect("POST", tokensPath, json: createdJSON)
        let r = await runVMCtl(["token", "rotate", "tok-2"], stub: stub)
        #expect(r.code == 0, "\(r.stderr)")
        let body = try JSONParser.parse(String(decoding: try #require(stub.requests.last?.body), as: UTF8.self))
        #expect(body["type"] == .string("r"))
        #expect(body["tenant_id"] == .string("12:0"))
        #expect(body["description"] == .string("grafana team 12 (rotated from tok-2 on 2026-11-18)"))
        #expect(r.stdout.hasSuffix("\ns3cr3t-value-0123456789\n"))
        #expect(r.stderr.contains("Old token tok-2 still works; once clients use the new one: vmctl token revoke tok-2\n"))
        #expect(!stub.requests.contains { $0.method == "DELETE" })
    }

    @Test func revokeOldNeedsConfirmationAndJSONGivesBothIDs() async throws {
        let refused = await runVMCtl(["token", "rotate", "--revoke-old", "tok-2"])
        #expect(refused.code == 2)
        #expect(refused.stderr.hasPrefix("Error: refusing to revoke token tok-2 without confirmation"))

        let stub = StubTransport().expect("GET", tokensPath, json: tokenListJSON).expect("GET", prodInfoPath, json: prodInfoJSON).expect("POST", tokensPath, json: createdJSON)
            .expect("DELETE", tokensPath + "/tok-2")
        let r = await runVMCtl(["token", "rotate", "--revoke-old", "-y", "--format", "json", "tok-2"], stub: stub)
        #expect(r.code == 0)
        let json = try JSONParser.parse(r.stdout)
        #expect(json["id"] == .string("tok-9"))
        #expect(json["rotated_from"] == .string("tok-2"))
        #expect(json["old_revoked"] == .bool(true))
        #expect(json["token"] == .string("s3cr3t-value-0123456789"))
    }

    @Test func failureHalfWaySaysWhatExists() async {
        let stub = StubTransport().expect("GET", tokensPath, json: tokenListJSON).expect("GET", prodInfoPath, json: prodInfoJSON).expect("POST", tokensPath, json: createdJSON)
            .expect("DELETE", tokensPath + "/tok-2", status: 503, json: #"{"message":"try later"}"#)
        for _ in 0..<2 { stub.expect("DELETE", tokensPath + "/tok-2", status: 503, json: #"{"message":"try later"}"#) }
        let r = await runVMCtl(["token", "rotate", "--revoke-old", "--force", "tok-2"], stub: stub)
        #expect(r.code == 1)
        #expect(r.stdout.hasSuffix("\ns3cr3t-value-0123456789\n"))
        #expect(r.stderr.contains("Error: new token tok-9 was created (shown above), but old token tok-2 was not revoked: server error: try later (HTTP 503)\n"
                                  + "both work now; revoke the old one with 'vmctl token revoke tok-2'\n"))

        let failedCreate = StubTransport().expect("GET", tokensPath, json: tokenListJSON).expect("GET", prodInfoPath, json: prodInfoJSON)
            .expect("POST", tokensPath, status: 403, json: #"{"message":"read-only key"}"#)
            .expect("GET", "/api/v1/deployments", json: #"[{"id":"\#(prodID)","name":"prod"}]"#)
        let nothing = await runVMCtl(["token", "rotate", "tok-2"], stub: failedCreate)
        #expect(nothing.code == 4)
        #expect(nothing.stderr.hasPrefix("Error: could not create the new token: permission denied: read-only key (HTTP 403); token tok-2 is unchanged\n"))
    }

    @Test func everyProductCanExpressItsTokensAgain() throws {
        let client = APIClient(settings: APIClient.Settings(baseURL: URL(string: "http://127.0.0.1:9")!, credential: nil, secret: nil,
                                                            timeout: 1, profileName: "t"), transport: StubTransport())
        let influx3 = InfluxDB3Tokens(client: client, prefix: "", product: .dedicated, dataURL: "")
        let token = Token(id: "t", description: "d", product: .dedicated, status: "active",
                          permissions: [Permission(.read, database: "metrics"), Permission(.write, database: "*")],
                          expiresAt: "2027-01-01T00:00:00Z")
        let request = try influx3.replacement(for: token, description: "new")
        #expect(request == TokenCreateRequest(description: "new", read: ["metrics"], write: ["*"], expiresAt: "2027-01-01T00:00:00Z"))

        let influx2 = InfluxDB2Tokens(client: client, org: InfluxDB2OrgRef(id: nil, name: "acme", named: true, profileName: "t",
                                                                         lookup: { InfluxDB2Org(id: "o", name: "acme") }),
                                      dataPlane: InfluxDB2DataPlane(client: client, url: "", org: "acme", orgIsID: false))
        var allAccess = Token(id: "a", description: "d", product: .influxdb2, permissions: [Permission(.read, database: nil, resourceType: "orgs")])
        allAccess[InfluxDB2Fields.access] = .allAccess
        #expect(try influx2.replacement(for: allAccess, description: "new") == TokenCreateRequest(description: "new", allAccess: true))
        allAccess[InfluxDB2Fields.access] = nil
        #expect(throws: VMCtlError.self) { try influx2.replacement(for: allAccess, description: "new") }
    }
}
