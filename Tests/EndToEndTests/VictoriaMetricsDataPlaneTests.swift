import Foundation
import Testing
import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCtlSupport

/// Layer 3 with real components: `vmctl-sandbox --data-plane` runs a real victoria-metrics behind its
/// gateway; tokens are made through the management API, data is written with curl-equivalent requests
/// and by a real vmagent, and read back through the read URLs of docs/api/vmcloud.md, data plane.
@Suite(.enabled(if: VictoriaMetricsTools.available, VictoriaMetricsTools.reason))
struct VictoriaMetricsDataPlaneTests {
    /// The label sets of a query's result, in the order of their names and values.
    static func labelSets(_ result: [JSONValue]) -> [[String: String]] {
        func canonical(_ labels: [String: String]) -> String { labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",") }
        return result.map { item in
            guard case .object(let members) = item["metric"] ?? .null else { return [:] }
            return Dictionary(uniqueKeysWithValues: members.map { ($0.key, $0.value.stringValue ?? "") })
        }.sorted { canonical($0) < canonical($1) }
    }

    @Test func prometheusTextIsReadBackOnlyInTheTenantAndDeploymentItWasWrittenTo() async throws {
        let sandbox = try SandboxProcess.withDataPlane()
        let urls = try await sandbox.dataPlane()
        let endpoint = try #require(urls.accessEndpoint)
        let clusterID = try await sandbox.deploymentID("prod-cluster")
        // The API gives the gateway as every deployment's access endpoint.
        let deployment = try await sandbox.vmcloud("GET", "/deployments/\(clusterID)")
        #expect(deployment.json?["access_endpoint"]?.stringValue == endpoint)

        let allTenants = try await sandbox.createAccessToken(deployment: "prod-cluster", type: "rw")
        let tenant2 = try await sandbox.createAccessToken(deployment: "prod-cluster", type: "rw", tenant: "2")
        let singleToken = try await sandbox.createAccessToken(deployment: "dev-single", type: "rw")
        let text = Data("dp_sample{source=\"curl\"} 42\n".utf8)

        #expect(try await dataRequest("POST", endpoint + "/insert/1/prometheus/api/v1/import/prometheus", token: allTenants.secret, body: text).status == 204)
        // A client cannot steer its data elsewhere: its own extra_label is dropped, and the gateway's
        // overrides a label of the same name in the data.
        let smuggled = Data("dp_smuggled{vm_tenant=\"2:0\",vm_deployment=\"other\"} 1\n".utf8)
        #expect(try await dataRequest("POST", endpoint + "/insert/1/prometheus/api/v1/import/prometheus?extra_label=vm_tenant=2:0",
                                      token: allTenants.secret, body: smuggled).status == 204)
        #expect(try await dataRequest("POST", endpoint + "/api/v1/import/prometheus", token: singleToken.secret,
                                      body: Data("dp_single 7\n".utf8)).status == 204)

        let tenant1Read = endpoint + "/select/1/prometheus"
        let found = try await pollQuery(tenant1Read, token: allTenants.secret, query: "dp_sample")
        #expect(Self.labelSets(found) == [["__name__": "dp_sample", "source": "curl"]])
        #expect(found.first?["value"]?.arrayValue?.last == .string("42"))
        #expect(Self.labelSets(try await pollQuery(tenant1Read, token: allTenants.secret, query: "dp_smuggled")) == [["__name__": "dp_smuggled"]])
        #expect(Self.labelSets(try await pollQuery(endpoint, token: singleToken.secret, query: "dp_single")) == [["__name__": "dp_single"]])

        // Everything is visible where it was written; now the other places must see none of it.
        let everything = #"{__name__=~"dp_.*"}"#
        #expect(try await pollQuery(endpoint + "/select/2/prometheus", token: allTenants.secret, query: everything, timeout: 0).isEmpty)
        #expect(try await pollQuery(endpoint + "/prometheus", token: tenant2.secret, query: everything, timeout: 0).isEmpty)
        // VictoriaMetrics ORs several extra_filters[] but ANDs them with extra_label, the gateway's.
        #expect(try await pollQuery(endpoint + "/prometheus", token: tenant2.secret, query: everything,
                                    parameters: [("extra_filters[]", #"{vm_tenant="1:0"}"#), ("extra_label", "vm_tenant=1:0")], timeout: 0).isEmpty)
        #expect(Self.labelSets(try await pollQuery(endpoint, token: singleToken.secret, query: everything, timeout: 0)) == [["__name__": "dp_single"]])
        #expect(Self.labelSets(try await pollQuery(tenant1Read, token: allTenants.secret, query: everything, timeout: 0))
                == [["__name__": "dp_sample", "source": "curl"], ["__name__": "dp_smuggled"]])

        // The other read APIs, through the same base URL, without the gateway's labels.
        let labels = try await dataRequest("GET", tenant1Read + "/api/v1/labels", token: allTenants.secret)
        #expect(labels.json?["data"] == .array(["__name__", "source"]))
        let series = try await dataRequest("GET", tenant1Read + "/api/v1/series?match%5B%5D=dp_sample", token: allTenants.secret)
        #expect(series.json?["data"] == .array([.obj(["__name__": "dp_sample", "source": "curl"])]))
        let values = try await dataRequest("GET", tenant1Read + "/api/v1/label/source/values", token: allTenants.secret)
        #expect(values.json?["data"] == .array(["curl"]))
        let export = try await dataRequest("GET", tenant1Read + "/api/v1/export?match%5B%5D=dp_sample", token: allTenants.secret)
        #expect(export.status == 200 && export.body.hasPrefix(#"{"metric":{"__name__":"dp_sample","source":"curl"},"values":[42],"#))
        let range = try await dataRequest("GET", tenant1Read + "/api/v1/query_range?query=dp_sample&start=\(Int(Date().timeIntervalSince1970) - 300)&end=\(Int(Date().timeIntervalSince1970) + 60)&step=15",
                                          token: allTenants.secret)
        #expect(range.json?["data"]?["resultType"] == "matrix" && range.json?["data"]?["result"]?.arrayValue?.count == 1)

        // Underneath, the one VictoriaMetrics holds it with the labels that keep it apart.
        let direct = try await httpExchange("GET", try #require(urls.victoriaMetrics) + "/api/v1/query?query=dp_sample")
        #expect(Self.labelSets(direct.json?["data"]?["result"]?.arrayValue ?? [])
                == [["__name__": "dp_sample", "source": "curl", "vm_deployment": clusterID, "vm_tenant": "1:0"]])
    }

    @Test func tokensAreRefusedOutsideTheirGrant() async throws {
        let sandbox = try SandboxProcess.withDataPlane()
        let endpoint = try #require(try await sandbox.dataPlane().accessEndpoint)
        let clusterID = try await sandbox.deploymentID("prod-cluster")
        let reader = try await sandbox.createAccessToken(deployment: "prod-cluster", type: "r")
        let writer = try await sandbox.createAccessToken(deployment: "prod-cluster", type: "w")
        let tenant2 = try await sandbox.createAccessToken(deployment: "prod-cluster", type: "rw", tenant: "2")
        let singleReader = try await sandbox.createAccessToken(deployment: "dev-single", type: "r")
        let sample = Data("dp_refused 1\n".utf8)
        let write1 = endpoint + "/insert/1/prometheus/api/v1/import/prometheus", read1 = endpoint + "/select/1/prometheus/api/v1/query?query=up"

        #expect(try await dataRequest("POST", write1, token: reader.secret, body: sample).status == 403)
        #expect(try await dataRequest("GET", read1, token: reader.secret).status == 200)
        #expect(try await dataRequest("POST", write1, token: writer.secret, body: sample).status == 204)
        #expect(try await dataRequest("GET", read1, token: writer.secret).status == 403)
        #expect(try await dataRequest("POST", endpoint + "/api/v1/import/prometheus", token: singleReader.secret, body: sample).status == 403)
        // A tenant-specific token works on its own tenant, under either URL, and nowhere else.
        #expect(try await dataRequest("POST", endpoint + "/prometheus/api/v1/import/prometheus", token: tenant2.secret, body: sample).status == 204)
        #expect(try await dataRequest("POST", endpoint + "/insert/2:0/prometheus/api/v1/import/prometheus", token: tenant2.secret, body: sample).status == 204)
        #expect(try await dataRequest("POST", write1, token: tenant2.secret, body: sample).status == 403)
        #expect(try await dataRequest("GET", read1, token: tenant2.secret).status == 403)
        // URLs that are not the deployment's.
        #expect(try await dataRequest("POST", endpoint + "/api/v1/import/prometheus", token: writer.secret, body: sample).status == 404)
        #expect(try await dataRequest("GET", endpoint + "/prometheus/api/v1/query?query=up", token: reader.secret).status == 400)

        // Unknown, missing and revoked tokens: 401.
        #expect(try await dataRequest("POST", write1, token: "not-a-token", body: sample).status == 401)
        #expect(try await httpExchange("POST", write1, body: sample).status == 401)
        let revoked = try await sandbox.createAccessToken(deployment: "prod-cluster", type: "rw")
        #expect(try await dataRequest("POST", write1, token: revoked.secret, body: sample).status == 204)
        #expect(try await sandbox.vmcloud("DELETE", "/deployments/\(clusterID)/access_tokens/\(revoked.id)").status == 200)
        #expect(try await dataRequest("POST", write1, token: revoked.secret, body: sample).status == 401)

        // Using a token is what the API's last_used_at reports.
        let tokens = try await sandbox.vmcloud("GET", "/deployments/\(clusterID)/access_tokens").json?.arrayValue ?? []
        #expect(tokens.first { $0["id"]?.stringValue == writer.id }?["last_used_at"]?.stringValue != nil)
    }

    @Test func remoteWriteFramesAreAnsweredAsVictoriaMetricsAnswersThem() async throws {
        let sandbox = try SandboxProcess.withDataPlane()
        let urls = try await sandbox.dataPlane()
        let endpoint = try #require(urls.accessEndpoint)
        let cluster = try await sandbox.createAccessToken(deployment: "prod-cluster", type: "w")
        let single = try await sandbox.createAccessToken(deployment: "dev-single", type: "w")
        // An empty WriteRequest is zero bytes of protobuf; snappy's block format writes empty input as one
        // byte, the varint of its length 0.
        let emptyFrame = Data([0x00])
        let snappy = ["Content-Encoding": "snappy", "Content-Type": "application/x-protobuf", "X-Prometheus-Remote-Write-Version": "0.1.0"]

        // The real server first, then the same requests through the gateway, for each kind of URL.
        let real = try #require(urls.victoriaMetrics) + "/api/v1/write"
        #expect(try await httpExchange("POST", real, body: Data()).status == 400)
        #expect(try await httpExchange("POST", real, headers: snappy, body: emptyFrame).status == 204)
        for (url, token) in [(endpoint + "/api/v1/write", single.secret), (endpoint + "/insert/0/prometheus/api/v1/write", cluster.secret)] {
            let empty = try await dataRequest("POST", url, token: token, body: Data())
            #expect(empty.status == 400, "\(url)")
            #expect(empty.body.contains("snappy"), "\(empty.body)")
            #expect(try await dataRequest("POST", url, token: token, body: emptyFrame, headers: snappy).status == 204, "\(url)")
        }
        let log = try await sandbox.call("GET", "/_sandbox/data-plane/requests").arrayValue ?? []
        let frames = log.filter { $0["content_encoding"] == "snappy" }
        #expect(frames.count == 2 && frames.allSatisfy { $0["body_bytes"] == .int(1) && $0["status"] == .int(204) })
    }

    @Test func realVMAgentRemoteWritesIntoTheDeploymentAndTenantOfItsURL() async throws {
        let sandbox = try SandboxProcess.withDataPlane()
        let endpoint = try #require(try await sandbox.dataPlane().accessEndpoint)
        let single = try await sandbox.createAccessToken(deployment: "dev-single", type: "rw", description: "vmagent single")
        let allTenants = try await sandbox.createAccessToken(deployment: "prod-cluster", type: "rw", description: "vmagent all tenants")
        let tenant9 = try await sandbox.createAccessToken(deployment: "prod-cluster", type: "rw", tenant: "9", description: "vmagent tenant 9")
        let port = URL(string: sandbox.url)!.port!
        // vmagent scrapes the sandbox's own counters and remote-writes them to three write URLs at once,
        // one per kind of token, each with its own bearer token, read from a file (never from argv).
        let agent = try VMAgentProcess.scrapingSandbox(port: port, flags: [
                "-remoteWrite.url=\(endpoint)/api/v1/write", "-remoteWrite.bearerTokenFile=single.token",
                "-remoteWrite.url=\(endpoint)/insert/7/prometheus/api/v1/write", "-remoteWrite.bearerTokenFile=all.token",
                "-remoteWrite.url=\(endpoint)/prometheus/api/v1/write", "-remoteWrite.bearerTokenFile=tenant9.token",
            ], files: ["single.token": single.secret + "\n", "all.token": allTenants.secret + "\n", "tenant9.token": tenant9.secret + "\n"])
        defer { agent.stop() }

        let query = #"vmctl_sandbox_requests_total{job="sandbox",api="management"}"#
        for (readBase, token) in [(endpoint, single.secret), (endpoint + "/select/7/prometheus", allTenants.secret),
                                  (endpoint + "/prometheus", tenant9.secret)] {
            let result = try await pollQuery(readBase, token: token, query: query, timeout: 45)
            #expect(result.count == 1, "nothing arrived at \(readBase); vmagent said:\n\(agent.log)")
            let labels = Self.labelSets(result).first ?? [:]
            #expect(labels["instance"] == "127.0.0.1:\(port)" && labels["vm_tenant"] == nil && labels["vm_deployment"] == nil, "\(labels)")
        }
        agent.stop()
        #expect(try await pollQuery(endpoint + "/select/8/prometheus", token: allTenants.secret, query: "up", timeout: 0).isEmpty)
        #expect(try await pollQuery(endpoint + "/select/7:1/prometheus", token: allTenants.secret, query: "up", timeout: 0).isEmpty)
        #expect(try await pollQuery(endpoint + "/select/9/prometheus", token: allTenants.secret, query: #"up{job="sandbox"}"#, timeout: 0).count == 1)

        // What went over the wire was vmagent's own remote-write: snappy-compressed protobuf, accepted.
        let log = try await sandbox.call("GET", "/_sandbox/data-plane/requests").arrayValue ?? []
        let writes = log.filter { $0["method"] == "POST" && $0["content_encoding"] == "snappy" }
        #expect(Set(writes.compactMap { $0["path"]?.stringValue })
                == ["/api/v1/write", "/insert/7/prometheus/api/v1/write", "/prometheus/api/v1/write"])
        #expect(writes.allSatisfy { $0["status"] == .int(204) })
    }

    @Test func sandboxStopsItsVictoriaMetrics() async throws {
        let sandbox = try SandboxProcess.withDataPlane()
        let vm = try #require(try await sandbox.dataPlane().victoriaMetrics)
        #expect(try await httpExchange("GET", vm + "/health").status == 200)
        #expect(sandbox.stop() == 0)
        await #expect(throws: (any Error).self) { try await httpExchange("GET", vm + "/health") }
    }
}

