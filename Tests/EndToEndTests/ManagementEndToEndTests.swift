import Foundation
import Testing
import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCtlSupport

/// Layer 3: deployments, API keys, rule files and the catalog, the built vmctl against the sandbox.
@Suite struct ManagementEndToEndTests {
    /// The README's walkthrough, exactly as written there, run with bash.
    @Test func readmeWalkthrough() async throws {
        let readme = try String(contentsOf: repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let marker = try #require(readme.range(of: "<!-- walkthrough -->\n```sh\n"))
        let end = try #require(readme.range(of: "\n```", range: marker.upperBound..<readme.endIndex))
        let script = String(readme[marker.upperBound..<end.lowerBound])

        let sandbox = try SandboxProcess(arguments: ["--provisioning-delay", "1s"])
        let user = VMCtlUser()
        var environment = user.environment
        environment["PATH"] = productsDirectory.path + ":" + (environment["PATH"] ?? "")
        environment["SANDBOX_URL"] = sandbox.url
        environment["SANDBOX_KEY"] = sandbox.apiKey
        let r = try runProcess("/bin/bash", ["-euo", "pipefail", "-c", script], environment: environment, directory: user.home, timeout: 120)
        #expect(r.code == 0, "walkthrough failed: \(r.stderr)")
        #expect(r.stderr.contains("Deployment metrics is RUNNING"))
        #expect(r.stdout.contains("- alert: TargetDown"))
        #expect(r.stdout.contains("refused with exit code 4"))
        #expect(r.stderr.contains("Error: permission denied: this API key is read-only (HTTP 403)"))
        #expect(r.stdout.contains("grafana   read-only    metrics"))

        let state = try await sandbox.state()
        let metrics = try #require(state["deployments"]?.arrayValue?.first { $0["name"] == .string("metrics") })
        #expect(metrics["status"] == .string("RUNNING"))
        let id = metrics["id"]!.stringValue!
        #expect(state["ruleFiles"]?[id]?["alerts.yml"]?.stringValue?.contains("expr: up == 0") == true)
        let key = try #require(state["apiKeys"]?.arrayValue?.first)
        #expect(key["permission"] == .string("r") && key["deploymentIDs"] == .array([.string(id)]))
        // The vmagent token was created and revoked: only the default token is left.
        #expect(state["tokens"]?[id]?.arrayValue?.map { $0["description"] } == [.string("default")])
    }

    @Test func deploymentLifecycleAndRefusals() async throws {
        let sandbox = try SandboxProcess(arguments: ["--provisioning-delay", "1s"])
        let user = VMCtlUser()
        try user.createProfile(sandbox: sandbox, deployment: nil)

        let created = try user.vmctl(["deployment", "create", "scratch", "--type", "single_node", "--region", "eu-west-1", "--tier", "s.starter.a",
                                      "--storage", "20GB", "--retention", "30d", "--wait", "--format", "json"])
        #expect(created.code == 0)
        let json = try JSONParser.parse(created.stdout)
        #expect(json["status"] == .string("RUNNING"))
        // The tier by name, as 'deployment get' shows it, after the create, an update and a wait.
        #expect(json["tier"] == .int(21) && json["tier_name"] == .string("s.starter.a"))
        #expect(json["storage_size_gb"] == .int(20) && json["retention_unit"] == .string("d"))
        // With --format json, progress is JSON lines on stderr.
        #expect(created.stderr.contains(#"{"note":"Waiting for deployment scratch: PROVISIONING"}"# + "\n" + #"{"note":"Deployment scratch is RUNNING"#))

        let grown = try user.vmctl(["deployment", "update", "scratch", "--storage", "1TB", "--retention", "2m", "--name", "scratch2"])
        #expect(grown.code == 0)
        #expect(grown.stdout.contains("STORAGE         1024 GB\n") && grown.stdout.contains("NAME            scratch2\n"))
        #expect(grown.stdout.contains("TIER            s.starter.a (21)\n"), "\(grown.stdout)")
        let faster = try user.vmctl(["deployment", "update", "scratch2", "--tier", "s.micro.a", "--format", "json"])
        #expect(try JSONParser.parse(faster.stdout)["tier_name"] == .string("s.micro.a"), "\(faster.stderr)")
        let waited = try user.vmctl(["deployment", "wait", "scratch2"])
        #expect(waited.code == 0 && waited.stdout.contains("TIER            s.micro.a (22)\n"), "\(waited.stdout)")
        #expect(waited.stdout == (try user.vmctl(["deployment", "get", "scratch2"])).stdout)

        let shrink = try user.vmctl(["deployment", "update", "scratch2", "--storage", "500GB"])
        #expect(shrink.code == 2 && shrink.stderr.contains("storage can grow but never shrink"))
        let region = try user.vmctl(["deployment", "update", "scratch2", "--region", "us-east-1"])
        #expect(region.code == 2)
        // The official client checks the single-node limit only on create; on update the server decides.
        let tooBig = try user.vmctl(["deployment", "update", "scratch2", "--storage", "17TB"])
        #expect(tooBig.code == 1 && tooBig.stderr.contains("at most 16TB"), "\(tooBig.stderr)")
        let wrongTier = try user.vmctl(["deployment", "update", "scratch2", "--tier", "c.medium.a"])
        #expect(wrongTier.code == 2 && wrongTier.stderr.contains("is for cluster deployments, not single_node"))
        let duplicate = try user.vmctl(["deployment", "create", "prod-cluster", "--type", "cluster", "--region", "us-east-1",
                                        "--tier", "31", "--storage", "10GB", "--retention", "1m"])
        #expect(duplicate.code == 6)

        let refused = try user.vmctl(["deployment", "delete", "scratch2"])
        #expect(refused.code == 2)
        let deleted = try user.vmctl(["deployment", "delete", "--force", "scratch2"])
        #expect(deleted.code == 0 && deleted.stdout == "Deleted deployment scratch2\n")
        #expect(try user.vmctl(["deployment", "get", "scratch2"]).code == 5)
    }

    @Test func waitTimesOutAndStopsOnError() async throws {
        let sandbox = try SandboxProcess(arguments: ["--provisioning-delay", "60s"])
        let user = VMCtlUser()
        try user.createProfile(sandbox: sandbox, deployment: nil)
        let started = Date()
        let slow = try user.vmctl(["deployment", "create", "slow", "--type", "cluster", "--region", "us-east-1", "--tier", "31",
                                   "--storage", "10GB", "--retention", "1m", "--wait", "--wait-timeout", "2s"])
        #expect(slow.code == 1)
        #expect(slow.stderr.contains("Error: timed out after 2s waiting for deployment slow to be RUNNING (it is PROVISIONING)"))
        #expect(Date().timeIntervalSince(started) < 15)

        let id = try await sandbox.deploymentID("slow")
        _ = try await sandbox.call("POST", "/_sandbox/deployments/\(id)/status", body: #"{"status":"ERROR"}"#)
        let failed = try user.vmctl(["deployment", "update", "slow", "--retention", "2m", "--wait"])
        #expect(failed.code == 1)
        #expect(failed.stderr.contains("Error: deployment slow is ERROR, not RUNNING"))
    }

    @Test func apiKeysAreScopedReadOnlyAndExpire() async throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        try user.createProfile(sandbox: sandbox)
        let single = try await sandbox.deploymentID("dev-single")

        func keyProfile(_ name: String, _ flags: [String]) throws {
            let created = try user.vmctl(["apikey", "create", name] + flags)
            #expect(created.code == 0, "\(created.stderr)")
            #expect(created.stderr == "Warning: copy the API key now and keep it secret; it is shown only this once\n")
            try user.createProfile(name, sandbox: sandbox, key: created.lastLine)
        }
        try keyProfile("scoped", ["--read-write", "--deployment", "prod-cluster"])
        try keyProfile("reader", ["--read-only", "--all-deployments"])
        try keyProfile("brief", ["--read-only", "--all-deployments", "--expires-in", "2s"])

        // A key limited to prod-cluster: works there, sees only its deployment; any other is missing to it,
        // by ID (the server's 403) as by name.
        #expect(try user.vmctl(["token", "create", "--profile", "scoped", "--read-database", "*", "ok"]).code == 0)
        let other = try user.vmctl(["deployment", "get", single, "--profile", "scoped"])
        #expect(other.code == 5 && other.stderr.hasPrefix("Error: no deployment \(single) among the 1 deployment this API key can see\n"))
        let otherByName = try user.vmctl(["token", "list", "--deployment", "dev-single", "--profile", "scoped"])
        #expect(otherByName.code == 5 && otherByName.stderr.hasPrefix("Error: no deployment named \"dev-single\""))
        let otherByID = try user.vmctl(["token", "list", "--deployment", single, "--profile", "scoped"])
        #expect(otherByID.code == 5)
        #expect(try JSONParser.parse(try user.vmctl(["deployment", "list", "--profile", "scoped", "--format", "json"]).stdout)
                    .arrayValue?.count == 1)
        let createDeployment = try user.vmctl(["deployment", "create", "x", "--profile", "scoped", "--type", "cluster", "--region",
                                               "us-east-1", "--tier", "31", "--storage", "10GB", "--retention", "1m"])
        #expect(createDeployment.code == 4)

        // A read-only key: reads anything, changes nothing.
        #expect(try user.vmctl(["token", "list", "--profile", "reader"]).code == 0)
        let write = try user.vmctl(["token", "create", "--profile", "reader", "--read-database", "*", "no"])
        #expect(write.code == 4 && write.stderr.hasPrefix("Error: permission denied: this API key is read-only (HTTP 403)"))

        // An expired key: 401.
        #expect(try user.vmctl(["token", "list", "--profile", "brief"]).code == 0)
        try await Task.sleep(nanoseconds: 2_500_000_000)
        let expired = try user.vmctl(["token", "list", "--profile", "brief"])
        #expect(expired.code == 4 && expired.stderr.contains("expired"))
        let list = try user.vmctl(["apikey", "list"])
        #expect(list.stdout.contains("(expired)"))
        #expect(list.stdout.contains("all (including future ones)"))

        // Deleting a key ends its access.
        let keys = try JSONParser.parse(try user.vmctl(["apikey", "list", "--format", "json"]).stdout).arrayValue!
        let readerID = keys.first { $0["name"] == .string("reader") }!["id"]!.stringValue!
        #expect(try user.vmctl(["apikey", "delete", readerID]).code == 2)
        #expect(try user.vmctl(["apikey", "delete", "--force", readerID]).code == 0)
        #expect(try user.vmctl(["token", "list", "--profile", "reader"]).code == 4)
    }

