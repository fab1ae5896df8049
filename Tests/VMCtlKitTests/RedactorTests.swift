import Foundation
import Testing
@testable import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCloud
@testable import InfluxDB2
@testable import InfluxDB3
@testable import VMCtlSupport

/// Redaction that does not depend on parsing (docs/contract.md, redaction in --debug).
@Suite struct RedactorTests {
    static let apiKey = "vmc-live-key-0123456789abcdefXYZ"
    static let secret = "tok-secret-9f8e7d6c5b4a39281706"

    /// A token answer of each product, with the secret in that product's field.
    static let answers: [(product: String, body: String)] = [
        ("vmcloud", #"{"id":"a1","value":"\#(secret)","type":"rw","description":"ci"}"#),
        ("dedicated", #"{"id":"a1","accountId":"acc","clusterId":"c","accessToken":"\#(secret)","description":"ci","permissions":[{"action":"read","resource":"db"}]}"#),
        ("clustered", #"{"id":"a1","accessToken":"\#(secret)","description":"ci","permissions":[]}"#),
        ("influxdb2", #"{"id":"a1","token":"\#(secret)","status":"active","orgID":"o1","permissions":[{"action":"read","resource":{"type":"buckets"}}]}"#),
        ("apikey", #"{"id":"k1","name":"ci","api_key":"\#(secret)"}"#),
        ("generic", #"{"data":{"key":"\#(secret)"}}"#),
    ]

    /// Ways a body arrives broken.
    static func damaged(_ body: String) -> [(String, String)] {
        let cut = body.range(of: secret)!.lowerBound
        return [
            ("valid", body),
            ("stray bytes after the object", body + "\u{0}garbage}{]"),
            ("stray text after the object", body + "\nHTTP/1.1 200 OK"),
            ("two objects", body + body),
            ("truncated inside the secret", String(body[..<body.index(cut, offsetBy: 10)])),
            ("truncated after the secret", String(body[..<body.index(cut, offsetBy: secret.count + 1)])),
            ("missing closing brace", String(body.dropLast())),
            ("pretty printed", body.replacingOccurrences(of: ":", with: " :\n  ").replacingOccurrences(of: ",", with: ",\n")),
            ("in an HTML page", "<html><body><pre>\(body)</pre></body></html>"),
            ("escaped inside a string", #"{"error":"bad input: \#(body.replacingOccurrences(of: "\"", with: "\\\""))"}"#),
            ("as a list of many", "[" + Array(repeating: body, count: 3000).joined(separator: ",")),
            ("huge, secret at the end", "[" + String(repeating: #"{"id":"x","description":"filler"},"#, count: 40_000) + body + "]"),
        ]
    }

    @Test(arguments: answers.map(\.product))
    func noSecretSurvivesAnyDamagedAnswer(product: String) {
        let body = Self.answers.first { $0.product == product }!.body
        for (what, text) in Self.damaged(body) {
            let redactor = Redactor(secrets: [Self.apiKey])
            // Bodies of any size go through body(); text() gets what errors quote, which is short.
            let shown = redactor.body(Data(text.utf8)) + (text.utf8.count < 100_000 ? redactor.text(text) : "")
            #expect(!shown.contains(Self.secret), "\(product), \(what): \(shown.prefix(300))")
            #expect(!shown.contains(String(Self.secret.prefix(10))), "\(product), \(what): a piece of the secret shows")
        }
    }

    @Test func aSecretSeenInAResponseIsMaskedEverywhereAfter() {
        let redactor = Redactor(secrets: [Self.apiKey])
        redactor.learn(fromResponse: Data(#"{"id":"a1","value":"\#(Self.secret)"}trailing"#.utf8))
        #expect(redactor.text("server says: \(Self.secret) is invalid") == "server says: [REDACTED] is invalid")
        #expect(redactor.body(Data("<html>\(Self.secret)</html>".utf8)) == "<html>[REDACTED]</html>")
        // A truncated answer still teaches what it holds whole... and a short or masked value is not learned.
        redactor.learn(fromResponse: Data(#"[{"token":"short"},{"value":"****abcd1234efgh5678"},{"key":"linux-cpu-label"}"#.utf8))
        #expect(redactor.text("short ****abcd1234efgh5678 linux-cpu-label") == "short ****abcd1234efgh5678 linux-cpu-label")
    }

    @Test func theAPIKeyIsMaskedInHeadersURLsAndText() {
        let redactor = Redactor(secrets: [Self.apiKey])
        #expect(redactor.header(name: "X-VM-Cloud-Access", value: Self.apiKey) == "[REDACTED]")
        #expect(redactor.header(name: "Authorization", value: "Token x") == "[REDACTED]")
        #expect(redactor.header(name: "Location", value: "https://evil.example/?k=\(Self.apiKey)") == "https://evil.example/?k=[REDACTED]")
        #expect(redactor.url(URL(string: "https://h/x?token=abc123&page=2&api_key=zz")!) == "https://h/x?token=[REDACTED]&page=2&api_key=[REDACTED]")
        #expect(redactor.text("Authorization: Bearer abc.def.ghi\nnext") == "Authorization: [REDACTED]\nnext")
        #expect(redactor.text("sent Bearer abc.def.ghi to the server") == "sent Bearer [REDACTED] to the server")
        #expect(redactor.text("invalid token: 0xdeadbeef") == "invalid token: [REDACTED]")
    }

    @Test func ordinaryTextIsLeftAlone() {
        let redactor = Redactor(secrets: [Self.apiKey])
        for text in ["no deployment \"prod-cluster\"", "the token is invalid (HTTP 401)", "GET https://api.example/v1/access_tokens",
                     #"{"id":"t","token":null,"description":"key rotation"}"#, "value must be positive"] {
            #expect(redactor.text(text) == text)
        }
        // Unicode-escaped field names are still field names.
        #expect(redactor.text(#"{"to\u006ben":"abc"}"#) == #"{"to\u006ben":"[REDACTED]"}"#)
        #expect(redactor.body(Data([0xFF, 0xFE, 0x00])) == "<3 bytes of binary data>")
    }

    @Test func aHugeBodyIsShownAsAShortPrefix() {
        let huge = Data(("[" + String(repeating: #"{"id":"x"},"#, count: 200_000) + "]").utf8)
        let shown = Redactor().body(huge)
        #expect(shown.count < 4200)
        #expect(shown.hasSuffix("… (\(huge.count) bytes in all)"))
    }

    /// The seam: an APIClient's redactor learns a secret from a create (or reveal) answer, and masks it in
    /// everything printed after, even where it is not in a secret field and the answer did not parse.
    @Test func anAPIClientMasksASecretItWasSentInEveryLaterMessage() async throws {
        let stub = StubTransport()
            .expect("POST", "/tokens", json: #"{"id":"t1","value":"\#(Self.secret)"}"# + "}stray")
            .expect("GET", "/tokens/t1", status: 400, json: #"{"message":"token \#(Self.secret) is not valid here"}"#)
            .expect("DELETE", "/tokens/t1", failure: .other("closed while sending \(Self.secret)"))
        let debug = MemorySink()
        let settings = APIClient.Settings(baseURL: URL(string: "http://127.0.0.1:9")!, credential: nil, secret: Self.apiKey,
                                          timeout: 5, profileName: "p")
        let client = APIClient(settings: settings, transport: stub, debug: debug, sleep: { _ in })
        try await client.send("POST", "/tokens", body: Data("{}".utf8))
        var messages: [String] = []
        do { try await client.send("GET", "/tokens/t1") } catch let error as VMCtlError { messages.append(error.message) }
        do { try await client.send("DELETE", "/tokens/t1", idempotent: false) } catch let error as VMCtlError { messages.append(error.message) }
        #expect(messages == ["request failed: token [REDACTED] is not valid here (HTTP 400)",
                             "request to 127.0.0.1:9 failed: closed while sending [REDACTED]"])
        #expect(!debug.text.contains(Self.secret))
        #expect(debug.text.contains(#""value":"[REDACTED]""#))
    }
}
