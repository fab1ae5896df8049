#!/usr/bin/env python3
"""Validates the sandbox's exchange logs against the published API descriptions.

Every line of a log (written by `vmctl-sandbox --exchange-log FILE`) is one HTTP exchange. Each is
matched, by the product whose emulator answered it, to that product's OpenAPI description, and
openapi-core checks the request (path, method, parameters and their formats, body schema, security)
and the answer (status, content type, body schema). Then a coverage report lists, per description,
the operations vmctl sent and those it never did.

Requests sent by vmctl (User-Agent `vmctl/...`) must be allowed by the description, and so must the
contract tests' own (`vmctl-contract/...`); requests the other tests send by other means (some to
provoke errors on purpose) are only used to check the answers.

Exit status: 0 when nothing new was found, 1 when there are findings not in the known lists below,
2 on bad usage or an unreadable description, 3 when openapi-core is not installed.

No description is fetched from the network: every `$ref` is resolved inside its own file, and any
other reference is refused.
"""

import argparse
import json
import os
import re
import sys
from collections import OrderedDict, defaultdict
from urllib.parse import parse_qsl, urlparse

try:
    import yaml
    from jsonschema_path import SchemaPath
    from openapi_core import Config, OpenAPI
    from openapi_core.templating.paths.exceptions import PathNotFound, OperationNotFound, ServerNotFound
    from openapi_core.templating.paths.finders import APICallPathFinder
    from openapi_core.testing import MockRequest, MockResponse
    from werkzeug.datastructures import ImmutableMultiDict
except ImportError as error:  # pragma: no cover - depends on the machine
    print(f"validate.py: openapi-core is not installed ({error}); run: pip install -r Tests/Contract/requirements.txt",
          file=sys.stderr)
    sys.exit(3)

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

# Which description each product's answers are held against. `None` as the directory means this one.
DESCRIPTIONS = OrderedDict([
    ("vmcloud", (None, "vmcloud-openapi.yml")),
    ("dedicated", ("api", "influxdb3-cloud-dedicated-management-openapi.yml")),
    ("clustered", ("api", "influxdb3-clustered-management-openapi.yml")),
    ("influxdb2", ("api", "influxdb2-oss-openapi.yml")),
])

# The host every logged path is put under; each description's server URL is reduced to its path on it.
HOST = "http://sandbox.invalid"

# Requests vmctl sends today that the description does not allow. Each entry is a known defect on
# vmctl's side (Sources/VMCtlCore and the product modules), listed so that the contract test passes while it is being fixed;
# a matching finding is reported as known instead of failing. Empty this list as vmctl is fixed: an
# entry that no longer matches anything is reported as stale.
#   product, method: exact; path: a regular expression on the logged path; finding: a regular
#   expression on the finding's text; reason: what vmctl does and which rule it breaks.
KNOWN_VMCTL_VIOLATIONS = [
    {
        "product": "influxdb2", "method": r"POST", "path": r"^/api/v2/write$",
        "finding": r"is not a 'byte'",
        "reason": "the OSS description gives the line-protocol body of POST /write as a string of format 'byte' "
                  "(base64), which no client sends: influx, Telegraf and the official clients send line protocol as "
                  "text/plain. `vmctl token check` sends one comment line, which stores nothing; openapi-core "
                  "checks it against 'byte'. A quirk of the description, not a request OSS refuses.",
    },
    {
        "product": "vmcloud", "method": r"GET|POST|DELETE", "path": r"^/api/v1/api_keys(/[^/]+)?$",
        "finding": r"^request: no operation",
        "reason": "`vmctl apikey create|list|delete` use the provisional /api/v1/api_keys endpoints of vmcloud.md; "
                  "no published source (Go client v0.1.0, the docs) has an API-key endpoint, the console manages keys. "
                  "Kept on purpose: vmctl turns the real service's 404/405 into a clear 'not offered' (exit 5) that "
                  "points to the console, and the sandbox serves the endpoint unless started with --no-api-key-endpoint.",
    },
]

