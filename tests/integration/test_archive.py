#!/usr/bin/env python3
"""The offline two-step move against real Dovecot and Radicale: export → archive → import.

For a plain and an encrypted archive:
  1 export (mail + contacts/calendars/tasks) from the source servers into the archive; a
    second export copies nothing; the source is unchanged
  2 archive verify: intact, counts per type equal the source's; the plain archive is
    inspectable (manifest.json, .eml files byte-identical with the source's messages); the
    encrypted one holds no message, contact or folder name in the clear
  3 import into empty target servers: the targets equal the sources by the same verifiers
    as a direct migration (verify.compare, davverify.compare), no duplicates; ferry-cli
    verify between source and target says everything is there
  4 a damaged message file: archive verify names it (exit 1); an import into fresh
    servers copies everything else, names exactly that message (code damaged, exit 1)
    and writes nothing of it
  5 no password or passphrase in any report, stdout or stderr

Run: python3 test_archive.py --ferry-cli PATH [--keep] [-v -v]
"""

import glob
import json
import os

import harness
from harness import DavCase, mailgen, verify

import davgen
import davverify

SOURCE_USER, SOURCE_PASSWORD = "alice", "ar-Src#4d1e"
TARGET_USER, TARGET_PASSWORD = "bob", "ar-Tgt#a93c"
PASSPHRASE = "correct horse battery staple 7f2"


