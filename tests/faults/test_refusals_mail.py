#!/usr/bin/env python3
"""Server-side refusals between two real Dovecots: each named in the report with the
server's own words, a line a person can act on, the source unchanged, the target
never losing anything, and a re-run that finishes the job without a duplicate.

  a OverQuota        the target's storage quota is smaller than the source: what fits
                     is copied, the refused messages are named with "[OVERQUOTA] Quota
                     exceeded", the pass stops at once (exit 6, no retry loop); after
                     the quota is raised a re-run copies the rest, no duplicate
  b RefusedFolder    a folder name the target refuses (too long for Maildir++, which
                     keeps the whole name in one directory name): the
                     folder and its message count are named, the others copied, exit 1
  c TooBig           a message over quota_max_mail_size. test_mail_errors.py already
                     proves the report entry (exit 1, Message-ID, size, the server's
                     text, the rest copied); here only the printed line and the re-run
                     (refused again, nothing else sent again) are checked
  d ReadOnlyTarget   a target folder the user may read but not add to (ACL without
                     "i"): one line for the folder with the server's "[NOPERM]", the
                     other folders copied
    VanishedSource   a source folder deleted between two passes: a note, nothing on
                     the target deleted; and one deleted while a pass runs (between
                     listing and selecting): a line for it, the other folders copied
  e TargetRenumbered test_mail_uidvalidity.py proves the source side (new UIDVALIDITY
                     on the source: re-matched, a warning, no duplicate). Missing was
                     the target side: the target renumbers a folder between passes,
                     every message is matched again, only the new one copied
  f SourceEmptied    a source folder that held N messages looks empty on a later
                     pass: the pass stops (exit 1) saying so and what to do, the
                     target keeps all N; --skip-folder is the way on when it is meant

Run: python3 test_refusals_mail.py --ferry-cli PATH [--keep] [-v -v]
"""

import glob
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "integration"))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "support"))

import harness  # noqa: E402
from harness import IntegrationCase, verify  # noqa: E402
import imaputil  # noqa: E402

SRC_USER, SRC_PW = "alice", "rf-Src#4d1a"
TGT_USER, TGT_PW = "bob", "rf-Tgt#93e7"
KB = 1024


def message(tag, size=2 * KB, day=1):
    """A plain message of about SIZE bytes with Message-ID <TAG@ferry.test>."""
    head = ("From: Alice <alice@example.org>\r\nTo: Bob <bob@example.org>\r\n"
            "Subject: %s\r\nDate: Mon, %02d Jan 2024 10:00:00 +0000\r\n"
            "Message-ID: <%s@ferry.test>\r\nMIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=us-ascii\r\n\r\n" % (tag, day, tag)).encode()
    line = (b"%s " % tag.encode()) * 8
    body = b""
    while len(head) + len(body) < size:
        body += line[:70] + b"\r\n"
    return head + body


def fill(account, folders):
    """CREATE each folder (in order) and APPEND its messages: {name: [bytes]} (IMAP names)."""
    imap = imaputil.connect(account)
    try:
        for name, messages in folders.items():
            if name != "INBOX":
                imaputil.check(imap.create(imaputil.quote(name)), "CREATE %s" % name)
            for data in messages:
                imaputil.check(imap.append(imaputil.quote(name), "(\\Seen)", None, data), "APPEND")
    finally:
        imap.logout()


def count_of(snapshot, key):
    return len(snapshot["folders"][key]["messages"]) if key in snapshot["folders"] else None


