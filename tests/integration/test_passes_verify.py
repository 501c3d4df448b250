#!/usr/bin/env python3
"""Passes, verify and the final pass against real Dovecot and Radicale (mail + contacts/calendars).

The target refuses one message (quota_max_mail_size), so there is something a final
pass must name.

  1 pass 1 copies everything but the big message (exit 1, named with Dovecot's words)
  2 after additions at the source (mail, a contact, an event), pass 2 copies exactly them
  3 ferry-cli verify: exit 1; every folder and collection counted on both sides; the one
    missing item is the big message with the journal's reason; JSON and a self-contained
    HTML report (no script, no external resource, the verdict, the pass chart); both
    sides unchanged
  4 migrate --final: copies what is new since (one more message), then compares: its
    report carries the verification naming the big message; the journal holds 3 passes,
    the last "final", with counts per data type
  5 once the big message is gone from the source, verify says "All N messages, C contacts,
    E events and T tasks of the source are on the target." and exits 0

Run: python3 test_passes_verify.py --ferry-cli PATH [--keep] [-v -v]
"""

import json
import os
import re
import sqlite3

import harness
from harness import DavCase, mailgen, verify

import davgen
import davutil
import davverify
import imaputil

SOURCE_USER, SOURCE_PASSWORD = "alice", "pv-Src#18c4"
TARGET_USER, TARGET_PASSWORD = "bob", "pv-Tgt#72ad"
KB, MB = 1024, 1024 * 1024

CONTACT = ("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:pv-added-contact@ferry.test\r\nFN:Added Later\r\n"
           "N:Later;Added;;;\r\nEMAIL:added@example.org\r\nEND:VCARD\r\n")
EVENT = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//ferry test//EN\r\nBEGIN:VEVENT\r\n"
         "UID:pv-added-event@ferry.test\r\nDTSTAMP:20240101T000000Z\r\nDTSTART:20240301T090000Z\r\n"
         "DTEND:20240301T100000Z\r\nSUMMARY:Added later\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


