import Foundation
import Testing
@testable import VMCtlSupport

/// `JSONListStream` accepts a document exactly when `JSONParser` does, and hands over the same elements,
/// however the bytes are cut into chunks.
@Suite struct JSONListStreamTests {
    enum Outcome: Equatable, CustomStringConvertible {
        case success([JSONValue])
        case failure(String)
        var description: String {
            switch self {
            case .success(let values): return "\(values.count) elements"
            case .failure(let message): return message
            }
        }
        func get() -> [JSONValue]? { if case .success(let v) = self { return v } else { return nil } }
    }

    /// Elements (or a failure's message), read in chunks of `size` bytes.
    static func read(_ text: String, chunk size: Int, elementLimit: Int = 1 << 20) -> Outcome {
        var elements: [JSONValue] = []
        let stream = JSONListStream(elementLimit: elementLimit, wholeLimit: 1 << 20) { bytes, start, index in
            #expect(index == elements.count)
            elements.append(try JSONListStream.parseElement(bytes, start: start))
        }
        let bytes = Array(text.utf8)
        do {
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + size)
                try bytes[start..<end].withUnsafeBufferPointer { try stream.consume($0) }
                start = end
            }
            if let whole = try stream.finish() { return .failure("not a list: \(whole.count) bytes") }
            return .success(elements)
        } catch let error as JSONParser.Error {
            return .failure(error.message)
        } catch {
            return .failure("\(error)")
        }
    }

    @Test(arguments: [
        "[]", " [ ] ", "[1]", "[1,2.5,-3e2]", #"["a","b\"]c","\u00e9"]"#, #"[{"id":"a","x":[1,{"y":"}]"}]},{"id":"b"}]"#,
        "[[],[[]],{}]", "[true,false,null]", "[1 , 2 ]\n",
        // Broken: each must fail as the parser fails.
        "[", "[1,", "[1,]", "[,1]", "[1 2]", "[1]x", "[{]", #"["unterminated]"#, "[01]", "[tru]", #"[{"a":1}"#, "[1}", "",
        "[\"\\x\"]", "[{\"a\":1},,{}]",
    ])
    func agreesWithTheParserWhateverTheChunks(text: String) {
        let whole: Outcome
        do {
            let value = try JSONParser.parse(text)
            whole = value.arrayValue.map { .success($0) } ?? .failure("not a list")
        } catch let error as JSONParser.Error {
            whole = .failure(error.message)
        } catch {
            whole = .failure("\(error)")
        }
        for size in [1, 2, 3, 7, 64, 4096] {
            let streamed = Self.read(text, chunk: size)
            switch (whole, streamed) {
            case (.success(let a), .success(let b)): #expect(a == b, "\(text) in chunks of \(size)")
            case (.failure, .failure): break
            default: Issue.record("\(text) in chunks of \(size): parser \(whole), stream \(streamed)")
            }
        }
    }

    @Test func invalidUTF8InAnElementIsRefusedAtItsPlace() {
        let stream = JSONListStream(elementLimit: 1 << 20, wholeLimit: 1 << 20) { bytes, start, _ in
            _ = try JSONListStream.parseElement(bytes, start: start)
        }
        let bytes = Array(#"[{"id":"a"},{"id":""#.utf8) + [0xC3, 0x28] + Array(#""}]"#.utf8)
        #expect(throws: JSONParser.Error(message: "invalid UTF-8 in a string", offset: 19)) {
            try bytes.withUnsafeBufferPointer { try stream.consume($0) }
        }
    }

    /// One element over the limit stops the reading, however long the list may be; the others pass.
    @Test func anElementOverTheLimitIsRefused() {
        let big = "[" + String(repeating: #"{"id":"a"},"#, count: 1000) + #"{"id":""# + String(repeating: "x", count: 5000) + #""}]"#
        #expect(Self.read(big, chunk: 777, elementLimit: 4096) == .failure("ElementTooLarge(limit: 4096, index: 1000)"))
        #expect(Self.read(big, chunk: 777, elementLimit: 8192).get()?.count == 1001)
    }

    /// A document that is not a list is kept whole, within its limit, for the caller to read.
    @Test func aDocumentThatIsNotAListIsKeptWhole() throws {
        let stream = JSONListStream(elementLimit: 16, wholeLimit: 64) { _, _, _ in Issue.record("no element expected") }
        try Array(#"{"message":"no"}"#.utf8).withUnsafeBufferPointer { try stream.consume($0) }
        #expect(try stream.finish() == Array(#"{"message":"no"}"#.utf8))
        // One that announces more than the limit is refused at its first byte.
        let announced = JSONListStream(elementLimit: 16, wholeLimit: 64) { _, _, _ in }
        announced.declaredLength = 1000
        #expect(throws: JSONListStream.DocumentTooLarge(limit: 64)) {
            try Array("{".utf8).withUnsafeBufferPointer { try announced.consume($0) }
        }
        let large = JSONListStream(elementLimit: 16, wholeLimit: 64) { _, _, _ in }
        #expect(throws: JSONListStream.DocumentTooLarge(limit: 64)) {
            try Array(("{" + String(repeating: " ", count: 100) + "}").utf8).withUnsafeBufferPointer { try large.consume($0) }
        }
    }
}

/// `TemporaryRecords` gives back what it was given, in order and as often as asked, whether the records
/// stayed in memory or moved to a file past the memory limit.
@Suite struct TemporaryRecordsTests {
    @Test(arguments: [1 << 20, 100, 0])
    func recordsComeBackInOrderInMemoryOrOnDisk(memoryBytes: Int) throws {
        let records = TemporaryRecords(memoryBytes: memoryBytes)
        let written = (0..<50).map { i in Array(String(repeating: "r\(i)-", count: i).utf8) }
        for record in written { try record.withUnsafeBufferPointer { try records.append($0) } }
        #expect(records.onDisk == (memoryBytes < 10_000))
        var buffer: [UInt8] = []
        for _ in 0..<2 {
            var read: [[UInt8]] = []
            try records.rewindForReading()
            while try records.next(into: &buffer) { read.append(buffer) }
            #expect(read == written)
        }
        try records.rewindForReading()
        for _ in 0..<10 { #expect(try records.skip()) }
        let got = try records.next(into: &buffer)
        #expect(got && buffer == written[10])
        // Appending after reading goes on at the end; emptying forgets all.
        try Array("last".utf8).withUnsafeBufferPointer { try records.append($0) }
        #expect(records.count == 51)
        try records.removeAll()
        let more = try records.next(into: &buffer)
        #expect(records.count == 0 && !more)
    }
}
