#!/usr/bin/env python3
"""The Ferry app end to end against real servers (ctest it_app_e2e).

Starts a source and a target Dovecot (Maildir++ -> LAYOUT=fs) and a source and a
target Radicale (CalDAV/CardDAV over HTTPS), all with one throw-away CA; fills the
sources (mailgen "small" without the big message, davgen "small"); then runs the
GUI test binary tst_wizard_e2e, which loads the real QML pages offscreen and goes
through the wizard like a person: both accounts, "What to move" (its counts must be
what the servers hold; mail only up to a day), Moving, Report (everything chosen
copied, the rest counted as outside the dates, nothing failed), "Move that mail too"
(exactly the rest), "Run again" (nothing copied) and "Final pass" (nothing new, and the
comparison of both sides finds everything). On the way it meets what people meet: the old
account's certificate is not trusted by the system (no CA file: the Trust page,
first "Don't trust", then "Trust", which pins it for the whole run), and the new
account's password is mistyped once. Its settings come in FERRY_E2E_CONFIG (JSON), the
passwords in FERRY_FROM_PASSWORD / FERRY_TO_PASSWORD, never on the command line.

  1 the GUI run passes (every QtTest step) and left a screenshot of the Report page
  2 the mail target equals the source: every message byte-identical, with flags
    and INTERNALDATE, in the same folders (verify.compare), no duplicates
  3 the DAV target holds every collection and resource of the source with the
    same names, UIDs and bytes (davverify.compare); the old address in the user's
    own events became the new one (the app maps it); nothing can send invitations
  4 the sources are unchanged and the DAV source received no write
  5 no password (nor its AUTHENTICATE/Basic forms) in the state dir, the reports,
    the logs, the screenshot, stdout or stderr

Run: python3 test_app_e2e.py --ferry-cli PATH-OF-tst_wizard_e2e [--keep] [-v -v]
(--ferry-cli is the harness's name for the binary under test.)
"""

import base64
import glob
import json
import os
import subprocess
import sys
import time
import zipfile
from datetime import date, datetime

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "integration"))

import harness  # noqa: E402
from harness import DavCase, mailgen, verify  # noqa: E402

import ca  # noqa: E402

import davgen  # noqa: E402
import davverify  # noqa: E402

# The GUI's first pass takes the mail received until this day; "Move that mail too" the rest.
MAIL_UNTIL = date(2009, 12, 31)

OLD_USER, OLD_PASSWORD = "alice", "app-S3cret#5e2a"
NEW_USER, NEW_PASSWORD = "bob", "app-P4ss%7d1c"
OLD_EMAIL, NEW_EMAIL = "alice@example.org", "bob@new.example"  # davgen's own events name alice@example.org
GUI_TIMEOUT = 240  # seconds for the whole GUI run (two passes inside: 180 s each at most)


def secret_forms(user, password):
    """What must never be written: the password, its AUTHENTICATE PLAIN/LOGIN and Basic forms."""
    return harness.secret_forms(user, password) + [
        base64.b64encode(("%s:%s" % (user, password)).encode("utf-8"))]


def unfolded(data):
    return data.replace(b"\r\n ", b"").replace(b"\r\n\t", b"").replace(b"\n ", b"")


def arrival_day(internaldate):
    """The calendar day of an IMAP INTERNALDATE as written (what the date window compares)."""
    return datetime.strptime(internaldate.strip().split(" ")[0], "%d-%b-%Y").date()


def expected_counts(mail_snapshot, dav_snapshot):
    """What the "What to move" page must show per data type, from the servers' own listing."""
    counts = {"mail": sum(len(f["messages"]) for f in mail_snapshot["folders"].values()),
              "contacts": 0, "calendar": 0, "tasks": 0}
    for col in dav_snapshot["collections"].values():
        if col["kind"] == "addressbook":
            kind = "contacts"
        elif col["components"] and "VEVENT" not in col["components"] and "VTODO" in col["components"]:
            kind = "tasks"
        else:
            kind = "calendar"
        counts[kind] += len(col["resources"])
    return counts


