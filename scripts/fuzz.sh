#!/usr/bin/env bash
# Builds and runs vmctl's libFuzzer targets (Fuzz/*.swift), outside SwiftPM, which does not drive libFuzzer.
#
#   bash scripts/fuzz.sh [TARGET|all] [--runs N | --seconds S] [-- LIBFUZZER_ARGS...]
#
# vmctl's modules are compiled once, instrumented, as static libraries with -enable-testing, so that each
# target (one file of Fuzz/ plus Fuzz/Support/) can `@testable import` them and reach their internal types. Everything
# is built into .build-fuzz/ and rebuilt only when sources or flags change. Each target starts from its
# checked-in seeds (Fuzz/corpus/TARGET/) and keeps what it finds in .build-fuzz/corpus/TARGET/; a crash or a
# broken property stops it, leaves the input in .build-fuzz/crashes/TARGET/ and makes this script fail.
# Default budget: --seconds 30 per target. Runs one fuzzer process at a time.
#
# Reproduce a crash:  bash scripts/fuzz.sh JSONParser -- .build-fuzz/crashes/JSONParser/crash-…
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
    echo "usage: bash scripts/fuzz.sh [TARGET|all] [--runs N | --seconds S] [-- LIBFUZZER_ARGS...]" >&2
    echo "targets: $(ls Fuzz/*.swift | xargs -n1 basename | sed 's/\.swift$//' | tr '\n' ' ')" >&2
    exit 2
}

target=all
budget=(-max_total_time=30)
budget_text="30s"
extra=()
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) [ $# -ge 2 ] || usage; budget=(-runs="$2"); budget_text="$2 runs"; shift 2 ;;
        --seconds) [ $# -ge 2 ] || usage; budget=(-max_total_time="$2"); budget_text="$2s"; shift 2 ;;
        --) shift; extra=("$@"); budget_text="libFuzzer arguments: $*"; break ;;
        -h|--help) usage ;;
        -*) usage ;;
        *) target="$1"; shift ;;
    esac
done

