#!/usr/bin/env python3
"""Security checks against real servers (docs/security.md says what they protect).

1. Certificates: a server certificate that is self-signed, expired, or made for
   another host is refused with exit 4 before any password is sent — for IMAP
   (Dovecot) and DAV (Radicale) alike; the person is told which problem it is.
2. TLS below 1.2 is refused (a TLS 1.0/1.1-only server), exit 4, for IMAP and DAV.
3. No plaintext, ever: imap:// and http:// addresses are refused (exit 2); an
   imaps:// or https:// address that leads to a plaintext server gets a TLS
   ClientHello and nothing else — no LOGIN, no Authorization header, no password.
4. Passwords: during every run of a full session (migrate with trace, report and
   HTML page, verify, export plain and encrypted, archive verify, import,
   diagnostics bundle) /proc/*/cmdline of every process is sampled and must not
   hold a password; every file the runs produce is searched (harness run guard,
   tests/support/runguard.py), and so is every byte of the state store.
5. Private files: the state store and its directory, the archive, traces, reports
   and the bundle are 0600/0700 even under umask 022.
6. The run guard itself catches what it is there to catch (a leak, a changed
   source flag, a 0644 file, a file left in TMPDIR): a guard that never fires
   proves nothing.

Run: python3 test_security.py --ferry-cli PATH [--keep] [-v -v]
"""

import os
import socket
import ssl
import stat
import sys
import threading
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "integration"))

import harness  # noqa: E402
from harness import DavCase, IntegrationCase, mailgen, verify  # noqa: E402

import davgen  # noqa: E402
import runguard  # noqa: E402

SOURCE_USER, SOURCE_PASSWORD = "alice", "sec-Src#4f1e%x"
TARGET_USER, TARGET_PASSWORD = "bob", "sec-Tgt\"7a0b;y"
CARL_PASSWORD = "sec-Carl!93d2"
PASSPHRASE = "sec-Archive passphrase 5d8c"


class _Listener:
    """A loopback listener in a thread that records what clients send. MODE:
    "imap-plain" greets like an IMAP server in the clear; "http-plain" answers like
    an HTTP server in the clear; "tls-old" speaks TLS 1.0/1.1 only."""

    def __init__(self, mode, cert=None, key=None):
        self.mode = mode
        self.received = b""
        self.handshake_error = None
        self.tls_version = None
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(30)
        self.port = self.sock.getsockname()[1]
        self.context = None
        if mode == "tls-old":
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
            with warnings.catch_warnings():  # deprecated: that is the point
                warnings.simplefilter("ignore", DeprecationWarning)
                ctx.minimum_version = ssl.TLSVersion.TLSv1
                ctx.maximum_version = ssl.TLSVersion.TLSv1_1
            ctx.load_cert_chain(cert, key)
            self.context = ctx
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        deadline = time.monotonic() + 60  # bounded: never outlives the test by much
        while not self.stop.is_set() and time.monotonic() < deadline:
            try:
                conn, _ = self.sock.accept()
            except (socket.timeout, OSError):
                return
            conn.settimeout(5)
            try:
                if self.context:
                    try:
                        tls = self.context.wrap_socket(conn, server_side=True)
                        self.tls_version = tls.version()
                        tls.sendall(b"* OK old server\r\n")
                        self.received += tls.recv(65536)
                        tls.close()
                    except (ssl.SSLError, OSError) as e:
                        self.handshake_error = str(e)
                    continue
                if self.mode == "imap-plain":
                    conn.sendall(b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN LOGIN] plaintext server\r\n")
                while True:
                    data = conn.recv(65536)
                    if not data:
                        break
                    self.received += data
                    if self.mode == "http-plain" and b"\r\n\r\n" in self.received:
                        conn.sendall(b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"x\"\r\n"
                                     b"Content-Length: 0\r\n\r\n")
            except OSError:
                pass
            finally:
                conn.close()

    def close(self):
        self.stop.set()
        self.sock.close()
        self.thread.join(10)