class RefusalCase(IntegrationCase):
    """One source and one target; `migrate` keeps one journal per class."""

    SOURCE_LAYOUT, TARGET_LAYOUT = "fs", "maildir"
    TARGET_OPTIONS = {}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source = cls.start_server("source", cls.SOURCE_LAYOUT, {SRC_USER: SRC_PW})
        cls.target = cls.start_server("target", cls.TARGET_LAYOUT, {TGT_USER: TGT_PW}, **cls.TARGET_OPTIONS)
        cls.src = cls.source.account(SRC_USER)
        cls.dst = cls.target.account(TGT_USER)
        cls.state = os.path.join(cls.tmp, "state")
        cls.reports = []
        cls.prepare()
        cls.before = verify.snapshot(cls.src)

    @classmethod
    def prepare(cls):
        """Fill the servers (subclasses)."""

    def migrate(self, *extra, json_output=False):
        """One pass; returns (run, report dict or None)."""
        path = os.path.join(self.tmp, "report-%d.json" % (len(self.reports) + 1))
        self.reports.append(path)
        args = ["migrate", "--from", self.src.url(), "--to", self.dst.url(), "--ca-file", self.certs.ca_cert,
                "--state", self.state, "--report", path] + (["--json"] if json_output else []) + list(extra)
        run = self.run_ferry(args, SRC_PW, TGT_PW, timeout=120)
        report = self.load_report(path, run) if os.path.exists(path) else None
        return run, report

    def assertSourceUnchanged(self):
        self.assertSnapshotsEqual(self.before, verify.snapshot(self.src), "the source changed")

    def assertNoDuplicates(self):
        target = verify.snapshot(self.dst)
        self.assertEqual(verify.duplicates(target, self.before), [], "duplicates on the target")
        return target

    def assertPrinted(self, run, *texts):
        """Each text occurs in what a person reads (stdout report or stderr)."""
        for text in texts:
            self.assertIn(text, run.stdout + run.stderr, run.describe())


# ----- a. over quota ---------------------------------------------------------------------

class OverQuota(RefusalCase):
    """Target quota 40 KB; the source holds about 80 KB in two folders."""

    QUOTA = 40 * KB
    TARGET_OPTIONS = {"quota": {TGT_USER: QUOTA}}

    @classmethod
    def prepare(cls):
        fill(cls.src, {"INBOX": [message("inbox-%02d" % i, 4 * KB, i + 1) for i in range(12)],
                       "Notes": [message("note-%02d" % i, 4 * KB, i + 1) for i in range(8)]})

    def test_1_copies_what_fits_and_names_the_refused(self):
        started = time.monotonic()
        run, report = self.migrate()
        self.assertLess(time.monotonic() - started, 60, "no retry loop on a full target")
        self.assertExit(run, 6)
        self.assertEqual(report["exitCode"], 6)
        self.assertEqual(report["error"]["code"], "quota", report.get("error"))
        refused = [f for f in report["failures"] if f["code"] == "quota"]
        self.assertTrue(refused, report["failures"])
        for f in refused:
            self.assertIn("OVERQUOTA", f["serverText"], f)
            self.assertIn("quota exceeded", f["serverText"].lower(), f)
            self.assertTrue(f["messageId"].endswith("@ferry.test>"), f)
        # The refused are those in flight when the first refusal came back (a batch per
        # connection), not an attempt per message, and each is asked once.
        self.assertLess(len(refused), 20 - 5, refused)
        self.assertEqual(len({(f["folder"], f["id"]) for f in refused}), len(refused), refused)
        target = self.assertNoDuplicates()
        copied = sum(len(f["messages"]) for f in target["folders"].values())
        self.assertEqual(report["totals"]["copied"], copied)
        self.assertGreater(copied, 0, "what fits must be copied")
        self.assertLess(copied, 20)
        # The person reads the server's words and what to do.
        self.assertPrinted(run, "[OVERQUOTA] Quota exceeded", "Not copied (%d)" % len(refused),
                           "raise its quota", "run the same command again")
        type(self).copied_first = copied

    def test_2_source_unchanged(self):
        self.requires("test_1_copies_what_fits_and_names_the_refused")
        self.assertSourceUnchanged()

    def test_3_rerun_after_raising_the_quota(self):
        self.requires("test_1_copies_what_fits_and_names_the_refused")
        self.target.quota[TGT_USER] = 10 * 1024 * KB
        self.target._write_passwd()  # passwd-file is read again when it changes
        time.sleep(1.1)  # a new mtime second, so Dovecot sees the file changed
        os.utime(self.target._path("passwd"))
        run, report = self.migrate()
        self.assertExit(run, 0)
        self.assertEqual(report["failures"], [])
        self.assertEqual(report["totals"]["copied"], 20 - self.copied_first)
        target = self.assertNoDuplicates()
        self.assertSnapshotsEqual(self.before, target, "the target after the re-run")
        self.assertSourceUnchanged()


# ----- b. a folder name the target refuses ---------------------------------------------------

LONG_A, LONG_B = "A" * 150, "B" * 150
LONG = "Long/%s/%s" % (LONG_A, LONG_B)  # fs source: three short-enough directories


