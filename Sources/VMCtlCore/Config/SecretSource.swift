import Foundation
import VMCtlSupport

/// Where a profile's secret (API key, management token, API token) comes from.
public enum SecretSource: Equatable, Sendable {
    /// `api_key = "..."` in the config file itself.
    case literal(String)
    /// `api_key_env = "VAR"`: read from an environment variable.
    case environment(String)
    /// `api_key_file = "~/.secrets/x"`: the first line of a file.
    case file(String)
    /// `api_key_command = "pass show x"`: the first line a shell command prints.
    case command(String)

    /// The config key that declares this source.
    public var configKey: String {
        switch self {
        case .literal: return "api_key"
        case .environment: return "api_key_env"
        case .file: return "api_key_file"
        case .command: return "api_key_command"
        }
    }

    var configValue: String {
        switch self {
        case .literal(let v), .environment(let v), .file(let v), .command(let v): return v
        }
    }

    static let configKeys = ["api_key", "api_key_env", "api_key_file", "api_key_command"]

    static func from(key: String, value: String) -> SecretSource? {
        switch key {
        case "api_key": return .literal(value)
        case "api_key_env": return .environment(value)
        case "api_key_file": return .file(value)
        case "api_key_command": return .command(value)
        default: return nil
        }
    }
}
