#!/usr/bin/env bash
# Builds vmctl and vmctl-sandbox in release mode with the Swift runtime and Foundation linked statically,
# which makes every vmctl command start faster. FoundationNetworking still needs the system's libcurl;
# the static link wants the libcurl.so development name, which this script provides when the
# libcurl4-openssl-dev package is not installed.
set -euo pipefail
cd "$(dirname "$0")/.."

scratch=.build-static
mkdir -p "$scratch/lib"
if ! ldconfig -p | grep -q 'libcurl\.so '; then
    curl_lib=$(ldconfig -p | sed -n 's/.*libcurl\.so\.4 (libc6,x86-64) => //p' | head -n 1)
    [ -n "$curl_lib" ] || { echo "libcurl.so.4 not found: install libcurl4" >&2; exit 1; }
    ln -sf "$curl_lib" "$scratch/lib/libcurl.so"
fi
swift build -c release --static-swift-stdlib --scratch-path "$scratch" -Xlinker -L"$PWD/$scratch/lib" -Xlinker --gc-sections "$@"
echo "Built $(swift build -c release --scratch-path "$scratch" --show-bin-path)/vmctl"
