import Foundation
import Testing
@testable import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCloud
@testable import InfluxDB2
@testable import InfluxDB3
@testable import VMCtlSupport

@Suite struct JSONTests {
    @Test func parsesAndSerializesKeepingKeyOrder() throws {
        let text = #"{"b":1,"a":[true,false,null,-2.5,"x\"y\\z\n\u00e9\ud83d\ude00"],"c":{}}"#
        let value = try JSONParser.parse(text)
        #expect(value["a"]?.arrayValue?[4] == .string("x\"y\\z\né😀"))
        #expect(value.serialized(pretty: false) == #"{"b":1,"a":[true,false,null,-2.5,"x\"y\\z\né😀"],"c":{}}"#)
        #expect(JSONValue.obj(["k": .array([])]).serialized() == "{\n  \"k\": []\n}")
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "01", "1.", "\"\\x\"", "\"\u{1}\"", "tru", "[1] 2", "\"\\ud800\"",
                      String(repeating: "[", count: 300)])
    func rejectsMalformedInput(_ text: String) {
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse(text) }
    }

    @Test func escapesControlCharactersWhenSerializing() {
        #expect(JSONValue.string("a\u{1B}b\u{2028}").serialized() == #""a\u001bb\u2028""#)
    }
}

@Suite struct TimeTests {
    @Test(arguments: [
        ("2026-11-23T18:57:07Z", "2026-11-23T18:57:07Z"),
        ("2026-11-23T18:57:07.5Z", "2026-11-23T18:57:07.500Z"),
        ("2026-11-23T20:57:07+02:00", "2026-11-23T18:57:07Z"),
        ("2026-11-23t18:57:07.123456789-00:30", "2026-11-23T19:27:07.123Z"),
    ])
    func rfc3339(input: String, canonical: String) throws {
        let date = try #require(RFC3339.parse(input))
        #expect(RFC3339.format(date) == canonical)
    }

    @Test(arguments: ["2026-02-30T00:00:00Z", "2026-11-23", "2026-11-23T18:57:07", "2026-13-01T00:00:00Z", "x", "2026-11-23T18:57:07Z "])
    func rfc3339Rejects(_ input: String) {
        #expect(RFC3339.parse(input) == nil)
    }

    @Test func durations() {
        let eighteenMonths: Double = 31_536_000 + 15_552_000
        #expect(HumanDuration.parse("1y6mo", units: .lifetime) == eighteenMonths)
        #expect(HumanDuration.parse("2.5d", units: .lifetime) == 216_000)
        #expect(HumanDuration.parse("90m", units: .timeout) == 5400)
        #expect(HumanDuration.parse("500ms", units: .timeout) == 0.5)
        #expect(HumanDuration.parse("5", units: .timeout) == nil)
        #expect(HumanDuration.parse("5x", units: .timeout) == nil)
        #expect(HumanDuration.parse("1d", units: .timeout) == nil)
        #expect(HumanDuration.parse("99999999999999999999y", units: .lifetime) == nil)
        let threeThousandYears: Double = 3000 * 31_536_000
        #expect(HumanDuration.parse("3000y", units: .lifetime) == threeThousandYears)
        #expect(HumanDuration.format(seconds: 31_536_000 + 15_552_000, units: .lifetime) == "1y6mo")
        #expect(HumanDuration.format(seconds: 9000, units: .lifetime) == "2h30m")
    }

    @Test func retryAfterSecondsAndDates() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(RetryPolicy.retryAfter("3", now: now) == 3)
        #expect(RetryPolicy.retryAfter("Mon, 12 Jan 1970 13:46:50 GMT", now: now) == 10)
        #expect(RetryPolicy.retryAfter("soon", now: now) == nil)
    }
}

@Suite struct OutputTests {
    @Test func tablesAreTruncatedOnlyOnATerminal() {
        let view = TableView.list(columns: ["ID", "DESCRIPTION"], rows: [["1", String(repeating: "d", count: 60)]])
        let wide = TableRenderer(width: nil, style: Style(enabled: false)).render(view)
        #expect(wide.split(separator: "\n")[1].count == 65)
        let narrow = TableRenderer(width: 30, style: Style(enabled: false)).render(view)
        #expect(narrow.split(separator: "\n").allSatisfy { $0.count <= 30 })
        #expect(narrow.contains("…"))
    }

    @Test func serverTextCannotReachTheTerminalAsControlCharacters() {
        let view = TableView.list(columns: ["A"], rows: [["evil\u{1B}[2Jtext\nnext\tcol"]])
        #expect(TableRenderer(width: nil, style: Style(enabled: false)).render(view) == "A\nevil?[2Jtext\\nnext col\n")
    }

    @Test func colourOnlyWhenEnabled() {
        #expect(Style(enabled: true).red("x") == "\u{1B}[31mx\u{1B}[0m")
        #expect(Style(enabled: false).red("x") == "x")
    }

    @Test func redactorMasksFieldsHeadersAndKnownSecrets() {
        let redactor = Redactor(secrets: ["super-secret-key"])
        #expect(redactor.header(name: "x-vm-cloud-access", value: "anything") == "[REDACTED]")
        #expect(redactor.header(name: "Authorization", value: "Bearer x") == "[REDACTED]")
        #expect(redactor.body(Data(#"{"id":"1","value":"v","nested":[{"accessToken":"a","token":null}]}"#.utf8))
                == #"{"id":"1","value":"[REDACTED]","nested":[{"accessToken":"[REDACTED]","token":null}]}"#)
        #expect(redactor.body(Data("plain super-secret-key text".utf8)) == "plain [REDACTED] text")
    }

    @Test func helpIsGeneratedFromTheTree() {
        let help = HelpRenderer.render([CommandTree.root(for: Products.registry), TokenCommands.group], products: Products.registry)
        #expect(help.contains("Commands:\n  create     create an access token\n"))
        #expect(help.contains("delete     revoke access tokens (InfluxDB 2 deletes them) (alias: revoke)"))
        #expect(help.contains("Run 'vmctl token <command> --help' for more about a command."))
    }

    @Test func everyCommandThatChangesSomethingHasExamples() {
        func walk(_ spec: CommandSpec, _ path: String) {
            if spec.runner != nil, !spec.hidden, ["create", "delete", "update", "use", "upload", "rename", "undelete", "revoke"].contains(spec.name) {
                #expect(!spec.examples.isEmpty, "\(path) has no examples")
            }
            for sub in spec.subcommands { walk(sub, path + " " + sub.name) }
        }
        walk(CommandTree.root(for: Products.registry), "vmctl")
    }
}
