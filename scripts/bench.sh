#!/usr/bin/env bash
# Times `vmctl token list --format json` against the sandbox versus curl making the same request:
# RUNS alternating runs of each (default 30), medians and ratios. Also `vmctl --version`.
# Usage: scripts/bench.sh [path/to/vmctl ...]   (default: the release build)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-30}
if [ $# -eq 0 ]; then
    swift build -c release >/dev/null
    set -- "$(swift build -c release --show-bin-path)/vmctl"
fi
sandbox_bin="$(swift build -c release --show-bin-path)/vmctl-sandbox"
[ -x "$sandbox_bin" ] || swift build -c release --product vmctl-sandbox >/dev/null

work=$(mktemp -d)
"$sandbox_bin" --port 0 >"$work/sandbox.out" 2>/dev/null &
sandbox_pid=$!
trap 'kill $sandbox_pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do [ "$(wc -l <"$work/sandbox.out")" -ge 2 ] && break; sleep 0.1; done
url=$(sed -n 's/^vmctl-sandbox listening on //p' "$work/sandbox.out")
key=$(sed -n 's/^API key: //p' "$work/sandbox.out")
export VMCTL_CONFIG="$work/config.toml"
printf '%s\n' "$key" | "$1" profile create bench --product vmcloud --url "$url" --api-key-stdin >/dev/null
deployment=$(curl -s -H "X-VM-Cloud-Access: $key" "$url/api/v1/deployments" | python3 -c 'import json,sys; print([d["id"] for d in json.load(sys.stdin) if d["name"]=="prod-cluster"][0])')

# One sample: wall time of a command in microseconds.
sample() {
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    echo $(( (end - start) / 1000 ))
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }

: >"$work/curl"
for bin in "$@"; do : >"$work/$(echo "$bin" | md5sum | cut -c1-8)"; done
for _ in $(seq "$runs"); do
    sample curl -s -H "X-VM-Cloud-Access: $key" -H "Accept: application/json" "$url/api/v1/deployments/$deployment/access_tokens" >>"$work/curl"
    for bin in "$@"; do
        sample "$bin" token list --format json --deployment "$deployment" >>"$work/$(echo "$bin" | md5sum | cut -c1-8)"
    done
done
curl_median=$(median <"$work/curl")
printf '%-70s %8s us\n' "curl (same GET)" "$curl_median"
for bin in "$@"; do
    m=$(median <"$work/$(echo "$bin" | md5sum | cut -c1-8)")
    printf '%-70s %8s us   ratio %s\n' "$bin token list --format json" "$m" "$(awk -v a="$m" -v b="$curl_median" 'BEGIN {printf "%.2f", a/b}')"
done
for bin in "$@"; do
    : >"$work/version"
    for _ in $(seq "$runs"); do sample "$bin" --version >>"$work/version"; done
    printf '%-70s %8s us\n' "$bin --version" "$(median <"$work/version")"
done
echo "($runs alternating runs each; medians)"
