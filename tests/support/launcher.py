"""What the private test-server launchers share (dovecot.py, radicale.py).

A server lives in one directory; it is started in its own process group on
127.0.0.1 and a free high port (retried when the port was taken meanwhile),
waited for until it answers over TLS, described in DIR/launcher.json (so the
CLIs can stop it later), tied to the launching process (SIGTERM when it dies,
even by SIGKILL) unless the CLI asks otherwise, and stopped as a whole group:
SIGTERM, then SIGKILL.

A subclass sets NAME and START_TIMEOUT and provides _prepare() (directories,
certificates, config), _command() (argv, log file, extra Popen options),
_greeting(tls) (does the server answer?), log_tail() and info(); it keeps its
own RUNNING list for stop_all().
"""

import ctypes
import json
import os
import signal
import socket
import ssl
import subprocess
import time

STATE_FILE = "launcher.json"
STOP_TIMEOUT = 10.0


def free_port():
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent():
    """preexec_fn: new session, and SIGTERM when the launching process dies (PR_SET_PDEATHSIG)."""
    os.setsid()
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG = 1
    except OSError:
        pass


def _is_ours(pid, conf_path):
    """True if PID is still the server started with CONF_PATH on its command line
    (not a reused pid)."""
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            return conf_path.encode() in f.read()
    except OSError:
        return False


def _group_alive(pgid):
    """True while any process of group PGID exists."""
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def stop_pid(pid, conf_path):
    """SIGTERM the process group of a server we launched, then SIGKILL after STOP_TIMEOUT."""
    if not _is_ours(pid, conf_path) and not _group_alive(pid):
        return
    for sig, wait in ((signal.SIGTERM, STOP_TIMEOUT), (signal.SIGKILL, 2.0)):
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:  # reap it if it is our child
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass
            if not _group_alive(pid):
                return
            time.sleep(0.05)


class LaunchedServer:
    """Base class of Dovecot and Radicale (see the module docstring)."""

    NAME = "server"
    START_TIMEOUT = 15.0
    RUNNING = None  # each subclass: the list of its servers started by this process

    def _path(self, *parts):
        """A path inside the server directory."""
        return os.path.join(self.directory, *parts)

    @property
    def ca_file(self):
        """PEM file a client must trust to accept this server's certificate."""
        return self.certs.ca_cert

    @property
    def server_cert(self):
        """The certificate the server presents."""
        return self.certs.pair(self.cert)[0]

    @property
    def server_key(self):
        """The private key of server_cert."""
        return self.certs.pair(self.cert)[1]

    def start(self, tie_to_parent=True):
        """Start the server and wait until it answers; returns self.

        tie_to_parent: the server gets SIGTERM if this Python process dies (even by
        SIGKILL), so a crashed test never leaves it behind. The CLIs turn it off.
        """
        fixed_port = self.port is not None
        last_error = None
        for _attempt in range(5):
            if not fixed_port:
                self.port = free_port()
            self._prepare()
            try:
                self._spawn(tie_to_parent)
                return self
            except RuntimeError as error:
                last_error = error
                self.stop()
                if fixed_port or "in use" not in str(error).lower():
                    break
        raise last_error

    def _spawn(self, tie_to_parent):
        """Launch the server in its own process group and wait until it answers."""
        argv, log_path, options = self._command()
        log = open(log_path, "ab")
        self.process = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
            preexec_fn=_die_with_parent if tie_to_parent else os.setsid, close_fds=True, **options)
        log.close()
        self.pid = self.process.pid
        self.RUNNING.append(self)
        self._save_state()
        deadline = time.monotonic() + self.START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("%s exited with %s: %s" % (self.NAME, self.process.returncode,
                                                              self.log_tail()))
            if self._answers():
                return
            time.sleep(0.05)
        raise RuntimeError("%s did not answer on port %d: %s" % (self.NAME, self.port, self.log_tail()))

    def _answers(self):
        """True once a TLS handshake and the server's first answer succeed on the port."""
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        try:
            with socket.create_connection((self.host, self.port), timeout=2) as raw:
                with context.wrap_socket(raw) as tls:
                    return self._greeting(tls)
        except OSError:
            return False

    def _save_state(self):
        """Write launcher.json so the CLI's `stop --dir` can find the process."""
        with open(self._path(STATE_FILE), "w", encoding="utf-8") as f:
            json.dump(self.info(), f)

    def stop(self):
        """Stop the server and every child (whole process group); safe to call twice."""
        if self.pid is not None:
            stop_pid(self.pid, self.conf_path)
            if self.process is not None:
                try:
                    self.process.wait(timeout=1)
                except subprocess.TimeoutExpired:
                    pass
        self.pid = None
        self.process = None
        if self in self.RUNNING:
            self.RUNNING.remove(self)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
