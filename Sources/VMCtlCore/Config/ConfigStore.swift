import Foundation
import VMCtlSupport

/// Where the config file lives, and the only code that reads or writes it.
/// Reads check that a file holding a key is private; writes are locked, atomic and 0600.
public struct ConfigStore: Sendable {
    public let path: String
    /// The products a profile may name.
    public let products: ProductRegistry

    public init(path: String, products: ProductRegistry) {
        self.path = path
        self.products = products
    }

    /// `--config`, else `$VMCTL_CONFIG`, else `$XDG_CONFIG_HOME/vmctl/config.toml`, else `~/.config/vmctl/config.toml`.
    public static func resolve(flag: String?, environment: [String: String], products: ProductRegistry) -> ConfigStore {
        if let flag, !flag.isEmpty { return ConfigStore(path: expandTilde(flag, environment: environment), products: products) }
        if let env = environment["VMCTL_CONFIG"], !env.isEmpty { return ConfigStore(path: expandTilde(env, environment: environment), products: products) }
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return ConfigStore(path: xdg + "/vmctl/config.toml", products: products) }
        return ConfigStore(path: (environment["HOME"] ?? NSHomeDirectory()) + "/.config/vmctl/config.toml", products: products)
    }

    /// `~/x` → `$HOME/x`.
    public static func expandTilde(_ path: String, environment: [String: String]) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        return (environment["HOME"] ?? NSHomeDirectory()) + path.dropFirst()
    }

    /// The config file, or nil when there is none.
    public func load() throws -> ConfigFile? {
        guard let file = try SmallTextFile.read(path, what: "a config file",
                                                hint: "point --config (or VMCTL_CONFIG) at a vmctl config file") else { return nil }
        let config = try ConfigFile(path: path, text: file.text, products: products)
        if config.profiles.contains(where: { if case .literal = $0.secret { return true } else { return false } }) {
            try PrivateFile.requirePrivate(mode: file.mode, path: path)
        }
        return config
    }

    /// Runs a read-modify-write cycle under the config lock and writes the result atomically with mode 0600.
    @discardableResult
    public func update(_ change: (inout ConfigFile) throws -> Void) throws -> ConfigFile {
        let directory = PathComponents.parent(of: path)
        try AtomicFile.createDirectory(directory.isEmpty ? "." : directory, mode: 0o700)
        return try FileLock.withLock(at: path + ".lock") {
            // Every writer holds this lock, so a temporary file left beside the config now was left by a
            // writer that died (kill -9) mid-write; it may hold keys, so it goes.
            AtomicFile.removeTemporaries(of: path)
            var config = try load() ?? ConfigFile(emptyAt: path, products: products)
            try change(&config)
            try AtomicFile.write(config.rendered(), to: path, mode: 0o600)
            return config
        }
    }
}
