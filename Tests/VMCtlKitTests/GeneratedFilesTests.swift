import Foundation
import Testing
@testable import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCloud
@testable import InfluxDB2
@testable import InfluxDB3
@testable import VMCtlSupport

/// The completions and docs checked into the repository are exactly what the command tree generates.
@Suite struct GeneratedFilesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func checkedInFilesAreUpToDate() throws {
        for file in ReferenceDocs.files(products: Products.registry) {
            let onDisk = try? String(contentsOf: Self.root.appendingPathComponent(file.path), encoding: .utf8)
            #expect(onDisk == file.content, "\(file.path) is stale: run scripts/generate.sh and commit the result")
        }
        let pages = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("docs/reference").path)
        let expected = Set(ReferenceDocs.files(products: Products.registry).map(\.path).filter { $0.hasPrefix("docs/reference/") }.map { String($0.dropFirst("docs/reference/".count)) })
        #expect(Set(pages) == expected, "docs/reference holds pages of commands that do not exist: run scripts/generate.sh")
    }

    /// README.md's command list is the tree's: every command that runs, each linked to its page.
    @Test func readmeCommandListIsUpToDateAndNamesEveryCommand() throws {
        let regions = ReferenceDocs.regions(products: Products.registry)
        for region in regions {
            let onDisk = try String(contentsOf: Self.root.appendingPathComponent(region.path), encoding: .utf8)
            let spliced = try #require(region.splice(into: onDisk), "\(region.missingMarkers)")
            #expect(spliced == onDisk, "\(region.path)'s generated part is stale: run scripts/generate.sh and commit the result")
        }
        let list = try #require(regions.first { $0.path == "README.md" }).content
        let root = CommandTree.root(for: Products.registry)
        for chain in ReferenceDocs.chains(root).dropFirst() where chain.last!.subcommands.allSatisfy(\.hidden) {
            let page = "docs/reference/\(ReferenceDocs.pageName(chain)).md"
            #expect(list.contains("| [`\(ReferenceDocs.commandLine(chain))`](\(page))"), "\(page) missing from README.md's list")
            #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(page).path), "\(page) does not exist")
        }
        // The commands a hand-written list once left out.
        for command in ["auth status", "token rotate", "profile update", "profile rename", "deployment wait"] {
            #expect(list.contains("[`vmctl \(command)`]"), "vmctl \(command) missing from README.md's list")
        }
        #expect(list.contains("| [`vmctl token delete`](docs/reference/vmctl_token_delete.md) (alias `revoke`) | revoke access tokens (InfluxDB 2 deletes them) | all |"))
        #expect(list.contains("| [`vmctl apikey delete`](docs/reference/vmctl_apikey_delete.md) (aliases `revoke`, `rm`) |"))
        #expect(list.contains("| [`vmctl deployment wait`](docs/reference/vmctl_deployment_wait.md) | wait until a deployment is running, or deleted | `vmcloud` |"))
        #expect(list.contains("| [`vmctl profile create`](docs/reference/vmctl_profile_create.md) (alias `add`) | create a connection profile | local |"))
        #expect(!list.contains("[`vmctl __"), "hidden commands stay out of the list")
    }

    /// The region is replaced between its markers and nowhere else; a file without them, or with them
    /// twice or out of order, is refused rather than written.
    @Test func generatedRegionReplacesOnlyWhatIsBetweenItsMarkers() {
        let region = GeneratedRegion(path: "F.md", begin: "<!-- b -->", end: "<!-- e -->", content: "new\n")
        #expect(region.splice(into: "top\n<!-- b -->\nold\nolder\n<!-- e -->\nbottom\n") == "top\n<!-- b -->\nnew\n<!-- e -->\nbottom\n")
        #expect(region.splice(into: "<!-- b -->\n<!-- e -->") == "<!-- b -->\nnew\n<!-- e -->")
        #expect(region.splice(into: "top\nbottom\n") == nil)
        #expect(region.splice(into: "<!-- e -->\n<!-- b -->\n") == nil)
        #expect(region.splice(into: "<!-- b -->\n<!-- e -->\n<!-- b -->\n<!-- e -->\n") == nil)
        #expect(region.splice(into: "text <!-- b -->\n<!-- e -->\n") == nil, "a marker is a line of its own")
    }

    @Test func generateWritesTheReadmeListBetweenItsMarkersAndRefusesAReadmeWithout() async throws {
        let dir = TemporaryDirectory()
        try "# x\n\n<!-- commands:begin -->\nstale\n<!-- commands:end -->\nkept\n".write(toFile: dir.path + "/README.md", atomically: true, encoding: .utf8)
        let r = await runVMCtl(["__generate", dir.path], config: nil)
        #expect(r.code == 0, "\(r.stderr)")
        let readme = try String(contentsOfFile: dir.path + "/README.md", encoding: .utf8)
        let list = ReferenceDocs.regions(products: Products.registry)[0].content
        #expect(readme == "# x\n\n<!-- commands:begin -->\n" + list + "<!-- commands:end -->\nkept\n")

        try "# x\n".write(toFile: dir.path + "/README.md", atomically: true, encoding: .utf8)
        let refused = await runVMCtl(["__generate", dir.path], config: nil)
        #expect(refused.code == 1 && refused.stderr.hasPrefix("Error: README.md needs the lines <!-- commands:begin --> and <!-- commands:end -->"),
                "\(refused.stderr)")
        #expect(try String(contentsOfFile: dir.path + "/README.md", encoding: .utf8) == "# x\n")
    }

    @Test func everyVisibleCommandHasAPageAndAManSection() {
        let man = ManPage.render(root: CommandTree.root(for: Products.registry), products: Products.registry)
        for chain in ReferenceDocs.chains(CommandTree.root(for: Products.registry)).dropFirst() {
            #expect(man.contains(".SS \"\(ManPage.escape(HelpRenderer.usageLine(chain)))\""), "\(ReferenceDocs.commandLine(chain)) missing from the man page")
        }
        let names = ReferenceDocs.files(products: Products.registry).map(\.path)
        #expect(names.contains("docs/reference/vmctl_token_create.md"))
        #expect(!names.contains { $0.contains("__complete") || $0.contains("__generate") })
    }

    @Test func leafPagesHaveUsageFlagsExamplesAndExitCodes() throws {
        let page = ReferenceDocs.markdown([CommandTree.root(for: Products.registry), TokenCommands.group, TokenCreateCommand.spec], products: Products.registry)
        #expect(page.hasPrefix("# vmctl token create\n\nCreate an access token.\n"))
        #expect(page.contains("## Usage\n\n```\nvmctl token create [flags] DESCRIPTION\n```"))
        #expect(page.contains("| `--read-database DB` | grant read on DB ('*' = all) (repeatable) |"))
        #expect(page.contains("## Examples\n\n```sh\n# Read and write on every tenant"))
        #expect(page.contains("| 4 | authentication or permission: HTTP 401 or 403 |"))
        let local = ReferenceDocs.markdown([CommandTree.root(for: Products.registry), ProfileCommands.group, ProfileListCommand.spec], products: Products.registry)
        #expect(!local.contains("| 7 |"), "a local command cannot end with a network error")
    }

    @Test func completionCommandPrintsTheScripts() async {
        for shell in ["bash", "zsh", "fish"] {
            let r = await runVMCtl(["completion", shell], config: nil)
            #expect(r.code == 0)
            #expect(r.stdout == CompletionCommand.script(for: shell, root: CommandTree.root(for: Products.registry)))
        }
        let bad = await runVMCtl(["completion", "zhs"], config: nil)
        #expect(bad.code == 2 && bad.stderr.hasPrefix("Error: unknown shell \"zhs\": use bash, zsh or fish (did you mean \"zsh\"?)\n"))
    }

    @Test func hiddenCommandsStayOutOfHelpAndSuggestions() {
        #expect(!HelpRenderer.render([CommandTree.root(for: Products.registry)], products: Products.registry).contains("__complete"))
        #expect(usageError(["__complet"])?.message == "unknown command \"__complet\" for \"vmctl\"")
        #expect(!BashCompletion.script(root: CommandTree.root(for: Products.registry)).contains("__generate"))
    }

    @Test func completionLookupsUseOneShortAttemptAndNeverRunCommands() async {
        let slow = StubTransport().expect("GET", "/api/v1/deployments", failure: .timedOut)
        let r = await runVMCtl(["__complete", "deployments", "--timeout", "1m"], stub: slow)
        #expect(r.code == 0 && r.stdout == "" && r.stderr == "")
        #expect(slow.requests.count == 1)
        #expect(slow.requests.first?.timeout == CompleteCandidatesCommand.timeout)

        let dir = TemporaryDirectory()
        let marker = dir.path + "/ran"
        let config = """
        [[profile]]
        name = "default"
        product = "vmcloud"
        url = "http://127.0.0.1:9"
        api_key_command = "touch \(marker); echo key-from-command"
        """
        let stub = StubTransport()
        let quiet = await runVMCtl(["__complete", "deployments"], config: config, stub: stub, directory: dir)
        #expect(quiet.stdout == "" && quiet.stderr == "" && quiet.code == 0)
        #expect(!FileManager.default.fileExists(atPath: marker))
        #expect(stub.requests.isEmpty)

        let tokens = await runVMCtl(["__complete", "tokens"], stub: StubTransport().expect("GET", "/api/v1/deployments/\(prodID)/access_tokens", json: tokenListJSON))
        #expect(tokens.stdout == "tok-1\tdefault\ntok-2\tgrafana team 12\n")
    }
}
