#!/usr/bin/env python3
"""ferry-cli migrate between two real Dovecot servers, in both layout directions.

For each direction (Maildir++ "." source -> LAYOUT=fs "/" target, and back):
  1 first pass: exit 0, the report counts every source message as copied
  2 the target equals the source (verify.compare) with no duplicates
  3 the source is unchanged, byte for byte, flags (\\Seen) included
  4 a second pass copies nothing and exits 0
  5 after mailgen.add_more at the source, a pass copies exactly the additions
    and brings the flag changes
  6 no password appears in the state dir, the reports, stdout or stderr

Run: python3 test_mail_migrate.py --ferry-cli PATH [--keep] [-v -v]
"""

import os

import harness
from harness import IntegrationCase, mailgen, verify

SOURCE_USER, SOURCE_PASSWORD = "alice", "src-S3cret#4f9d2a71"
TARGET_USER, TARGET_PASSWORD = "bob", "tgt-P4ss%8c1e66b0"
ADD_MORE = 12


class MigrateSteps:
    """The migrate scenario; subclasses set FROM_LAYOUT and TO_LAYOUT."""

    FROM_LAYOUT = TO_LAYOUT = None

    @classmethod
    def setUpClass(cls):
        """Two servers, the small profile at the source, and its snapshot."""
        super().setUpClass()
        cls.source = cls.start_server("source", cls.FROM_LAYOUT, {SOURCE_USER: SOURCE_PASSWORD})
        cls.target = cls.start_server("target", cls.TO_LAYOUT, {TARGET_USER: TARGET_PASSWORD})
        cls.source_account = cls.source.account(SOURCE_USER)
        cls.target_account = cls.target.account(TARGET_USER)
        cls.generated = mailgen.generate(cls.source_account, "small", seed=7)
        cls.source_before = verify.snapshot(cls.source_account)
        cls.state_dir = os.path.join(cls.tmp, "state")
        cls.reports = []

    def migrate(self):
        """One ferry-cli migrate pass with a new report file; returns (run, report path)."""
        report = os.path.join(self.tmp, "report-%d.json" % (len(self.reports) + 1))
        self.reports.append(report)
        run = self.run_ferry(
            ["migrate", "--from", self.source_account.url(), "--to", self.target_account.url(),
             "--ca-file", self.source.ca_file, "--state", self.state_dir, "--report", report,
             "--json"],
            from_password=SOURCE_PASSWORD, to_password=TARGET_PASSWORD)
        return run, report

    @staticmethod
    def message_count(snap):
        """Number of messages in a snapshot."""
        return sum(len(f["messages"]) for f in snap["folders"].values())

    def test_1_first_pass(self):
        run, report_path = self.migrate()
        self.assertExit(run, 0)
        report = self.load_report(report_path, run)
        total = self.message_count(self.source_before)
        self.assertEqual(report["exitCode"], 0)
        self.assertEqual(report["totals"]["failed"], 0, report["failures"])
        self.assertEqual(report["failures"], [])
        self.assertEqual(report["totals"]["copied"] + report["totals"]["alreadyThere"], total)
        self.assertEqual(report["totals"]["copied"], total, "a fresh target gets every message")
        self.assertEqual(sum(f["sourceCount"] for f in report["folders"]), total)

    def test_2_target_matches_source(self):
        self.requires("test_1_first_pass")
        target = verify.snapshot(self.target_account)
        self.assertSnapshotsEqual(self.source_before, target, "target after the first pass")
        self.assertEqual(verify.duplicates(target, self.source_before), [])

    def test_3_source_unchanged(self):
        after = verify.snapshot(self.source_account)
        self.assertSnapshotsEqual(self.source_before, after, "source after the first pass")
        self.assertEqual(verify.without_volatile(after),
                         verify.without_volatile(self.source_before),
                         "source snapshot changed (UIDs, UIDVALIDITY, flags or bytes)")

    def test_4_second_pass_copies_nothing(self):
        self.requires("test_1_first_pass")
        run, report_path = self.migrate()
        self.assertExit(run, 0)
        report = self.load_report(report_path, run)
        self.assertEqual(report["totals"]["copied"], 0, "second pass copied again")
        self.assertEqual(report["totals"]["failed"], 0, report["failures"])
        self.assertEqual(report["totals"]["flagsUpdated"], 0)
        self.assertEqual(sum(f["sourceCount"] for f in report["folders"]),
                         self.message_count(self.source_before))
        target = verify.snapshot(self.target_account)
        self.assertSnapshotsEqual(self.source_before, target, "target after the second pass")
        self.assertEqual(verify.duplicates(target, self.source_before), [])

    def test_5_incremental_pass(self):
        self.requires("test_1_first_pass")
        changes = mailgen.add_more(self.source_account, ADD_MORE, seed=11)
        expected = verify.snapshot(self.source_account)
        run, report_path = self.migrate()
        self.assertExit(run, 0)
        report = self.load_report(report_path, run)
        self.assertEqual(report["totals"]["copied"], len(changes["added"]),
                         "should copy exactly the added messages: %s"
                         % [(a["folder"], a["size"]) for a in changes["added"]])
        self.assertEqual(report["totals"]["flagsUpdated"], len(changes["flagChanges"]),
                         "should update exactly the changed flags: %s"
                         % [(c["folder"], c["uid"], c["change"]) for c in changes["flagChanges"]])
        self.assertEqual(report["totals"]["failed"], 0, report["failures"])
        target = verify.snapshot(self.target_account)
        self.assertSnapshotsEqual(expected, target, "target after the incremental pass")
        self.assertEqual(verify.duplicates(target, expected), [])
        self.assertEqual(verify.without_volatile(verify.snapshot(self.source_account)),
                         verify.without_volatile(expected), "incremental pass changed the source")

    def test_6_no_password_leaks(self):
        self.assertTrue(self.runs, "ferry-cli never ran")
        secrets = harness.secret_forms(SOURCE_USER, SOURCE_PASSWORD) + \
            harness.secret_forms(TARGET_USER, TARGET_PASSWORD)
        texts = [("stdout of run %d" % i, r.stdout) for i, r in enumerate(self.runs, 1)] + \
                [("stderr of run %d" % i, r.stderr) for i, r in enumerate(self.runs, 1)]
        paths = [p for p in [self.state_dir] + self.reports if os.path.exists(p)]
        self.assertEqual(harness.find_secrets(secrets, texts, paths), [])


class MaildirToFs(MigrateSteps, IntegrationCase):
    """Maildir++ (".", INBOX. prefix) source -> LAYOUT=fs ("/", no prefix) target."""

    FROM_LAYOUT, TO_LAYOUT = "maildir", "fs"


class FsToMaildir(MigrateSteps, IntegrationCase):
    """LAYOUT=fs ("/", no prefix) source -> Maildir++ (".", INBOX. prefix) target."""

    FROM_LAYOUT, TO_LAYOUT = "fs", "maildir"


if __name__ == "__main__":
    harness.main()
