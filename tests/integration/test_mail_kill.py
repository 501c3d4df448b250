#!/usr/bin/env python3
"""kill -9 at random moments of a real copy, resume after each, and end identical.

Two real Dovecot servers (Maildir++ source, LAYOUT=fs target). The source gets
the small profile (every edge case, including a 25 MB message, so kills land in
the middle of literals too). A clean run into a scratch account measures how
long a copy takes; then ferry-cli copies into the real target account and is
killed with SIGKILL at >= 20 random moments (seeded, so a failure can be
replayed with --seed), each run resuming the last. A final run must exit 0 and
the target must equal the source with no duplicate, the state store must pass
PRAGMA integrity_check with nothing pending, no spool file may be left, and the
source must be unchanged.

Run: python3 test_mail_kill.py --ferry-cli PATH [--keep] [-v -v]
"""

import os
import sqlite3

import harness
from harness import IntegrationCase, mailgen, verify

SOURCE_USER, SOURCE_PASSWORD = "alice", "kill-Src#51c2"
TARGET_USER, TARGET_PASSWORD = "bob", "kill-Tgt#93aa"
SCRATCH_USER = "scratch"
KILLS = 20
SEED = int(os.environ.get("FERRY_KILL_SEED", "20261123"))


class KillResume(IntegrationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source = cls.start_server("source", "maildir", {SOURCE_USER: SOURCE_PASSWORD})
        cls.target = cls.start_server("target", "fs", {TARGET_USER: TARGET_PASSWORD,
                                                       SCRATCH_USER: TARGET_PASSWORD})
        cls.source_account = cls.source.account(SOURCE_USER)
        mailgen.generate(cls.source_account, "small", seed=11)
        cls.source_before = verify.snapshot(cls.source_account)

    def argv(self, target_user, state):
        return ["migrate", "--from", self.source_account.url(),
                "--to", self.target.account(target_user).url(),
                "--ca-file", self.source.ca_file, "--state", state, "--connections", "2"]

    def env(self):
        return dict(os.environ, FERRY_FROM_PASSWORD=SOURCE_PASSWORD, FERRY_TO_PASSWORD=TARGET_PASSWORD)

    def test_kill_and_resume(self):
        # How long an uninterrupted copy takes here, to spread the kills over it.
        clean = self.run_ferry(self.argv(SCRATCH_USER, os.path.join(self.tmp, "state-scratch")),
                               SOURCE_PASSWORD, TARGET_PASSWORD)
        self.assertExit(clean, 0)
        duration = max(clean.seconds, 0.5)

        state = os.path.join(self.tmp, "state")
        kills, runs = harness.kill_loop(self.argv(TARGET_USER, state), self.env(), duration, KILLS, SEED)
        self.assertGreaterEqual(kills, KILLS, "only %d kills landed in %d runs" % (kills, runs))

        final = self.run_ferry(self.argv(TARGET_USER, state), SOURCE_PASSWORD, TARGET_PASSWORD)
        self.assertExit(final, 0)

        target_snap = verify.snapshot(self.target.account(TARGET_USER))
        self.assertSnapshotsEqual(self.source_before, target_snap, "target after %d kills" % kills)
        self.assertEqual(verify.duplicates(target_snap, self.source_before), [])
        self.assertSnapshotsEqual(self.source_before, verify.snapshot(self.source_account),
                                  "source after the kills (must be unchanged)")

        dbs = [os.path.join(state, f) for f in os.listdir(state) if f.endswith(".sqlite")]
        self.assertEqual(len(dbs), 1, dbs)
        with sqlite3.connect(dbs[0]) as db:
            self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0], "ok")
            pending = db.execute("SELECT COUNT(*) FROM items WHERE outcome = 0").fetchone()[0]
            self.assertEqual(pending, 0, "items left pending")
        spool = os.path.join(state, "spool")
        self.assertEqual(os.listdir(spool) if os.path.isdir(spool) else [], [], "spool files left behind")
        print("kill-resume: %d kills in %d runs (clean copy %.1f s), target identical" % (kills, runs, clean.seconds))


if __name__ == "__main__":
    harness.main()
