#!/usr/bin/env python3
"""Self-test of the CalDAV/CardDAV real-server harness (no ferry-cli involved;
--ferry-cli is accepted and ignored so every script in this folder takes the same
arguments).

Two Radicale instances (source, target) with one throw-away CA: the generator
must produce every case the DAV migration tests rely on (checked on what the
server serves, not on what was sent); a tiny reference copier (PROPFIND, GET,
MKCALENDAR/extended MKCOL, PUT with SCHEDULE-AGENT=CLIENT) must verify clean;
and the verifier must see each kind of damage: a changed byte, a missing
resource, a different href, a missing SCHEDULE-AGENT, changed metadata — on a
real server, not only in memory.
"""

import copy
import os
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import unittest

import harness
from harness import DavCase, ca

import davgen
import davutil
import davverify
import radicale

USER, PASSWORD = "alice", "dav-Self#Test1"
OTHER = "bob"

# Every case the issue asks the generated data to contain, as davverify.coverage names it.
REQUIRED_CASES = [
    "tz", "tz-30min-dst", "utc", "floating", "all-day", "multi-day",
    "rrule-exdate-recurrence-id", "organizer-attendees", "partstats", "alarm",
    "escaped", "folded", "non-ascii",
    "task", "task-priority-1", "task-priority-5", "task-priority-9", "due-date", "due-datetime",
    "completed", "subtask", "recurring-task",
    "vcard3.0", "vcard4.0", "photo", "multi-email", "multi-tel", "multi-adr", "bday-no-year",
    "contact-group", "property-group",
    "href-not-uid", "uid-needs-percent-encoding", "href-needs-percent-encoding",
    "href-is-uid-needing-encoding",
    "vtodo-only-collection", "vevent-only-collection", "mixed-collection",
]


# ----- the reference copier -------------------------------------------------------------

def fold_bytes(line, width=75):
    """Fold one content line at WIDTH octets without splitting a UTF-8 sequence."""
    parts, start, limit = [], 0, width
    while len(line) - start > limit:
        end = start + limit
        while (line[end] & 0xC0) == 0x80:
            end -= 1
        parts.append(line[start:end])
        start, limit = end, width - 1
    parts.append(line[start:])
    return b"\r\n ".join(parts)


def with_schedule_agent_client(data):
    """DATA with SCHEDULE-AGENT=CLIENT on every ORGANIZER/ATTENDEE of a scheduling
    component (an existing SCHEDULE-AGENT is replaced); other lines untouched."""
    out = []
    for path, line, physical in davverify.walk(data):
        prop = davverify.split_line(line)[1]
        if path and path[-1] in davverify.SCHEDULING_COMPONENTS and \
                prop in davverify.SCHEDULING_PROPS:
            bare = davverify.without_param(line, b"SCHEDULE-AGENT")
            value = davverify.split_line(bare)[3]  # not partition(":"): "CN=\"A: B\""
            head = bare[:len(bare) - len(value) - 1]
            out.append(fold_bytes(head + b";SCHEDULE-AGENT=CLIENT:" + value))
        else:
            out.append(b"\r\n".join(physical))
    return b"\r\n".join(out) + b"\r\n"


def reference_copy(source, target, change=None):
    """Copy every collection and resource of SOURCE into TARGET (accounts), the way the
    contract asks Ferry to. CHANGE(collection, name, bytes) -> bytes|None lets a test
    damage or drop (None) a resource on the way."""
    snap = davverify.snapshot(source)
    with davutil.DavClient(target) as dav:
        home = target.home
        for name, col in snap["collections"].items():
            path = home + name + "/"
            if col["kind"] == "calendar":
                props = {"D:displayname": col["displayname"],
                         "C:calendar-description": col["description"],
                         "ICAL:calendar-color": col["color"], "ICAL:calendar-order": col["order"],
                         "C:supported-calendar-component-set": davutil.comp_set(col["components"])}
                dav.mkcalendar(path, {k: v for k, v in props.items() if v is not None})
            else:
                props = {"D:resourcetype": davutil.resourcetype("D:collection", "CR:addressbook"),
                         "D:displayname": col["displayname"],
                         "CR:addressbook-description": col["description"]}
                dav.mkcol(path, {k: v for k, v in props.items() if v is not None})
            for rname, res in col["resources"].items():
                data = with_schedule_agent_client(res["bytes"])
                if change:
                    data = change(name, rname, data)
                    if data is None:
                        continue
                kind = "text/vcard" if col["kind"] == "addressbook" else "text/calendar"
                dav.put(path + rname, data, kind + "; charset=utf-8")
    return snap


