import Foundation
import Testing
import VMCtlKit
@testable import VMCtlSupport

/// A script written once works for every product, with nothing but its inputs chosen (the profile, and the
/// database the job writes to: a tenant on VictoriaMetrics Cloud, a database or bucket elsewhere): it creates a token
/// with `--format json`, keeps its secret in a 0600 file, reads the token's URLs, runs the token's curl
/// write example exactly as printed (the secret read from that file), checks the token, finds it in the
/// list, deletes it, and sees its secret refused (exit 4, one JSON error object on stderr). No line of the
/// script asks which product it talks to (docs/json.md: the same keys for every product; docs/contract.md:
/// exit codes).
@Suite struct OneScriptEveryProductTests {
    /// The script: `jq` reads every answer, every failure stops it (`set -euo pipefail`).
    static let script = #"""
        set -euo pipefail
        umask 077
        created=$(vmctl token create --read-database "$DB" --write-database "$DB" --format json "one script")
        id=$(jq -er .id <<<"$created")
        jq -er .token <<<"$created" > job.token
        jq -e '(.write_url | type) == "string" and (.read_url | type) == "string"' <<<"$created" > /dev/null
        vmctl token get "$id" --format json | jq -e --arg id "$id" '.id == $id and (.write_url | type) == "string"' > /dev/null

        examples=$(vmctl token examples "$id" --client curl --format json)
        cp job.token "$(jq -er .token_file <<<"$examples")"
        jq -er '[.examples[] | select(.purpose == "write")][0].text' <<<"$examples" > write.sh
        bash write.sh > /dev/null

        vmctl token check "$id" --secret-stdin --format json < job.token | jq -e 'all(.checks[]; .result == "ok")' > /dev/null
        vmctl token list --format json | jq -e --arg id "$id" 'any(.[]; .id == $id)' > /dev/null
        vmctl token delete --force --format json "$id" | jq -e '.[0].ok' > /dev/null

        code=0
        vmctl token check --secret-stdin --format json < job.token > /dev/null 2> refused.json || code=$?
        [ "$code" = 4 ]
        jq -e '.error.code == "auth"' refused.json > /dev/null
        [ "$(wc -l < refused.json)" = 1 ]
        echo done
        """#

    @Test(.enabled(if: Tools.available("jq"), "needs jq"), arguments: ["dedicated", "clustered", "influxdb2"])
    func influxDBProducts(product: String) async throws {
        try await Self.run(for: product, database: "metrics", sandboxArguments: [])
    }

    /// VictoriaMetrics Cloud's tokens work at the deployment's access endpoint: a real VictoriaMetrics.
    @Test(.enabled(if: Tools.available("jq") && Tools.available("victoria-metrics"), "needs jq and victoria-metrics"))
    func victoriaMetricsCloud() async throws {
        try await Self.run(for: "vmcloud", database: "0", sandboxArguments: ["--data-plane"])
    }

    static func run(for product: String, database: String, sandboxArguments: [String]) async throws {
        let started = try await SandboxPrintedCommandsTests.startAndRunPrintedLines(sandboxArguments)
        let profile = try #require(started.profiles[product])
        let user = started.user
        // What a user of the product has before the script: a database for the token to write into (InfluxDB
        // 3 clusters start empty; the sandbox's InfluxDB 2 org and VictoriaMetrics Cloud deployments have one).
        if product == "dedicated" || product == "clustered" {
            let made = try user.vmctl(["-p", profile, "database", "create", "metrics"])
            #expect(made.code == 0, "\(made.stderr)")
        }
        var environment = user.environment
        environment["VMCTL_PROFILE"] = profile
        environment["DB"] = database
        let r = try runProcess("/bin/bash", ["-c", Self.script], environment: environment, directory: user.home, timeout: 180)
        #expect(r.code == 0 && r.stdout == "done\n", "\(product): exit \(r.code)\nstdout: \(r.stdout)\nstderr: \(r.stderr)")
        let file = try FileManager.default.attributesOfItem(atPath: user.home + "/job.token")
        #expect((file[.posixPermissions] as? Int) == 0o600)
    }
}
