/// A deployment reference resolved to its ID; name and type are known when a lookup was needed anyway.
struct ResolvedDeployment: Sendable {
    var id: String
    var name: String?
    var type: String?

    var description: String {
        name.map { "deployment \"\($0)\" (\(id))" } ?? "deployment \(id)"
    }
}