# ----- the tests ----------------------------------------------------------------------

class Unit(unittest.TestCase):
    """Content-line helpers on hand-made input."""

    def test_split_line_quotes(self):
        group, name, params, value = davverify.split_line(
            b'item1.tel;TYPE="voice,cell";X-A="a:b;c":tel:+1')
        self.assertEqual((group, name, value), (b"item1", b"TEL", b"tel:+1"))
        self.assertEqual(params, [(b"TYPE", b'"voice,cell"'), (b"X-A", b'"a:b;c"')])

    def test_schedule_agent_added_and_replaced(self):
        data = (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nORGANIZER;CN=\"A: B\":mailto:a@x\r\n"
                b"ATTENDEE;SCHEDULE-AGENT=SERVER;CN=" + "Zoë".encode() + b"x" * 80 +
                b":mailto:z@x\r\nBEGIN:VALARM\r\nATTENDEE:mailto:me@x\r\nEND:VALARM\r\n"
                b"END:VEVENT\r\nEND:VCALENDAR\r\n")
        out = with_schedule_agent_client(data)
        self.assertIn(b'ORGANIZER;CN="A: B";SCHEDULE-AGENT=CLIENT:mailto:a@x', out)
        self.assertNotIn(b"SERVER", out)
        self.assertIn(b"\r\nATTENDEE:mailto:me@x\r\n", out, "VALARM attendee untouched")
        self.assertTrue(all(len(l) <= 75 for l in out.split(b"\r\n")))
        snap = {"collections": {"c": {"resources": {"r": {"bytes": out}}}}}
        self.assertEqual(davverify.scheduling_side_effects(snap), [])
        snap["collections"]["c"]["resources"]["r"]["bytes"] = data
        self.assertEqual(len(davverify.scheduling_side_effects(snap)), 2)
        self.assertIsNone(davverify.content_diff(data, out))
        self.assertIsNotNone(davverify.content_diff(data, out, allowed=()))

    def test_vcard_version_change_allowed_only_when_asked(self):
        v3 = (b"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:u\r\nFN:A\r\nBDAY;X-APPLE-OMIT-YEAR=1604:"
              b"1604-04-15\r\nTEL;TYPE=CELL:+1 555\r\nEND:VCARD\r\n")
        v4 = (b"BEGIN:VCARD\r\nVERSION:4.0\r\nUID:u\r\nFN:A\r\nBDAY:--0415\r\n"
              b"TEL;VALUE=uri;TYPE=cell:tel:+1 555\r\nEND:VCARD\r\n")
        self.assertIsNotNone(davverify.content_diff(v3, v4))
        self.assertIsNone(davverify.content_diff(v3, v4, allowed=("vcard-version",)))
        self.assertIn("FN", davverify.content_diff(v3, v4.replace(b"FN:A", b"FN:B"),
                                                   allowed=("vcard-version",)))


