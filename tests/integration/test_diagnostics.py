#!/usr/bin/env python3
"""ferry-cli diagnostics: the bundle a helpdesk gets holds what it needs and no secret.

Two real Dovecot servers; the target refuses messages over 1 MB, so one message fails.
With FERRY_TRACE_DIR set, ferry-cli runs
  - a migrate with a wrong target password (exit 3: the trace holds the refused AUTHENTICATE),
  - a migrate that copies everything but the big message (exit 1, --report R.json),
then `ferry-cli diagnostics --out B.zip --state S --trace T --report R.json`. Checks:
  1 the bundle opens with zipfile (CRCs right) and has README, environment, traces, the
    report and the journal summary
  2 the traces show the IMAP conversation (EXAMINE/SELECT, APPEND, the AUTHENTICATE
    refusal) with the login redacted and literals omitted
  3 no form of either password (harness.secret_forms) is in any member, nor in the raw
    trace files (redaction happens where the trace is written)
  4 no message body line is in the bundle or the raw traces
  5 the failed message's Subject is not in reports/, its Message-ID is; the journal
    summary lists the failure with the server's text
And for CalDAV/CardDAV (two Radicale servers, the same two runs): the DAV traces show
the requests and status lines, but no Authorization value, no form of the passwords
(Basic credentials included) and no vCard/iCalendar content.

Run: python3 test_diagnostics.py --ferry-cli PATH [--keep] [-v -v]
"""

import base64
import contextlib
import io
import json
import os
import zipfile

import harness
from harness import DavCase, IntegrationCase, mailgen
import davgen

SOURCE_USER, SOURCE_PASSWORD = "alice", "src-Diag#5b17e2c9"
TARGET_USER, TARGET_PASSWORD = "bob", "tgt-Diag%77a0f4d3"
SEED = 21
KB, MB = 1024, 1024 * 1024
BIG, LIMIT = 2 * MB, 1 * MB


@contextlib.contextmanager
def tracing(trace_dir):
    """FERRY_TRACE_DIR set for the ferry-cli runs inside (run_ferry copies os.environ)."""
    saved = os.environ.get("FERRY_TRACE_DIR")
    os.environ["FERRY_TRACE_DIR"] = trace_dir
    try:
        yield
    finally:
        if saved is None:
            del os.environ["FERRY_TRACE_DIR"]
        else:
            os.environ["FERRY_TRACE_DIR"] = saved


def read_bundle(test, path):
    """Member name -> bytes of the ZIP at PATH, after zipfile checked every CRC."""
    with open(path, "rb") as f:
        data = f.read()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        test.assertIsNone(z.testzip(), "a member's CRC is wrong")
        return {i.filename: z.read(i) for i in z.infolist()}


