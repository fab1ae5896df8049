import Foundation
import Testing
@testable import VMCtlSupport

/// Layer 3: the built vmctl makes its profiles from influxctl's and the influx CLI's files in their default
/// places, and the profiles it makes work against the sandbox.
@Suite struct ProfileImportEndToEndTests {
    @Test func influxCLIConfigsWorkAsImportedAndTheirTokenIsReadFromTheInfluxCLIsFileEachTime() async throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        let configs = user.home + "/.influxdbv2/configs"
        try FileManager.default.createDirectory(atPath: user.home + "/.influxdbv2", withIntermediateDirectories: true)
        func writeConfigs(token: String) {
            #expect(FileManager.default.createFile(atPath: configs, contents: Data("""
            [sandbox]
              url = "\(sandbox.url)"
              token = "\(token)"
              org = "sandbox-org"
              active = true

            """.utf8), attributes: [.posixPermissions: 0o600]))
        }
        writeConfigs(token: sandbox.apiKey)

        let imported = try user.vmctl(["profile", "import", "--from", "influx"])
        #expect(imported.code == 0, "\(imported.stderr)")
        #expect(!imported.stdout.contains(sandbox.apiKey) && !imported.stderr.contains(sandbox.apiKey))
        #expect(!(try String(contentsOfFile: user.configPath, encoding: .utf8)).contains(sandbox.apiKey))

        let created = try user.vmctl(["token", "create", "--read-database", "metrics", "-o", "json", "imported"])
        #expect(created.code == 0, "\(created.stderr)")

        // A token changed in the influx CLI's file is the one vmctl sends next.
        writeConfigs(token: "no-such-token")
        let refused = try user.vmctl(["token", "list"])
        #expect(refused.code == 4, "\(refused.stderr)")
        sandbox.stop()
    }

    @Test func influxctlProfilesWorkOnceGivenAKey() async throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        let port = try #require(URL(string: sandbox.url)?.port)
        try FileManager.default.createDirectory(atPath: user.home + "/.config/influxctl", withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: user.home + "/.config/influxctl/config.toml", contents: Data("""
        [[profile]]
          name = "default"
          product = "clustered"
          host = "127.0.0.1"
          port = "\(port)"
          [profile.tls]
            disable = true
          [profile.auth.oauth2]
            client_id = "vmctl-test"
            scopes = [""]
            parameters = { audience = "" }

        """.utf8)))

        let imported = try user.vmctl(["profile", "import", "--from", "influxctl"])
        #expect(imported.code == 0, "\(imported.stderr)")
        #expect(imported.stderr.contains("vmctl profile update default --api-key-env VAR"))
        let keyless = try user.vmctl(["database", "list"])
        #expect(keyless.code == 3 && keyless.stderr.hasPrefix("Error: profile \"default\" has no API key\n"), "\(keyless.stderr)")

        let updated = try user.vmctl(["profile", "update", "default", "--api-key-env", "INFLUX_MANAGEMENT_TOKEN"])
        #expect(updated.code == 0, "\(updated.stderr)")
        let created = try user.vmctl(["database", "create", "imported"], environment: ["INFLUX_MANAGEMENT_TOKEN": sandbox.apiKey])
        #expect(created.code == 0, "\(created.stderr)")
        let list = try user.vmctl(["database", "list", "-o", "json"], environment: ["INFLUX_MANAGEMENT_TOKEN": sandbox.apiKey])
        #expect(try JSONParser.parse(list.stdout).arrayValue?.contains { $0["name"] == "imported" } == true, "\(list.stdout)")
        sandbox.stop()
    }
}
