import Foundation
import Testing
@testable import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCloud
@testable import InfluxDB2
@testable import InfluxDB3
@testable import VMCtlSupport

/// Layer 2: API keys, rule files and the catalog with the stub transport.
@Suite struct ManagementRunTests {
    let deployments = #"[{"id":"\#(prodID)","name":"metrics","type":"cluster"},{"id":"\#(singleID)","name":"dev","type":"single_node"}]"#

    @Test func apiKeyCreateResolvesNamesAndPrintsTheKeyOnce() async throws {
        let stub = StubTransport()
            .expect("GET", "/api/v1/deployments", json: deployments)
            .expect("POST", "/api/v1/api_keys", json: """
            {"id":"k1","name":"grafana","permission":"r","deployment_ids":["\(prodID)"],"all_deployments":false,
             "expires_at":"2026-11-20T00:00:00Z","created_at":"2026-11-01T00:00:00Z","value":"vmc-key-secret-0001"}
            """)
            .expect("GET", "/api/v1/deployments", json: deployments)
        let r = await runVMCtl(["apikey", "create", "grafana", "--deployment", "metrics", "--expires-in", "30d"], stub: stub)
        #expect(r.code == 0)
        let body = try JSONParser.parse(String(decoding: stub.requests[1].body!, as: UTF8.self))
        #expect(body == .obj(["all_deployments": .bool(false), "deployment_ids": .array([.string(prodID)]),
                              "expires_at": .string(RFC3339.format(Date(timeIntervalSince1970: 1_795_000_000 + 30 * 86400))),
                              "name": "grafana", "permission": "r"]))
        #expect(r.stdout.hasSuffix("DEPLOYMENTS   metrics\nEXPIRES       2026-11-20T00:00:00Z\nCREATED       2026-11-01T00:00:00Z\nvmc-key-secret-0001\n"))
        #expect(r.stderr == "Warning: copy the API key now and keep it secret; it is shown only this once\n")
    }

    @Test func apiKeyListShowsScopeAndExpiry() async throws {
        let stub = StubTransport()
            .expect("GET", "/api/v1/api_keys", json: """
            [{"id":"k1","name":"old","permission":"rw","deployment_ids":["\(prodID)","\(singleID)"],"all_deployments":false,"expires_at":"2020-01-01T00:00:00Z","created_at":"2019-01-01T00:00:00Z"},
             {"id":"k2","name":"ops","permission":"rw","all_deployments":true,"created_at":"2026-01-01T00:00:00Z"}]
            """)
            .expect("GET", "/api/v1/deployments", json: deployments)
        let r = await runVMCtl(["apikey", "list"], stub: stub)
        #expect(r.stdout == """
        ID   NAME   PERMISSION   DEPLOYMENTS                   EXPIRES                          CREATED
        k1   old    read-write   metrics, dev                  2020-01-01T00:00:00Z (expired)   2019-01-01T00:00:00Z
        k2   ops    read-write   all (including future ones)   never                            2026-01-01T00:00:00Z

        """)
        let json = await runVMCtl(["apikey", "list", "--format", "json"], stub: StubTransport()
            .expect("GET", "/api/v1/api_keys", json: #"[{"id":"k2","name":"ops","permission":"r","all_deployments":true}]"#)
            .expect("GET", "/api/v1/deployments", status: 403))
        let key = try #require(try JSONParser.parse(json.stdout).arrayValue?.first)
        #expect(key == .obj(["id": "k2", "name": "ops", "permission": "read-only", "all_deployments": .bool(true),
                             "deployment_ids": .array([]), "deployment_names": .array([]), "expires_at": .null,
                             "expired": .bool(false), "created_at": .null]))
    }

    @Test func apiKeyInThePastIsRefused() async {
        let stub = StubTransport()
        let r = await runVMCtl(["apikey", "create", "x", "--all-deployments", "--expires-at", "2020-01-01T00:00:00Z"], stub: stub)
        #expect(r.code == 2)
        #expect(r.stderr.hasPrefix("Error: --expires-at 2020-01-01T00:00:00Z is in the past\n"))
        #expect(stub.requests.isEmpty)
    }

    @Test func ruleUploadWithoutVMAlertChecksWhatItCan() async throws {
        let dir = TemporaryDirectory()
        let file = dir.write("alerts.yml", "groups:\n  - name: a\n    rules: []\n")
        let stub = StubTransport().expect("POST", "/api/v1/deployments/\(prodID)/rule-sets/files/alerts.yml")
        let r = await runVMCtl(["rule", "upload", file], stub: stub, environment: ["PATH": dir.path])
        #expect(r.code == 0)
        #expect(r.stdout == "Uploaded alerts.yml to deployment \(prodID)\n")
        #expect(r.stderr == "vmalert is not on PATH, so only size, encoding and the groups: key were checked\n")
        #expect(stub.requests[0].body == Data("groups:\n  - name: a\n    rules: []\n".utf8))
        #expect(stub.requests[0].header("Content-Type") == "application/yaml")
    }

    @Test func ruleUploadRefusesWhatVMAlertRejects() async throws {
        let dir = TemporaryDirectory()
        let fake = dir.write("vmalert", "#!/bin/sh\nexit 0\n", mode: 0o755)
        let file = dir.write("bad.yml", "groups:\n  - name: a\n")
        let seen = SleepRecorder()
        let stub = StubTransport()
        let r = await runVMCtl(["rule", "upload", file], stub: stub, environment: ["PATH": dir.path], runProgram: { program, args in
            seen.record(Double(args.count))
            #expect(program == fake)
            #expect(args == ["-rule=\(file)", "-dryRun"])
            return (255, "", "2026-11-23T00:00:00Z\tfatal\tmain.go:98\tfailed to parse: bad expr\n")
        })
        #expect(r.code == 2)
        #expect(r.stderr.hasPrefix("Error: vmalert rejects the rule file: failed to parse: bad expr\n"))
        #expect(stub.requests.isEmpty)
        #expect(seen.all == [2])
    }

    @Test func ruleGetPrintsTheFileAsIs() async throws {
        let yaml = "groups:\n  - name: x # keep\n"
        let stub = StubTransport().expect("GET", "/api/v1/deployments/\(prodID)/rule-sets/files/x.yml", json: yaml)
        let r = await runVMCtl(["rule", "get", "x.yml"], stub: stub)
        #expect(r.stdout == yaml)
        // The answer is YAML: vmctl asks for no particular type, as the official client does.
        #expect(stub.requests[0].header("Accept") == nil)
        let json = await runVMCtl(["rule", "get", "x.yml", "--format", "json"],
                                  stub: StubTransport().expect("GET", "/api/v1/deployments/\(prodID)/rule-sets/files/x.yml", json: yaml))
        #expect(try JSONParser.parse(json.stdout) == .obj(["name": "x.yml", "content": .string(yaml)]))
    }

    /// The published API has no API key endpoint (the console manages keys): a server without it answers
    /// 404 or 405, and vmctl says so, pointing to the console, with exit 5.
    @Test func apiKeysOnAServerThatDoesNotOfferThem() async {
        let list = await runVMCtl(["apikey", "list"], stub: StubTransport().expect("GET", "/api/v1/api_keys", status: 404, json: "404 page not found"))
        #expect(list.code == 5)
        #expect(list.stderr == """
        Error: this API does not offer API key management (no /api/v1/api_keys endpoint)
        VictoriaMetrics Cloud manages API keys in its console: https://console.victoriametrics.cloud, under API Keys

        """)
        let create = await runVMCtl(["apikey", "create", "ci", "--all-deployments"],
                                    stub: StubTransport().expect("POST", "/api/v1/api_keys", status: 405, json: ""))
        #expect(create.code == 5 && create.stderr.hasPrefix("Error: this API does not offer API key management"))
        let delete = await runVMCtl(["apikey", "delete", "--force", "8d1f2c3a-0b4e-4f6a-9c7d-1e2f3a4b5c6d"],
                                    stub: StubTransport().expect("DELETE", "/api/v1/api_keys/8d1f2c3a-0b4e-4f6a-9c7d-1e2f3a4b5c6d", status: 405, json: ""))
        #expect(delete.code == 5 && delete.stderr.contains("this API does not offer API key management"))
        // A 404 on one key's path may just be a missing key.
        let missing = await runVMCtl(["apikey", "delete", "--force", "9e2a3b4c-1d2e-4f3a-8b4c-5d6e7f8a9b0c"],
                                     stub: StubTransport().expect("DELETE", "/api/v1/api_keys/9e2a3b4c-1d2e-4f3a-8b4c-5d6e7f8a9b0c", status: 404, json: ""))
        #expect(missing.code == 5 && missing.stderr.hasPrefix("Error: no API key 9e2a3b4c-1d2e-4f3a-8b4c-5d6e7f8a9b0c"))
        // A name needs the list, which such a server does not have either.
        let named = await runVMCtl(["apikey", "delete", "--force", "terraform"],
                                   stub: StubTransport().expect("GET", "/api/v1/api_keys", status: 404, json: "404 page not found"))
        #expect(named.code == 5 && named.stderr.hasPrefix("Error: this API does not offer API key management"))
    }

    @Test func tierListIsReadable() async {
        let r = await runVMCtl(["tier", "list", "--type", "cluster"], stub: StubTransport().expect("GET", "/api/v1/tiers", json: tiersJSON))
        #expect(r.stdout == """
        ID   NAME      TYPE      PROVIDER   COMPUTE/H   ≈/MONTH   INGEST/S   ACTIVE SERIES   NEW SERIES/24H   READ POINTS/S   SERIES/QUERY   CONCURRENCY
        10   c.small   cluster   aws        $0.800      $584      500K       5M              2M               50M             500K           50

        """)
    }
}
