#!/usr/bin/env python3
"""A loopback HTTPS server of autoconfig files for tst_autodiscovery (stdlib only).

    python3 fakeautoconfigserver.py PKI_DIR ROOT_DIR [--max-seconds 120]

Makes a throw-away CA in PKI_DIR (tests/support/ca.py; the server certificate
is issued for 127.0.0.1), listens on 127.0.0.1 on a free port and prints
{"port": P, "ca_file": ...} as one JSON line. It exits when its stdin closes
or after --max-seconds, whichever comes first.

The test's fetcher maps https://HOST/PATH to https://127.0.0.1:P/HOST/PATH, so
one server stands in for many virtual hosts:
  /HOST/PATH   the file ROOT_DIR/HOST/PATH (query ignored), 404 if there is none;
  HOST containing "hang"   sends nothing for 20 s (the client's timeout fires first);
  HOST containing "fail"   500 with an HTML body.
"""

import os
import sys
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import unquote, urlsplit

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "support"))
import fakehttps  # noqa: E402

ROOT = ""


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _send(self, code, body, ctype="text/plain"):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path = unquote(urlsplit(self.path).path)
        host = path.lstrip("/").split("/", 1)[0]
        if "hang" in host:
            time.sleep(20)
            return
        if "fail" in host:
            return self._send(500, b"<html><body>Internal Server Error</body></html>", "text/html")
        root = os.path.realpath(ROOT)
        target = os.path.realpath(os.path.join(root, path.lstrip("/")))
        if not target.startswith(root + os.sep) or not os.path.isfile(target):
            return self._send(404, b"not found")
        with open(target, "rb") as f:
            return self._send(200, f.read(), "application/xml")


def main():
    global ROOT
    pki, ROOT = sys.argv[1], sys.argv[2]
    fakehttps.serve(Handler, pki, sys.argv)


if __name__ == "__main__":
    main()
