import Foundation
import Testing
@testable import VMCtlKit

/// What a newcomer trips on (issue 14), one test per behaviour, numbered as in the issue.
@Suite struct NewcomerTests {
    let tokensPath = "/api/v1/deployments/\(prodID)/access_tokens"

    // MARK: 8. First contact

    @Test func noArgumentsPrintsTheOverviewAndSucceeds() async {
        let r = await runVMCtl([], config: nil)
        #expect(r.code == 0)
        #expect(r.stdout == HelpRenderer.render([CommandTree.root]))
        #expect(r.stdout.contains("Commands:"))
        #expect(r.stderr == "")
    }

    @Test func jsonFlagSuggestsFormatJSON() async {
        let r = await runVMCtl(["token", "list", "--json"])
        #expect(r.code == 2)
        #expect(r.stderr.hasPrefix("Error: unknown flag --json for \"vmctl token list\": use --format json\n"))
    }

    @Test func answeringNoIsACleanCancel() async {
        let no = StubTransport().expect("GET", tokensPath, json: tokenListJSON)
        let r = await runVMCtl(["token", "revoke", "tok-2"], stub: no, stdin: "n\n", stdinTTY: true)
        #expect(r.code == 0)
        #expect(r.stderr.hasSuffix("[y/N] Cancelled: nothing changed\n"))
        #expect(!r.stderr.contains("Error"))
        #expect(!no.requests.contains { $0.method == "DELETE" })
    }
}