    @Test(.enabled(if: Tools.available("vmalert"), "needs vmalert (Debian package victoria-metrics)"))
    func ruleFilesThroughRealVMAlert() async throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        try user.createProfile(sandbox: sandbox)
        let good = user.home + "/alerts.yml", bad = user.home + "/broken.yml", notRules = user.home + "/other.yml"
        try "groups:\n  - name: g\n    rules:\n      - alert: Down\n        expr: up == 0\n".write(toFile: good, atomically: true, encoding: .utf8)
        try "groups:\n  - name: g\n    rules:\n      - alert: Broken\n        expr: rate(x[5m] >\n".write(toFile: bad, atomically: true, encoding: .utf8)
        try "scrape_configs: []\n".write(toFile: notRules, atomically: true, encoding: .utf8)

        let uploaded = try user.vmctl(["rule", "upload", good])
        #expect(uploaded.code == 0)
        #expect(uploaded.stderr.contains("vmalert -dryRun"))
        let rejected = try user.vmctl(["rule", "upload", bad])
        #expect(rejected.code == 2)
        #expect(rejected.stderr.hasPrefix("Error: vmalert rejects the rule file: "))
        #expect(rejected.stderr.contains("bad prometheus expr") || rejected.stderr.contains("invalid expression"))
        let noGroups = try user.vmctl(["rule", "upload", notRules])
        #expect(noGroups.code == 2 && noGroups.stderr.contains("has no top-level groups: key"))

