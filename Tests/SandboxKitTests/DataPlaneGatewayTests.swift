import Foundation
import Testing
@testable import SandboxVMCloud

/// The VictoriaMetrics Cloud gateway's pure parts: its URL rules, the labels it adds to what goes up and
/// removes from what comes back. The real VictoriaMetrics behind it is exercised in EndToEndTests.
@Suite struct DataPlaneGatewayTests {
    typealias Grant = DataPlaneGateway.Grant
    static let single = Grant(tokenID: "t", deploymentID: "d1", deploymentType: "single_node", type: "rw", tenantID: nil)
    static let allTenants = Grant(tokenID: "t", deploymentID: "d2", deploymentType: "cluster", type: "rw", tenantID: nil)
    static let tenant12 = Grant(tokenID: "t", deploymentID: "d2", deploymentType: "cluster", type: "rw", tenantID: "12")

    static func target(_ path: String, _ direction: DataPlaneGateway.Direction, _ tenant: String?) -> Result<DataPlaneGateway.Target, DataPlaneGateway.Refusal> {
        .success(.init(path: path, direction: direction, tenant: tenant))
    }

    static let routes: [(String, Grant, Result<DataPlaneGateway.Target, DataPlaneGateway.Refusal>)] = [
        ("/api/v1/write", single, target("/api/v1/write", .write, nil)),
        ("/api/v1/import/prometheus", single, target("/api/v1/import/prometheus", .write, nil)),
        ("/api/v1/query", single, target("/api/v1/query", .read, nil)),
        ("/api/v1/label/job/values", single, target("/api/v1/label/job/values", .read, nil)),
        ("/prometheus/api/v1/write", single, .failure(.init(404, "deployment d1 is single-node: use /api/v1/write without a prefix"))),
        ("/insert/0/prometheus/api/v1/write", single, .failure(.init(404, "deployment d1 is single-node: use /api/v1/write without a prefix"))),
        ("/insert/5/prometheus/api/v1/write", allTenants, target("/api/v1/write", .write, "5:0")),
        ("/select/5:3/prometheus/api/v1/query_range", allTenants, target("/api/v1/query_range", .read, "5:3")),
        ("/select/5/prometheus/api/v1/write", allTenants, .failure(.init(404, "/select/ serves reads only, not /api/v1/write"))),
        ("/insert/x/prometheus/api/v1/write", allTenants, .failure(.init(400, "cannot parse tenant \"x\": use <accountID> or <accountID>:<projectID>"))),
        ("/insert/4294967296/prometheus/api/v1/write", allTenants,
         .failure(.init(400, "cannot parse tenant \"4294967296\": use <accountID> or <accountID>:<projectID>"))),
        ("/prometheus/api/v1/write", allTenants,
         .failure(.init(400, "this token covers every tenant: name one, as in /insert/<TENANT>/prometheus/api/v1/write"))),
        ("/api/v1/query", allTenants, .failure(.init(404, "deployment d2 is a cluster: use /select/<TENANT>/prometheus/api/v1/query"))),
        ("/prometheus/api/v1/write", tenant12, target("/api/v1/write", .write, "12:0")),
        ("/insert/12:0/prometheus/api/v1/write", tenant12, target("/api/v1/write", .write, "12:0")),
        ("/insert/13/prometheus/api/v1/write", tenant12, .failure(.init(403, "this token is for tenant 12 only, not 13"))),
        ("/api/v1/query", tenant12, .failure(.init(404, "deployment d2 is a cluster: use /prometheus/api/v1/query"))),
        ("/api/v1/status/tsdb", single, .failure(.init(404, "the gateway serves no /api/v1/status/tsdb"))),
        ("/", single, .failure(.init(404, "the gateway serves no /"))),
    ]

    @Test func routesEachPathByDeploymentTypeTokenTenantAndDirection() {
        for (path, grant, expected) in Self.routes {
            #expect(DataPlaneGateway.route(path, grant) == expected, "\(path)")
        }
    }

