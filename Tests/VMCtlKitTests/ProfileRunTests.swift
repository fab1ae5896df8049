import Foundation
import Testing
@testable import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCloud
@testable import InfluxDB2
@testable import InfluxDB3
@testable import VMCtlSupport

/// Layer 2: profile commands against a config in a temporary directory.
@Suite struct ProfileRunTests {
    @Test func createFromStdinStoresTheKeyAndBecomesDefault() async throws {
        let dir = TemporaryDirectory()
        // The deployment's name is looked up once, with the new key, and its ID stored beside it.
        let stub = StubTransport().expect("GET", "/api/v1/deployments", json: #"[{"id":"\#(prodID)","name":"prod-cluster"}]"#)
        let r = await runVMCtl(["profile", "create", "prod", "--product", "vmcloud", "--deployment", "prod-cluster", "--api-key-stdin"],
                               config: nil, stub: stub, stdin: "the-secret-key-123\n", directory: dir)
        #expect(r.code == 0)
        #expect(r.stdout == "Created profile prod (vmcloud) in \(dir.path)/config.toml\nprod is the default profile\n")
        #expect(!r.stdout.contains("the-secret") && !r.stderr.contains("the-secret"))
        #expect(dir.read("config.toml") == """
        default_profile = "prod"

        [[profile]]
        name = "prod"
        product = "vmcloud"
        deployment = "prod-cluster"
        deployment_id = "\(prodID)"
        api_key = "the-secret-key-123"

        """)
        #expect(stub.requests.first?.headers.first { $0.name == "X-VM-Cloud-Access" }?.value == "the-secret-key-123")
        let again = await runVMCtl(["profile", "create", "prod", "--product", "vmcloud"], config: nil, directory: dir)
        #expect(again.code == 6)
        #expect(again.stderr.hasPrefix("Error: profile \"prod\" already exists in \(dir.path)/config.toml\n"))
    }

    @Test func createWithoutAnyKeyOnStdinFails() async {
        let r = await runVMCtl(["profile", "create", "p", "--product", "vmcloud", "--api-key-stdin"], config: nil, stdin: "")
        #expect(r.code == 2)
        #expect(r.stderr.hasPrefix("Error: no API key on stdin\n"))
    }

    @Test func listShowUseDelete() async throws {
        let dir = TemporaryDirectory()
        _ = await runVMCtl(["profile", "create", "a", "--product", "vmcloud", "--api-key-env", "A_KEY"], config: nil, directory: dir)
        _ = await runVMCtl(["profile", "create", "b", "--product", "clustered", "--url", "https://influx.example.com",
                            "--api-key-file", "~/b.key"], config: nil, directory: dir)
        let list = await runVMCtl(["profile", "list"], config: nil, directory: dir)
        #expect(list.stdout == """
        DEFAULT   NAME   PRODUCT     URL                                 SCOPE   API KEY
        *         a      vmcloud     https://api.victoriametrics.cloud   -       env A_KEY
                  b      clustered   https://influx.example.com          -       file ~/b.key

        """)

        let show = await runVMCtl(["profile", "show"], config: nil, environment: ["A_KEY": "abcdefghijklmnop"], directory: dir)
        #expect(show.code == 0)
        #expect(show.stdout == """
        FIELD     VALUE                               SOURCE
        name      a                                   default_profile in \(dir.path)/config.toml
        product   vmcloud                             config file
        url       https://api.victoriametrics.cloud   default for vmcloud
        api key   ****mnop                            env A_KEY

        """)
        #expect(!show.stdout.contains("abcdefghijkl"))

        let use = await runVMCtl(["profile", "use", "b"], config: nil, directory: dir)
        #expect(use.stdout == "b is now the default profile\n")
        let showB = await runVMCtl(["profile", "show", "--format", "json"], config: nil, directory: dir)
        let json = try JSONParser.parse(showB.stdout)
        #expect(json["name"] == .string("b"))
        #expect(json["default"] == .bool(true))
        #expect(json["api_key"] == .obj(["source": "file", "reference": "~/b.key"]))
        #expect(json["api_key_available"] == .bool(false))

        let delete = await runVMCtl(["profile", "delete", "b"], config: nil, directory: dir)
        #expect(delete.stdout == "Deleted profile b\nThere is no default profile now; pick one with 'vmctl profile use NAME'\n")
        let missing = await runVMCtl(["profile", "use", "b"], config: nil, directory: dir)
        #expect(missing.code == 3)
        #expect(missing.stderr.hasPrefix("Error: no profile named \"b\" in \(dir.path)/config.toml\n"))
    }

    @Test func noProfileIsAConfigErrorWithWhatToDo() async {
        let r = await runVMCtl(["token", "list"], config: nil)
        #expect(r.code == 3)
        #expect(r.stderr.contains("Error: no config file at "))
        #expect(r.stderr.contains("create one: vmctl profile create default --product vmcloud --api-key-env VMCLOUD_API_KEY"))

        let typo = await runVMCtl(["token", "list", "--profile", "tset"])
        #expect(typo.code == 3)
        #expect(typo.stderr.hasPrefix("Error: no profile named \"tset\" in "))
        #expect(typo.stderr.contains("(did you mean \"test\"?)"))
    }

    @Test func showReportsVMCTLAPIKeyOverride() async {
        let r = await runVMCtl(["profile", "show"], environment: ["VMCTL_API_KEY": "override-key-5678"])
        #expect(r.stdout.contains("api key      ****5678                               env VMCTL_API_KEY (overrides the profile's own)\n"))
    }

    @Test func jsonErrorObjectOnStderr() async {
        let r = await runVMCtl(["token", "list", "--profile", "nope", "--format", "json"])
        #expect(r.code == 3)
        #expect(r.stdout == "")
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.last?.hasPrefix(#"{"error":{"code":"config","exit_code":3,"message":"no profile named \"nope\""#) == true)
    }
}