class _CmdlineWatch:
    """Samples /proc/*/cmdline of every process every 20 ms while a run lasts."""

    def __init__(self, secrets):
        self.secrets = secrets
        self.hits = []
        self.samples = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self):
        while not self.stop.is_set():
            for pid in os.listdir("/proc"):
                if not pid.isdigit():
                    continue
                try:
                    with open("/proc/%s/cmdline" % pid, "rb") as f:
                        line = f.read()
                except OSError:
                    continue
                self.samples += 1
                self.hits += ["pid %s argv holds a password form" % pid for s in self.secrets if s in line]
            self.stop.wait(0.02)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(10)


class MailAndDavCase(DavCase):
    """Needs Dovecot and Radicale both."""

    @classmethod
    def missing_requirements(cls):
        return sorted(set(DavCase.missing_requirements()) | set(IntegrationCase.missing_requirements()))


class Certificates(MailAndDavCase):
    """Refused certificates and old TLS, on real Dovecot and Radicale."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        users = {SOURCE_USER: SOURCE_PASSWORD}
        cls.good = cls.start_server("good", "fs", {TARGET_USER: TARGET_PASSWORD})
        cls.bad_mail = {kind: cls.start_server("mail-" + kind, "maildir", users, cert=kind)
                        for kind in ("untrusted", "expired", "wronghost")}
        cls.good_dav = cls.start_radicale("dav-good", {TARGET_USER: TARGET_PASSWORD}, max_seconds=300)
        cls.bad_dav = {kind: cls.start_radicale("dav-" + kind, users, cert=kind, max_seconds=300)
                       for kind in ("untrusted", "expired", "wronghost")}

    WORDS = {"untrusted": ("not trusted", "self-signed", "unknown"),
             "expired": ("expired",),
             "wronghost": ("127.0.0.1", "mail.example.net", "host")}

    def assertRefused(self, run, kind):
        self.assertExit(run, 4)
        text = run.stderr.lower()
        self.assertTrue(any(w in text for w in self.WORDS[kind]),
                        "stderr should say what is wrong with the %s certificate:\n%s" % (kind, run.stderr))
        self.assertIn("sha-256", text.replace("sha256", "sha-256"), run.describe())

    def assertNoLogin(self, server):
        with open(server.log_path, encoding="utf-8", errors="replace") as f:
            log = f.read()
        self.assertNotIn("Login: user=<%s>" % SOURCE_USER, log, "a login reached %s" % server.directory)

    def test_1_mail_certificates_refused(self):
        for kind, server in self.bad_mail.items():
            with self.subTest(kind=kind):
                run = self.run_ferry(["check", "--from", server.account(SOURCE_USER).url(),
                                      "--to", self.good.account(TARGET_USER).url(),
                                      "--ca-file", self.certs.ca_cert], SOURCE_PASSWORD, TARGET_PASSWORD)
                self.assertRefused(run, kind)
                self.assertNoLogin(server)

    def test_2_dav_certificates_refused(self):
        for kind, server in self.bad_dav.items():
            with self.subTest(kind=kind):
                run = self.run_ferry(["check", "--from-dav", server.url(SOURCE_USER, "/"),
                                      "--to-dav", self.good_dav.url(TARGET_USER, "/"),
                                      "--ca-file", self.certs.ca_cert], SOURCE_PASSWORD, TARGET_PASSWORD)
                self.assertRefused(run, kind)
                with open(server.log_path, encoding="utf-8", errors="replace") as f:
                    self.assertNotIn("Successful login", f.read())

    def test_3_tls_below_1_2_refused(self):
        for what in ("mail", "dav"):
            with self.subTest(what=what):
                old = _Listener("tls-old", self.certs.server_cert, self.certs.server_key)
                self.addCleanup(old.close)
                if what == "mail":
                    args = ["check", "--from", "imaps://%s@127.0.0.1:%d" % (SOURCE_USER, old.port),
                            "--to", self.good.account(TARGET_USER).url()]
                else:
                    args = ["check", "--from-dav", "https://%s@127.0.0.1:%d/" % (SOURCE_USER, old.port),
                            "--to-dav", self.good_dav.url(TARGET_USER, "/")]
                run = self.run_ferry(args + ["--ca-file", self.certs.ca_cert, "--timeout", "5"],
                                     SOURCE_PASSWORD, TARGET_PASSWORD)
                old.close()
                self.assertExit(run, 4)
                self.assertIn("tls", run.stderr.lower(), run.describe())
                self.assertIsNone(old.tls_version, "a TLS < 1.2 session was made: %s" % old.tls_version)
                self.assertIsNotNone(old.handshake_error, "the old server never saw a handshake")
                self.assertNotIn(SOURCE_PASSWORD.encode(), old.received)


class Plaintext(MailAndDavCase):
    """imap:// and http:// are refused; a plaintext server behind imaps:// or https://
    sees a ClientHello and nothing else."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.good = cls.start_server("good", "fs", {TARGET_USER: TARGET_PASSWORD})
        cls.good_dav = cls.start_radicale("dav-good", {TARGET_USER: TARGET_PASSWORD}, max_seconds=300)

    def test_1_plaintext_schemes_refused(self):
        for args in (["--from", "imap://%s@127.0.0.1:1143" % SOURCE_USER,
                      "--to", self.good.account(TARGET_USER).url()],
                     ["--from", self.good.account(TARGET_USER).url(),
                      "--to", "imap://%s@127.0.0.1:1143" % SOURCE_USER],
                     ["--from-dav", "http://%s@127.0.0.1:8080/" % SOURCE_USER,
                      "--to-dav", self.good_dav.url(TARGET_USER, "/")]):
            with self.subTest(args=args):
                run = self.run_ferry(["migrate"] + args, SOURCE_PASSWORD, TARGET_PASSWORD)
                self.assertExit(run, 2)
                self.assertTrue("imaps://" in run.stderr or "https://" in run.stderr,
                                "the refusal should name the secure form:\n" + run.stderr)

    def test_2_plaintext_server_behind_tls_address(self):
        forms = runguard.secret_forms(SOURCE_USER, SOURCE_PASSWORD)
        for mode in ("imap-plain", "http-plain"):
            with self.subTest(mode=mode):
                plain = _Listener(mode)
                self.addCleanup(plain.close)
                if mode == "imap-plain":
                    args = ["check", "--from", "imaps://%s@127.0.0.1:%d" % (SOURCE_USER, plain.port),
                            "--to", self.good.account(TARGET_USER).url()]
                else:
                    args = ["check", "--from-dav", "https://%s@127.0.0.1:%d/" % (SOURCE_USER, plain.port),
                            "--to-dav", self.good_dav.url(TARGET_USER, "/")]
                run = self.run_ferry(args + ["--ca-file", self.certs.ca_cert, "--timeout", "5"],
                                     SOURCE_PASSWORD, TARGET_PASSWORD)
                plain.close()
                self.assertIn(run.exit_code, (4, 5), run.describe())
                self.assertTrue(plain.received.startswith(b"\x16\x03"),
                                "the first bytes should be a TLS handshake record: %r" % plain.received[:40])
                for bad in [b"LOGIN", b"AUTHENTICATE", b"Authorization", b"PROPFIND"] + forms:
                    self.assertNotIn(bad, plain.received, "sent in the clear: %r" % bad)


