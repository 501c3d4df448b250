#!/usr/bin/env python3
"""Start and stop a private Radicale CalDAV/CardDAV server over HTTPS for the real-server tests.

Everything lives in one directory the caller names (config, htpasswd, collections,
log); the server listens on 127.0.0.1 and a free high port, with a certificate
from a throw-away CA (see ca.py), and is bounded in time: it dies with the
process that started it, and after ``max_seconds`` in any case.

Python:

    from radicale import Radicale
    with Radicale("/tmp/run/src", users={"alice": "secret"}) as server:
        account = server.account("alice")   # davgen/davverify take this
        print(server.url("alice"), server.ca_file)

Two servers share one CA by passing ``certs=`` (a ca.Certs) to both.

CLI (the server keeps running after ``start`` returns, for at most --max-seconds):

    python3 radicale.py start --dir D --user alice:secret [--port P] [--max-seconds 3600]
        -> prints {"host": ..., "port": ..., "ca_file": ..., "pid": ..., "urls": {...}}
    python3 radicale.py stop --dir D

Radicale itself (Debian's python3-radicale, 3.1.8) is run with the interpreter
that has it: this one if it can import ``radicale``, else /usr/bin/python3 (a
pyenv or venv python3 earlier in PATH usually cannot). Its log (level info: one
line per request, passwords masked) goes to ``log/radicale.log``; see
:meth:`Radicale.requests`.
"""

import argparse
import atexit
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ca  # noqa: E402  (sibling module)
from launcher import STATE_FILE, LaunchedServer, _group_alive, free_port, stop_pid  # noqa: E402,F401

MAX_SECONDS = 3600  # default lifetime bound of one server

_running = []  # Radicale objects started by this process, stopped at exit


@dataclass
class DavAccount:
    """How to reach one user's DAV data on a test server; what davgen and davverify take."""

    host: str
    port: int
    user: str
    password: str
    ca_file: str

    @property
    def home(self):
        """Path of the user's collections (Radicale: calendar and address book home)."""
        return "/%s/" % self.user

    def url(self, path=""):
        """The https:// URL ferry-cli takes (no password in it)."""
        return "https://%s@%s:%d%s" % (self.user, self.host, self.port, path)


