#!/usr/bin/env python3
"""A TLS server on loopback in front of a plain-http server, for the end-to-end tests of ca_cert.

    python3 tls_relay.py --cert server.pem --key server.key --upstream http://127.0.0.1:PORT --log FILE

It listens on 127.0.0.1 on a port the system picks and prints `listening on https://127.0.0.1:PORT` on
stdout once it accepts connections. Each connection is logged to FILE as one line when it ends its TLS
handshake: `handshake ok`, or `handshake failed: REASON` (a client that does not trust the certificate
aborts the handshake: that is one attempt). Each request on an accepted connection is logged as
`request METHOD PATH` and relayed to the upstream server as it came (method, path, headers, body), with
its answer sent back whole; every connection serves one request and is closed.

Only the Python 3 standard library; stops when stdin closes (the test that started it ended).
"""

import argparse
import http.client
import http.server
import ssl
import sys
import threading
from urllib.parse import urlparse

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection",
              "content-length", "host"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--log", required=True)
    args = parser.parse_args()
    upstream = urlparse(args.upstream)
    log_lock = threading.Lock()

    def log(line):
        with log_lock, open(args.log, "a", encoding="utf-8") as f:
            f.write(line + "\n")

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)

    class Relay(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def relay(self):
            log(f"request {self.command} {self.path}")
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = {name: value for name, value in self.headers.items() if name.lower() not in HOP_BY_HOP}
            connection = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=30)
            try:
                connection.request(self.command, self.path, body=body, headers=headers)
                answer = connection.getresponse()
                content = answer.read()
            finally:
                connection.close()
            self.send_response_only(answer.status, answer.reason)
            for name, value in answer.getheaders():
                if name.lower() not in HOP_BY_HOP:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(content)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(content)
            self.close_connection = True

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = relay

        def log_message(self, format, *args):
            pass

    class Server(http.server.ThreadingHTTPServer):
        daemon_threads = True

        # The handshake runs on the connection's own thread, so a client that stalls it holds up no other.
        def finish_request(self, request, client_address):
            request.settimeout(30)
            try:
                tls = context.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError) as error:
                log(f"handshake failed: {error}")
                return
            log("handshake ok")
            self.RequestHandlerClass(tls, client_address, self)

        def handle_error(self, request, client_address):
            log(f"error: {sys.exc_info()[1]}")

    server = Server(("127.0.0.1", 0), Relay)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"listening on https://127.0.0.1:{server.server_address[1]}", flush=True)
    # The test keeps stdin open while it needs the server.
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    main()
