#!/usr/bin/env python3
"""ferry-cli migrate --since/--until against real Dovecot: a date window, then wider ones.

  1 a pass with --since 2010-01-01 --until 2019-12-31 copies exactly the messages whose
    arrival day lies inside (byte-identical, flags and INTERNALDATE kept) and counts the
    rest per folder as outsideWindow; the source is unchanged
  2 the same window again copies nothing
  3 dropping --until copies exactly the messages from 2020 on, nothing twice
  4 no window at all: the target equals the source, no duplicates
  5 a bad day or a window that ends before it starts is exit 2 with a hint, nothing written;
    --before DAY is exclusive (IMAP BEFORE): --before 2020-01-01 = --until 2019-12-31

Run: python3 test_mail_window.py --ferry-cli PATH [--keep] [-v -v]
"""

import os
from collections import Counter
from datetime import date, datetime

import harness
from harness import IntegrationCase, mailgen, verify

SOURCE_USER, SOURCE_PASSWORD = "alice", "win-Src#5e21"
TARGET_USER, TARGET_PASSWORD = "bob", "win-Tgt#9a07"


def arrival_day(internaldate):
    """The calendar day of an IMAP INTERNALDATE ("17-Jul-1996 02:44:25 -0700") as written."""
    return datetime.strptime(internaldate.strip().split(" ")[0], "%d-%b-%Y").date()


def inside(message, since=None, until=None):
    day = arrival_day(message["internaldate"])
    return (since is None or day >= since) and (until is None or day <= until)


def fingerprint(message):
    return (message["sha256"], tuple(message["flags"]), message["internaldate"])


class DateWindowSteps(IntegrationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source = cls.start_server("source", "maildir", {SOURCE_USER: SOURCE_PASSWORD})
        cls.target = cls.start_server("target", "fs", {TARGET_USER: TARGET_PASSWORD})
        cls.src = cls.source.account(SOURCE_USER)
        cls.dst = cls.target.account(TARGET_USER)
        mailgen.generate(cls.src, "small", seed=11, big_size=0)
        cls.before = verify.snapshot(cls.src)
        cls.state = os.path.join(cls.tmp, "state")
        cls.passes = 0

    def migrate(self, *window):
        type(self).passes += 1
        report = os.path.join(self.tmp, "report-%d.json" % self.passes)
        run = self.run_ferry(["migrate", "--from", self.src.url(), "--to", self.dst.url(),
                              "--ca-file", self.source.ca_file, "--state", self.state,
                              "--report", report] + list(window), SOURCE_PASSWORD, TARGET_PASSWORD)
        return run, report

    def expect_target(self, since, until, what):
        """The target holds exactly the source's messages inside [since, until], once each."""
        target = verify.snapshot(self.dst)
        for key, folder in self.before["folders"].items():
            if not folder["selectable"]:
                continue
            want = Counter(fingerprint(m) for m in folder["messages"] if inside(m, since, until))
            got = Counter(fingerprint(m) for m in target["folders"].get(key, {}).get("messages", []))
            self.assertEqual(got, want, "%s: folder %s" % (what, key))

    def test_1_window_copies_only_inside(self):
        since, until = date(2010, 1, 1), date(2019, 12, 31)
        run, path = self.migrate("--since", "2010-01-01", "--until", "2019-12-31")
        self.assertExit(run, 0)
        report = self.load_report(path, run)
        self.assertEqual(report["mailWindow"], "2010-01-01..2019-12-31")
        messages = [m for f in self.before["folders"].values() for m in f["messages"]]
        n_inside = sum(inside(m, since, until) for m in messages)
        self.assertGreater(n_inside, 10, "the generated mailbox should have mail in the 2010s")
        self.assertGreater(len(messages) - n_inside, 10, "and mail outside them")
        self.assertEqual(report["totals"]["copied"], n_inside)
        self.assertEqual(report["totals"]["outsideWindow"], len(messages) - n_inside)
        for f in report["folders"]:
            source_messages = self.before["folders"][f["source"]]["messages"]
            self.assertEqual(f["outsideWindow"], sum(not inside(m, since, until) for m in source_messages),
                             f["source"])
        self.assertIn("outside", run.stdout + run.stderr)
        self.expect_target(since, until, "after the 2010s window")
        self.assertEqual(verify.without_volatile(verify.snapshot(self.src)),
                         verify.without_volatile(self.before), "the source changed")

    def test_2_same_window_copies_nothing(self):
        self.requires("test_1_window_copies_only_inside")
        run, path = self.migrate("--since=2010-01-01", "--until=2019-12-31")
        self.assertExit(run, 0)
        report = self.load_report(path, run)
        self.assertEqual(report["totals"]["copied"], 0)
        self.assertTrue(all(f["unchanged"] for f in report["folders"]), report["folders"])
        self.expect_target(date(2010, 1, 1), date(2019, 12, 31), "after the same window again")

    def test_3_wider_window_copies_the_rest_of_it(self):
        self.requires("test_2_same_window_copies_nothing")
        run, path = self.migrate("--since", "2010-01-01")
        self.assertExit(run, 0)
        report = self.load_report(path, run)
        messages = [m for f in self.before["folders"].values() for m in f["messages"]]
        self.assertEqual(report["totals"]["copied"], sum(arrival_day(m["internaldate"]) >= date(2020, 1, 1)
                                                         for m in messages))
        self.expect_target(date(2010, 1, 1), None, "after widening to 2010 onwards")

    def test_3b_before_is_exclusive(self):
        self.requires("test_3_wider_window_copies_the_rest_of_it")
        run, path = self.migrate("--since", "2010-01-01", "--before", "2020-01-01")
        self.assertExit(run, 0)
        report = self.load_report(path, run)
        self.assertEqual(report["mailWindow"], "2010-01-01..2019-12-31")
        self.assertEqual(report["totals"]["copied"], 0, "narrower than what was copied already")

    def test_4_no_window_completes_the_move(self):
        self.requires("test_3_wider_window_copies_the_rest_of_it")
        run, path = self.migrate()
        self.assertExit(run, 0)
        report = self.load_report(path, run)
        self.assertEqual(report["mailWindow"], "")
        self.assertEqual(report["totals"]["outsideWindow"], 0)
        target = verify.snapshot(self.dst)
        self.assertSnapshotsEqual(self.before, target, "target after the pass without a window")
        self.assertEqual(verify.duplicates(target, self.before), [])

    def test_5_bad_dates_are_usage_errors(self):
        for args, words in ((["--since", "2024-02-30"], "YYYY-MM-DD"),
                            (["--until", "31.12.2024"], "YYYY-MM-DD"),
                            (["--since", "2024-12-31", "--until", "2024-01-01"], "swap"),
                            (["--since", "2024-12-31", "--before", "2024-12-31"], "swap"),
                            (["--until", "2024-12-31", "--before", "2024-12-31"], "one of")):
            report = os.path.join(self.tmp, "bad.json")
            run = self.run_ferry(["migrate", "--from", self.src.url(), "--to", self.dst.url(),
                                  "--ca-file", self.source.ca_file, "--state", os.path.join(self.tmp, "bad-state"),
                                  "--report", report] + args, SOURCE_PASSWORD, TARGET_PASSWORD)
            self.assertExit(run, 2)
            self.assertIn(words, run.stderr, run.describe())
            self.assertFalse(os.path.exists(os.path.join(self.tmp, "bad-state")), "a usage error wrote state")


if __name__ == "__main__":
    harness.main()
