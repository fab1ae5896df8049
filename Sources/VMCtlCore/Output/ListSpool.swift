import Foundation
#if canImport(Glibc)
import Glibc
#endif
import VMCtlSupport

/// A long list kept on disk while it is read, so that memory stays flat however long the list grows
/// (docs/performance.md, Long lists): each item, as it arrives, is written once as what printing needs —
/// its table cells and its JSON object — to `TemporaryRecords` (memory up to 8 MiB, then an unnamed
/// temporary file, removed by the system when vmctl exits, however it exits; mode 0600; lists never carry
/// secrets). The renderer then reads the
/// items back in order: twice for a table (to measure the columns, then to print), once for JSON.
///
/// One producer adds items (the transport's delegate, one chunk after another); reading starts after the
/// last item is in.
public final class ListSpool<Item>: @unchecked Sendable {
    private let records: TemporaryRecords
    private let row: (Item) -> [String]
    private let shape: JSONShape<Item>
    private var record: [UInt8] = []
    private var json: [UInt8] = []
    public var count: Int { records.count }

    public init(row: @escaping (Item) -> [String], shape: JSONShape<Item>) {
        records = TemporaryRecords()
        self.row = row
        self.shape = shape
    }

    private static func error(_ failure: TemporaryRecords.Failure) -> VMCtlError {
        VMCtlError.failure("\(failure.message), to hold a long list", hint: "free some space there, or use --sort, which keeps the list in memory")
    }

    /// Keeps one item: `[cells][cell length, bytes]…[JSON length, bytes]`.
    public func append(_ item: Item) throws {
        record.removeAll(keepingCapacity: true)
        let cells = row(item)
        RecordBytes.put(cells.count, &record)
        for cell in cells {
            RecordBytes.put(cell.utf8.count, &record)
            record.append(contentsOf: cell.utf8)
        }
        json.removeAll(keepingCapacity: true)
        shape.write(item, to: &json, indent: Self.level)
        RecordBytes.put(json.count, &record)
        record.append(contentsOf: json)
        do {
            try record.withUnsafeBufferPointer { try records.append($0) }
        } catch let failure as TemporaryRecords.Failure {
            throw Self.error(failure)
        }
    }

    /// Forgets every item (the list is coming again).
    public func reset() throws {
        do { try records.removeAll() } catch let failure as TemporaryRecords.Failure { throw Self.error(failure) }
    }

    /// The nesting level the JSON is kept at: a list's items, in the array the renderer writes.
    private static var level: Int { 1 }

    /// Item `index`'s record, read in order (from the start again when an earlier item is asked for). The
    /// renderer asks in order; a read that fails (the file gone bad under vmctl) gives an empty record.
    private func read(_ index: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        do {
            if (records.position ?? Int.max) > index { try records.rewindForReading() }
            while let at = records.position, at < index { guard try records.skip() else { return [] } }
            guard try records.next(into: &bytes) else { return [] }
        } catch {
            return []
        }
        return bytes
    }

    private func parts(_ record: [UInt8]) -> (cells: [String], json: ArraySlice<UInt8>) {
        var at = 0
        let n = RecordBytes.get(record, &at)
        var cells: [String] = []
        cells.reserveCapacity(min(n, 64))
        for _ in 0..<n {
            let length = RecordBytes.get(record, &at)
            cells.append(String(decoding: record[min(record.count, at)..<min(record.count, at + length)], as: UTF8.self))
            at += length
        }
        let length = RecordBytes.get(record, &at)
        return (cells, record[min(record.count, at)..<min(record.count, at + length)])
    }

    /// The list to print, read back from the file.
    public func presentation(columns: [String], emptyMessage: String?) -> Presentation {
        Presentation.spooled(count: count, columns: columns, emptyMessage: emptyMessage,
                             row: { [self] in parts(read($0)).cells },
                             writeJSON: { [self] i, out, level in
                                 let json = parts(read(i)).json
                                 if level == Self.level {
                                     out.append(contentsOf: json)
                                 } else {
                                     // Kept at another level: read and written again at this one.
                                     ((try? JSONParser.parse(Array(json))) ?? .null).write(to: &out, indent: level)
                                 }
                             },
                             json: { [self] i in (try? JSONParser.parse(Array(parts(read(i)).json))) ?? .null })
    }
}

/// A list kept in memory while it is short, and moved to a `ListSpool` once it passes `threshold` items:
/// a short list prints as fast as ever, a long one with flat memory.
public final class SpillingList<Item>: @unchecked Sendable {
    public let threshold: Int
    private let makeSpool: () -> ListSpool<Item>
    public private(set) var items: [Item] = []
    public private(set) var spool: ListSpool<Item>?

    public init(threshold: Int = 20_000, spool makeSpool: @escaping () -> ListSpool<Item>) {
        self.threshold = threshold
        self.makeSpool = makeSpool
    }

    /// Where the list's items go as they are read.
    public var sink: ListSink<Item> {
        ListSink(restart: { [self] in
            items = []
            try spool?.reset()
        }, add: { [self] item in
            if let spool { return try spool.append(item) }
            items.append(item)
            guard items.count > threshold else { return }
            let spool = self.spool ?? makeSpool()
            for kept in items { try spool.append(kept) }
            items = []
            self.spool = spool
        })
    }
}
