import Foundation
import Testing
@testable import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCloud
@testable import InfluxDB2
@testable import InfluxDB3
@testable import VMCtlSupport

let tiersJSON = """
[{"id":1,"type":"single_node","cloud_provider":"aws","name":"s.starter","compute_cost_per_hour":0.05,"ingestion_rate":10000,"active_time_series":100000,"new_series_over_24h":50000,"datapoints_read_rate":1000000,"series_read_per_query":10000,"access_token_concurrent_requests":10},
 {"id":10,"type":"cluster","cloud_provider":"aws","name":"c.small","compute_cost_per_hour":0.8,"ingestion_rate":500000,"active_time_series":5000000,"new_series_over_24h":2000000,"datapoints_read_rate":50000000,"series_read_per_query":500000,"access_token_concurrent_requests":50}]
"""
let regionsJSON = #"[{"cloud_provider":"aws","name":"us-east-1"},{"cloud_provider":"aws","name":"eu-central-1"}]"#

func deploymentJSON(status: String, storage: Int = 50, flags: String = #""vmselect_settings":[],"vmstorage_settings":[],"vminsert_settings":[]"#) -> String {
    """
    {"id":"\(prodID)","name":"metrics","type":"cluster","tier":10,"version":"v1","cloud_provider":"aws","region":"us-east-1",
     "created_at":"2026-11-23T10:00:00Z","status":"\(status)","retention_value":3,"retention_unit":"m","deduplication_value":30,
     "deduplication_unit":"s","storage_size_gb":\(storage),"maintenance_window":"Sat-Sun 3-4am",
     "price":{"compute_cost":584,"storage_cost":4,"total_cost":588},\(flags),"access_endpoint":"https://x"}
    """
}

