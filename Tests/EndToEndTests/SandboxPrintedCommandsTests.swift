import Foundation
import Testing
import VMCtlKit
@testable import VMCtlSupport

/// What `vmctl-sandbox` prints at start is enough to use it: the line that sets the key's variable, one
/// `vmctl profile create` line per product and the `Try:` line each run in bash exactly as printed, and
/// each profile they make then creates a token, prints its examples against the sandbox's own data URLs
/// and checks it there. No printed command carries the key (docs/contract.md: secrets never go on a
/// command line).
@Suite struct SandboxPrintedCommandsTests {
    /// What a product's first token needs: commands to run before it, its permission flags, and whether
    /// `token check` must be given the secret (a product that shows it only at creation).
    struct FirstToken {
        var before: [[String]] = []
        var permissions: [String]
        var secretOnStdin = false
    }

    static let firstTokens: [String: FirstToken] = [
        "vmcloud": FirstToken(permissions: ["--read-database", "*", "--write-database", "*"]),
        // InfluxDB 3 clusters start empty: the token's database first.
        "dedicated": FirstToken(before: [["database", "create", "metrics"]],
                                permissions: ["--read-database", "metrics", "--write-database", "metrics"], secretOnStdin: true),
        "clustered": FirstToken(before: [["database", "create", "metrics"]],
                                permissions: ["--read-database", "metrics", "--write-database", "metrics"], secretOnStdin: true),
        // The sandbox's InfluxDB 2 org has a `metrics` bucket.
        "influxdb2": FirstToken(permissions: ["--read-database", "metrics", "--write-database", "metrics"]),
    ]

    /// A started sandbox whose printed commands have all been run, as a user pasting them would.
    struct Started {
        var sandbox: SandboxProcess
        var user: VMCtlUser
        /// The profile names the printed lines made, by product; the `Try:` line's profile under "Try".
        var profiles: [String: String]
        /// Where each product's tokens are used, from the sandbox's admin API.
        var dataURLs: DataPlaneURLs
    }

    /// Starts a sandbox and runs, through `bash -c`, each line of its banner that is a command: the
    /// `export` of the key's variable first, then every `vmctl profile create` line and the `Try:` line,
    /// each in a shell that ran the `export` line (the environment the banner says to set), with this
    /// build's vmctl first on PATH.
    static func startAndRunPrintedLines(_ arguments: [String] = []) async throws -> Started {
        let sandbox = try SandboxProcess(arguments: arguments)
        let user = VMCtlUser()
        user.environment["PATH"] = productsDirectory.path + ":" + (user.environment["PATH"] ?? "/usr/bin:/bin")
        let lines = sandbox.banner.split(separator: "\n").map(String.init)
        let exports = lines.filter { $0.hasPrefix("  export ") }
        #expect(exports.count == 1, "one line sets the key's variable: \(sandbox.banner)")
        // Each line runs as printed, indent and all; its words are read with the indent cut.
        let export = try #require(exports.first)
        // The variable the export line sets holds the sandbox's key; the commands below, and vmctl's later
        // runs with the profiles they make, read it from the environment.
        let variable = String(export.trimmingCharacters(in: .whitespaces).dropFirst("export ".count).prefix { $0 != "=" })
        let shown = try runProcess("/bin/bash", ["-c", export + "\nprintf %s \"$" + variable + "\""], environment: user.environment)
        #expect(shown.code == 0 && shown.stdout == sandbox.apiKey, "\(export): \(shown.stdout) \(shown.stderr)")

        var commands = lines.filter { $0.hasPrefix("  vmctl ") }
        let tryLine = try #require(lines.first { $0.hasPrefix("Try: ") }).dropFirst("Try: ".count)
        commands.append(String(tryLine))
        var profiles: [String: String] = [:]
        for (index, command) in commands.enumerated() {
            #expect(!command.contains(sandbox.apiKey), "the key is on a command line: \(command)")
            let words = command.trimmingCharacters(in: .whitespaces).split(separator: " ").map(String.init)
            #expect(Array(words.prefix(3)) == ["vmctl", "profile", "create"], "\(command)")
            let product = try #require(words.firstIndex(of: "--product").map { words[$0 + 1] }, "\(command)")
            let ran = try runProcess("/bin/bash", ["-c", export + "\n" + command], environment: user.environment)
            #expect(ran.code == 0, "\(command): \(ran.stdout) \(ran.stderr)")
            profiles[index == commands.count - 1 ? "Try" : product] = words[3]
        }
        // The profiles read the key from the variable whenever vmctl runs with them, as in that shell.
        user.environment[variable] = shown.stdout
        // A line for every product vmctl speaks, and no other.
        #expect(Set(profiles.keys) == Set(Products.registry.names + ["Try"]), "\(sandbox.banner)")
        #expect(commands.count == Products.registry.names.count + 1, "\(sandbox.banner)")
        return Started(sandbox: sandbox, user: user, profiles: profiles, dataURLs: try await sandbox.dataPlane())
    }

