#!/usr/bin/env python3
"""Crash soak: kill -9 at >= 50 random moments of one mail + contacts/calendars copy.

One ferry-cli migrate copies mail (Dovecot, IMAPS) and contacts, calendars and
tasks (Radicale, HTTPS) in the same run (--from/--to and --from-dav/--to-dav).
A clean run into scratch accounts measures how long its mail part and its DAV
part take (from its --json events) and a second one how long a run with nothing
to do takes (start-up); then the real copy is started again and again and
killed with SIGKILL at a seeded random moment each time (FERRY_KILL_SEED
replays the choice of moments), each run resuming the last, until KILLS kills
landed: some in the start-up, the others a random time after the run was seen
working on its mail (first half) or its DAV part (second half).
The whole soak is bounded (SOAK_SECONDS; it fails clearly when exceeded).

At the end: a final run exits 0; mail and DAV targets equal the sources with no
duplicate; the state store passes PRAGMA integrity_check with nothing pending;
no stray temp file (state dir: only the journal and an empty spool; the private
TMPDIR of the runs: empty; the target Dovecot's maildir tmp/ folders: empty);
the sources are unchanged and the DAV source was never written to.

Run: python3 test_crash_soak.py --ferry-cli PATH [--keep] [-v -v]
"""

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.join(os.path.dirname(HERE), "integration"), os.path.join(os.path.dirname(HERE), "support")]

import harness  # noqa: E402
from harness import DavCase, mailgen, verify  # noqa: E402

import davgen  # noqa: E402
import davverify  # noqa: E402

MB = 1024 * 1024
SOURCE_PASSWORD, TARGET_PASSWORD = "soak-Src#81d0", "soak-Tgt#2fa7"
USER, TARGET_USER, SCRATCH_USER = "alice", "bob", "scratch"
KILLS = 50
DAV_COLLECTIONS = ("work", "tasks", "family ü")
SOAK_SECONDS = 1200  # hard cap on the kill loop: 33 s alone; in CI on a loaded 2-core machine 8-17 s a kill
SEED = int(os.environ.get("FERRY_KILL_SEED", "20261125"))


# ----- shared checks (journal, temp files) ---------------------------------------------------

def journal_problems(state_dir):
    """What is wrong with a state dir after a finished run: [] when the journal is
    sound (integrity_check ok, nothing pending) and no stray file is left."""
    problems = []
    names = sorted(os.listdir(state_dir))
    dbs = [n for n in names if n.endswith(".sqlite")]
    if len(dbs) != 1:
        return ["expected one journal in %s, found %s" % (state_dir, names)]
    with sqlite3.connect(os.path.join(state_dir, dbs[0])) as db:
        check = db.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            problems.append("integrity_check: %s" % check)
        pending = db.execute("SELECT COUNT(*) FROM items WHERE outcome = 0").fetchone()[0]
        if pending:
            problems.append("%d items left pending" % pending)
    allowed = {dbs[0], dbs[0] + "-wal", dbs[0] + "-shm", dbs[0] + "-journal", "spool"}
    problems += ["stray file in the state dir: %s" % n for n in names if n not in allowed]
    spool = os.path.join(state_dir, "spool")
    if os.path.isdir(spool) and os.listdir(spool):
        problems.append("spool files left behind: %s" % os.listdir(spool)[:10])
    return problems


def files_under(root, only_dirs_named=None):
    """Files under ROOT (only inside directories called ONLY_DIRS_NAMED, if given)."""
    found = []
    for directory, _subdirs, files in os.walk(root):
        if only_dirs_named and os.path.basename(directory) != only_dirs_named:
            continue
        found += [os.path.join(directory, f) for f in files]
    return found


class RunWatcher:
    """Reads a running ferry-cli's --json events (a thread) and notes when its mail
    part and its DAV part were first seen working (a folder named in an event)."""

    def __init__(self, proc, mail_folders):
        self.proc = proc
        self.mail_folders = mail_folders
        self.first = {}  # "mail" / "dav" -> monotonic time first seen
        self.last = "start"
        self.tail = []
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        for raw in self.proc.stdout:
            line = raw.decode("utf-8", "replace")
            self.tail = (self.tail + [line])[-20:]
            try:
                folder = json.loads(line).get("folder")
            except ValueError:
                continue
            if folder:
                self.last = "mail" if folder in self.mail_folders else "dav"
                self.first.setdefault(self.last, time.monotonic())

    def wait_for(self, aim, deadline):
        """Until the part AIM was seen (then AIM) — or, aiming at the mail, the DAV
        part (the mail is done: "dav") —, the process ended (None) or DEADLINE
        passed ("start")."""
        while time.monotonic() < deadline:
            if aim in self.first:
                return aim
            if aim == "mail" and "dav" in self.first:
                return "dav"
            if self.proc.poll() is not None:
                return None
            time.sleep(0.01)
        return "start"