def radicale_python():
    """The interpreter that can run ``-m radicale`` (the package, not this module), or None."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    for candidate in (sys.executable, "/usr/bin/python3", shutil.which("python3")):
        if candidate and os.access(candidate, os.X_OK):
            probe = subprocess.run([candidate, "-c", "import radicale.app"], capture_output=True,
                                   cwd="/", env=env)
            if probe.returncode == 0:
                return candidate
    return None


class Radicale(LaunchedServer):
    """One private Radicale instance; see the module docstring."""

    NAME = "radicale"
    START_TIMEOUT = 20.0
    RUNNING = _running

    def __init__(self, directory, users=None, certs=None, port=None, max_seconds=MAX_SECONDS,
                 cert="ca"):
        """Prepare (not start) a server.

        directory    where everything goes; created if missing
        users        {name: password}; default {"alice": "secret"}
        certs        a ca.Certs to share between servers; made in directory/pki if None
        port         fixed port; a free one is picked if None
        max_seconds  the server is killed after this long even if nobody stops it
        cert         "ca" (CA-signed, trusted via ca_file) or "untrusted" (self-signed)
        """
        self.directory = os.path.abspath(directory)
        self.users = dict(users or {"alice": "secret"})
        self.certs = certs
        self.port = port
        self.max_seconds = max_seconds
        self.cert = cert
        self.host = "127.0.0.1"
        self.process = None
        self.pid = None

    # ----- paths and config -------------------------------------------------------------

    @property
    def conf_path(self):
        """The generated Radicale config file."""
        return self._path("radicale.conf")

    @property
    def log_path(self):
        """Radicale's log (its stderr)."""
        return self._path("log", "radicale.log")

    @property
    def collections_path(self):
        """Radicale's filesystem_folder (collection-root/USER/NAME/...)."""
        return self._path("collections")

    def url(self, user, path=""):
        """https://USER@127.0.0.1:PORT[PATH] (no password), as ferry-cli takes it."""
        return self.account(user).url(path)

    def account(self, user):
        """A :class:`DavAccount` for one configured user."""
        return DavAccount(self.host, self.port, user, self.users[user], self.ca_file)

    def _write_htpasswd(self):
        """htpasswd with plain passwords (htpasswd_encryption = plain)."""
        lines = []
        for name, password in self.users.items():
            if ":" in name or "/" in name or "\n" in name + password:
                raise ValueError("user names must not contain ':' or '/', nor anything a newline")
            lines.append("%s:%s\n" % (name, password))
        with open(self._path("htpasswd"), "w", encoding="utf-8") as f:
            f.writelines(lines)
        os.chmod(self._path("htpasswd"), 0o600)

    def _config(self):
        """Text of the Radicale config file."""
        key = self.server_key
        return f"""# generated by tests/support/radicale.py
[server]
hosts = 127.0.0.1:{self.port}
max_connections = 20
timeout = 30
ssl = True
certificate = {self.server_cert}
key = {key}

[auth]
type = htpasswd
htpasswd_filename = {self._path('htpasswd')}
htpasswd_encryption = plain
delay = 0.1

[rights]
type = owner_only

[storage]
filesystem_folder = {self.collections_path}

[web]
type = none

[logging]
level = info
mask_passwords = True
"""

    def _prepare(self):
        """Make the directories, certificates, htpasswd file and config."""
        for sub in ("log", "collections"):
            os.makedirs(self._path(sub), exist_ok=True)
        if self.certs is None:
            self.certs = ca.make_ca(self._path("pki"))
        self._write_htpasswd()
        with open(self.conf_path, "w", encoding="utf-8") as f:
            f.write(self._config())

    # ----- lifecycle ----------------------------------------------------------------------

    def start(self, tie_to_parent=True):
        """Start the server and wait until it answers HTTPS; returns self (the CLI's
        server is still bounded by max_seconds)."""
        if radicale_python() is None:
            raise RuntimeError("radicale is not installed (run dist/install-deps.sh)")
        return super().start(tie_to_parent)

    def _command(self):
        """Radicale under coreutils `timeout`, which bounds its lifetime and forwards
        SIGTERM (stop() kills the whole group anyway). cwd "/" keeps a radicale/ dir
        in the cwd from shadowing the module; stderr is its log."""
        argv = ["timeout", "-k", "5", str(int(self.max_seconds)), radicale_python(), "-m", "radicale",
                "--config", self.conf_path]
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        return argv, self.log_path, {"cwd": "/", "env": env}

    def _greeting(self, tls):
        """An HTTP answer to OPTIONS."""
        tls.sendall(b"OPTIONS / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        return tls.recv(100).startswith(b"HTTP/1.")

    def log_tail(self, lines=20):
        """The last lines of the Radicale log, for error messages."""
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return "".join(f.readlines()[-lines:]).strip()
        except OSError:
            return ""

    def requests(self):
        """[(method, path, user)] of every request Radicale logged so far, in order.

        Lets a test assert that a source saw no write (PUT, DELETE, MKCOL, MKCALENDAR,
        PROPPATCH, MOVE, POST)."""
        # "[time] [pid/Thread-N (...)] [INFO] PUT request for '/alice/c/x.ics' received from"
        # then, on the same thread, "Successful login: 'alice'".
        request = re.compile(r"\[(\d+/[^\]]*)\] \[INFO\] ([A-Z]+) request for (['\"])(.*?)\3"
                             r"(?: with depth '[^']*')? received from ")
        login = re.compile(r"\[(\d+/[^\]]*)\] \[INFO\] Successful login: '([^']*)'")
        result = []
        last_by_thread = {}
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                for line in f:
                    m = request.search(line)
                    if m:
                        last_by_thread[m.group(1)] = len(result)
                        result.append([m.group(2), m.group(4), None])
                        continue
                    m = login.search(line)
                    if m and m.group(1) in last_by_thread:
                        result[last_by_thread.pop(m.group(1))][2] = m.group(2)
        except OSError:
            pass
        return [tuple(r) for r in result]

    def writes(self):
        """The logged requests that change data (see :meth:`requests`)."""
        return [r for r in self.requests()
                if r[0] in ("PUT", "DELETE", "MKCOL", "MKCALENDAR", "PROPPATCH", "MOVE", "POST")]

    def info(self):
        """JSON-able description of the running server."""
        return {"host": self.host, "port": self.port, "ca_file": self.ca_file, "pid": self.pid,
                "dir": self.directory, "conf": self.conf_path, "log": self.log_path,
                "server_cert": self.server_cert, "users": self.users,
                "urls": {user: self.url(user) for user in self.users}}


def stop_all():
    """Stop every server this process started (registered with atexit)."""
    for server in list(_running):
        server.stop()


atexit.register(stop_all)


def main(argv=None):
    """CLI entry point: start / stop."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    start = sub.add_parser("start", help="start a server and print its JSON description")
    start.add_argument("--dir", required=True)
    start.add_argument("--user", action="append", help="NAME:PASSWORD (repeatable)")
    start.add_argument("--cert", choices=("ca", "untrusted", "expired", "wronghost"), default="ca")
    start.add_argument("--port", type=int)
    start.add_argument("--max-seconds", type=int, default=MAX_SECONDS)
    stop = sub.add_parser("stop", help="stop the server started in --dir")
    stop.add_argument("--dir", required=True)
    args = parser.parse_args(argv)

    if args.command == "start":
        users = {}
        for value in args.user or ["alice:secret"]:
            if ":" not in value:
                raise SystemExit("--user wants NAME:PASSWORD, got %r" % value)
            name, password = value.split(":", 1)
            users[name] = password
        server = Radicale(args.dir, users, port=args.port, max_seconds=args.max_seconds,
                          cert=args.cert)
        server.start(tie_to_parent=False)
        _running.remove(server)  # keep it running after this process exits
        print(json.dumps(server.info()))
        return 0

    state = os.path.join(os.path.abspath(args.dir), STATE_FILE)
    try:
        with open(state, encoding="utf-8") as f:
            info = json.load(f)
    except OSError:
        print("no server state in %s" % state, file=sys.stderr)
        return 1
    if info.get("pid"):
        stop_pid(info["pid"], info["conf"])
    info["pid"] = None
    with open(state, "w", encoding="utf-8") as f:
        json.dump(info, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