class RefusedFolder(RefusalCase):
    """The source (fs layout) holds Long/A…/B… (305 bytes, three directories);
    Maildir++ on the target keeps ".Long.A….B…" as one directory name, over 255
    bytes: Dovecot refuses the CREATE (it says "Not found")."""

    @classmethod
    def prepare(cls):
        fill(cls.src, {"INBOX": [message("in-%d" % i) for i in range(3)],
                       "Long": [], "Long/" + LONG_A: [message("mid-1")],
                       LONG: [message("deep-%d" % i) for i in range(4)],
                       "Kept": [message("kept-%d" % i) for i in range(2)]})

    def test_1_refused_folder_named_with_count(self):
        run, report = self.migrate()
        self.assertExit(run, 1)
        self.assertEqual(report["exitCode"], 1)
        refused = [f for f in report["failures"] if f["folder"] == LONG]
        self.assertEqual(len(refused), 1, report["failures"])
        f = refused[0]
        # Dovecot's own words: for a name over 255 bytes in one directory name
        # mkdir fails and it answers "Not found" (over 255 in one segment: "too long").
        text = f["serverText"].lower()
        self.assertTrue("not found" in text or "too long" in text, f)
        self.assertIn("refused to create", f["reason"])
        self.assertIn("4 messages", f["reason"])
        self.assertEqual(len(report["failures"]), 1, report["failures"])
        target = self.assertNoDuplicates()
        for key in ("INBOX", "Kept", "Long/" + LONG_A):
            self.assertEqual(count_of(target, key), count_of(self.before, key), key)
        self.assertNotIn(LONG, target["folders"])
        self.assertPrinted(run, "Not copied (1)", "4 messages", "server said: " + f["serverText"])

    def test_2_source_unchanged_and_rerun_says_it_again(self):
        self.requires("test_1_refused_folder_named_with_count")
        self.assertSourceUnchanged()
        run, report = self.migrate()
        self.assertExit(run, 1)
        self.assertEqual([f["folder"] for f in report["failures"]], [LONG])
        self.assertEqual(report["totals"]["copied"], 0)
        self.assertNoDuplicates()


# ----- c. a message over the target's size limit ---------------------------------------------

class TooBig(RefusalCase):
    """quota_max_mail_size 64 KB; one 200 KB message among small ones."""

    TARGET_OPTIONS = {"max_mail_size": 64 * KB}

    @classmethod
    def prepare(cls):
        fill(cls.src, {"INBOX": [message("small-%d" % i) for i in range(4)] + [message("huge", 200 * KB)]})

    def test_1_printed_line_and_rerun(self):
        run, report = self.migrate()
        self.assertExit(run, 1)
        self.assertEqual([f["messageId"] for f in report["failures"]], ["<huge@ferry.test>"])
        failure = report["failures"][0]
        self.assertEqual(failure["code"], "too-big")
        # One line: the folder, the message, its size, why, and the server's words.
        line = next((ln for ln in run.stdout.splitlines() if "<huge@ferry.test>" in ln), "")
        self.assertIn("INBOX", line, run.describe())
        self.assertIn("does not accept messages this large", line, run.describe())
        self.assertIn("server said: " + failure["serverText"], line, run.describe())
        # Again: refused again, the others not sent again.
        run, report = self.migrate()
        self.assertExit(run, 1)
        self.assertEqual(report["totals"]["copied"], 0)
        self.assertEqual([f["messageId"] for f in report["failures"]], ["<huge@ferry.test>"])
        self.assertNoDuplicates()
        self.assertSourceUnchanged()


# ----- d. a read-only target folder; a source folder that vanishes ---------------------------

class FrozenFolder(RefusalCase):
    """bob's folder Frozen on the target holds one message and has the access rights
    ACL (a dovecot-acl line) for its owner; INBOX is free."""

    TARGET_LAYOUT = "fs"
    TARGET_OPTIONS = {"acl": True}
    ACL = "owner lr"

    @classmethod
    def prepare(cls):
        fill(cls.src, {"INBOX": [message("in-%d" % i) for i in range(3)],
                       "Frozen": [message("frozen-%d" % i) for i in range(5)]})
        fill(cls.dst, {"Frozen": [message("already-there")]})
        acl = os.path.join(cls.target.directory, "mail", TGT_USER, "Maildir", "Frozen", "dovecot-acl")
        with open(acl, "w", encoding="utf-8") as f:
            f.write(cls.ACL + "\n")
        cls.target_before = verify.snapshot(cls.dst)


