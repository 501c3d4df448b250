#!/usr/bin/env python3
"""ferry-cli batch: five people moved between two real Dovecot servers in one run.

  1 first batch (--parallel 3 --per-server 4): eve's target password reference
    points at a wrong password; exit 1; the other four targets equal their sources
    with no duplicates; eve is in summary.json with exit 3 and "login" in her reason;
    one report per person, in migrate's --report format
  2 the same batch again with eve's password fixed (--json): exit 0; the four copy
    nothing, eve everything; every JSON line names its person
  3 a row with a literal password is refused for that row only (exit 1 for the
    batch, 2 for the row, the others complete), and the literal is never echoed
  4 no password, in any of its forms, in the reports, summary, journals, stdout or
    stderr

Run: python3 test_batch.py --ferry-cli PATH [--keep] [-v -v]
"""

import json
import os

import harness
from harness import IntegrationCase, mailgen, verify

PEOPLE = ["alice", "bob", "carol", "dave", "eve"]
SOURCE_PASSWORDS = {u: "src-%s-S3cret#%d" % (u, i) for i, u in enumerate(PEOPLE)}
TARGET_PASSWORDS = {u: "tgt-%s-P4ss%%%d" % (u, i) for i, u in enumerate(PEOPLE)}
WRONG_PASSWORD = "tgt-eve-Wr0ng!pw"
LITERAL_PASSWORD = "frank-Literal#pw77"


def env_name(side, user):
    return "FERRY_IT_BATCH_%s_%s" % (side, user.upper())


