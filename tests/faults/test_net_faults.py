#!/usr/bin/env python3
"""A bad network between Ferry and real servers: cuts, stalls, a server gone for a while.

Real Dovecot (IMAPS) and real Radicale (HTTPS) sit behind faultproxy.py on
loopback; TLS passes through the proxy untouched, so the certificate checks are
the real ones. Every scenario must end with ferry-cli exit 0, the target equal
to the source with no duplicate, the source unchanged — and ferry-cli saying
what happened (the "Connections lost" line of its summary, the report's
"interruptions" and a warning per reconnect):

  mail  2000 messages (~15 MB) copied while the target's proxy cuts every
        connection after ~256 KB sent to it (each connection, every time):
        dozens of cuts in the middle of APPENDs; then again with the source's
        proxy cutting every ~256 KB received (in the middle of FETCH literals);
  mail  the source stops answering for 10 s in the middle of a FETCH, with
        --timeout 3: Ferry times out, reconnects and goes on;
  mail  the target goes away for 30 s mid-pass (open connections cut, new ones
        refused): Ferry retries with backoff and finishes;
  mail  the target stays away past the retry budget: Ferry stops with a clear
        message and the network exit code (5); a later run completes, no
        duplicate;
  mail  throttled (2 MB/s) with 25 ms latency each way: it finishes;
  DAV   ~300 contacts, events and tasks: a cut every ~16 KB sent to the target
        (counted over all connections: Radicale closes each after one answer),
        a stall past --timeout on the source, and the target 30 s away.

The proxy's own counters are checked too (the cuts/stalls/refusals happened).

Run: python3 test_net_faults.py --ferry-cli PATH [--keep] [-v -v]
"""

import json
import os
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.join(os.path.dirname(HERE), "integration"), os.path.join(os.path.dirname(HERE), "support")]

import harness  # noqa: E402
from harness import DavCase, IntegrationCase, mailgen, verify  # noqa: E402

import davgen  # noqa: E402
import davverify  # noqa: E402
from faultproxy import FaultProxy  # noqa: E402

KB, MB = 1024, 1024 * 1024
SOURCE_PASSWORD, TARGET_PASSWORD = "netf-Src#2b9e", "netf-Tgt#c41d"
BIG_USER, SMALL_USER = "alice", "carol"  # 2000 messages / the small profile
TARGET_USERS = ("cut", "cutsrc", "stall", "away", "budget", "slow")
DAV_COLLECTIONS = ("work", "tasks", "family ü")  # a calendar, a to-do list, an address book
BUDGET_SECONDS = 63  # engine defaults: 6 reconnects after 1, 2, 4, 8, 16, 32 s


def plan_2000(seed=7):
    """2000 messages of 1-24 KB (log-uniform, ~15 MB) over three folders.

    Every message is smaller than one cut budget, so each can pass between two
    cuts; the bench profile's multi-MB messages never could.
    """
    import random
    rng = random.Random(seed)
    folders = []
    start = 0
    for name, count in (("INBOX", 1000), ("Archive", 600), ("Sent", 400)):
        folder = mailgen.Folder((name,), True)
        role = mailgen.SPECIAL_USE.get(name)
        for i in range(start, start + count):
            size = int(1 * KB * 24 ** rng.random())
            folder.messages.append(("%s:net:%d" % (seed, i), size, role))
        start += count
        folders.append(folder)
    return folders


class FaultCase:
    """Mixin: proxies stopped at the end of each test, and the checks of what Ferry said."""

    def proxy(self, port, **faults):
        proxy = FaultProxy("127.0.0.1:%d" % port, max_seconds=600, **faults)
        self.addCleanup(proxy.stop)
        return proxy

    def assertToldInterruptions(self, run, report, at_least, gave_up=False):
        """The run said what happened: warnings, the summary line, report.interruptions."""
        got = report.get("interruptions")
        self.assertIsInstance(got, dict, "report has no interruptions\n" + run.describe())
        self.assertGreaterEqual(got["total"], at_least, run.describe())
        if gave_up:  # each worker that gave up (one per connection pair) did not reconnect
            self.assertIn(got["total"] - got["reconnects"], (1, 2), json.dumps(got))
        else:
            self.assertEqual(got["reconnects"], got["total"], json.dumps(got))
        self.assertIn("connection lost", run.stderr, run.describe())
        self.assertIn("reconnecting in", run.stderr, run.describe())
        self.assertIn("Connections lost: %d" % got["total"], run.stdout, run.describe())
        return got


