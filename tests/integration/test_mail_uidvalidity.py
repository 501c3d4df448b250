#!/usr/bin/env python3
"""A folder renumbered on the source (new UIDVALIDITY) is re-matched, never copied again.

After a first pass, the source server forgets a folder's UIDs (its dovecot-uidlist
and index files are removed, as after a server rebuild or a provider's restore),
so the folder comes back with a new UIDVALIDITY and new UIDs for the same
messages. A new message is added to it too. The next pass must copy exactly
that one new message, report the renumbering, and leave no duplicate.

Run: python3 test_mail_uidvalidity.py --ferry-cli PATH [--keep] [-v -v]
"""

import glob
import os

import harness
from harness import IntegrationCase, mailgen, verify
from imaputil import connect

SOURCE_USER, SOURCE_PASSWORD = "alice", "uv-Src#2b8e"
TARGET_USER, TARGET_PASSWORD = "bob", "uv-Tgt#c41d"
FOLDER = "Work"


class UidValidityChange(IntegrationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source = cls.start_server("source", "fs", {SOURCE_USER: SOURCE_PASSWORD})
        cls.target = cls.start_server("target", "maildir", {TARGET_USER: TARGET_PASSWORD})
        cls.src = cls.source.account(SOURCE_USER)
        cls.dst = cls.target.account(TARGET_USER)
        mailgen.generate(cls.src, "small", seed=3, big_size=0)

    def migrate(self, n):
        report = os.path.join(self.tmp, "report-%d.json" % n)
        run = self.run_ferry(["migrate", "--from", self.src.url(), "--to", self.dst.url(),
                              "--ca-file", self.source.ca_file, "--state", os.path.join(self.tmp, "state"),
                              "--report", report], SOURCE_PASSWORD, TARGET_PASSWORD)
        return run, report

    def uidvalidity(self, folder):
        imap = connect(self.src)
        try:
            typ, data = imap.status('"%s"' % folder, "(UIDVALIDITY)")
            return data[0]
        finally:
            imap.logout()

    def test_renumbered_folder_is_rematched(self):
        run, _ = self.migrate(1)
        self.assertExit(run, 0)
        before = self.uidvalidity(FOLDER)

        # Make the server forget the folder's UIDs: a new UIDVALIDITY on next access.
        home = os.path.join(self.source.directory, "mail", SOURCE_USER, "Maildir", FOLDER)
        # (dovecot-keywords stays: without it the source itself would lose keyword names)
        removed = [p for p in glob.glob(os.path.join(home, "dovecot-uidlist*")) + glob.glob(os.path.join(home, "dovecot.index*"))
                   if os.path.isfile(p)]
        self.assertTrue(removed, "no dovecot index files under %s" % home)
        for p in removed:
            os.remove(p)
        imap = connect(self.src)
        try:
            imap.append('"%s"' % FOLDER, "(\\Seen)", '"01-Jun-2024 10:00:00 +0200"',
                        b"From: a@example.org\r\nSubject: after the rebuild\r\n"
                        b"Message-ID: <after-rebuild@example.org>\r\n\r\nnew\r\n")
        finally:
            imap.logout()
        self.assertNotEqual(self.uidvalidity(FOLDER), before, "the server did not renumber the folder")

        run, report_path = self.migrate(2)
        self.assertExit(run, 0)
        report = self.load_report(report_path, run)
        self.assertEqual(report["totals"]["copied"], 1, run.describe())
        self.assertTrue(any("UIDVALIDITY" in w for w in report["warnings"]), report["warnings"])
        source, target = verify.snapshot(self.src), verify.snapshot(self.dst)
        self.assertSnapshotsEqual(source, target, "target after the renumbering")
        self.assertEqual(verify.duplicates(target, source), [])


if __name__ == "__main__":
    harness.main()
