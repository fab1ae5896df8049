import Foundation
import Testing
@testable import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCtlSupport

/// An influxctl config as its documentation describes it: `[[profile]]` tables, each with its own
/// `[profile.tls]` and `[profile.auth.oauth2]` tables, arrays (one over several lines), an inline table, and
/// a database token for influxctl's query and write commands.
private let influxctlFile = """
## influxctl profiles

[[profile]]
    name = "default"
    product = "dedicated"
    host = "\(singleID).a.influxdb.io"
    account_id = "\(prodID)"
    cluster_id = "\(singleID)"
    database = "metrics"
    token = "influxctl-db-token-SECRET"

    [profile.auth.oauth2]
        client_id = "client"
        scopes = [""]
        parameters = { audience = "" }
        token_url = "https://idp.example.com/oauth2/v2/token"
        device_url = "https://idp.example.com/oauth2/v2/auth/device"

[[profile]]
    name = "onprem"
    product = "clustered"
    host = "influx.example.com"
    port = "8443"

    [profile.tls]
        insecure = false
        ca = "/etc/ssl/influx-ca.pem"
    [profile.auth.oauth2]
        client_id = "client"
        scopes = [
            "openid",   # who
            "offline",
        ]
        timeout = 1.5
"""

/// An influx CLI configs file as the influx CLI writes it: a `[NAME]` table per config, the active one
/// marked, then its commented-out samples.
private let influxFile = """
[home]
  url = "http://localhost:8086"
  token = "home-token-SECRET=="
  org = "my-org"
  active = true

["eu.cloud"]
  url = "https://eu-central-1-1.aws.cloud2.influxdata.com"
  token = "cloud-token-SECRET=="
  org = "acme"
  previous = true
# 
# [us-west]
#   url = "https://us-west-2-1.aws.cloud2.influxdata.com"
#   token = "XXX"
"""

private let secrets = ["influxctl-db-token-SECRET", "home-token-SECRET", "cloud-token-SECRET"]

