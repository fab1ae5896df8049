import VMCtlSupport
extension ProductKind {
    public static let vmcloud = ProductKind(rawValue: "vmcloud")
}

/// What the `vmcloud` product is: VictoriaMetrics Cloud's management API (api/vmcloud.md).
public enum VMCloudProduct {
    public static let descriptor = ProductDescriptor(
        kind: .vmcloud,
        displayName: "VictoriaMetrics Cloud",
        aliases: ["victoriametrics-cloud", "vmc"],
        defaultURL: "https://api.victoriametrics.cloud",
        profileKeys: [
            ProfileKey("deployment", flag: "deployment", valueName: "NAME|ID", help: "default deployment"),
            ProfileKey("deployment_id", flag: "deployment-id", valueName: "ID", help: "the ID the default deployment's name had when the profile was saved",
                       format: .uuid, derivedFrom: "deployment"),
        ],
        credential: Credential(header: "X-VM-Cloud-Access"),
        commands: [
            "token create": CommandSupport(
                flags: ["deployment"],
                refusals: [
                    "expires-at": expiryRefusal, "expires-in": expiryRefusal,
                    "all-access": wholeDeployment("all-access"), "operator": wholeDeployment("operator"),
                ],
                note: """
                the flags must reduce to one tenant (<accountID> or <accountID>:<projectID>) or '*', and a mode: read \
                only makes a read token, write only a write token, both a read/write token. Tenants exist only on \
                cluster deployments.
                """),
            "token list": CommandSupport(flags: ["deployment", "all-deployments", "unused-for"]),
            "token get": CommandSupport(flags: ["deployment"], note: "this reads the token list, so it is not a reveal and is not audit-logged as one."),
            "token reveal": CommandSupport(flags: ["deployment"], note: "each reveal is audit-logged."),
            "token delete": CommandSupport(flags: ["deployment"]),
            "token rotate": CommandSupport(flags: ["deployment"]),
            "token examples": CommandSupport(flags: ["deployment", "tenant"]),
            "token check": CommandSupport(flags: ["deployment", "tenant"]),
            "deployment list": .plain, "deployment get": .plain, "deployment create": .plain,
            "deployment update": .plain, "deployment delete": .plain, "deployment wait": .plain,
            "apikey create": .plain, "apikey list": .plain, "apikey delete": .plain,
            "rule list": CommandSupport(flags: ["deployment"]), "rule get": CommandSupport(flags: ["deployment"]),
            "rule upload": CommandSupport(flags: ["deployment"]), "rule delete": CommandSupport(flags: ["deployment"]),
            "tier list": .plain, "region list": .plain, "provider list": .plain,
            "auth status": .plain,
        ],
        tokenColumns: [.lastUsed],
        lastUseWindow: 7 * 86400,
        tokenDetails: [.type, .tenant, .deployment, .status, .created, .createdBy, .lastUsed],
        scope: { $0.setting("deployment").map { "deployment \($0)" } ?? "-" },
        deriveSettings: { profile, client in
            // A deployment named in the profile is looked up once here, not on every command.
            guard let reference = profile.setting("deployment"), !Identifier.isUUID(reference) else { return [:] }
            return ["deployment_id": try await VMCloudDeployments(client: client).resolve(reference).id]
        },
        makeBackend: { profile, client in
            VMCloudBackend(client: client, defaultDeployment: profile.setting("deployment"),
                           defaultDeploymentID: profile.setting("deployment_id"), profileName: profile.name)
        })

    static let expiryRefusal = Refusal("VictoriaMetrics Cloud tokens do not expire, so --expires-at and --expires-in do not apply",
                                       hint: "revoke the token when it is no longer needed: vmctl token revoke ID")

    static func wholeDeployment(_ flag: String) -> Refusal {
        Refusal("--\(flag) is for product \"influxdb2\", not \"vmcloud\"",
                hint: "for a token on the whole deployment use --read-database '*' --write-database '*'")
    }
}
