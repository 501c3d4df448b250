#!/usr/bin/env python3
"""Server-side refusals on CalDAV/CardDAV: two real Radicales over HTTPS, each behind
httpfault.py (a TLS proxy that answers chosen requests itself), one journal for all
steps (the proxies keep their ports).

  1 h  MKCALENDAR of "tasks" answered 403 with a body: the collection is named in the
       report with its item count and the server's words, the others are copied, exit 1
  2 g  the target fills up: after 5 PUTs every PUT is answered "507 Insufficient
       Storage" with a body: what fits is copied, every refused item is named with the
       507 and the body, the pass stops (exit 6), no retry loop
  3 g  the fault lifted: a re-run copies the rest, exit 0; target equals source, no
       duplicate; the source received no write at all
  4 i  a collection deleted on the source between passes: a note names it, nothing is
       deleted on the target (all its items stay), exit 0
  5 i  a collection that answers 404 once listed (gone between listing and reading):
       one line for it, "no longer on the source", the target untouched, exit 1

Run: python3 test_refusals_dav.py --ferry-cli PATH [--keep] [-v -v]
"""

import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "integration"))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "support"))

import harness  # noqa: E402
from harness import DavCase  # noqa: E402
import davgen  # noqa: E402
import davutil  # noqa: E402
import davverify  # noqa: E402
from httpfault import HttpFault  # noqa: E402

SOURCE_USER, SOURCE_PASSWORD = "alice", "rfd-Src#6b20"
TARGET_USER, TARGET_PASSWORD = "bob", "rfd-Tgt#d83f"
FULL = "Quota exceeded: this account may store 40 kB"
NO_TASKS = "Calendars named tasks are not allowed on this server"


