"""A throw-away HTTPS server on 127.0.0.1 for the C++ unit tests' fake servers
(tests/unit/dav/fakedavserver.py, tests/unit/discovery/fakeautoconfigserver.py).

serve(Handler, pki_dir, argv) makes a CA and a server certificate in pki_dir,
listens on a free port, prints {"port": …, "ca_file": …} as one JSON line, and
returns when the test closes stdin (or dies) or after --max-seconds (default 120).
"""
import json
import ssl
import sys
import threading
from http.server import ThreadingHTTPServer

import ca


def serve(handler, pki_dir, argv):
    max_seconds = 120
    if "--max-seconds" in argv:
        max_seconds = int(argv[argv.index("--max-seconds") + 1])
    certs = ca.make_ca(pki_dir)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certs.server_cert, certs.server_key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(json.dumps({"port": server.server_address[1], "ca_file": certs.ca_cert}), flush=True)
    # Stop when the test closes stdin (or dies), or at the deadline.
    watcher = threading.Thread(target=sys.stdin.read, daemon=True)
    watcher.start()
    watcher.join(max_seconds)
    server.shutdown()
