import Foundation
import VMCtlCore
import VMCtlSupport

/// The outside world as commands see it; tests replace every part (gh's Factory).
public struct Dependencies: Sendable {
    public var transport: @Sendable () -> HTTPTransport
    public var sleep: @Sendable (Double) async -> Void
    public var random: @Sendable () -> Double
    public var now: @Sendable () -> Date
    /// Runs a shell command within limits (api_key_command).
    public var runCommand: @Sendable (String, ProcessRunner.Limits) throws -> (Int32, String, String)
    /// Runs a program with arguments (vmalert).
    public var runProgram: @Sendable (String, [String]) throws -> ProcessRunner.Result
    /// Makes the PEM file at a path (a profile's ca_cert) the only CA certificates trusted from now on, nil
    /// the system's: a setting of the process, which libcurl's handles take (`TrustedCertificateAuthority`).
    public var trustCertificateAuthority: @Sendable (String?) throws -> Void

    public init(transport: @escaping @Sendable () -> HTTPTransport, sleep: @escaping @Sendable (Double) async -> Void = APIClient.realSleep,
                random: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }, now: @escaping @Sendable () -> Date = { Date() },
                runCommand: @escaping @Sendable (String, ProcessRunner.Limits) throws -> (Int32, String, String) = SecretResolver.shell,
                runProgram: @escaping @Sendable (String, [String]) throws -> ProcessRunner.Result = ProcessRunner.run,
                trustCertificateAuthority: @escaping @Sendable (String?) throws -> Void = { try TrustedCertificateAuthority.use(path: $0) }) {
        self.transport = transport
        self.sleep = sleep
        self.random = random
        self.now = now
        self.runCommand = runCommand
        self.runProgram = runProgram
        self.trustCertificateAuthority = trustCertificateAuthority
    }

    public static let live = Dependencies(transport: { URLSessionTransport() })
}
