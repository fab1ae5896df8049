import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A secret and where it came from, for `profile show` and for messages.
public struct ResolvedSecret: Sendable, Equatable {
    public var value: String
    /// "config file", "env VMCLOUD_API_KEY", "file ~/.secrets/x", "command", "env VMCTL_API_KEY".
    public var origin: String
}

/// Turns a profile's secret source into the secret. Every problem is a config error (exit 3).
public struct SecretResolver: Sendable {
    public var environment: [String: String]
    /// Runs a shell command and returns (exit status, stdout, stderr); replaceable in tests.
    public var runCommand: @Sendable (String) throws -> (Int32, String, String)

    public init(environment: [String: String], runCommand: @escaping @Sendable (String) throws -> (Int32, String, String) = SecretResolver.shell) {
        self.environment = environment
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
            let (status, out, err) = try runCommand(command)
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

    /// Runs `command` with /bin/sh, stdin inherited (a password manager may prompt), output captured.
    public static let shell: @Sendable (String) throws -> (Int32, String, String) = { command in
        do {
            return try ProcessRunner.run("/bin/sh", ["-c", command])
        } catch {
            throw VMCtlError.config("cannot run api_key_command: \(error.localizedDescription)")
        }
    }
}
