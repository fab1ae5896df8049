import Foundation
import Testing
import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCtlSupport

/// Every example in vmctl's help runs, as a user would paste it into bash, against the sandbox: its flags
/// are the command's, and every name it uses exists there. Catalog names (tiers, regions) and the seeded
/// deployments and buckets must be the sandbox's own: nothing is made up for them, so `--tier s.starter`
/// fails here as it fails a user. What a user makes for themselves before such an example (the database it
/// updates, the rule file it fetches, the profile it switches to) is made first, with vmctl, but never
/// what the example itself creates. IDs in examples are placeholders (`5f0c2d7e-…`, `ID1`): they are
/// replaced by the IDs of tokens, API keys, deleted databases and tables made in the sandbox.
///
/// This runs the examples rather than only resolving their names, so an example also fails here when the
/// command refuses it for any other reason. Each example runs on every product that runs the command and
/// honours its flags (narrowed by a "InfluxDB 3:" label in its comment), in a fresh sandbox. The few
/// exceptions are listed below with their reasons.
@Suite struct HelpExamplesAgainstSandboxTests {
    static let registry = Products.registry
    static let root = CommandTree.root(for: registry)

    /// One example on one product (nil: a command that talks to no server, run once).
    struct Run: Sendable, CustomTestStringConvertible {
        var command: String
        var example: Example
        var product: ProductKind?
        var testDescription: String { "\(command) on \(product?.rawValue ?? "no server"): \(example.command)" }
    }

    /// Examples a product runs but that are not written for it, and why. Keyed by the example's command.
    static let notFor: [String: [ProductKind: String]] = [
        "vmctl token examples 5f0c2d7e-… --client vmagent --format json | jq -r '.examples[0].text'": [
            .dedicated: "vmagent writes to VictoriaMetrics; InfluxDB's clients are telegraf, curl and influx",
            .clustered: "vmagent writes to VictoriaMetrics; InfluxDB's clients are telegraf, curl and influx",
            .influxdb2: "vmagent writes to VictoriaMetrics; InfluxDB's clients are telegraf, curl and influx",
        ],
        "vmctl token check 5f0c2d7e-…": [
            .dedicated: "InfluxDB 3 never shows a secret again: the example beside it gives the secret on stdin",
            .clustered: "InfluxDB 3 never shows a secret again: the example beside it gives the secret on stdin",
        ],
        "vmctl database create metrics --retention-period 30d": [
            .influxdb2: "the sandbox's InfluxDB 2 org has a metrics bucket already; the InfluxDB 2 example beside it makes another",
        ],
    ]

    /// Steps a user takes before an example, where the example's meaning needs them.
    static let before: [String: [[String]]] = [
        // Waits for a deletion: the deployment is deleted first.
        "vmctl deployment wait dev --for deleted --wait-timeout 5m": [["deployment", "delete", "--force", "dev"]],
    ]

    /// Every example with the chain of its command.
    static var examples: [(chain: [CommandSpec], example: Example)] {
        ReferenceDocs.chains(root).flatMap { chain in chain.last!.examples.map { (chain, $0) } }
    }

    static var runs: [Run] {
        examples.flatMap { chain, example -> [Run] in
            let command = CommandSpec.path(chain)
            guard let products = products(for: chain, example: example) else { return [Run(command: command, example: example, product: nil)] }
            return products.filter { notFor[example.command]?[$0] == nil }.map { Run(command: command, example: example, product: $0) }
        }
    }

    /// The products an example is for: those that run its command and honour every flag it gives, and
    /// those a label in its comment names ("InfluxDB 3: …"); nil for a command that talks to no server.
    static func products(for chain: [CommandSpec], example: Example) -> [ProductKind]? {
        guard var products = registry.products(running: chain) else { return nil }
        if case .run(let parsed)? = try? Parser(root: root, products: registry).parse(vmctlArguments(example.command) ?? []) {
            for flag in parsed.spec.flags where flag.scoped && parsed.flagValues[flag.name] != nil {
                let honouring = registry.products(honouring: flag, of: parsed.chain)
                products = products.filter(honouring.contains)
            }
        }
        if let colon = example.comment.firstIndex(of: ":") {
            let label = example.comment[..<colon]
            let named = registry.all.filter { $0.displayName.hasPrefix(label) }.map(\.kind)
            if !named.isEmpty { products = products.filter(named.contains) }
        }
        return products
    }

