#!/usr/bin/env python3
"""Access rights (RFC 4314) and shared folders (RFC 2342) between two real Dovecots.

Source: alice and bob; bob shares his folder Team with alice (she sees it as
shared/bob/Team), alice's own folder Projects gives carol "lrs". Target: alice.
  1 migrate: exit 0; the target's Projects has carol's rights, alice's own entry
    is left to the target; Shared/bob/Team is not created (left out by default);
    the report counts aclEntries 1 for Projects; the source is unchanged
  2 a second pass sends no access right again (aclEntries 0)
  3 check lists bob's shared folder marked as foreign ("/shared/bob/Team")
  4 migrate --include-shared copies it as alice's own Shared/bob/Team, with no ACL
  5 the source is unchanged: messages, flags and both ACLs

Run: python3 test_mail_acl.py --ferry-cli PATH [--keep] [-v -v]
"""

import imaplib
import json
import os
import re

import harness
from harness import IntegrationCase, verify

import imaputil  # noqa: E402 (tests/support, on the path through harness)

ALICE, ALICE_PW = "alice", "acl-Alice#5e21"
BOB, BOB_PW = "bob", "acl-Bob#77a0"
TARGET_PW = "acl-Tgt#19cc"

MESSAGE = (b"From: bob@example.org\r\nTo: alice@example.org\r\nSubject: %s\r\n"
           b"Message-ID: <%s@example.org>\r\n\r\nHello.\r\n")


def acl_of(account, folder):
    """{identifier: rights} from GETACL (imaplib hands back the raw line)."""
    imap = imaputil.connect(account)
    try:
        data = imaputil.check(imap.getacl(imaputil.quote(folder)), "GETACL")
    finally:
        imap.logout()
    line = b" ".join(d if isinstance(d, bytes) else b"".join(d) for d in data if d)
    tokens = [t.strip(b'"').decode() for t in re.findall(rb'"(?:[^"\\]|\\.)*"|\S+', line)]
    return dict(zip(tokens[1::2], tokens[2::2]))


class AclMigration(IntegrationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source = cls.start_server("source", "fs", {ALICE: ALICE_PW, BOB: BOB_PW}, acl=True)
        cls.target = cls.start_server("target", "fs", {ALICE: TARGET_PW}, acl=True)
        cls.alice = cls.source.account(ALICE)
        cls.bob = cls.source.account(BOB)
        cls.target_alice = cls.target.account(ALICE)
        for account, folder, subject in ((cls.bob, "Team", b"team"), (cls.alice, "Projects", b"projects")):
            imap = imaputil.connect(account)
            imaputil.check(imap.create(folder), "CREATE")
            imaputil.check(imap.append(folder, None, None, MESSAGE % (subject, subject)), "APPEND")
            imap.logout()
        imap = imaputil.connect(cls.bob)
        imaputil.check(imap.setacl("Team", ALICE, "lr"), "SETACL")
        imap.logout()
        imap = imaputil.connect(cls.alice)
        imaputil.check(imap.setacl("Projects", "carol", "lrs"), "SETACL")
        imap.logout()
        cls.alice_acl = acl_of(cls.alice, "Projects")
        cls.bob_acl = acl_of(cls.bob, "Team")
        cls.source_before = verify.snapshot(cls.alice)
        cls.state_dir = os.path.join(cls.tmp, "state")
        cls.reports = []

    def migrate(self, *extra):
        report = os.path.join(self.tmp, "report-%d.json" % (len(self.reports) + 1))
        self.reports.append(report)
        run = self.run_ferry(["migrate", "--from", self.alice.url(), "--to", self.target_alice.url(),
                              "--ca-file", self.source.ca_file, "--state", self.state_dir,
                              "--report", report, "--json"] + list(extra),
                             from_password=ALICE_PW, to_password=TARGET_PW)
        return run, report

    def folders_on_target(self):
        imap = imaputil.connect(self.target_alice)
        try:
            return {name for _, _, name in imaputil.list_mailboxes(imap)}
        finally:
            imap.logout()

    def test_1_copies_access_rights(self):
        self.assertIn("carol", self.alice_acl, self.alice_acl)
        run, path = self.migrate()
        self.assertExit(run, 0)
        report = self.load_report(path, run)
        projects = [f for f in report["folders"] if f["source"] == "Projects"]
        self.assertEqual(len(projects), 1, report["folders"])
        self.assertEqual(projects[0]["aclEntries"], 1, report)
        acl = acl_of(self.target_alice, "Projects")
        self.assertEqual(set(acl.get("carol", "")), set("lrs"), acl)
        self.assertNotIn("Shared/bob/Team", self.folders_on_target())
        for f in report["folders"]:
            self.assertFalse(f["source"].startswith("/"), f)

    def test_2_rerun_sends_nothing(self):
        self.requires("test_1_copies_access_rights")
        run, path = self.migrate()
        self.assertExit(run, 0)
        report = self.load_report(path, run)
        self.assertEqual(sum(f.get("aclEntries", 0) for f in report["folders"]), 0, report)

    def test_3_check_lists_shared_marked(self):
        run = self.run_ferry(["check", "--from", self.alice.url(), "--to", self.target_alice.url(),
                              "--ca-file", self.source.ca_file, "--json"], ALICE_PW, TARGET_PW)
        self.assertExit(run, 0)
        out = json.loads(run.stdout.strip().splitlines()[-1])
        names = [f["name"] for f in out["source"]["folders"]]
        self.assertIn("/shared/bob/Team", names)
        self.assertIn("Projects", names)

    def test_4_include_shared(self):
        self.requires("test_1_copies_access_rights")
        run, path = self.migrate("--include-shared")
        self.assertExit(run, 0)
        report = self.load_report(path, run)
        team = [f for f in report["folders"] if f["source"] == "/shared/bob/Team"]
        self.assertEqual(len(team), 1, report["folders"])
        self.assertEqual(team[0]["target"], "Shared/bob/Team")
        self.assertEqual(team[0]["copied"], 1)
        self.assertEqual(team[0].get("aclEntries", 0), 0)
        self.assertIn("Shared/bob/Team", self.folders_on_target())
        imap = imaputil.connect(self.target_alice)
        try:
            typ, data = imap.select('"Shared/bob/Team"', readonly=True)
            self.assertEqual(typ, "OK")
            self.assertEqual(int(data[0]), 1)
        finally:
            imap.logout()

    def test_5_source_unchanged(self):
        self.assertSnapshotsEqual(self.source_before, verify.snapshot(self.alice), "source after the passes")
        self.assertEqual(acl_of(self.alice, "Projects"), self.alice_acl)
        self.assertEqual(acl_of(self.bob, "Team"), self.bob_acl)


if __name__ == "__main__":
    harness.main()
