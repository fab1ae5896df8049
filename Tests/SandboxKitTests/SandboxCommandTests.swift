import Foundation
import Testing
@testable import SandboxKit
@testable import VMCtlSupport

/// How `vmctl-sandbox` reads its arguments into the sandbox's options.
@Suite struct SandboxCommandTests {
    @Test func latencyAndSeedTokensAreReadAndBadValuesRefusedSayingWhatToUse() {
        let out = MemorySink(), err = MemorySink()
        guard case .success(let options) = SandboxCommand.parse(["--latency", "50ms", "--seed-tokens=10000"], stdout: out, stderr: err) else {
            Issue.record("parse failed: \(err.text)")
            return
        }
        #expect(options.latency == 0.05 && options.seedTokens == 10000)
        guard case .failure(let bad) = SandboxCommand.parse(["--latency", "soon"], stdout: out, stderr: err),
              case .failure(let negative) = SandboxCommand.parse(["--seed-tokens", "-1"], stdout: out, stderr: err) else {
            Issue.record("bad values accepted")
            return
        }
        #expect(bad.code == 2 && negative.code == 2)
        #expect(err.text == "Error: invalid --latency \"soon\": use a duration such as 50ms\n"
            + "Error: invalid --seed-tokens \"-1\": use a number from 0 to 1000000\n")
    }

    @Test func portKeyAndStateAreReadAndABadPortIsRefused() {
        let out = MemorySink(), err = MemorySink()
        guard case .success(let options) = SandboxCommand.parse(["--port", "8123", "--api-key=k", "--state", "/tmp/s.json"], stdout: out, stderr: err) else {
            Issue.record("parse failed")
            return
        }
        #expect(options.port == 8123 && options.apiKey == "k" && options.statePath == "/tmp/s.json")
        guard case .failure(let bad) = SandboxCommand.parse(["--port", "x"], stdout: out, stderr: err) else {
            Issue.record("bad port accepted")
            return
        }
        #expect(bad.code == 2)
        #expect(err.text == "Error: invalid --port \"x\": use a number from 0 to 65535\n")
    }

    @Test func noAPIKeyEndpointAndExchangeLogAreRead() {
        let out = MemorySink(), err = MemorySink()
        guard case .success(let options) = SandboxCommand.parse(["--no-api-key-endpoint", "--exchange-log", "/tmp/x.jsonl"], stdout: out, stderr: err) else {
            Issue.record("parse failed: \(err.text)")
            return
        }
        #expect(!options.apiKeyEndpoint && options.exchangeLogPath == "/tmp/x.jsonl")
    }
}