class BatchSteps(IntegrationCase):
    """The batch scenario against one source and one target Dovecot."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source = cls.start_server("source", "maildir", SOURCE_PASSWORDS)
        cls.target = cls.start_server("target", "fs", TARGET_PASSWORDS)
        cls.before = {}
        for i, user in enumerate(PEOPLE):
            account = cls.source.account(user)
            mailgen.generate(account, "small", seed=20 + i, big_size=0)
            cls.before[user] = verify.snapshot(account)
        cls.state_dir = os.path.join(cls.tmp, "state")
        cls.reports_dir = os.path.join(cls.tmp, "reports")
        # bob's old password comes from a private file, everyone else's from the environment.
        cls.bob_file = os.path.join(cls.tmp, "bob-old.pw")
        with open(cls.bob_file, "w", encoding="utf-8") as f:
            f.write(SOURCE_PASSWORDS["bob"] + "\n")
        os.chmod(cls.bob_file, 0o600)

    def write_users(self, name, extra_rows=()):
        """The users CSV (CRLF, a quoted field with a comma in one row); returns its path."""
        rows = ["name,from,to,from_password,to_password"]
        for user in PEOPLE:
            src = self.source.account(user).url()
            tgt = self.target.account(user).url()
            from_ref = "file:" + self.bob_file if user == "bob" else "env:" + env_name("FROM", user)
            label = '"%s, Team A"' % user.capitalize() if user == "carol" else user
            rows.append("%s,%s,%s,%s,%s" % (label, src, tgt, from_ref, "env:" + env_name("TO", user)))
        rows += list(extra_rows)
        path = os.path.join(self.tmp, name)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write("\r\n".join(rows) + "\r\n")
        return path

    def set_env(self, eve_password):
        for user in PEOPLE:
            os.environ[env_name("FROM", user)] = SOURCE_PASSWORDS[user]
            os.environ[env_name("TO", user)] = TARGET_PASSWORDS[user]
        os.environ[env_name("TO", "eve")] = eve_password

    def clear_env(self):
        for user in PEOPLE:
            os.environ.pop(env_name("FROM", user), None)
            os.environ.pop(env_name("TO", user), None)

    def batch(self, users, *extra):
        args = ["batch", users, "--state", self.state_dir, "--reports", self.reports_dir,
                "--ca-file", self.source.ca_file] + list(extra)
        try:
            return self.run_ferry(args, timeout=240)
        finally:
            self.clear_env()

    def summary(self):
        with open(os.path.join(self.reports_dir, "summary.json"), encoding="utf-8") as f:
            return {p["name"]: p for p in json.load(f)["people"]}

    def report(self, user):
        name = "Carol__Team_A" if user == "carol" else user
        return self.load_report(os.path.join(self.reports_dir, name + ".json"))

    @staticmethod
    def count(snap):
        return sum(len(f["messages"]) for f in snap["folders"].values())

    def test_1_first_batch(self):
        self.set_env(WRONG_PASSWORD)
        run = self.batch(self.write_users("users.csv"), "--parallel", "3", "--per-server", "4")
        self.assertExit(run, 1)
        summary = self.summary()
        self.assertEqual(len(summary), 5, summary)
        for user in PEOPLE[:4]:
            name = "Carol, Team A" if user == "carol" else user
            self.assertEqual(summary[name]["exitCode"], 0, (summary[name], run.describe()))
            report = self.report(user)
            self.assertEqual(report["exitCode"], 0)
            self.assertEqual(report["totals"]["copied"], self.count(self.before[user]))
            target = verify.snapshot(self.target.account(user))
            self.assertSnapshotsEqual(self.before[user], target, "%s's target" % user)
            self.assertEqual(verify.duplicates(target, self.before[user]), [])
        eve = summary["eve"]
        self.assertEqual(eve["exitCode"], 3, eve)
        self.assertIn("login", eve["reason"])
        self.assertIn("target", eve["reason"])
        self.assertEqual(self.report("eve")["exitCode"], 3)
        self.assertIn("eve", run.stdout, "the table names eve")
        self.assertIn("login", run.stdout)

    def test_2_again_continues(self):
        self.requires("test_1_first_batch")
        self.set_env(TARGET_PASSWORDS["eve"])
        run = self.batch(self.write_users("users.csv"), "--json", "--parallel", "2")
        self.assertExit(run, 0)
        summary = self.summary()
        for user in PEOPLE:
            name = "Carol, Team A" if user == "carol" else user
            expected = self.count(self.before[user]) if user == "eve" else 0
            self.assertEqual(summary[name]["copied"], expected, summary[name])
            self.assertEqual(summary[name]["exitCode"], 0, summary[name])
            target = verify.snapshot(self.target.account(user))
            self.assertSnapshotsEqual(self.before[user], target, "%s's target" % user)
            self.assertEqual(verify.duplicates(target, self.before[user]), [])
        events = [json.loads(line) for line in run.stdout.splitlines() if line.strip()]
        self.assertTrue(events)
        for e in events:
            if e["event"] in ("progress", "phase", "person-started", "person-done"):
                self.assertIn("person", e)
        self.assertEqual(events[-1]["event"], "summary")
        self.assertEqual({e["person"] for e in events if e["event"] == "person-done"},
                         {"alice", "bob", "Carol, Team A", "dave", "eve"})

    def test_3_literal_password_refused(self):
        self.requires("test_2_again_continues")
        self.set_env(TARGET_PASSWORDS["eve"])
        frank = "frank,%s,%s,env:%s,%s" % (self.source.account("alice").url().replace("alice", "frank"),
                                          self.target.account("alice").url().replace("alice", "frank"),
                                          env_name("FROM", "alice"), LITERAL_PASSWORD)
        run = self.batch(self.write_users("users-frank.csv", [frank]))
        self.assertExit(run, 1)
        summary = self.summary()
        self.assertEqual(summary["frank"]["exitCode"], 2, summary["frank"])
        self.assertIn("to_password must be env:VAR, file:PATH or prompt", summary["frank"]["reason"])
        self.assertIn("row 7 (frank)", summary["frank"]["reason"])
        for user in ["alice", "bob", "dave", "eve"]:
            self.assertEqual(summary[user]["exitCode"], 0, summary[user])
            self.assertEqual(summary[user]["copied"], 0, summary[user])

    def test_4_no_password_leaks(self):
        self.assertTrue(self.runs, "ferry-cli never ran")
        secrets = [LITERAL_PASSWORD.encode(), WRONG_PASSWORD.encode()]
        for user in PEOPLE:
            secrets += harness.secret_forms(user, SOURCE_PASSWORDS[user])
            secrets += harness.secret_forms(user, TARGET_PASSWORDS[user])
        texts = [("stdout of run %d" % i, r.stdout) for i, r in enumerate(self.runs, 1)] + \
                [("stderr of run %d" % i, r.stderr) for i, r in enumerate(self.runs, 1)] + \
                [("argv of run %d" % i, " ".join(r.argv)) for i, r in enumerate(self.runs, 1)]
        paths = [p for p in (self.state_dir, self.reports_dir) if os.path.exists(p)]
        self.assertEqual(harness.find_secrets(secrets, texts, paths), [])


if __name__ == "__main__":
    harness.main()