def body_lines(seed, count=20):
    """COUNT distinctive body lines (after the header) of the messages mailgen makes for SEED."""
    lines = []
    for folder in mailgen.small_plan(seed, big_size=0):
        for item in folder.messages:
            data = mailgen._materialize(item).data
            body = data.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in data else b""
            for line in body.split(b"\r\n"):
                line = line.strip()
                if len(line) >= 30 and b" " in line and not line.startswith((b"--", b"Content-")):
                    lines.append(line)
                    break
    step = max(1, len(lines) // count)
    return lines[::step][:count]


class DiagnosticsBundle(IntegrationCase):
    """Traces from two migrate runs, then the bundle."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source = cls.start_server("source", "maildir", {SOURCE_USER: SOURCE_PASSWORD})
        cls.target = cls.start_server("target", "fs", {TARGET_USER: TARGET_PASSWORD},
                                      max_mail_size=LIMIT)
        mailgen.generate(cls.source.account(SOURCE_USER), "small", seed=SEED, big_size=BIG)
        cls.trace_dir = os.path.join(cls.tmp, "traces")
        cls.state_dir = os.path.join(cls.tmp, "state")
        cls.report = os.path.join(cls.tmp, "R.json")
        cls.bundle = os.path.join(cls.tmp, "B.zip")
        cls.members = {}
        cls.secrets = harness.secret_forms(SOURCE_USER, SOURCE_PASSWORD) + \
            harness.secret_forms(TARGET_USER, TARGET_PASSWORD)

    def migrate(self, to_password, report=None):
        """ferry-cli migrate with FERRY_TRACE_DIR set for this run only."""
        args = ["migrate", "--from", self.source.account(SOURCE_USER).url(),
                "--to", self.target.account(TARGET_USER).url(),
                "--ca-file", self.source.ca_file, "--state", self.state_dir, "--json"]
        if report:
            args += ["--report", report]
        with tracing(self.trace_dir):
            return self.run_ferry(args, from_password=SOURCE_PASSWORD, to_password=to_password)

    def traces(self):
        return {n: d for n, d in self.members.items() if n.startswith("traces/")}

    def test_1_runs_and_bundle(self):
        run = self.migrate("wrong-" + TARGET_PASSWORD)
        self.assertExit(run, 3)
        run = self.migrate(TARGET_PASSWORD, self.report)
        self.assertExit(run, 1)
        report = self.load_report(self.report, run)
        self.assertEqual(report["totals"]["failed"], 1, report["failures"])
        self.assertTrue(os.path.isdir(self.trace_dir), "FERRY_TRACE_DIR made no traces")
        self.assertEqual(os.stat(self.trace_dir).st_mode & 0o777, 0o700)
        for name in os.listdir(self.trace_dir):
            self.assertEqual(os.stat(os.path.join(self.trace_dir, name)).st_mode & 0o777, 0o600, name)

        run = self.run_ferry(["diagnostics", "--out", self.bundle, "--state", self.state_dir,
                              "--trace", self.trace_dir, "--report", self.report],
                             from_password=SOURCE_PASSWORD, to_password=TARGET_PASSWORD)
        self.assertExit(run, 0)
        self.assertIn(self.bundle, run.stdout)
        self.assertRegex(run.stdout, r"\d+ files, \d+ traces, 1 report, 1 journal")
        type(self).members = read_bundle(self, self.bundle)
        names = sorted(self.members)
        for name in ("README.txt", "environment.txt", "reports/R.json"):
            self.assertIn(name, names)
        self.assertTrue(any(n.startswith("journal/") and n.endswith("/summary.json") for n in names), names)
        self.assertGreaterEqual(len(self.traces()), 2, names)

    def test_2_traces_show_the_conversation(self):
        self.requires("test_1_runs_and_bundle")
        text = b"\n".join(self.traces().values())
        self.assertTrue(b" EXAMINE " in text or b" SELECT " in text, "no EXAMINE/SELECT in the traces")
        self.assertIn(b" APPEND ", text)
        self.assertIn(b"bytes omitted}", text)
        self.assertIn(b"AUTHENTICATE PLAIN <redacted>", text)
        self.assertIn(b"AUTHENTICATIONFAILED", text)
        self.assertIn(b"LIST", text)

    def test_3_no_secret(self):
        self.requires("test_1_runs_and_bundle")
        texts = [("bundle member %s" % n, d) for n, d in self.members.items()]
        self.assertEqual(harness.find_secrets(self.secrets, texts, [self.trace_dir]), [])

    def test_4_no_message_content(self):
        self.requires("test_1_runs_and_bundle")
        lines = body_lines(SEED)
        self.assertGreaterEqual(len(lines), 10, "the generator should give body lines")
        hits = harness.find_secrets(lines, [("bundle member %s" % n, d) for n, d in self.members.items()],
                                    [self.trace_dir])
        self.assertEqual(hits, [])

    def test_5_reports_and_journal(self):
        self.requires("test_1_runs_and_bundle")
        with open(self.report, encoding="utf-8") as f:
            failure = json.load(f)["failures"][0]
        self.assertTrue(failure["subject"], "the report should name the failed message's subject")
        bundled = self.members["reports/R.json"]
        self.assertNotIn(failure["subject"].encode("utf-8"), bundled)
        for name, data in self.members.items():
            self.assertNotIn(failure["subject"].encode("utf-8"), data, name)
        self.assertEqual(json.loads(bundled)["failures"][0]["subject"], "<redacted>")
        self.assertIn(failure["messageId"].encode("utf-8"), bundled)
        summary = json.loads(next(d for n, d in self.members.items() if n.endswith("/summary.json")))
        self.assertGreaterEqual(len(summary["passes"]), 1)
        self.assertEqual(summary["outcomes"]["failed"], 1)
        self.assertEqual(len(summary["failedItems"]), 1)
        self.assertEqual(summary["failedItems"][0]["messageId"], failure["messageId"])
        self.assertTrue(summary["failedItems"][0]["error"])
        self.assertNotIn(SOURCE_USER + "@", summary["source"])
        self.assertGreater(len(summary["folders"]), 5)

    def test_6_usage_errors(self):
        run = self.run_ferry(["diagnostics", "--out", os.path.join(self.tmp, "x.zip"), "--bogus"])
        self.assertExit(run, 2)
        run = self.run_ferry(["diagnostics", "--out", os.path.join(self.tmp, "x.zip"), "--password", "x"])
        self.assertExit(run, 2)
        self.assertIn("passwords are not accepted on the command line", run.stderr)


class DavDiagnostics(DavCase):
    """CalDAV/CardDAV traces: a wrong target password, then a migrate; then the bundle."""

    USER, PASSWORD = "carla", "dav-Diag#3c9e51"
    TARGET_USER, TARGET_PASSWORD = "dirk", "dav-Diag%a04b7f"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source = cls.start_radicale("source", {cls.USER: cls.PASSWORD})
        cls.target = cls.start_radicale("target", {cls.TARGET_USER: cls.TARGET_PASSWORD})
        cls.src = cls.source.account(cls.USER)
        cls.dst = cls.target.account(cls.TARGET_USER)
        davgen.generate(cls.src, "small", seed=4)
        cls.trace_dir = os.path.join(cls.tmp, "traces")
        cls.state_dir = os.path.join(cls.tmp, "state")
        cls.bundle = os.path.join(cls.tmp, "B.zip")
        cls.secrets = []
        for user, password in ((cls.USER, cls.PASSWORD), (cls.TARGET_USER, cls.TARGET_PASSWORD)):
            cls.secrets += harness.secret_forms(user, password) + [
                base64.b64encode(("%s:%s" % (user, password)).encode("utf-8"))]

    def migrate(self, to_password):
        args = ["migrate", "--from-dav", self.src.url("/"), "--to-dav", self.dst.url("/"),
                "--state", self.state_dir, "--ca-file", self.source.ca_file, "--json"]
        with tracing(self.trace_dir):
            return self.run_ferry(args, from_password=self.PASSWORD, to_password=to_password)

    def test_dav_traces(self):
        self.assertExit(self.migrate("wrong-" + self.TARGET_PASSWORD), 3)
        run = self.migrate(self.TARGET_PASSWORD)
        self.assertExit(run, 0)
        run = self.run_ferry(["diagnostics", "--out", self.bundle, "--state", self.state_dir,
                              "--trace", self.trace_dir],
                             from_password=self.PASSWORD, to_password=self.TARGET_PASSWORD)
        self.assertExit(run, 0)
        members = read_bundle(self, self.bundle)
        traces = {n: d for n, d in members.items() if n.startswith("traces/dav-")}
        self.assertTrue(traces, sorted(members))
        text = b"\n".join(traces.values())
        self.assertIn(b"PROPFIND ", text)
        self.assertIn(b"PUT ", text)
        self.assertIn(b" 401 ", text)
        self.assertIn(b"[body omitted: ", text)
        self.assertIn(b"multistatus: ", text)
        self.assertIn(b"uthorization: <redacted>", text)
        for line in text.split(b"\n"):
            if b"uthorization:" in line:
                self.assertTrue(line.rstrip().endswith(b"<redacted>"), line)
        for content in (b"BEGIN:VCARD", b"BEGIN:VEVENT", b"BEGIN:VCALENDAR", b"BEGIN:VTODO"):
            self.assertEqual(harness.find_secrets([content], [], [self.trace_dir]), [])
            self.assertNotIn(content, text)
        texts = [("bundle member %s" % n, d) for n, d in members.items()]
        self.assertEqual(harness.find_secrets(self.secrets, texts, [self.trace_dir]), [])


if __name__ == "__main__":
    harness.main()