class ReadOnlyTarget(FrozenFolder):
    """Frozen gives bob only "lr": it opens read-only."""

    def test_1_read_only_folder_is_one_clear_line(self):
        run, report = self.migrate()
        self.assertExit(run, 1)
        frozen = [f for f in report["failures"] if f["folder"] == "Frozen"]
        self.assertTrue(frozen, report["failures"])
        self.assertLessEqual(len(frozen), 1, "one line for the folder, not one per message: %s" % frozen)
        self.assertIn("NOPERM", frozen[0]["serverText"])
        self.assertIn("5 messages", frozen[0]["reason"])
        target = self.assertNoDuplicates()
        self.assertEqual(count_of(target, "INBOX"), 3)
        self.assertEqual(target["folders"]["Frozen"]["messages"], self.target_before["folders"]["Frozen"]["messages"])
        self.assertPrinted(run, "Frozen", "NOPERM")
        self.assertSourceUnchanged()


class NoInsertRight(FrozenFolder):
    """Frozen opens read-write but lacks the insert right ("owner lrwsk"): Dovecot
    refuses an APPEND into it without reading the message and takes the text for
    commands. Ferry must drop that connection, send the messages one by one on a new
    one, and name each with NOPERM — never "a command Ferry did not send"."""

    ACL = "owner lrwsk"

    def test_1_each_message_named_with_the_servers_reason(self):
        run, report = self.migrate()
        self.assertExit(run, 1)
        frozen = [f for f in report["failures"] if f["folder"] == "Frozen"]
        self.assertTrue(frozen, report["failures"])
        for f in frozen:
            self.assertIn("NOPERM", f["serverText"], frozen)
            self.assertNotIn("did not send", f["reason"] + f["serverText"])
        self.assertNotIn("did not send", run.stdout + run.stderr)
        target = self.assertNoDuplicates()
        self.assertEqual(count_of(target, "INBOX"), 3)
        self.assertEqual(target["folders"]["Frozen"]["messages"], self.target_before["folders"]["Frozen"]["messages"])
        self.assertSourceUnchanged()


