@testable import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCloud
@testable import InfluxDB2
@testable import InfluxDB3
@testable import VMCtlSupport
import Foundation

// vmctl's JSON parser (Support/JSONParser.swift) and writer (JSONValue.serialized). What the parser
// accepts, the writer writes back as JSON that parses to the same value, pretty or compact. On plain
// UTF-8 input, the parser accepts what Foundation's JSONSerialization accepts and refuses what it refuses.

/// Equal as JSON: numbers by value (the writer prints 1.0 as 1), and a non-finite double as null.
private func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
    switch (a, b) {
    case (.int(let x), .double(let y)), (.double(let y), .int(let x)): return Double(x) == y
    case (.double(let x), .double(let y)): return x == y || (!x.isFinite && !y.isFinite)
    case (.double(let x), .null), (.null, .double(let x)): return !x.isFinite
    case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy(same)
    case (.object(let x), .object(let y)):
        return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && same($0.value, $1.value) }
    default: return a == b
    }
}

/// Whether comparing with Foundation says something: valid UTF-8 without a byte-order mark (Foundation
/// also guesses UTF-16 and UTF-32, and skips a BOM) or NUL (where Foundation stops reading: it accepts
/// `0` followed by NUL), and nesting well below both parsers' depth limits.
private func comparable(_ bytes: [UInt8]) -> Bool {
    guard String(validating: bytes, as: UTF8.self) != nil, !bytes.starts(with: [0xEF, 0xBB, 0xBF]), !bytes.contains(0) else {
        return false
    }
    return bytes.lazy.filter { $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "{") }.count < 200
}

/// Whether the parser stopped at a `]` or `}` right after a comma: JSONSerialization accepts such a
/// trailing comma (`[1,]`), which RFC 8259 does not allow.
private func isTrailingComma(_ error: JSONParser.Error?, _ bytes: [UInt8]) -> Bool {
    guard let error, error.offset < bytes.count, bytes[error.offset] == UInt8(ascii: "]") || bytes[error.offset] == UInt8(ascii: "}") else {
        return false
    }
    let before = bytes[..<error.offset].last { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }
    return before == UInt8(ascii: ",")
}

@_cdecl("LLVMFuzzerTestOneInput") public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    var parsed: JSONValue?
    var failure: JSONParser.Error?
    do {
        parsed = try JSONParser.parse(bytes)
    } catch let error as JSONParser.Error {
        failure = error
    } catch {
        fuzzFail("JSONParser threw \(error), not a JSONParser.Error")
    }

    if comparable(bytes) {
        let foundation = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        if (parsed == nil) != (foundation == nil), !isTrailingComma(failure, bytes) {
            fuzzFail("JSONParser \(parsed == nil ? "refuses" : "accepts") what JSONSerialization \(foundation == nil ? "refuses" : "accepts"): \(String(decoding: bytes, as: UTF8.self))")
        }
    }

    if let parsed {
        for pretty in [true, false] {
            let text = parsed.serialized(pretty: pretty)
            guard let again = try? JSONParser.parse(text) else { fuzzFail("vmctl wrote JSON it cannot read: \(text)") }
            if !same(parsed, again) { fuzzFail("the value changed on the way through the writer: \(parsed) → \(text) → \(again)") }
        }
    }
    return 0
}
