import Foundation
import Testing
@testable import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCloud
@testable import InfluxDB2
@testable import InfluxDB3
@testable import VMCtlSupport

/// The whole command tree walked against every registered product: a command runs where the product's
/// backend has the command's capability and is refused by name, before anything is sent, everywhere else;
/// a product-specific flag likewise. What a product says about itself (its notes, why it lacks something)
/// must agree with what its backend is.
@Suite struct CommandTreeAgainstProductsTests {
    static let tokenID = "5f0c2d7e-3b1a-4c9e-9d2f-1a2b3c4d5e6f"

    /// Arguments that parse for every command that talks to a server. A command added to the tree without
    /// an entry here fails `everyProductCommandIsListed`.
    static let arguments: [String: [String]] = [
        "token create": ["--read-database", "*", "d"],
        "token list": [], "token get": [tokenID], "token reveal": [tokenID],
        "token update": [tokenID, "--description", "x"], "token delete": ["--force", tokenID],
        "token rotate": [tokenID], "token examples": [tokenID], "token check": [tokenID],
        "auth status": [],
        "deployment list": [], "deployment get": ["prod"], "deployment delete": ["--force", "prod"], "deployment wait": ["prod"],
        "deployment create": ["d", "--type", "cluster", "--region", "us-east-1", "--tier", "1", "--storage", "10GB", "--retention", "1m"],
        "deployment update": ["prod", "--storage", "20GB"],
        "apikey list": [], "apikey create": ["k", "--all-deployments"], "apikey delete": ["--force", "k"],
        "rule list": [], "rule get": ["a.yml"], "rule delete": ["--force", "a.yml"], "rule upload": ["/dev/null"],
        "tier list": [], "region list": [], "provider list": [],
        "database list": [], "database create": ["db"], "database update": ["db", "--retention-period", "1d"],
        "database delete": ["--force", "db"], "database rename": ["db", "db2"], "database undelete": ["1"],
        "table create": ["db", "t"], "table delete": ["--force", "db", "t"], "table rename": ["db", "t", "t2"],
        "table undelete": ["db", "1"],
    ]

    /// A value each product-specific flag accepts.
    static let flagValues: [String: String] = [
        "deployment": "prod", "expires-in": "1d", "expires-at": "2099-01-01T00:00:00Z", "unused-for": "7d", "tenant": "0",
        "read-database": "db", "write-database": "db", "max-tables": "5", "max-columns": "5", "template-tag": "region",
        "template-tag-bucket": "host,10", "template-timeformat": "%Y",
    ]

