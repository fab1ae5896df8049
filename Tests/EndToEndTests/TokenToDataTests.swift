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
    /// Runs an example exactly as printed, with /bin/sh.
    static func runShell(_ text: String) throws -> ProcessResult {
        try runProcess("/bin/sh", ["-c", text], environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"], timeout: 30)
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

    /// `vmctl token examples ID --reveal --format json`, as a script reads it.
    static func examples(_ user: VMCtlUser, _ id: String, _ extra: [String] = []) throws -> (write: String?, read: String?, examples: [Example]) {
        let r = try user.vmctl(["token", "examples", id, "--reveal", "--format", "json"] + extra)
        guard r.code == 0 else { throw TestFailure("token examples: \(r.stderr)") }
        let json = try JSONParser.parse(r.stdout)
        let list = (json["examples"]?.arrayValue ?? []).map {
            Example(client: $0["client"]!.stringValue!, purpose: $0["purpose"]!.stringValue!, format: $0["format"]!.stringValue!,
                    text: $0["text"]!.stringValue!)
        }
        return (json["write_url"]?.stringValue, json["read_url"]?.stringValue, list)
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
            let (write, read, examples) = try Self.examples(user, id, extra)
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

            if type.contains("w") {
                let curl = try #require(examples.first { $0.client == "curl" && $0.purpose == "write" })
                let pushed = try Self.runShell(curl.text.replacingOccurrences(of: "vmctl_example", with: metric + "_" + type))
                #expect(pushed.code == 0, "\(curl.text): \(pushed.stderr)")
                let back = try await pollQuery(readBase, token: admin.secret, query: metric + "_" + type, timeout: 20)
                #expect(back.count == 1, "\(metric)_\(type) did not arrive at \(readBase)")
                // The vmagent and prometheus examples write to exactly the write URL.
                let vmagent = try #require(examples.first { $0.client == "vmagent" })
                #expect(vmagent.text.contains("-remoteWrite.url=\(write!)"))
                let prometheus = try Self.yaml(try #require(examples.first { $0.client == "prometheus" }).text)
                #expect(prometheus["remote_write"]?.arrayValue?.first?["url"]?.stringValue == write)
                #expect(prometheus["remote_write"]?.arrayValue?.first?["authorization"]?["credentials"]?.stringValue == admin.secret
                        || prometheus["remote_write"]?.arrayValue?.first?["authorization"]?["credentials"]?.stringValue?.isEmpty == false)
            }
            if type.contains("r") {
                let curl = try #require(examples.first { $0.client == "curl" && $0.purpose == "read" })
                let queried = try Self.runShell(curl.text)
                #expect(queried.code == 0 && queried.stdout.contains(#""status":"success""#), "\(curl.text): \(queried.stdout) \(queried.stderr)")
                let grafana = try Self.yaml(try #require(examples.first { $0.client == "grafana" }).text)
                let source = grafana["datasources"]?.arrayValue?.first
                #expect(grafana["apiVersion"] == .int(1) && source?["type"] == "prometheus" && source?["url"]?.stringValue == read)
                #expect(source?["jsonData"]?["httpHeaderName1"] == "Authorization")
                #expect(source?["secureJsonData"]?["httpHeaderValue1"]?.stringValue?.hasPrefix("Bearer ") == true)
            }
            #expect(examples.contains { $0.client == "vmalert" } == (type == "rw"))

            let check = try user.vmctl(["token", "check", id] + extra)
            #expect(check.code == 0, "\(check.stdout) \(check.stderr)")
            #expect(check.stdout.split(separator: "\n").count == type.count && !check.stdout.contains("refused"))
            #expect(try user.vmctl(["token", "revoke", "--force", id]).code == 0)
        }
    }

    /// `token check` tells a refused token from a working one: given a secret the endpoint does not know,
    /// each direction is refused (401) and the exit code is 4; the real one passes.
    @Test func checkSaysRefusedWithExitFour() async throws {
        let sandbox = try SandboxProcess.withDataPlane()
        let user = VMCtlUser()
        try user.createProfile(sandbox: sandbox, deployment: "dev-single")
        let created = try JSONParser.parse(try user.vmctl(["token", "create", "--read-database", "*", "--write-database", "*", "rw",
                                                           "--format", "json"]).stdout)
        let id = try #require(created["id"]?.stringValue)
        let ok = try user.vmctl(["token", "check", id])
        #expect(ok.code == 0 && ok.stdout.contains("write: ok (HTTP 204)") && ok.stdout.contains("read: ok (HTTP 200)"), "\(ok.stdout)")
        let refused = try user.vmctl(["token", "check", id, "--secret-stdin"], stdin: "not-the-secret-at-all\n")
        #expect(refused.code == 4)
        #expect(refused.stdout.contains("write: refused (HTTP 401)") && refused.stdout.contains("read: refused (HTTP 401)"), "\(refused.stdout)")
        #expect(refused.stderr.hasPrefix("Error: the write endpoint refuses token \(id)\n"), "\(refused.stderr)")
    }

    /// Real vmagent, started with the flags its example prints, lands a sample in the example's tenant and
    /// in no other.
    @Test func vmagentWithItsExampleFlagsWritesIntoTheRightTenant() async throws {
        let sandbox = try SandboxProcess.withDataPlane()
        let endpoint = try #require(try await sandbox.dataPlane().accessEndpoint)
        let user = VMCtlUser()
        try user.createProfile(sandbox: sandbox, deployment: "prod-cluster")
        let created = try JSONParser.parse(try user.vmctl(["token", "create", "--read-database", "*", "--write-database", "*", "agent",
                                                           "--format", "json"]).stdout)
        let id = try #require(created["id"]?.stringValue)
        let (_, read, examples) = try Self.examples(user, id, ["--tenant", "7", "--client", "vmagent"])
        #expect(examples.map(\.client) == ["vmagent"])
        let words = try #require(examples.first).text.split(separator: " ").map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "'")) }
        let flags = words.filter { $0.hasPrefix("-remoteWrite.") }
        #expect(flags.count == 2)
        let port = URL(string: sandbox.url)!.port!
        let agent = try VMAgentProcess.scrapingSandbox(port: port, flags: flags)
        defer { agent.stop() }
        let secret = try #require(flags.first { $0.hasPrefix("-remoteWrite.bearerToken=") }.map { String($0.dropFirst("-remoteWrite.bearerToken=".count)) })
        let arrived = try await pollQuery(try #require(read), token: secret, query: #"up{job="sandbox"}"#, timeout: 45)
        #expect(arrived.count == 1, "vmagent said:\n\(agent.log)")
        agent.stop()
        #expect(try await pollQuery(endpoint + "/select/0/prometheus", token: secret, query: #"up{job="sandbox"}"#, timeout: 0).isEmpty)
    }
}

/// Layer 3, InfluxDB: the sandbox's write and query endpoints with the token enforcement of the
/// management API; vmctl's curl examples run as printed, and `token check` for each product.
@Suite struct InfluxTokenToDataTests {
    @Test func influxDB2FromCreateToData() async throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        try user.createInfluxDB2Profile("i2", sandbox: sandbox)
        let created = try JSONParser.parse(try user.vmctl(["token", "create", "--read-database", "metrics", "--write-database", "metrics",
                                                           "telegraf", "--format", "json"]).stdout)
        let id = try #require(created["id"]?.stringValue)
        #expect(created["write_url"]?.stringValue?.hasPrefix(sandbox.url + "/api/v2/write?org=sandbox-org&bucket=metrics") == true)
        let r = try user.vmctl(["token", "examples", id, "--reveal", "--format", "json"])
        #expect(r.code == 0, "\(r.stderr)")
        let examples = try #require(try JSONParser.parse(r.stdout)["examples"]?.arrayValue)
        #expect(Set(examples.compactMap { $0["client"]?.stringValue }) == ["telegraf", "curl", "influx"])
        let write = try #require(examples.first { $0["client"] == "curl" && $0["purpose"] == "write" }?["text"]?.stringValue)
        let wrote = try TokenToDataTests.runShell(write)
        #expect(wrote.code == 0, "\(write): \(wrote.stderr)")
        let read = try #require(examples.first { $0["client"] == "curl" && $0["purpose"] == "read" }?["text"]?.stringValue)
        let queried = try TokenToDataTests.runShell(read)
        #expect(queried.code == 0 && queried.stdout.contains("vmctl_example"), "\(read): \(queried.stdout) \(queried.stderr)")
        #expect(try user.vmctl(["token", "check", id]).code == 0)
        // Deactivated, the same token is refused by the data endpoints: exit 4.
        #expect(try user.vmctl(["token", "update", id, "--inactive"]).code == 0)
        let refused = try user.vmctl(["token", "check", id])
        #expect(refused.code == 4 && refused.stdout.contains("refused (HTTP 401)"), "\(refused.stdout) \(refused.stderr)")
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
        let made = try user.vmctl(["database", "create", "metrics"])
        #expect(made.code == 0 || made.code == 6, "\(made.stderr)")
        let created = try JSONParser.parse(try user.vmctl(["token", "create", "--read-database", "metrics", "--write-database", "metrics",
                                                           "collector", "--format", "json"]).stdout)
        let id = try #require(created["id"]?.stringValue)
        let secret = try #require(created["token"]?.stringValue)
        #expect(created["write_url"]?.stringValue == dataURL + "/api/v2/write?bucket=metrics&precision=s")
        // InfluxDB 3 cannot reveal: the examples carry the placeholder, which the user fills in.
        let r = try user.vmctl(["token", "examples", id, "--format", "json"])
        #expect(r.code == 0 && r.stderr.contains("<TOKEN>"), "\(r.stderr)")
        let examples = try #require(try JSONParser.parse(r.stdout)["examples"]?.arrayValue)
        let write = try #require(examples.first { $0["client"] == "curl" && $0["purpose"] == "write" }?["text"]?.stringValue)
        #expect(write.contains("<TOKEN>") && !write.contains(secret))
        #expect(try TokenToDataTests.runShell(write.replacingOccurrences(of: "<TOKEN>", with: secret)).code == 0)
        let read = try #require(examples.first { $0["client"] == "curl" && $0["purpose"] == "read" }?["text"]?.stringValue)
        let queried = try TokenToDataTests.runShell(read.replacingOccurrences(of: "<TOKEN>", with: secret))
        #expect(queried.code == 0 && queried.stdout.contains("vmctl_example"), "\(queried.stdout) \(queried.stderr)")
        // token check needs the secret, which InfluxDB 3 never shows again.
        #expect(try user.vmctl(["token", "check", id]).code == 2)
        let check = try user.vmctl(["token", "check", id, "--secret-stdin"], stdin: secret + "\n")
        #expect(check.code == 0, "\(check.stdout) \(check.stderr)")
        #expect(try user.vmctl(["token", "revoke", "--force", id]).code == 0)
        let refused = try user.vmctl(["token", "check", id, "--secret-stdin"], stdin: secret + "\n")
        #expect(refused.code == 4, "\(refused.stdout) \(refused.stderr)")
    }
}
