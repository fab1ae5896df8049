/// Runs `work` on each item, at most `limit` at a time, and returns the results in the items' order.
/// The first error is thrown once every started piece of work has ended.
public func concurrentMap<Item: Sendable, Result: Sendable>(_ items: [Item], limit: Int = 8,
                                                            _ work: @escaping @Sendable (Item) async throws -> Result) async throws -> [Result] {
    if items.count <= 1 { return try await items.asyncMap(work) }
    return try await withThrowingTaskGroup(of: (Int, Result).self) { group in
        var results = [Result?](repeating: nil, count: items.count)
        var next = 0
        func start() {
            let index = next
            let item = items[index]
            group.addTask { (index, try await work(item)) }
            next += 1
        }
        while next < min(limit, items.count) { start() }
        while let (index, result) = try await group.next() {
            results[index] = result
            if next < items.count { start() }
        }
        return results.map { $0! }
    }
}

extension Array {
    /// `map` for async work, one item after another.
    public func asyncMap<T>(_ transform: (Element) async throws -> T) async throws -> [T] {
        var out: [T] = []
        out.reserveCapacity(count)
        for element in self { out.append(try await transform(element)) }
        return out
    }
}
