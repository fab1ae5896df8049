import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCtlSupport

/// The hook that applies a profile's ca_cert to every request (docs/guarantees.md, the transport).
@Suite struct TrustedCertificateAuthorityTests {
    /// A program that exports the hook binds every library's `curl_multi_add_handle` to it, and libcurl's
    /// own comes next: the vmctl executable, and this test program, which links the vmctl target and so its
    /// linker flag (Package.swift). (A program that does not export it refuses a CA file instead:
    /// `use(path:)` throws, as `CertificateAuthorityProfileTests/aProgramThatCannotApplyTheCAFileSendsNothing`
    /// shows for a command.)
    @Test func theHookIsTheFunctionLibrariesCallAndLibcurlsComesNext() throws {
        let everywhere = UnsafeMutableRawPointer(bitPattern: 0), next = UnsafeMutableRawPointer(bitPattern: -1)
        // dladdr(3), a GNU extension the Glibc module does not import. Its Dl_info starts with the file's name.
        typealias DLAddr = @convention(c) (UnsafeRawPointer?, UnsafeMutablePointer<UnsafeRawPointer?>) -> Int32
        let dladdr = unsafeBitCast(try #require(dlsym(everywhere, "dladdr")), to: DLAddr.self)
        /// The file of the program or library that holds `symbol`.
        func file(of symbol: UnsafeMutableRawPointer) -> String {
            var info = [UnsafeRawPointer?](repeating: nil, count: 4)
            guard dladdr(symbol, &info) != 0 else { return "" }
            return info[0].map { String(cString: $0.assumingMemoryBound(to: CChar.self)) } ?? ""
        }
        let bound = file(of: try #require(dlsym(everywhere, "curl_multi_add_handle")))
        func resolved(_ path: String) -> String? {
            guard let real = realpath(path, nil) else { return nil }
            defer { free(real) }
            return String(cString: real)
        }
        let program = resolved("/proc/self/exe")
        #expect(program != nil && resolved(bound) == program, "curl_multi_add_handle is bound in \(bound), not \(program ?? "?")")
        let libcurls = file(of: try #require(dlsym(next, "curl_multi_add_handle")))
        #expect(libcurls.contains("libcurl"), "\(libcurls)")
        #expect(TrustedCertificateAuthority.hookIsInstalled)
        #expect(LibCurl.addHandle != nil && LibCurl.setOptionPointer != nil)
    }
}