class VanishedSource(RefusalCase):
    """Gone is deleted on the source after the first pass; Late during the third."""

    @classmethod
    def prepare(cls):
        fill(cls.src, {"INBOX": [message("in-%d" % i) for i in range(3)],
                       "Gone": [message("gone-%d" % i) for i in range(4)]})

    def delete_on_source(self, name):
        imap = imaputil.connect(self.src)
        try:
            imaputil.check(imap.delete(imaputil.quote(name)), "DELETE %s" % name)
        finally:
            imap.logout()

    def test_1_first_pass(self):
        run, _ = self.migrate()
        self.assertExit(run, 0)

    def test_2_deleted_between_passes(self):
        self.requires("test_1_first_pass")
        self.delete_on_source("Gone")
        type(self).before = verify.snapshot(self.src)
        run, report = self.migrate()
        self.assertExit(run, 0)
        notes = [w for w in report["warnings"] if "Gone" in w]
        self.assertEqual(len(notes), 1, report["warnings"])
        self.assertIn("no longer on the source", notes[0])
        self.assertIn("nothing was deleted", notes[0])
        self.assertPrinted(run, notes[0])
        target = verify.snapshot(self.dst)
        self.assertEqual(count_of(target, "Gone"), 4, "the target keeps what it had")

    def test_3_deleted_while_a_pass_runs(self):
        """Late is listed, then deleted before its turn: Big (copied first, largest
        first, one connection) gives the time; the deletion waits for Big's start."""
        self.requires("test_1_first_pass")
        fill(self.src, {"Big": [message("big-%03d" % i, 24 * KB) for i in range(300)],
                        "Late": [message("late-%d" % i) for i in range(2)]})
        path = os.path.join(self.tmp, "report-late.json")
        argv = [harness.OPTIONS.ferry_cli, "migrate", "--from", self.src.url(), "--to", self.dst.url(),
                "--ca-file", self.certs.ca_cert, "--state", self.state, "--report", path, "--json",
                "--connections", "1"]
        env = dict(os.environ, FERRY_FROM_PASSWORD=SRC_PW, FERRY_TO_PASSWORD=TGT_PW)
        proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True)
        deleted = False
        try:
            deadline = time.monotonic() + 60
            for line in proc.stdout:  # --json: one event per line, Big's first progress names it
                if not deleted and '"Big"' in line and "folder" in line:
                    self.delete_on_source("Late")
                    deleted = True
                if time.monotonic() > deadline:
                    break
            proc.wait(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            proc.stdout.close()
        self.assertTrue(deleted, "never saw Big start")
        with open(path, encoding="utf-8") as f:
            report = json.load(f)
        late = [f for f in report["failures"] if f["folder"] == "Late"]
        self.assertEqual(len(late), 1, report["failures"])
        self.assertIn("no longer on the source", late[0]["reason"])
        self.assertIn("doesn't exist", late[0]["serverText"])  # Dovecot: "Mailbox doesn't exist: Late"
        self.assertEqual(proc.returncode, 1)
        target = verify.snapshot(self.dst)
        self.assertEqual(count_of(target, "Big"), 300)
        self.assertEqual(count_of(target, "Gone"), 4)
        self.assertEqual(verify.duplicates(target), [])


# ----- e. the target renumbers a folder --------------------------------------------------------

class TargetRenumbered(RefusalCase):
    """After a pass the target forgets Work's UIDs (new UIDVALIDITY); one new message."""

    @classmethod
    def prepare(cls):
        fill(cls.src, {"INBOX": [message("in-%d" % i) for i in range(2)],
                       "Work": [message("work-%d" % i) for i in range(5)]})

    def test_1_rematched_not_copied_again(self):
        run, _ = self.migrate()
        self.assertExit(run, 0)
        home = os.path.join(self.target.directory, "mail", TGT_USER, "Maildir", ".Work")
        removed = [p for p in glob.glob(os.path.join(home, "dovecot-uidlist*"))
                   + glob.glob(os.path.join(home, "dovecot.index*")) if os.path.isfile(p)]
        self.assertTrue(removed, "no index files under %s" % home)
        for p in removed:
            os.remove(p)
        fill(self.src, {"Work-new": []})
        imap = imaputil.connect(self.src)
        imaputil.check(imap.append("Work", None, None, message("work-late")), "APPEND")
        imap.logout()
        type(self).before = verify.snapshot(self.src)
        run, report = self.migrate()
        self.assertExit(run, 0)
        self.assertEqual(report["totals"]["copied"], 1, run.describe())
        notes = [w for w in report["warnings"] if "target server renumbered" in w]
        self.assertEqual(len(notes), 1, report["warnings"])
        self.assertPrinted(run, notes[0])
        target = self.assertNoDuplicates()
        self.assertSnapshotsEqual(self.before, target, "the target after the renumbering")


# ----- f. a source folder that suddenly looks empty --------------------------------------------

class SourceEmptied(RefusalCase):
    """Project held 5 messages; before the second pass they are moved to Elsewhere."""

    @classmethod
    def prepare(cls):
        fill(cls.src, {"INBOX": [message("in-%d" % i) for i in range(2)],
                       "Project": [message("project-%d" % i) for i in range(5)]})

    def test_1_first_pass(self):
        run, _ = self.migrate()
        self.assertExit(run, 0)

    def test_2_emptied_folder_stops_the_pass(self):
        self.requires("test_1_first_pass")
        imap = imaputil.connect(self.src)
        try:
            imaputil.check(imap.create("Elsewhere"), "CREATE")
            imap.select("Project")
            imaputil.check(imap.uid("COPY", "1:*", "Elsewhere"), "COPY")
            imap.uid("STORE", "1:*", "+FLAGS.SILENT", "(\\Deleted)")
            imap.expunge()
            imap.close()
        finally:
            imap.logout()
        type(self).before = verify.snapshot(self.src)
        run, report = self.migrate()
        self.assertExit(run, 1)
        self.assertEqual(report["error"]["code"], "source-emptied", report.get("error"))
        what = report["error"]["what"]
        self.assertIn("Project", what)
        self.assertIn("held 5 messages and now looks empty", what)
        self.assertPrinted(run, "held 5 messages and now looks empty", "nothing was changed on either side",
                           "leave this folder out", "--skip-folder")
        target = verify.snapshot(self.dst)
        self.assertEqual(count_of(target, "Project"), 5, "the target keeps all five")

    def test_3_skip_folder_is_the_way_on(self):
        self.requires("test_2_emptied_folder_stops_the_pass")
        run, report = self.migrate("--skip-folder", "Project")
        self.assertExit(run, 0)
        target = verify.snapshot(self.dst)
        self.assertEqual(count_of(target, "Project"), 5)
        self.assertEqual(count_of(target, "Elsewhere"), 5)
        self.assertEqual(verify.duplicates(target), [])
        self.assertSourceUnchanged()


if __name__ == "__main__":
    harness.main()