class Servers(DavCase):
    """Source filled with the small profile, copied by the reference copier, then damaged."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        started = time.monotonic()
        cls.src = cls.start_radicale("src", {USER: PASSWORD})
        cls.dst = cls.start_radicale("dst", {USER: PASSWORD, OTHER: PASSWORD})
        cls.summary = davgen.generate(cls.src.account(USER), "small", seed=3)
        cls.source_writes = len(cls.src.writes())
        cls.before = davverify.snapshot(cls.src.account(USER))
        cls.setup_seconds = time.monotonic() - started

    def test_1_tls_only_with_the_ca(self):
        context = ssl.create_default_context(cafile=self.certs.ca_cert)
        with context.wrap_socket(socket.create_connection(("127.0.0.1", self.src.port)),
                                 server_hostname="127.0.0.1") as tls:
            tls.sendall(b"OPTIONS / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            status = tls.recv(100).split(b"\r\n")[0]
            self.assertRegex(status, rb"^HTTP/1\.[01] 200 ")
        untrusted = ssl.create_default_context()  # system CAs only
        with self.assertRaises(ssl.SSLCertVerificationError):
            untrusted.wrap_socket(socket.create_connection(("127.0.0.1", self.src.port)),
                                  server_hostname="127.0.0.1")
        self.assertEqual(self.src.url(USER), "https://alice@127.0.0.1:%d" % self.src.port)
        self.assertEqual(self.src.ca_file, self.dst.ca_file, "one CA for both servers")

    def test_1_wrong_password_is_refused(self):
        account = self.src.account(USER)
        account.password = "wrong"
        with davutil.DavClient(account) as dav:
            self.assertEqual(dav.request("PROPFIND", "/", headers={"Depth": "0"}).status, 401)

    def test_2_generated_every_case(self):
        snap = self.before
        self.assertEqual(sorted(snap["collections"]),
                         sorted(c.name for c in davgen.COLLECTIONS))
        tasks = snap["collections"]["tasks"]
        self.assertEqual(tasks["components"], ["VTODO"])
        self.assertEqual(tasks["displayname"], "Aufgaben ☑")
        self.assertEqual(tasks["color"], "#2E8B57FF")
        self.assertEqual(tasks["order"], "3")
        self.assertEqual(snap["collections"]["family ü"]["kind"], "addressbook")
        self.assertEqual(snap["collections"]["family ü"]["description"], "Family & groups")
        self.assertEqual(davverify.resource_count(snap), self.summary["resources"])
        cases = davverify.coverage(snap)
        missing = [c for c in REQUIRED_CASES if not cases.get(c)]
        self.assertEqual(missing, [], "cases the generator did not produce")
        for col in snap["collections"].values():
            for name, res in col["resources"].items():
                self.assertTrue(res["uid"], name)
                self.assertTrue(res["etag"], name)
        # the scheduling data really is there (and unsafe on the source)
        self.assertGreaterEqual(len(davverify.scheduling_side_effects(snap)), 10)
        self.assertLess(self.setup_seconds, 30)

    def test_2_snapshot_is_read_only(self):
        writes = len(self.src.writes())
        again = davverify.snapshot(self.src.account(USER))
        self.assertEqual(davverify.unchanged(self.before, again), [])
        self.assertEqual(len(self.src.writes()), writes, "snapshot wrote to the server")
        methods = {r[0] for r in self.src.requests()[-20:]}
        self.assertLessEqual(methods, {"PROPFIND", "GET"})

    def test_3_reference_copy_verifies(self):
        reference_copy(self.src.account(USER), self.dst.account(USER))
        target = davverify.snapshot(self.dst.account(USER))
        self.assertEqual(davverify.compare(self.before, target), [])
        self.assertEqual(davverify.scheduling_side_effects(target), [])
        after = davverify.snapshot(self.src.account(USER))
        self.assertEqual(davverify.unchanged(self.before, after), [])
        self.assertEqual(len(self.src.writes()), self.source_writes, "the source was written")
        # bytes really are equal where nothing had to change
        same = sum(1 for col in self.before["collections"]
                   for name, res in self.before["collections"][col]["resources"].items()
                   if target["collections"][col]["resources"][name]["bytes"] == res["bytes"])
        self.assertEqual(same, davverify.resource_count(self.before) - 2,
                         "only the two invitations differ (SCHEDULE-AGENT)")
        type(self).target = target

    def test_4_verifier_sees_real_damage(self):
        """Copy into OTHER with four kinds of damage done on the way."""
        def damage(col, name, data):
            if (col, name) == ("work", "berlin-standup.ics"):
                return data.replace(b"SUMMARY:Stand-up", b"SUMMARY:Stand-uq")  # one byte
            if (col, name) == ("contacts", "zoe.vcf"):
                return None  # missing resource
            if (col, name) == ("work", "meeting-ny.ics"):
                return b"".join(  # no SCHEDULE-AGENT (lines left unfolded)
                    (davverify.without_param(line, b"SCHEDULE-AGENT")
                     if davverify.split_line(line)[1] in davverify.SCHEDULING_PROPS else line)
                    + b"\r\n" for _path, line, _physical in davverify.walk(data))
            return data
        reference_copy(self.src.account(USER), self.dst.account(OTHER), damage)
        account = self.dst.account(OTHER)
        with davutil.DavClient(account) as dav:  # a different href for the same resource
            old = account.home + "tasks/child-1.ics"
            body = dav.get(old).body
            dav.delete(old)  # first: Radicale refuses one UID under two names
            dav.put(account.home + "tasks/child-1 renamed.ics", body, "text/calendar")
        target = davverify.snapshot(account)
        diffs = davverify.compare(self.before, target)
        text = "\n".join(diffs)
        self.assertIn("work/berlin-standup.ics: content differs", text)
        self.assertIn("Stand-uq", text)
        self.assertIn("contacts/zoe.vcf: missing resource", text)
        self.assertIn("tasks/child-1.ics: missing resource (UID 'task-child-1@ferry.test' is on "
                      "the target as child-1 renamed.ics)", text)
        self.assertIn("tasks/child-1 renamed.ics: extra resource", text)
        self.assertEqual(len(diffs), 4, text)
        effects = davverify.scheduling_side_effects(target)
        self.assertEqual(len(effects), 3, effects)  # ORGANIZER + 2 ATTENDEE
        self.assertTrue(all(e.startswith("work/meeting-ny.ics: ") for e in effects), effects)

    def test_5_verifier_sees_metadata_and_uid_changes(self):
        self.requires("test_3_reference_copy_verifies")
        target = copy.deepcopy(self.target)
        cols = target["collections"]
        cols["work"]["displayname"] = "Work"
        cols["tasks"]["components"] = ["VEVENT", "VTODO"]
        cols["privé kalender"]["color"] = None
        cols["contacts"]["resources"]["jane.vcf"]["uid"] = "someone-else"
        cols["new"] = {"resources": {}}
        del cols["family ü"]
        diffs = davverify.compare(self.before, target)
        text = "\n".join(diffs)
        self.assertIn("work: displayname differs: 'Work ✈ Arbeit' != 'Work'", text)
        self.assertIn("tasks: components differs", text)
        self.assertIn("privé kalender: color differs", text)
        self.assertIn("contacts/jane.vcf: UID differs", text)
        self.assertIn("family ü: missing collection", text)
        self.assertIn("new: extra collection", text)
        self.assertEqual(len(diffs), 6, text)
        # the source check is strict: the SCHEDULE-AGENT change counts there (bytes, etag)
        self.assertEqual(len(davverify.unchanged(self.before, self.target)), 4)


class LauncherCli(unittest.TestCase):
    """radicale.py start/stop as a CLI leaves no process behind."""

    def test_start_stop(self):
        import json
        with tempfile.TemporaryDirectory(prefix="ferry-it-dav-cli-") as tmp:
            script = os.path.join(harness.HERE, "..", "support", "radicale.py")
            out = subprocess.run([sys.executable, script, "start", "--dir", tmp, "--user",
                                  "%s:%s" % (USER, PASSWORD), "--max-seconds", "60"],
                                 check=True, capture_output=True, text=True).stdout
            info = json.loads(out)
            try:
                self.assertTrue(os.path.exists("/proc/%d" % info["pid"]))
                self.assertEqual(info["urls"][USER], "https://%s@127.0.0.1:%d" % (
                    USER, info["port"]))
            finally:
                subprocess.run([sys.executable, script, "stop", "--dir", tmp], check=True)
            self.assertFalse(radicale._group_alive(info["pid"]), "process group still alive")

    def test_bounded_lifetime(self):
        with tempfile.TemporaryDirectory(prefix="ferry-it-dav-life-") as tmp:
            server = radicale.Radicale(tmp, {USER: PASSWORD}, max_seconds=2).start()
            pid = server.pid
            deadline = time.monotonic() + 15
            while radicale._group_alive(pid) and time.monotonic() < deadline:
                try:
                    os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:
                    pass
                time.sleep(0.1)
            self.assertFalse(radicale._group_alive(pid), "still running after max_seconds")
            server.stop()


if __name__ == "__main__":
    harness.main()
