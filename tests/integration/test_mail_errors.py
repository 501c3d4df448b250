#!/usr/bin/env python3
"""ferry-cli's error contract against real Dovecot servers.

- wrong source password  -> exit 3 within 10 s, stderr names the source side
- wrong target password  -> exit 3 within 10 s, stderr names the target side
- server certificate from an unknown CA (no --ca-file) -> exit 4, stderr shows its SHA-256
- target with a self-signed certificate -> exit 4, its SHA-256, names the target
- both: the certificate's subject, issuer, validity and problem, in --json and on stderr
- a message the target refuses (quota_max_mail_size) -> exit 1, listed in the report with
  the server's text, every other message copied

Run: python3 test_mail_errors.py --ferry-cli PATH [--keep] [-v -v]
"""

import copy
import datetime
import json
import os
import re
import subprocess

import harness
from harness import IntegrationCase, ca, mailgen, verify

SOURCE_USER, SOURCE_PASSWORD = "alice", "src-Auth#31a7"
TARGET_USER, TARGET_PASSWORD = "bob", "tgt-Auth%9e02"
AUTH_DEADLINE = 10.0
KB, MB = 1024, 1024 * 1024


def _hex_only(text):
    """Lower-case hex digits of TEXT, so fingerprints match with or without colons."""
    return re.sub(r"[^0-9a-f]", "", text.lower())


def _certificate_facts(cert_path):
    """Subject, issuer (RFC 2253) and validity (UTC) of a PEM certificate, as openssl reads them."""
    out = subprocess.run(["openssl", "x509", "-in", cert_path, "-noout", "-subject", "-issuer", "-dates",
                          "-nameopt", "RFC2253"], capture_output=True, text=True, check=True).stdout
    facts = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)

    def when(text):
        return datetime.datetime.strptime(" ".join(text.split()), "%b %d %H:%M:%S %Y GMT")
    return {"subject": facts["subject"], "issuer": facts["issuer"],
            "notBefore": when(facts["notBefore"]), "notAfter": when(facts["notAfter"])}


def _error_event(run):
    """The {"event": "error"} object ferry-cli --json printed on stdout, or None."""
    for line in run.stdout.splitlines():
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        if isinstance(obj, dict) and obj.get("event") == "error":
            return obj
    return None


class ErrorCase(IntegrationCase):
    """Shared helper: one migrate run between self.source and a target."""

    def migrate(self, target, from_password=SOURCE_PASSWORD, to_password=TARGET_PASSWORD,
                ca_file=True, name="run"):
        """Run migrate from self.source to TARGET; returns (run, report path)."""
        report = os.path.join(self.tmp, "%s-report.json" % name)
        args = ["migrate", "--from", self.source.account(SOURCE_USER).url(),
                "--to", target.account(TARGET_USER).url(),
                "--state", os.path.join(self.tmp, "%s-state" % name), "--report", report, "--json"]
        if ca_file:
            args[5:5] = ["--ca-file", self.certs.ca_cert]
        return self.run_ferry(args, from_password, to_password), report

    def assertCertificateShown(self, run, cert_path, problem_words):
        """The refused certificate's details reach the user: --json and stderr."""
        facts = _certificate_facts(cert_path)
        event = _error_event(run)
        self.assertIsNotNone(event, "no error event on stdout\n%s" % run.describe())
        cert = event.get("certificate")
        self.assertIsNotNone(cert, "the error event has no certificate\n%s" % run.describe())
        self.assertEqual(cert["subject"], facts["subject"])
        self.assertEqual(cert["issuer"], facts["issuer"])
        self.assertEqual(cert["selfSigned"], facts["subject"] == facts["issuer"])
        self.assertIn("127.0.0.1", cert["names"])
        for key in ("notBefore", "notAfter"):
            self.assertEqual(datetime.datetime.strptime(cert[key], "%Y-%m-%dT%H:%M:%SZ"), facts[key], key)
        self.assertEqual(_hex_only(cert["sha256"]), _hex_only(ca.fingerprint_sha256(cert_path)))
        self.assertTrue(any(w in cert["problem"] for w in problem_words),
                        "problem %r should say %s" % (cert["problem"], " or ".join(problem_words)))
        for text in ("subject: " + facts["subject"], "valid from " + facts["notBefore"].strftime("%Y-%m-%d %H:%M"),
                     "problem: " + cert["problem"]):
            self.assertIn(text, run.stderr, run.describe())

    def assertNames(self, run, words, side):
        """Assert stderr names a side by one of WORDS (case-insensitive)."""
        self.assertTrue(any(w in run.stderr.lower() for w in words),
                        "stderr should name the %s (%s)\n%s" % (side, "/".join(words),
                                                               run.describe()))


