#!/usr/bin/env python3
"""A small HTTPS reverse proxy that injects server refusals in front of a real DAV server.

It terminates TLS on 127.0.0.1 with a certificate from the test CA (tests/support/ca.py),
forwards each request to the upstream server over HTTPS (verified against the same CA)
and answers some requests itself, as rules say: "after K successful PUTs answer 507
with this body", "403 for MKCALENDAR of .../work/", "404 for PROPFIND of .../gone/".
Everything else passes through unchanged, byte for byte (hop-by-hop headers aside).
Stdlib only: http.server, http.client and ssl.

A rule (dict):
    method   "PUT", "MKCOL|MKCALENDAR", ... (a regular expression, full match)
    path     a regular expression searched in the request path (default: any)
    after    let this many matching requests through first (default 0)
    times    answer at most this many (default: every one)
    status   the HTTP status to answer with
    reason   the reason phrase (default: the standard one)
    body     the answer's body (text)
    content_type  of the body (default "text/plain; charset=utf-8")

Rules can be replaced while the proxy runs (``set_rules``; counters start again), so a
test keeps one URL (and one Ferry journal) over several passes: one with the fault,
one without. ``requests`` lists (method, path, status, injected) of every request.

Python:

    proxy = HttpFault(("127.0.0.1", upstream_port), certs, max_seconds=600).start()
    proxy.set_rules([{"method": "PUT", "after": 5, "status": 507, "body": "quota exceeded"}])
    ... https://127.0.0.1:<proxy.port>/ ...
    proxy.stop()

CLI (serves until --max-seconds have passed or it is killed):

    python3 httpfault.py --upstream-port P --cert C --key K --ca-file CA [--rules FILE.json]
                         [--max-seconds 600]      -> prints {"port": N}

Why hand-written: the tests need a fault at one exact request of a real server's
conversation; general proxies (mitmproxy and the like) are large dependencies for
what is a hundred lines here.
"""

import argparse
import http.client
import http.server
import json
import re
import socketserver
import ssl
import sys
import threading
import time

HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer",
              "upgrade", "proxy-authenticate", "proxy-authorization"}
MAX_SECONDS = 600


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 60

    def log_message(self, *_args):  # quiet: the proxy keeps its own list
        pass

    def _body(self):
        """The request body (Content-Length or chunked)."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            data = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _handle(self):
        fault = self.server.owner
        body = self._body()
        rule = fault._match(self.command, self.path)
        if rule is not None:
            payload = rule.get("body", "").encode("utf-8")
            self.send_response(rule["status"], rule.get("reason"))
            self.send_header("Content-Type", rule.get("content_type", "text/plain; charset=utf-8"))
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)
            fault._log(self.command, self.path, rule["status"], True)
            return
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        if body or "content-length" in (k.lower() for k in headers):
            headers["Content-Length"] = str(len(body))
        try:
            upstream = fault._connection()
            upstream.request(self.command, self.path, body=body, headers=headers)
            answer = upstream.getresponse()
            data = answer.read()
            upstream.close()
        except (OSError, http.client.HTTPException) as error:
            payload = ("upstream failed: %s" % error).encode("utf-8")
            self.send_response(502)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            fault._log(self.command, self.path, 502, True)
            return
        self.send_response(answer.status, answer.reason)
        for key, value in answer.getheaders():
            if key.lower() not in HOP_BY_HOP and key.lower() != "content-length":
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        fault._log(self.command, self.path, answer.status, False)

    def __getattr__(self, name):
        # do_GET, do_PUT, do_PROPFIND, do_REPORT, do_MKCALENDAR, ...: all the same.
        if name.startswith("do_"):
            return self._handle
        raise AttributeError(name)


class HttpFault:
    """The proxy; see the module docstring."""

    def __init__(self, upstream, certs, port=0, max_seconds=MAX_SECONDS, rules=None):
        """upstream: (host, port) of the real server; certs: a ca.Certs (server_cert,
        server_key, ca_cert) used both to present and to verify."""
        self.upstream = upstream
        self.certs = certs
        self.max_seconds = max_seconds
        self.requests = []
        self._lock = threading.Lock()
        self._rules = []
        self._counts = []
        self.set_rules(rules or [])
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.owner = self
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(certs.server_cert, certs.server_key)
        self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        self._client_context = ssl.create_default_context(cafile=certs.ca_cert)
        self.port = self._server.server_address[1]
        self._thread = None
        self._timer = None

    def set_rules(self, rules):
        """Replace the rules; their counters start from zero."""
        with self._lock:
            self._rules = [dict(r) for r in rules]
            self._counts = [[0, 0] for _ in rules]  # [matched, answered]

    def injected(self):
        """The (method, path, status) of every answer the proxy made up itself."""
        with self._lock:
            return [(m, p, s) for m, p, s, own in self.requests if own]

    def _match(self, method, path):
        with self._lock:
            for rule, count in zip(self._rules, self._counts):
                if not re.fullmatch(rule.get("method", ".*"), method):
                    continue
                if not re.search(rule.get("path", ""), path):
                    continue
                count[0] += 1
                if count[0] <= rule.get("after", 0):
                    continue
                if "times" in rule and count[1] >= rule["times"]:
                    continue
                count[1] += 1
                return rule
        return None

    def _log(self, method, path, status, own):
        with self._lock:
            self.requests.append((method, path, status, own))

    def _connection(self):
        host, port = self.upstream
        return http.client.HTTPSConnection(host, port, context=self._client_context, timeout=60)

    def start(self):
        """Serve in a daemon thread; stops by itself after max_seconds. Returns self."""
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.2},
                                        daemon=True)
        self._thread.start()
        self._timer = threading.Timer(self.max_seconds, self.stop)
        self._timer.daemon = True
        self._timer.start()
        return self

    def stop(self):
        """Stop serving and close the socket; safe to call twice."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._thread is not None:
            self._server.shutdown()
            self._thread = None
            self._server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def main(argv=None):
    """CLI: serve until --max-seconds have passed."""
    import os
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
    import ca  # noqa: E402

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--upstream-port", type=int, required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--ca-file", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--rules", help="JSON file: a list of rules")
    parser.add_argument("--max-seconds", type=int, default=MAX_SECONDS)
    args = parser.parse_args(argv)
    rules = []
    if args.rules:
        with open(args.rules, encoding="utf-8") as f:
            rules = json.load(f)
    certs = ca.Certs(directory=os.path.dirname(args.cert), ca_cert=args.ca_file, ca_key="",
                     server_cert=args.cert, server_key=args.key, untrusted_cert="", untrusted_key="")
    proxy = HttpFault(("127.0.0.1", args.upstream_port), certs, args.port, args.max_seconds, rules).start()
    print(json.dumps({"port": proxy.port}), flush=True)
    deadline = time.monotonic() + args.max_seconds
    try:
        while time.monotonic() < deadline and proxy._thread is not None:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    proxy.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
