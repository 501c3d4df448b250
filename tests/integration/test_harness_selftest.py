#!/usr/bin/env python3
"""Self-test of the real-server harness (no ferry-cli involved; --ferry-cli is accepted
and ignored so every script in this folder takes the same arguments).

Checks that the CA, the Dovecot launcher, the generator and the verifier do what
the migration tests rely on: servers start and stop without leftovers, the same
seed gives equal snapshots on both layouts, snapshots are read-only, and
compare()/duplicates() see every kind of difference they are meant to see.
"""

import copy
import os
import ssl
import subprocess
import sys
import unittest

import harness
from harness import IntegrationCase, ca, dovecot, mailgen, verify
import imaputil

USER, PASSWORD = "alice", "self-Test#1"
KB, MB = 1024, 1024 * 1024


class Mutf7(unittest.TestCase):
    """Modified UTF-7 against RFC 3501's examples and round trips."""

    def test_rfc_example(self):
        self.assertEqual(imaputil.mutf7_encode("~peter/mail/台北/日本語"),
                         "~peter/mail/&U,BTFw-/&ZeVnLIqe-")
        self.assertEqual(imaputil.mutf7_decode("Entw&APw-rfe"), "Entwürfe")

    def test_round_trips(self):
        for name in ["Rock & Roll", "📬 Inbox Zero ✨", "&&", "Ünïcödé GmbH", "a-b_c"]:
            self.assertEqual(imaputil.mutf7_decode(imaputil.mutf7_encode(name)), name)