        let names = try JSONParser.parse(try user.vmctl(["rule", "list", "--format", "json"]).stdout)
        #expect(names == .array([.obj(["name": "alerts.yml"])]))
        #expect(try user.vmctl(["rule", "get", "alerts.yml"]).stdout == (try String(contentsOfFile: good, encoding: .utf8)))
        let replacement = "groups:\n  - name: r\n    rules:\n      - record: job:up:sum\n        expr: sum(up) by (job)\n"
        let replaced = try user.vmctl(["rule", "upload", "-", "--name", "alerts.yml"], stdin: replacement)
        #expect(replaced.code == 0)
        #expect(try user.vmctl(["rule", "get", "alerts.yml"]).stdout == replacement)
        // vmalert finds no rules in an empty file, and so neither does vmctl accept one.
        let empty = try user.vmctl(["rule", "upload", "-", "--name", "empty.yml"], stdin: "groups: []\n")
        #expect(empty.code == 2 && empty.stderr.contains("No rules for validation"))
        #expect(try user.vmctl(["rule", "delete", "--force", "alerts.yml", "missing.yml"]).code == 5)
        #expect(try user.vmctl(["rule", "get", "alerts.yml"]).code == 5)
    }

    @Test func ruleUploadWithoutVMAlertOnPath() throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        try user.createProfile(sandbox: sandbox)
        let file = user.home + "/alerts.yml"
        try "groups: []\n".write(toFile: file, atomically: true, encoding: .utf8)
        let r = try user.vmctl(["rule", "upload", file], environment: ["PATH": "/nonexistent"])
        #expect(r.code == 0)
        #expect(r.stderr == "vmalert is not on PATH, so only size, encoding and the groups: key were checked\n")
    }

    @Test func catalog() throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        try user.createProfile(sandbox: sandbox)
        #expect(try JSONParser.parse(try user.vmctl(["tier", "list", "--format", "json"]).stdout).arrayValue?.count == 4)
        #expect(try user.vmctl(["region", "list"]).stdout.contains("aws        eu-central-1\n"))
        #expect(try user.vmctl(["provider", "list"]).stdout == "ID    URL\naws   https://aws.amazon.com\n")
    }
}
