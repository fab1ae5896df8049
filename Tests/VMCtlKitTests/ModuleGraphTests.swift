import Foundation
import Testing

/// The module graph of docs/architecture.md, held by the sources themselves: every `import` of a package
/// target is declared in Package.swift, and the declared graph keeps its rooms (products never import each
/// other or the CLI, the CLI imports no product, the cores import only what is below them). `swift build`
/// refuses an undeclared import only with `--explicit-target-dependency-import-check error` (CI builds so);
/// this test refuses it in any `swift test`.
@Suite struct ModuleGraphTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Each target of Package.swift with the targets it depends on.
    static let declared: [String: Set<String>] = {
        let manifest = (try? String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)) ?? ""
        var graph: [String: Set<String>] = [:]
        let pattern = try! NSRegularExpression(pattern: #"\.(?:target|executableTarget|testTarget)\(\s*name:\s*"([^"]+)"(?:,\s*dependencies:\s*\[([^\]]*)\])?"#)
        for match in pattern.matches(in: manifest, range: NSRange(manifest.startIndex..., in: manifest)) {
            let name = String(manifest[Range(match.range(at: 1), in: manifest)!])
            let list = Range(match.range(at: 2), in: manifest).map { String(manifest[$0]) } ?? ""
            graph[name] = Set(list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
                .filter { !$0.isEmpty })
        }
        return graph
    }()

    static let products: Set<String> = ["VMCloud", "InfluxDB2", "InfluxDB3"]
    static let emulators: Set<String> = ["SandboxVMCloud", "SandboxInfluxDB2", "SandboxInfluxDB3"]

    /// The package targets a source folder's files import.
    static func imports(of folder: String) -> Set<String> {
        let directory = root.appendingPathComponent(folder)
        var found = Set<String>()
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else { return found }
        for case let file as URL in walker where file.pathExtension == "swift" {
            let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ")
                guard let i = words.firstIndex(of: "import"), i + 1 < words.count, i == 0 || words[0] == "@testable" else { continue }
                let module = String(words[i + 1])
                if declared[module] != nil { found.insert(module) }
            }
        }
        return found
    }

    @Test func everyImportOfAPackageTargetIsDeclared() {
        #expect(Self.declared.count >= 14, "Package.swift was not read: \(Self.declared.keys.sorted())")
        for (target, dependencies) in Self.declared {
            let folder = (target.hasSuffix("Tests") ? "Tests/" : "Sources/") + target
            let undeclared = Self.imports(of: folder).subtracting(dependencies).subtracting([target])
            #expect(undeclared.isEmpty, "\(target) imports \(undeclared.sorted()) without declaring it in Package.swift")
        }
    }

    @Test func theDeclaredGraphKeepsItsRooms() {
        let graph = Self.declared
        #expect(graph["VMCtlSupport"] == [])
        #expect(graph["VMCtlCore"] == ["VMCtlSupport"])
        #expect(graph["SandboxCore"] == ["VMCtlSupport"])
        for product in Self.products {
            #expect(graph[product] == ["VMCtlCore", "VMCtlSupport"], "\(product) may use only the core")
        }
        #expect(graph["VMCtlCLI"] == ["VMCtlCore", "VMCtlSupport"], "the CLI imports no product")
        for emulator in Self.emulators {
            #expect(graph[emulator] == ["SandboxCore", "VMCtlSupport"], "\(emulator) may use only the sandbox's core")
        }
        #expect(graph["VMCtlKit"]?.isSuperset(of: Self.products.union(["VMCtlCLI"])) == true, "VMCtlKit wires every product into the CLI")
        // Nothing but the wiring and the tests depends on a product or an emulator.
        for (target, dependencies) in graph where !target.hasSuffix("Tests") && target != "VMCtlKit" && target != "SandboxKit" {
            #expect(dependencies.isDisjoint(with: Self.products.union(Self.emulators)), "\(target) depends on a product")
        }
        // The sandbox and vmctl share only the foundation-only helpers.
        for target in ["SandboxCore", "SandboxKit"] + Self.emulators {
            #expect(graph[target]?.isDisjoint(with: ["VMCtlCore", "VMCtlCLI", "VMCtlKit"]) == true, "\(target) depends on vmctl itself")
        }
    }
}
