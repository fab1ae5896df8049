import Foundation
import Testing
@testable import VMCtlSupport

private let readmeCheckPython = ProcessRunner.find("python3", path: ProcessInfo.processInfo.environment["PATH"])

/// A README or docs block that scripts/readme-check.py does not run says so where readers see it: a note in
/// parentheses beside its `<!-- readme-check: skip (…) -->` marker (the script's header). The check, in
/// `--lint` mode (markers and notes only, nothing run), fails when a skipped block lacks its note or a note
/// its marker, and the repository's own Markdown passes it.
@Suite(.enabled(if: readmeCheckPython != nil, "needs python3"))
struct SkippedReadmeBlocksTests {
    static let script = GeneratedFilesTests.root.appendingPathComponent("scripts/readme-check.py").path

    static func lint(_ files: [String]) throws -> ProcessRunner.Result {
        try ProcessRunner.run(readmeCheckPython!, [script, "--lint"] + files)
    }

    /// `text` as a Markdown file in a temporary directory, linted.
    static func lint(markdown text: String) throws -> ProcessRunner.Result {
        let dir = TemporaryDirectory()
        return try lint([dir.write("page.md", text)])
    }

    @Test func theRepositorysMarkdownMarksEverySkippedBlockVisibly() throws {
        let r = try Self.lint([])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("block(s) marked not to run"))
    }

    @Test func aSkippedBlockWithItsNoteAboveOrBelowPasses() throws {
        let r = try Self.lint(markdown: """
        ## A

        (Needs an account; not run by the README check.)

        <!-- readme-check: skip (needs an account) -->
        ```sh
        vmctl token list
        ```

        ```sh
        echo set-up
        ```
        <!-- readme-check: skip above (CI runs it) -->
        (Not run by the README check: CI runs it itself.)

        """)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("2 block(s) marked not to run"))
    }

    @Test func aSkippedBlockWithoutItsNoteFailsNamingTheLine() throws {
        let r = try Self.lint(markdown: """
        ## A

        Some text that is no note.
        <!-- readme-check: skip (needs an account) -->
        ```sh
        vmctl token list
        ```

        """)
        #expect(r.status == 1)
        #expect(r.stderr.contains("page.md:4: a block that is not run needs a visible note on the nearest line of text above this marker"),
                "\(r.stderr)")

        let below = try Self.lint(markdown: """
        ```sh
        echo set-up
        ```
        <!-- readme-check: skip above (CI runs it) -->

        """)
        #expect(below.status == 1 && below.stderr.contains("page.md:4: a block that is not run needs a visible note on the nearest line of text below"),
                "\(below.stderr)")
    }

    @Test func aNoteWithoutItsMarkerFails() throws {
        let r = try Self.lint(markdown: """
        ## A

        (Needs an account; not run by the README check.)

        ```sh
        echo runs
        ```

        """)
        #expect(r.status == 1)
        #expect(r.stderr.contains("page.md:3: a note says a block is not run, but no skip marker stands beside it"), "\(r.stderr)")
    }
}