class MailNetFaults(FaultCase, IntegrationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source = cls.start_server("source", "maildir", {BIG_USER: SOURCE_PASSWORD,
                                                            SMALL_USER: SOURCE_PASSWORD})
        cls.target = cls.start_server("target", "fs", {u: TARGET_PASSWORD for u in TARGET_USERS})
        started = time.monotonic()
        mailgen.upload(cls.source.account(BIG_USER), plan_2000())
        mailgen.generate(cls.source.account(SMALL_USER), "small", seed=3, big_size=0)
        cls.before = {u: verify.snapshot(cls.source.account(u)) for u in (BIG_USER, SMALL_USER)}
        print("mail sources ready in %.1f s: %d + %d messages" % (
            time.monotonic() - started,
            sum(f["count"] for f in cls.before[BIG_USER]["folders"].values()),
            sum(f["count"] for f in cls.before[SMALL_USER]["folders"].values())), file=sys.stderr)

    def migrate(self, source_user, target_user, src_port=None, dst_port=None, extra=(), timeout=400):
        report = os.path.join(self.tmp, "report-%s-%d.json" % (target_user, len(self.runs)))
        run = self.run_ferry(
            ["migrate", "--from", "imaps://%s@127.0.0.1:%d" % (source_user, src_port or self.source.port),
             "--to", "imaps://%s@127.0.0.1:%d" % (target_user, dst_port or self.target.port),
             "--ca-file", self.source.ca_file, "--connections", "2",
             "--state", os.path.join(self.tmp, "state-" + target_user), "--report", report] + list(extra),
            SOURCE_PASSWORD, TARGET_PASSWORD, timeout=timeout)
        return run, (self.load_report(report, run) if os.path.exists(report) else None)

    def assertIdentical(self, source_user, target_user, what):
        target = verify.snapshot(self.target.account(target_user))
        self.assertSnapshotsEqual(self.before[source_user], target, "%s: target" % what)
        self.assertEqual(verify.duplicates(target, self.before[source_user]), [], what)
        self.assertSnapshotsEqual(self.before[source_user], verify.snapshot(self.source.account(source_user)),
                                  "%s: source (must be unchanged)" % what)

    def test_1_target_cut_every_256k(self):
        dst = self.proxy(self.target.port, cut_after=256 * KB, cut_direction="up", cut_jitter=0.2, seed=12)
        run, report = self.migrate(BIG_USER, "cut", dst_port=dst.port)
        self.assertExit(run, 0)
        cuts = dst.stats()["cuts"]
        self.assertGreaterEqual(cuts, 24, "the proxy should have cut dozens of times")
        told = self.assertToldInterruptions(run, report, at_least=24)
        self.assertGreaterEqual(told["target"], 24, told)
        self.assertIdentical(BIG_USER, "cut", "2000 messages through cuts")
        self.assertEqual(report["totals"]["copied"], 2000)
        print("mail, target cut every ~256 KB: %d cuts, Ferry counted %s; %.1f s" % (cuts, told, run.seconds),
              file=sys.stderr)

    def test_1b_source_cut_every_256k(self):
        # The source's side: cut in the middle of FETCH literals. Each reconnect
        # lists the folder again, without Message-IDs (~60 bytes a message, not
        # ~260: those are fetched for just the messages that could be on the
        # target already), so the listing of 2000 gets through between cuts.
        src = self.proxy(self.source.port, cut_after=256 * KB, cut_direction="down", cut_jitter=0.2, seed=11)
        run, report = self.migrate(BIG_USER, "cutsrc", src_port=src.port)
        self.assertExit(run, 0)
        cuts = src.stats()["cuts"]
        self.assertGreaterEqual(cuts, 24, "the proxy should have cut dozens of times")
        told = self.assertToldInterruptions(run, report, at_least=24)
        self.assertGreaterEqual(told["source"], 24, told)
        self.assertIdentical(BIG_USER, "cutsrc", "2000 messages through source cuts")
        self.assertEqual(report["totals"]["copied"], 2000)
        print("mail, source cut every ~256 KB: %d cuts, Ferry counted %s; %.1f s" % (cuts, told, run.seconds),
              file=sys.stderr)

    def test_2_stall_past_the_timeout(self):
        src = self.proxy(self.source.port, stall_after=200 * KB, stall_seconds=10, stall_direction="down",
                         stall_count=2)
        run, report = self.migrate(SMALL_USER, "stall", src.port, extra=["--timeout", "3"])
        self.assertExit(run, 0)
        self.assertGreaterEqual(src.stats()["stalls"], 1, "the proxy should have stalled")
        told = self.assertToldInterruptions(run, report, at_least=1)
        self.assertGreaterEqual(told["source"], 1, told)
        self.assertIn("did not answer within 3 s", run.stderr, run.describe())
        self.assertIdentical(SMALL_USER, "stall", "a stall past the timeout")
        print("mail stall: %s stalls, Ferry counted %s; %.1f s" % (src.stats()["stalls"], told, run.seconds),
              file=sys.stderr)

    def test_3_target_away_30s(self):
        dst = self.proxy(self.target.port, away_after=400 * KB, away_seconds=30, refuse_mode="unlisten")
        run, report = self.migrate(SMALL_USER, "away", dst_port=dst.port)
        self.assertExit(run, 0)
        self.assertEqual(dst.stats()["aways"], 1, "the server should have gone away once")
        told = self.assertToldInterruptions(run, report, at_least=2)
        self.assertGreaterEqual(told["target"], 2, told)
        self.assertGreaterEqual(run.seconds, 30, "finished before the server came back?")
        self.assertIdentical(SMALL_USER, "away", "the target away for 30 s")
        print("mail away 30 s: Ferry counted %s; %.1f s" % (told, run.seconds), file=sys.stderr)

    def test_4_target_away_past_the_budget(self):
        dst = self.proxy(self.target.port, away_after=400 * KB, away_seconds=500, refuse_mode="unlisten")
        run, report = self.migrate(SMALL_USER, "budget", dst_port=dst.port)
        self.assertExit(run, 5)
        told = self.assertToldInterruptions(run, report, at_least=7, gave_up=True)
        self.assertIn("It gave up after the last one", run.stdout, run.describe())
        self.assertIn("gave up after 6 reconnects", run.stderr, run.describe())
        self.assertIn("run the same command again", run.stderr, run.describe())
        self.assertIn("error on the target (new account)", run.stderr, run.describe())
        self.assertEqual(report["error"]["code"], "network", report.get("error"))
        self.assertGreaterEqual(run.seconds, BUDGET_SECONDS - 5)
        dst.control(refuse=0)  # the server is back
        time.sleep(0.5)
        again, report = self.migrate(SMALL_USER, "budget", dst_port=dst.port)
        self.assertExit(again, 0)
        self.assertIdentical(SMALL_USER, "budget", "a run after the server came back")
        print("mail away past the budget: exit 5 after %.1f s (%s), then exit 0 in %.1f s" % (
            run.seconds, told, again.seconds), file=sys.stderr)

    def test_5_throttled_with_latency(self):
        src = self.proxy(self.source.port, throttle=2 * MB, latency_ms=25)
        dst = self.proxy(self.target.port, throttle=2 * MB, latency_ms=25)
        run, report = self.migrate(SMALL_USER, "slow", src.port, dst.port)
        self.assertExit(run, 0)
        self.assertNotIn("Connections lost", run.stdout)
        self.assertEqual(report["interruptions"]["total"], 0)
        self.assertIdentical(SMALL_USER, "slow", "throttled with latency")
        print("mail throttled: %.1f s, %d bytes through the target proxy" % (
            run.seconds, dst.stats()["bytes_up"]), file=sys.stderr)


class DavNetFaults(FaultCase, DavCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source = cls.start_radicale("source", {"alice": SOURCE_PASSWORD})
        cls.target = cls.start_radicale("target", {u: TARGET_PASSWORD for u in TARGET_USERS})
        cls.src = cls.source.account("alice")
        davgen.generate(cls.src, "bench", seed=9, collections=DAV_COLLECTIONS)  # ~300 items
        cls.before = davverify.snapshot(cls.src)
        cls.writes_before = len(cls.source.writes())

    def migrate(self, user, src_port=None, dst_port=None, extra=()):
        report = os.path.join(self.tmp, "report-%s-%d.json" % (user, len(self.runs)))
        run = self.run_ferry(
            ["migrate", "--from-dav", "https://alice@127.0.0.1:%d/" % (src_port or self.source.port),
             "--to-dav", "https://%s@127.0.0.1:%d/" % (user, dst_port or self.target.port),
             "--ca-file", self.source.ca_file, "--state", os.path.join(self.tmp, "state-" + user),
             "--report", report] + list(extra),
            SOURCE_PASSWORD, TARGET_PASSWORD, timeout=300)
        return run, (self.load_report(report, run) if os.path.exists(report) else None)

    def assertIdentical(self, user, what):
        target = davverify.snapshot(self.target.account(user))
        diffs = davverify.compare(self.before, target)
        self.assertEqual(diffs, [], "%s:\n  %s" % (what, "\n  ".join(diffs[:40])))
        self.assertEqual(davverify.resource_count(target), davverify.resource_count(self.before), what)
        self.assertEqual(davverify.scheduling_side_effects(target), [], what)
        self.assertEqual(davverify.unchanged(self.before, davverify.snapshot(self.src)), [], what)
        self.assertEqual(self.source.writes()[self.writes_before:], [], "the source was written to")

    def test_1_cuts(self):
        # Radicale closes the connection after each answer: count all bytes ("total").
        # Each attempt keeps what the server confirmed before the cut (collectionpass).
        dst = self.proxy(self.target.port, cut_after=16 * KB, cut_direction="up", cut_jitter=0.2, seed=21,
                         scope="total")
        run, report = self.migrate("cut", dst_port=dst.port)
        self.assertExit(run, 0)
        self.assertGreaterEqual(dst.stats()["cuts"], 5, "the proxy should have cut several times")
        told = self.assertToldInterruptions(run, report, at_least=3)
        self.assertIdentical("cut", "DAV copy through cuts")
        # The report counts what every attempt copied, not only the last one's part.
        self.assertEqual(report["totals"]["copied"], davverify.resource_count(self.before), report["totals"])
        self.assertEqual(report["totals"]["alreadyThere"], 0, report["totals"])
        print("dav cuts: %d cuts, Ferry counted %s; %.1f s" % (dst.stats()["cuts"], told, run.seconds),
              file=sys.stderr)

    def test_2_stall_past_the_timeout(self):
        src = self.proxy(self.source.port, stall_after=30 * KB, stall_seconds=10, stall_direction="down",
                         stall_count=1, scope="total")
        run, report = self.migrate("stall", src_port=src.port, extra=["--timeout", "3"])
        self.assertExit(run, 0)
        self.assertEqual(src.stats()["stalls"], 1, "the proxy should have stalled")
        told = self.assertToldInterruptions(run, report, at_least=1)
        self.assertIdentical("stall", "DAV copy with a stall past the timeout")
        print("dav stall: Ferry counted %s; %.1f s" % (told, run.seconds), file=sys.stderr)

    def test_3_target_away_30s(self):
        dst = self.proxy(self.target.port, away_after=60 * KB, away_seconds=30, refuse_mode="unlisten")
        run, report = self.migrate("away", dst_port=dst.port)
        self.assertExit(run, 0)
        self.assertEqual(dst.stats()["aways"], 1, "the server should have gone away once")
        told = self.assertToldInterruptions(run, report, at_least=2)
        self.assertGreaterEqual(run.seconds, 30, "finished before the server came back?")
        self.assertIdentical("away", "DAV copy with the target away for 30 s")
        print("dav away 30 s: Ferry counted %s; %.1f s" % (told, run.seconds), file=sys.stderr)


if __name__ == "__main__":
    harness.main()
