import VMCtlSupport
/// Where a token is used and how: the data URLs it works on, the file its secret is kept in, and
/// ready-to-paste client examples that read the secret from that file (or from the environment, set from
/// it), never from their command line, which `ps` shows to every local user.
public struct TokenExamples: Sendable, Equatable {
    public var id: String
    /// nil when the token cannot write (or read).
    public var writeURL: String?
    public var readURL: String?
    /// The file every example reads the secret from, and how to write it.
    public var tokenFile: TokenFile
    public var examples: [ClientExample]
    /// Lines for the reader (how the token file is filled, which databases were left out); stderr in table mode.
    public var notes: [String]

    public init(id: String, writeURL: String?, readURL: String?, tokenFile: TokenFile, examples: [ClientExample], notes: [String] = []) {
        self.id = id
        self.writeURL = writeURL
        self.readURL = readURL
        self.tokenFile = tokenFile
        self.examples = examples
        self.notes = notes
    }
}

/// One client's configuration or command line for one direction.
public struct ClientExample: Sendable, Equatable {
    public enum Purpose: String, Sendable { case write, read }

    /// `vmagent`, `prometheus`, `curl`, `grafana`, `vmalert`, `otelcol`, `telegraf`, `influx`.
    public var client: String
    public var purpose: Purpose
    /// `shell`, `yaml` or `toml`.
    public var format: String
    public var text: String
    /// How this client comes by the secret, when the text alone does not say (an environment variable the
    /// client expands, and how to set it from the token file).
    public var note: String?

    public init(_ client: String, _ purpose: Purpose, _ format: String, _ text: String, note: String? = nil) {
        self.client = client
        self.purpose = purpose
        self.format = format
        self.text = text
        self.note = note
    }
}

/// The file a token's secret is kept in, mode 0600, and the shell step that writes it without the secret
/// on any command line: the secret reaches the file through a here-document or a pipe (a shell feeds both
/// to the program's stdin), never through an argument.
public struct TokenFile: Sendable, Equatable {
    /// Relative to the directory the examples run in.
    public var path: String
    /// Shell text that writes the file (`umask 077` in a subshell, so it is created 0600; an old file is
    /// removed first, since a umask does not change the mode of a file that exists).
    public var setup: String
    /// Whether `setup` carries the secret itself (`--reveal`).
    public var holdsSecret: Bool

    public init(path: String, setup: String, holdsSecret: Bool) {
        self.path = path
        self.setup = setup
        self.holdsSecret = holdsSecret
    }

    /// `PREFIX-<the ID's first 8 characters>.token`, with only characters a shell word needs no quotes for.
    public static func name(_ prefix: String, id: String) -> String {
        var safe = ""
        for c in id.unicodeScalars where CharacterClass.alphanumeric(c) || c == "-" || c == "_" {
            safe.unicodeScalars.append(c)
            if safe.unicodeScalars.count == 8 { break }
        }
        return "\(prefix)-\(safe.isEmpty ? "token" : safe).token"
    }

    private static func writing(_ path: String, from source: String?) -> String {
        let file = ShellQuote.word(path)
        return "(umask 077 && rm -f \(file) && \(source.map { "\($0) " } ?? "")cat > \(file))"
    }

    /// The secret itself, in a here-document.
    public static func revealed(_ path: String, secret: String) -> TokenFile {
        var delimiter = "VMCTL_TOKEN"
        while secret.split(separator: "\n", omittingEmptySubsequences: false).contains(where: { $0 == delimiter }) { delimiter += "_END" }
        return TokenFile(path: path, setup: "\(writing(path, from: nil)) <<'\(delimiter)'\n\(secret)\n\(delimiter)", holdsSecret: true)
    }

    /// The output of `pipeline`, a shell command that prints the secret (and nothing else).
    public static func fetched(_ path: String, by pipeline: String) -> TokenFile {
        let file = ShellQuote.word(path)
        return TokenFile(path: path, setup: "(umask 077 && rm -f \(file) && \(pipeline) > \(file))", holdsSecret: false)
    }

    /// Typed or pasted on the terminal (what is typed is on no command line), ended with Ctrl-D.
    /// - Parameter what: what the user types, for the comment above the command.
    public static func typed(_ path: String, _ what: String) -> TokenFile {
        TokenFile(path: path, setup: "# paste \(what), then press Enter and Ctrl-D\n\(writing(path, from: nil))", holdsSecret: false)
    }

    /// The secret as a shell reads it from the file, for a here-document or an environment assignment;
    /// never for an argument, which would put it on the command line.
    public var contents: String { "$(cat \(ShellQuote.word(path)))" }

    /// `NAME="$(cat FILE)"`: an environment assignment before a command, set from the file.
    public func environment(_ name: String) -> String { "\(name)=\"\(contents)\"" }

    /// What a client that expands environment variable `name` in its configuration (`syntax`, as it is
    /// written there) needs: the variable set from this file when it starts (`start`, its command).
    public func environmentNote(_ client: String, _ name: String, _ syntax: String, start: String) -> String {
        "\(client) expands \(syntax) in its configuration: start it with the variable set from the token file "
            + "(\(environment(name)) \(start)), or put \(name)=<the secret> in the environment file its service reads, mode 0600"
    }

    /// A curl command line that reads the credential header from stdin (`-H @-`), fed by a here-document
    /// that reads the token file: the secret is on no command line. `arguments` come after `-H @-`.
    public func curl(_ credential: Credential, _ arguments: [String]) -> String {
        ShellQuote.line(["curl", "-sS", "--fail-with-body", "-H", "@-"] + arguments)
            + " <<EOF\n\(credential.header): \(credential.value(for: contents))\nEOF"
    }
}
