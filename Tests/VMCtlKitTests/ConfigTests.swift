import Foundation
import Testing
@testable import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCloud
@testable import InfluxDB2
@testable import InfluxDB3
@testable import VMCtlSupport

/// The TOML subset, profile validation, and the file rules: 0600, atomic, locked, refused when unsafe.
@Suite struct ConfigTests {
    @Test func readsTheSubset() throws {
        let text = """
        # vmctl config
        default_profile = "prod"   # the usual one

        [[profile]]
        name = "prod"
        product = "vmcloud"
        deployment = 'prod # cluster'
        api_key_env = "VMCLOUD_API_KEY"
        allow_http = false

        [[ profile ]]
        name = "local"
        product = "clustered"
        url = "http://127.0.0.1:8080"
        api_key = "esc\\"aped\\u00e9\\n"
        """
        let config = try ConfigFile(path: "c.toml", text: text, products: Products.registry)
        #expect(config.defaultProfile == "prod")
        #expect(config.profiles.map(\.name) == ["prod", "local"])
        #expect(config.profiles[0].setting("deployment") == "prod # cluster")
        #expect(config.profiles[0].secret == .environment("VMCLOUD_API_KEY"))
        #expect(config.profiles[1].secret == .literal("esc\"apedé\n"))
        #expect(config.profiles[0].effectiveURL == "https://api.victoriametrics.cloud")
        #expect(config.rendered() == text + "\n")
    }

    @Test func windowsLineEndsAndTabs() throws {
        let config = try ConfigFile(path: "c.toml", text: "default_profile = \"p\"\r\n[[profile]]\r\n\tname = \"p\"\t# tab\r\nproduct = \"vmcloud\"\r\n", products: Products.registry)
        #expect(config.defaultProfile == "p")
        #expect(config.profiles.first?.product == .vmcloud)
    }

    @Test(arguments: [
        ("nonsense", "c.toml:1: expected key = value, got \"nonsense\""),
        ("[profile]", "c.toml:1: unsupported table [profile]: vmctl's config holds only [[profile]] tables"),
        ("[[server]]", "c.toml:1: unknown table [[server]]: vmctl's config holds only [[profile]] tables"),
        ("colour = \"red\"", "c.toml:1: unknown key \"colour\" (the top level holds only default_profile and [[profile]] tables)"),
        ("default_profile = 3", "c.toml:1: default_profile must be a string"),
        ("default_profile = \"a", "c.toml:1: unterminated string \"a"),
        ("x = 1.5", "c.toml:1: unsupported value 1.5: use a \"quoted string\", true, false or an integer"),
        ("default_profile = \"a\"\ndefault_profile = \"b\"", "c.toml:2: default_profile is set twice in the same table"),
        ("[[profile]]\nname = \"p\"\nproduct = \"vmcloud\"\ndeplyoment = \"x\"", "c.toml:4: unknown key \"deplyoment\" in [[profile]] (did you mean \"deployment\"?)"),
        ("[[profile]]\nproduct = \"vmcloud\"", "c.toml:1: [[profile]] has no name"),
        ("[[profile]]\nname = \"p\"\nproduct = \"prometheus\"", "c.toml:3: unknown product \"prometheus\": use vmcloud, dedicated, clustered or influxdb2"),
        ("[[profile]]\nname = \"p\"\nproduct = \"vmcloud\"\napi_key = \"a\"\napi_key_env = \"B\"", "c.toml:5: api_key and api_key_env cannot be used together; keep exactly one"),
        ("[[profile]]\nname = \"p\"\nproduct = \"vmcloud\"\norg = \"o\"", "c.toml:4: org does not apply to product \"vmcloud\" (only influxdb2)"),
        ("[[profile]]\nname = \"p\"\nproduct = \"dedicated\"\naccount_id = \"x\"\ncluster_id = \"y\"", "c.toml:4: account_id \"x\" is not a UUID"),
        ("[[profile]]\nname = \"p\"\nproduct = \"influxdb2\"", "c.toml:1: url is required for product influxdb2"),
        ("[[profile]]\nname = \"p\"\nproduct = \"vmcloud\"\nurl = \"api.example.com\"", "c.toml:4: invalid url: \"api.example.com\" is not an http:// or https:// URL"),
        ("[[profile]]\nname = \"p\"\nproduct = \"vmcloud\"\nallow_http = \"yes\"", "c.toml:4: allow_http must be true or false"),
        ("[[profile]]\nname = \"p\"\nproduct = \"vmcloud\"\n[[profile]]\nname = \"p\"\nproduct = \"vmcloud\"", "c.toml:4: profile \"p\" is defined twice"),
    ] as [(String, String)])
    func errorsNameTheLine(text: String, message: String) {
        let error = #expect(throws: VMCtlError.self) { try ConfigFile(path: "c.toml", text: text, products: Products.registry) }
        #expect(error?.message == message)
        #expect(error?.exitCode == 3)
    }

