extension String {
    /// The URL text without trailing slashes, so a path can be appended: `https://h/` → `https://h`.
    public var withoutTrailingSlashes: String {
        var s = self
        while s.hasSuffix("/") { s.removeLast() }
        return s
    }
}
