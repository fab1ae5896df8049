import Foundation
import Testing
@testable import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCloud
@testable import InfluxDB2
@testable import InfluxDB3
@testable import VMCtlSupport

/// Bugs the fuzz targets (Fuzz/, scripts/fuzz.sh) found, each reproduced as an ordinary test. The
/// reproducers themselves are in the targets' seed corpora, named `regression-…`.
@Suite struct FuzzRegressionTests {
    /// TOMLConfig: a string value whose first character is a combining mark was written as a quote plus
    /// that mark, which Swift counts as one Character, so the reader did not see a string at all and the
    /// config file could no longer be read.
    @Test(arguments: ["\u{361}abc", "a\u{301}", "'\u{301}", "\"\u{20DD}", "\u{300}"])
    func stringsStartingOrEndingWithACombiningMarkReadBack(_ value: String) throws {
        #expect(try TOMLDocument.parseValue(TOMLDocument.quote(value)) == .string(value))
        var config = ConfigFile(emptyAt: "config.toml", products: Products.registry)
        try config.add(Profile(name: "p", product: .vmcloud, settings: ["deployment": value], secret: .environment("K")))
        let again = try ConfigFile(path: "config.toml", text: config.rendered(), products: Products.registry)
        #expect(again.profile(named: "p")?.setting("deployment") == value)
    }

    @Test func aLiteralStringHoldsNoQuoteEvenWithACombiningMark() throws {
        #expect(throws: TOMLDocument.ValueError.self) { try TOMLDocument.parseValue("'a'\u{301}b'") }
        #expect(try TOMLDocument.parseValue("'\u{301}x'") == .string("\u{301}x"))
    }

    /// TOMLConfig: `profile create --deployment ""` passed the profile rules, was written, and then refused
    /// by the reader ("deployment is empty"), as a config error naming a line of a file never written.
    @Test(arguments: [["--deployment", ""], ["--url", ""], ["--api-key-file", ""]])
    func profileCreateRefusesEmptyValuesBeforeWriting(_ flag: [String]) async {
        let dir = TemporaryDirectory()
        let r = await runVMCtl(["profile", "create", "p", "--product", "vmcloud"] + flag + (flag[0] == "--api-key-file" ? [] : ["--api-key-env", "K"]),
                               config: nil, directory: dir)
        #expect(r.code == 2)
        #expect(r.stderr.hasPrefix("Error: \(flag[0]) is empty\n"))
        #expect(dir.read("config.toml") == nil)
    }

    /// JSONParser: a number beyond Double's range was taken as infinity (and printed back as null), where
    /// JSONSerialization refuses it.
    @Test(arguments: ["22221e22222211", "1e999", "-1e400", "[1, 2e309]"])
    func numbersOutOfRangeAreRefused(_ text: String) {
        #expect(throws: JSONParser.Error(message: "number out of range", offset: text.hasPrefix("[") ? 4 : 0)) { try JSONParser.parse(text) }
    }

    @Test func tinyNumbersBecomeZero() throws {
        #expect(try JSONParser.parse("1e-400") == .double(0))
    }

    /// TOMLConfig: a line ending in several carriage returns (CR CR LF) lost one of them each time the file
    /// was written and read again, so what vmctl wrote did not read back the same.
    @Test func carriageReturnsBeforeALineEndAllGoWithIt() throws {
        let text = "#\r\r\r\ndefault_profile = \"p\"\r\r\n\r\r\n[[profile]]\r\nname = \"p\"\r\r\nproduct = \"vmcloud\"\napi_key_env = \"K\"\r\n"
        let document = try TOMLDocument(parsing: text, name: "config.toml")
        let rendered = document.render()
        #expect(rendered == "#\ndefault_profile = \"p\"\n\n[[profile]]\nname = \"p\"\nproduct = \"vmcloud\"\napi_key_env = \"K\"\n")
        #expect(try TOMLDocument(parsing: rendered, name: "config.toml").render() == rendered)
        #expect(try ConfigFile(path: "config.toml", text: text, products: Products.registry).profile(named: "p")?.product == .vmcloud)
    }

