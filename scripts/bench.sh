#!/usr/bin/env bash
# Measures vmctl against its baselines in one paired run (docs/performance.md records the figures):
#   - `token list` of a 1-token deployment vs curl and vs a bare URLSession GET program built the same way;
#   - `--version` / `--help` vs that program only starting (it links Foundation and FoundationNetworking);
#   - `token list` of 10,000 tokens, text and `--format json`, vs `curl -s URL | jq length`, and peak memory;
#   - revoking 50 tokens with 50 ms of latency per request vs curl sending the 50 DELETEs one at a time
#     (one connection) and 8 at a time;
#   - `token list` of longer lists (LIST_SIZES, default 100000 and 1000000 tokens: 20 MB and 200 MB answers,
#     past the 16 MiB limit of an answer that is not a list), text and JSON, vs `curl | jq length`: time and
#     peak memory, LIST_RUNS (default 3) rounds each.
# Each round runs every contender once, in turn (paired); the figures are medians of the rounds.
#
# Usage: scripts/bench.sh [--dynamic]
#   default: the static release build (scripts/build-static.sh, as the README's release); --dynamic: the
#   plain `swift build -c release`. BIN_DIR=dir skips the build and uses the binaries there (the bare
#   program is then built dynamic, unless BIN_KIND=static says they are a static build).
#   RUNS (default 20) rounds for the fast measures, REVOKE_RUNS (default 5) for the revokes.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-20}
revoke_runs=${REVOKE_RUNS:-5}
kind=static
[ "${1:-}" = "--dynamic" ] && kind=dynamic

[ -n "${BIN_DIR:-}" ] && [ "${1:-}" != "--dynamic" ] && [ "${BIN_KIND:-}" != static ] && kind="given (BIN_DIR; BIN_KIND=static for a static build)"
if [ -z "${BIN_DIR:-}" ]; then
    if [ "$kind" = static ]; then
        bash scripts/build-static.sh >/dev/null
        BIN_DIR=$(swift build -c release --scratch-path .build-static --show-bin-path)
    else
        swift build -c release >/dev/null
        BIN_DIR=$(swift build -c release --show-bin-path)
    fi
fi
vmctl="$BIN_DIR/vmctl"
sandbox_bin="$BIN_DIR/vmctl-sandbox"
[ -x "$vmctl" ] && [ -x "$sandbox_bin" ] || { echo "no vmctl and vmctl-sandbox in $BIN_DIR" >&2; exit 1; }

# jq is the baseline's counter (docs/performance.md); without it, python3 counts, and the figures say so.
# Nothing is installed from here: that needs root, and a benchmark has no business changing the system.
if command -v jq >/dev/null; then
    count_items=(jq length)
    count_name="jq length"
