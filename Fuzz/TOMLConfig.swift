@testable import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCloud
@testable import InfluxDB2
@testable import InfluxDB3
@testable import VMCtlSupport

// The config file's TOML reader and writer. What vmctl writes it must read back identically, before and
// after edits (add a profile, make it the default, remove one, clear the default).
// Another program's file (`profile import`) is read with the foreign dialect, which must take whatever vmctl's
// own config takes, to the same values, and anything else without crashing.
// Input: the file's text; after a NUL, a string used as the new profile's name and deployment.

private let path = "fuzz.toml"

/// The document as key/value pairs per table: what a re-read must give back.
private func entries(_ document: TOMLDocument) -> [String] {
    document.sections.map { section in
        "[[\(section.arrayName ?? "")]] " + section.entries.map { "\($0.key)=\($0.value.source)" }.joined(separator: " ")
    }
}

/// Checks that the rendered text reads back to the same document, and renders to the same text again.
private func checkDocumentRoundTrip(_ document: TOMLDocument, _ context: String) {
    let text = document.render()
    let again: TOMLDocument
    do {
        again = try TOMLDocument(parsing: text, name: path)
    } catch {
        fuzzFail("\(context): the rendered document does not parse (\(error)):\n\(text)")
    }
    if entries(again) != entries(document) { fuzzFail("\(context): values changed on re-read:\n\(entries(document))\n\(entries(again))") }
    if again.render() != text { fuzzFail("\(context): rendering is not stable:\n\(text)\n---\n\(again.render())") }
}

/// Checks that the config's file reads back to the same config.
private func checkConfigRoundTrip(_ config: ConfigFile, _ context: String) {
    checkDocumentRoundTrip(config.document, context)
    let again: ConfigFile
    do {
        again = try ConfigFile(path: path, text: config.rendered(), products: Products.registry)
    } catch {
        fuzzFail("\(context): the written config does not read back (\(error)):\n\(config.rendered())")
    }
    if again.profiles != config.profiles || again.defaultProfile != config.defaultProfile {
        fuzzFail("\(context): the config changed on re-read:\n\(config.rendered())")
    }
}

/// An edit may be refused with a usage, conflict or not-found error; a config error means it wrote
/// something it cannot read back.
private func edit(_ what: String, _ body: () throws -> Void) {
    do {
        try body()
    } catch let error as VMCtlError where error.kind != .config {
        return
    } catch {
        fuzzFail("\(what) failed: \(error)")
    }
}

@_cdecl("LLVMFuzzerTestOneInput") public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let textBytes = bytes.prefix { $0 != 0 }
    let extra = bytes.count > textBytes.count ? String(decoding: bytes[(textBytes.count + 1)...], as: UTF8.self) : "staging"
    // vmctl reads the file as UTF-8 and refuses anything else before parsing.
    guard let text = String(validating: textBytes, as: UTF8.self) else { return 0 }

    let foreign = try? TOMLDocument(parsing: text, name: path, dialect: .foreign)
    if let document = try? TOMLDocument(parsing: text, name: path) {
        checkDocumentRoundTrip(document, "document")
        guard let foreign else { fuzzFail("the foreign reader refuses what the config reader takes:\n\(text)") }
        if entries(foreign) != entries(document) { fuzzFail("the foreign reader reads other values:\n\(entries(document))\n\(entries(foreign))") }
    }
    guard var config = try? ConfigFile(path: path, text: text, products: Products.registry) else { return 0 }
    checkConfigRoundTrip(config, "config")

    // A profile as 'vmctl profile create' makes it: its rules decide what is accepted.
    let name = Profile.isValidName(extra) ? extra : "staging"
    let draft = ProfileRules.Draft(name: name, product: "vmcloud", url: nil, settings: ["deployment": extra], allowHTTP: false,
                                   secrets: [.environment("VMCLOUD_API_KEY")])
    if let profile = try? ProfileRules.check(draft, products: Products.registry) {
        edit("add \(profile)") { try config.add(profile) }
        checkConfigRoundTrip(config, "after adding \(name)")
        edit("set default \(name)") { try config.setDefault(name) }
        checkConfigRoundTrip(config, "after making \(name) the default")
    }
    if let first = config.profiles.first {
        edit("remove \(first.name)") { try config.remove(named: first.name) }
        checkConfigRoundTrip(config, "after removing \(first.name)")
    }
    edit("clear default") { try config.setDefault(nil) }
    checkConfigRoundTrip(config, "after clearing the default")
    return 0
}
