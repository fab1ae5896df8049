#if canImport(Glibc)
import Glibc
#endif
import VMCtlSupport

/// The one check that a file holding a secret is private, as ssh insists for keys: used for the config
/// file when it holds an `api_key`, and for an `api_key_file`.
enum PrivateFile {
    static func requirePrivate(mode: mode_t, path: String) throws {
        guard mode & 0o044 != 0 else { return }
        throw VMCtlError.config("\(path) holds an API key and can be read by other users (mode \(String(mode & 0o777, radix: 8)))",
                                hint: "run: chmod 600 \(path)")
    }
}