if [ "$target" = all ]; then
    targets=($(ls Fuzz/*.swift | xargs -n1 basename | sed 's/\.swift$//'))
else
    [ -f "Fuzz/$target.swift" ] || { echo "fuzz.sh: no target $target" >&2; usage; }
    targets=("$target")
fi

out=.build-fuzz
mkdir -p "$out/lib" "$out/bin" "$out/logs"
swiftc=${SWIFTC:-swiftc}

# AddressSanitizer with libFuzzer when the toolchain can link it; libFuzzer alone otherwise.
if [ ! -f "$out/sanitizers" ]; then
    probe=$(mktemp -d)
    echo '@_cdecl("LLVMFuzzerTestOneInput") public func f(_ d: UnsafePointer<UInt8>, _ n: Int) -> CInt { 0 }' > "$probe/probe.swift"
    if "$swiftc" -parse-as-library -sanitize=fuzzer,address "$probe/probe.swift" -o "$probe/probe" >/dev/null 2>&1; then
        echo "fuzzer,address" > "$out/sanitizers"
    else
        echo "fuzzer" > "$out/sanitizers"
    fi
    rm -rf "$probe"
fi
flags=(-O -swift-version 6 -sanitize="$(cat "$out/sanitizers")")

# Rebuilds $2 with command $3... when the fingerprint of the inputs ($1) changed.
build_if_changed() {
    local fingerprint=$1 product=$2
    shift 2
    if [ -f "$product" ] && [ "$(cat "$product.stamp" 2>/dev/null)" = "$fingerprint" ]; then return 0; fi
    local log="$out/logs/build-$(basename "$product").log"
    if ! "$@" >"$log" 2>&1; then
        grep -E "error:" "$log" | head -20 >&2 || tail -20 "$log" >&2
        echo "fuzz.sh: building $(basename "$product") failed (full log: $log)" >&2
        exit 1
    fi
    echo "$fingerprint" > "$product.stamp"
}

fingerprint_of() {
    { "$swiftc" --version 2>&1; echo "${flags[*]}"; cat "$@"; } | sha256sum | cut -d' ' -f1
}

# vmctl's modules, in dependency order (Package.swift): each is compiled once, instrumented, as a static
# library that the targets link; the list is read from the package's sources, so a new module needs no edit.
modules=($(sed -n 's/^ *\.target(name: "\([A-Za-z0-9]*\)".*/\1/p' Package.swift | grep -v '^Sandbox'))
libs=()
stamps=()
for module in "${modules[@]}"; do
    mapfile -t sources < <(find "Sources/$module" -name '*.swift' | LC_ALL=C sort)
    lib="$out/lib/lib$module.a"
    fingerprint=$(fingerprint_of "${sources[@]}" "${stamps[@]}")
    if [ ! -f "$lib" ] || [ "$(cat "$lib.stamp" 2>/dev/null)" != "$fingerprint" ]; then
        echo "fuzz: building $module (instrumented, -O)"
    fi
    build_if_changed "$fingerprint" "$lib" \
        "$swiftc" "${flags[@]}" -parse-as-library -wmo -enable-testing -module-name "$module" -I "$out/lib" \
        -emit-library -static -emit-module -emit-module-path "$out/lib/$module.swiftmodule" \
        "${sources[@]}" -o "$lib"
    libs+=("$lib")
    stamps+=("$lib.stamp")
done

mapfile -t support < <(find Fuzz/Support -name '*.swift' | LC_ALL=C sort)
# A static link resolves a library's references only from the libraries after it, so each module's library
# comes before those it uses: the dependency order, reversed (VMCtlKit before the products it lists).
link=()
for (( i = ${#libs[@]} - 1; i >= 0; i-- )); do link+=("${libs[$i]}"); done
for t in "${targets[@]}"; do
    build_if_changed "$(fingerprint_of "Fuzz/$t.swift" "${support[@]}" "${stamps[@]}")" "$out/bin/$t" \
        "$swiftc" "${flags[@]}" -parse-as-library -I "$out/lib" "Fuzz/$t.swift" "${support[@]}" "${link[@]}" -o "$out/bin/$t"
done

# The Swift runtime's backtracer would hold a crashing process for a long symbolication; libFuzzer
# reports the crash itself. Swift's runtime keeps some allocations for the life of the process, which
# LeakSanitizer would report as leaks.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}

failed=0
for t in "${targets[@]}"; do
    corpus="$out/corpus/$t"
    crashes="$out/crashes/$t"
    log="$out/logs/$t.log"
    mkdir -p "$corpus" "$crashes"
    args=(-max_len=8192 -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$crashes/")
    [ -f "Fuzz/dict/$t.dict" ] && args+=(-dict="Fuzz/dict/$t.dict")
    seeds=()
    [ -d "Fuzz/corpus/$t" ] && seeds=("Fuzz/corpus/$t")
    if [ ${#extra[@]} -gt 0 ]; then
        run=("$out/bin/$t" "${args[@]}" "${extra[@]}")
    else
        run=("$out/bin/$t" "${args[@]}" "${budget[@]}" "$corpus" "${seeds[@]}")
    fi
    start=$(date +%s)
    if "${run[@]}" >"$log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
        seconds=$(( $(date +%s) - start ))
        echo "fuzz: $t: ${runs:-?} runs in ${seconds}s ($(( ${runs:-0} / (seconds > 0 ? seconds : 1) ))/s, budget $budget_text), no crash"
    else
        failed=1
        echo "fuzz: $t FAILED (full log: $log)"
        grep -E "Fatal error|fuzz property broken|ERROR: |SUMMARY|Test unit written|^Base64" "$log" | head -12 | sed 's/^/  /'
    fi
done
exit $failed
