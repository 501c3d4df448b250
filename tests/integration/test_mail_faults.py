#!/usr/bin/env python3
"""Connections that drop in the middle of a literal, on either side, against real Dovecot.

The source (or the target) sits behind tests/support/relay.py, which cuts each of
its first three connections after a few hundred KB — in the middle of a FETCH
literal from the source, or of an APPEND literal to the target. ferry-cli must
reconnect with backoff (1, 2, 4 s …), resume, and finish with exit 0 and a
target identical to the source with no duplicate.

Run: python3 test_mail_faults.py --ferry-cli PATH [--keep] [-v -v]
"""

import json
import os
import subprocess
import sys

import harness
from harness import IntegrationCase, mailgen, verify

SOURCE_USER, SOURCE_PASSWORD = "alice", "fault-Src#0a17"
TARGET_PASSWORD = "fault-Tgt#77e3"
RELAY = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "support", "relay.py")


class DroppedConnections(IntegrationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source = cls.start_server("source", "maildir", {SOURCE_USER: SOURCE_PASSWORD})
        cls.target = cls.start_server("target", "fs", {"down": TARGET_PASSWORD, "up": TARGET_PASSWORD})
        cls.source_account = cls.source.account(SOURCE_USER)
        mailgen.generate(cls.source_account, "small", seed=5, big_size=6 * 1024 * 1024)
        cls.source_before = verify.snapshot(cls.source_account)

    def relay(self, port, direction):
        proc = subprocess.Popen([sys.executable, RELAY, "--to", "127.0.0.1:%d" % port, "--delay-ms", "0",
                                 "--cut-after", "400000", "--cut-connections", "3",
                                 "--cut-direction", direction, "--max-seconds", "600"],
                                stdout=subprocess.PIPE, text=True)
        self.addCleanup(proc.wait)
        self.addCleanup(proc.kill)
        return json.loads(proc.stdout.readline())["port"]

    def copy_through_relay(self, target_user, cut_source):
        if cut_source:
            src_port = self.relay(self.source.port, "down")
            dst_port = self.target.port
        else:
            src_port = self.source.port
            dst_port = self.relay(self.target.port, "up")
        run = self.run_ferry(["migrate", "--from", "imaps://%s@127.0.0.1:%d" % (SOURCE_USER, src_port),
                              "--to", "imaps://%s@127.0.0.1:%d" % (target_user, dst_port),
                              "--ca-file", self.source.ca_file, "--connections", "1",
                              "--state", os.path.join(self.tmp, "state-" + target_user)],
                             SOURCE_PASSWORD, TARGET_PASSWORD)
        self.assertExit(run, 0)
        self.assertIn("reconnecting", run.stderr, "the cuts did not happen?\n" + run.describe())
        target = verify.snapshot(self.target.account(target_user))
        self.assertSnapshotsEqual(self.source_before, target, "target after dropped connections")
        self.assertEqual(verify.duplicates(target, self.source_before), [])

    def test_source_drops_mid_fetch(self):
        self.copy_through_relay("down", cut_source=True)

    def test_target_drops_mid_append(self):
        self.copy_through_relay("up", cut_source=False)


if __name__ == "__main__":
    harness.main()