class Secrets(MailAndDavCase):
    """A whole session, every kind of file Ferry writes, searched and checked."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        os.umask(0o022)  # what a person's shell usually has: Ferry must not rely on a stricter one
        cls.mail_source = cls.start_server("mail-source", "maildir", {SOURCE_USER: SOURCE_PASSWORD})
        cls.mail_target = cls.start_server("mail-target", "fs", {TARGET_USER: TARGET_PASSWORD,
                                                                 "carl": CARL_PASSWORD})
        cls.dav_source = cls.start_radicale("dav-source", {SOURCE_USER: SOURCE_PASSWORD}, max_seconds=600)
        cls.dav_target = cls.start_radicale("dav-target", {TARGET_USER: TARGET_PASSWORD,
                                                           "carl": CARL_PASSWORD}, max_seconds=600)
        cls.src_mail = cls.mail_source.account(SOURCE_USER)
        cls.src_dav = cls.dav_source.account(SOURCE_USER)
        mailgen.generate(cls.src_mail, "small", seed=17, big_size=200 * 1024)
        davgen.generate(cls.src_dav, "small", seed=17)
        cls.out = os.path.join(cls.tmp, "out")
        os.makedirs(cls.out)
        cls.state = os.path.join(cls.out, "state")
        cls.secrets = sorted({f for u, p in ((SOURCE_USER, SOURCE_PASSWORD), (TARGET_USER, TARGET_PASSWORD),
                                             ("carl", CARL_PASSWORD), (None, PASSPHRASE))
                              for f in runguard.secret_forms(u, p)})
        cls.cmdline_samples = 0

    def ca_args(self):
        return ["--ca-file", self.certs.ca_cert]

    def watched(self, args, from_password=SOURCE_PASSWORD, to_password=TARGET_PASSWORD, **kw):
        with _CmdlineWatch(self.secrets) as watch:
            run = self.run_ferry(args, from_password, to_password, **kw)
        self.assertEqual(watch.hits, [], "password in a process's argv")
        self.assertGreater(watch.samples, 0)
        type(self).cmdline_samples += watch.samples
        return run

    def out_path(self, name):
        return os.path.join(self.out, name)

    def test_1_migrate_with_trace_report_and_page(self):
        run = self.watched(["migrate", "--from", self.src_mail.url(), "--to",
                            self.mail_target.account(TARGET_USER).url(),
                            "--from-dav", self.src_dav.url("/"),
                            "--to-dav", self.dav_target.url(TARGET_USER, "/"),
                            "--state", self.state, "--trace", self.out_path("trace"),
                            "--report", self.out_path("report.json"), "--html", self.out_path("report.html")]
                           + self.ca_args())
        self.assertExit(run, 0)
        self.assertTrue(os.listdir(self.out_path("trace")), "no trace was written")

    def test_2_verify_and_final(self):
        self.requires("test_1_migrate_with_trace_report_and_page")
        run = self.watched(["verify", "--from", self.src_mail.url(), "--to",
                            self.mail_target.account(TARGET_USER).url(),
                            "--from-dav", self.src_dav.url("/"), "--to-dav", self.dav_target.url(TARGET_USER, "/"),
                            "--state", self.state, "--html", self.out_path("verify.html"),
                            "--report", self.out_path("verify.json")] + self.ca_args())
        self.assertExit(run, 0)

    def test_3_export_import_plain_and_encrypted(self):
        for encrypted in (False, True):
            with self.subTest(encrypted=encrypted):
                archive = self.out_path("archive-%s" % ("enc" if encrypted else "plain"))
                extra = {"FERRY_ARCHIVE_PASSPHRASE": PASSPHRASE} if encrypted else {}
                flags = ["--encrypt"] if encrypted else []
                run = self.watched(["export", "--from", self.src_mail.url(), "--from-dav", self.src_dav.url("/"),
                                    "--archive", archive, "--state", archive + "-state-x"] + flags + self.ca_args(),
                                   to_password=None, env_extra=extra)
                self.assertExit(run, 0)
                run = self.watched(["archive", "verify", archive], from_password=None, to_password=None,
                                   env_extra=extra)
                self.assertExit(run, 0)
                run = self.watched(["import", "--archive", archive, "--to", self.mail_target.account("carl").url(),
                                    "--to-dav", self.dav_target.url("carl", "/"),
                                    "--state", archive + "-state-i"] + self.ca_args(),
                                   from_password=None, to_password=CARL_PASSWORD, env_extra=extra)
                self.assertExit(run, 0)
                self.assertPrivateTree(archive)

    def test_4_diagnostics_bundle(self):
        self.requires("test_1_migrate_with_trace_report_and_page")
        bundle = self.out_path("diagnostics.zip")
        run = self.watched(["diagnostics", "--out", bundle, "--state", self.state,
                            "--trace", self.out_path("trace")], from_password=None, to_password=None)
        self.assertExit(run, 0)
        self.assertTrue(os.path.getsize(bundle) > 0)
        self.assertEqual(stat.S_IMODE(os.stat(bundle).st_mode), 0o600)

    def test_5_state_store_private_and_clean(self):
        self.requires("test_1_migrate_with_trace_report_and_page")
        self.assertPrivateTree(self.state)
        self.assertPrivateTree(self.out_path("trace"))
        for name in ("report.json", "report.html"):
            self.assertEqual(stat.S_IMODE(os.stat(self.out_path(name)).st_mode), 0o600, name)
        hits = harness.find_secrets(self.secrets, paths=[self.out])
        self.assertEqual(hits, [])
        self.assertGreater(self.cmdline_samples, 100, "argv was hardly sampled")

    def assertPrivateTree(self, root):
        self.assertTrue(os.path.isdir(root), root)
        for directory, subdirs, names in os.walk(root):
            self.assertEqual(stat.S_IMODE(os.stat(directory).st_mode), 0o700, directory)
            for name in names:
                path = os.path.join(directory, name)
                self.assertEqual(stat.S_IMODE(os.stat(path).st_mode) & 0o077, 0, path)


class GuardFires(IntegrationCase):
    """runguard.RunGuard reports a leak, a changed source, a public file, a stray temp file."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = cls.start_server("source", "maildir", {SOURCE_USER: SOURCE_PASSWORD})
        cls.account = cls.server.account(SOURCE_USER)
        mailgen.generate(cls.account, "small", seed=3, big_size=64 * 1024)

    def guard(self):
        env = self.private_env()
        g = runguard.RunGuard(self.tmp, self.servers, ["migrate", "--from", self.account.url()],
                              [SOURCE_PASSWORD], env["HOME"], env["TMPDIR"])
        g.before()
        return g, env

    def fake_run(self, stdout=""):
        return harness.FerryRun(["migrate"], 0, stdout, "", 0.0)

    def test_1_quiet_when_nothing_happens(self):
        g, _env = self.guard()
        self.assertEqual(g.problems(self.fake_run()), [])

    def test_2_fires(self):
        cases = {
            "leak": lambda env: self.write(os.path.join(self.tmp, "log.txt"), "pw=" + SOURCE_PASSWORD),
            "public file": lambda env: os.close(os.open(os.path.join(self.tmp, "public.txt"),
                                                         os.O_CREAT | os.O_WRONLY, 0o644)),
            "stray temp": lambda env: self.write(os.path.join(env["TMPDIR"], "spool.tmp"), ""),
            "source flag": lambda env: self.set_flag(),
        }
        expected = {"leak": "password", "public file": "not 0600", "stray temp": "TMPDIR",
                    "source flag": "flags"}
        old = os.umask(0o022)
        try:
            for name, act in cases.items():
                with self.subTest(name=name):
                    g, env = self.guard()
                    act(env)
                    problems = g.problems(self.fake_run())
                    self.assertTrue(any(expected[name] in p for p in problems), "%s: %s" % (name, problems))
                    for leftover in ("log.txt", "public.txt"):
                        if os.path.exists(os.path.join(self.tmp, leftover)):
                            os.remove(os.path.join(self.tmp, leftover))
                    if os.path.exists(os.path.join(env["TMPDIR"], "spool.tmp")):
                        os.remove(os.path.join(env["TMPDIR"], "spool.tmp"))
            g, _env = self.guard()
            self.assertTrue(g.problems(self.fake_run("LOGIN alice " + SOURCE_PASSWORD)))
        finally:
            os.umask(old)

    @staticmethod
    def write(path, text):
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)

    def set_flag(self):
        import imaputil
        imap = imaputil.connect(self.account)
        try:
            imap.select("INBOX")
            imap.uid("STORE", "1:*", "+FLAGS", "(\\Flagged)")
        finally:
            imap.logout()


if __name__ == "__main__":
    harness.main()