    static let configs: [(ProductKind, String)] = [
        (.vmcloud, vmcloudConfig()), (.dedicated, dedicatedConfig()), (.clustered, clusteredConfig()),
        (.influxdb2, influxdb2Config(org: #"org_id = "0123456789abcdef""#)),
    ]

    /// Every leaf that talks to a server, as chains from the root.
    static var productLeaves: [[CommandSpec]] {
        ReferenceDocs.chains(CommandTree.root(for: products)).filter { $0.last!.requires != nil }
    }

    static func refusedByCapability(_ out: RunOutput) -> Bool {
        out.stderr.contains("is not available for product") || out.stderr.contains(" is for product")
    }

    @Test func everyProductCommandIsListed() {
        for chain in Self.productLeaves {
            let path = CommandSpec.path(chain)
            #expect(Self.arguments[path] != nil, "\(path) talks to a server but has no arguments in this test")
        }
        #expect(Set(Self.arguments.keys) == Set(Self.productLeaves.map(CommandSpec.path)), "this test lists a command the tree lacks")
    }

    @Test(arguments: configs.map(\.0))
    func aCommandRunsExactlyWhereItsCapabilityIs(product: ProductKind) async throws {
        let descriptor = try #require(products.descriptor(for: product))
        let config = Self.configs.first { $0.0 == product }!.1
        for chain in Self.productLeaves {
            let path = CommandSpec.path(chain)
            guard let arguments = Self.arguments[path] else { continue }
            let stub = StubTransport(permissive: true)
            let out = await runVMCtl(path.split(separator: " ").map(String.init) + arguments, config: config, stub: stub,
                                     directory: Self.scratch())
            if descriptor.provides(chain.last!.requires!) {
                #expect(!Self.refusedByCapability(out), "\(path) refused for \(product), whose backend has \(chain.last!.requires!): \(out.stderr)")
            } else {
                #expect(out.code == 2, "\(path) on \(product)")
                #expect(out.stderr.hasPrefix("Error: \(path) is not available for product \"\(product)\"\n"), "\(path) on \(product): \(out.stderr)")
                #expect(stub.requests.isEmpty, "\(path) on \(product) sent a request before refusing")
            }
        }
    }

    @Test(arguments: configs.map(\.0))
    func aProductSpecificFlagIsHonouredExactlyWhereItsCapabilityIs(product: ProductKind) async throws {
        let descriptor = try #require(products.descriptor(for: product))
        let config = Self.configs.first { $0.0 == product }!.1
        for chain in Self.productLeaves where descriptor.provides(chain.last!.requires!) {
            let path = CommandSpec.path(chain)
            for flag in chain.last!.flags where flag.scoped {
                var arguments = Self.arguments[path] ?? []
                // Flags that grant everything go without the permissions the plain command names.
                if ["all-access", "operator"].contains(flag.name) { arguments.removeAll { $0 == "--read-database" || $0 == "*" } }
                var given = ["--\(flag.name)"]
                if flag.takesValue { given.append(try #require(Self.flagValues[flag.name], "no value for --\(flag.name) in this test")) }
                let stub = StubTransport(permissive: true)
                let out = await runVMCtl(path.split(separator: " ").map(String.init) + given + arguments, config: config, stub: stub,
                                         directory: Self.scratch())
                if descriptor.provides(flag.requires!) {
                    #expect(!Self.refusedByCapability(out), "\(path) --\(flag.name) refused for \(product): \(out.stderr)")
                } else {
                    #expect(out.code == 2, "\(path) --\(flag.name) on \(product)")
                    #expect(out.stderr.hasPrefix("Error: --\(flag.name) is for product"), "\(path) --\(flag.name) on \(product): \(out.stderr)")
                    #expect(stub.requests.isEmpty, "\(path) --\(flag.name) on \(product) sent a request before refusing")
                }
            }
        }
    }

    /// Help names, for each product-specific flag, exactly the products that honour it.
    @Test func helpNamesTheProductsThatHonourEachFlag() {
        for chain in Self.productLeaves {
            for flag in chain.last!.flags where flag.scoped {
                let honouring = products.all.filter { $0.provides(chain.last!.requires!) && $0.provides(flag.requires!) }.map(\.kind.rawValue)
                #expect(!honouring.isEmpty, "no product honours --\(flag.name) of \(CommandSpec.path(chain))")
                #expect(HelpRenderer.flagHelp(flag, chain: chain, products: products).hasSuffix("(\(honouring.joined(separator: ", ")))"))
            }
        }
    }

    /// A product explains only what it lacks, and notes only commands it runs; every capability the tree
    /// names is had by some product.
    @Test func whatProductsSayOfThemselvesMatchesTheirBackends() {
        var named = Set<CapabilityID>()
        for chain in Self.productLeaves {
            named.insert(chain.last!.requires!)
            for flag in chain.last!.flags { if let capability = flag.requires { named.insert(capability) } }
        }
        for capability in named {
            #expect(products.all.contains { $0.provides(capability) }, "no product has \(capability)")
        }
        for descriptor in products.all {
            for capability in descriptor.lacking.keys {
                #expect(!descriptor.provides(capability), "\(descriptor.kind) explains lacking \(capability), which its backend has")
                #expect(named.contains(capability), "\(descriptor.kind) explains lacking \(capability), which nothing in the tree needs")
            }
            for topic in descriptor.notes.keys {
                let chains = Self.productLeaves.filter { $0.last!.helpTopic == topic }
                #expect(!chains.isEmpty, "no command has help topic \(topic.name)")
                #expect(chains.allSatisfy { descriptor.provides($0.last!.requires!) }, "\(descriptor.kind) notes \(topic.name), which it does not run")
            }
        }
    }

    /// Each run gets a directory of its own (the config is written there).
    static func scratch() -> TemporaryDirectory { TemporaryDirectory() }
}
