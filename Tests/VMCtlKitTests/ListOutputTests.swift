import Foundation
import Testing
@testable import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCloud
@testable import InfluxDB2
@testable import InfluxDB3
@testable import VMCtlSupport

/// Lists print item by item, as bytes, in the one form asked for; the text is the same as printing the
/// whole table or array at once. Tables keep IDs whole unless the terminal is too narrow.
@Suite struct ListOutputTests {
    /// JSON string escaping as docs/json.md promises it, one scalar at a time: the reference the byte
    /// writer must agree with.
    static func referenceEscape(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    @Test(arguments: ["", "plain", "quote\" back\\slash", "\u{0}\u{1}\u{1F}\u{7F}\u{80}\u{9F}", "line\nfeed\r\ttab",
                      "\u{2027}\u{2028}\u{2029}\u{202A}", "€uro é 😀 e\u{301}", "ends with \u{2028}", "\u{E2}\u{80}",
                      String(repeating: "long run without escapes ", count: 50) + "\""])
    func jsonStringsAreEscapedAsDocumented(_ text: String) {
        #expect(JSONValue.string(text).serialized() == Self.referenceEscape(text))
        #expect(JSONValue.string(text).serializedBytes(pretty: false) == Array(Self.referenceEscape(text).utf8))
    }

    /// Counts calls, to show which form of a list was made.
    final class Calls: @unchecked Sendable {
        private let lock = NSLock()
        private var rows = 0, json = 0
        func row() { lock.withLock { rows += 1 } }
        func item() { lock.withLock { json += 1 } }
        var counts: (rows: Int, json: Int) { lock.withLock { (rows, json) } }
    }

    static func items(_ n: Int, calls: Calls) -> Presentation {
        Presentation.list(Array(0..<n), columns: ["ID", "NAME"], emptyMessage: "No items", row: { i in
            calls.row()
            return ["id-\(i)", i % 7 == 0 ? "nämé \(i) 😀" : "name \"\(i)\""]
        }, shape: JSONShape([
            .string("id") { i in
                calls.item()
                return "id-\(i)"
            },
            .value("n") { .int(Int64($0)) },
            .value("tags") { _ in .array([.string("a\u{2028}"), .null]) },
        ]))
    }

    static func render(_ p: Presentation, _ format: OutputFormat, width: Int? = nil) -> (stdout: String, stderr: String) {
        let out = MemorySink(), err = MemorySink()
        let io = IOStreams(stdin: MemorySource(), stdout: out, stderr: err, stdoutIsTTY: width != nil, terminalWidth: width)
        _ = Renderer(io: io, format: format, color: false).render(CommandResult(p))
        return (out.text, err.text)
    }

    @Test(arguments: [0, 1, 3000])
    func aListPrintsItsJSONItemByItemAsTheWholeArrayWouldBe(count: Int) {
        let calls = Calls()
        let printed = Self.render(Self.items(count, calls: calls), .json)
        #expect(calls.counts.rows == 0, "the table was built though JSON was asked for")
        #expect(calls.counts.json == count)
        #expect(printed.stdout == Self.items(count, calls: Calls()).json.serialized() + "\n")
        #expect(printed.stderr == "")
    }

    @Test(arguments: [1, 3000])
    func aListPrintsItsTableRowByRowAsTheWholeTableWouldBe(count: Int) {
        let calls = Calls()
        let printed = Self.render(Self.items(count, calls: calls), .table)
        #expect(calls.counts.json == 0, "the JSON was built though a table was asked for")
        #expect(calls.counts.rows == count, "each row is made once, kept from measuring to printing")
        let whole = Self.items(count, calls: Calls()).table
        #expect(printed.stdout == TableRenderer(width: nil, style: Style(enabled: false)).render(whole))
        if count == 1 { #expect(printed.stdout == "ID     NAME\nid-0   nämé 0 😀\n") }
    }

    /// Tokens of every shape: all fields, none, text that needs escaping, several permissions, every
    /// product's own attributes.
    static let tokens: [Token] = {
        var vmcloud = Token(id: uuid, description: "grafana \"prod\"\n\u{2028}é😀", product: .vmcloud, createdAt: "2026-01-02T03:04:05Z",
                            createdBy: "me")
        vmcloud[VMCloudToken.deploymentID] = "d1"
        vmcloud[VMCloudToken.tenant] = "0:0"
        vmcloud[VMCloudToken.access] = .readWrite
        vmcloud[VMCloudToken.deploymentName] = "prod"
        var permission = Permission(.write, database: nil, resourceType: "orgs", databaseID: "b1")
        permission.attributes[InfluxDB2Fields.orgID] = "o1"
        permission.attributes[InfluxDB2Fields.resourceID] = "r1"
        var influx2 = Token(id: "t2", description: "", product: .influxdb2, status: "inactive",
                            permissions: [Permission(.read, database: "*"), permission],
                            createdAt: "c", createdBy: "cb", expiresAt: "e", revokedAt: "r", lastUsedAt: "l")
        influx2[InfluxDB2Fields.orgID] = "o"
        influx2[InfluxDB2Fields.userID] = "u"
        influx2[InfluxDB2Fields.access] = .allAccess
        influx2[InfluxDB2Fields.orgName] = "acme"
        var dedicated = Token(id: "t3", description: "tab\there \u{1}", product: .dedicated, permissions: [Permission(.write, database: "db\"1")])
        dedicated[InfluxDB3Fields.accountID] = "a"
        dedicated[InfluxDB3Fields.clusterID] = "c"
        return [vmcloud, influx2, dedicated]
    }()

    static let schema = Products.registry.tokenSchema

    /// The one declaration of a token's JSON gives the same text both ways.
    @Test(arguments: [nil, 0, 1, 3])
    func aTokenWrittenAsBytesIsItsJSONValueWritten(indent: Int?) {
        for token in Self.tokens {
            var direct: [UInt8] = [], viaValue: [UInt8] = []
            Self.schema.shape.write(token, to: &direct, indent: indent)
            Self.schema.json(token).write(to: &viaValue, indent: indent)
            #expect(String(decoding: direct, as: UTF8.self) == String(decoding: viaValue, as: UTF8.self))
        }
    }

    /// Every token carries every registered product's keys, its own filled in and the others null; a key
    /// only for tables (an org's name) never appears.
    @Test func everyTokenHasTheSameKeysWhateverItsProduct() throws {
        let keys = Self.tokens.map { token in Self.schema.json(token).objectKeys }
        #expect(Set(keys.map { $0.joined(separator: ",") }).count == 1)
        let json = Self.schema.json(Self.tokens[1])
        #expect(json["org_id"] == .string("o") && json["access"] == .string("all-access") && json["tenant_id"] == .null)
        #expect(json["org_name"] == nil)
        #expect(json["permissions"]?.arrayValue?[1]["resource_id"] == .string("r1"))
        #expect(Self.schema.json(Self.tokens[0])["type"] == .string("rw"))
    }

    @Test func aTokenListPrintsTheJSONArrayOfItsTokens() {
        let view = TokenView(layout: VMCloudProduct.descriptor.tokenLayout, schema: Self.schema)
        let p = view.list(Self.tokens, scope: "deployment x")
        #expect(Self.render(p, .json).stdout == JSONValue.array(Self.tokens.map { Self.schema.json($0) }).serialized() + "\n")
    }

    @Test func anEmptyListSaysSoOnStderr() {
        #expect(Self.render(Self.items(0, calls: Calls()), .table) == ("", "No items\n"))
    }

    @Test func streamedRowsMatchTheCharacterAwareLayoutWhenCut() {
        // ASCII rows take the byte path, the others the character-aware one; both cut and pad alike.
        let rows = [["a", "short", "x"], ["b", String(repeating: "é", count: 30), "y"], ["c", String(repeating: "e", count: 30), "z"],
                    ["d", "ends in space ", ""]]
        let text = TableRenderer(width: 24, style: Style(enabled: false)).render(.list(columns: ["K", "TEXT", "V"], rows: rows))
        #expect(text == """
        K   TEXT               V
        a   short              x
        b   ééééééééééééééé…   y
        c   eeeeeeeeeeeeeee…   z
        d   ends in space

        """)
    }

    static let uuid = "5f0c2d7e-3b1a-4c9e-9d2f-1a2b3c4d5e6f"
    let tokensPath = "/api/v1/deployments/\(prodID)/access_tokens"
    static let table = TableView.list(columns: ["ID", "DESCRIPTION", "DEPLOYMENT ID"],
                                      rows: [[uuid, String(repeating: "grafana dashboards ", count: 4), uuid]])

    @Test func idsStayWholeWhenOtherColumnsCanGive() {
        let text = TableRenderer(width: 100, style: Style(enabled: false)).render(Self.table)
        let line = String(text.split(separator: "\n")[1])
        #expect(line.hasPrefix(Self.uuid + "   "))
        #expect(line.hasSuffix("…   " + Self.uuid))
        #expect(line.count == 100)
    }

    @Test func idsAreCutOnlyWhenNothingElseCanGive() {
        let text = TableRenderer(width: 40, style: Style(enabled: false)).render(Self.table)
        let line = String(text.split(separator: "\n")[1])
        #expect(!line.contains(Self.uuid))
        #expect(line.count <= 40)
        #expect(line.hasPrefix("5f0c2d7e"))
    }

    @Test func notATerminalNeverCuts() {
        let text = TableRenderer(width: nil, style: Style(enabled: false)).render(Self.table)
        #expect(text.components(separatedBy: Self.uuid).count == 3)
        #expect(!text.contains("…"))
    }

    @Test func tokenListOnAWideTerminalShowsFullIDs() async {
        let json = #"[{"id":"\#(Self.uuid)","type":"r","description":"\#(String(repeating: "d", count: 70))","created_at":"2026-01-02T03:04:05Z"}]"#
        let wide = await runVMCtl(["token", "list"], stub: StubTransport().expect("GET", tokensPath, json: json), environment: ["NO_COLOR": "1"], stdoutTTY: true, width: 120)
        #expect(wide.stdout.contains(Self.uuid))
        #expect(wide.stdout.split(separator: "\n").allSatisfy { $0.count <= 120 })
        let narrow = await runVMCtl(["token", "list"], stub: StubTransport().expect("GET", tokensPath, json: json), environment: ["NO_COLOR": "1"], stdoutTTY: true, width: 60)
        #expect(!narrow.stdout.contains(Self.uuid))
        #expect(narrow.stdout.split(separator: "\n").allSatisfy { $0.count <= 60 })
    }

    @Test func columnsTellsTheWidthBeforeTheTerminalDoes() {
        // fd -1 is no terminal: only COLUMNS can tell.
        #expect(Terminal.width(fd: -1, columns: "132") == 132)
        #expect(Terminal.width(fd: -1, columns: " 90 ") == 90)
        #expect(Terminal.width(fd: -1, columns: "0") == nil)
        #expect(Terminal.width(fd: -1, columns: "wide") == nil)
        #expect(Terminal.width(fd: -1, columns: nil) == nil)
    }
}

/// Timestamps already in vmctl's form skip parsing; the result is the same as parsing and formatting.
@Suite struct TimestampFastPathTests {
    @Test(arguments: ["2026-11-23T18:57:07Z", "2026-11-23T18:57:07.120Z", "1999-01-01T00:00:00.001Z", "2026-02-30T00:00:00Z",
                      "2026-11-23T18:57:60Z", "2026-11-23T18:57:07.000Z", "2026-11-23t18:57:07Z", "2026-11-23T18:57:07.5Z",
                      "2026-11-23T20:57:07+02:00", "2026-13-01T00:00:00Z", "not a time", ""])
    func normalizeIsParseThenFormat(_ text: String) {
        #expect(RFC3339.normalize(text) == (RFC3339.parse(text).map(RFC3339.format) ?? text))
    }

    @Test func everyFormattedTimeHasTheCanonicalShape() {
        var seconds = 0.0
        for step in 0..<5000 {
            seconds += 86_399.937 + Double(step % 13)
            let text = RFC3339.format(Date(timeIntervalSince1970: seconds))
            #expect(RFC3339.isCanonicalShape(text), "\(text)")
            #expect(RFC3339.normalize(text) == text)
        }
        #expect(!RFC3339.isCanonicalShape("2026-11-23T18:57:07.000Z") && !RFC3339.isCanonicalShape("2026-11-23T18:57:60Z"))
    }
}
