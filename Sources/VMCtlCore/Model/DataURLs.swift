import VMCtlSupport
/// A token's write URL and read base URL; nil for a direction it does not grant.
public struct DataURLs: Sendable, Equatable {
    public var write: String?
    public var read: String?
    public init(write: String?, read: String?) {
        self.write = write
        self.read = read
    }
}