/// The mode bits of a file.
private func mode(_ path: String) -> Int? {
    (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? nil
}

/// Whether a run printed any of the secrets of the fixtures.
private func printsSecret(_ r: RunOutput) -> Bool {
    secrets.contains { r.stdout.contains($0) || r.stderr.contains($0) }
}

@Suite struct ProfileImportFromInfluxToolsTests {
    @Test func influxctlProfilesBecomeDedicatedAndClusteredProfilesWithoutAKeyAndSayHowToGiveOne() async throws {
        let dir = TemporaryDirectory()
        _ = dir.write("influxctl.toml", influxctlFile)
        let r = await runVMCtl(["profile", "import", "--from", "influxctl", "--file", dir.path + "/influxctl.toml"], config: nil, directory: dir)
        #expect(r.code == 0)
        #expect(r.stdout == """
        NAME      PRODUCT     URL                                     SCOPE                                          API KEY   FROM
        default   dedicated   https://console.influxdata.com/api/v0   cluster \(singleID)   none      default
        onprem    clustered   https://influx.example.com:8443         -                                              none      onprem

        """)
        #expect(dir.read("config.toml") == """
        default_profile = "default"

        [[profile]]
        name = "default"
        product = "dedicated"
        account_id = "\(prodID)"
        cluster_id = "\(singleID)"
        data_url = "https://\(singleID).a.influxdb.io"

        [[profile]]
        name = "onprem"
        product = "clustered"
        url = "https://influx.example.com:8443"

        """)
        #expect(mode(dir.path + "/config.toml") == 0o600)
        let lines = r.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains("Warning: profiles default, onprem have no API key (influxctl keeps no management token in its file): "
                               + "give each one with 'vmctl profile update default --api-key-env VAR' (or --api-key-file PATH, --api-key-command CMD, --api-key-stdin)"))
        #expect(lines.contains("Warning: influxctl profile onprem names its own TLS files (tls.ca); vmctl does not carry them over: "
                               + "give the CA's file with vmctl profile update onprem --ca-cert FILE"))
        #expect(lines.contains("Imported 2 profiles from \(dir.path)/influxctl.toml into \(dir.path)/config.toml"))
        #expect(lines.contains("default is now the default profile"))
        #expect(lines.contains { $0.contains("database token") && $0.contains("not imported") })
        #expect(!printsSecret(r))

        // The imported profiles are whole vmctl profiles: given a key, they work like any other.
        let update = await runVMCtl(["profile", "update", "onprem", "--api-key-env", "MGMT"], config: nil, directory: dir)
        #expect(update.code == 0)
        let stub = StubTransport().expect("GET", "/api/v0/tokens", json: "[]")
        let list = await runVMCtl(["-p", "onprem", "token", "list"], config: nil, stub: stub, environment: ["MGMT": "mgmt-token-1234"], directory: dir)
        #expect(list.code == 0)
        #expect(stub.requests.first?.url.absoluteString == "https://influx.example.com:8443/api/v0/tokens")
        #expect(stub.requests.first?.headers.first { $0.name == "Authorization" }?.value == "Bearer mgmt-token-1234")
    }

    @Test func influxctlIsReadFromItsOwnDefaultPath() async throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.path + "/xdg/influxctl", withIntermediateDirectories: true)
        _ = dir.write("xdg/influxctl/config.toml", influxctlFile)
        let fromXDG = await runVMCtl(["profile", "import", "--from", "influxctl", "--dry-run", "-o", "json"], config: nil,
                                     environment: ["XDG_CONFIG_HOME": dir.path + "/xdg"], directory: dir)
        #expect(fromXDG.code == 0)
        let first = try #require(try JSONParser.parse(fromXDG.stdout).arrayValue?.first)
        #expect(first["imported_from"] == .obj(["file": .string(dir.path + "/xdg/influxctl/config.toml"), "name": "default"]))

        // Without XDG_CONFIG_HOME: ~/.config/influxctl/config.toml, and when there is none, one error that says so.
        let missing = await runVMCtl(["profile", "import", "--from", "influxctl"], config: nil, directory: dir)
        #expect(missing.code == 3)
        #expect(missing.stderr == "Error: no influxctl config file at \(dir.path)/.config/influxctl/config.toml\ngive its path with --file PATH\n")
        #expect(dir.read("config.toml") == nil)
    }

    @Test func influxConfigsBecomeInfluxDB2ProfilesThatReadTheirTokenFromTheInfluxCLIsFile() async throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.path + "/.influxdbv2", withIntermediateDirectories: true)
        _ = dir.write(".influxdbv2/configs", influxFile)
        let r = await runVMCtl(["profile", "import", "--from", "influx"], config: nil, directory: dir)
        #expect(r.code == 0)
        #expect(r.stdout == """
        NAME       PRODUCT     URL                                                SCOPE        API KEY                                                 FROM
        home       influxdb2   http://localhost:8086                              org my-org   command: token of [home] in the influx CLI's file       home
        eu.cloud   influxdb2   https://eu-central-1-1.aws.cloud2.influxdata.com   org acme     command: token of [eu.cloud] in the influx CLI's file   eu.cloud

        """)
        #expect(r.stderr == """
        Imported 2 profiles from \(dir.path)/.influxdbv2/configs into \(dir.path)/config.toml
        home is now the default profile

        """)
        let config = try #require(try ConfigStore(path: dir.path + "/config.toml", products: products).load())
        #expect(config.defaultProfile == "home")
        #expect(!printsSecret(r))
        #expect(!(dir.read("config.toml") ?? "").contains("SECRET"))

        // The token is read from the influx CLI's file each time, by a command that has no secret in it.
        for (name, token) in [("home", "home-token-SECRET=="), ("eu.cloud", "cloud-token-SECRET==")] {
            let profile = try #require(config.profile(named: name))
            guard case .command(let command) = profile.secret else { Issue.record("\(name): \(String(describing: profile.secret))"); continue }
            #expect(!command.contains(token))
            #expect(try SecretResolver(environment: [:]).resolve(profile.secret!, profile: name).value == token)
        }
        let stub = StubTransport().expect("GET", "/api/v2/authorizations?org=my-org", json: #"{"authorizations":[]}"#)
        let list = await runVMCtl(["token", "list"], config: nil, stub: stub, directory: dir)
        #expect(list.code == 0)
        #expect(stub.requests.first?.headers.first { $0.name == "Authorization" }?.value == "Token home-token-SECRET==")

        // A config gone from the influx CLI's file is said by name, not silently an empty key.
        _ = dir.write(".influxdbv2/configs", "[other]\n  token = \"x\"\n")
        let gone = await runVMCtl(["token", "list"], config: nil, directory: dir)
        #expect(gone.code == 3)
        #expect(gone.stderr.hasPrefix("Error: api_key_command of profile \"home\" failed with exit status 1: no token for [home] in \(dir.path)/.influxdbv2/configs\n"))
    }

    @Test func influxConfigsPathIsHonouredAndCopyTokensStoresTheTokenPrivately() async throws {
        let dir = TemporaryDirectory()
        _ = dir.write("influx-configs", influxFile, mode: 0o644)
        let r = await runVMCtl(["profile", "import", "--from", "influx", "--copy-tokens", "eu.cloud", "-o", "json"], config: nil,
                               environment: ["INFLUX_CONFIGS_PATH": dir.path + "/influx-configs"], directory: dir)
        #expect(r.code == 0)
        #expect(!printsSecret(r))
        let profiles = try #require(try JSONParser.parse(r.stdout).arrayValue)
        #expect(profiles.count == 1)
        #expect(profiles[0]["name"] == "eu.cloud" && profiles[0]["org"] == "acme" && profiles[0]["default"] == .bool(true))
        #expect(profiles[0]["api_key"] == .obj(["source": "config_file", "reference": .null]))
        #expect(dir.read("config.toml")?.contains("api_key = \"cloud-token-SECRET==\"") == true)
        #expect(mode(dir.path + "/config.toml") == 0o600)
    }

    @Test func aDryRunShowsWhatWouldBeMadeAndWritesNothing() async throws {
        let dir = TemporaryDirectory()
        _ = dir.write("configs", influxFile)
        let before = vmcloudConfig()
        let r = await runVMCtl(["profile", "import", "--from", "influx", "--file", dir.path + "/configs", "--dry-run", "-o", "json"],
                               config: before, directory: dir)
        #expect(r.code == 0)
        #expect(dir.read("config.toml") == before)
        #expect(r.stderr == #"{"note":"Dry run: would import 2 profiles from \#(dir.path)/configs into \#(dir.path)/config.toml; nothing written"}"# + "\n")
        let profiles = try #require(try JSONParser.parse(r.stdout).arrayValue)
        #expect(profiles.map { $0["name"] } == ["home", "eu.cloud"])
        // The config keeps its default; the key's source is shown, never the key.
        #expect(profiles.allSatisfy { $0["default"] == .bool(false) && $0["api_key"]?["source"] == "command" })
        #expect(!printsSecret(r))
    }

    @Test func aNameTakenAlreadyImportsNothingUntilPrefixedOrLeftOut() async throws {
        let dir = TemporaryDirectory()
        _ = dir.write("configs", influxFile)
        let taken = vmcloudConfig().replacingOccurrences(of: "name = \"test\"", with: "name = \"home\"")
            .replacingOccurrences(of: "default_profile = \"test\"", with: "default_profile = \"home\"")
        let r = await runVMCtl(["profile", "import", "--from", "influx", "--file", dir.path + "/configs"], config: taken, directory: dir)
        #expect(r.code == 6)
        #expect(r.stderr == """
        Error: profile home is already in \(dir.path)/config.toml: nothing imported
        import the others by name, all of them under other names with --prefix, or delete or rename the profiles in the way first

        """)
        #expect(dir.read("config.toml") == taken)
        let dry = await runVMCtl(["profile", "import", "--from", "influx", "--file", dir.path + "/configs", "--dry-run"], config: nil, directory: dir)
        #expect(dry.code == 6)

        let byName = await runVMCtl(["profile", "import", "--from", "influx", "--file", dir.path + "/configs", "eu.cloud"], config: nil, directory: dir)
        #expect(byName.code == 0)
        let prefixed = await runVMCtl(["profile", "import", "--from", "influx", "--file", dir.path + "/configs", "--prefix", "influx-"],
                                      config: nil, directory: dir)
        #expect(prefixed.code == 0)
        let config = try #require(try ConfigStore(path: dir.path + "/config.toml", products: products).load())
        #expect(config.profiles.map(\.name) == ["home", "eu.cloud", "influx-home", "influx-eu.cloud"])
        #expect(config.defaultProfile == "home")
    }

    @Test func aNameTheFileDoesNotHoldIsNotFound() async {
        let dir = TemporaryDirectory()
        _ = dir.write("configs", influxFile)
        let r = await runVMCtl(["profile", "import", "--from", "influx", "--file", dir.path + "/configs", "home", "us-west"], config: nil, directory: dir)
        #expect(r.code == 5)
        #expect(r.stderr == "Error: no influx CLI config \"us-west\" in \(dir.path)/configs\nit holds home, eu.cloud\n")
        #expect(dir.read("config.toml") == nil)
    }

    @Test func aMalformedFileIsOneErrorLineThatNeverShowsItsText() async {
        let cases: [(String, String)] = [
            ("[home]\n  url = \"http://localhost:8086\"\n  token = \"home-token-SECRET==\n", "3: unterminated string"),
            ("[home]\n  home-token-SECRET+x\n", "2: expected key = value"),
            ("[home]\n  home-token-SECRET==\n", "2: unsupported value"),
            ("[home]\n  url = \"x\"\n  home-token-SECRET+/x = 1\n", "3: invalid key"),
            ("[home]\n  token = \"home-token-SECRET\\q\"\n", "2: invalid escape"),
            ("[home]\n  scopes = [\"home-token-SECRET\",\n", "2: unclosed array"),
            ("[home\"]\n", "1: invalid table header"),
        ]
        for (text, message) in cases {
            let dir = TemporaryDirectory()
            _ = dir.write("configs", text)
            let r = await runVMCtl(["profile", "import", "--from", "influx", "--file", dir.path + "/configs"], config: nil, directory: dir)
            #expect(r.code == 3, "\(message)")
            #expect(r.stderr == "Error: \(dir.path)/configs:\(message)\n")
            #expect(r.stdout.isEmpty && !printsSecret(r))
            #expect(dir.read("config.toml") == nil)
        }
    }

    @Test func anEntryVMCtlCannotTakeImportsNothingAndSaysWhereItIs() async {
        let dir = TemporaryDirectory()
        _ = dir.write("influxctl.toml", """
        [[profile]]
        name = "prod"
        product = "dedicated"
        account_id = "not-a-uuid"
        cluster_id = "\(singleID)"

        [[profile]]
        name = "edge"
        product = "clustered"
        """)
        let r = await runVMCtl(["profile", "import", "--from", "influxctl", "--file", dir.path + "/influxctl.toml"], config: nil, directory: dir)
        #expect(r.code == 3)
        #expect(r.stderr == """
        Error: \(dir.path)/influxctl.toml:1: influxctl profile "prod": account_id "not-a-uuid" is not a UUID
        import the others by name: vmctl profile import --from influxctl NAME...

        """)
        // A Clustered profile's API is on its host, which influxctl calls host.
        let edge = await runVMCtl(["profile", "import", "--from", "influxctl", "--file", dir.path + "/influxctl.toml", "edge"], config: nil, directory: dir)
        #expect(edge.code == 3)
        #expect(edge.stderr == "Error: \(dir.path)/influxctl.toml:7: influxctl profile \"edge\": host is required for product clustered\n")
        #expect(dir.read("config.toml") == nil)

        _ = dir.write("other.toml", "[[profile]]\nname = \"x\"\nproduct = \"vmcloud\"\n")
        let other = await runVMCtl(["profile", "import", "--from", "influxctl", "--file", dir.path + "/other.toml"], config: nil, directory: dir)
        #expect(other.code == 3)
        #expect(other.stderr == "Error: \(dir.path)/other.toml:1: influxctl profile \"x\": product \"vmcloud\" is not one vmctl imports (dedicated or clustered)\n")

        _ = dir.write("empty.toml", "# nothing yet\n")
        let empty = await runVMCtl(["profile", "import", "--from", "influxctl", "--file", dir.path + "/empty.toml"], config: nil, directory: dir)
        #expect(empty.code == 3)
        #expect(empty.stderr == "Error: \(dir.path)/empty.toml holds no influxctl profiles\n")
    }

    @Test func plainHTTPIsImportedButNotAllowedWithoutTheUserSayingSo() async throws {
        let dir = TemporaryDirectory()
        _ = dir.write("influxctl.toml", """
        [[profile]]
        name = "lab"
        product = "clustered"
        host = "influx.lan"
        port = 8086
        [profile.tls]
        disable = true
        """)
        _ = dir.write("configs", "[lan]\n  url = \"http://influx.lan:8086\"\n  token = \"home-token-SECRET\"\n")
        let r = await runVMCtl(["profile", "import", "--from", "influxctl", "--file", dir.path + "/influxctl.toml"], config: nil, directory: dir)
        #expect(r.code == 0)
        #expect(r.stderr.contains("Warning: profile lab talks plain http to influx.lan, as influxctl's tls.disable says; "
                                  + "vmctl refuses that until you allow it: vmctl profile update lab --allow-http\n"))
        let i = await runVMCtl(["profile", "import", "--from", "influx", "--file", dir.path + "/configs"], config: nil, directory: dir)
        #expect(i.code == 0)
        #expect(i.stderr.contains("Warning: profile lan names no org, which every command needs: vmctl profile update lan --org NAME (or --org-id ID)\n"))
        let config = try #require(try ConfigStore(path: dir.path + "/config.toml", products: products).load())
        #expect(config.profile(named: "lab")?.url == "http://influx.lan:8086")
        #expect(config.profile(named: "lab")?.allowHTTP == false && config.profile(named: "lan")?.allowHTTP == false)
        let refused = await runVMCtl(["-p", "lab", "token", "list"], config: nil, environment: ["VMCTL_API_KEY": "k"], directory: dir)
        #expect(refused.code == 3 && refused.stderr.hasPrefix("Error: refusing plain http to influx.lan"))
    }

    @Test func flagsAreCheckedBeforeAnythingIsRead() async {
        let none = await runVMCtl(["profile", "import"], config: nil)
        #expect(none.code == 2 && none.stderr.hasPrefix("Error: --from is required: influxctl or influx\n"))
        let unknown = await runVMCtl(["profile", "import", "--from", "telegraf"], config: nil)
        #expect(unknown.code == 2)
        let copy = await runVMCtl(["profile", "import", "--from", "influxctl", "--copy-tokens"], config: nil)
        #expect(copy.code == 2 && copy.stderr.hasPrefix("Error: --copy-tokens is for --from influx: influxctl's file holds no management token to copy\n"))
    }
}

/// The TOML reader on another program's file: what vmctl's own config refuses is read, and kept as written.
@Suite struct ForeignTOMLTests {
    @Test func readsAnyTableAndKeepsValuesItDoesNotUse() throws {
        let document = try TOMLDocument(parsing: influxctlFile, name: "c.toml", dialect: .foreign)
        let headers = document.sections.compactMap(\.header)
        #expect(headers == [
            .init(path: ["profile"], isArray: true), .init(path: ["profile", "auth", "oauth2"], isArray: false),
            .init(path: ["profile"], isArray: true), .init(path: ["profile", "tls"], isArray: false),
            .init(path: ["profile", "auth", "oauth2"], isArray: false),
        ])
        #expect(document.sections[2].value("scopes") == .unread("[\"\"]"))
        #expect(document.sections[2].value("parameters") == .unread("{ audience = \"\" }"))
        #expect(document.sections[5].value("scopes") == .unread("[ \"openid\", \"offline\", ]"))
        #expect(document.sections[5].value("timeout") == .unread("1.5"))
        #expect(document.sections[5].value("client_id") == .string("client"))
        // Lines keep their numbers in the file, also after an array over several lines.
        let lines = influxctlFile.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(document.sections[5].line(of: "timeout").map { lines[$0 - 1].contains("timeout = 1.5") } == true)
        #expect(document.sections[4].headerLine.map { lines[$0 - 1].contains("[profile.tls]") } == true)
        #expect(TOMLDocument.header("[ \"a b\" . 'c.d' . e ]") == .init(path: ["a b", "c.d", "e"], isArray: false))
        #expect(TOMLDocument.header("[\"x\\\"y\"]") == .init(path: ["x\"y"], isArray: false))
        #expect(TOMLDocument.header("[a..b]") == nil && TOMLDocument.header("[]") == nil && TOMLDocument.header("[a b]") == nil)
    }

    @Test func vmctlsOwnConfigStillHoldsOnlyProfiles() {
        for (text, message) in [("[profile.tls]\n", "c.toml:1: unsupported table [profile.tls]: vmctl's config holds only [[profile]] tables"),
                                ("x = [1]\n", "c.toml:1: unsupported value [1]: use a \"quoted string\", true, false or an integer"),
                                ("x = 1.5\n", "c.toml:1: unsupported value 1.5: use a \"quoted string\", true, false or an integer")] {
            #expect(throws: VMCtlError.config(message)) { try TOMLDocument(parsing: text, name: "c.toml") }
        }
    }
}
