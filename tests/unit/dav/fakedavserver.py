#!/usr/bin/env python3
"""A scripted HTTPS server for tst_davtransport (stdlib only, 127.0.0.1).

    python3 fakedavserver.py DIR [--max-seconds 120]

Makes a throw-away CA in DIR (tests/support/ca.py), listens on a free port and
prints {"port": P, "ca_file": ...} as one JSON line. It exits when its stdin
closes or after --max-seconds, whichever comes first.

Paths (any method):
  /echo...          207 with "METHOD auth=yes|no depth=D len=N" as the body
  /retry/NAME       429 (Retry-After: 1) the first time NAME is asked, then /echo
  /unavail/NAME     503 without Retry-After the first time, then /echo
  /busy             always 503, Retry-After: 0
  /redirect-same    301 to /echo-moved
  /redirect-other   307 to https://localhost:PORT/echo (another host name)
  /redirect-http    301 to http://127.0.0.1:PORT/echo
  /loop             302 to /loop
  /status/CODE      that status; 403 and 412 carry a DAV:error body
  /slow             answers after 0.3 s
  /hang             sends nothing for 30 s
"""

import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "support"))
import fakehttps  # noqa: E402

_seen = set()
_lock = threading.Lock()

DAV_ERROR = (b'<?xml version="1.0"?><d:error xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns">'
             b'<d:need-privileges/><s:message>You are not allowed here</s:message></d:error>')


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _send(self, code, body=b"", headers=None, ctype="text/plain"):
        self.send_response(code)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _first(self, key):
        with _lock:
            if key in _seen:
                return False
            _seen.add(key)
            return True

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path = self.path
        port = self.server.server_address[1]
        if path.startswith("/retry/") and self._first(path):
            return self._send(429, b"slow down", {"Retry-After": "1"})
        if path.startswith("/unavail/") and self._first(path):
            return self._send(503, b"later")
        if path == "/busy":
            return self._send(503, b"busy", {"Retry-After": "0"})
        if path == "/redirect-same":
            return self._send(301, b"", {"Location": "/echo-moved"})
        if path == "/redirect-other":
            return self._send(307, b"", {"Location": "https://localhost:%d/echo" % port})
        if path == "/redirect-http":
            return self._send(301, b"", {"Location": "http://127.0.0.1:%d/echo" % port})
        if path == "/loop":
            return self._send(302, b"", {"Location": "/loop"})
        if path.startswith("/status/"):
            code = int(path.split("/")[2])
            if code in (403, 412):
                return self._send(code, DAV_ERROR, ctype="application/xml; charset=utf-8")
            return self._send(code, b"status %d" % code)
        if path == "/slow":
            time.sleep(0.3)
        if path == "/hang":
            time.sleep(30)
            return None
        auth = "yes" if self.headers.get("Authorization") else "no"
        text = "%s auth=%s depth=%s len=%d path=%s" % (self.command, auth, self.headers.get("Depth", "-"),
                                                     len(body), path)
        return self._send(207, text.encode(), {"ETag": '"e-%d"' % len(body)})

    do_GET = do_PUT = do_PROPFIND = do_REPORT = do_DELETE = do_MKCALENDAR = do_MKCOL = _handle


def main():
    directory = sys.argv[1]
    fakehttps.serve(Handler, directory, sys.argv)


if __name__ == "__main__":
    main()
