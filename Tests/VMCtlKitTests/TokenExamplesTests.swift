import Foundation
import Testing
@testable import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCloud
@testable import InfluxDB2
@testable import InfluxDB3
@testable import VMCtlSupport

/// One product's read/write token as its API answers for `token examples --reveal`: the secret in the
/// answer wherever the API gives one (InfluxDB 3's never does; the stub sends it anyway, so that vmctl
/// using it would show).
struct ExampleFixture: Sendable, CustomTestStringConvertible {
    static let secret = "sEcReT-vmctl-0123456789-abcdefXYZ"
    static let id = "5f0c2d7e-3b1a-4c9e-9d2f-1a2b3c4d5e6f"

    var product: ProductKind
    var config: String
    var testDescription: String { product.rawValue }

    static let all: [ExampleFixture] = [
        ExampleFixture(product: .vmcloud, config: vmcloudConfig()),
        ExampleFixture(product: .influxdb2, config: influxdb2Config(org: #"org_id = "\#(orgID)""#)),
        ExampleFixture(product: .dedicated, config: dedicatedConfig()),
        ExampleFixture(product: .clustered, config: clusteredConfig()),
    ]

    /// The requests `token examples ID --reveal` makes, answered.
    func stub() -> StubTransport {
        let stub = StubTransport()
        switch product {
        case .vmcloud:
            stub.expect("GET", prodInfoPath, json: prodInfoJSON)
                .expect("GET", "\(prodInfoPath)/access_tokens/\(Self.id)", json: #"{"id":"\#(Self.id)","value":"\#(Self.secret)","type":"rw","description":"agent","created_at":"2026-01-02T03:04:05Z"}"#)
        case .influxdb2:
            let permissions = ["write", "read"].map {
                #"{"action":"\#($0)","resource":{"type":"buckets","id":"b1","name":"metrics","orgID":"\#(orgID)"}}"#
            }.joined(separator: ",")
            stub.expect("GET", "/api/v2/authorizations/\(Self.id)",
                        json: #"{"id":"\#(Self.id)","status":"active","description":"agent","orgID":"\#(orgID)","token":"\#(Self.secret)","permissions":[\#(permissions)]}"#)
        default:
            let prefix = product == .dedicated ? dedicatedPrefix : "/api/v0"
            stub.expect("GET", "\(prefix)/tokens/\(Self.id)",
                        json: #"{"id":"\#(Self.id)","description":"agent","accessToken":"\#(Self.secret)","permissions":[{"action":"write","resource":"metrics"},{"action":"read","resource":"metrics"}]}"#)
        }
        return stub
    }

    /// `token examples ID --reveal --format json [arguments]`, parsed.
    func examplesJSON(_ arguments: [String] = []) async throws -> JSONValue {
        let r = await runVMCtl(["token", "examples", Self.id, "--reveal", "--format", "json"] + arguments, config: config, stub: stub())
        guard r.code == 0 else { throw VMCtlError.failure("token examples on \(product): \(r.stderr)") }
        return try JSONParser.parse(r.stdout)
    }
}

/// Layer 2: the secret never goes on a command line, for every product and every client, even with
/// `--reveal`. A program's argv is world-readable (`ps`, /proc/PID/cmdline), so a secret there is shown to
/// every local user; its stdin, a file of mode 0600 and its environment are not. So every example reads the
/// secret from the token file (a client's own file option, or curl's header from a here-document on stdin)
/// or from an environment variable set from that file; `--reveal` puts the secret only in the step that
/// writes the file, inside a here-document.
@Suite struct ExamplesKeepSecretsOffCommandLinesTests {
    /// The lines of shell text a shell runs as commands: without comments and without the bodies of
    /// here-documents (which go to stdin), each with its leading environment assignments taken off (they
    /// go to the environment, not argv) and handed to `check` with the assignments.
    static func commandLines(_ shell: String) -> [(assignments: [String], command: String)] {
        var out: [(assignments: [String], command: String)] = []
        var delimiter: String?
        for line in shell.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if let d = delimiter {
                if line == d { delimiter = nil }
                continue
            }
            if line.hasPrefix("#") || line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            if let match = line.firstMatch(of: /<<-?'?([A-Za-z_]+)'?\s*$/) { delimiter = String(match.1) }
            var command = Substring(line)
            var assignments: [String] = []
            while let match = command.prefixMatch(of: /[A-Za-z_][A-Za-z0-9_]*="[^"]*"\s+/) {
                assignments.append(String(match.0).trimmingCharacters(in: .whitespaces))
                command = command[match.range.upperBound...]
            }
            out.append((assignments, String(command)))
        }
        return out
    }

    /// A command line that reads nothing a shell would expand into its arguments: no `$(…)`, `${…}` or `$NAME`.
    static func expandsNothing(_ command: String) -> Bool {
        command.firstMatch(of: /\$[({A-Za-z_]/) == nil
    }

    @Test(arguments: ExampleFixture.all)
    func everyExampleReadsTheSecretFromTheTokenFileOrTheEnvironment(fixture: ExampleFixture) async throws {
        let json = try await fixture.examplesJSON()
        let secret = ExampleFixture.secret
        let file = try #require(json["token_file"]?.stringValue)
        let setup = try #require(json["token_file_setup"]?.stringValue)
        let examples = try #require(json["examples"]?.arrayValue)
        // Every client a read/write token has, both directions, Grafana for reading on every product.
        #expect(Set(examples.compactMap { $0["purpose"]?.stringValue }) == ["write", "read"])
        #expect(examples.contains { $0["client"] == "grafana" })
        for example in examples {
            let client = example["client"]?.stringValue ?? "?", text = example["text"]?.stringValue ?? ""
            #expect(!text.contains(secret), "\(fixture) \(client) carries the secret")
            // It reads the token file, or an environment variable its note says to set from the token file.
            let note = example["note"]?.stringValue ?? ""
            #expect(text.contains(file) || (text.contains("$") && note.contains("$(cat \(file))")), "\(fixture) \(client) does not read \(file): \(text)")
            guard example["format"] == "shell" else { continue }
            for (assignments, command) in Self.commandLines(text) {
                #expect(Self.expandsNothing(command), "\(fixture) \(client) expands a variable into argv: \(command)")
                #expect(assignments.allSatisfy { $0.hasSuffix("=\"$(cat \(file))\"") }, "\(fixture) \(client): \(assignments)")
            }
        }
        // The secret is in the token-file step exactly where the API gave it, and only in its here-document.
        let commands = Self.commandLines(setup)
        #expect(!commands.isEmpty && commands.allSatisfy { !$0.command.contains(secret) && $0.assignments.isEmpty }, "\(setup)")
        #expect(setup.contains(secret) == (fixture.product == .vmcloud || fixture.product == .influxdb2), "\(setup)")
        #expect(setup.contains("umask 077") && setup.contains("> \(file)"))
    }

    /// The fixtures' read/write tokens between them have an example for every client `--client` offers, so
    /// the test above sees every client there is.
    @Test func theFixturesCoverEveryClient() async throws {
        var clients: Set<String> = []
        for fixture in ExampleFixture.all {
            for example in try await fixture.examplesJSON()["examples"]?.arrayValue ?? [] { clients.insert(example["client"]?.stringValue ?? "") }
        }
        #expect(clients == Set(TokenExamplesCommand.clients))
    }

    /// The influx CLI takes an org by name with `--org` and by ID with `--org-id`, as the profile names it.
    @Test func theInfluxCLITakesTheOrgAsTheProfileNamesIt() async throws {
        let json = try await ExampleFixture.all[1].examplesJSON(["--client", "influx"])
        let texts = json["examples"]?.arrayValue?.compactMap { $0["text"]?.stringValue } ?? []
        #expect(texts.count == 2 && texts.allSatisfy { $0.contains(" --org-id \(orgID) ") && !$0.contains(" --org \(orgID)") }, "\(texts)")
    }

    /// The shell text is what a shell makes of it: the step writes the file with mode 0600 and the secret
    /// (over an older file of another mode),
    /// and a curl example reads it into a header from stdin while its own argv stays clean.
    @Test func theTokenFileStepAndACurlExampleRunInAShell() async throws {
        let json = try await ExampleFixture.all[0].examplesJSON()
        let dir = TemporaryDirectory()
        let setup = try #require(json["token_file_setup"]?.stringValue)
        let name = try #require(json["token_file"]?.stringValue)
        let file = dir.write(name, "an old secret\n", mode: 0o644)
        let wrote = try ProcessRunner.run("/bin/sh", ["-c", "cd \(ShellQuote.word(dir.path)) && " + setup])
        #expect(wrote.status == 0)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == ExampleFixture.secret + "\n")
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // curl itself is replaced by a shell function that prints its argv and its stdin. (A script written
        // here and run would fail now and then with ETXTBSY: a process another test spawns at that moment
        // inherits the descriptor the script was written through.)
        let curl = try #require(json["examples"]?.arrayValue?.first { $0["client"] == "curl" }?["text"]?.stringValue)
        let stub = "curl() { echo \"argv: $*\"; cat; }"
        let ran = try ProcessRunner.run("/bin/sh", ["-c", "cd \(ShellQuote.word(dir.path)) && \(stub) && " + curl])
        let lines = ran.stdout.split(separator: "\n").map(String.init)
        #expect(ran.status == 0, "\(ran.stderr)")
        #expect(lines.first?.hasPrefix("argv: -sS --fail-with-body -H @- ") == true && lines.first?.contains(ExampleFixture.secret) == false, "\(ran.stdout)\(ran.stderr)")
        #expect(lines.dropFirst() == ["Authorization: Bearer \(ExampleFixture.secret)"])
    }

    /// `--client X > file` writes exactly X's examples: stdout is their text, one after the other after a
    /// blank line, and everything else (the URLs, the token-file step, the notes) is on stderr.
    @Test(arguments: ExampleFixture.all)
    func oneClientPutsOnlyItsExamplesOnStdout(fixture: ExampleFixture) async throws {
        let json = try await fixture.examplesJSON()
        let examples = try #require(json["examples"]?.arrayValue)
        let setup = try #require(json["token_file_setup"]?.stringValue)
        for client in Set(examples.compactMap { $0["client"]?.stringValue }) {
            let r = await runVMCtl(["token", "examples", ExampleFixture.id, "--reveal", "--client", client], config: fixture.config, stub: fixture.stub())
            #expect(r.code == 0, "\(r.stderr)")
            let texts = examples.filter { $0["client"]?.stringValue == client }.compactMap { $0["text"]?.stringValue }
            #expect(r.stdout == texts.joined(separator: "\n\n") + "\n", "\(fixture) \(client)")
            #expect(r.stderr.contains("Write URL: \(json["write_url"]?.stringValue ?? "")\nRead URL:  \(json["read_url"]?.stringValue ?? "")\n"))
            #expect(r.stderr.contains(setup + "\n"), "\(r.stderr)")
        }
    }

    @Test func withoutOneClientStdoutHasTheURLsTheTokenFileStepAndEveryExample() async throws {
        let fixture = ExampleFixture.all[0]
        let json = try await fixture.examplesJSON()
        let r = await runVMCtl(["token", "examples", ExampleFixture.id, "--reveal"], config: fixture.config, stub: fixture.stub())
        #expect(r.code == 0)
        #expect(r.stdout.hasPrefix("Write URL: https://gw.example.com/insert/0/prometheus/api/v1/write\nRead URL:  https://gw.example.com/select/0/prometheus\n\n"
                                   + "# token file: every example reads the secret from vmcloud-5f0c2d7e.token; write it first (mode 0600)\n"
                                   + (json["token_file_setup"]?.stringValue ?? "") + "\n\n# vmagent (write, shell)\n"), "\(r.stdout)")
        for example in json["examples"]?.arrayValue ?? [] {
            #expect(r.stdout.contains((example["text"]?.stringValue ?? "?") + "\n"))
        }
        #expect(r.stderr == "Warning: the token's secret is printed in the step that writes the token file; keep it secret\n")
    }

    @Test func withoutRevealTheStepFetchesTheSecretIntoTheFileAndNothingPrintsIt() async throws {
        let stub = StubTransport().expect("GET", prodInfoPath, json: prodInfoJSON).expect("GET", "\(prodInfoPath)/access_tokens", json: tokenListJSON)
        let r = await runVMCtl(["token", "examples", "tok-1", "--format", "json"], stub: stub)
        #expect(r.code == 0, "\(r.stderr)")
        let json = try JSONParser.parse(r.stdout)
        #expect(json["token_file_setup"] == .string("(umask 077 && rm -f vmcloud-tok-1.token && vmctl token reveal tok-1 --deployment \(prodID) --format json | jq -er .token > vmcloud-tok-1.token)"))
        #expect(!stub.requests.contains { $0.url.path.hasSuffix("/access_tokens/tok-1") }, "a reveal was sent")
    }
}

/// Layer 2: `token check --secret-stdin` without an ID: the secret alone, against the profile's data
/// endpoint, with nothing asked about any token.
@Suite struct SecretCheckWithoutIDTests {
    static let secret = "a-secret-from-stdin"

    @Test func vmcloudTriesBothDirectionsAtTheTenantAndARevokedSecretIsRefused() async throws {
        let stub = StubTransport().expect("GET", prodInfoPath, json: prodInfoJSON)
            .expect("POST", "/insert/7/prometheus/api/v1/write", status: 401, json: "{}")
            .expect("GET", "/select/7/prometheus/api/v1/query?query=vector(1)", status: 401, json: "{}")
        let r = await runVMCtl(["token", "check", "--secret-stdin", "--tenant", "7"], stub: stub, stdin: Self.secret + "\n")
        #expect(r.code == 4)
        #expect(r.stdout == """
            write: refused (HTTP 401) https://gw.example.com/insert/7/prometheus/api/v1/write
            read: refused (HTTP 401) https://gw.example.com/select/7/prometheus/api/v1/query?query=vector(1)

            """)
        #expect(r.stderr.hasPrefix("Error: the data endpoint refuses this secret\n"))
        let sent = stub.requests.filter { $0.url.host == "gw.example.com" }
        #expect(sent.count == 2 && sent.allSatisfy { $0.header("Authorization") == "Bearer \(Self.secret)" })
        #expect(!stub.requests.contains { $0.url.path.contains("access_tokens") })
    }

    @Test func oneDirectionThatWorksIsEnough() async throws {
        let stub = StubTransport().expect("GET", prodInfoPath, json: prodInfoJSON)
            .expect("POST", "/insert/0/prometheus/api/v1/write", status: 403, json: "{}")
            .expect("GET", "/select/0/prometheus/api/v1/query?query=vector(1)", json: #"{"status":"success"}"#)
        let r = await runVMCtl(["token", "check", "--secret-stdin", "--format", "json"], stub: stub, stdin: Self.secret + "\n")
        #expect(r.code == 0, "\(r.stderr)")
        let json = try JSONParser.parse(r.stdout)
        #expect(json["id"] == .null && json["checks"]?.arrayValue?.map { $0["result"] } == ["refused", "ok"])
    }

    @Test func influxdb2AsksBucketsWhichNeedsNoBucket() async throws {
        let stub = StubTransport().expect("POST", "/api/v2/query?org=\(orgID)", status: 401, json: #"{"code":"unauthorized","message":"unauthorized access"}"#)
        let r = await runVMCtl(["token", "check", "--secret-stdin"], config: influxdb2Config(org: #"org_id = "\#(orgID)""#), stub: stub,
                               stdin: Self.secret + "\n")
        #expect(r.code == 4)
        let body = try JSONParser.parse(String(decoding: try #require(stub.requests.first?.body), as: UTF8.self))
        #expect(body == .obj(["query": "buckets() |> limit(n: 1)", "type": "flux"]))
        #expect(stub.requests.first?.header("Authorization") == "Token \(Self.secret)")
    }

    @Test func influxdb3TriesEachDatabaseUntilOneIsAllowed() async throws {
        let stub = StubTransport().expect("GET", "/api/v0/databases", json: #"[{"name":"alpha"},{"name":"metrics"}]"#)
            .expect("GET", "/query?db=alpha&q=SHOW%20MEASUREMENTS", status: 403, json: "{}")
            .expect("POST", "/api/v2/write?bucket=alpha&precision=s", status: 403, json: "{}")
            .expect("GET", "/query?db=metrics&q=SHOW%20MEASUREMENTS", status: 403, json: "{}")
            .expect("POST", "/api/v2/write?bucket=metrics&precision=s", status: 204, json: "")
        let r = await runVMCtl(["token", "check", "--secret-stdin"], config: clusteredConfig(), stub: stub, stdin: Self.secret + "\n")
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout == "write: ok (HTTP 204) http://127.0.0.1:9/api/v2/write?bucket=metrics&precision=s\n")
        // A revoked secret is refused at the first request.
        let revoked = StubTransport().expect("GET", "/api/v0/databases", json: #"[{"name":"alpha"},{"name":"metrics"}]"#)
            .expect("GET", "/query?db=alpha&q=SHOW%20MEASUREMENTS", status: 401, json: "{}")
        #expect(await runVMCtl(["token", "check", "--secret-stdin"], config: clusteredConfig(), stub: revoked, stdin: Self.secret + "\n").code == 4)
    }

    @Test func neitherAnIDNorASecretIsAUsageErrorBeforeAnythingIsSent() async {
        let stub = StubTransport()
        let r = await runVMCtl(["token", "check"], stub: stub)
        #expect(r.code == 2)
        #expect(r.stderr.hasPrefix("Error: give a token ID, or a secret with --secret-stdin to check it alone\n"))
        #expect(stub.requests.isEmpty)
    }
}