class PassesAndVerify(DavCase):

    @classmethod
    def missing_requirements(cls):
        return sorted(set(DavCase.missing_requirements()) | set(harness.IntegrationCase.missing_requirements()))

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mail_source = cls.start_server("mail-source", "maildir", {SOURCE_USER: SOURCE_PASSWORD})
        cls.mail_target = cls.start_server("mail-target", "fs", {TARGET_USER: TARGET_PASSWORD},
                                           max_mail_size=1 * MB)
        cls.dav_source = cls.start_radicale("dav-source", {SOURCE_USER: SOURCE_PASSWORD}, max_seconds=600)
        cls.dav_target = cls.start_radicale("dav-target", {TARGET_USER: TARGET_PASSWORD}, max_seconds=600)
        cls.src_mail = cls.mail_source.account(SOURCE_USER)
        cls.dst_mail = cls.mail_target.account(TARGET_USER)
        cls.src_dav = cls.dav_source.account(SOURCE_USER)
        cls.dst_dav = cls.dav_target.account(TARGET_USER)
        mailgen.generate(cls.src_mail, "small", seed=5, big_size=2 * MB)
        davgen.generate(cls.src_dav, "small", seed=4)
        cls.state_dir = os.path.join(cls.tmp, "state")
        cls.n = 0

    def ferry(self, command, *extra):
        type(self).n += 1
        report = os.path.join(self.tmp, "report-%d.json" % self.n)
        html = os.path.join(self.tmp, "report-%d.html" % self.n)
        args = [command, "--from", self.src_mail.url(), "--to", self.dst_mail.url(),
                "--from-dav", self.src_dav.url("/"), "--to-dav", self.dst_dav.url("/"),
                "--state", self.state_dir, "--report", report, "--html", html]
        for ca_file in sorted({self.mail_source.ca_file, self.dav_source.ca_file}):
            args += ["--ca-file", ca_file]
        run = self.run_ferry(args + list(extra), SOURCE_PASSWORD, TARGET_PASSWORD)
        return run, report, html

    def big_message(self, snap):
        big = [(key, m) for key, f in snap["folders"].items() for m in f["messages"] if m["size"] > 1 * MB]
        self.assertEqual(len(big), 1)
        return big[0]

    def test_1_first_pass(self):
        run, path, _html = self.ferry("migrate")
        self.assertExit(run, 1)
        report = self.load_report(path, run)
        self.assertEqual(report["totals"]["failed"], 1, report["failures"])
        self.assertIn("maximum size", report["failures"][0]["serverText"].lower())

    def test_2_second_pass_copies_exactly_the_additions(self):
        self.requires("test_1_first_pass")
        added = mailgen.add_more(self.src_mail, n=6, seed=21, flag_changes=0)["added"]
        snap = davverify.snapshot(self.src_dav)
        book = next(c for c in snap["collections"].values() if c["kind"] == "addressbook")
        calendar = next(c for c in snap["collections"].values()
                        if c["kind"] == "calendar" and "VEVENT" in (c["components"] or ["VEVENT"]))
        with davutil.DavClient(self.src_dav) as dav:
            dav.put(davutil.unquote_href(book["href"]) + "pv-added.vcf", CONTACT.encode(), "text/vcard")
            dav.put(davutil.unquote_href(calendar["href"]) + "pv-added.ics", EVENT.encode(), "text/calendar")
        run, path, _html = self.ferry("migrate")
        self.assertExit(run, 1)  # the big message is still refused
        report = self.load_report(path, run)
        by_type = {}
        for f in report["folders"]:
            by_type[f["dataType"]] = by_type.get(f["dataType"], 0) + f["copied"]
        self.assertEqual(by_type.get("mail", 0), len(added), report["folders"])
        self.assertEqual(by_type.get("contacts", 0), 1)
        self.assertEqual(by_type.get("calendar", 0), 1)
        self.assertEqual(by_type.get("tasks", 0), 0)

    def test_3_verify_names_the_missing_item(self):
        self.requires("test_2_second_pass_copies_exactly_the_additions")
        mail_before, dav_before = verify.snapshot(self.src_mail), davverify.snapshot(self.src_dav)
        target_before = verify.snapshot(self.dst_mail)
        folder, big = self.big_message(mail_before)
        run, path, html_path = self.ferry("verify")
        self.assertExit(run, 1)
        with open(path, encoding="utf-8") as f:
            report = json.load(f)
        self.assertFalse(report["complete"])
        self.assertEqual(len(report["missing"]), 1, report["missing"])
        missing = report["missing"][0]
        self.assertEqual((missing["folder"], missing["messageId"]), (folder, big["message_id"]))
        self.assertIn("maximum size", missing["reason"].lower())
        mail_total = sum(len(f["messages"]) for f in mail_before["folders"].values())
        self.assertEqual(report["totals"]["mail"]["source"], mail_total)
        self.assertEqual(report["totals"]["mail"]["matched"], mail_total - 1)
        for kind in ("contacts", "calendar", "tasks"):
            totals = report["totals"][kind]
            self.assertGreater(totals["source"], 0, kind)
            self.assertEqual(totals["matched"], totals["source"], kind)
            self.assertEqual(totals["missing"], 0, kind)
        for f in report["folders"]:
            if f["dataType"] == "mail":
                self.assertEqual(f["sourceItems"], len(mail_before["folders"][f["source"]]["messages"]), f)
        self.assertIn("not on the target", report["summary"])
        self.assertIn(big["message_id"], run.stdout)
        with open(html_path, encoding="utf-8") as f:
            html = f.read()
        self.assertIn(report["summary"].replace("&", "&amp;"), html)
        self.assertNotIn("<script", html.lower())
        self.assertIsNone(re.search(r"(src|href)\s*=\s*\"?(https?:)?//", html), "external resource in the HTML")
        self.assertIn("<svg", html)
        self.assertIn(big["message_id"].replace("<", "&lt;").replace(">", "&gt;"), html)
        # Only read: both sides as they were.
        self.assertEqual(verify.without_volatile(verify.snapshot(self.src_mail)), verify.without_volatile(mail_before))
        self.assertEqual(verify.without_volatile(verify.snapshot(self.dst_mail)), verify.without_volatile(target_before))
        self.assertEqual(davverify.compare(dav_before, davverify.snapshot(self.src_dav)), [])

    def test_4_final_pass_copies_then_names_what_is_missing(self):
        self.requires("test_3_verify_names_the_missing_item")
        added = mailgen.add_more(self.src_mail, n=1, seed=22, flag_changes=0)["added"]
        run, path, html_path = self.ferry("migrate", "--final")
        self.assertExit(run, 1)
        report = self.load_report(path, run)
        self.assertEqual(report["kind"], "final")
        self.assertEqual(report["totals"]["copied"], len(added))
        self.assertIn("verify", report)
        self.assertEqual(len(report["verify"]["missing"]), 1)
        _folder, big = self.big_message(verify.snapshot(self.src_mail))
        self.assertEqual(report["verify"]["missing"][0]["messageId"], big["message_id"])
        self.assertIn("not on the target", run.stdout)
        journal = [os.path.join(self.state_dir, f) for f in os.listdir(self.state_dir) if f.endswith(".sqlite")]
        self.assertEqual(len(journal), 1, journal)
        db = sqlite3.connect(journal[0])
        try:
            passes = db.execute("SELECT kind, items_copied, per_type FROM passes ORDER BY id").fetchall()
        finally:
            db.close()
        self.assertEqual([p[0] for p in passes], ["migrate", "migrate", "final"])
        self.assertGreater(passes[0][1], passes[1][1], "passes shrink")
        self.assertEqual(json.loads(passes[2][2])["mail"]["copied"], len(added))
        with open(html_path, encoding="utf-8") as f:
            html = f.read()
        self.assertIn("Passes", html)
        self.assertIn("Next pass", html)

    def test_5_complete_once_the_big_message_is_gone(self):
        self.requires("test_4_final_pass_copies_then_names_what_is_missing")
        folder, big = self.big_message(verify.snapshot(self.src_mail))
        imap = imaputil.connect(self.src_mail)
        try:
            prefix, sep = imaputil.personal_namespace(imap)
            raw = folder if folder == "INBOX" else prefix + folder.replace("/", sep)
            imaputil.check(imap.select('"%s"' % raw), "SELECT")
            imaputil.check(imap.uid("STORE", str(big["uid"]), "+FLAGS", "(\\Deleted)"), "STORE")
            imaputil.check(imap.expunge(), "EXPUNGE")
        finally:
            imap.logout()
        run, path, _html = self.ferry("verify")
        self.assertExit(run, 0)
        with open(path, encoding="utf-8") as f:
            report = json.load(f)
        self.assertTrue(report["complete"])
        self.assertRegex(report["summary"], r"^All \d+ messages, \d+ contacts, \d+ events and \d+ tasks of the "
                                            r"source are on the target\.$")
        self.assertIn(report["summary"], run.stdout)


if __name__ == "__main__":
    harness.main()