else
    count_items=(python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
    count_name="python3 json (jq is not installed)"
    echo "bench.sh: jq is not installed (Debian, Ubuntu: apt-get install jq); python3 counts instead" >&2
fi

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

# The bare program, with the flags of the build under test.
if [ "$kind" = static ]; then
    source scripts/lib/curl-link.sh
    provide_curl_link .build-static/lib
    swiftc -O -static-stdlib -use-ld=lld -L"$PWD/.build-static/lib" -Xlinker --gc-sections scripts/bench/bare-get.swift -o "$work/bare-get"
else
    swiftc -O scripts/bench/bare-get.swift -o "$work/bare-get"
fi
bare="$work/bare-get"

# Starts a sandbox with the given options; sets url and key.
start_sandbox() {
    local out="$work/sandbox.$RANDOM.out"
    "$sandbox_bin" --port 0 "$@" >"$out" 2>/dev/null &
    pids+=($!)
    sandbox_pid=$!
    # (seeding a million tokens takes a while)
    for _ in $(seq 2400); do [ "$(wc -l <"$out")" -ge 2 ] && break; sleep 0.05; done
    url=$(sed -n 's/^vmctl-sandbox listening on //p' "$out")
    key=$(sed -n 's/^API key: //p' "$out")
}
deployment_id() {  # the ID of deployment $1 at $url
    curl -s -H "X-VM-Cloud-Access: $key" "$url/api/v1/deployments" \
        | python3 -c 'import json,sys; print([d["id"] for d in json.load(sys.stdin) if d["name"]==sys.argv[1]][0])' "$1"
}

# One sample: the wall time of a command in microseconds.
sample() {
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    echo $(( (end - start) / 1000 ))
}
# Peak resident memory of a command in KiB (a pipeline's: its largest process).
peak_kib() {
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f %M -o "$work/rss" "$@" >/dev/null 2>&1 || true
        tail -n 1 "$work/rss"
    else
        echo "?"
    fi
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }
record() { sample "${@:2}" >>"$work/t.$1"; }
ms() { awk -v us="$(median <"$work/t.$1")" 'BEGIN {printf "%.1f", us / 1000}'; }
ratio() { awk -v a="$(median <"$work/t.$1")" -v b="$(median <"$work/t.$2")" 'BEGIN {printf "%.2fx", a / b}'; }
row() { printf '%-58s %10s ms  %s\n' "$1" "$2" "${3:-}"; }

start_sandbox --seed-tokens 10000
small=$(deployment_id dev-single)
large=$(deployment_id prod-cluster)
export VMCTL_CONFIG="$work/config.toml"
printf '%s\n' "$key" | "$vmctl" profile create bench --product vmcloud --url "$url" --api-key-stdin >/dev/null
small_url="$url/api/v1/deployments/$small/access_tokens"
large_url="$url/api/v1/deployments/$large/access_tokens"
auth="X-VM-Cloud-Access: $key"
curl_count() { curl -s -H "$auth" -H "Accept: application/json" "$large_url" | "${count_items[@]}"; }

for _ in $(seq "$runs"); do
    record curl curl -s -H "$auth" -H "Accept: application/json" "$small_url"
    record bare "$bare" "$small_url" "$auth" "Accept:application/json"
    record list "$vmctl" token list --deployment "$small"
    record listjson "$vmctl" token list --deployment "$small" --format json
    record barestart "$bare"
    record version "$vmctl" --version
    record help "$vmctl" --help
    record bigcurl curl_count
    record bigtext "$vmctl" token list --deployment "$large"
    record bigjson "$vmctl" token list --deployment "$large" --format json
done
for _ in 1 2 3; do
    peak_kib sh -c "curl -s -H '$auth' -H 'Accept: application/json' '$large_url' | ${count_items[*]@Q}" >>"$work/m.bigcurl"
    peak_kib "$vmctl" token list --deployment "$large" >>"$work/m.bigtext"
    peak_kib "$vmctl" token list --deployment "$large" --format json >>"$work/m.bigjson"
done
mib() { awk -v k="$(median <"$work/m.$1")" 'BEGIN {printf "%.1f MiB", k / 1024}'; }
kill "$sandbox_pid" 2>/dev/null || true

# Revoking 50 tokens at 50 ms per request: a fresh sandbox for each sample, so there are 50 tokens to revoke.
revoke_round() {
    start_sandbox --seed-tokens 50 --latency 50ms
    local d ids urls
    d=$(deployment_id prod-cluster)
    ids=$(curl -s -H "X-VM-Cloud-Access: $key" "$url/api/v1/deployments/$d/access_tokens" \
        | python3 -c 'import json,sys; print(" ".join(t["id"] for t in json.load(sys.stdin) if t["created_by"]=="sandbox-seed"))')
    urls=$(for id in $ids; do echo "$url/api/v1/deployments/$d/access_tokens/$id"; done)
    case "$1" in
    vmctl)
        rm -f "$VMCTL_CONFIG"
        printf '%s\n' "$key" | "$vmctl" profile create revoke --product vmcloud --url "$url" --api-key-stdin >/dev/null
        # shellcheck disable=SC2086
        record revoke "$vmctl" token revoke --force --deployment "$d" $ids ;;
    sequential)
        # shellcheck disable=SC2086
        record revokeseq curl -s -H "X-VM-Cloud-Access: $key" -X DELETE $urls ;;
    parallel)
        # shellcheck disable=SC2086
        record revokepar curl -s -Z --parallel-max 8 -H "X-VM-Cloud-Access: $key" -X DELETE $urls ;;
    esac
    kill "$sandbox_pid" 2>/dev/null || true
}
export VMCTL_CONFIG="$work/revoke.toml"
for _ in $(seq "$revoke_runs"); do
    revoke_round vmctl
    revoke_round sequential
    revoke_round parallel