    /// The words of the first `vmctl` command in a shell line, as the shell splits them: quotes removed,
    /// up to the first `|`, `>`, `<`, `)`, `;` or `&` outside quotes.
    static func vmctlArguments(_ line: String) -> [String]? {
        guard let start = line.range(of: "vmctl ") else { return nil }
        var words: [String] = []
        var word = "", inWord = false
        var quote: Character?
        var rest = Substring(line[start.upperBound...])
        while let c = rest.popFirst() {
            if let open = quote {
                if c == open { quote = nil } else if c == "\\" && open == "\"", let next = rest.popFirst() { word.append(next) } else { word.append(c) }
                continue
            }
            switch c {
            case "'", "\"": quote = c; inWord = true
            case "\\": if let next = rest.popFirst() { word.append(next); inWord = true }
            case " ", "\t":
                if inWord { words.append(word) }
                word = ""; inWord = false
            case "|", ">", "<", ")", ";", "&":
                if inWord { words.append(word) }
                return words
            default: word.append(c); inWord = true
            }
        }
        if inWord { words.append(word) }
        return words
    }

    /// Every example's vmctl command parses: its command and flags exist.
    @Test func everyExampleParses() throws {
        let parser = Parser(root: Self.root, products: Self.registry)
        for (chain, example) in Self.examples {
            let arguments = try #require(Self.vmctlArguments(example.command), "\(example.command) runs no vmctl")
            do {
                switch try parser.parse(arguments) {
                case .run(let parsed):
                    #expect(parsed.chain.map(\.name) == chain.map(\.name), "\(example.command) is an example of \(CommandSpec.path(chain))")
                case .help(let shown):
                    // `vmctl help token create`: help for a command that exists.
                    #expect(shown.count > 1 && shown.last!.runner != nil, "\(example.command) shows help for no command")
                case .version:
                    Issue.record("\(example.command) only prints the version")
                }
            } catch {
                Issue.record("\(example.command): \(error)")
            }
        }
    }

    /// Each example runs somewhere, and the exceptions name examples that exist.
    @Test func everyExampleRunsOnSomeProduct() {
        let commands = Set(Self.examples.map(\.example.command))
        for (chain, example) in Self.examples {
            #expect(Self.runs.contains { $0.example.command == example.command }, "\(CommandSpec.path(chain)): \(example.command) runs nowhere")
        }
        for command in Array(Self.notFor.keys) + Array(Self.before.keys) {
            #expect(commands.contains(command), "an exception names an example help does not have: \(command)")
        }
    }

    @Test(arguments: runs)
    func runsAgainstTheSandbox(_ run: Run) async throws {
        let arguments = Self.vmctlArguments(run.example.command) ?? []
        let checksData = run.product == .vmcloud && arguments.starts(with: ["token", "check"])
        // The vmcloud check uses the token at the deployment's access endpoint: a real VictoriaMetrics.
        if checksData && !VictoriaMetricsTools.available { return }
        let world = try await ExampleWorld(product: run.product ?? .vmcloud, example: run.example.command, dataPlane: checksData)
        for step in Self.before[run.example.command] ?? [] { try world.vmctl(step) }
        let line = world.substituted(run.example.command)
        let bash = ["-euo", "pipefail", "-c", line]
        let r: ProcessResult
        if run.example.comment.contains("asking first") {
            // An example that asks is answered "y" on a terminal.
            r = try withTerminal(input: "y\n") { tty in
                try runProcess("/bin/bash", bash, environment: world.environment, stdinHandle: tty, directory: world.home, timeout: 120)
            }
        } else {
            r = try runProcess("/bin/bash", bash, environment: world.environment, directory: world.home, timeout: 120)
        }
        #expect(r.code == 0, "\(line)\nstdout: \(r.stdout)\nstderr: \(r.stderr)")
        // Names the command accepts but warns of: a token for a database the cluster lacks, a profile's
        // deployment that cannot be found.
        for warning in ["does not exist", "could not look up", "did you mean"] {
            #expect(!r.stderr.contains(warning), "\(line): \(r.stderr)")
        }
    }
}

