import Foundation
import Testing
import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCtlSupport

/// Layer 3: from `vmctl token create` to data written and read back, with nothing but what vmctl
/// prints. The sandbox runs a real VictoriaMetrics behind its gateway (`--data-plane`); the shell examples
/// run as printed (with `--reveal`), the YAML ones are parsed, real vmagent runs with its example's flags,
/// and `token check` tells a working token from a refused one.
@Suite(.enabled(if: VictoriaMetricsTools.available, VictoriaMetricsTools.reason))
struct TokenToDataTests {
    /// Runs an example exactly as printed, with /bin/sh, in `directory` (where its token file is).
    static func runShell(_ text: String, in directory: String? = nil, stdin: String? = nil) throws -> ProcessResult {
        try runProcess("/bin/sh", ["-c", text], environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"],
                       stdin: stdin, directory: directory, timeout: 30)
    }

    /// The parsed YAML of an example (PyYAML, which CI installs for the contract tests).
    static func yaml(_ text: String) throws -> JSONValue {
        let r = try runProcess("/usr/bin/env", ["python3", "-c", "import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))"],
                               environment: ProcessInfo.processInfo.environment, stdin: text, timeout: 30)
        guard r.code == 0 else { throw TestFailure("YAML did not parse: \(r.stderr)\n\(text)") }
        return try JSONParser.parse(r.stdout)
    }

    struct Example {
        var client: String, purpose: String, format: String, text: String
    }

    /// What `token examples --format json` prints, as a script reads it.
    struct Printed {
        var write: String?, read: String?
        /// The file the examples read the secret from, and the shell step that writes it.
        var tokenFile: String, setup: String
        var examples: [Example]

        init(_ stdout: String) throws {
            let json = try JSONParser.parse(stdout)
            write = json["write_url"]?.stringValue
            read = json["read_url"]?.stringValue
            tokenFile = try #require(json["token_file"]?.stringValue)
            setup = try #require(json["token_file_setup"]?.stringValue)
            examples = (json["examples"]?.arrayValue ?? []).map {
                Example(client: $0["client"]!.stringValue!, purpose: $0["purpose"]!.stringValue!, format: $0["format"]!.stringValue!,
                        text: $0["text"]!.stringValue!)
            }
        }

        func first(_ client: String, _ purpose: String? = nil) throws -> Example {
            try #require(examples.first { $0.client == client && (purpose == nil || $0.purpose == purpose) })
        }

        /// Runs the token-file step as printed in `directory` (what it reads on stdin: `typed`), checks the
        /// file it leaves (mode 0600, one line) and that the secret is on no command line: not in any
        /// example, and in the step only inside its here-document. Returns the secret.
        @discardableResult
        func writeTokenFile(in directory: String, typed: String? = nil) throws -> String {
            let r = try TokenToDataTests.runShell(setup, in: directory, stdin: typed)
            guard r.code == 0 else { throw TestFailure("the token-file step failed: \(r.stderr)\n\(setup)") }
            let path = directory + "/" + tokenFile
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(tokenFile) has mode \(String(mode ?? 0, radix: 8))")
            let secret = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(!secret.isEmpty && !secret.contains("\n"))
            for example in examples { #expect(!example.text.contains(secret), "\(example.client) carries the secret:\n\(example.text)") }
            let commands = setup.split(separator: "\n").filter { !$0.hasPrefix("#") }.prefix(1)
            #expect(commands.allSatisfy { !$0.contains(secret) }, "the token-file step has the secret on its command line:\n\(setup)")
            return secret
        }
    }