done

# Long lists: a sandbox seeded with each size in turn (seeding a million tokens takes a while).
list_sizes=${LIST_SIZES-100000 1000000}
list_runs=${LIST_RUNS:-3}
export VMCTL_CONFIG="$work/lists.toml"
for size in $list_sizes; do
    start_sandbox --seed-tokens "$size"
    rm -f "$VMCTL_CONFIG"
    printf '%s\n' "$key" | "$vmctl" profile create lists --product vmcloud --url "$url" --api-key-stdin >/dev/null
    d=$(deployment_id prod-cluster)
    list_url="$url/api/v1/deployments/$d/access_tokens"
    for _ in $(seq "$list_runs"); do
        peak_kib sh -c "curl -s -H 'X-VM-Cloud-Access: $key' -H 'Accept: application/json' '$list_url' | ${count_items[*]@Q}" >>"$work/m.curl$size"
        record "curl$size" sh -c "curl -s -H 'X-VM-Cloud-Access: $key' -H 'Accept: application/json' '$list_url' | ${count_items[*]@Q}"
        peak_kib "$vmctl" token list --deployment "$d" --timeout 300s >>"$work/m.text$size"
        record "text$size" "$vmctl" token list --deployment "$d" --timeout 300s
        peak_kib "$vmctl" token list --deployment "$d" --timeout 300s --format json >>"$work/m.json$size"
        record "json$size" "$vmctl" token list --deployment "$d" --timeout 300s --format json
    done
    kill "$sandbox_pid" 2>/dev/null || true
done

echo "vmctl bench, $(date -u '+%Y-%m-%d %H:%M UTC'): $kind build, $(nproc) cores, Linux $(uname -r), $(swift --version 2>/dev/null | head -n 1)"
echo "($runs paired rounds; revokes: $revoke_runs; medians of wall time)"
row "token list, 1 token: curl" "$(ms curl)"
row "  bare URLSession GET ($kind)" "$(ms bare)" "$(ratio bare curl) curl"
row "  vmctl token list" "$(ms list)" "$(ratio list curl) curl, $(ratio list bare) bare"
row "  vmctl token list --format json" "$(ms listjson)" "$(ratio listjson curl) curl, $(ratio listjson bare) bare"
row "start only: bare program (Foundation + FoundationNetworking)" "$(ms barestart)"
row "  vmctl --version" "$(ms version)" "$(ratio version barestart) bare"
row "  vmctl --help" "$(ms help)" "$(ratio help barestart) bare"
row "10,000 tokens: curl -s URL | $count_name" "$(ms bigcurl)" "peak $(mib bigcurl)"
row "  vmctl token list" "$(ms bigtext)" "$(ratio bigtext bigcurl), peak $(mib bigtext)"
row "  vmctl token list --format json" "$(ms bigjson)" "$(ratio bigjson bigcurl), peak $(mib bigjson)"
row "revoke 50 tokens, 50 ms latency: curl one at a time" "$(ms revokeseq)"
row "  curl, 8 at a time" "$(ms revokepar)" "$(ratio revokepar revokeseq) sequential"
row "  vmctl token revoke --force ID x50" "$(ms revoke)" "$(ratio revoke revokeseq) sequential, $(ratio revoke revokepar) curl x8"
for size in $list_sizes; do
    row "$(printf "%'d" "$size") tokens: curl -s URL | $count_name" "$(ms "curl$size")" "peak $(mib "curl$size")"
    row "  vmctl token list" "$(ms "text$size")" "$(ratio "text$size" "curl$size"), peak $(mib "text$size")"
    row "  vmctl token list --format json" "$(ms "json$size")" "$(ratio "json$size" "curl$size"), peak $(mib "json$size")"
done