/// Layer 1: deployment, apikey and rule flags.
@Suite struct DeploymentParseTests {
    @Test func createCollectsTheValuesAsGivenAndTheProductReadsThemInItsUnits() throws {
        let c = try command(DeploymentCreateCommand.self, ["deployment", "create", "m", "--type", "cluster", "--region", "us-east-1",
                                                            "--tier", "c.small", "--storage", "2TB", "--retention", "12m",
                                                            "--deduplication", "500ms", "--maintenance-window", "business", "--wait"])
        #expect(c.spec == DeploymentSpec(name: "m", type: "cluster", provider: nil, region: "us-east-1", tier: "c.small",
                                         storage: "2TB", retention: "12m", deduplication: "500ms", maintenanceWindow: "business"))
        #expect(try VMCloudDeploymentRules.read(c.spec)
            == VMCloudNewDeployment(name: "m", type: "cluster", provider: "aws", region: "us-east-1", tier: "c.small",
                                    storage: UnitValue(2, "TB"), retention: UnitValue(12, "m"), deduplication: UnitValue(500, "ms"),
                                    maintenanceWindow: "Mon-Fri 4-5am"))
        #expect(c.waitTimeout == 900)
        let defaults = try command(DeploymentCreateCommand.self, ["deployment", "create", "m", "--type", "single_node", "--region", "r",
                                                                   "--tier", "1", "--storage", "10GB", "--retention", "30d"])
        let read = try VMCloudDeploymentRules.read(defaults.spec)
        #expect(read.deduplication == UnitValue(0, "s"))
        #expect(read.maintenanceWindow == "Sat-Sun 3-4am")
        #expect(defaults.waitTimeout == nil)
    }

    /// Every refusal comes before anything is sent (the stub expects nothing), with the command's usage line.
    @Test(arguments: [
        (["--type", "cluster"], "--region is required"),
        (["--type", "cluster", "--region", "r", "--tier", "1", "--storage", "10", "--retention", "1m"], "invalid --storage \"10\": use a whole number with GB or TB, e.g. 10GB or 2TB"),
        (["--type", "cluster", "--region", "r", "--tier", "1", "--storage", "5GB", "--retention", "1m"], "storage must be at least 10GB, VictoriaMetrics Cloud's minimum (got 5GB)"),
        (["--type", "single_node", "--region", "r", "--tier", "1", "--storage", "17TB", "--retention", "1m"], "a single-node deployment holds at most 16TB of storage (got 17TB); use a cluster for more"),
        (["--type", "cluster", "--region", "r", "--tier", "1", "--storage", "20TB", "--retention", "0d"], "retention must be more than 0 (e.g. 30d or 1m)"),
        (["--type", "cluster", "--region", "r", "--tier", "0", "--storage", "20TB", "--retention", "1d"], "tier 0 does not exist: pick one from 'vmctl tier list'"),
        (["--type", "cluster", "--region", "r", "--tier", "1", "--storage", "20GB", "--retention", "1y"], "invalid --retention \"1y\": use days or months, e.g. 30d or 1m (m means months)"),
        (["--type", "cluster", "--region", "r", "--tier", "1", "--storage", "20GB", "--retention", "1m", "--maintenance-window", "night"], "invalid --maintenance-window \"night\": use weekend (Sat-Sun 3-4am) or business (Mon-Fri 4-5am)"),
        (["--type", "cluster", "--region", "r", "--tier", "1", "--storage", "20GB", "--retention", "1m", "--provider", "gcp"], "invalid value \"gcp\" for --provider: use aws"),
        (["--type", "cluster", "--region", "r", "--tier", "1", "--storage", "20GB", "--retention", "1m", "--wait-timeout", "5m"], "--wait-timeout goes with --wait"),
        (["--type", "vm", "--region", "r"], "invalid value \"vm\" for --type: use single_node or cluster"),
    ] as [([String], String)])
    func createRefusals(flags: [String], message: String) async {
        let out = await runVMCtl(["deployment", "create", "m"] + flags)
        #expect(out.code == 2)
        #expect(out.stderr.hasPrefix("Error: \(message)\nUsage: vmctl deployment create [flags] NAME"))
    }

    @Test func updateCollectsOnlyWhatChanges() throws {
        let u = try command(DeploymentUpdateCommand.self, ["deployment", "update", "m", "--storage", "1TB", "--select-flag=-a=1",
                                                            "--select-flag=-b=2", "--storage-flag="])
        var expected = DeploymentChanges()
        expected.storage = "1TB"
        expected.selectFlags = ["-a=1", "-b=2"]
        expected.storageFlags = []
        #expect(u.changes == expected)
        #expect(usageError(["deployment", "update", "m"])?.message.hasPrefix("nothing to change") == true)
        #expect(usageError(["deployment", "update", "m", "--region", "eu"])?.message == "a deployment's region cannot change; create a new deployment instead")
    }

    @Test func apiKeyFlags() throws {
        let k = try command(APIKeyCreateCommand.self, ["apikey", "create", "g", "--deployment", "a", "--deployment", "b"])
        #expect(k.request == APIKeyRequest(name: "g", readOnly: true, deployments: ["a", "b"], allDeployments: false, expiresAt: nil))
        let all = try command(APIKeyCreateCommand.self, ["apikey", "create", "t", "--read-write", "--all-deployments", "--expires-in", "90d"])
        #expect(!all.request.readOnly && all.request.allDeployments && all.expiry.expiresIn == 90 * 86400)
        #expect(usageError(["apikey", "create", "g"])?.message == "say which deployments the key may access: --deployment NAME (repeatable) or --all-deployments")
        #expect(usageError(["apikey", "create", "g", "--all-deployments", "--deployment", "a"])?.message
                == "--all-deployments and --deployment cannot be used together: all deployments (including future ones) or the ones named")
        #expect(usageError(["apikey", "create", "g", "--all-deployments", "--no-expiry", "--expires-in", "1d"])?.message
                == "--expires-in and --no-expiry cannot be used together")
        #expect(usageError(["apikey", "create", "g", "--all-deployments", "--read-only", "--read-write"])?.message
                == "--read-only and --read-write cannot be used together")
    }

    @Test func ruleNames() throws {
        let u = try command(RuleUploadCommand.self, ["rule", "upload", "/tmp/dir/alerts.yaml"])
        #expect(u.name == "alerts.yaml")
        #expect(usageError(["rule", "upload", "-"])?.message == "--name is needed when the file comes from stdin")
        // No extension is needed: the docs' own example uploads "testing-rules".
        #expect(try command(RuleUploadCommand.self, ["rule", "upload", "/tmp/dir/testing-rules"]).name == "testing-rules")
        #expect(try command(RuleUploadCommand.self, ["rule", "upload", "rules.txt"]).name == "rules.txt")
        #expect(usageError(["rule", "upload", "/tmp/.hidden"])?.message
                == "invalid rule file name \".hidden\": use letters, digits, '.', '_' and '-', not starting with '.'; pick one with --name")
        #expect(usageError(["rule", "upload", "x.yml", "--name", "../x.yml"])?.message
                == "invalid rule file name \"../x.yml\": use letters, digits, '.', '_' and '-', not starting with '.'")
    }

    @Test func ruleFileChecks() throws {
        #expect(try RuleFileCheck.check(Array("# c\ngroups:\n  - name: a\n".utf8), source: "f") == "# c\ngroups:\n  - name: a\n")
        #expect(try RuleFileCheck.check(Array("groups: # mine\n".utf8), source: "f").hasPrefix("groups"))
        #expect(try RuleFileCheck.check(Array("groups: []\n".utf8), source: "f") == "groups: []\n")
        #expect(throws: VMCtlError.self) { try RuleFileCheck.check(Array("  groups:\n".utf8), source: "f") }
        #expect(throws: VMCtlError.self) { try RuleFileCheck.check(Array("groupsx:\n".utf8), source: "f") }
        #expect(throws: VMCtlError.self) { try RuleFileCheck.check(Array("rules:\n".utf8), source: "f") }
        #expect(throws: VMCtlError.self) { try RuleFileCheck.check([0xFF, 0xFE], source: "f") }
        let big = [UInt8](repeating: 32, count: RuleFileCheck.maxBytes + 1)
        let error = #expect(throws: VMCtlError.self) { try RuleFileCheck.check(big, source: "f") }
        #expect(error?.message == "f is 20MB; VictoriaMetrics Cloud takes rule files of at most 20MB")
        let log = "2026-11-23T19:34:16.482Z\tinfo\tflag.go:20\tflag\n2026-11-23T19:34:16.483Z\tfatal\tmain.go:98\tfailed to parse: bad expr\n"
        #expect(RuleFileCheck.vmalertMessage(log) == "failed to parse: bad expr")
    }
}

