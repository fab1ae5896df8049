import Foundation
#if canImport(Glibc)
import Glibc
#endif
import VMCtlSupport

/// A secret and where it came from, for `profile show` and for messages.
public struct ResolvedSecret: Sendable, Equatable {
    public var value: String
    /// "config file", "env VMCLOUD_API_KEY", "file ~/.secrets/x", "command", "env VMCTL_API_KEY".
    public var origin: String
}

/// Turns a profile's secret source into the secret. Every problem is a config error (exit 3).
public struct SecretResolver: Sendable {
    public var environment: [String: String]
    /// Runs a shell command within limits and returns (exit status, stdout, stderr); replaceable in tests.
    public var runCommand: @Sendable (String, ProcessRunner.Limits) throws -> (Int32, String, String)
    /// How long an `api_key_command` may run: the `--timeout` of the run.
    public var commandTimeout: Double

    public init(environment: [String: String], commandTimeout: Double = 30,
                runCommand: @escaping @Sendable (String, ProcessRunner.Limits) throws -> (Int32, String, String) = SecretResolver.shell) {
        self.environment = environment
        self.commandTimeout = commandTimeout
        self.runCommand = runCommand
    }

    /// Where a profile's secret comes from once `VMCTL_API_KEY` is taken into account.
    public enum Choice: Equatable, Sendable {
        /// `VMCTL_API_KEY`, with its value: it overrides the profile's own source.
        case override(String)
        /// The profile's own source.
        case profile(SecretSource)
        /// Neither.
        case none

        /// Where the key comes from, for messages that must send the user to the right place:
        /// `VMCTL_API_KEY`, `$VMCLOUD_API_KEY (api_key_env of profile "prod")`, `api_key of profile "prod"`.
        public func describe(profile: String) -> String {
            switch self {
            case .override: return "VMCTL_API_KEY"
            case .none: return "no API key"
            case .profile(let source):
                let key = "\(source.configKey) of profile \"\(profile)\""
                switch source {
                case .literal, .command: return key
                case .environment(let name): return "$\(name) (\(key))"
                case .file(let path): return "file \(path) (\(key))"
                }
            }
        }

        /// The hint under a 401 or 403 that names where the refused key came from.
        public func authHint(profile: String, refused: Bool) -> String {
            let what = "the API key from \(describe(profile: profile))"
            switch (self, refused) {
            case (.override, true):
                return "\(what) was not accepted; fix it, or unset VMCTL_API_KEY to use profile \"\(profile)\"'s own key"
            case (_, true):
                return "\(what) was not accepted; check it (vmctl profile show \(profile))"
            case (_, false):
                return "\(what) lacks the permission; use a key that has it"
            }
        }
    }

    /// The one rule of precedence: `VMCTL_API_KEY` wins when it is set and no `--profile` flag was given
    /// (a profile named on the command line means its own key); else the profile's own source.
    public func source(for profile: Profile, profileFlagGiven: Bool) -> Choice {
        if !profileFlagGiven, let key = environment["VMCTL_API_KEY"], !key.isEmpty { return .override(key) }
        return profile.secret.map(Choice.profile) ?? .none
    }

    /// The secret for `profile`, by the rule of `source(for:profileFlagGiven:)`.
    public func resolve(_ profile: Profile, profileFlagGiven: Bool) throws -> ResolvedSecret {
        try resolve(source(for: profile, profileFlagGiven: profileFlagGiven), profile: profile.name)
    }

    public func resolve(_ choice: Choice, profile: String) throws -> ResolvedSecret {
        switch choice {
        case .override(let key):
            return ResolvedSecret(value: key.trimmingCharacters(in: .whitespacesAndNewlines), origin: "env VMCTL_API_KEY")
        case .profile(let source):
            return try resolve(source, profile: profile)
        case .none:
            throw VMCtlError.config("profile \"\(profile)\" has no API key",
                                    hint: "set api_key_env, api_key_file or api_key_command in the profile, or export VMCTL_API_KEY")
        }
    }

    public func resolve(_ source: SecretSource, profile: String) throws -> ResolvedSecret {
        switch source {
        case .literal(let value):
            return ResolvedSecret(value: value, origin: "config file")
        case .environment(let name):
            guard let value = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
                throw VMCtlError.config("environment variable \(name) is not set (api_key_env of profile \"\(profile)\")",
                                        hint: "export \(name)=<your API key>, or change api_key_env in the profile")
            }
            return ResolvedSecret(value: value, origin: "env \(name)")
        case .file(let rawPath):
            let path = ConfigStore.expandTilde(rawPath, environment: environment)
            var info = stat()
            guard stat(path, &info) == 0 else {
                throw VMCtlError.config("cannot read \(path) (api_key_file of profile \"\(profile)\"): \(String(cString: strerror(errno)))")
            }
            try PrivateFile.requirePrivate(mode: info.st_mode, path: path)
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw VMCtlError.config("cannot read \(path) (api_key_file of profile \"\(profile)\")")
            }
            let value = firstLine(text)
            guard !value.isEmpty else { throw VMCtlError.config("\(path) is empty (api_key_file of profile \"\(profile)\")") }
            return ResolvedSecret(value: value, origin: "file \(rawPath)")
        case .command(let command):
            let limits = ProcessRunner.Limits(outputBytes: Limits.secretCommandOutputBytes, seconds: commandTimeout)
            let (status, out, err): (Int32, String, String)
            do {
                (status, out, err) = try runCommand(command, limits)
            } catch let failure as ProcessRunner.Failure {
                throw Self.commandError(failure, profile: profile)
            }
            guard status == 0 else {
                let detail = firstLine(err)
                throw VMCtlError.config("api_key_command of profile \"\(profile)\" failed with exit status \(status)\(detail.isEmpty ? "" : ": \(detail)")")
            }
            let value = firstLine(out)
            guard !value.isEmpty else { throw VMCtlError.config("api_key_command of profile \"\(profile)\" printed nothing") }
            return ResolvedSecret(value: value, origin: "command")
        }
    }

    private func firstLine(_ text: String) -> String {
        (text.split(whereSeparator: \.isNewline).first.map(String.init) ?? "").trimmingCharacters(in: .whitespaces)
    }

    /// Runs `command` with /bin/sh, stdin inherited (a password manager may prompt), output captured,
    /// killed (with everything it started) past the limits.
    public static let shell: @Sendable (String, ProcessRunner.Limits) throws -> (Int32, String, String) = { command, limits in
        try ProcessRunner.run("/bin/sh", ["-c", command], limits: limits)
    }

    /// The config error for an `api_key_command` that could not run or went past a limit.
    static func commandError(_ failure: ProcessRunner.Failure, profile: String) -> VMCtlError {
        switch failure {
        case .cannotStart(let detail):
            return .config("cannot run api_key_command of profile \"\(profile)\": \(detail)")
        case .timeLimit(let seconds):
            return .config("api_key_command of profile \"\(profile)\" did not finish within \(APIClient.seconds(seconds)) (the --timeout) and was stopped",
                           hint: "raise --timeout if the command needs longer, e.g. to ask for a passphrase")
        case .outputLimit(let stream, let bytes):
            return .config("api_key_command of profile \"\(profile)\" printed more than \(Limits.describe(bytes: bytes)) on \(stream) (the limit for a secret command) and was stopped",
                           hint: "the command must print the API key on its first line, e.g. pass show NAME | head -1")
        }
    }
}
