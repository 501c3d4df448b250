#!/usr/bin/env python3
"""kill -9 at random moments of a contacts/calendars copy, resume after each, end identical.

Two real Radicale servers over HTTPS. The source gets the "bench" profile (600
items, so a copy lasts long enough to be hit many times). A clean run into a
scratch account measures how long a copy takes; then ferry-cli copies into the
real target account and is killed with SIGKILL at >= 20 random moments (seeded:
FERRY_KILL_SEED replays a failure), each run resuming the last. The final run
must exit 0; the target must equal the source (same names, UIDs, bytes but the
allowed changes) with no extra resource — a duplicate would be one; nothing may
be left pending in the journal, which must pass integrity_check; the source must
be unchanged and never written.

Run: python3 test_dav_kill.py --ferry-cli PATH [--keep] [-v -v]
"""

import os
import sqlite3

import harness
from harness import DavCase

import davgen
import davverify

SOURCE_USER, SOURCE_PASSWORD = "alice", "davkill-Src#4e1"
TARGET_USER, TARGET_PASSWORD = "bob", "davkill-Tgt#7c0"
SCRATCH_USER = "scratch"
KILLS = 20
SEED = int(os.environ.get("FERRY_KILL_SEED", "20261124"))


class DavKillResume(DavCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source = cls.start_radicale("source", {SOURCE_USER: SOURCE_PASSWORD})
        cls.target = cls.start_radicale("target", {TARGET_USER: TARGET_PASSWORD, SCRATCH_USER: TARGET_PASSWORD})
        cls.src = cls.source.account(SOURCE_USER)
        davgen.generate(cls.src, "bench", seed=5)
        cls.before = davverify.snapshot(cls.src)
        cls.writes_before = len(cls.source.writes())

    def argv(self, user, state):
        return ["migrate", "--from-dav", self.src.url("/"), "--to-dav", self.target.account(user).url("/"),
                "--ca-file", self.source.ca_file, "--state", state]

    def env(self):
        return dict(os.environ, FERRY_FROM_PASSWORD=SOURCE_PASSWORD, FERRY_TO_PASSWORD=TARGET_PASSWORD)

    def test_kill_and_resume(self):
        clean = self.run_ferry(self.argv(SCRATCH_USER, os.path.join(self.tmp, "state-scratch")),
                               SOURCE_PASSWORD, TARGET_PASSWORD)
        self.assertExit(clean, 0)
        duration = max(clean.seconds, 0.5)

        state = os.path.join(self.tmp, "state")
        kills, runs = harness.kill_loop(self.argv(TARGET_USER, state), self.env(), duration, KILLS, SEED)
        self.assertGreaterEqual(kills, KILLS, "only %d kills landed in %d runs" % (kills, runs))

        final = self.run_ferry(self.argv(TARGET_USER, state), SOURCE_PASSWORD, TARGET_PASSWORD)
        self.assertExit(final, 0)

        target = davverify.snapshot(self.target.account(TARGET_USER))
        diffs = davverify.compare(self.before, target)
        self.assertEqual(diffs, [], "target after %d kills:\n  %s" % (kills, "\n  ".join(diffs[:40])))
        self.assertEqual(davverify.resource_count(target), davverify.resource_count(self.before))
        self.assertEqual(davverify.scheduling_side_effects(target), [])
        self.assertEqual(davverify.unchanged(self.before, davverify.snapshot(self.src)), [])
        self.assertEqual(self.source.writes()[self.writes_before:], [])

        dbs = [os.path.join(state, f) for f in os.listdir(state) if f.endswith(".sqlite")]
        self.assertEqual(len(dbs), 1, dbs)
        with sqlite3.connect(dbs[0]) as db:
            self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0], "ok")
            self.assertEqual(db.execute("SELECT COUNT(*) FROM items WHERE outcome = 0").fetchone()[0], 0,
                             "items left pending")
        print("dav kill-resume: %d kills in %d runs (clean copy %.1f s), target identical"
              % (kills, runs, clean.seconds))


if __name__ == "__main__":
    harness.main()
