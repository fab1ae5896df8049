import Foundation
import VMCtlCore
import VMCtlSupport

/// What can be checked in a rule file without a YAML library, and vmalert's own check where it is installed.
enum RuleFileCheck {
    static let maxBytes = 20 * 1024 * 1024

    /// Size, encoding and a top-level `groups:` key; returns the text.
    static func check(_ bytes: [UInt8], source: String) throws -> String {
        if bytes.count > maxBytes {
            throw VMCtlError.usage("\(source) is \(bytes.count / 1024 / 1024)MB; VictoriaMetrics Cloud takes rule files of at most 20MB")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw VMCtlError.usage("\(source) is not UTF-8 text")
        }
        // A key at column 0 is a top-level key; after "groups:" comes a line end, a space or a tab.
        let hasGroups = text.split(whereSeparator: \.isNewline).contains { line in
            guard line.hasPrefix("groups:") else { return false }
            let rest = line.dropFirst("groups:".count)
            return rest.isEmpty || rest.first == " " || rest.first == "\t"
        }
        if !hasGroups {
            throw VMCtlError.usage("\(source) has no top-level groups: key, so it is not a Prometheus rule file",
                                   hint: "a rule file starts with 'groups:' followed by named groups of alert and record rules")
        }
        return text
    }

    /// A rule file name that is safe as one path segment: letters, digits, `.`, `_`, `-`, not starting with
    /// a dot. No extension is needed (the docs' own example uploads `testing-rules`).
    static func checkName(_ name: String) throws {
        let allowed = !name.isEmpty && name.count <= 255 && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
        guard allowed, !name.hasPrefix(".") else {
            throw VMCtlError.usage("invalid rule file name \"\(name)\": use letters, digits, '.', '_' and '-', not starting with '.'")
        }
    }

    /// Runs `vmalert -dryRun` on the file when vmalert is on PATH. Returns what was done, for the user;
    /// an invalid file is a usage error carrying vmalert's message.
    static func validateWithVMAlert(path: String, context: CommandContext) throws -> String {
        guard let vmalert = ProcessRunner.find("vmalert", path: context.environment["PATH"]) else {
            return "vmalert is not on PATH, so only size, encoding and the groups: key were checked"
        }
        let result: ProcessRunner.Result
        do {
            result = try context.dependencies.runProgram(vmalert, ["-rule=\(path)", "-dryRun"])
        } catch {
            return "could not run \(vmalert) (\(error.localizedDescription)); only size, encoding and the groups: key were checked"
        }
        guard result.status == 0 else {
            throw VMCtlError.usage("vmalert rejects the rule file: \(vmalertMessage(result.stderr + result.stdout))",
                                   hint: "fix the file and upload again; '\(vmalert) -rule=FILE -dryRun' shows the same check")
        }
        return "Checked with \(vmalert) -dryRun"
    }

    /// The message of vmalert's fatal/error log line, without its timestamp and source location.
    static func vmalertMessage(_ output: String) -> String {
        for line in output.split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false)
            if fields.count == 4, fields[1] == "fatal" || fields[1] == "error" { return String(fields[3]) }
        }
        let lines = output.split(whereSeparator: \.isNewline)
        return lines.last.map(String.init) ?? "no details"
    }
}
