# Sourced by build-static.sh and bench.sh. A static link of FoundationNetworking wants libcurl by its
# development name (libcurl.so); when the libcurl4-openssl-dev package is not installed, this provides
# that name in DIR as a link to the system's libcurl.so.4.
provide_curl_link() {
    local dir=$1 curl_lib
    mkdir -p "$dir"
    if ! ldconfig -p | grep -q 'libcurl\.so '; then
        curl_lib=$(ldconfig -p | sed -n 's/.*libcurl\.so\.4 (libc6,x86-64) => //p' | head -n 1)
        [ -n "$curl_lib" ] || { echo "libcurl.so.4 not found: install libcurl4" >&2; return 1; }
        ln -sf "$curl_lib" "$dir/libcurl.so"
    fi
}
