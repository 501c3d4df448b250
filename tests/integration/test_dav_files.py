#!/usr/bin/env python3
"""ferry-cli migrate --from-file (export files) --to-dav a real Radicale over HTTPS.

Files: a vCard 3.0 export (Apple), a damaged .vcf (garbage, unterminated cards,
bad dates, invalid UTF-8, broken QP and base64, duplicate and missing UIDs), an
Outlook calendar export (.ics with METHOD, Windows zones, recurrences and
overrides), a task list, an Outlook contacts CSV and an LDIF address book with
a group.
  1 every file becomes a collection; every item of a sound file arrives, named
    after its UID, with SCHEDULE-AGENT=CLIENT wherever there are attendees and
    no METHOD; what the server refuses of the damaged file is listed with the
    server's words (exit 1), the rest of it is copied, and file-level problems
    are in the report's warnings
  2 a second run writes nothing and copies nothing (the refused items are
    tried, and reported, again)

Run: python3 test_dav_files.py --ferry-cli PATH [--keep] [-v -v]
"""

import os

import harness
from harness import DavCase

import davverify

HERE = os.path.dirname(os.path.abspath(__file__))
UNIT = os.path.join(HERE, "..", "unit", "pim")
TARGET_USER, TARGET_PASSWORD = "bob", "files-Tgt#2b7"

CSV = (b"First Name,Last Name,E-mail Address,Mobile Phone,Birthday,Notes\r\n"
       b"Ann,Example,ann@example.org,+49 170 1,4/12/1980,hello\r\n"
       b"Bob,Builder,bob@example.org,,,\r\n")
LDIF = (b"dn: cn=Ann Example,dc=example\nobjectClass: inetOrgPerson\ncn: Ann Example\nsn: Example\n"
        b"mail: ann@example.org\n\ndn: cn=Team,dc=example\nobjectClass: groupOfNames\ncn: Team\n"
        b"member: cn=Ann Example,dc=example\n")


class DavFiles(DavCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.target = cls.start_radicale("target", {TARGET_USER: TARGET_PASSWORD})
        cls.dst = cls.target.account(TARGET_USER)
        for name, data in (("contacts.csv", CSV), ("book.ldif", LDIF)):
            with open(os.path.join(cls.tmp, name), "wb") as f:
                f.write(data)
        cls.files = [os.path.join(UNIT, "vcard", "data", "apple-30.vcf"),
                     os.path.join(UNIT, "vcard", "data", "malformed.vcf"),
                     os.path.join(UNIT, "ical", "data", "outlook-calendar.ics"),
                     os.path.join(UNIT, "ical", "data", "tasks.ics"),
                     os.path.join(cls.tmp, "contacts.csv"), os.path.join(cls.tmp, "book.ldif")]
        cls.state_dir = os.path.join(cls.tmp, "state")
        cls.reports = []

    def migrate(self):
        report = os.path.join(self.tmp, "report-%d.json" % (len(self.reports) + 1))
        self.reports.append(report)
        args = ["migrate", "--to-dav", self.dst.url("/"), "--ca-file", self.target.ca_file,
                "--state", self.state_dir, "--report", report]
        for f in self.files:
            args += ["--from-file", f]
        run = self.run_ferry(args, to_password=TARGET_PASSWORD)
        return run, self.load_report(report, run)

    def test_1_files_are_copied(self):
        run, report = self.migrate()
        self.assertExit(run, 1)  # Radicale refuses some of the damaged cards
        folders = {f["source"]: f for f in report["folders"]}
        self.assertEqual(set(folders), {"apple-30", "malformed", "Calendar", "tasks", "contacts", "book"},
                         report["folders"])
        for name, f in folders.items():
            if name != "malformed":
                self.assertEqual(f["failed"], 0, f)
                self.assertEqual(f["copied"], f["sourceCount"], f)
        self.assertEqual(folders["contacts"]["copied"], 2)
        self.assertEqual(folders["book"]["copied"], 2)  # a person and a group
        self.assertEqual(folders["tasks"]["dataType"], "tasks")
        damaged = folders["malformed"]
        self.assertGreater(damaged["copied"], damaged["failed"])
        for failure in report["failures"]:
            self.assertEqual(failure["folder"], "malformed")
            self.assertTrue(failure["serverText"], failure)
        self.assertTrue(any("outside any vCard" in w for w in report["warnings"]), report["warnings"])
        self.assertTrue(any("METHOD" in w for w in report["warnings"]), report["warnings"])

        snap = davverify.snapshot(self.dst)
        self.assertEqual(davverify.scheduling_side_effects(snap), [])
        names = {c: set(v["resources"]) for c, v in snap["collections"].items()}
        self.assertEqual(len(names["outlook-calendar"]), folders["Calendar"]["copied"])
        self.assertEqual(snap["collections"]["outlook-calendar"]["displayname"], "Calendar")  # X-WR-CALNAME
        for res in snap["collections"]["outlook-calendar"]["resources"].values():
            self.assertNotIn(b"METHOD:", res["bytes"])
            self.assertTrue(res["uid"], res)

    def test_2_second_run_writes_nothing(self):
        self.requires("test_1_files_are_copied")
        writes = len(self.target.writes())
        run, report = self.migrate()
        self.assertEqual(report["totals"]["copied"], 0)
        failed = report["totals"]["failed"]
        # Only the refused items are tried again (as they are, then with the notes
        # fallback) and refused again; nothing else is written.
        again = self.target.writes()[writes:]
        self.assertLessEqual(len(again), 2 * failed, again)
        self.assertTrue(all("/malformed/" in path for _method, path, _user in again), again)


if __name__ == "__main__":
    harness.main()
