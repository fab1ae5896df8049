import Foundation
#if canImport(Glibc)
import Glibc
#endif
import VMCtlSupport

/// A profile's `ca_cert`: a PEM file of the CA certificates its servers' certificates are checked against.
/// `profile create` and `update` check the file before they save its path, and every command checks it
/// again before it sends anything (docs/contract.md, profile keys), so that a missing or wrong file is
/// said as such, not as a TLS failure.
public enum CertificateAuthorityFile {
    /// What is said about the file in every message: what it must hold.
    public static let expected = "the CA's certificate in PEM form, which starts with -----BEGIN CERTIFICATE-----"

    /// The absolute path `given` names: `~/…` is under the home, and a relative path is relative to
    /// `directory` (the current one). `.` and `..` are resolved; symbolic links are kept as named.
    public static func absolutePath(_ given: String, environment: [String: String], directory: String) -> String {
        let expanded = ConfigStore.expandTilde(given, environment: environment)
        let absolute = expanded.hasPrefix("/") ? expanded : directory + "/" + expanded
        return URL(fileURLWithPath: absolute).standardizedFileURL.path
    }

    /// What is wrong with the file at `path`, as words that follow its path ("does not exist"); nil when
    /// it is within `Limits.caCertificateFileBytes` and holds at least one PEM certificate whose base64
    /// decodes to a DER certificate.
    public static func problem(at path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            switch errno {
            case ENOENT: return "does not exist"
            case EACCES: return "cannot be read (permission denied)"
            default: return "cannot be read (\(String(cString: strerror(errno))))"
            }
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return "cannot be read (\(String(cString: strerror(errno))))" }
        if (info.st_mode & S_IFMT) == S_IFDIR { return "is a directory, not a file" }
        // At most one byte past the limit: enough to tell a file that is too large (or endless) from one
        // that is not, without holding more.
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        while bytes.count <= Limits.caCertificateFileBytes {
            let want = min(buffer.count, Limits.caCertificateFileBytes + 1 - bytes.count)
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, want) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return "cannot be read (\(String(cString: strerror(errno))))" }
            if n == 0 { break }
            bytes += buffer[0..<n]
        }
        if bytes.count > Limits.caCertificateFileBytes {
            return "is larger than \(Limits.describe(bytes: Limits.caCertificateFileBytes)), the limit for a CA certificate file"
        }
        return problem(in: bytes)
    }

    /// What is wrong with a file's bytes; nil when they hold a PEM certificate that decodes.
    static func problem(in bytes: [UInt8]) -> String? {
        if bytes.allSatisfy({ $0 == 32 || (9...13).contains($0) }) { return "is empty" }
        let blocks = certificateBlocks(in: bytes)
        if blocks.isEmpty {
            // A DER certificate starts with a SEQUENCE (0x30) and a length byte of 0x82 for its size.
            if bytes.count > 1 && bytes[0] == 0x30 && bytes[1] == 0x82 {
                return "holds no PEM certificate (-----BEGIN CERTIFICATE-----); it looks like a DER certificate, which openssl x509 -inform der -in FILE -out ca.pem turns into PEM"
            }
            return "holds no PEM certificate (-----BEGIN CERTIFICATE-----)"
        }
        guard blocks.contains(where: { decodesToCertificate($0) }) else {
            return "holds no PEM certificate that decodes: the base64 between -----BEGIN CERTIFICATE----- and -----END CERTIFICATE----- is damaged"
        }
        return nil
    }

    /// The text between each `-----BEGIN CERTIFICATE-----` and the `-----END CERTIFICATE-----` after it.
    static func certificateBlocks(in bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        let begin = Array("-----BEGIN CERTIFICATE-----".utf8), end = Array("-----END CERTIFICATE-----".utf8)
        var blocks: [ArraySlice<UInt8>] = []
        var from = bytes.startIndex
        while let start = find(begin, in: bytes, from: from) {
            let body = start + begin.count
            guard let stop = find(end, in: bytes, from: body) else { break }
            blocks.append(bytes[body..<stop])
            from = stop + end.count
        }
        return blocks
    }

    /// Whether a block's base64 (line breaks and blanks aside) decodes to DER: a SEQUENCE, as every X.509
    /// certificate is.
    static func decodesToCertificate(_ block: ArraySlice<UInt8>) -> Bool {
        let base64 = block.filter { !($0 == 32 || (9...13).contains($0)) }
        guard let der = Data(base64Encoded: Data(base64)), der.count > 2 else { return false }
        return der.first == 0x30
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard bytes.count >= needle.count, from <= bytes.count - needle.count else { return nil }
        var index = from
        while index <= bytes.count - needle.count {
            if bytes[index] == needle[0] && bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
