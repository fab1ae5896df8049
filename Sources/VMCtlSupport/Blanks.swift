private let blanks = [UInt8](repeating: UInt8(ascii: " "), count: 256)

extension Array where Element == UInt8 {
    /// Appends `count` spaces, copied from a buffer of them: appending a `repeatElement` goes element by
    /// element, and was the dearest single step of printing a long list as JSON. For JSON's indentation and
    /// member heads, and a table's padding and gaps.
    public mutating func appendBlanks(_ count: Int) {
        var left = count
        blanks.withUnsafeBufferPointer { buffer in
            while left > 0 {
                let n = Swift.min(left, buffer.count)
                append(contentsOf: UnsafeBufferPointer(rebasing: buffer[0..<n]))
                left -= n
            }
        }
    }
}
