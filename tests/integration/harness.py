"""Runner framework for Ferry's real-server integration tests (stdlib unittest).

Each test script ends with ``harness.main()``, which takes
``--ferry-cli PATH`` (required), ``--keep`` (keep the temp dir) and ``-v``,
then runs the script's unittest cases. Every ferry-cli run goes through
runguard.RunGuard: the source must be unchanged, nothing it wrote may hold a
password, what it created must be private (0600/0700) and its TMPDIR empty. Test cases derive from
:class:`IntegrationCase`, which gives them:

    self.tmp                       a fresh temp dir per test class (removed at the end)
    self.start_server(name, layout, users, **options) -> dovecot.Dovecot (stopped at the end)
    self.run_ferry(args, from_password=..., to_password=..., timeout=...) -> FerryRun
    self.load_report(path)         parsed report, checked against the contract's schema

Numbered steps (``test_1_...``, ``test_2_...``) run in order (unittest sorts by
name); a step that builds on an earlier one calls ``self.requires("test_1_...")``
and is skipped when that one did not pass. Every ferry-cli run is kept in
``self.runs`` (e.g. to scan all output for leaked passwords).
"""

import argparse
import base64
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
from dataclasses import dataclass

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "support"))

import ca  # noqa: E402
import dovecot  # noqa: E402
import radicale  # noqa: E402
import mailgen  # noqa: E402,F401  (re-exported for the test scripts)
import runguard  # noqa: E402
import verify  # noqa: E402

OPTIONS = argparse.Namespace(ferry_cli=None, keep=False, verbose=1)
FERRY_TIMEOUT = 300  # seconds for one ferry-cli run
_temp_dirs = []  # removed by the signal handler too
_children = []  # running ferry-cli processes, killed by the signal handler


@dataclass
class FerryRun:
    """Result of one ferry-cli invocation."""

    argv: list
    exit_code: int
    stdout: str
    stderr: str
    seconds: float

    def describe(self):
        """Multi-line summary for assertion messages."""
        return "ferry-cli %s\nexit %s after %.1f s\n--- stdout\n%s\n--- stderr\n%s" % (
            " ".join(self.argv), self.exit_code, self.seconds, self.stdout[-3000:],
            self.stderr[-3000:])


def secret_forms(user, password):
    """Byte strings that must never be written anywhere: the password as is and in the
    base64 forms of AUTHENTICATE PLAIN and LOGIN."""
    plain = ("\0%s\0%s" % (user, password)).encode("utf-8")
    return [password.encode("utf-8"), base64.b64encode(plain),
            base64.b64encode(password.encode("utf-8"))]


def find_secrets(secrets, texts=(), paths=()):
    """Where any of SECRETS (bytes) occurs: in TEXTS (name -> str) or in files under PATHS."""
    hits = []
    for name, text in texts:
        data = text.encode("utf-8", "replace") if isinstance(text, str) else text
        hits += ["%s contains %r" % (name, s) for s in secrets if s in data]
    for root in paths:
        files = [root] if os.path.isfile(root) else [
            os.path.join(d, f) for d, _sub, names in os.walk(root) for f in names]
        for path in files:
            with open(path, "rb") as f:
                data = f.read()
            hits += ["%s contains %r" % (path, s) for s in secrets if s in data]
    return hits


def check_report_schema(test, report):
    """Assert REPORT has the shape of the ferry-cli contract's report JSON."""
    for key, kind in (("source", str), ("target", str), ("exitCode", int), ("totals", dict),
                      ("folders", list), ("failures", list)):
        test.assertIsInstance(report.get(key), kind, "report[%r] should be %s" % (key, kind))
    for key in ("copied", "alreadyThere", "failed", "flagsUpdated", "bytes"):
        test.assertIsInstance(report["totals"].get(key), int, "report.totals.%s" % key)
    for folder in report["folders"]:
        for key in ("source", "target"):
            test.assertIsInstance(folder.get(key), str, "folders[].%s" % key)
        for key in ("sourceCount", "targetCount", "copied", "alreadyThere", "failed",
                    "flagsUpdated"):
            test.assertIsInstance(folder.get(key), int, "folders[].%s" % key)
    for failure in report["failures"]:
        for key in ("folder", "id", "reason", "serverText"):
            test.assertIsInstance(failure.get(key), str, "failures[].%s" % key)
        test.assertIn("messageId", failure)
        test.assertIsInstance(failure.get("size"), int, "failures[].size")
    test.assertEqual(report["totals"]["copied"], sum(f["copied"] for f in report["folders"]),
                     "totals.copied should be the sum of folders[].copied")
    if "interruptions" in report:  # connections lost and reconnected (ferry-cli; not the stand-in)
        for key in ("total", "source", "target", "reconnects"):
            test.assertIsInstance(report["interruptions"].get(key), int, "report.interruptions.%s" % key)


