#!/usr/bin/env python3
"""ferry-cli migrate --from-dav/--to-dav between two real Radicale servers (HTTPS).

  1 first pass: exit 0, every source resource copied, collections created with
    their metadata (found by discovery from the server's root URL)
  2 the target equals the source: same collections, resource names, UIDs and
    bytes, except SCHEDULE-AGENT=CLIENT added to ORGANIZER/ATTENDEE; no line on
    the target could make the server send an invitation
  3 the source is unchanged (snapshot and etags) and received no write at all
  4 a second pass writes nothing and exits 0
  5 an event changed and a contact added at the source: exactly those two are
    written (one update, one new)
  6 an event changed on both sides: the target's version is kept, the conflict
    reported (exit 1), and reported again on the next pass
  7 no password (nor its Basic-auth form) in state, reports, stdout or stderr
  8 a wrong target password exits 3 naming the target; a target whose CA is not
    trusted exits 4 with the certificate's fingerprint
  9 --map-address into a fresh account: the user's own events name the new
    address as ORGANIZER (and attendee), other people's stay as they were
 10 a contact the target already holds under another name (imported by hand):
    matched there by its UID — no second copy, no failure
 11 check: both logins, every collection with its type and item count, and not
    a single write on either side

Run: python3 test_dav_migrate.py --ferry-cli PATH [--keep] [-v -v]
"""

import base64
import json
import os

import harness
from harness import DavCase

import davgen
import davutil
import davverify

SOURCE_USER, SOURCE_PASSWORD = "alice", "dav-S3cret#71b2"
TARGET_USER, TARGET_PASSWORD = "bob", "dav-P4ss%0e9c"


def basic_forms(user, password):
    """What must never be written: the password and its HTTP Basic credentials."""
    return harness.secret_forms(user, password) + [
        base64.b64encode(("%s:%s" % (user, password)).encode("utf-8"))]


