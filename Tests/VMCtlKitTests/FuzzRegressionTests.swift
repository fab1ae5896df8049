import Foundation
import Testing
@testable import VMCtlKit

/// Bugs the fuzz targets (Fuzz/, scripts/fuzz.sh) found, each reproduced as an ordinary test. The
/// reproducers themselves are in the targets' seed corpora, named `regression-…`.
@Suite struct FuzzRegressionTests {
    /// TOMLConfig: a string value whose first character is a combining mark was written as a quote plus
    /// that mark, which Swift counts as one Character, so the reader did not see a string at all and the
    /// config file could no longer be read.
    @Test(arguments: ["\u{361}abc", "a\u{301}", "'\u{301}", "\"\u{20DD}", "\u{300}"])
    func stringsStartingOrEndingWithACombiningMarkReadBack(_ value: String) throws {
        #expect(try TOMLDocument.parseValue(TOMLDocument.quote(value)) == .string(value))
        var config = ConfigFile(emptyAt: "config.toml")
        try config.add(Profile(name: "p", product: .vmcloud, settings: ["deployment": value], secret: .environment("K")))
        let again = try ConfigFile(path: "config.toml", text: config.rendered())
        #expect(again.profile(named: "p")?.setting("deployment") == value)
    }

    @Test func aLiteralStringHoldsNoQuoteEvenWithACombiningMark() throws {
        #expect(throws: TOMLDocument.ValueError.self) { try TOMLDocument.parseValue("'a'\u{301}b'") }
        #expect(try TOMLDocument.parseValue("'\u{301}x'") == .string("\u{301}x"))
    }
}
