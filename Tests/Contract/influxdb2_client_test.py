#!/usr/bin/env python3
"""InfluxData's official Python client (influxdb-client, pinned in .ci/run) against an InfluxDB 2 API.

Run against a running vmctl-sandbox (or a real InfluxDB OSS 2.7 with an operator token):

    python3 Tests/Contract/influxdb2_client_test.py --url URL --token TOKEN --org ORG [--buckets N]

URL, TOKEN and ORG may also come from INFLUX_URL, INFLUX_TOKEN and INFLUX_ORG. The org must hold at
least N buckets besides the ones this script creates (the end-to-end test creates them), so listing
takes several pages. Exits 0 when every check passes; prints each failure and exits 1 otherwise.
"""

import argparse
import json
import os
import sys
import uuid

from influxdb_client import InfluxDBClient, OrganizationsService, Permission, PermissionResource
from influxdb_client.rest import ApiException

failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)


def api_error(call):
    """The ApiException a call raises, as (status, parsed body), or (None, None) when it succeeds."""
    try:
        call()
    except ApiException as e:
        try:
            return e.status, json.loads(e.body)
        except (TypeError, ValueError):
            return e.status, None
    return None, None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default=os.environ.get("INFLUX_URL"))
    parser.add_argument("--token", default=os.environ.get("INFLUX_TOKEN"))
    parser.add_argument("--org", default=os.environ.get("INFLUX_ORG"))
    parser.add_argument("--buckets", type=int, default=0, help="buckets the org holds before the run, at least")
    args = parser.parse_args()
    if not (args.url and args.token and args.org):
        parser.error("--url, --token and --org (or INFLUX_URL, INFLUX_TOKEN, INFLUX_ORG) are required")

    run = uuid.uuid4().hex[:8]
    client = InfluxDBClient(url=args.url, token=args.token, org=args.org, timeout=20_000)
    orgs, buckets, auths = client.organizations_api(), client.buckets_api(), client.authorizations_api()

    # Orgs: by name, by ID, links.
    found = orgs.find_organizations(org=args.org)
    check(len(found) == 1 and found[0].name == args.org, "find_organizations(org=) returns exactly the org")
    org = found[0]
    check(orgs.find_organization(org.id).name == args.org, "find_organization(id) returns the org")
    check(org.links._self == f"/api/v2/orgs/{org.id}", "the org's links.self")
    check(OrganizationsService(client.api_client).get_orgs(org=args.org).links._self == "/api/v2/orgs", "the org list's links.self")
    status, body = api_error(lambda: orgs.find_organizations(org=f"no-such-org-{run}"))
    check(status == 404 and body and body.get("code") == "not found", f"an unknown org name is 404 not found ({status} {body})")

    # Buckets: create enough to page, then walk them with `after` (the client's iterator) and with `offset`.
    created = [buckets.create_bucket(bucket_name=f"py-{run}-{i:02d}", org_id=org.id) for i in range(25)]
    check(all(b.retention_rules is not None and b.org_id == org.id for b in created), "created buckets carry orgID and retentionRules")
    listed = [b.name for b in buckets.find_buckets_iter(org_id=org.id, limit=7)]
    check(len(listed) == len(set(listed)), f"find_buckets_iter(org_id, limit=7) returns every bucket once ({len(listed)} listed)")
    check(set(b.name for b in created) <= set(listed), "find_buckets_iter sees every bucket created")
    check(len(listed) >= args.buckets + len(created), f"find_buckets_iter returns at least {args.buckets + len(created)} buckets")
    check(listed == sorted(listed, key=lambda n: n.encode()), "an org's buckets come in name order, as OSS lists them")
    everywhere = [b.id for b in buckets.find_buckets_iter(limit=9)]
    check(len(everywhere) == len(set(everywhere)) and len(everywhere) >= len(listed), "find_buckets_iter() without an org ends, each bucket once")

    by_offset, offset = [], 0
    while True:
        page = buckets.find_buckets(org_id=org.id, limit=10, offset=offset)
        by_offset += [b.name for b in page.buckets]
        check(page.links._self.startswith("/api/v2/buckets?") and f"offset={offset}" in page.links._self, f"links.self of the page at offset {offset}")
        check((page.links.prev is not None) == (offset > 0), f"links.prev only past the first page (offset {offset})")
        if page.links.next is None:
            check(len(page.buckets) < 10, "links.next is missing only on a short page")
            break
        check(f"offset={offset + 10}" in page.links.next, "links.next points at the next offset")
        offset += 10
    check(by_offset == listed, "paging with offset gives the same buckets as with after")

    named = buckets.find_buckets(org_id=org.id, name=created[3].name).buckets
    check([b.id for b in named] == [created[3].id], "find_buckets(org_id, name=) finds the one bucket")
    check(buckets.find_bucket_by_name(created[4].name).id == created[4].id, "find_bucket_by_name")
    check(buckets.find_bucket_by_id(created[5].id).name == created[5].name, "find_bucket_by_id")
    status, body = api_error(lambda: buckets.find_buckets(org_id=org.id, name=f"nothing-{run}"))
    check(status == 404 and body and body.get("code") == "not found", f"a name nothing has is 404 not found ({status} {body})")
    updated = created[6]
    updated.description = "changed by the python client"
    check(buckets.update_bucket(updated).description == "changed by the python client", "update_bucket (PATCH) changes the description")

    # Error bodies: status and code as OSS gives them.
    status, body = api_error(lambda: buckets.create_bucket(bucket_name=created[0].name, org_id=org.id))
    check(status == 422 and body and body.get("code") == "conflict", f"a duplicate bucket name is 422 conflict ({status} {body})")
    status, body = api_error(lambda: buckets.find_bucket_by_id("not-an-id"))
    check(status == 400 and body and body.get("code") == "invalid", f"a malformed bucket ID is 400 invalid ({status} {body})")
    status, body = api_error(lambda: buckets.find_bucket_by_id("0123456789abcdef"))
    check(status == 404 and body and body.get("code") == "not found", f"an unknown bucket ID is 404 not found ({status} {body})")
    status, body = api_error(lambda: buckets.find_buckets(after="not-an-id"))
    check(status == 400 and body and body.get("code") == "invalid", f"a malformed after is 400 invalid ({status} {body})")
    stranger = InfluxDBClient(url=args.url, token="not-a-token", org=args.org)
    status, body = api_error(lambda: stranger.buckets_api().find_buckets())
    check(status == 401 and body and body.get("code") == "unauthorized", f"an unknown token is 401 unauthorized ({status} {body})")

    # Authorizations: create, find by user and org, deactivate, delete.
    me = client.users_api().me()
    readable = created[:3]
    permissions = [Permission(action="read", resource=PermissionResource(type="buckets", id=b.id, org_id=org.id)) for b in readable]
    auth = auths.create_authorization(org_id=org.id, permissions=permissions)
    check(bool(auth.token) and auth.status == "active" and auth.org_id == org.id and auth.user_id == me.id, "create_authorization")
    check(all(p.resource.name in {b.name for b in readable} for p in auth.permissions), "permissions come back with bucket names")
    check(auth.id in [a.id for a in auths.find_authorizations_by_user(me)], "find_authorizations_by_user")
    check(auth.id in [a.id for a in auths.find_authorizations_by_org(org)], "find_authorizations_by_org")
    check(auth.id in [a.id for a in auths.find_authorizations_by_org_name(args.org)], "find_authorizations_by_org_name")

    # A token with read access to three buckets sees those three: OSS filters what it may read.
    reader = InfluxDBClient(url=args.url, token=auth.token, org=args.org)
    seen = [b.name for b in reader.buckets_api().find_buckets(org_id=org.id, limit=100).buckets]
    check(sorted(seen) == sorted(b.name for b in readable), f"a token reading three buckets lists those three ({len(seen)} seen)")
    status, body = api_error(lambda: reader.buckets_api().create_bucket(bucket_name=f"py-{run}-no", org_id=org.id))
    check(status == 401 and body and body.get("code") == "unauthorized", f"creating without write:buckets is 401 ({status} {body})")

    auth.status = "inactive"
    check(auths.update_authorization(auth).status == "inactive", "update_authorization sets the status inactive")
    status, body = api_error(lambda: reader.buckets_api().find_bucket_by_id(readable[0].id))
    check(status == 401 and body and body.get("code") == "unauthorized", f"an inactive token is 401 unauthorized ({status} {body})")

    foreign = [Permission(action="read", resource=PermissionResource(type="buckets", org_id="0123456789abcdef"))]
    status, body = api_error(lambda: auths.create_authorization(org_id=org.id, permissions=foreign))
    check(status == 400 and body and body.get("code") == "invalid", f"a permission in another org is 400 invalid ({status} {body})")

    auths.delete_authorization(auth)
    status, body = api_error(lambda: auths.find_authorization_by_id(auth.id))
    check(status == 404 and body and body.get("code") == "not found", f"a deleted authorization is 404 ({status} {body})")

    for b in created:
        buckets.delete_bucket(b)
    check(not any(b.name.startswith(f"py-{run}-") for b in buckets.find_buckets_iter(org_id=org.id, limit=50)), "delete_bucket removes them")

    client.close()
    print(f"{len(failures)} failed" if failures else "all passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