    /// With the profile a printed line made: `token create`, `token examples` and `token check`, each
    /// exit 0; the examples and the check name `dataURL`, where the product's tokens are used.
    static func firstTokenWorks(_ started: Started, profile: String, product: String, dataURL: String) throws {
        let user = started.user
        let plan = try #require(firstTokens[product], "no first token for \(product)")
        for command in plan.before {
            let r = try user.vmctl(["-p", profile] + command)
            #expect(r.code == 0, "\(command): \(r.stderr)")
        }
        let created = try user.vmctl(["-p", profile, "token", "create"] + plan.permissions + ["--format", "json", "first token"])
        #expect(created.code == 0, "token create with profile \(profile): \(created.stderr)")
        let json = try JSONParser.parse(created.stdout)
        let id = try #require(json["id"]?.stringValue)
        let secret = try #require(json["token"]?.stringValue)

        let examples = try user.vmctl(["-p", profile, "token", "examples", id])
        #expect(examples.code == 0, "token examples with profile \(profile): \(examples.stderr)")
        #expect(examples.stdout.contains(dataURL), "examples not for \(dataURL): \(examples.stdout)")

        let check = plan.secretOnStdin
            ? try user.vmctl(["-p", profile, "token", "check", id, "--secret-stdin"], stdin: secret + "\n")
            : try user.vmctl(["-p", profile, "token", "check", id])
        #expect(check.code == 0, "token check with profile \(profile): \(check.stdout) \(check.stderr)")
        #expect(check.stdout.contains(dataURL), "check not against \(dataURL): \(check.stdout)")
    }

    @Test(arguments: ["dedicated", "clustered", "influxdb2"])
    func influxDBProfilesAsPrintedCreateShowAndCheckTokens(product: String) async throws {
        let started = try await Self.startAndRunPrintedLines()
        let urls = started.dataURLs
        let dataURL = ["dedicated": urls.dedicated, "clustered": urls.clustered, "influxdb2": urls.influxdb2][product]!
        try Self.firstTokenWorks(started, profile: try #require(started.profiles[product]), product: product, dataURL: dataURL)
    }

    /// VictoriaMetrics Cloud's tokens are checked against a real VictoriaMetrics (`--data-plane`), with the
    /// product's printed line and with the `Try:` line's profile alike.
    @Test(.enabled(if: Tools.available("victoria-metrics"), "needs victoria-metrics (Debian package victoria-metrics)"))
    func vmcloudProfilesAsPrintedCreateShowAndCheckTokens() async throws {
        let started = try await Self.startAndRunPrintedLines(["--data-plane"])
        let endpoint = try #require(started.dataURLs.accessEndpoint)
        for profile in [started.profiles["vmcloud"], started.profiles["Try"]] {
            try Self.firstTokenWorks(started, profile: try #require(profile), product: "vmcloud", dataURL: endpoint)
        }
    }
}