class DavMigrate(DavCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source = cls.start_radicale("source", {SOURCE_USER: SOURCE_PASSWORD})
        cls.target = cls.start_radicale("target", {TARGET_USER: TARGET_PASSWORD, "carol": "other-pw",
                                                        "dave": "dave-pw"})
        cls.src = cls.source.account(SOURCE_USER)
        cls.dst = cls.target.account(TARGET_USER)
        cls.generated = davgen.generate(cls.src, "small", seed=3)
        cls.before = davverify.snapshot(cls.src)
        cls.writes_before = len(cls.source.writes())
        cls.state_dir = os.path.join(cls.tmp, "state")
        cls.reports = []

    def migrate(self, to_password=TARGET_PASSWORD, ca_files=None, extra=()):
        report = os.path.join(self.tmp, "report-%d.json" % (len(self.reports) + 1))
        self.reports.append(report)
        args = ["migrate", "--from-dav", self.src.url("/"), "--to-dav", self.dst.url("/"),
                "--state", self.state_dir, "--report", report, "--json"]
        for ca in (ca_files if ca_files is not None else [self.source.ca_file]):
            args += ["--ca-file", ca]
        run = self.run_ferry(args + list(extra), from_password=SOURCE_PASSWORD, to_password=to_password)
        return run, report

    def assertNoDiffs(self, diffs, what):
        self.assertEqual(diffs, [], "%s:\n  %s" % (what, "\n  ".join(diffs[:40])))

    def test_1_first_pass(self):
        run, path = self.migrate()
        self.assertExit(run, 0)
        report = self.load_report(path, run)
        total = davverify.resource_count(self.before)
        self.assertEqual(report["failures"], [])
        self.assertEqual(report["totals"]["copied"], total)
        self.assertEqual({f["dataType"] for f in report["folders"]}, {"contacts", "calendar", "tasks"})
        self.assertTrue(all(f["created"] for f in report["folders"]), report["folders"])

    def test_2_target_matches_source(self):
        self.requires("test_1_first_pass")
        target = davverify.snapshot(self.dst)
        self.assertNoDiffs(davverify.compare(self.before, target), "target after the first pass")
        self.assertNoDiffs(davverify.scheduling_side_effects(target), "invitation risks on the target")

    def test_3_source_unchanged(self):
        self.requires("test_1_first_pass")
        self.assertNoDiffs(davverify.unchanged(self.before, davverify.snapshot(self.src)), "source")
        self.assertEqual(self.source.writes()[self.writes_before:], [])

    def test_4_second_pass_writes_nothing(self):
        self.requires("test_2_target_matches_source")
        writes = len(self.target.writes())
        run, path = self.migrate()
        self.assertExit(run, 0)
        report = self.load_report(path, run)
        self.assertEqual(report["totals"]["copied"], 0)
        self.assertEqual(sum(f["updated"] for f in report["folders"]), 0)
        self.assertEqual(self.target.writes()[writes:], [])

    def first_event(self, snap):
        for col, c in sorted(snap["collections"].items()):
            for name, res in sorted(c["resources"].items()):
                if b"BEGIN:VEVENT" in res["bytes"] and b"RRULE" not in res["bytes"]:
                    return col, name, res
        self.fail("no plain event in the source")

    def test_5_changes_are_brought_over(self):
        self.requires("test_4_second_pass_writes_nothing")
        col, name, res = self.first_event(self.before)
        changed = res["bytes"].replace(b"SUMMARY:", b"SUMMARY:Moved: ", 1)
        book = next(c for c, v in sorted(self.before["collections"].items()) if v["kind"] == "addressbook")
        card = (b"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:added-later@example.org\r\nFN:Added Later\r\n"
                b"EMAIL:later@example.org\r\nEND:VCARD\r\n")
        with davutil.DavClient(self.src) as dav:
            dav.put(self.src.home + col + "/" + name, changed, "text/calendar; charset=utf-8",
                    if_none_match=False, if_match=res["etag"])
            dav.put(self.src.home + book + "/added-later.vcf", card, "text/vcard; charset=utf-8")
        type(self).before = davverify.snapshot(self.src)
        run, path = self.migrate()
        self.assertExit(run, 0)
        report = self.load_report(path, run)
        self.assertEqual(report["totals"]["copied"], 1)
        self.assertEqual(sum(f["updated"] for f in report["folders"]), 1)
        self.assertNoDiffs(davverify.compare(self.before, davverify.snapshot(self.dst)), "target after changes")

    def test_6_conflict_keeps_the_target(self):
        self.requires("test_5_changes_are_brought_over")
        col, name, res = self.first_event(self.before)
        with davutil.DavClient(self.src) as dav:
            dav.put(self.src.home + col + "/" + name, res["bytes"].replace(b"SUMMARY:", b"SUMMARY:Source ", 1),
                    "text/calendar; charset=utf-8", if_none_match=False, if_match=res["etag"])
        target_res = davverify.snapshot(self.dst)["collections"][col]["resources"][name]
        theirs = target_res["bytes"].replace(b"SUMMARY:", b"SUMMARY:Target ", 1)
        with davutil.DavClient(self.dst) as dav:
            dav.put(self.dst.home + col + "/" + name, theirs, "text/calendar; charset=utf-8",
                    if_none_match=False, if_match=target_res["etag"])
        kept = davverify.snapshot(self.dst)["collections"][col]["resources"][name]["bytes"]
        for _ in range(2):
            run, path = self.migrate()
            self.assertExit(run, 1)
            report = self.load_report(path, run)
            self.assertEqual(sum(f["conflicts"] for f in report["folders"]), 1, report["folders"])
            self.assertEqual([f["id"] for f in report["failures"]], [name])
            self.assertIn("both sides", report["failures"][0]["reason"])
            self.assertEqual(davverify.snapshot(self.dst)["collections"][col]["resources"][name]["bytes"], kept)

    def test_7_no_password_leaks(self):
        secrets = basic_forms(SOURCE_USER, SOURCE_PASSWORD) + basic_forms(TARGET_USER, TARGET_PASSWORD)
        texts = [("stdout of %s" % r.argv[0], r.stdout) for r in self.runs] + \
                [("stderr of %s" % r.argv[0], r.stderr) for r in self.runs]
        paths = [p for p in [self.state_dir] + self.reports if os.path.exists(p)]
        self.assertEqual(harness.find_secrets(secrets, texts, paths), [])

    def test_8_wrong_password_and_unknown_ca(self):
        run, _ = self.migrate(to_password="not-the-password")
        self.assertExit(run, 3)
        self.assertIn("target", run.stderr)
        self.assertLess(run.seconds, 30)
        run, _ = self.migrate(ca_files=[])
        self.assertExit(run, 4)
        self.assertRegex(run.stderr, r"([0-9A-F]{2}:){31}[0-9A-F]{2}")
        # What the user needs to judge it: whom it names, who vouches, when, why not.
        for label in ("subject: ", "issued by: ", "valid from ", "problem: "):
            self.assertIn(label, run.stderr, run.describe())
        error = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
        error = [e for e in error if e.get("event") == "error"]
        self.assertTrue(error and error[0].get("certificate", {}).get("subject"), run.describe())

    def test_9_address_mapping(self):
        run = self.run_ferry(
            ["migrate", "--from-dav", self.src.url("/"), "--to-dav", self.target.account("carol").url("/"),
             "--ca-file", self.source.ca_file, "--state", os.path.join(self.tmp, "state-map"),
             "--map-address", "alice@example.org=alice@new.example",
             "--map-address", "{local}@old.example={local}@new.example"],
            from_password=SOURCE_PASSWORD, to_password="other-pw")
        self.assertExit(run, 0)
        target = davverify.snapshot(self.target.account("carol"))
        own = [(c, n, r) for c, v in target["collections"].items() for n, r in v["resources"].items()
               if b"ORGANIZER" in r["bytes"]]
        self.assertTrue(own)
        mapped = 0
        for col, name, res in own:
            data = res["bytes"].replace(b"\r\n ", b"")
            source = self.before["collections"][col]["resources"][name]["bytes"].replace(b"\r\n ", b"")
            organizer = [line for line in source.split(b"\r\n") if line.startswith(b"ORGANIZER")]
            if any(b"mailto:alice@example.org" in line for line in organizer):
                self.assertNotIn(b"mailto:alice@example.org", data, "%s/%s" % (col, name))
                self.assertIn(b"mailto:alice@new.example", data)
                mapped += 1
            else:  # someone else's invitation: addresses as they were
                self.assertIsNone(davverify.content_diff(source, res["bytes"]), "%s/%s" % (col, name))
        self.assertGreater(mapped, 0)

    def test_10_same_uid_under_another_name(self):
        dave = self.target.account("dave")
        book = self.before["collections"]["contacts"]
        name, res = sorted(book["resources"].items())[0]
        spec = next(c for c in davgen.COLLECTIONS if c.name == "contacts")
        with davutil.DavClient(dave) as dav:
            davgen.create_collection(dav, dave.home, spec)
            dav.put(dave.home + "contacts/imported-by-hand.vcf", res["bytes"], "text/vcard; charset=utf-8")
        report = os.path.join(self.tmp, "report-dave.json")
        run = self.run_ferry(
            ["migrate", "--from-dav", self.src.url("/"), "--to-dav", dave.url("/"), "--only", "contacts",
             "--ca-file", self.source.ca_file, "--state", os.path.join(self.tmp, "state-dave"),
             "--report", report], from_password=SOURCE_PASSWORD, to_password="dave-pw")
        self.assertExit(run, 0)
        folder = next(f for f in self.load_report(report, run)["folders"] if f["source"] == "Contacts")
        self.assertEqual(folder["alreadyThere"], 1)
        self.assertEqual(folder["copied"], len(book["resources"]) - 1)
        target = davverify.snapshot(dave)["collections"]["contacts"]["resources"]
        self.assertIn("imported-by-hand.vcf", target)
        self.assertNotIn(name, target)
        self.assertEqual(len(target), len(book["resources"]))

    def test_11_check(self):
        writes = (len(self.source.writes()), len(self.target.writes()))
        run = self.run_ferry(["check", "--from-dav", self.src.url("/"), "--to-dav", self.dst.url("/"),
                              "--ca-file", self.source.ca_file, "--json"],
                             from_password=SOURCE_PASSWORD, to_password=TARGET_PASSWORD)
        self.assertExit(run, 0)
        report = json.loads(run.stdout.strip().splitlines()[-1])
        self.assertEqual(report["event"], "check")
        source = davverify.snapshot(self.src)
        self.assertEqual(report["sourceDav"]["items"], davverify.resource_count(source))
        self.assertEqual({c["name"] for c in report["sourceDav"]["collections"]}, set(source["collections"]))
        self.assertEqual({c["dataType"] for c in report["sourceDav"]["collections"]},
                         {"contacts", "calendar", "tasks"})
        self.assertIn("targetDav", report)
        self.assertEqual((len(self.source.writes()), len(self.target.writes())), writes)


if __name__ == "__main__":
    harness.main()
