import Foundation
#if canImport(Glibc)
import Glibc
#endif
import VMCtlSupport

/// The CA certificates a profile's `ca_cert` names, applied to every request vmctl sends.
///
/// Why this exists (docs/guarantees.md, The transport): servers on company networks (InfluxDB Clustered,
/// InfluxDB 2 and 3) have certificates a private CA signs, which the system's store does not hold.
/// FoundationNetworking offers no way to give URLSession a CA file on Linux: the one it reads
/// (`URLSessionCertificateAuthorityInfoFile`) is read only on Android, it sets libcurl's CA file to the
/// system's bundle itself (so libcurl's own `SSL_CERT_FILE` is never looked at), and OpenSSL's
/// configuration refuses certificate commands in its system defaults. What it does do is hand every
/// request's libcurl handle, with all of its own options set, to `curl_multi_add_handle`. vmctl's executable
/// exports a function of that name (below; Package.swift links it with `--export-dynamic-symbol`), which
/// sets `CURLOPT_CAINFO` on the handle to the profile's file when one is in use, clears `CURLOPT_CAPATH` (so
/// the system's directory of certificates is not trusted beside it), and passes the handle on to libcurl's
/// own function. Every request thus stays on URLSession, with its streaming, deadline and redirect rules.
///
/// A program that does not export the function (a build without the linker flag) would never apply the
/// file, and check servers against the system's CA certificates instead. That is not left silent:
/// `use(path:)` refuses a CA file when the `curl_multi_add_handle` libraries are bound to is not this one,
/// and a certificate failure in a process where the function never set the file on a request says that
/// this build cannot apply ca_cert (`TransportError.certificateAuthorityNotApplied`).
public enum TrustedCertificateAuthority {
    /// What the process trusts now, and what the hook did with it.
    public struct State: Sendable, Equatable {
        /// The PEM file whose certificates are the only ones trusted; nil: the system's store.
        public var path: String?
        /// Requests the file was set on.
        public var applied = 0
        /// Requests the file could not be set on (libcurl refused the option).
        public var refused = 0

        public init(path: String? = nil, applied: Int = 0, refused: Int = 0) {
            self.path = path
            self.applied = applied
            self.refused = refused
        }

        /// A CA file is in use, and it was never set on a request: a certificate failure then says nothing
        /// about that file.
        public var notApplied: Bool { path != nil && applied == 0 }
    }

    private static let state = Locked(State())
    /// The path as libcurl takes it, kept for the life of the process (libcurl copies it anyway).
    nonisolated(unsafe) private static var cPath: UnsafeMutablePointer<CChar>?

    public static var current: State { state.current }

    /// This program cannot apply a CA file: the `curl_multi_add_handle` libraries call is libcurl's own.
    public struct HookNotInstalled: Error, Sendable {}

    /// Whether this program's `curl_multi_add_handle` is the one every library calls.
    public static var hookIsInstalled: Bool { LibCurl.hookIsInstalled }

    /// Trusts only the certificates of the PEM file at `path` (absolute) for every request from now on;
    /// nil goes back to the system's store. Set once, before the first request of a command. Throws
    /// `HookNotInstalled`, and changes nothing, when this program cannot apply a file.
    public static func use(path: String?) throws(HookNotInstalled) {
        if path != nil && !LibCurl.hookIsInstalled { throw HookNotInstalled() }
        state.withLock { state in
            guard state.path != path else { return }
            state = State(path: path)
            free(cPath)
            cPath = path.map { strdup($0) }
        }
    }

    /// Called by the hook for each request's handle before libcurl starts it.
    fileprivate static func prepare(_ easy: OpaquePointer?) {
        state.withLock { state in
            guard let cPath, let setopt = LibCurl.setOptionPointer else { return }
            let set = setopt(easy, LibCurl.optionCAInfo, cPath)
            let cleared = set == 0 ? setopt(easy, LibCurl.optionCAPath, nil) : set
            if set == 0 && cleared == 0 { state.applied += 1 } else { state.refused += 1 }
        }
    }
}

/// libcurl's functions as the next library in the search order has them (libcurl itself), and its
/// option numbers (curl/curl.h: CURLOPTTYPE_STRINGPOINT + 65 and + 97).
enum LibCurl {
    typealias AddHandle = @convention(c) (OpaquePointer?, OpaquePointer?) -> Int32
    /// `curl_easy_setopt` is variadic; a string option's value is one pointer, passed as a plain argument.
    typealias SetOptionPointer = @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?) -> Int32

    static let optionCAInfo: Int32 = 10065
    static let optionCAPath: Int32 = 10097
    static let name = "curl_multi_add_handle"

    /// RTLD_NEXT and RTLD_DEFAULT, which Glibc's module does not import (they are casts in a macro).
    private static var next: UnsafeMutableRawPointer? { UnsafeMutableRawPointer(bitPattern: -1) }
    private static var everywhere: UnsafeMutableRawPointer? { nil }

    static let addHandle: AddHandle? = dlsym(next, name).map { unsafeBitCast($0, to: AddHandle.self) }
    static let setOptionPointer: SetOptionPointer? = dlsym(next, "curl_easy_setopt")
        .map { unsafeBitCast($0, to: SetOptionPointer.self) }

    /// Whether the `curl_multi_add_handle` every library is bound to is the hook below, not libcurl's: the
    /// first in the process's search order differs from the next one after this program.
    static var hookIsInstalled: Bool {
        guard let first = dlsym(everywhere, name), let libcurls = dlsym(next, name) else { return false }
        return first != libcurls
    }
}

/// FoundationNetworking calls this for every request, with the handle's options set, to start it: the CA
/// file is set on the handle, then libcurl's own function runs. Exported from the `vmctl` executable
/// (Package.swift), so that it comes before libcurl's. Its name and signature are libcurl's:
/// `CURLMcode curl_multi_add_handle(CURLM *multi_handle, CURL *easy_handle)`.
@_cdecl("curl_multi_add_handle")
public func vmctlCurlMultiAddHandle(_ multi: OpaquePointer?, _ easy: OpaquePointer?) -> Int32 {
    TrustedCertificateAuthority.prepare(easy)
    // CURLM_INTERNAL_ERROR (4) if no library after this program had the function, which cannot be: the
    // caller, FoundationNetworking, is linked with libcurl.
    return LibCurl.addHandle?(multi, easy) ?? 4
}