class Servers(IntegrationCase):
    """Two layouts filled with the same seed, then verifier checks."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dot = cls.start_server("dot", "maildir", {USER: PASSWORD}, max_mail_size=4 * MB)
        cls.fs = cls.start_server("fs", "fs", {USER: PASSWORD, "carol": PASSWORD})
        cls.summary = mailgen.generate(cls.dot.account(USER), "small", seed=5, big_size=3 * MB)
        mailgen.generate(cls.fs.account(USER), "small", seed=5, big_size=3 * MB)
        cls.dot_snap = verify.snapshot(cls.dot.account(USER))
        cls.fs_snap = verify.snapshot(cls.fs.account(USER))

    def test_tls_only_with_the_ca(self):
        context = imaputil.ssl_context(self.certs.ca_cert)
        with context.wrap_socket(__import__("socket").create_connection(
                ("127.0.0.1", self.dot.port)), server_hostname="127.0.0.1") as tls:
            self.assertTrue(tls.recv(100).startswith(b"* OK"))
        untrusted = ssl.create_default_context()  # system CAs only
        with self.assertRaises(ssl.SSLCertVerificationError):
            untrusted.wrap_socket(__import__("socket").create_connection(
                ("127.0.0.1", self.dot.port)), server_hostname="127.0.0.1")

    def test_layouts_compare_equal(self):
        self.assertEqual(self.dot_snap["separator"], ".")
        self.assertEqual(self.dot_snap["prefix"], "INBOX.")
        self.assertEqual(self.fs_snap["separator"], "/")
        diffs = verify.compare(self.dot_snap, self.fs_snap)
        # Dovecot stores an INTERNALDATE in the future as "now": the 2037 message
        # gets each server's own APPEND time, which may differ by a second or more.
        diffs = [d for d in diffs if "INTERNALDATE" not in d]
        self.assertEqual(diffs, [])
        self.assertEqual(verify.compare(self.dot_snap, self.fs_snap, check_dates=False), [])

    def test_generated_edge_cases(self):
        folders = self.dot_snap["folders"]
        self.assertIn("Work/2024/Q1/Clients/Ünïcödé GmbH", folders)
        self.assertEqual(folders["Work/2024/Q1/Clients/Ünïcödé GmbH"]["raw"],
                         "INBOX.Work.2024.Q1.Clients.&ANw-n&AO8-c&APY-d&AOk- GmbH")
        self.assertEqual(folders["Sent"]["special_use"], ["\\Sent"])
        self.assertFalse(folders["Junk"]["subscribed"])
        self.assertTrue(folders["Sent"]["subscribed"])
        self.assertEqual(folders["Empty"]["messages"], [])
        flags = {f for folder in folders.values() for m in folder["messages"] for f in m["flags"]}
        for flag in mailgen.SYSTEM_FLAGS + mailgen.KEYWORDS:
            self.assertIn(flag, flags)
        inbox = folders["INBOX"]["messages"]
        self.assertIn(0, [m["internaldate_utc"] for m in inbox], "1970 date kept")
        self.assertTrue(any(m["message_id"] is None for m in inbox), "a message without id")
        ids = [m["message_id"] for m in inbox if m["message_id"]]
        self.assertLess(len(set(ids)), len(ids), "duplicate Message-IDs")
        self.assertTrue(any(m["size"] > 3 * MB - 64 * KB for m in inbox), "the big message")
        total = sum(len(f["messages"]) for f in folders.values())
        self.assertEqual(total, self.summary["messages"])
        self.assertTrue(140 <= total <= 170, total)

    def test_snapshot_is_read_only(self):
        again = verify.snapshot(self.dot.account(USER))
        self.assertEqual(verify.without_volatile(again), verify.without_volatile(self.dot_snap))

    def test_compare_sees_differences(self):
        target = copy.deepcopy(self.dot_snap)
        inbox = target["folders"]["INBOX"]["messages"]
        removed = inbox.pop(0)
        inbox[0]["flags"] = sorted(set(inbox[0]["flags"]) ^ {"$label1"})
        inbox[1]["internaldate_utc"] += 3600
        target["folders"]["Work"]["subscribed"] = not target["folders"]["Work"]["subscribed"]
        target["folders"]["Sent Items"] = target["folders"].pop("Sent")  # same role, new name
        target["folders"]["Archive"]["messages"].append(
            target["folders"]["Archive"]["messages"][0])
        diffs = verify.compare(self.dot_snap, target)
        text = "\n".join(diffs)
        self.assertIn("INBOX: missing 1×", text)
        self.assertIn(removed["sha256"][:12], text)
        self.assertIn("flags differ", text)
        self.assertIn("INTERNALDATE differs", text)
        self.assertIn("Work: subscribed", text)
        self.assertIn("Archive: extra 1×", text)
        self.assertNotIn("missing folder Sent", text, "special-use matched by role")
        self.assertEqual(len(diffs), 5, text)
        self.assertEqual(len(verify.duplicates(target, self.dot_snap)), 1)

    def test_add_more_is_described_exactly(self):
        account = self.fs.account("carol")
        mailgen.generate(account, "small", seed=6, big_size=0)
        before = verify.snapshot(account)
        changes = mailgen.add_more(account, 6, seed=9)
        after = verify.snapshot(account)
        self.assertEqual(len(changes["added"]), 6)
        self.assertEqual(len(changes["flagChanges"]), 3)
        diffs = verify.compare(before, after)
        extra = [d for d in diffs if ": extra 1×" in d]
        flag_diffs = [d for d in diffs if "flags differ" in d]
        self.assertEqual(len(extra), 6, diffs)
        self.assertEqual(len(flag_diffs), 3, diffs)
        for change in changes["flagChanges"]:
            messages = after["folders"][change["folder"]]["messages"]
            self.assertIn(change["after"], [m["flags"] for m in messages
                                            if m["sha256"] == change["sha256"]])

    def test_quota_refuses_big_message(self):
        account = self.dot.account(USER)
        imap = imaputil.connect(account)
        try:
            typ, data = imap.append("INBOX", None, None, b"Subject: big\r\n\r\n" + b"x" * 5 * MB)
        finally:
            imap.logout()
        self.assertEqual(typ, "NO")
        self.assertIn(b"maximum size", data[0])


class LauncherCli(unittest.TestCase):
    """dovecot.py start/stop as a CLI leaves no process behind."""

    def test_start_stop(self):
        import json
        import tempfile
        with tempfile.TemporaryDirectory(prefix="ferry-it-cli-") as tmp:
            script = os.path.join(harness.HERE, "..", "support", "dovecot.py")
            out = subprocess.run([sys.executable, script, "start", "--dir", tmp, "--layout", "fs",
                                  "--user", "%s:%s" % (USER, PASSWORD)], check=True,
                                 capture_output=True, text=True).stdout
            info = json.loads(out)
            try:
                self.assertTrue(os.path.exists("/proc/%d" % info["pid"]))
                self.assertEqual(ca.fingerprint_sha256(info["server_cert"]).count(":"), 31)
            finally:
                subprocess.run([sys.executable, script, "stop", "--dir", tmp], check=True)
            self.assertFalse(dovecot._group_alive(info["pid"]), "process group still alive")


if __name__ == "__main__":
    harness.main()