class CrashSoak(DavCase):
    @classmethod
    def missing_requirements(cls):
        return DavCase.missing_requirements() + ([] if shutil.which("dovecot") else ["dovecot"])

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        started = time.monotonic()
        cls.imap_source = cls.start_server("imap-source", "maildir", {USER: SOURCE_PASSWORD})
        cls.imap_target = cls.start_server("imap-target", "fs", {TARGET_USER: TARGET_PASSWORD,
                                                                 SCRATCH_USER: TARGET_PASSWORD})
        cls.dav_source = cls.start_radicale("dav-source", {USER: SOURCE_PASSWORD})
        cls.dav_target = cls.start_radicale("dav-target", {TARGET_USER: TARGET_PASSWORD,
                                                           SCRATCH_USER: TARGET_PASSWORD})
        cls.mail_account = cls.imap_source.account(USER)
        cls.dav_account = cls.dav_source.account(USER)
        # Both sources at once (Radicale takes one PUT at a time): ~300 contacts,
        # events and tasks (a calendar, a to-do list, an address book) and the
        # small mail profile with a 4 MB message (kills land inside its literal).
        dav = threading.Thread(target=davgen.generate, args=(cls.dav_account, "bench", 17, DAV_COLLECTIONS))
        dav.start()
        try:
            mailgen.generate(cls.mail_account, "small", seed=17, big_size=4 * MB)
        finally:
            dav.join()
        cls.mail_before = verify.snapshot(cls.mail_account)
        cls.dav_before = davverify.snapshot(cls.dav_account)
        cls.dav_writes_before = len(cls.dav_source.writes())
        cls.tmpdir = os.path.join(cls.tmp, "TMPDIR")
        os.makedirs(cls.tmpdir)
        print("soak sources ready in %.1f s" % (time.monotonic() - started), file=sys.stderr)

    def argv(self, user, state):
        return ["migrate", "--from", self.mail_account.url(), "--to", self.imap_target.account(user).url(),
                "--from-dav", self.dav_account.url("/"), "--to-dav", self.dav_target.account(user).url("/"),
                "--ca-file", self.imap_source.ca_file, "--state", state, "--connections", "2", "--json"]

    def env(self):
        return dict(os.environ, FERRY_FROM_PASSWORD=SOURCE_PASSWORD, FERRY_TO_PASSWORD=TARGET_PASSWORD,
                    TMPDIR=self.tmpdir)

    def kill_runs(self, argv, phases, startup_seconds):
        """Start ARGV again and again and SIGKILL each run, until KILLS kills landed or
        SOAK_SECONDS passed; each run resumes the last. Every tenth kill falls at a
        random moment of the start-up (connect, plan); the others a random time after
        the run was first seen working on its mail (the first half) or its DAV part
        (the second half; or whichever part the run is at, once the other is done),
        drawn so that the kills aimed at a part together span about its length in the
        clean run (PHASES: {"mail": s, "dav": s}). Returns ([(delay, part)], runs that
        finished before their kill)."""
        rng = random.Random(SEED)
        mail_folders = set(self.mail_before["folders"])
        aimed = {"mail": KILLS // 2 - KILLS // 20, "dav": KILLS - KILLS // 2 - KILLS // 20}
        kills, finished = [], 0
        started = time.monotonic()
        while len(kills) < KILLS:
            self.assertLess(time.monotonic() - started, SOAK_SECONDS,
                            "soak over its time bound: %d kills in %.0f s (seed %d)" % (
                                len(kills), time.monotonic() - started, SEED))
            n = len(kills)
            aim = "start" if n % 10 == 9 else "mail" if n < KILLS // 2 else "dav"
            proc = subprocess.Popen([harness.OPTIONS.ferry_cli] + argv, env=self.env(), stdin=subprocess.DEVNULL,
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            harness._children.append(proc)
            try:
                watcher = RunWatcher(proc, mail_folders)
                run_started = time.monotonic()
                if aim == "start":
                    at = watcher.wait_for(aim, run_started + rng.uniform(0.05, startup_seconds))
                else:
                    at = watcher.wait_for(aim, run_started + 60)
                    if at in phases:
                        delay = rng.uniform(0, 2.0 * phases[at] / aimed[at])
                        try:
                            proc.wait(timeout=delay)
                        except subprocess.TimeoutExpired:
                            pass
                if proc.poll() is None:
                    proc.send_signal(signal.SIGKILL)
                    proc.wait(timeout=60)
                    watcher.thread.join(timeout=10)
                    kills.append((round(time.monotonic() - run_started, 2), watcher.last))
                    continue
                watcher.thread.join(timeout=10)
                finished += 1
                self.assertEqual(proc.returncode, 0, "a run between kills failed:\n" + "".join(watcher.tail))
            finally:
                harness._children.remove(proc)
        return kills, finished

    def clean_phases(self, user, state):
        """Run the copy once without kills (into USER), watching its events: how long
        its mail part and its DAV part take, in s."""
        proc = subprocess.Popen([harness.OPTIONS.ferry_cli] + self.argv(user, state), env=self.env(),
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        watcher = RunWatcher(proc, set(self.mail_before["folders"]))
        proc.wait(timeout=harness.FERRY_TIMEOUT)
        watcher.thread.join(timeout=10)
        ended = time.monotonic()
        self.assertEqual(proc.returncode, 0, "".join(watcher.tail))
        self.assertEqual(set(watcher.first), {"mail", "dav"}, "events should name mail and DAV folders")
        return {"mail": watcher.first["dav"] - watcher.first["mail"], "dav": ended - watcher.first["dav"]}

    def test_soak(self):
        scratch_state = os.path.join(self.tmp, "state-scratch")
        phases = self.clean_phases(SCRATCH_USER, scratch_state)
        idle = self.run_ferry(self.argv(SCRATCH_USER, scratch_state), SOURCE_PASSWORD, TARGET_PASSWORD)
        self.assertExit(idle, 0)

        state = os.path.join(self.tmp, "state")
        started = time.monotonic()
        kills, finished = self.kill_runs(self.argv(TARGET_USER, state), phases, idle.seconds)
        soak_seconds = time.monotonic() - started
        self.assertGreaterEqual(len(kills), KILLS)
        domains = {d: sum(1 for _m, k in kills if k == d) for d in ("start", "mail", "dav")}

        final = self.run_ferry(self.argv(TARGET_USER, state), SOURCE_PASSWORD, TARGET_PASSWORD)
        self.assertExit(final, 0)

        mail_target = verify.snapshot(self.imap_target.account(TARGET_USER))
        self.assertSnapshotsEqual(self.mail_before, mail_target, "mail target after %d kills" % len(kills))
        self.assertEqual(verify.duplicates(mail_target, self.mail_before), [])
        self.assertSnapshotsEqual(self.mail_before, verify.snapshot(self.mail_account),
                                  "mail source after the kills (must be unchanged)")

        dav_target = davverify.snapshot(self.dav_target.account(TARGET_USER))
        diffs = davverify.compare(self.dav_before, dav_target)
        self.assertEqual(diffs, [], "DAV target after %d kills:\n  %s" % (len(kills), "\n  ".join(diffs[:40])))
        self.assertEqual(davverify.resource_count(dav_target), davverify.resource_count(self.dav_before))
        self.assertEqual(davverify.scheduling_side_effects(dav_target), [])
        self.assertEqual(davverify.unchanged(self.dav_before, davverify.snapshot(self.dav_account)), [])
        self.assertEqual(self.dav_source.writes()[self.dav_writes_before:], [], "the DAV source was written to")

        self.assertEqual(journal_problems(state), [])
        self.assertEqual(files_under(self.tmpdir), [], "temp files left in the runs' TMPDIR")
        maildir_tmp = files_under(os.path.join(self.imap_target.directory, "mail", TARGET_USER), "tmp")
        self.assertEqual(maildir_tmp, [], "files left in the target's maildir tmp/ folders")
        # Kills must have hit both halves of the run, not only its start.
        self.assertGreaterEqual(domains["mail"], 10, domains)
        self.assertGreaterEqual(domains["dav"], 10, domains)
        print("crash soak: %d kills in %.0f s (%d runs finished on their own; seed %d; clean copy: mail %.1f s, "
              "DAV %.1f s; idle run %.1f s): kills landed in %s; final run %.1f s, everything identical" % (
                  len(kills), soak_seconds, finished, SEED, phases["mail"], phases["dav"], idle.seconds, domains,
                  final.seconds), file=sys.stderr)


if __name__ == "__main__":
    harness.main()