/// The sandbox, a user's home and the things an example's user would have made before it.
final class ExampleWorld {
    let sandbox: SandboxProcess
    let user = VMCtlUser()
    let product: ProductKind
    let example: String
    var home: String { user.home }
    var environment: [String: String]
    /// Placeholder in the examples → what stands for it in this sandbox.
    private var substitutions: [(String, String)] = []
    private var tokens: [(id: String, secret: String)] = []

    /// The examples' token ID placeholders; `ID2` is a second token.
    static let tokenPlaceholders = ["5f0c2d7e-3b1a-4c9e-9d2f-1a2b3c4d5e6f", "5f0c2d7e-…", "0c0f1a2b-…", "0a1b2c3d4e5f6071", "ID1", "ID"]

    init(product: ProductKind, example: String, dataPlane: Bool) async throws {
        self.product = product
        self.example = example
        sandbox = try SandboxProcess(arguments: ["--provisioning-delay", "300ms"] + (dataPlane ? ["--data-plane"] : []))
        let bin = user.home + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: bin + "/vmctl", withDestinationPath: vmctlPath)
        // The programs the examples pipe from: a password manager that has the key, a rule generator.
        try Self.script(bin + "/pass", "[ \"$*\" = 'show vmcloud/prod' ] && echo '\(sandbox.apiKey)'")
        try Self.script(bin + "/generate-rules", "printf 'groups:\\n  - name: generated\\n    rules:\\n      - alert: Generated\\n        expr: up == 0\\n'")
        environment = user.environment
        environment["PATH"] = bin + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["VMCLOUD_API_KEY"] = sandbox.apiKey
        try await build()
    }

    private static func script(_ path: String, _ body: String) throws {
        // Written close-on-exec: a descriptor another test's child inherited would make running it ETXTBSY.
        try AtomicFile.write("#!/bin/sh\n\(body)\n", to: path, mode: 0o755)
    }

    /// The example's words, split as `vmctlArguments` splits them and on `/`, for telling what it names.
    private lazy var words: Set<String> = Set(example.split { " \t'\"|<>()=;".contains($0) }.map(String.init))

    private func mentions(_ word: String) -> Bool { words.contains(word) }
    private func creates(_ phrase: String) -> Bool { example.contains("vmctl \(phrase)") }

    @discardableResult
    func vmctl(_ arguments: [String], stdin: String? = nil) throws -> ProcessResult {
        let r = try runProcess(vmctlPath, arguments, environment: environment, stdin: stdin, directory: home)
        guard r.code == 0 else { throw TestFailure("setting up for \(example): vmctl \(arguments.joined(separator: " ")) failed: \(r.stderr)") }
        return r
    }

    private func json(_ arguments: [String]) throws -> JSONValue {
        try JSONParser.parse(try vmctl(arguments + ["--format", "json"]).stdout)
    }

    /// The example's line with this sandbox's IDs and URL in place of the placeholders.
    func substituted(_ line: String) -> String {
        var out = line
        for (placeholder, value) in substitutions {
            out = out.replacingOccurrences(of: #"(?<![\w-])\#(NSRegularExpression.escapedPattern(for: placeholder))(?![\w-])"#,
                                           with: NSRegularExpression.escapedTemplate(for: value), options: .regularExpression)
        }
        return out
    }

    private func build() async throws {
        try importSources()
        try caFiles()
        try profiles(dataURLs: try await sandbox.dataPlane())
        switch product {
        case .vmcloud: try vmcloudWorld()
        case .influxdb2: try influxDB2World()
        default: try influxDB3World()
        }
        try placeholders()
    }

    /// `prod` (the default) and `staging`, for the product: the names the examples use. An example that
    /// creates a profile for the real service gets the sandbox's URL, which the real one's default stands for.
    private func profiles(dataURLs: DataPlaneURLs) throws {
        if creates("profile create prod") && !example.contains("--url") {
            substitutions.append(("vmctl profile create prod", "vmctl profile create prod --url \(sandbox.url)"))
        }
        // `lab`, a profile of the user's own lab, only where an example changes it.
        let names = ["prod", "staging"] + (mentions("lab") ? ["lab"] : [])
        for name in names where !creates("profile create \(name)") && !creates("profile import") {
            var arguments = ["profile", "create", name, "--product", product.rawValue, "--url", sandbox.url, "--api-key-stdin"]
            switch product {
            case .vmcloud: arguments += ["--deployment", name == "prod" ? "prod-cluster" : "dev-single"]
            case .influxdb2: arguments += ["--org", "sandbox-org"]
            default: break
            }
            // An InfluxDB 3 cluster's data URL is the sandbox's own, not the one the product's default makes.
            if product == .dedicated {
                arguments += ["--account-id", sandbox.dedicatedIDs.account, "--cluster-id", sandbox.dedicatedIDs.cluster, "--data-url", dataURLs.dedicated]
            } else if product == .clustered {
                arguments += ["--data-url", dataURLs.clustered]
            }
            try vmctl(arguments, stdin: sandbox.apiKey + "\n")
        }
    }

    /// The files `profile import` reads, where influxctl and the influx CLI keep them, with profiles of the
    /// names the examples use (`prod`; `home` and `cloud`) pointing at the sandbox.
    private func importSources() throws {
        guard let url = URL(string: sandbox.url), let host = url.host, let port = url.port else { return }
        if creates("profile import --from influxctl") {
            try FileManager.default.createDirectory(atPath: home + "/.config/influxctl", withIntermediateDirectories: true)
            let text = """
                [[profile]]
                  name = "prod"
                  product = "clustered"
                  host = "\(host)"
                  port = "\(port)"
                  [profile.tls]
                    disable = true

                """
            try Data(text.utf8).write(to: URL(fileURLWithPath: home + "/.config/influxctl/config.toml"))
            environment["INFLUX_MANAGEMENT_TOKEN"] = sandbox.apiKey
        }
        if creates("profile import --from influx ") {
            try FileManager.default.createDirectory(atPath: home + "/.influxdbv2", withIntermediateDirectories: true)
            let text = ["home", "cloud"].map { "[\($0)]\n  url = \"\(sandbox.url)\"\n  token = \"\(sandbox.apiKey)\"\n  org = \"sandbox-org\"\n" }
                .joined(separator: "\n")
            guard FileManager.default.createFile(atPath: home + "/.influxdbv2/configs", contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
                throw TestFailure("cannot write the influx CLI's configs")
            }
        }
    }

    /// A CA's PEM file where an example names one (`~/lab-ca.pem`), as a user has it from whoever runs the
    /// CA. Its form is checked when a profile takes it; the sandbox speaks plain http, which needs no CA.
    private func caFiles() throws {
        for word in words where word.hasSuffix(".pem") {
            let der: [UInt8] = [0x30, 0x82, 0x01, 0x0a] + (0..<266).map { UInt8($0 % 256) }
            let text = "-----BEGIN CERTIFICATE-----\n" + Data(der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
                + "\n-----END CERTIFICATE-----\n"
            let path = word.hasPrefix("~/") ? home + word.dropFirst(1) : home + "/" + word
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        }
    }

    private func vmcloudWorld() throws {
        for name in ["dev", "scratch"] where mentions(name) && !creates("deployment create \(name)") {
            try vmctl(["deployment", "create", name, "--type", "single_node", "--region", "us-east-1", "--tier", "s.starter.a",
                       "--storage", "10GB", "--retention", "1m", "--wait"])
        }
        if mentions("grafana-prod") && !creates("apikey create grafana-prod") {
            try vmctl(["apikey", "create", "grafana-prod", "--read-only", "--deployment", "prod-cluster"])
        }
        for file in ["alerts.yml", "old-alerts.yml"] where mentions(file) {
            let text = "groups:\n  - name: example\n    rules:\n      - alert: TargetDown\n        expr: up == 0\n"
            try Data(text.utf8).write(to: URL(fileURLWithPath: home + "/" + file))
            try vmctl(["rule", "upload", file])
        }
    }

    private func influxDB2World() throws {
        for name in ["scratch1", "scratch2"] where mentions(name) { try vmctl(["database", "create", name]) }
    }

    private func influxDB3World() throws {
        let tablesNamed = ["cpu", "scratch"].filter { mentions($0) && !creates("table create metrics \($0)") }
        let needsMetrics = !tablesNamed.isEmpty || example.contains("table undelete metrics") || tokenNeeded
        for name in ["metrics", "logs", "scratch1", "scratch2"] where (mentions(name) || (name == "metrics" && needsMetrics))
            && !creates("database create \(name)") {
            try vmctl(["database", "create", name])
        }
        for table in tablesNamed { try vmctl(["table", "create", "metrics", table]) }
        // A deleted database and table, for undelete: their numeric IDs replace the examples'.
        if example.contains("database undelete 12345") {
            let id = try json(["database", "create", "old_metrics"])["id"]?.stringValue
            try vmctl(["database", "delete", "--force", "old_metrics"])
            substitutions.append(("12345", try #require(id)))
        }
        if example.contains("table undelete metrics 12") {
            try vmctl(["table", "create", "metrics", "old_cpu"])
            let id = try json(["table", "rename", "metrics", "old_cpu", "old_cpu_v0"])["id"]?.stringValue
            try vmctl(["table", "delete", "--force", "metrics", "old_cpu_v0"])
            substitutions.append(("12", try #require(id)))
        }
    }

    /// Files an example reads a token's secret from (`token.txt`, `vmagent.token`), as a user who saved it has them.
    private var secretFiles: [String] { words.filter { $0 == "token.txt" || $0.hasSuffix(".token") }.sorted() }

    private var tokenNeeded: Bool { Self.tokenPlaceholders.contains { mentions($0) } || mentions("ID2") || !secretFiles.isEmpty }

    /// Tokens (and an API key) made for the IDs the example names, and a token string saved where it reads one.
    private func placeholders() throws {
        if tokenNeeded {
            let databases = product == .vmcloud ? "*" : "metrics"
            for i in 1...(mentions("ID2") ? 2 : 1) {
                let made = try json(["token", "create", "--read-database", databases, "--write-database", databases, "example \(i)"])
                tokens.append((try #require(made["id"]?.stringValue), try #require(made["token"]?.stringValue)))
            }
            substitutions += Self.tokenPlaceholders.map { ($0, tokens[0].id) }
            if tokens.count > 1 { substitutions.append(("ID2", tokens[1].id)) }
        }
        for file in secretFiles {
            let secret = try #require(tokens.first?.secret)
            #expect(FileManager.default.createFile(atPath: home + "/" + file, contents: Data((secret + "\n").utf8), attributes: [.posixPermissions: 0o600]))
        }
        if example.contains("8d1f2c3a-0b4e-4f6a-9c7d-1e2f3a4b5c6d") {
            let key = try json(["apikey", "create", "example-key", "--read-only", "--all-deployments"])
            substitutions.append(("8d1f2c3a-0b4e-4f6a-9c7d-1e2f3a4b5c6d", try #require(key["id"]?.stringValue)))
        }
    }
}