# Answers of the InfluxDB 2 emulator that break the OSS description where the emulator answers as OSS does
# in practice (docs/api/influxdb2.md); these are reported, not failed. Each entry:
# method and path (regular expressions), finding (a regular expression on the text), reason.
KNOWN_INFLUXDB2_SANDBOX_VIOLATIONS = [
    {
        "method": r"POST", "path": r"^/api/v2/query$",
        "finding": r"^response 200: .*mimetype not found: text/csv; charset=utf-8",
        "reason": "the description lists application/csv for query results, but InfluxDB OSS 2.x answers Flux queries "
                  "with Content-Type: text/csv; charset=utf-8, as the sandbox does (Sources/SandboxInfluxDB2/InfluxDB2DataEndpoints.swift).",
    },
]


class Description:
    """One OpenAPI description, ready for openapi-core, with its operations for the coverage report."""

    def __init__(self, product, path):
        self.product = product
        self.path = path
        with open(path, encoding="utf-8") as f:
            data = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        server = (data.get("servers") or [{"url": "/"}])[0]
        url = server["url"]
        for name, variable in (server.get("variables") or {}).items():
            url = url.replace("{" + name + "}", str(variable.get("default", "")))
        self.base_path = urlparse(url).path.rstrip("/")
        # Every server becomes the sandbox host with the description's own base path, so that a logged
        # path matches exactly when it lies under that base path.
        data["servers"] = [{"url": HOST + self.base_path}]
        self.operations = OrderedDict()
        for template, item in data["paths"].items():
            for method, operation in item.items():
                if method in ("get", "put", "post", "delete", "patch", "head", "options"):
                    self.operations[(method.upper(), template)] = operation.get("operationId", "")
        # No handlers: a $ref that leaves the file cannot be fetched (there are none in these files).
        spec = SchemaPath.from_dict(data, base_uri="file://" + path, handlers={})
        # The published files do not all pass openapi-spec-validator; that is theirs to fix, so the
        # check of the description itself is reported, not enforced.
        self.spec_problem = None
        try:
            OpenAPI(spec)
        except Exception as problem:  # noqa: BLE001 - any spec error is reported the same way
            self.spec_problem = str(problem).splitlines()[0]
        self.openapi = OpenAPI(spec, config=Config(spec_validator_cls=None))
        self.finder = APICallPathFinder(spec)


def finding_texts(error):
    """The messages of an openapi-core error and of the schema errors beneath it."""
    texts = []
    seen = set()

    def walk(e, depth=0):
        if e is None or id(e) in seen or depth > 6:
            return
        seen.add(id(e))
        schema_errors = getattr(e, "schema_errors", None)
        if schema_errors:
            for s in schema_errors:
                where = "/".join(str(p) for p in s.absolute_path)
                texts.append(f"{type(e).__name__}: {s.message}" + (f" (at {where})" if where else ""))
            return
        nested = getattr(e, "errors", None)
        if nested:
            for n in nested:
                walk(n, depth + 1)
            return
        cause = e.__cause__ or e.__context__
        if cause is not None and not isinstance(cause, (KeyError,)):
            before = len(texts)
            walk(cause, depth + 1)
            if len(texts) > before:
                texts[before] = f"{type(e).__name__} <- {texts[before]}"
                return
        texts.append(f"{type(e).__name__}: {e}")

    walk(error)
    return texts or [repr(error)]