class AppEndToEnd(DavCase):

    @classmethod
    def missing_requirements(cls):
        return sorted(set(DavCase.missing_requirements()) | set(harness.IntegrationCase.missing_requirements()))

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        started = time.monotonic()
        cls.mail_source = cls.start_server("mail-source", "maildir", {OLD_USER: OLD_PASSWORD})
        cls.mail_target = cls.start_server("mail-target", "fs", {NEW_USER: NEW_PASSWORD})
        cls.dav_source = cls.start_radicale("dav-source", {OLD_USER: OLD_PASSWORD}, max_seconds=600)
        cls.dav_target = cls.start_radicale("dav-target", {NEW_USER: NEW_PASSWORD}, max_seconds=600)
        cls.src_mail = cls.mail_source.account(OLD_USER)
        cls.dst_mail = cls.mail_target.account(NEW_USER)
        cls.src_dav = cls.dav_source.account(OLD_USER)
        cls.dst_dav = cls.dav_target.account(NEW_USER)
        mailgen.generate(cls.src_mail, "small", seed=7, big_size=0)
        davgen.generate(cls.src_dav, "small", seed=3)
        cls.mail_before = verify.snapshot(cls.src_mail)
        cls.dav_before = davverify.snapshot(cls.src_dav)
        cls.dav_writes_before = len(cls.dav_source.writes())
        cls.expected = expected_counts(cls.mail_before, cls.dav_before)
        cls.mail_outside = sum(arrival_day(m["internaldate"]) > MAIL_UNTIL
                               for f in cls.mail_before["folders"].values() for m in f["messages"])
        cls.state_dir = os.path.join(cls.tmp, "state")
        cls.report_dir = os.path.join(cls.tmp, "reports")
        cls.out_dir = os.path.join(cls.tmp, "out")
        cls.gui = None
        if harness.OPTIONS.verbose > 1:
            print("servers up and filled in %.1f s: %s" % (time.monotonic() - started, cls.expected),
                  file=sys.stderr)

    def config(self):
        def account(mail, dav, email):
            return {"email": email, "userName": mail.user, "imapHost": mail.host, "imapPort": mail.port,
                    "davUrl": "https://%s:%d/" % (dav.host, dav.port)}
        ca_files = sorted({self.mail_source.ca_file, self.mail_target.ca_file, self.dav_source.ca_file,
                           self.dav_target.ca_file})
        return {"old": account(self.src_mail, self.src_dav, OLD_EMAIL),
                "new": account(self.dst_mail, self.dst_dav, NEW_EMAIL),
                "caFiles": ca_files, "serverFingerprint": ca.fingerprint_sha256(self.certs.server_cert),
                "stateDir": self.state_dir, "reportDir": self.report_dir,
                "outDir": self.out_dir, "expected": self.expected, "timeoutSeconds": 180,
                "mailUntil": MAIL_UNTIL.isoformat(), "mailOutside": self.mail_outside}

    def run_gui(self):
        """Run tst_wizard_e2e with the config; passwords only in the environment."""
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", FERRY_E2E_CONFIG=json.dumps(self.config()),
                   FERRY_FROM_PASSWORD=OLD_PASSWORD, FERRY_TO_PASSWORD=NEW_PASSWORD)
        argv = [harness.OPTIONS.ferry_cli]
        started = time.monotonic()
        proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        harness._children.append(proc)  # killed by the harness's signal handler
        try:
            out, err = proc.communicate(timeout=GUI_TIMEOUT)
            code = proc.returncode
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            code = "timeout"
        finally:
            harness._children.remove(proc)
        run = harness.FerryRun(argv[1:], code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"),
                               time.monotonic() - started)
        type(self).runs.append(run)
        if harness.OPTIONS.verbose > 1:
            print(run.describe(), file=sys.stderr)
        return run

    def assertNoDiffs(self, diffs, what):
        self.assertEqual(diffs, [], "%s:\n  %s" % (what, "\n  ".join(diffs[:40])))

    def test_1_gui_run(self):
        self.assertGreater(self.expected["mail"], 100)
        for kind in ("contacts", "calendar", "tasks"):
            self.assertGreater(self.expected[kind], 0, kind)
        run = self.run_gui()
        self.assertExit(run, 0)
        self.assertRegex(run.stdout, r"Totals: \d+ passed, 0 failed, 0 skipped")
        self.assertNotIn("SKIP", run.stdout, run.describe())
        shot = os.path.join(self.out_dir, "report-page.png")
        self.assertTrue(os.path.exists(shot), run.describe())
        self.assertGreater(os.path.getsize(shot), 5 * 1024)
        # 1: mail until MAIL_UNTIL (and all the rest), 2: "Move that mail too", 3: "Run again",
        # 4: "Final pass" (nothing new; both sides compared).
        copied = {1: sum(self.expected.values()) - self.mail_outside, 2: self.mail_outside, 3: 0, 4: 0}
        for n in (1, 2, 3, 4):
            report = self.load_report(os.path.join(self.report_dir, "report-%d.json" % n), run)
            self.assertEqual(report["exitCode"], 0)
            self.assertEqual(report["totals"]["failed"], 0, report["failures"])
            self.assertEqual(report["totals"]["copied"], copied[n], "report %d" % n)
            self.assertEqual(report["totals"]["outsideWindow"], self.mail_outside if n == 1 else 0)
            self.assertEqual(report["mailWindow"], ".." + MAIL_UNTIL.isoformat() if n == 1 else "")
        final = self.load_report(os.path.join(self.report_dir, "report-4.json"), run)
        self.assertEqual(final["kind"], "final")
        self.assertTrue(final["verify"]["complete"], final["verify"]["missing"])
        for kind, count in self.expected.items():
            self.assertEqual(final["verify"]["totals"][kind]["matched"], count, kind)

    def test_2_mail_target_complete(self):
        self.requires("test_1_gui_run")
        target = verify.snapshot(self.dst_mail)
        self.assertSnapshotsEqual(self.mail_before, target, "mail target after the GUI run")
        self.assertEqual(verify.duplicates(target, self.mail_before), [])

    def test_3_dav_target_complete(self):
        self.requires("test_1_gui_run")
        target = davverify.snapshot(self.dst_dav)
        self.assertNoDiffs(davverify.scheduling_side_effects(target), "invitation risks on the target")
        # The user's own events name the new address; everything else is as it was.
        old, new = ("mailto:" + OLD_EMAIL).encode(), ("mailto:" + NEW_EMAIL).encode()
        mapped = 0
        for name, col in self.dav_before["collections"].items():
            for rname, res in col["resources"].items():
                if old not in unfolded(res["bytes"]).lower():
                    continue
                got = target["collections"].get(name, {}).get("resources", {}).get(rname)
                if got is None:
                    continue  # compare() names it
                self.assertNotIn(old, unfolded(got["bytes"]).lower(), "%s/%s" % (name, rname))
                self.assertIn(new, unfolded(got["bytes"]).lower(), "%s/%s" % (name, rname))
                got["bytes"] = res["bytes"]  # compared by the lines above
                mapped += 1
        self.assertGreater(mapped, 0, "no event of the user's own to map")
        self.assertNoDiffs(davverify.compare(self.dav_before, target), "DAV target after the GUI run")

    def test_4_sources_unchanged(self):
        self.requires("test_1_gui_run")
        self.assertEqual(verify.without_volatile(verify.snapshot(self.src_mail)),
                         verify.without_volatile(self.mail_before), "mail source changed")
        self.assertNoDiffs(davverify.unchanged(self.dav_before, davverify.snapshot(self.src_dav)), "DAV source")
        self.assertEqual(self.dav_source.writes()[self.dav_writes_before:], [])

    def test_5_no_password_leaks(self):
        self.assertTrue(self.runs, "the GUI test never ran")
        secrets = secret_forms(OLD_USER, OLD_PASSWORD) + secret_forms(NEW_USER, NEW_PASSWORD)
        texts = [("stdout", r.stdout) for r in self.runs] + [("stderr", r.stderr) for r in self.runs]
        paths = [p for p in (self.state_dir, self.report_dir, self.out_dir) if os.path.exists(p)]
        if "test_1_gui_run" in type(self)._passed:
            self.assertTrue(os.path.isdir(self.state_dir), "no state dir was written")
        # The diagnostics bundle the Report page saved: every member, uncompressed.
        bundles = glob.glob(os.path.join(self.report_dir, "ferry-diagnostics-*.zip"))
        if "test_1_gui_run" in type(self)._passed:
            self.assertEqual(len(bundles), 1, os.listdir(self.report_dir))
        for bundle in bundles:
            with zipfile.ZipFile(bundle) as z:
                names = z.namelist()
                self.assertTrue(any(n.startswith("journal/") for n in names), names)
                self.assertTrue(any(n.startswith("reports/") for n in names), names)
                for name in names:
                    texts.append(("%s:%s" % (os.path.basename(bundle), name), z.read(name).decode("utf-8", "replace")))
        self.assertEqual(harness.find_secrets(secrets, texts, paths), [])

    def test_6_kiosk_leaves_nothing_behind(self):
        """ferry --kiosk --demo --autorun into the same targets: it works, and afterwards no
        journal, spool, report or anything naming the person is left in HOME, TMPDIR or
        XDG_RUNTIME_DIR."""
        self.requires("test_1_gui_run")
        app = os.environ.get("FERRY_APP")
        if not app:
            self.skipTest("FERRY_APP (the ferry binary) not given")
        root = os.path.join(self.tmp, "kiosk")
        dirs = {name: os.path.join(root, name) for name in ("home", "tmp", "runtime")}
        for d in dirs.values():
            os.makedirs(d, mode=0o700)
        config = os.path.join(root, "demo.json")
        account = lambda mail, dav, email: {"email": email, "userName": mail.user, "imapHost": mail.host,
                                            "imapPort": mail.port, "davUrl": "https://%s:%d/" % (dav.host, dav.port)}
        with open(config, "w", encoding="utf-8") as f:
            json.dump({"old": account(self.src_mail, self.src_dav, OLD_EMAIL),
                       "new": account(self.dst_mail, self.dst_dav, NEW_EMAIL),
                       "caFiles": self.config()["caFiles"]}, f)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=dirs["home"], TMPDIR=dirs["tmp"],
                   XDG_RUNTIME_DIR=dirs["runtime"], XDG_STATE_HOME=os.path.join(dirs["home"], ".local/state"),
                   XDG_CACHE_HOME=os.path.join(dirs["home"], ".cache"), FERRY_DEMO_CONFIG=config,
                   FERRY_FROM_PASSWORD=OLD_PASSWORD, FERRY_TO_PASSWORD=NEW_PASSWORD)
        proc = subprocess.run([app, "--kiosk", "--demo", "--autorun"], env=env, stdin=subprocess.DEVNULL,
                              capture_output=True, timeout=GUI_TIMEOUT)
        out = proc.stdout.decode("utf-8", "replace") + proc.stderr.decode("utf-8", "replace")
        self.assertEqual(proc.returncode, 0, out)
        self.assertIn("autorun:", out)
        left = []
        needles = [OLD_EMAIL.encode(), NEW_EMAIL.encode(), OLD_PASSWORD.encode(), NEW_PASSWORD.encode(), b"SQLite format"]
        for d in dirs.values():
            for base, _subdirs, files in os.walk(d):
                for name in files:
                    path = os.path.join(base, name)
                    if name.endswith((".sqlite", ".sqlite-wal", ".json")) or "ferry-kiosk" in path or "spool" in path:
                        left.append(path)
                        continue
                    with open(path, "rb") as f:
                        data = f.read()
                    if any(n in data for n in needles):
                        left.append(path)
        self.assertEqual(left, [], "the kiosk left a person's data behind")
        self.assertEqual([e for e in os.listdir(dirs["runtime"]) if e.startswith("ferry-kiosk")], [])

if __name__ == "__main__":
    harness.main()