    /// A sandbox with its data plane, a user with a profile for `deployment`, and a token made by that user
    /// that reads and writes every tenant.
    static func readWriteToken(on deployment: String, _ description: String) throws -> (SandboxProcess, VMCtlUser, String) {
        let sandbox = try SandboxProcess.withDataPlane()
        let user = VMCtlUser()
        try user.createProfile(sandbox: sandbox, deployment: deployment)
        let created = try JSONParser.parse(try user.vmctl(["token", "create", "--read-database", "*", "--write-database", "*", description,
                                                           "--format", "json"]).stdout)
        return (sandbox, user, try #require(created["id"]?.stringValue))
    }

    /// `vmctl token examples ID --reveal --format json`, as a script reads it.
    static func examples(_ user: VMCtlUser, _ id: String, _ extra: [String] = []) throws -> Printed {
        let r = try user.vmctl(["token", "examples", id, "--reveal", "--format", "json"] + extra)
        guard r.code == 0 else { throw TestFailure("token examples: \(r.stderr)") }
        return try Printed(r.stdout)
    }

    /// Every kind of token (single, cluster for all tenants, cluster for one tenant) of every type: created
    /// with vmctl, its curl examples run as printed, the data read back over the printed read URL, only in
    /// the tenant it belongs to, and `token check` saying ok, then refused once the token is revoked.
    @Test(arguments: ["dev-single", "prod-cluster", "prod-cluster:5"])
    func everyKindOfTokenFromCreateToData(target: String) async throws {
        let sandbox = try SandboxProcess.withDataPlane()
        let endpoint = try #require(try await sandbox.dataPlane().accessEndpoint)
        let deployment = String(target.split(separator: ":")[0])
        let tenant = target.contains(":") ? String(target.split(separator: ":")[1]) : nil
        let user = VMCtlUser()
        try user.createProfile(sandbox: sandbox, deployment: deployment)
        let database = tenant ?? "*"
        let metric = "e2e_\(deployment.replacingOccurrences(of: "-", with: "_"))_\(tenant ?? "all")"
        // A read/write token of the same scope reads back what a write-only token wrote.
        let admin = try await sandbox.createAccessToken(deployment: deployment, type: "rw", tenant: tenant)

        for type in ["r", "w", "rw"] {
            var flags: [String] = []
            if type.contains("r") { flags += ["--read-database", database] }
            if type.contains("w") { flags += ["--write-database", database] }
            let created = try user.vmctl(["token", "create"] + flags + ["\(type) \(target)", "--format", "json"])
            #expect(created.code == 0, "\(created.stderr)")
            let json = try JSONParser.parse(created.stdout)
            let id = try #require(json["id"]?.stringValue)
            // token create already says where: an all-tenant token's URLs keep <TENANT> for the client.
            let printedWrite = json["write_url"]?.stringValue
            #expect((printedWrite != nil) == type.contains("w"))
            if deployment == "prod-cluster" && tenant == nil, let printedWrite { #expect(printedWrite.contains("/insert/<TENANT>/")) }

            // Cluster tokens for all tenants work in tenant 3 here; --tenant must match a tenant token.
            let extra = deployment == "prod-cluster" && tenant == nil ? ["--tenant", "3"] : []
            let printed = try Self.examples(user, id, extra)
            let (write, read, examples) = (printed.write, printed.read, printed.examples)
            #expect((write != nil) == type.contains("w") && (read != nil) == type.contains("r"))
            #expect(Set(examples.map(\.purpose)) == Set((type.contains("w") ? ["write"] : []) + (type.contains("r") ? ["read"] : [])))
            let readBase: String
            switch (deployment, tenant) {
            case ("dev-single", _): readBase = endpoint
            case (_, nil): readBase = endpoint + "/select/3/prometheus"
            default: readBase = endpoint + "/prometheus"
            }
            if let read { #expect(read == readBase) }
            if let write { #expect(write == (readBase == endpoint ? endpoint : readBase.replacingOccurrences(of: "/select/", with: "/insert/")) + "/api/v1/write") }
            if tenant != nil {
                #expect(try user.vmctl(["token", "examples", id, "--tenant", "6"]).code == 2)
            }
            // The examples run where the token-file step, run as printed, left the secret.
            let directory = try TemporaryDirectory()
            let secret = try printed.writeTokenFile(in: directory.path)

            if type.contains("w") {
                let curl = try printed.first("curl", "write")
                let pushed = try Self.runShell(curl.text.replacingOccurrences(of: "vmctl_example", with: metric + "_" + type), in: directory.path)
                #expect(pushed.code == 0, "\(curl.text): \(pushed.stderr)")
                let back = try await pollQuery(readBase, token: admin.secret, query: metric + "_" + type, timeout: 20)
                #expect(back.count == 1, "\(metric)_\(type) did not arrive at \(readBase)")
                // The vmagent and prometheus examples write to exactly the write URL, with the token file.
                let vmagent = try printed.first("vmagent")
                #expect(vmagent.text.contains("-remoteWrite.url=\(write!)") && vmagent.text.contains("-remoteWrite.bearerTokenFile=\(printed.tokenFile)"))
                let prometheus = try Self.yaml(try printed.first("prometheus").text)
                #expect(prometheus["remote_write"]?.arrayValue?.first?["url"]?.stringValue == write)
                #expect(prometheus["remote_write"]?.arrayValue?.first?["authorization"]?["credentials_file"]?.stringValue == printed.tokenFile)
            }
            if type.contains("r") {
                let curl = try printed.first("curl", "read")
                let queried = try Self.runShell(curl.text, in: directory.path)
                #expect(queried.code == 0 && queried.stdout.contains(#""status":"success""#), "\(curl.text): \(queried.stdout) \(queried.stderr)")
                let grafana = try Self.yaml(try printed.first("grafana").text)
                let source = grafana["datasources"]?.arrayValue?.first
                #expect(grafana["apiVersion"] == .int(1) && source?["type"] == "prometheus" && source?["url"]?.stringValue == read)
                #expect(source?["jsonData"]?["httpHeaderName1"] == "Authorization")
                #expect(source?["secureJsonData"]?["httpHeaderValue1"] == "Bearer $__env{VMCLOUD_TOKEN}")
            }
            #expect(examples.contains { $0.client == "vmalert" } == (type == "rw"))

            // The secret alone, without the token's ID, at its tenant's URLs: accepted where it grants.
            let tenantFlag = deployment == "prod-cluster" ? ["--tenant", tenant ?? "3"] : []
            let alone = try user.vmctl(["token", "check", "--secret-stdin"] + tenantFlag, stdin: secret + "\n")
            #expect(alone.code == 0, "\(alone.stdout) \(alone.stderr)")
            #expect(alone.stdout.components(separatedBy: ": ok (HTTP").count - 1 == type.count, "\(alone.stdout)")
            let check = try user.vmctl(["token", "check", id] + extra)
            #expect(check.code == 0, "\(check.stdout) \(check.stderr)")
            #expect(check.stdout.split(separator: "\n").count == type.count && !check.stdout.contains("refused"))
            #expect(try user.vmctl(["token", "revoke", "--force", id]).code == 0)
            // Revoked, its secret is refused in every direction: exit 4, with or without its ID.
            let revoked = try user.vmctl(["token", "check", "--secret-stdin"] + tenantFlag, stdin: secret + "\n")
            #expect(revoked.code == 4 && revoked.stdout.components(separatedBy: "refused (HTTP 401)").count == 3, "\(revoked.stdout) \(revoked.stderr)")
            #expect(revoked.stderr.hasPrefix("Error: the data endpoint refuses this secret\n"))
        }
    }

    /// `token check` tells a refused token from a working one: given a secret the endpoint does not know,
    /// each direction is refused (401) and the exit code is 4; the real one passes.
    @Test func checkSaysRefusedWithExitFour() async throws {
        let (sandbox, user, id) = try Self.readWriteToken(on: "dev-single", "rw")
        defer { withExtendedLifetime(sandbox) {} }
        let ok = try user.vmctl(["token", "check", id])
        #expect(ok.code == 0 && ok.stdout.contains("write: ok (HTTP 204)") && ok.stdout.contains("read: ok (HTTP 200)"), "\(ok.stdout)")
        let refused = try user.vmctl(["token", "check", id, "--secret-stdin"], stdin: "not-the-secret-at-all\n")
        #expect(refused.code == 4)
        #expect(refused.stdout.contains("write: refused (HTTP 401)") && refused.stdout.contains("read: refused (HTTP 401)"), "\(refused.stdout)")
        #expect(refused.stderr.hasPrefix("Error: the write endpoint refuses token \(id)\n"), "\(refused.stderr)")
    }

    /// Real vmagent, started as its example prints it (the token file written by the printed step), lands
    /// a sample in the example's tenant and in no other.
    @Test func vmagentRunAsItsExamplePrintsItWritesIntoTheRightTenant() async throws {
        let (sandbox, user, id) = try Self.readWriteToken(on: "prod-cluster", "agent")
        let endpoint = try #require(try await sandbox.dataPlane().accessEndpoint)
        let printed = try Self.examples(user, id, ["--tenant", "7", "--client", "vmagent"])
        #expect(printed.examples.map(\.client) == ["vmagent"])
        let example = try printed.first("vmagent")
        // --client alone prints exactly the example on stdout.
        let alone = try user.vmctl(["token", "examples", id, "--tenant", "7", "--client", "vmagent", "--reveal"])
        #expect(alone.code == 0 && alone.stdout == example.text + "\n", "\(alone.stdout)")
        #expect(alone.stderr.contains(printed.setup + "\n"))

        let directory = try TemporaryDirectory()
        let secret = try printed.writeTokenFile(in: directory.path)
        let port = URL(string: sandbox.url)!.port!
        // The example names prometheus.yml as its scrape config: here, the sandbox's own counters.
        try VMAgentProcess.sandboxScrapeConfig(port: port).write(toFile: directory.path + "/prometheus.yml", atomically: true, encoding: .utf8)
        let agent = try ExampleProcess(example.text, extra: "-httpListenAddr=127.0.0.1:0 -remoteWrite.tmpDataPath=queue -remoteWrite.flushInterval=1s",
                                       in: directory.path)
        defer { agent.stop() }
        let arrived = try await pollQuery(try #require(printed.read), token: secret, query: #"up{job="sandbox"}"#, timeout: 45)
        #expect(arrived.count == 1, "vmagent said:\n\(agent.log)")
        agent.stop()
        #expect(try await pollQuery(endpoint + "/select/0/prometheus", token: secret, query: #"up{job="sandbox"}"#, timeout: 0).isEmpty)
    }

    /// Real vmalert, started as its example prints it, reads through the read URL and writes what its
    /// recording rule computes through the write URL, with the token file for all three.
    @Test(.enabled(if: Tools.available("vmalert"), "needs vmalert (Debian package victoria-metrics)"))
    func vmalertRunAsItsExamplePrintsItRecordsIntoTheTenant() async throws {
        let (sandbox, user, id) = try Self.readWriteToken(on: "prod-cluster", "alerts")
        defer { withExtendedLifetime(sandbox) {} }
        let printed = try Self.examples(user, id, ["--tenant", "4"])
        let example = try printed.first("vmalert")
        let directory = try TemporaryDirectory()
        let secret = try printed.writeTokenFile(in: directory.path)
        try """
            groups:
              - name: vmctl-e2e
                interval: 1s
                rules:
                  - record: vmctl_e2e_recorded
                    expr: vector(42)
            """.write(toFile: directory.path + "/rules.yml", atomically: true, encoding: .utf8)
        let alert = try ExampleProcess(example.text, extra: "-httpListenAddr=127.0.0.1:0 -remoteWrite.flushInterval=1s", in: directory.path)
        defer { alert.stop() }
        let recorded = try await pollQuery(try #require(printed.read), token: secret, query: "vmctl_e2e_recorded", timeout: 90)
        #expect(recorded.first?["value"]?.arrayValue?.last == .string("42"), "vmalert said:\n\(alert.log)")
    }
}

/// Layer 3, InfluxDB: the sandbox's write and query endpoints with the token enforcement of the
/// management API; vmctl's curl examples run as printed, with the token file the printed step writes, and
/// `token check` for each product, by ID and by the secret alone.
@Suite struct InfluxTokenToDataTests {
    @Test func influxDB2FromCreateToData() async throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        try user.createInfluxDB2Profile("i2", sandbox: sandbox)
        let created = try JSONParser.parse(try user.vmctl(["token", "create", "--read-database", "metrics", "--write-database", "metrics",
                                                           "telegraf", "--format", "json"]).stdout)
        let id = try #require(created["id"]?.stringValue)
        #expect(created["write_url"]?.stringValue?.hasPrefix(sandbox.url + "/api/v2/write?org=sandbox-org&bucket=metrics") == true)
        let printed = try TokenToDataTests.examples(user, id)
        #expect(Set(printed.examples.map(\.client)) == ["telegraf", "curl", "influx", "grafana"])
        let directory = try TemporaryDirectory()
        let secret = try printed.writeTokenFile(in: directory.path)
        #expect(secret == created["token"]?.stringValue)
        let write = try printed.first("curl", "write").text
        let wrote = try TokenToDataTests.runShell(write, in: directory.path)
        #expect(wrote.code == 0, "\(write): \(wrote.stderr)")
        let read = try printed.first("curl", "read").text
        let queried = try TokenToDataTests.runShell(read, in: directory.path)
        #expect(queried.code == 0 && queried.stdout.contains("vmctl_example"), "\(read): \(queried.stdout) \(queried.stderr)")
        // Grafana's InfluxDB data source speaks Flux to the org's bucket, the token from the environment.
        let grafana = try TokenToDataTests.yaml(try printed.first("grafana").text)
        let source = grafana["datasources"]?.arrayValue?.first
        #expect(source?["type"] == "influxdb" && source?["url"]?.stringValue == sandbox.url)
        #expect(source?["jsonData"] == .obj(["version": "Flux", "organization": "sandbox-org", "defaultBucket": "metrics"]))
        #expect(source?["secureJsonData"]?["token"] == "$__env{INFLUX_TOKEN}")
        #expect(try user.vmctl(["token", "check", id]).code == 0)
        #expect(try user.vmctl(["token", "check", "--secret-stdin"], stdin: secret + "\n").code == 0)
        // Deactivated, the same token is refused by the data endpoints: exit 4, by ID and by its secret alone.
        #expect(try user.vmctl(["token", "update", id, "--inactive"]).code == 0)
        let refused = try user.vmctl(["token", "check", id])
        #expect(refused.code == 4 && refused.stdout.contains("refused (HTTP 401)"), "\(refused.stdout) \(refused.stderr)")
        let alone = try user.vmctl(["token", "check", "--secret-stdin"], stdin: secret + "\n")
        #expect(alone.code == 4 && alone.stdout.hasPrefix("read: refused (HTTP 401)"), "\(alone.stdout) \(alone.stderr)")
        // Deleted, too.
        #expect(try user.vmctl(["token", "delete", "--force", id]).code == 0)
        #expect(try user.vmctl(["token", "check", "--secret-stdin"], stdin: secret + "\n").code == 4)
    }

    @Test(arguments: ["dedicated", "clustered"])
    func influxDB3FromCreateToData(product: String) async throws {
        let sandbox = try SandboxProcess()
        let urls = try await sandbox.dataPlane()
        let dataURL = product == "dedicated" ? urls.dedicated : urls.clustered
        let user = VMCtlUser()
        // The data URL is a profile key where the management API does not give it.
        var profile = ["profile", "create", "p", "--product", product, "--url", sandbox.url, "--data-url", dataURL, "--api-key-stdin"]
        if product == "dedicated" { profile += ["--account-id", sandbox.dedicatedIDs.account, "--cluster-id", sandbox.dedicatedIDs.cluster] }
        #expect(try user.vmctl(profile, stdin: sandbox.apiKey + "\n").code == 0)
        // A database first that the token does not cover: checking the secret alone goes on past it.
        for database in ["aaa_other", "metrics"] {
            let made = try user.vmctl(["database", "create", database])
            #expect(made.code == 0 || made.code == 6, "\(made.stderr)")
        }
        let created = try JSONParser.parse(try user.vmctl(["token", "create", "--read-database", "metrics", "--write-database", "metrics",
                                                           "collector", "--format", "json"]).stdout)
        let id = try #require(created["id"]?.stringValue)
        let secret = try #require(created["token"]?.stringValue)
        #expect(created["write_url"]?.stringValue == dataURL + "/api/v2/write?bucket=metrics&precision=s")
        // InfluxDB 3 cannot reveal: the token-file step reads the token string, typed (here: on stdin).
        let r = try user.vmctl(["token", "examples", id, "--format", "json"])
        #expect(r.code == 0 && r.stderr.contains("the token-file step reads the token string"), "\(r.stderr)")
        let printed = try TokenToDataTests.Printed(r.stdout)
        #expect(!printed.setup.contains(secret))
        let directory = try TemporaryDirectory()
        #expect(try printed.writeTokenFile(in: directory.path, typed: secret + "\n") == secret)
        let write = try printed.first("curl", "write").text
        #expect(try TokenToDataTests.runShell(write, in: directory.path).code == 0)
        let read = try printed.first("curl", "read").text
        let queried = try TokenToDataTests.runShell(read, in: directory.path)
        #expect(queried.code == 0 && queried.stdout.contains("vmctl_example"), "\(queried.stdout) \(queried.stderr)")
        // Grafana's InfluxDB data source speaks SQL to the cluster's data URL.
        let grafana = try TokenToDataTests.yaml(try printed.first("grafana").text)
        let source = grafana["datasources"]?.arrayValue?.first
        #expect(source?["type"] == "influxdb" && source?["url"]?.stringValue == dataURL)
        #expect(source?["jsonData"]?["version"] == "SQL" && source?["jsonData"]?["dbName"] == "metrics")
        #expect(source?["secureJsonData"]?["token"] == "$__env{INFLUX_TOKEN}")
        // token check needs the secret, which InfluxDB 3 never shows again.
        #expect(try user.vmctl(["token", "check", id]).code == 2)
        let check = try user.vmctl(["token", "check", id, "--secret-stdin"], stdin: secret + "\n")
        #expect(check.code == 0, "\(check.stdout) \(check.stderr)")
        let alone = try user.vmctl(["token", "check", "--secret-stdin"], stdin: secret + "\n")
        #expect(alone.code == 0 && alone.stdout == "read: ok (HTTP 200) \(dataURL)/query?db=metrics&q=SHOW%20MEASUREMENTS\n", "\(alone.stdout) \(alone.stderr)")
        #expect(try user.vmctl(["token", "revoke", "--force", id]).code == 0)
        let refused = try user.vmctl(["token", "check", id, "--secret-stdin"], stdin: secret + "\n")
        #expect(refused.code == 4, "\(refused.stdout) \(refused.stderr)")
        let revoked = try user.vmctl(["token", "check", "--secret-stdin"], stdin: secret + "\n")
        #expect(revoked.code == 4 && revoked.stdout == "read: refused (HTTP 401) \(dataURL)/query?db=aaa_other&q=SHOW%20MEASUREMENTS\n",
                "\(revoked.stdout) \(revoked.stderr)")
    }
}
