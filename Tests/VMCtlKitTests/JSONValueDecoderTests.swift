import Foundation
import Testing
@testable import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCloud
@testable import InfluxDB2
@testable import InfluxDB3
@testable import VMCtlSupport

/// The decoder of API answers agrees with Foundation's JSONDecoder: the same values, and failures that
/// read the same in vmctl's "unexpected response" error.
@Suite struct JSONValueDecoderTests {
    struct Nested: Decodable, Equatable {
        var name: String
        var size: Int64?
    }

    struct Wire: Decodable, Equatable {
        var id: String
        var count: Int64
        var ratio: Double?
        var enabled: Bool?
        var tags: [String]?
        var small: UInt32?
        var nested: Nested?
        var list: [Nested]?
    }

    enum Outcome<T: Equatable>: Equatable {
        case success(T)
        case failure(String)
    }

    /// Failures compared without what only vmctl's parser says: where and what (" (unexpected end of JSON at byte 13)").
    static func both<T: Decodable & Equatable>(_ type: T.Type, _ text: String) -> (ours: Outcome<T>, foundation: Outcome<T>) {
        func run(_ decode: () throws -> T) -> Outcome<T> {
            do { return .success(try decode()) } catch {
                let text = APIClient.describe(decodingError: error)
                return .failure(text.hasPrefix("the body is not valid JSON (") ? "the body is not valid JSON" : text)
            }
        }
        return (run { try JSONValueDecoder.decode(T.self, from: Array(text.utf8)) },
                run { try JSONDecoder().decode(T.self, from: Data(text.utf8)) })
    }

    @Test(arguments: [
        #"{"id":"a","count":3}"#,
        #"{"id":"a\"b\\c\u00e9","count":-3,"ratio":1,"enabled":true,"tags":["x","y"],"small":7,"unknown":{"deep":[1,2]}}"#,
        #"{"id":"a","count":3,"ratio":null,"enabled":null,"tags":null,"nested":{"name":"n"},"list":[{"name":"p","size":2}]}"#,
        #"{"count":3}"#,
        #"{"id":null,"count":3}"#,
        #"{"id":5,"count":3}"#,
        #"{"id":"a","count":"3"}"#,
        #"{"id":"a","count":3,"tags":["x",1]}"#,
        #"{"id":"a","count":3,"list":[{"name":"p"},{"size":1}]}"#,
        #"{"id":"a","count":3,"nested":[]}"#,
        #"{"id":{"x":1},"count":3}"#,
        #"{"id":"a","count":[1]}"#,
        #"{"id":"a","count":3,"tags":[{"x":1}]}"#,
        #"{"id":"a","count":3,"nested":{"name":{"n":1}}}"#,
        #"[]"#,
        #"{"id":"a","count":3"#,
        "not json",
    ])
    func agreesWithFoundation(_ text: String) {
        let (ours, foundation) = Self.both(Wire.self, text)
        #expect(ours == foundation)
    }

    /// A synthesized `Decodable` twin of `VMCloudWire.AccessToken`, whose failures a model read by its fields
    /// must name alike.
    struct AccessTokenTwin: Decodable {
        var id: String
        var value, type, description, created_by, created_at, tenant_id, last_used_at: String?
    }

    /// A list read field by field (`decodeList`) reads what the `Decodable` path reads, and fails as a
    /// synthesized `Decodable` model would.
    @Test(arguments: [
        #"[]"#,
        #"[{"id":"a","value":"s","type":"rw","description":"d\"\u00e9\n","created_by":"me","created_at":"2026-01-02T03:04:05Z","tenant_id":"0:0","last_used_at":null,"extra":{"x":[1]}},{"id":"b"}]"#,
        #"[{"id":"a","id":"b","type":null,"type":"r"}]"#,
        #"[{"id":"a"},{"id":5}]"#,
        #"[{"id":"a"},{"type":"r"}]"#,
        #"[{"id":"a","tenant_id":3}]"#,
        #"[{"id":null}]"#,
        #"[null]"#, #"[1]"#, #"[[]]"#,
        #"{"id":"a"}"#,
        #"[{"id":"a"},"#,
        #"[{"id":"a"}] x"#,
        #"[{"id":5},"#,
        "not json",
    ])
    func aListReadFieldByFieldIsWhatDecodableReads(_ text: String) {
        func run(_ decode: () throws -> [VMCloudWire.AccessToken]) -> Outcome<String> {
            do { return .success(String(describing: try decode())) } catch { return .failure(APIClient.describe(decodingError: error)) }
        }
        let fast = run { try JSONValueDecoder.decodeList(VMCloudWire.AccessToken.self, from: Data(text.utf8)) }
        let generic = run { try JSONValueDecoder.decode([VMCloudWire.AccessToken].self, from: Data(text.utf8)) }
        #expect(fast == generic)
        let twin: Outcome<Int>
        do { twin = .success(try JSONValueDecoder.decode([AccessTokenTwin].self, from: Data(text.utf8)).count) } catch {
            twin = .failure(APIClient.describe(decodingError: error))
        }
        switch (fast, twin) {
        case (.success, .success): break
        case (.failure(let a), .failure(let b)): #expect(a == b)
        default: Issue.record("field by field: \(fast); synthesized: \(twin)")
        }
    }

    /// A number that does not fit: JSONDecoder reports data corruption without a path (which reads as
    /// "not valid JSON"); this decoder names the field.
    @Test(arguments: [(#"{"id":"a","count":2.5}"#, "count"), (#"{"id":"a","count":3,"small":-1}"#, "small"),
                      (#"{"id":"a","count":3,"small":4294967296}"#, "small")])
    func aNumberThatDoesNotFitNamesItsField(_ text: String, field: String) {
        let (ours, foundation) = Self.both(Wire.self, text)
        #expect(ours == .failure("field \"\(field)\" has an unexpected type"))
        #expect(foundation != .success(Wire(id: "a", count: 3)))
    }

    /// Lists are read element by element; what they decode to, and how they fail, is unchanged.
    @Test(arguments: [#"[]"#, #" [ {"name":"a"} , {"name":"b","size":1} ] "#, #"[{"name":"a"}"#, #"[{"name":"a"}] x"#,
                      #"[{"name":"a"} {"name":"b"}]"#, #"[{"name":"a"},"#, #"["#, #"[{"size":1}]"#,
                      #"[{"name":"a"},{"name":"b","size":"big"}]"#, #"[{"name":"a"},{"name":"b"},null]"#, ""])
    func listsAgreeWithFoundation(_ text: String) {
        let (ours, foundation) = Self.both([Nested].self, text)
        #expect(ours == foundation)
        let optional = Self.both([Nested?].self, text)
        #expect(optional.ours == optional.foundation)
    }

    /// vmctl's parser is strict RFC 8259: a trailing comma, which JSONDecoder lets pass, is not JSON.
    @Test func aTrailingCommaIsNotJSON() {
        #expect(Self.both([Nested].self, #"[{"name":"a"},]"#).ours == .failure("the body is not valid JSON"))
    }

    @Test func decodesTopLevelArraysAndScalars() {
        #expect(Self.both([Nested].self, #"[{"name":"a"},{"name":"b","size":1}]"#).ours == .success([Nested(name: "a"), Nested(name: "b", size: 1)]))
        let (ours, foundation) = Self.both([Nested].self, #"[{"name":"a"},{"name":2}]"#)
        #expect(ours == foundation)
        #expect(ours == .failure(#"field "[1].name" has an unexpected type"#))
        #expect(Self.both(String.self, #""plain""#).ours == .success("plain"))
    }
}
