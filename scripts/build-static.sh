#!/usr/bin/env bash
# Builds vmctl and vmctl-sandbox in release mode with the Swift runtime and Foundation linked statically,
# which makes every vmctl command start faster: the build users get (README, Install). FoundationNetworking
# still needs the system's libcurl; the static link wants the libcurl.so development name, which this script
# provides when the libcurl4-openssl-dev package is not installed.
#
#   bash scripts/build-static.sh [--prefix DIR] [SWIFT_BUILD_ARGS...]
#
# Writes .build-static/release/vmctl and .build-static/release/vmctl-sandbox; with --prefix DIR, also copies
# both into DIR/bin (created if missing), e.g. --prefix ~/.local or --prefix /usr/local, directories that come
# before /usr/bin on PATH, where Debian's victoria-metrics package puts VictoriaMetrics' own vmctl.
set -euo pipefail
cd "$(dirname "$0")/.."

prefix=""
args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) [ $# -ge 2 ] || { echo "build-static.sh: --prefix needs a directory" >&2; exit 2; }; prefix=$2; shift 2 ;;
        --prefix=*) prefix=${1#--prefix=}; shift ;;
        *) args+=("$1"); shift ;;
    esac
done

scratch=.build-static
source scripts/lib/curl-link.sh
provide_curl_link "$scratch/lib"
swift build -c release --static-swift-stdlib --scratch-path "$scratch" -Xlinker -L"$PWD/$scratch/lib" -Xlinker --gc-sections "${args[@]}"
bin=$(swift build -c release --scratch-path "$scratch" --show-bin-path)
# The point of this build: no Swift runtime, Foundation or Dispatch library is loaded at run time (the
# system's libc, libstdc++ and libcurl are).
for name in vmctl vmctl-sandbox; do
    if dynamic=$(ldd "$bin/$name" | grep -E 'lib(swift|Foundation|dispatch|BlocksRuntime)'); then
        echo "build-static.sh: $bin/$name still loads the Swift runtime dynamically:" >&2
        echo "$dynamic" >&2
        exit 1
    fi
done
echo "Built $bin/vmctl and $bin/vmctl-sandbox"

if [ -n "$prefix" ]; then
    mkdir -p "$prefix/bin"
    # Copied to a temporary name and renamed, so a vmctl that is running keeps its file.
    for name in vmctl vmctl-sandbox; do
        cp "$bin/$name" "$prefix/bin/.$name.new"
        mv -f "$prefix/bin/.$name.new" "$prefix/bin/$name"
    done
    echo "Installed $prefix/bin/vmctl and $prefix/bin/vmctl-sandbox"
    found=$(command -v vmctl || true)
    if [ -z "$found" ] || [ "$(readlink -f "$found")" != "$(readlink -f "$prefix/bin/vmctl")" ]; then
        echo "Note: 'vmctl' on your PATH is ${found:-not found}, not this one: put $prefix/bin before /usr/bin on PATH" >&2
    fi
fi