class DavRefusals(DavCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source = cls.start_radicale("source", {SOURCE_USER: SOURCE_PASSWORD})
        cls.target = cls.start_radicale("target", {TARGET_USER: TARGET_PASSWORD})
        cls.src = cls.source.account(SOURCE_USER)
        cls.dst = cls.target.account(TARGET_USER)
        davgen.generate(cls.src, "small", seed=5)
        cls.before = davverify.snapshot(cls.src)
        cls.writes_before = len(cls.source.writes())
        cls.sproxy = HttpFault(("127.0.0.1", cls.source.port), cls.certs, max_seconds=600).start()
        cls.tproxy = HttpFault(("127.0.0.1", cls.target.port), cls.certs, max_seconds=600).start()
        cls.state = os.path.join(cls.tmp, "state")
        cls.reports = []

    @classmethod
    def tearDownClass(cls):
        cls.sproxy.stop()
        cls.tproxy.stop()
        super().tearDownClass()

    def migrate(self):
        path = os.path.join(self.tmp, "report-%d.json" % (len(self.reports) + 1))
        self.reports.append(path)
        args = ["migrate", "--from-dav", "https://%s@127.0.0.1:%d/" % (SOURCE_USER, self.sproxy.port),
                "--to-dav", "https://%s@127.0.0.1:%d/" % (TARGET_USER, self.tproxy.port),
                "--ca-file", self.certs.ca_cert, "--state", self.state, "--report", path]
        run = self.run_ferry(args, SOURCE_PASSWORD, TARGET_PASSWORD, timeout=120)
        return run, self.load_report(path, run)

    def assertPrinted(self, run, *texts):
        for text in texts:
            self.assertIn(text, run.stdout + run.stderr, run.describe())

    def assertNoDiffs(self, diffs, what):
        self.assertEqual(diffs, [], "%s:\n  %s" % (what, "\n  ".join(diffs[:40])))

    def assertSourceUntouched(self):
        self.assertNoDiffs(davverify.unchanged(self.before, davverify.snapshot(self.src)), "source")
        self.assertEqual(self.source.writes()[self.writes_before:], [])

    def test_1_refused_collection(self):
        self.tproxy.set_rules([{"method": "MKCALENDAR|MKCOL", "path": "/tasks/$", "status": 403,
                                "body": NO_TASKS}])
        run, report = self.migrate()
        self.assertExit(run, 1)
        self.assertEqual(report["exitCode"], 1)
        self.assertEqual(len(report["failures"]), 1, report["failures"])
        f = report["failures"][0]
        self.assertIn("refused to create", f["reason"])
        self.assertIn("403", f["reason"])
        self.assertIn("its 7 items were not copied", f["reason"])
        self.assertEqual(f["serverText"], NO_TASKS)
        self.assertPrinted(run, "Not copied (1)", "its 7 items were not copied", "server said: " + NO_TASKS)
        target = davverify.snapshot(self.dst)
        self.assertNotIn("tasks", target["collections"])
        expected = dict(self.before, collections={k: v for k, v in self.before["collections"].items()
                                                  if k != "tasks"})
        self.assertNoDiffs(davverify.compare(expected, target), "the other collections on the target")
        self.assertSourceUntouched()

    def test_2_full_target(self):
        self.requires("test_1_refused_collection")
        self.tproxy.set_rules([{"method": "PUT", "after": 5, "status": 507, "body": FULL}])
        started = time.monotonic()
        run, report = self.migrate()
        self.assertLess(time.monotonic() - started, 60, "no retry loop on a full target")
        self.assertExit(run, 6)
        self.assertEqual(report["error"]["code"], "quota")
        refused = report["failures"]
        self.assertEqual(len(refused), 2, refused)  # 7 in tasks, 5 fit
        for f in refused:
            self.assertIn("507", f["reason"], f)
            self.assertEqual(f["serverText"], FULL, f)
            self.assertEqual(f["folder"], "Aufgaben ☑", f)
            self.assertTrue(f["id"].endswith(".ics"), f)
        self.assertEqual(report["totals"]["copied"], 5)
        puts = [r for r in self.tproxy.injected() if r[0] == "PUT"]
        self.assertEqual(len(puts), 2, "each refused item asked once: %s" % puts)
        self.assertPrinted(run, "Not copied (2)", "server said: " + FULL, "what was copied is kept")
        self.assertSourceUntouched()

    def test_3_rerun_copies_the_rest(self):
        self.requires("test_2_full_target")
        self.tproxy.set_rules([])
        run, report = self.migrate()
        self.assertExit(run, 0)
        self.assertEqual(report["failures"], [])
        self.assertEqual(report["totals"]["copied"], 2)
        self.assertNoDiffs(davverify.compare(self.before, davverify.snapshot(self.dst)), "target after the re-run")
        self.assertSourceUntouched()

    def test_4_collection_deleted_on_the_source(self):
        self.requires("test_3_rerun_copies_the_rest")
        with davutil.DavClient(self.src) as dav:
            dav.delete(self.src.home + "family ü/")
        type(self).writes_before = len(self.source.writes())
        run, report = self.migrate()
        self.assertExit(run, 0)
        notes = [w for w in report["warnings"] if "no longer on the source" in w]
        self.assertEqual(len(notes), 1, report["warnings"])
        self.assertIn("family", notes[0])
        self.assertIn("nothing was deleted on the target", notes[0])
        self.assertPrinted(run, notes[0])
        target = davverify.snapshot(self.dst)
        self.assertEqual(target["collections"]["family ü"]["resources"].keys(),
                         self.before["collections"]["family ü"]["resources"].keys())

    def test_5_collection_gone_once_listed(self):
        self.requires("test_3_rerun_copies_the_rest")
        work = self.before["collections"]["work"]
        name, res = sorted(work["resources"].items())[0]
        with davutil.DavClient(self.src) as dav:  # a change, so the pass reads "work" again
            dav.put(self.src.home + "work/" + name, res["bytes"].replace(b"SUMMARY:", b"SUMMARY:Moved ", 1),
                    "text/calendar; charset=utf-8", if_none_match=False, if_match=res["etag"])
        type(self).writes_before = len(self.source.writes())
        target_before = davverify.snapshot(self.dst)
        self.sproxy.set_rules([{"method": "PROPFIND|REPORT", "path": "^/alice/work/$", "status": 404,
                                "body": "no such collection"}])
        try:
            run, report = self.migrate()
        finally:
            self.sproxy.set_rules([])
        self.assertExit(run, 1)
        lines = [f for f in report["failures"] if "work" in f["reason"].lower() or "Arbeit" in f["folder"]]
        self.assertEqual(len(lines), 1, report["failures"])
        self.assertIn("no longer on the source", lines[0]["reason"])
        self.assertIn("nothing changed on the target", lines[0]["reason"])
        self.assertPrinted(run, "no longer on the source")
        self.assertNoDiffs(davverify.unchanged(target_before, davverify.snapshot(self.dst)), "target")


if __name__ == "__main__":
    harness.main()
