import VMCtlCLI
import VMCtlCore
import VMCtlSupport

/// The entry point with every product wired in: what the `vmctl` executable and the tests call.
extension VMCtl {
    public static func main(arguments: [String], environment: [String: String], io: IOStreams,
                            dependencies: Dependencies = .live) async -> Int32 {
        await main(arguments: arguments, environment: environment, io: io, products: Products.registry, dependencies: dependencies)
    }

    public static func start(arguments: [String], environment: [String: String], io: IOStreams) -> Start {
        start(arguments: arguments, environment: environment, io: io, products: Products.registry)
    }
}