class IntegrationCase(unittest.TestCase):
    """Base class: temp dir, Dovecot servers and ferry-cli runs with guaranteed cleanup."""

    _passed = set()

    @classmethod
    def missing_requirements(cls):
        """Names of the programs this class needs that are not installed."""
        return [p for p in ("dovecot", "openssl") if not shutil.which(p)]

    @classmethod
    def setUpClass(cls):
        """Make the class's temp dir and a throw-away CA shared by its servers."""
        missing = cls.missing_requirements()
        if missing:
            raise RuntimeError("%s required (run dist/install-deps.sh)" % " and ".join(missing))
        cls.tmp = tempfile.mkdtemp(prefix="ferry-it-%s-" % cls.__name__)
        _temp_dirs.append(cls.tmp)
        cls.servers = []
        cls.certs = ca.make_ca(os.path.join(cls.tmp, "pki"))
        cls._passed = set()
        cls.runs = []

    @classmethod
    def tearDownClass(cls):
        """Stop every server, then remove the temp dir unless --keep."""
        for server in cls.servers:
            server.stop()
        if OPTIONS.keep:
            print("kept %s" % cls.tmp, file=sys.stderr)
        else:
            shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def start_server(cls, name, layout, users, **options):
        """Start a Dovecot in tmp/NAME with the class's CA; stopped in tearDownClass."""
        server = dovecot.Dovecot(os.path.join(cls.tmp, name), layout, users,
                                 certs=cls.certs, **options)
        cls.servers.append(server)
        return server.start()

    # ----- ordered steps ----------------------------------------------------------------

    def run(self, result=None):
        """Run one step and remember it if it passed (see requires())."""
        result = result if result is not None else self.defaultTestResult()
        before = (len(result.failures), len(result.errors), len(result.skipped))
        outcome = super().run(result)
        if (len(result.failures), len(result.errors), len(result.skipped)) == before:
            type(self)._passed.add(self._testMethodName)
        return outcome

    def requires(self, *steps):
        """Skip this step unless the named earlier steps of the class passed."""
        missing = [s for s in steps if s not in type(self)._passed]
        if missing:
            self.skipTest("needs %s, which did not pass" % ", ".join(missing))

    # ----- ferry-cli --------------------------------------------------------------------

    def private_env(self):
        """os.environ with HOME and TMPDIR private to the class (0700 directories under
        tmp, so what ferry-cli writes there is searched too) and no FERRY_* password."""
        env = dict(os.environ)
        for name in ("FERRY_FROM_PASSWORD", "FERRY_TO_PASSWORD", "FERRY_FROM_DAV_PASSWORD",
                     "FERRY_TO_DAV_PASSWORD", "XDG_CONFIG_HOME", "XDG_DATA_HOME",
                     "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            env.pop(name, None)
        for name, sub in (("HOME", "home"), ("TMPDIR", "tmp")):
            env[name] = os.path.join(type(self).tmp, sub)
            os.makedirs(env[name], mode=0o700, exist_ok=True)
        return env

    def run_ferry(self, args, from_password=None, to_password=None, timeout=FERRY_TIMEOUT,
                  check_source=True, env_extra=None):
        """Run ferry-cli ARGS with the passwords in FERRY_FROM/TO_PASSWORD; never in argv.
        The run is checked by runguard.RunGuard (see the module docstring); pass
        check_source=False only when the test changes the source during the run."""
        env = self.private_env()
        env.update(env_extra or {})
        if from_password is not None:
            env["FERRY_FROM_PASSWORD"] = from_password
        if to_password is not None:
            env["FERRY_TO_PASSWORD"] = to_password
        argv = [OPTIONS.ferry_cli] + list(args)
        # Passwords of the run: its own, and any PASSWORD/PASSPHRASE variable it gets
        # (the DAV passwords, the archive passphrase, a batch's env: references).
        passwords = [from_password, to_password] + [
            v for k, v in env.items() if ("PASSWORD" in k or "PASSPHRASE" in k) and v]
        for secret in passwords:
            assert not secret or all(secret not in a for a in argv), "password in argv"
        guard = runguard.RunGuard(type(self).tmp, type(self).servers, args, passwords,
                                  env["HOME"], env["TMPDIR"], check_source)
        guard.before()
        started = time.monotonic()
        proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        _children.append(proc)
        try:
            out, err = proc.communicate(timeout=timeout)
            code = proc.returncode
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            code = "timeout"
        finally:
            _children.remove(proc)
        run = FerryRun(argv[1:], code, out.decode("utf-8", "replace"),
                       err.decode("utf-8", "replace"), time.monotonic() - started)
        type(self).runs.append(run)
        if OPTIONS.verbose > 1:
            print(run.describe(), file=sys.stderr)
        problems = guard.problems(run)
        if problems:
            self.fail("run guard:\n  %s\n%s" % ("\n  ".join(problems[:30]), run.describe()))
        return run

    def assertExit(self, run, expected):
        """Assert a ferry-cli exit code, showing its output when it differs."""
        self.assertEqual(run.exit_code, expected, run.describe())

    def load_report(self, path, run=None):
        """Read and schema-check a --report file."""
        self.assertTrue(os.path.exists(path), "no report written at %s\n%s" % (
            path, run.describe() if run else ""))
        with open(path, encoding="utf-8") as f:
            report = json.load(f)
        check_report_schema(self, report)
        return report

    def assertSnapshotsEqual(self, expected, actual, what):
        """Assert verify.compare finds no difference (and show them if it does)."""
        diffs = verify.compare(expected, actual)
        self.assertEqual(diffs, [], "%s:\n  %s" % (what, "\n  ".join(diffs[:40])))



def kill_loop(argv, env, duration, kills, seed):
    """Start ferry-cli ARGV again and again, SIGKILL each at a seeded random moment
    within the copy's DURATION (s), until KILLS kills landed (bounded: 4 x KILLS
    runs; a run that finishes early makes the moments shorter). Each run resumes
    the last. Returns (kills, runs)."""
    rng = random.Random(seed)
    done, runs = 0, 0
    while done < kills and runs < 4 * kills:
        runs += 1
        moment = rng.uniform(0.05, max(0.1, 2.0 * duration / kills))
        proc = subprocess.Popen([OPTIONS.ferry_cli] + argv, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(moment)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            done += 1
        proc.wait(timeout=60)
        if proc.returncode == 0 and done < kills:
            duration = duration / 2
    return done, runs


class DavCase(IntegrationCase):
    """IntegrationCase for CalDAV/CardDAV: Radicale servers instead of Dovecot."""

    @classmethod
    def missing_requirements(cls):
        return ([] if shutil.which("openssl") else ["openssl"]) + \
            ([] if radicale.radicale_python() else ["radicale"])

    @classmethod
    def start_radicale(cls, name, users, **options):
        """Start a Radicale in tmp/NAME with the class's CA; stopped in tearDownClass."""
        server = radicale.Radicale(os.path.join(cls.tmp, name), users, certs=cls.certs, **options)
        cls.servers.append(server)
        return server.start()


def main():
    """Parse --ferry-cli/--keep/-v and run the calling script's tests; exit 0 on success."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--ferry-cli", required=True, help="path of the ferry-cli binary")
    parser.add_argument("--keep", action="store_true", help="keep temp dirs and server data")
    parser.add_argument("-v", "--verbose", action="count", default=1)
    args, rest = parser.parse_known_args()
    OPTIONS.ferry_cli = os.path.abspath(args.ferry_cli)
    OPTIONS.keep = args.keep
    OPTIONS.verbose = args.verbose
    if not os.access(OPTIONS.ferry_cli, os.X_OK):
        parser.error("ferry-cli not executable: %s" % OPTIONS.ferry_cli)
    # ctest's timeout or Ctrl-C: stop every server and leave at once (unittest would
    # record a KeyboardInterrupt raised inside a test as an error and go on).
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    try:
        program = unittest.main(module="__main__", argv=[sys.argv[0]] + rest, exit=False,
                                verbosity=args.verbose)
    finally:
        dovecot.stop_all()
        radicale.stop_all()
    sys.exit(0 if program.result.wasSuccessful() else 1)


def _interrupt(signum, _frame):
    """Signal handler: kill ferry-cli, stop all servers, remove temp dirs, exit 128+signum."""
    for child in list(_children):
        child.kill()
    dovecot.stop_all()
    radicale.stop_all()
    if not OPTIONS.keep:
        for path in _temp_dirs:
            shutil.rmtree(path, ignore_errors=True)
    print("interrupted by signal %d; servers stopped" % signum, file=sys.stderr)
    os._exit(128 + signum)
