#!/usr/bin/env python3
"""ferry-cli check against real Dovecot: logins, capabilities, folders, counts, sizes, quota.

check must change nothing on either side, report every folder with its message
count and size (STATUS=SIZE), and the account's storage quota; a wrong password
is exit 3 naming the side.

Run: python3 test_mail_check.py --ferry-cli PATH [--keep] [-v -v]
"""

import json

import harness
from harness import IntegrationCase, mailgen, verify

SOURCE_USER, SOURCE_PASSWORD = "alice", "check-Src#71f0"
TARGET_USER, TARGET_PASSWORD = "bob", "check-Tgt#0c2e"
QUOTA = 64 * 1024 * 1024


class Check(IntegrationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source = cls.start_server("source", "maildir", {SOURCE_USER: SOURCE_PASSWORD},
                                      quota={SOURCE_USER: QUOTA})
        cls.target = cls.start_server("target", "fs", {TARGET_USER: TARGET_PASSWORD})
        cls.src = cls.source.account(SOURCE_USER)
        mailgen.generate(cls.src, "small", seed=9, big_size=0)
        cls.before = verify.snapshot(cls.src)

    def check(self, from_password=SOURCE_PASSWORD):
        return self.run_ferry(["check", "--from", self.src.url(),
                               "--to", self.target.account(TARGET_USER).url(),
                               "--ca-file", self.source.ca_file, "--ca-file", self.target.ca_file, "--json"],
                              from_password, TARGET_PASSWORD)

    def test_reports_folders_sizes_and_quota(self):
        run = self.check()
        self.assertExit(run, 0)
        out = json.loads(run.stdout.strip().splitlines()[-1])
        source = out["source"]
        self.assertIn("MULTIAPPEND", source["capabilities"])
        by_name = {f["name"]: f for f in source["folders"]}
        expected = {key: len(folder["messages"]) for key, folder in self.before["folders"].items()
                    if folder["selectable"]}
        for key, count in expected.items():
            self.assertIn(key, by_name, sorted(by_name))
            self.assertEqual(by_name[key]["messages"], count, key)
        self.assertEqual(source["messages"], sum(expected.values()))
        total_bytes = sum(m["size"] for f in self.before["folders"].values() for m in f["messages"])
        self.assertGreater(source["bytes"], 0)
        # STATUS SIZE is the RFC822 (CRLF) size, as the snapshot's sizes are.
        self.assertEqual(source["bytes"], total_bytes)
        storage = [q for q in source["quota"] if q["resource"] == "STORAGE"]
        self.assertEqual(len(storage), 1, source["quota"])
        self.assertEqual(storage[0]["limit"], QUOTA)
        self.assertGreater(storage[0]["usage"], 0)
        self.assertEqual(out["target"]["messages"], 0)
        # check is read-only on both sides
        self.assertSnapshotsEqual(self.before, verify.snapshot(self.src), "source after check")

    def test_wrong_password_names_the_side(self):
        run = self.check(from_password="wrong")
        self.assertExit(run, 3)
        self.assertIn("source", run.stderr)


if __name__ == "__main__":
    harness.main()