    /// Durations and InfluxDB2Responses: a bucket whose retention (seconds, 64 bits on the wire) is beyond
    /// Int64 once held as a Double trapped in `--format json` (`Int64(Double(Int64.max))`).
    @Test func retentionBeyondInt64PrintsAsJSON() throws {
        let database = Database(name: "b", product: .influxdb2, retentionSeconds: Double(Int64.max))
        let shape = Database.shape(Products.registry.databaseSchema)
        let json = try JSONParser.parse(shape.value(of: database).serialized())
        #expect(json["retention_period_seconds"] == .double(9.223372036854776e18))
        #expect(shape.value(of: Database(name: "b", product: .influxdb2, retentionSeconds: 2592000.9))["retention_period_seconds"] == .int(2592000))
    }

    @Test func bucketListWithTheLargestRetentionPrintsJSON() async throws {
        let stub = StubTransport()
            .expect("GET", "/api/v2/buckets?orgID=0a1b2c3d4e5f6071&limit=100&offset=0",
                    json: #"{"buckets": [{"id": "b1", "name": "forever", "retentionRules": [{"type": "expire", "everySeconds": 9223372036854775807}]}]}"#)
        let config = """
        [[profile]]
        name = "default"
        product = "influxdb2"
        url = "http://127.0.0.1:9"
        org_id = "0a1b2c3d4e5f6071"
        api_key = "\(sandboxKey)"
        """
        let r = await runVMCtl(["database", "list", "--format", "json"], config: config, stub: stub)
        #expect(r.code == 0)
        #expect(try JSONParser.parse(r.stdout).arrayValue?.first?["retention_period_seconds"] == .double(9.223372036854776e18))
    }

    /// VMCloudResponses: 'deployment update' converted the current settings from the server's answer with
    /// UInt32(_:) and UInt64(_:), so a negative tier or storage, or a retention beyond 32 bits, trapped.
    @Test(arguments: [("tier", "-1"), ("tier", "4294967296"), ("storage_size_gb", "-50"), ("retention_value", "4294967296"),
                      ("deduplication_value", "-30")])
    func deploymentUpdateRefusesCurrentSettingsOutOfRange(field: String, value: String) async {
        let settings = [("tier", "10"), ("storage_size_gb", "50"), ("retention_value", "3"), ("deduplication_value", "30")]
            .map { $0.0 == field ? (field, value) : $0 }.map { "\"\($0.0)\": \($0.1)" }
        let info = "{\"id\": \"\(prodID)\", \"name\": \"metrics\", \"type\": \"cluster\", \"retention_unit\": \"m\", \"deduplication_unit\": \"s\", "
            + settings.joined(separator: ", ") + "}"
        let stub = StubTransport().expect("GET", "/api/v1/deployments/\(prodID)", json: info)
        let r = await runVMCtl(["deployment", "update", prodID, "--maintenance-window", "business"], stub: stub)
        #expect(r.code == 1)
        #expect(r.stderr.hasPrefix("Error: unexpected response from the server: \(field) is \(value)\n"))
        #expect(!stub.requests.contains { $0.method == "PUT" })
    }

    /// ArgumentParser: 'vmctl rule upload x//é//' crashed in NSString.lastPathComponent, which traps in
    /// swift-corelibs-foundation on a non-ASCII component between doubled slashes; a config path such as
    /// VMCTL_CONFIG=dir//é// crashed the same way in deletingLastPathComponent.
    @Test(arguments: [("x//é//", "é", "x"), ("/a/b/", "b", "/a"), ("/a", "a", "/"), ("a", "a", ""), ("/", "/", "/"), ("", "", ""),
                      ("rules//é.yml", "é.yml", "rules"), ("./a/b", "b", "./a")])
    func pathComponentsOfAnyPath(path: String, last: String, parent: String) {
        #expect(PathComponents.last(of: path) == last)
        #expect(PathComponents.parent(of: path) == parent)
    }

    @Test func ruleUploadNamesTheFileByItsLastComponentWhateverItsSlashes() throws {
        #expect(usageError(["rule", "upload", "x//é//"])?.message.hasPrefix("invalid rule file name \"é\"") == true)
        #expect(try command(RuleUploadCommand.self, ["rule", "upload", "rules//alerts.yml//"]).name == "alerts.yml")
    }

    @Test func aConfigPathWithDoubledSlashesAroundANonASCIINameIsAnError() async {
        let dir = TemporaryDirectory()
        let r = await runVMCtl(["profile", "create", "p", "--product", "vmcloud", "--api-key-env", "K"], config: nil,
                               environment: ["VMCTL_CONFIG": dir.path + "//é//"], directory: dir)
        #expect(r.code == 3)
        #expect(r.stderr.hasPrefix("Error: "))
    }
}
