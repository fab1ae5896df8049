#if canImport(Glibc)
import Glibc
#endif

/// Records of bytes, kept in memory up to `memoryBytes` and past that in an unnamed temporary file
/// (`tmpfile(3)`: mode 0600, in /tmp, removed by the system when the process ends, however it ends), so that
/// a long list takes disk, not memory, and a short one costs no file at all. Written in one go, then read in
/// order, from the start as often as needed. One thread at a time.
public final class TemporaryRecords {
    /// The file cannot be made, written or emptied; the message says why (`strerror`).
    public struct Failure: Error, Equatable {
        public var message: String
    }

    /// How much is kept in memory before the records move to a file.
    public let memoryBytes: Int
    /// The records while they fit in memory: each a 4-byte length, then its bytes.
    private var memory: [UInt8] = []
    private var file: UnsafeMutablePointer<FILE>?
    public private(set) var count = 0
    /// The record `next()` returns, or nil while writing; where it starts in `memory`.
    private var cursor: Int?
    private var memoryOffset = 0
    private var header = [UInt8](repeating: 0, count: 4)

    public init(memoryBytes: Int = 8 << 20) {
        self.memoryBytes = memoryBytes
    }

    deinit { if let file { fclose(file) } }

    private func failure(_ doing: String) -> Failure {
        Failure(message: "cannot \(doing) a temporary file in \(P_tmpdir): \(String(cString: strerror(errno)))")
    }

    private static func length(_ bytes: UnsafePointer<UInt8>) -> Int {
        Int(UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24)
    }

    /// Adds a record after the others (after reading, writing starts over at the end).
    public func append(_ record: UnsafeBufferPointer<UInt8>) throws {
        if cursor != nil {
            if let file { fseek(file, 0, SEEK_END) }
            cursor = nil
        }
        var length = UInt32(record.count).littleEndian
        if file == nil, memory.count + 4 + record.count <= memoryBytes {
            withUnsafeBytes(of: &length) { memory.append(contentsOf: $0) }
            memory.append(contentsOf: record)
            count += 1
            return
        }
        if file == nil {
            // Past what memory keeps: everything so far goes to the file, and the rest after it.
            guard let made = tmpfile() else {
                throw Failure(message: "cannot make a temporary file in \(P_tmpdir): \(String(cString: strerror(errno)))")
            }
            file = made
            guard memory.isEmpty || memory.withUnsafeBytes({ fwrite($0.baseAddress, 1, $0.count, made) }) == memory.count else {
                throw failure("write to")
            }
            memory = []
        }
        guard let file, withUnsafeBytes(of: &length, { fwrite($0.baseAddress, 1, 4, file) }) == 4,
              record.isEmpty || fwrite(record.baseAddress, 1, record.count, file) == record.count else {
            throw failure("write to")
        }
        count += 1
    }

    /// Forgets every record.
    public func removeAll() throws {
        memory.removeAll(keepingCapacity: true)
        if let file {
            rewind(file)
            guard ftruncate(fileno(file), 0) == 0 else { throw failure("empty") }
        }
        count = 0
        cursor = nil
    }

    /// Goes back to the first record for `next()`.
    public func rewindForReading() throws {
        if let file {
            guard fflush(file) == 0 else { throw failure("write to") }
            rewind(file)
        }
        memoryOffset = 0
        cursor = 0
    }

    /// The length of the next record, its header read; nil after the last.
    private func nextLength() throws -> Int? {
        if cursor == nil { try rewindForReading() }
        guard let at = cursor, at < count else { return nil }
        if file == nil {
            guard memoryOffset + 4 <= memory.count else { throw Failure(message: "a temporary record is cut short") }
            let length = memory.withUnsafeBufferPointer { Self.length($0.baseAddress! + memoryOffset) }
            memoryOffset += 4
            return length
        }
        guard let file, fread(&header, 1, 4, file) == 4 else { throw failure("read") }
        return header.withUnsafeBufferPointer { Self.length($0.baseAddress!) }
    }

    /// The next record in order, into `buffer`; false after the last.
    public func next(into buffer: inout [UInt8]) throws -> Bool {
        guard let length = try nextLength(), let at = cursor else { return false }
        buffer.removeAll(keepingCapacity: true)
        if let file {
            if length > 0 {
                buffer = [UInt8](unsafeUninitializedCapacity: length) { raw, n in n = fread(raw.baseAddress, 1, length, file) }
                guard buffer.count == length else { throw failure("read") }
            }
        } else {
            guard memoryOffset + length <= memory.count else { throw Failure(message: "a temporary record is cut short") }
            buffer.append(contentsOf: memory[memoryOffset..<memoryOffset + length])
            memoryOffset += length
        }
        cursor = at + 1
        return true
    }

    /// Skips the next record; false after the last.
    public func skip() throws -> Bool {
        guard let length = try nextLength(), let at = cursor else { return false }
        if let file {
            guard fseek(file, length, SEEK_CUR) == 0 else { throw failure("read") }
        } else {
            memoryOffset += length
        }
        cursor = at + 1
        return true
    }

    /// Which record `next()` returns (nil while writing).
    public var position: Int? { cursor }

    /// Whether the records have moved to a file.
    public var onDisk: Bool { file != nil }
}

/// Little-endian lengths inside a record.
public enum RecordBytes {
    public static func put(_ value: Int, _ out: inout [UInt8]) {
        var v = UInt64(value).littleEndian
        withUnsafeBytes(of: &v) { out.append(contentsOf: $0) }
    }

    public static func get(_ bytes: [UInt8], _ at: inout Int) -> Int {
        guard at + 8 <= bytes.count else { return 0 }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[at + i]) << (8 * UInt64(i)) }
        at += 8
        return Int(truncatingIfNeeded: v)
    }
}
