# Sourced by build-static.sh and bench.sh. A static link of FoundationNetworking wants libcurl by its
# development name (libcurl.so); when the libcurl4-openssl-dev package is not installed, this provides
# that name in DIR as a link to the system's libcurl.so.4.
#
# It asks the toolchain's own clang (the linker driver swift uses) where it finds each name, so the answer
# is the linker's, for the machine's architecture, and works for any user: ldconfig lives in /usr/sbin,
# outside an ordinary user's PATH on Debian and Ubuntu. ldconfig, found by its full path, is the fallback.
provide_curl_link() {
    local dir=$1 clang curl_dev="" curl_lib="" ldconfig="" abi
    mkdir -p "$dir"
    clang="$(dirname "$(readlink -f "$(command -v swift)")")/clang"
    [ -x "$clang" ] || clang=$(command -v clang || true)
    if [ -n "$clang" ]; then
        # -print-file-name prints the name back, unchanged, when no directory of the search path has it.
        curl_dev=$("$clang" -print-file-name=libcurl.so 2>/dev/null || true)
        [ "$curl_dev" = libcurl.so ] && curl_dev=""
        curl_lib=$("$clang" -print-file-name=libcurl.so.4 2>/dev/null || true)
        [ "$curl_lib" = libcurl.so.4 ] && curl_lib=""
    fi
    if [ -z "$curl_dev" ] && [ -z "$curl_lib" ]; then
        for ldconfig in "$(command -v ldconfig || true)" /sbin/ldconfig /usr/sbin/ldconfig ""; do
            [ -n "$ldconfig" ] && [ -x "$ldconfig" ] && break
        done
        if [ -n "$ldconfig" ]; then
            "$ldconfig" -p | grep -q 'libcurl\.so ' && curl_dev=yes
            case "$(uname -m)" in x86_64) abi='libc6,x86-64' ;; aarch64) abi='libc6,AArch64' ;; *) abi='libc6[^)]*' ;; esac
            curl_lib=$("$ldconfig" -p | sed -n "s/.*libcurl\.so\.4 ($abi) => //p" | head -n 1)
        fi
    fi
    [ -n "$curl_dev" ] && return 0
    [ -n "$curl_lib" ] && [ -e "$curl_lib" ] || {
        echo "libcurl.so.4 not found: install libcurl4 (Debian, Ubuntu: apt-get install libcurl4)" >&2
        return 1
    }
    ln -sf "$curl_lib" "$dir/libcurl.so"
}