    @Test func editsKeepCommentsAndRoundTrip() throws {
        let text = """
        # my profiles
        default_profile = "a"

        # staging, do not use for prod
        [[profile]]
        name = "a"
        product = "vmcloud"   # inline comment
        api_key_env = "A_KEY"

        # the other one
        [[profile]]
        name = "b"
        product = "vmcloud"
        """
        var config = try ConfigFile(path: "c.toml", text: text, products: Products.registry)
        try config.add(Profile(name: "c", product: .vmcloud, settings: ["deployment": "d\"q"], secret: .literal("k\\ey")))
        try config.setDefault("c")
        try config.remove(named: "b")
        #expect(config.rendered() == """
        # my profiles
        default_profile = "c"

        # staging, do not use for prod
        [[profile]]
        name = "a"
        product = "vmcloud"   # inline comment
        api_key_env = "A_KEY"

        [[profile]]
        name = "c"
        product = "vmcloud"
        deployment = "d\\"q"
        api_key = "k\\\\ey"

        """)
        let reread = try ConfigFile(path: "c.toml", text: config.rendered(), products: Products.registry)
        #expect(reread.profile(named: "c")?.setting("deployment") == "d\"q")
        #expect(reread.profile(named: "c")?.secret == .literal("k\\ey"))
        try config.remove(named: "c")
        #expect(config.defaultProfile == nil)
    }

    @Test func groupReadableFileWithAKeyIsRefusedWithTheFix() throws {
        let dir = TemporaryDirectory()
        let path = dir.write("config.toml", "[[profile]]\nname = \"p\"\nproduct = \"vmcloud\"\napi_key = \"abc\"\n", mode: 0o644)
        let error = #expect(throws: VMCtlError.self) { try ConfigStore(path: path, products: Products.registry).load() }
        #expect(error?.message == "\(path) holds an API key and can be read by other users (mode 644)")
        #expect(error?.hint == "run: chmod 600 \(path)")
        #expect(error?.exitCode == 3)
        // Without a literal key, a readable file is fine.
        let safe = dir.write("other.toml", "[[profile]]\nname = \"p\"\nproduct = \"vmcloud\"\napi_key_env = \"K\"\n", mode: 0o644)
        #expect(try ConfigStore(path: safe, products: Products.registry).load()?.profiles.count == 1)
    }

    @Test func writesAre0600InA0700DirectoryAndLeaveNoTemporaryFiles() throws {
        let dir = TemporaryDirectory()
        let path = dir.path + "/new/vmctl/config.toml"
        let old = umask(0o022)
        defer { umask(old) }
        try ConfigStore(path: path, products: Products.registry).update { try $0.add(Profile(name: "p", product: .vmcloud, secret: .literal("secret-key"))) }
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let dirAttributes = try FileManager.default.attributesOfItem(atPath: dir.path + "/new/vmctl")
        #expect((dirAttributes[.posixPermissions] as? Int) == 0o700)
        let entries = try FileManager.default.contentsOfDirectory(atPath: dir.path + "/new/vmctl").sorted()
        #expect(entries == ["config.toml", "config.toml.lock"])
    }

    @Test func concurrentWritersLoseNothing() async throws {
        let dir = TemporaryDirectory()
        let store = ConfigStore(path: dir.path + "/config.toml", products: Products.registry)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<16 {
                group.addTask {
                    try store.update { try $0.add(Profile(name: "p\(i)", product: .vmcloud, secret: .environment("K"))) }
                }
            }
            try await group.waitForAll()
        }
        let config = try #require(try store.load())
        #expect(Set(config.profiles.map(\.name)) == Set((0..<16).map { "p\($0)" }))
    }
}

/// Secret sources: env, file, command; and VMCTL_API_KEY.
@Suite struct SecretResolverTests {
    @Test func environmentVariable() throws {
        let resolver = SecretResolver(environment: ["MY_KEY": "  value-1  \n"])
        #expect(try resolver.resolve(.environment("MY_KEY"), profile: "p") == ResolvedSecret(value: "value-1", origin: "env MY_KEY"))
        let error = #expect(throws: VMCtlError.self) { try resolver.resolve(.environment("OTHER"), profile: "p") }
        #expect(error?.message == "environment variable OTHER is not set (api_key_env of profile \"p\")")
        #expect(error?.exitCode == 3)
    }

    @Test func fileMustBePrivate() throws {
        let dir = TemporaryDirectory()
        let good = dir.write("key", "file-secret\nsecond line\n", mode: 0o600)
        let resolver = SecretResolver(environment: ["HOME": dir.path])
        #expect(try resolver.resolve(.file("~/key"), profile: "p").value == "file-secret")
        #expect(try resolver.resolve(.file(good), profile: "p").origin == "file \(good)")
        let open = dir.write("open", "x", mode: 0o640)
        let error = #expect(throws: VMCtlError.self) { try resolver.resolve(.file(open), profile: "p") }
        #expect(error?.hint == "run: chmod 600 \(open)")
        #expect(throws: VMCtlError.self) { try resolver.resolve(.file(dir.path + "/missing"), profile: "p") }
    }

    @Test func commandRunsInAShell() throws {
        let resolver = SecretResolver(environment: [:])
        #expect(try resolver.resolve(.command("printf 'from-command\\nmore'"), profile: "p").value == "from-command")
        let failing = #expect(throws: VMCtlError.self) { try resolver.resolve(.command("echo nope >&2; exit 3"), profile: "p") }
        #expect(failing?.message == "api_key_command of profile \"p\" failed with exit status 3: nope")
        let silent = #expect(throws: VMCtlError.self) { try resolver.resolve(.command("true"), profile: "p") }
        #expect(silent?.message == "api_key_command of profile \"p\" printed nothing")
    }

    @Test func profileWithoutSecretNeedsOne() throws {
        let resolver = SecretResolver(environment: [:])
        let error = #expect(throws: VMCtlError.self) {
            try resolver.resolve(Profile(name: "p", product: .vmcloud), profileFlagGiven: false)
        }
        #expect(error?.message == "profile \"p\" has no API key")
        let withEnv = SecretResolver(environment: ["VMCTL_API_KEY": "k"])
        #expect(try withEnv.resolve(Profile(name: "p", product: .vmcloud), profileFlagGiven: false).origin == "env VMCTL_API_KEY")
        #expect(throws: VMCtlError.self) { try withEnv.resolve(Profile(name: "p", product: .vmcloud), profileFlagGiven: true) }
    }
}