/// What `--data-plane` says without VictoriaMetrics; runs everywhere.
@Suite struct DataPlaneFlagTests {
    @Test func dataPlaneWithoutVictoriaMetricsSaysWhatToInstall() throws {
        let r = try runProcess(sandboxPath, ["--port", "0", "--data-plane"], environment: ["PATH": "/nonexistent"], timeout: 20)
        #expect(r.code == 2)
        #expect(r.stderr == """
            Error: --data-plane runs VictoriaMetrics' single-node server, and victoria-metrics is not on PATH
            Install it (Debian/Ubuntu: apt-get install victoria-metrics), or give its path with --victoria-metrics PATH

            """)
        let missing = try runProcess(sandboxPath, ["--port", "0", "--victoria-metrics", "/nonexistent/victoria-metrics"], environment: [:], timeout: 20)
        #expect(missing.code == 2)
        #expect(missing.stderr == "Error: --victoria-metrics /nonexistent/victoria-metrics is not an executable file\n")
    }

    @Test func helpDocumentsTheDataPlane() throws {
        let r = try runProcess(sandboxPath, ["--help"], environment: [:], timeout: 20)
        #expect(r.code == 0)
        #expect(r.stdout.contains("  --data-plane                    also run VictoriaMetrics Cloud's data plane: a real single-node\n"))
        #expect(r.stdout.contains("Needs Debian's victoria-metrics package (apt-get install victoria-metrics)\n"))
        #expect(r.stdout.contains("All URLs are printed at start and served as JSON at GET /_sandbox/data-plane.\n"))
    }

    @Test func withoutTheFlagTheBannerSaysThereIsNoVictoriaMetricsDataPlane() async throws {
        let sandbox = try SandboxProcess()
        #expect(sandbox.banner.contains("  vmcloud access endpoint:  none (access endpoints are illustrative; --data-plane runs a real VictoriaMetrics behind them)\n"))
        let urls = try await sandbox.dataPlane()
        #expect(urls.accessEndpoint == nil && urls.victoriaMetrics == nil)
        #expect(sandbox.banner.contains("  dedicated data URL:       \(urls.dedicated)   (/api/v2/write, /write, /query)\n"))
        let deployment = try await sandbox.vmcloud("GET", "/deployments/\(try await sandbox.deploymentID("dev-single"))")
        #expect(deployment.json?["access_endpoint"]?.stringValue?.hasSuffix(".cloud.victoriametrics.com") == true)
    }
}