class ArchiveSteps:
    """Subclasses set ENCRYPTED."""

    ENCRYPTED = False

    @classmethod
    def missing_requirements(cls):
        return sorted(set(DavCase.missing_requirements()) | set(harness.IntegrationCase.missing_requirements()))

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mail_source = cls.start_server("mail-source", "maildir", {SOURCE_USER: SOURCE_PASSWORD})
        cls.mail_target = cls.start_server("mail-target", "fs", {TARGET_USER: TARGET_PASSWORD, "carl": "carl-pw"})
        cls.dav_source = cls.start_radicale("dav-source", {SOURCE_USER: SOURCE_PASSWORD}, max_seconds=600)
        cls.dav_target = cls.start_radicale("dav-target", {TARGET_USER: TARGET_PASSWORD, "carl": "carl-pw"},
                                            max_seconds=600)
        cls.src_mail = cls.mail_source.account(SOURCE_USER)
        cls.dst_mail = cls.mail_target.account(TARGET_USER)
        cls.src_dav = cls.dav_source.account(SOURCE_USER)
        cls.dst_dav = cls.dav_target.account(TARGET_USER)
        mailgen.generate(cls.src_mail, "small", seed=8, big_size=300 * 1024)
        davgen.generate(cls.src_dav, "small", seed=6)
        cls.mail_before = verify.snapshot(cls.src_mail)
        cls.dav_before = davverify.snapshot(cls.src_dav)
        cls.archive = os.path.join(cls.tmp, "stick", "ferry-archive")
        cls.n = 0

    def ferry(self, *args, to_password=TARGET_PASSWORD):
        type(self).n += 1
        report = os.path.join(self.tmp, "report-%d.json" % self.n)
        argv = list(args) + ["--report", report]
        for ca_file in sorted({self.mail_source.ca_file, self.dav_source.ca_file}):
            argv += ["--ca-file", ca_file]
        if self.ENCRYPTED:
            os.environ["FERRY_ARCHIVE_PASSPHRASE"] = PASSPHRASE
        try:
            run = self.run_ferry(argv, SOURCE_PASSWORD, to_password)
        finally:
            os.environ.pop("FERRY_ARCHIVE_PASSPHRASE", None)
        return run, report

    def export(self):
        return self.ferry("export", "--from", self.src_mail.url(), "--from-dav", self.src_dav.url("/"),
                          "--archive", self.archive, "--state", os.path.join(self.tmp, "state-export"))

    def import_into(self, mail, dav, state, to_password=TARGET_PASSWORD):
        return self.ferry("import", "--archive", self.archive, "--to", mail.url(), "--to-dav", dav.url("/"),
                          "--state", state, to_password=to_password)

    def archive_verify(self):
        if self.ENCRYPTED:
            os.environ["FERRY_ARCHIVE_PASSPHRASE"] = PASSPHRASE
        try:
            return self.run_ferry(["archive", "verify", self.archive, "--json"])
        finally:
            os.environ.pop("FERRY_ARCHIVE_PASSPHRASE", None)

    def message_total(self):
        return sum(len(f["messages"]) for f in self.mail_before["folders"].values())

    def test_1_export(self):
        run, path = self.export()
        self.assertExit(run, 0)
        report = self.load_report(path, run)
        self.assertEqual(report["kind"], "export")
        self.assertEqual(report["totals"]["copied"], self.message_total() + davverify.resource_count(self.dav_before))
        run, path = self.export()
        self.assertExit(run, 0)
        self.assertEqual(self.load_report(path, run)["totals"]["copied"], 0, "a second export copies nothing")
        self.assertEqual(verify.without_volatile(verify.snapshot(self.src_mail)),
                         verify.without_volatile(self.mail_before))
        self.assertEqual(davverify.unchanged(self.dav_before, davverify.snapshot(self.src_dav)), [])

    def test_2_archive_is_intact_and_inspectable(self):
        self.requires("test_1_export")
        run = self.archive_verify()
        self.assertExit(run, 0)
        check = json.loads(run.stdout.strip().splitlines()[-1])
        self.assertEqual(check["itemsByType"]["mail"], self.message_total())
        with open(os.path.join(self.archive, "manifest.json"), encoding="utf-8") as f:
            manifest = json.load(f)
        self.assertEqual("encryption" in manifest, self.ENCRYPTED)
        self.assertIn(SOURCE_USER, json.dumps(manifest.get("source", {})))
        files = [p for p in glob.glob(os.path.join(self.archive, "**", "*"), recursive=True) if os.path.isfile(p)]
        emls = [p for p in files if p.endswith(".eml")]
        source_hashes = {m["sha256"] for f in self.mail_before["folders"].values() for m in f["messages"]}
        if not self.ENCRYPTED:
            import hashlib
            self.assertEqual(len(emls), self.message_total())
            for p in emls:
                with open(p, "rb") as f:
                    self.assertIn(hashlib.sha256(f.read()).hexdigest(), source_hashes, p)
        else:
            # Nothing readable: no folder name in a path, no message text, no vCard.
            names = [seg for key in self.mail_before["folders"] for seg in key.split("/") if len(seg) > 3]
            for p in files:
                rel = os.path.relpath(p, self.archive)
                for name in names:
                    self.assertNotIn(name, rel)
                if rel == "manifest.json":
                    continue
                with open(p, "rb") as f:
                    data = f.read()
                for needle in (b"Message-ID", b"BEGIN:VCARD", b"BEGIN:VCALENDAR", b"Subject:"):
                    self.assertNotIn(needle, data, rel)

    def test_3_import_is_as_faithful_as_a_direct_migration(self):
        self.requires("test_2_archive_is_intact_and_inspectable")
        run, path = self.import_into(self.dst_mail, self.dst_dav, os.path.join(self.tmp, "state-import"))
        self.assertExit(run, 0)
        report = self.load_report(path, run)
        self.assertEqual(report["kind"], "import")
        target = verify.snapshot(self.dst_mail)
        self.assertSnapshotsEqual(self.mail_before, target, "mail target after the import")
        self.assertEqual(verify.duplicates(target, self.mail_before), [])
        self.assertEqual(davverify.compare(self.dav_before, davverify.snapshot(self.dst_dav)), [])
        run, _path = self.import_into(self.dst_mail, self.dst_dav, os.path.join(self.tmp, "state-import"))
        self.assertExit(run, 0)
        # The same proof as for a direct move.
        verify_run = self.run_ferry(["verify", "--from", self.src_mail.url(), "--to", self.dst_mail.url(),
                                     "--from-dav", self.src_dav.url("/"), "--to-dav", self.dst_dav.url("/"),
                                     "--ca-file", self.mail_source.ca_file, "--ca-file", self.dav_source.ca_file,
                                     "--state", os.path.join(self.tmp, "state-verify")],
                                    SOURCE_PASSWORD, TARGET_PASSWORD)
        self.assertExit(verify_run, 0)
        self.assertIn("of the source are on the target", verify_run.stdout)

    def test_4_damage_is_detected_and_contained(self):
        self.requires("test_3_import_is_as_faithful_as_a_direct_migration")
        emls = sorted(p for p in glob.glob(os.path.join(self.archive, "mail", "**", "*.eml"), recursive=True))
        victim = emls[len(emls) // 2]
        with open(victim, "r+b") as f:
            f.seek(os.path.getsize(victim) // 2)
            byte = f.read(1)
            f.seek(-1, os.SEEK_CUR)
            f.write(bytes([byte[0] ^ 0x5A]))
        run = self.archive_verify()
        self.assertExit(run, 1)
        check = json.loads(run.stdout.strip().splitlines()[-1])
        self.assertEqual(len(check["damaged"]), 1, check["damaged"])
        self.assertTrue(check["damaged"][0]["file"].endswith(os.path.basename(victim)), check["damaged"])
        # A fresh account (carl) gets everything but that one.
        carl_mail, carl_dav = self.mail_target.account("carl"), self.dav_target.account("carl")
        run, path = self.import_into(carl_mail, carl_dav, os.path.join(self.tmp, "state-carl"), to_password="carl-pw")
        self.assertExit(run, 1)
        report = self.load_report(path, run)
        self.assertEqual(len(report["failures"]), 1, report["failures"])
        self.assertEqual(report["failures"][0]["code"], "damaged")
        carl = verify.snapshot(carl_mail)
        self.assertEqual(sum(len(f["messages"]) for f in carl["folders"].values()), self.message_total() - 1)
        self.assertEqual(verify.duplicates(carl, self.mail_before), [])

    def test_5_no_secret_anywhere(self):
        secrets = harness.secret_forms(SOURCE_USER, SOURCE_PASSWORD) + \
            harness.secret_forms(TARGET_USER, TARGET_PASSWORD) + [PASSPHRASE.encode()]
        texts = [("stdout %d" % i, r.stdout) for i, r in enumerate(self.runs)] + \
                [("stderr %d" % i, r.stderr) for i, r in enumerate(self.runs)]
        paths = glob.glob(os.path.join(self.tmp, "report-*.json")) + glob.glob(os.path.join(self.tmp, "state-*"))
        if self.ENCRYPTED:
            paths.append(self.archive)
        self.assertEqual(harness.find_secrets(secrets, texts, paths), [])


class PlainArchive(ArchiveSteps, DavCase):
    ENCRYPTED = False


class EncryptedArchive(ArchiveSteps, DavCase):
    ENCRYPTED = True


if __name__ == "__main__":
    harness.main()
