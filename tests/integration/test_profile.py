#!/usr/bin/env python3
"""ferry-cli with a helpdesk profile against real Dovecot servers.

The profile names both servers (user names "{local}" of the addresses), leaves Junk
out, moves Archive below Old/, takes mail from 2000 on and caps connections. The
person only gives two addresses:
  1 migrate --profile P --from alice@old.example --to bob@new.example: exit 0; the
    target holds every source folder but Junk, Archive as Old/Archive, only mail from
    2000 on (the rest counted as outside the window)
  2 verify with the same profile: everything chosen is there (exit 0)
  3 a profile with a password in it, or the plaintext port, is refused (exit 2) and
    names the problem; nothing is written

Run: python3 test_profile.py --ferry-cli PATH [--keep] [-v -v]
"""

import json
import os
from collections import Counter
from datetime import date, datetime

import harness
from harness import IntegrationCase, mailgen, verify

SOURCE_USER, SOURCE_PASSWORD = "alice", "pf-Src#0b7e"
TARGET_USER, TARGET_PASSWORD = "bob", "pf-Tgt#61d3"
SINCE = date(2000, 1, 1)


def day(internaldate):
    return datetime.strptime(internaldate.strip().split(" ")[0], "%d-%b-%Y").date()


class Profile(IntegrationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source = cls.start_server("source", "maildir", {SOURCE_USER: SOURCE_PASSWORD})
        cls.target = cls.start_server("target", "fs", {TARGET_USER: TARGET_PASSWORD})
        cls.src = cls.source.account(SOURCE_USER)
        cls.dst = cls.target.account(TARGET_USER)
        mailgen.generate(cls.src, "small", seed=12, big_size=0)
        cls.before = verify.snapshot(cls.src)
        cls.profile = cls.write_profile("helpdesk.json", {
            "ferryProfile": 1,
            "helpdesk": {"name": "Example IT", "contact": "Call 0800 123 456"},
            "old": {"imapHost": cls.src.host, "imapPort": cls.src.port, "userName": "{local}"},
            "new": {"imapHost": cls.dst.host, "imapPort": cls.dst.port, "userName": "{local}"},
            "what": {"only": ["mail"], "skipFolders": ["Junk"], "mailSince": SINCE.isoformat()},
            "folderRules": ["Archive=Old/Archive"],
            "connections": 2})

    @classmethod
    def write_profile(cls, name, content):
        path = os.path.join(cls.tmp, name)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(content, f)
        return path

    def ferry(self, command, profile, state="state"):
        report = os.path.join(self.tmp, "%s.json" % command)
        return self.run_ferry([command, "--profile", profile, "--from", "alice@old.example", "--to",
                               "bob@new.example", "--ca-file", self.source.ca_file,
                               "--state", os.path.join(self.tmp, state), "--report", report],
                              SOURCE_PASSWORD, TARGET_PASSWORD), report

    def test_1_profile_settles_servers_and_choices(self):
        run, path = self.ferry("migrate", self.profile)
        self.assertExit(run, 0)
        report = self.load_report(path, run)
        self.assertEqual(report["mailWindow"], SINCE.isoformat() + "..")
        target = verify.snapshot(self.dst)
        self.assertNotIn("Junk", target["folders"])
        self.assertIn("Old/Archive", target["folders"])
        self.assertNotIn("Archive", target["folders"])
        outside = 0
        for key, folder in self.before["folders"].items():
            if key == "Junk" or not folder["selectable"]:
                continue
            want = Counter((m["sha256"], m["internaldate"]) for m in folder["messages"] if day(m["internaldate"]) >= SINCE)
            outside += sum(1 for m in folder["messages"] if day(m["internaldate"]) < SINCE)
            where = "Old/Archive" if key == "Archive" else key
            got = Counter((m["sha256"], m["internaldate"]) for m in target["folders"].get(where, {}).get("messages", []))
            self.assertEqual(got, want, key)
        self.assertEqual(report["totals"]["outsideWindow"], outside)
        self.assertGreater(outside, 0, "the generated mailbox has mail from before 2000")

    def test_2_verify_with_the_profile(self):
        self.requires("test_1_profile_settles_servers_and_choices")
        run, path = self.ferry("verify", self.profile)
        self.assertExit(run, 0)
        with open(path, encoding="utf-8") as f:
            report = json.load(f)
        self.assertTrue(report["complete"], report["missing"])
        self.assertNotIn("Junk", [f["source"] for f in report["folders"]])

    def test_3_bad_profiles_are_refused(self):
        for name, content, words in (
                ("with-password.json", {"ferryProfile": 1, "old": {"imapHost": "h", "password": "x"}}, "password"),
                ("plaintext.json", {"ferryProfile": 1, "old": {"imapHost": "h", "imapPort": 143}}, "143")):
            path = self.write_profile(name, content)
            run, _report = self.ferry("migrate", path, state="bad-state")
            self.assertExit(run, 2)
            self.assertIn(words, run.stderr)
            self.assertFalse(os.path.exists(os.path.join(self.tmp, "bad-state")))


if __name__ == "__main__":
    harness.main()