    @Test func directionIsEnforcedAfterTheRoute() {
        var reader = Self.allTenants
        reader.type = "r"
        #expect(DataPlaneGateway.route("/insert/1/prometheus/api/v1/write", reader) == .failure(.init(403, "this token may not write (its type is r)")))
        #expect(DataPlaneGateway.route("/select/1/prometheus/api/v1/query", reader) == Self.target("/api/v1/query", .read, "1:0"))
        var writer = Self.single
        writer.type = "w"
        #expect(DataPlaneGateway.route("/api/v1/export", writer) == .failure(.init(403, "this token may not read (its type is w)")))
    }

    @Test func writesLoseTheClientsExtraLabelsAndGetTheGatewaysLast() {
        let write = DataPlaneGateway.Target(path: "/api/v1/import/prometheus", direction: .write, tenant: "1:0")
        #expect(DataPlaneGateway.upstreamQuery("extra_label=vm_tenant%3D2%3A0&job=x", write, Self.allTenants)
                == "job=x&extra_label=vm_deployment%3Dd2&extra_label=vm_tenant%3D1%3A0")
        let read = DataPlaneGateway.Target(path: "/api/v1/query", direction: .read, tenant: nil)
        // On reads VictoriaMetrics ANDs every extra_label, so a client's own can only narrow the answer.
        #expect(DataPlaneGateway.upstreamQuery("query=up&extra_label=a%3Db", read, Self.single)
                == "query=up&extra_label=a%3Db&extra_label=vm_deployment%3Dd1")
    }

    @Test func answersLoseTheSeparatingLabels() {
        let query = #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"up","vm_deployment":"d","vm_tenant":"1:0"},"value":[1796028955.5,"1"]}]}}"#
        #expect(String(decoding: DataPlaneGateway.withoutSeparatingLabels(Array(query.utf8), path: "/api/v1/query"), as: UTF8.self)
                == #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"up"},"value":[1796028955.5,"1"]}]}}"# + "\n")
        let labels = #"{"status":"success","data":["__name__","job","vm_deployment","vm_tenant"]}"#
        #expect(String(decoding: DataPlaneGateway.withoutSeparatingLabels(Array(labels.utf8), path: "/api/v1/labels"), as: UTF8.self)
                == #"{"status":"success","data":["__name__","job"]}"# + "\n")
        let values = #"{"status":"success","data":["d"]}"#
        #expect(String(decoding: DataPlaneGateway.withoutSeparatingLabels(Array(values.utf8), path: "/api/v1/label/vm_deployment/values"), as: UTF8.self)
                == #"{"status":"success","data":[]}"# + "\n")
        let export = #"{"metric":{"__name__":"up","vm_tenant":"1:0"},"values":[1],"timestamps":[1796028944698]}"# + "\n"
        #expect(String(decoding: DataPlaneGateway.withoutSeparatingLabels(Array(export.utf8), path: "/api/v1/export"), as: UTF8.self)
                == #"{"metric":{"__name__":"up"},"values":[1],"timestamps":[1796028944698]}"# + "\n")
        #expect(DataPlaneGateway.withoutSeparatingLabels(Array("not json".utf8), path: "/api/v1/query") == Array("not json".utf8))
    }

    @Test func tenantsNormaliseToAccountAndProjectAndOthersAreRefused() {
        #expect(DataPlaneGateway.normalizeTenant("12") == "12:0")
        #expect(DataPlaneGateway.normalizeTenant("12:3") == "12:3")
        #expect(DataPlaneGateway.normalizeTenant("4294967295:4294967295") == "4294967295:4294967295")
        for bad in ["", ":", "1:", ":1", "1:2:3", "-1", "+1", "a", "4294967296", "١٢"] {
            #expect(DataPlaneGateway.normalizeTenant(bad) == nil, "\(bad)")
        }
    }
}