/// Layer 2: deployment commands with the stub transport.
@Suite struct DeploymentRunTests {
    @Test func createSendsTheAPIsShapeAfterCheckingTierAndRegion() async throws {
        let stub = StubTransport()
            .expect("GET", "/api/v1/tiers", json: tiersJSON)
            .expect("GET", "/api/v1/regions", json: regionsJSON)
            .expect("POST", "/api/v1/deployments", json: deploymentJSON(status: "PROVISIONING"))
        let r = await runVMCtl(["deployment", "create", "metrics", "--type", "cluster", "--region", "us-east-1", "--tier", "C.Small",
                                "--storage", "1TB", "--retention", "3m", "--deduplication", "30s"], stub: stub)
        #expect(r.code == 0)
        let body = try JSONParser.parse(String(decoding: stub.requests[2].body!, as: UTF8.self))
        #expect(body == .obj(["deduplication": .int(30), "deduplication_unit": "s", "maintenance_window": "Sat-Sun 3-4am",
                              "name": "metrics", "provider": "aws", "region": "us-east-1", "retention": .int(3), "retention_unit": "m",
                              "storage_size": .int(1), "storage_size_unit": "TB", "tier": .int(10), "type": "cluster"]))
        #expect(r.stdout.contains("STATUS          PROVISIONING\n"))
        // The tier by the name the catalog gave while checking it, as 'deployment get' shows it: no other request.
        #expect(r.stdout.contains("TIER            c.small (10)\n"))
        #expect(r.stderr == "Deployment metrics is PROVISIONING; 'vmctl deployment get metrics' shows when it is RUNNING\n")
    }

    @Test(arguments: [
        (["--tier", "s.starter", "--region", "us-east-1"], "tier s.starter (1) is for single_node deployments, not cluster", false),
        (["--tier", "c.smal", "--region", "us-east-1"], "no tier \"c.smal\" (did you mean \"c.small\"?)", false),
        (["--tier", "10", "--region", "us-east"], "no region \"us-east\" for provider aws (did you mean \"us-east-1\"?)", true),
    ] as [([String], String, Bool)])
    func createRefusesWhatTheCatalogDoesNotOffer(flags: [String], message: String, regionsLookedUp: Bool) async {
        let stub = StubTransport().expect("GET", "/api/v1/tiers", json: tiersJSON)
        if regionsLookedUp { stub.expect("GET", "/api/v1/regions", json: regionsJSON) }
        let r = await runVMCtl(["deployment", "create", "m", "--type", "cluster", "--storage", "10GB", "--retention", "1m"] + flags, stub: stub)
        #expect(r.code == 2)
        #expect(r.stderr.hasPrefix("Error: \(message)\n"))
        #expect(!stub.requests.contains { $0.method == "POST" })
    }

    @Test func updateSendsCurrentSettingsWithTheChanges() async throws {
        // The catalog is read beside the PUT, for the tier's name.
        let stub = StubTransport()
            .expect("GET", "/api/v1/deployments/\(prodID)", json: deploymentJSON(status: "RUNNING"))
            .expect("PUT", "/api/v1/deployments/\(prodID)", json: deploymentJSON(status: "PROVISIONING", storage: 100))
            .expect("GET", "/api/v1/tiers", json: tiersJSON)
        let r = await runVMCtl(["deployment", "update", prodID, "--storage", "100GB", "--insert-flag=-maxLabelsPerTimeseries=50"], stub: stub)
        #expect(r.code == 0)
        #expect(r.stdout.contains("TIER            c.small (10)\n"))
        let put = try #require(stub.requests.first { $0.method == "PUT" })
        let body = try JSONParser.parse(String(decoding: put.body!, as: UTF8.self))
        #expect(body == .obj(["deduplication": .int(30), "deduplication_unit": "s",
                              "flags": .obj(["insert_flags": .array(["-maxLabelsPerTimeseries=50"]), "select_flags": .array([]),
                                             "single_flags": .array([]), "storage_flags": .array([])]),
                              "maintenance_window": "Sat-Sun 3-4am", "name": "metrics", "retention": .int(3), "retention_unit": "m",
                              "storage_size": .int(100), "storage_size_unit": "GB", "tier": .int(10)]))
        #expect(r.stderr == "Warning: changing flags restarts deployment \(prodID)\n")
    }

    @Test(arguments: [
        (["--storage", "40GB"], "storage can grow but never shrink: deployment \(prodID) has 50GB, asked for 40GB"),
        (["--single-flag=-x"], "--single-flag does not apply to a cluster deployment; use --select-flag, --storage-flag, --insert-flag"),
    ] as [([String], String)])
    func updateRefusals(flags: [String], message: String) async {
        let stub = StubTransport().expect("GET", "/api/v1/deployments/\(prodID)", json: deploymentJSON(status: "RUNNING"))
        let r = await runVMCtl(["deployment", "update", prodID] + flags, stub: stub)
        #expect(r.code == 2)
        #expect(r.stderr.hasPrefix("Error: \(message)\n"))
        #expect(!stub.requests.contains { $0.method == "PUT" })
    }

    @Test func waitPollsUntilRunningWithPlainLinesWhenNotATerminal() async {
        let stub = StubTransport()
            .expect("GET", "/api/v1/deployments/\(prodID)", json: deploymentJSON(status: "RUNNING"))
            .expect("PUT", "/api/v1/deployments/\(prodID)", json: deploymentJSON(status: "PROVISIONING", storage: 60))
            .expect("GET", "/api/v1/tiers", json: tiersJSON)
            .expect("GET", "/api/v1/deployments/\(prodID)", json: deploymentJSON(status: "PROVISIONING", storage: 60))
            .expect("GET", "/api/v1/deployments/\(prodID)", json: deploymentJSON(status: "RUNNING", storage: 60))
        let r = await runVMCtl(["deployment", "update", prodID, "--storage", "60GB", "--wait"], stub: stub)
        #expect(r.code == 0)
        #expect(r.sleeps == [0.5, 1])
        #expect(r.stderr == "Waiting for deployment metrics: PROVISIONING\nDeployment metrics is RUNNING (waited 2s)\n")
        #expect(r.stdout.contains("STORAGE         60 GB\n"))
        // The polls read no catalog: the name read beside the update stays.
        #expect(r.stdout.contains("TIER            c.small (10)\n"))
    }

    @Test func waitDrawsOneLiveLineOnATerminal() async {
        let stub = StubTransport()
            .expect("GET", "/api/v1/deployments/\(prodID)", json: deploymentJSON(status: "RUNNING"))
            .expect("PUT", "/api/v1/deployments/\(prodID)", json: deploymentJSON(status: "PROVISIONING", storage: 60))
            .expect("GET", "/api/v1/tiers", json: tiersJSON)
            .expect("GET", "/api/v1/deployments/\(prodID)", json: deploymentJSON(status: "RUNNING", storage: 60))
        let r = await runVMCtl(["deployment", "update", prodID, "--storage", "60GB", "--wait"], stub: stub, stderrTTY: true)
        #expect(r.stderr == "\r\u{1B}[2KWaiting for deployment metrics: PROVISIONING (0s)\r\u{1B}[2KDeployment metrics is RUNNING (waited 1s)\n")
    }

    @Test func waitEndsOnErrorAndOnTimeout() async {
        let failing = StubTransport()
            .expect("GET", "/api/v1/deployments/\(prodID)", json: deploymentJSON(status: "RUNNING"))
            .expect("GET", "/api/v1/tiers", json: tiersJSON)
            .expect("PUT", "/api/v1/deployments/\(prodID)", json: deploymentJSON(status: "PROVISIONING"))
            .expect("GET", "/api/v1/deployments/\(prodID)", json: deploymentJSON(status: "ERROR"))
        let error = await runVMCtl(["deployment", "update", prodID, "--tier", "10", "--wait"], stub: failing)
        #expect(error.code == 1)
        #expect(error.stderr.contains("Error: deployment metrics is ERROR, not RUNNING\n"))

        let slow = StubTransport()
            .expect("GET", "/api/v1/deployments/\(prodID)", json: deploymentJSON(status: "RUNNING"))
            .expect("PUT", "/api/v1/deployments/\(prodID)", json: deploymentJSON(status: "PROVISIONING", storage: 60))
            .expect("GET", "/api/v1/tiers", json: tiersJSON)
        // Polls after 0.5s, 1s, 1s and 1.5s (cut to the deadline): four reads, 4s in all.
        for _ in 0..<4 { slow.expect("GET", "/api/v1/deployments/\(prodID)", json: deploymentJSON(status: "PROVISIONING", storage: 60)) }
        let timeout = await runVMCtl(["deployment", "update", prodID, "--storage", "60GB", "--wait", "--wait-timeout", "4s"], stub: slow)
        #expect(timeout.code == 1)
        #expect(timeout.sleeps.reduce(0, +) == 4)
        #expect(timeout.stderr.hasSuffix("""
        Still PROVISIONING after 4s
        Error: timed out after 4s waiting for deployment metrics to be RUNNING (it is PROVISIONING)
        check again later with 'vmctl deployment get \(prodID)'

        """))
    }

    @Test func deleteAsksAndGoesOn() async {
        let stub = StubTransport()
            .expect("GET", "/api/v1/deployments", json: #"[{"id":"\#(prodID)","name":"metrics"}]"#)
            .expect("DELETE", "/api/v1/deployments/\(prodID)")
            .expect("GET", "/api/v1/deployments", json: #"[{"id":"\#(prodID)","name":"metrics"}]"#)
        let r = await runVMCtl(["deployment", "delete", "metrics", "gone"], stub: stub, stdin: "yes\n", stdinTTY: true)
        #expect(r.code == 5)
        #expect(r.stdout == "Deleted deployment metrics\n")
        #expect(r.stderr.hasPrefix("Delete 2 deployments? All data, tokens and rule files in it are lost for good. [y/N] "))
        #expect(r.stderr.contains("Error: no deployment named \"gone\"\n"))
    }
}

extension StubTransport {
    /// For `--tier` updates the tier lookup comes between reading the deployment and the PUT.
}

/// Layer 2: `deployment list` shows each deployment's access endpoint, which only its own GET gives.
@Suite struct DeploymentListRunTests {
    @Test func listFetchesEachDeploymentsDetailsForItsEndpoint() async throws {
        let stub = StubTransport()
            .expect("GET", "/api/v1/deployments", json: #"[{"id":"\#(prodID)","name":"metrics","type":"cluster","status":"RUNNING"},{"id":"\#(singleID)","name":"dev","type":"single_node","status":"RUNNING"}]"#)
            .expect("GET", "/api/v1/deployments/\(prodID)", json: deploymentJSON(status: "RUNNING"))
            .expect("GET", "/api/v1/deployments/\(singleID)", status: 404, json: "")
            .expect("GET", "/api/v1/tiers", json: tiersJSON)
        let r = await runVMCtl(["deployment", "list", "--format", "json"], stub: stub)
        #expect(r.code == 0, "\(r.stderr)")
        let list = try #require(try JSONParser.parse(r.stdout).arrayValue)
        #expect(list.map { $0["access_endpoint"] } == [.string("https://x"), .null])
        #expect(list.map { $0["name"] } == [.string("metrics"), .string("dev")])
        // The tier by name from the catalog, beside its number (the list's summaries lack the dev one's tier).
        #expect(list.map { $0["tier_name"] } == [.string("c.small"), .null])
    }
}