class AuthAndCertificates(ErrorCase):
    """Authentication and TLS failures; the mailboxes hold a few messages."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source = cls.start_server("source", "maildir", {SOURCE_USER: SOURCE_PASSWORD})
        cls.target = cls.start_server("target", "fs", {TARGET_USER: TARGET_PASSWORD})
        cls.untrusted = cls.start_server("untrusted", "fs", {TARGET_USER: TARGET_PASSWORD},
                                         cert="untrusted")
        mailgen.add_more(cls.source.account(SOURCE_USER), 3, seed=1, flag_changes=0)

    def test_wrong_source_password(self):
        run, _ = self.migrate(self.target, from_password="wrong-" + SOURCE_PASSWORD,
                              name="bad-source")
        self.assertExit(run, 3)
        self.assertLess(run.seconds, AUTH_DEADLINE, "took too long to give up")
        self.assertNames(run, ["source", "old"], "source")

    def test_wrong_target_password(self):
        run, _ = self.migrate(self.target, to_password="wrong-" + TARGET_PASSWORD,
                              name="bad-target")
        self.assertExit(run, 3)
        self.assertLess(run.seconds, AUTH_DEADLINE, "took too long to give up")
        self.assertNames(run, ["target", "new"], "target")

    def test_unknown_ca_shows_fingerprint(self):
        run, _ = self.migrate(self.target, ca_file=False, name="unknown-ca")
        self.assertExit(run, 4)
        fingerprint = ca.fingerprint_sha256(self.source.server_cert)
        self.assertIn(_hex_only(fingerprint), _hex_only(run.stderr),
                      "stderr should show the SHA-256 fingerprint %s\n%s" % (fingerprint,
                                                                             run.describe()))
        self.assertCertificateShown(run, self.source.server_cert, ["issuer"])

    def test_untrusted_target_certificate(self):
        run, _ = self.migrate(self.untrusted, name="untrusted-target")
        self.assertExit(run, 4)
        fingerprint = ca.fingerprint_sha256(self.untrusted.server_cert)
        self.assertIn(_hex_only(fingerprint), _hex_only(run.stderr),
                      "stderr should show the SHA-256 fingerprint %s\n%s" % (fingerprint,
                                                                             run.describe()))
        self.assertNames(run, ["target", "new"], "target")
        self.assertCertificateShown(run, self.untrusted.server_cert, ["self-signed", "self signed"])
        self.assertIn("issued by: itself (self-signed)", run.stderr, run.describe())

    def test_pinning_the_printed_fingerprint_is_trusted(self):
        """Doing what the message says works: pin exactly that certificate and go on."""
        run, _ = self.migrate(self.untrusted, name="untrusted-target")
        self.assertExit(run, 4)
        fingerprint = ca.fingerprint_sha256(self.untrusted.server_cert)
        self.assertIn("--to-pin-sha256", run.stderr, run.describe())
        pinned = self.run_ferry(
            ["migrate", "--from", self.source.account(SOURCE_USER).url(),
             "--to", self.untrusted.account(TARGET_USER).url(), "--ca-file", self.certs.ca_cert,
             "--to-pin-sha256", fingerprint, "--state", os.path.join(self.tmp, "pinned-state")],
            SOURCE_PASSWORD, TARGET_PASSWORD)
        self.assertExit(pinned, 0)
        # A pin trusts one certificate only: the CA-signed target, valid as it is, does
        # not match it and is refused.
        wrong = self.run_ferry(
            ["migrate", "--from", self.source.account(SOURCE_USER).url(),
             "--to", self.target.account(TARGET_USER).url(), "--ca-file", self.certs.ca_cert,
             "--to-pin-sha256", fingerprint, "--state", os.path.join(self.tmp, "wrong-pin-state")],
            SOURCE_PASSWORD, TARGET_PASSWORD)
        self.assertExit(wrong, 4)


class RefusedMessage(ErrorCase):
    """The target refuses one message (quota_max_mail_size); the rest must be copied."""

    BIG = 2 * MB
    LIMIT = 1 * MB

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source = cls.start_server("source", "maildir", {SOURCE_USER: SOURCE_PASSWORD})
        cls.target = cls.start_server("target", "fs", {TARGET_USER: TARGET_PASSWORD},
                                      max_mail_size=cls.LIMIT)
        mailgen.generate(cls.source.account(SOURCE_USER), "small", seed=3, big_size=cls.BIG)
        cls.source_snapshot = verify.snapshot(cls.source.account(SOURCE_USER))

    def refused(self):
        """(folder key, message) of the one source message over the target's limit."""
        big = [(key, m) for key, f in self.source_snapshot["folders"].items()
               for m in f["messages"] if m["size"] > self.LIMIT]
        self.assertEqual(len(big), 1, "the generator should make exactly one big message")
        return big[0]

    def test_refused_message_is_reported_and_rest_copied(self):
        folder, big = self.refused()
        run, report_path = self.migrate(self.target, name="refused")
        self.assertExit(run, 1)
        report = self.load_report(report_path, run)
        self.assertEqual(report["exitCode"], 1)
        self.assertEqual(report["totals"]["failed"], 1, report["failures"])
        self.assertEqual(len(report["failures"]), 1, report["failures"])
        failure = report["failures"][0]
        self.assertEqual(failure["messageId"], big["message_id"])
        # The Subject, decoded (vmime) as Python's email package decodes it.
        self.assertEqual(" ".join(failure.get("subject", "").split()), " ".join((big["subject"] or "").split()))
        self.assertEqual(failure["size"], big["size"])
        self.assertTrue(failure["reason"].strip(), "failure needs a reason")
        self.assertIn("maximum size", failure["serverText"].lower(),
                      "serverText should carry Dovecot's refusal text")
        total = sum(len(f["messages"]) for f in self.source_snapshot["folders"].values())
        self.assertEqual(report["totals"]["copied"], total - 1)

        expected = copy.deepcopy(self.source_snapshot)
        messages = expected["folders"][folder]["messages"]
        messages.remove(next(m for m in messages if m["sha256"] == big["sha256"]))
        target = verify.snapshot(self.target.account(TARGET_USER))
        self.assertSnapshotsEqual(expected, target, "target should hold all but the refused one")


if __name__ == "__main__":
    harness.main()