def load_exchanges(paths):
    """The exchanges of every log file given (directories: every *.jsonl inside), in order."""
    files = []
    for p in paths:
        if os.path.isdir(p):
            files += sorted(os.path.join(p, n) for n in os.listdir(p) if n.endswith(".jsonl"))
        else:
            files.append(p)
    for name in files:
        with open(name, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                line = line.strip()
                if line:
                    try:
                        yield name, number, json.loads(line)
                    except ValueError:
                        # A sandbox killed in mid-write leaves a torn last line; nothing to validate there.
                        continue


def mock_request(exchange):
    headers = {}
    for name, value in (exchange.get("request_headers") or {}).items():
        headers[name] = value
    auth = exchange.get("auth")
    if auth == "X-VM-Cloud-Access":
        headers["X-VM-Cloud-Access"] = "redacted"
    elif auth:
        headers["Authorization"] = f"{auth} redacted"
    query = parse_qsl(exchange.get("query") or "", keep_blank_values=True)
    args = defaultdict(list)
    for key, value in query:
        args[key].append(value)
    body = (exchange.get("request_body") or "").encode("utf-8")
    content_type = (exchange.get("request_headers") or {}).get("content-type")
    request = MockRequest(HOST, exchange["method"], exchange["path"], headers=headers, data=body or None,
                          content_type=content_type or ("application/json" if not body else None))
    # MockRequest takes single values; repeated query parameters keep every value.
    request.parameters.query = ImmutableMultiDict([(k, v) for k, vs in args.items() for v in vs])
    return request


def mock_response(exchange):
    body = (exchange.get("response_body") or "").encode("utf-8")
    content_type = exchange.get("response_content_type")
    headers = {"Content-Type": content_type} if content_type else {}
    return MockResponse(body, status_code=exchange["status"], headers=headers, content_type=content_type)


def operation_of(description, exchange):
    """The (METHOD, template) the exchange matched, or None."""
    try:
        found = description.finder.find(exchange["method"].lower(), HOST + exchange["path"])
    except (PathNotFound, OperationNotFound, ServerNotFound):
        return None
    return (exchange["method"].upper(), found.path_result.pattern)


def media_type(value):
    return (value or "").split(";")[0].strip().lower()


def accept_admits(accept, content_type):
    """Whether an Accept header admits a media type (RFC 9110, section 12.5.1; q=0 excludes)."""
    if not accept or not content_type:
        return True
    kind = media_type(content_type)
    for item in accept.split(","):
        parts = [p.strip() for p in item.split(";")]
        if any(p.replace(" ", "") in ("q=0", "q=0.0", "q=0.00", "q=0.000") for p in parts[1:]):
            continue
        wanted = parts[0].lower()
        if wanted in ("*/*", kind) or (wanted.endswith("/*") and kind.startswith(wanted[:-1])):
            return True
    return False


def matches(entry, product, exchange, text):
    return (re.fullmatch(entry.get("product", product), product)
            and re.fullmatch(entry.get("method", ".*"), exchange["method"])
            and re.search(entry.get("path", ".*"), exchange["path"])
            and re.search(entry.get("finding", ".*"), text))


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("logs", nargs="+", help="exchange log files, or directories of *.jsonl files")
    parser.add_argument("--api-dir", help="the published descriptions (default: $VMCTL_API_DIR, else a shared/api folder beside the repository; docs/api/*.md name them)")
    parser.add_argument("--coverage", help="also write the coverage report to this file")
    parser.add_argument("--products", default=",".join(DESCRIPTIONS), help="products to validate (default: all)")
    args = parser.parse_args(argv)

    api_dir = args.api_dir or os.environ.get("VMCTL_API_DIR") or os.path.join(os.path.dirname(REPO), "shared", "api")
    products = [p for p in args.products.split(",") if p]
    descriptions = {}
    for product in products:
        if product not in DESCRIPTIONS:
            print(f"validate.py: unknown product {product!r}", file=sys.stderr)
            return 2
        where, name = DESCRIPTIONS[product]
        path = os.path.join(api_dir if where == "api" else HERE, name)
        if not os.path.exists(path):
            print(f"validate.py: no description at {path}; give --api-dir or set VMCTL_API_DIR", file=sys.stderr)
            return 2
        descriptions[product] = Description(product, os.path.abspath(path))

    findings = OrderedDict()  # (product, side, method, template, text) -> [count, example path, known reason]
    used = defaultdict(set)  # product -> operations vmctl sent
    counted = defaultdict(int)
    unclaimed = 0

    uuid = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")

    def add(product, side, exchange, template, text, known):
        # Without a template, IDs in the path would make every exchange a finding of its own.
        key = (product, side, exchange["method"], template or uuid.sub("{id}", exchange["path"]), uuid.sub("{id}", text))
        entry = findings.setdefault(key, [0, exchange["path"], known])
        entry[0] += 1

    for _, _, exchange in load_exchanges(args.logs):
        product = exchange.get("product")
        agent = (exchange.get("request_headers") or {}).get("user-agent", "")
        from_vmctl = agent.startswith("vmctl/")
        # The contract tests' own requests (User-Agent vmctl-contract/...) must be valid too, but are not vmctl's coverage.
        checked = from_vmctl or agent.startswith("vmctl-contract/")
        # Injected faults and dropped connections are the tests' own doing, not the API's.
        if exchange.get("fault") or exchange.get("status", 0) == 0:
            continue
        if product is None:
            unclaimed += 1
            if checked:
                add("none", "vmctl", exchange, None, "request: no emulated API has this path", None)
            continue
        if product not in descriptions:
            continue
        counted[product] += 1
        description = descriptions[product]
        operation = operation_of(description, exchange)
        template = operation[1] if operation else None
        if operation and from_vmctl:
            used[product].add(operation)

        if checked:
            if operation is None:
                texts = [f"request: no operation {exchange['method']} {exchange['path']} in the description"
                         f" (base path {description.base_path or '/'})"]
            else:
                result = description.openapi.unmarshal_request(mock_request(exchange))
                texts = ["request: " + t for e in result.errors for t in finding_texts(e)]
                # openapi-core does not look at Accept: a client that refuses the answer's media type
                # would get 406 from a strict server, or an answer it then misreads.
                accept = (exchange.get("request_headers") or {}).get("accept")
                answered = exchange.get("response_content_type")
                if 200 <= exchange["status"] < 300 and not accept_admits(accept, answered):
                    texts.append(f"request: Accept: {accept} does not admit the answer's media type {media_type(answered)}")
            for text in texts:
                known = next((e for e in KNOWN_VMCTL_VIOLATIONS if matches(e, product, exchange, text)), None)
                if known is not None:
                    known["used"] = True
                add(product, "vmctl" if from_vmctl else "client", exchange, template, text, known and known["reason"])

        if operation is None:
            continue
        result = description.openapi.unmarshal_response(mock_request(exchange), mock_response(exchange))
        for text in ("response %d: %s" % (exchange["status"], t) for e in result.errors for t in finding_texts(e)):
            known = None
            if product == "influxdb2":
                known = next((e for e in KNOWN_INFLUXDB2_SANDBOX_VIOLATIONS if matches(e, product, exchange, text)), None)
                if known is not None:
                    known["used"] = True
            add(product, "sandbox", exchange, template, text, known and known["reason"])

    out = []
    new = [(k, v) for k, v in findings.items() if not v[2]]
    known = [(k, v) for k, v in findings.items() if v[2]]
    out.append(f"Contract check: {sum(counted.values())} exchanges validated "
               f"({', '.join(f'{p} {counted[p]}' for p in descriptions)}); {unclaimed} answered by no emulator.")
    for title, group in (("NEW FINDINGS (these fail the check)", new), ("Known, listed in validate.py", known)):
        if not group:
            continue
        out.append("")
        out.append(f"{title}:")
        for (product, side, method, template, text), (count, example, reason) in group:
            out.append(f"  [{product}] {side}: {method} {template}  x{count}  (e.g. {example})")
            out.append(f"      {text}")
            if reason:
                out.append(f"      known: {reason}")
    stale = [e for e in KNOWN_VMCTL_VIOLATIONS + KNOWN_INFLUXDB2_SANDBOX_VIOLATIONS if not e.get("used")]
    if stale and len(descriptions) == len(DESCRIPTIONS):
        out.append("")
        out.append("Known-violation entries that matched nothing (remove them if fixed, or the logs lack the flow):")
        for e in stale:
            out.append(f"  {e.get('product', 'influxdb2')} {e.get('method')} {e.get('path')}: {e['reason'][:100]}")

    report = ["", "Coverage: operations vmctl sent, per description"]
    for product, description in descriptions.items():
        ops = description.operations
        sent = [op for op in ops if op in used[product]]
        report.append("")
        report.append(f"{product} ({os.path.basename(description.path)}, base path {description.base_path or '/'}): "
                      f"{len(sent)} of {len(ops)} operations used")
        if description.spec_problem:
            report.append(f"  note: the description itself fails openapi-spec-validator: {description.spec_problem}")
        for op, op_id in ops.items():
            if op in used[product]:
                report.append(f"  used      {op[0]:6} {op[1]}  {op_id}")
        unused = [(op, op_id) for op, op_id in ops.items() if op not in used[product]]
        if len(unused) > 40:
            report.append(f"  not used: {len(unused)} operations, e.g. " + ", ".join(i or f"{m} {t}" for (m, t), i in unused[:12]) + ", ...")
        else:
            for op, op_id in unused:
                report.append(f"  not used  {op[0]:6} {op[1]}  {op_id}")
    out += report
    text = "\n".join(out) + "\n"
    sys.stdout.write(text)
    if args.coverage:
        with open(args.coverage, "w", encoding="utf-8") as f:
            f.write(text)
    return 1 if new else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
