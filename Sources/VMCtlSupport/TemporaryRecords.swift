#if canImport(Glibc)
import Glibc
#endif

/// Records of bytes kept in an unnamed temporary file (`tmpfile(3)`: mode 0600, in /tmp, removed by the
/// system when the process ends, however it ends), so that a long list takes disk, not memory. Written in
/// one go, then read in order, from the start as often as needed. One thread at a time.
public final class TemporaryRecords {
    /// The file cannot be made, written or emptied; the message says why (`strerror`).
    public struct Failure: Error, Equatable {
        public var message: String
    }

    private let file: UnsafeMutablePointer<FILE>
    public private(set) var count = 0
    /// The record `next()` returns, or nil while writing.
    private var cursor: Int?
    private var header = [UInt8](repeating: 0, count: 4)

    public init() throws {
        guard let file = tmpfile() else {
            throw Failure(message: "cannot make a temporary file in \(P_tmpdir): \(String(cString: strerror(errno)))")
        }
        self.file = file
    }

    deinit { fclose(file) }

    private func failure(_ doing: String) -> Failure {
        Failure(message: "cannot \(doing) a temporary file in \(P_tmpdir): \(String(cString: strerror(errno)))")
    }

    /// Adds a record after the others (after reading, writing starts over at the end).
    public func append(_ record: UnsafeBufferPointer<UInt8>) throws {
        if cursor != nil {
            fseek(file, 0, SEEK_END)
            cursor = nil
        }
        var length = UInt32(record.count).littleEndian
        guard withUnsafeBytes(of: &length, { fwrite($0.baseAddress, 1, 4, file) }) == 4,
              record.isEmpty || fwrite(record.baseAddress, 1, record.count, file) == record.count else {
            throw failure("write to")
        }
        count += 1
    }

    /// Forgets every record.
    public func removeAll() throws {
        rewind(file)
        guard ftruncate(fileno(file), 0) == 0 else { throw failure("empty") }
        count = 0
        cursor = nil
    }

    /// Goes back to the first record for `next()`.
    public func rewindForReading() throws {
        guard fflush(file) == 0 else { throw failure("write to") }
        rewind(file)
        cursor = 0
    }

    /// The next record in order, into `buffer`; false after the last.
    public func next(into buffer: inout [UInt8]) throws -> Bool {
        if cursor == nil { try rewindForReading() }
        guard let at = cursor, at < count else { return false }
        guard fread(&header, 1, 4, file) == 4 else { throw failure("read") }
        let length = Int(UInt32(header[0]) | UInt32(header[1]) << 8 | UInt32(header[2]) << 16 | UInt32(header[3]) << 24)
        buffer.removeAll(keepingCapacity: true)
        if length > 0 {
            buffer = [UInt8](unsafeUninitializedCapacity: length) { raw, n in
                n = fread(raw.baseAddress, 1, length, file)
            }
            guard buffer.count == length else { throw failure("read") }
        }
        cursor = at + 1
        return true
    }

    /// Skips the next record; false after the last.
    public func skip() throws -> Bool {
        if cursor == nil { try rewindForReading() }
        guard let at = cursor, at < count else { return false }
        guard fread(&header, 1, 4, file) == 4 else { throw failure("read") }
        let length = Int(UInt32(header[0]) | UInt32(header[1]) << 8 | UInt32(header[2]) << 16 | UInt32(header[3]) << 24)
        guard fseek(file, length, SEEK_CUR) == 0 else { throw failure("read") }
        cursor = at + 1
        return true
    }

    /// Which record `next()` returns (nil while writing).
    public var position: Int? { cursor }
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
