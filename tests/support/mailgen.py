#!/usr/bin/env python3
"""Fill an IMAPS account with a deterministic test mailbox (stdlib only).

Python:

    import mailgen
    summary = mailgen.generate(account, profile="small", seed=1, big_size=25 * MB)
    changes = mailgen.add_more(account, n=10, seed=2)

``account`` is a dovecot.Account (or anything with host, port, user, password,
ca_file). Folder names are given as Unicode segments and encoded to modified
UTF-7 here; the separator and personal prefix are read from NAMESPACE, so the
same plan works on a "." / "INBOX." server and on a "/" / "" server.

CLI:
    python3 mailgen.py fill --dir D --user alice [--profile small|bench] [--seed N]
                            [--big-size BYTES] [--connections N]
    python3 mailgen.py add-more --dir D --user alice --count N [--seed N]
(--dir is a dovecot.py server directory; its launcher.json gives host, port, CA, password.)
"""

import argparse
import hashlib
import json
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import imaputil  # noqa: E402
from messages import (KEYWORDS, SYSTEM_FLAGS, build_message, fixed_moment,  # noqa: E402
                      imap_date, random_flags, random_moment, rng_for)

MB = 1024 * 1024
KB = 1024

SPECIAL_USE = {"Sent": "\\Sent", "Drafts": "\\Drafts", "Trash": "\\Trash", "Junk": "\\Junk",
               "Archive": "\\Archive"}


@dataclass
class Message:
    """One message to append: raw bytes, flags and INTERNALDATE string."""

    data: bytes
    flags: list
    date: str
    note: str = ""


@dataclass
class Folder:
    """A folder of the plan: Unicode segments, subscription and its messages."""

    segments: tuple
    subscribed: bool
    messages: list = field(default_factory=list)

    @property
    def key(self):
        """'/'-joined segments, the name verify.py and ferry's report use."""
        return "/".join(self.segments)

    @property
    def role(self):
        """Special-use role if this is one of the special-use folders."""
        return SPECIAL_USE.get(self.segments[0]) if len(self.segments) == 1 else None


# ----- plans ----------------------------------------------------------------------------------

SMALL_FOLDERS = [  # (segments, subscribed, number of ordinary messages)
    (("INBOX",), True, 40),
    (("Work",), True, 8),
    (("Work", "2024"), True, 6),
    (("Work", "2024", "Q1"), False, 4),
    (("Work", "2024", "Q1", "Clients"), True, 3),
    (("Work", "2024", "Q1", "Clients", "Ünïcödé GmbH"), True, 5),
    (("Café Crème",), True, 6),
    (("Rock & Roll",), False, 4),
    (("📬 Inbox Zero ✨",), True, 4),
    (("日本語",), False, 0),
    (("日本語", "Привет мир"), True, 3),
    (("Empty",), False, 0),
    (("Empty", "Still empty"), True, 0),
    (("Sent",), True, 15),
    (("Drafts",), True, 5),
    (("Trash",), False, 6),
    (("Junk",), False, 5),
    (("Archive",), True, 30),
]

BENCH_FOLDERS = [  # (segments, subscribed, share of the messages)
    (("INBOX",), True, 0.40),
    (("Archive",), True, 0.20),
    (("Sent",), True, 0.15),
    (("Work",), True, 0.10),
    (("Work", "Projects"), True, 0.07),
    (("Lists",), False, 0.0),
    (("Lists", "ferry-dev"), False, 0.05),
    (("Trash",), False, 0.03),
]


def _ordinary_message(seed, size, role):
    """A message of SIZE bytes with random kind, date and flags."""
    rng = rng_for("meta:" + seed)
    if size > 100 * KB:
        kind = "attachment"
    else:
        kind = rng.choice(["text", "text", "alternative", "attachment"])
    moment = random_moment(rng)
    return Message(build_message(seed, size, kind, moment=moment), random_flags(rng, role),
                   imap_date(moment))


def _special_messages(seed, big_size):
    """The hand-made edge cases of the small profile, as {folder key: [Message]}."""
    # No date before 1970: Dovecot 2.3 maildir returns it right after APPEND but as an
    # unsigned 32-bit time (year 2106) in later sessions.
    def msg(name, size=3 * KB, flags=(), date="2001-03-15 10:00:00 +0530", **kw):
        moment = fixed_moment(date)
        return Message(build_message("%s:%s" % (seed, name), size, moment=moment, **kw),
                       list(flags), imap_date(moment), note=name)

    dup_id = "<duplicate-id-%s@ferry.test>" % seed
    latin1 = (b"X-Latin1-Raw: Caf\xe9 cr\xe8me br\xfbl\xe9e, \xa9 Gar\xe7on\r\n"
              b"Organization: M\xfcller & S\xf6hne\r\n")
    specials = {
        "INBOX": [
            msg("epoch", date="1970-01-01 00:00:00 +0000", flags=["\\Seen"]),
            msg("epoch-plus-one", date="1970-01-01 01:00:00 +0100", flags=["\\Flagged"]),
            msg("year-2037", date="2037-12-31 23:59:59 -1200", flags=["\\Seen", "$label1"]),
            msg("tz-plus-1400", date="2010-06-01 00:30:00 +1400"),
            msg("tz-minus-0930", date="2010-06-01 00:30:00 -0930", flags=["Work"]),
            msg("long-line-998", long_line=True, flags=["\\Answered"]),
            msg("latin1-headers", raw_headers=latin1, flags=["NonJunk"]),
            msg("no-message-id", message_id=None),
            msg("dup-id-a", message_id=dup_id, subject="duplicate id, first"),
            msg("dup-id-b", message_id=dup_id, subject="duplicate id, second",
                flags=["\\Seen", "$Forwarded"]),
            msg("all-flags", flags=SYSTEM_FLAGS + KEYWORDS),
        ],
        "Archive": [
            msg("no-message-id-2", message_id=None, flags=["\\Seen"]),
            msg("dup-id-c", message_id=dup_id, subject="duplicate id, other folder"),
        ],
        "Rock & Roll": [],
        "Junk": [msg("junk-flags", flags=["$Junk", "\\Seen"])],
        "Drafts": [msg("draft-mdn", flags=["\\Draft", "$MDNSent"])],
    }
    twin = msg("identical-twin", flags=["\\Seen"])
    specials["Rock & Roll"] = [twin, Message(twin.data, ["\\Seen"], twin.date, "identical-twin-2")]
    if big_size:
        moment = fixed_moment("2019-07-04 12:00:00 -0400")
        specials["INBOX"].append(Message(
            build_message("%s:big" % seed, big_size, "attachment", moment=moment),
            ["\\Seen"], imap_date(moment), note="big"))
    return specials


def small_plan(seed=1, big_size=25 * MB):
    """~150 messages over 18 folders with every edge case; big_size=0 drops the big one."""
    specials = _special_messages(seed, big_size)
    folders = []
    for segments, subscribed, count in SMALL_FOLDERS:
        folder = Folder(segments, subscribed)
        rng = rng_for("%s:sizes:%s" % (seed, folder.key))
        for i in range(count):
            size = rng.choice([600, 2 * KB, 4 * KB, 8 * KB, 20 * KB, 60 * KB])
            folder.messages.append(
                _ordinary_message("%s:%s:%d" % (seed, folder.key, i), size, folder.role))
        folder.messages.extend(specials.get(folder.key, []))
        folders.append(folder)
    return folders


def bench_sizes(seed, count):
    """Sizes for the bench set, shuffled: exactly 0.4 % log-uniform 1-10 MB, 6.6 % 50-500 KB,
    the rest (~93 %) 5-50 KB; about 240 MB for 5000 messages."""
    rng = rng_for("%s:bench-sizes" % seed)
    large = round(count * 0.004)
    medium = round(count * 0.066)
    classes = [(1 * MB, 10 * MB)] * large + [(50 * KB, 500 * KB)] * medium \
        + [(5 * KB, 50 * KB)] * (count - large - medium)
    rng.shuffle(classes)
    return [int(low * (high / low) ** rng.random()) for low, high in classes]


def bench_plan(seed=1, count=5000, big_size=0):
    """COUNT messages over a handful of folders, INBOX the largest; optional big message."""
    sizes = bench_sizes(seed, count)
    folders = []
    start = 0
    for n, (segments, subscribed, share) in enumerate(BENCH_FOLDERS):
        folder = Folder(segments, subscribed)  # messages as (seed, size, role): built lazily
        take = count - start if n == len(BENCH_FOLDERS) - 1 else round(count * share)
        for i in range(start, start + take):
            folder.messages.append(("%s:bench:%d" % (seed, i), sizes[i], folder.role))
        start += take
        folders.append(folder)
    if big_size:
        moment = fixed_moment("2020-02-02 20:20:20 +0100")
        folders[0].messages.append(Message(
            build_message("%s:bench-big" % seed, big_size, "attachment", moment=moment),
            ["\\Seen"], imap_date(moment), note="big"))
    return folders


def _materialize(item):
    """A Message from a plan entry (Message or lazy (seed, size, role) tuple)."""
    if isinstance(item, Message):
        return item
    seed, size, role = item
    return _ordinary_message(seed, size, role)


# ----- upload ---------------------------------------------------------------------------------

class Appender:
    """One connection that appends batches with MULTIAPPEND + LITERAL+ when offered."""

    _tags = iter(range(1, 1 << 30))
    _lock = threading.Lock()

    def __init__(self, account):
        """Connect and log in; read the capabilities after login."""
        self.imap = imaputil.connect(account)
        caps = imaputil.check(self.imap.capability(), "CAPABILITY")[0].upper().split()
        self.pipelined = b"MULTIAPPEND" in caps and b"LITERAL+" in caps

    def _tag(self):
        """A command tag distinct from imaplib's own ("F1", "F2", ...)."""
        with Appender._lock:
            return "F%d" % next(Appender._tags)

    def append(self, mailbox, messages):
        """Append MESSAGES ([Message]) to raw MAILBOX name; raise on NO/BAD."""
        if not self.pipelined:
            for m in messages:
                imaputil.check(self.imap.append(imaputil.quote(mailbox), "(%s)" % " ".join(m.flags),
                                                imaputil.quote(m.date), m.data), "APPEND")
            return
        tag = self._tag()
        self.imap.send(("%s APPEND %s" % (tag, imaputil.quote(mailbox))).encode("ascii"))
        for m in messages:
            self.imap.send((" (%s) %s {%d+}\r\n" % (" ".join(m.flags), imaputil.quote(m.date),
                                                    len(m.data))).encode("ascii"))
            self.imap.send(m.data)
        self.imap.send(b"\r\n")
        for _ in range(10_000):  # untagged responses before ours are skipped
            line = self.imap.readline()
            if not line:
                raise RuntimeError("connection closed during APPEND")
            if line.startswith(tag.encode() + b" "):
                if not line[len(tag) + 1:].startswith(b"OK"):
                    raise RuntimeError("APPEND to %s failed: %r" % (mailbox, line))
                return
        raise RuntimeError("no tagged reply to APPEND")

    def close(self):
        """Log out."""
        try:
            self.imap.logout()
        except Exception:  # noqa: BLE001 - best effort
            pass


def _batches(items, max_count=100, max_bytes=16 * MB):
    """Split plan items into batches bounded by count and (approximate) bytes."""
    batch, size = [], 0
    for item in items:
        item_size = len(item.data) if isinstance(item, Message) else item[1]
        if batch and (len(batch) >= max_count or size + item_size > max_bytes):
            yield batch
            batch, size = [], 0
        batch.append(item)
        size += item_size
    if batch:
        yield batch


def create_folders(account, folders):
    """CREATE every folder (parents first) and SUBSCRIBE the subscribed ones."""
    imap = imaputil.connect(account)
    try:
        prefix, sep = imaputil.personal_namespace(imap)
        for folder in sorted(folders, key=lambda f: len(f.segments)):
            name = imaputil.full_name(folder.segments, prefix, sep)
            if folder.segments != ("INBOX",):
                imaputil.check(imap.create(imaputil.quote(name)), "CREATE %s" % name)
            if folder.subscribed:
                imaputil.check(imap.subscribe(imaputil.quote(name)), "SUBSCRIBE %s" % name)
        return prefix, sep
    finally:
        imap.logout()


def upload(account, folders, connections=4):
    """Append all messages of FOLDERS with CONNECTIONS parallel connections."""
    prefix, sep = create_folders(account, folders)
    jobs = []
    for folder in folders:
        name = imaputil.full_name(folder.segments, prefix, sep)
        jobs.extend((name, batch) for batch in _batches(folder.messages))
    local = threading.local()
    appenders = []

    def run(job):
        name, batch = job
        if not hasattr(local, "appender"):
            local.appender = Appender(account)
            appenders.append(local.appender)
        local.appender.append(name, [_materialize(item) for item in batch])

    try:
        with ThreadPoolExecutor(max_workers=max(1, connections)) as pool:
            for future in [pool.submit(run, job) for job in jobs]:
                future.result()
    finally:
        for appender in appenders:
            appender.close()


def generate(account, profile="small", seed=1, big_size=None, count=None, connections=4):
    """Fill ACCOUNT with a profile; returns a summary dict (folders, messages, bytes, seconds).

    profile   "small" (~150 messages incl. a big one, every edge case) or "bench"
    big_size  bytes of the single big message: default 25 MB for small, none for bench;
              0 turns it off
    count     number of ordinary messages for bench (default 5000)
    """
    started = time.monotonic()
    if profile == "small":
        folders = small_plan(seed, 25 * MB if big_size is None else big_size)
    elif profile == "bench":
        folders = bench_plan(seed, count or 5000, big_size or 0)
    else:
        raise ValueError("unknown profile %r" % profile)
    upload(account, folders, connections)
    total_bytes = sum(len(m.data) if isinstance(m, Message) else m[1]
                      for f in folders for m in f.messages)
    return {"profile": profile, "seed": seed, "folders": len(folders),
            "messages": sum(len(f.messages) for f in folders),
            "approx_bytes": total_bytes, "seconds": round(time.monotonic() - started, 2),
            "per_folder": {f.key: len(f.messages) for f in folders}}


# ----- incremental changes --------------------------------------------------------------------

ADD_TO = [("INBOX",), ("Work",), ("Sent",), ("Café Crème",),
          ("Work", "2024", "Q1", "Clients", "Ünïcödé GmbH"), ("Archive",), ("Lists", "ferry-dev")]


def _existing_folders(imap, prefix, sep):
    """{segments tuple: raw name} of the selectable folders on the server."""
    result = {}
    for attrs, _delim, raw in imaputil.list_mailboxes(imap):
        if "\\Noselect" not in attrs and "\\NonExistent" not in attrs:
            result[tuple(imaputil.segments_of(raw, prefix, sep))] = raw
    return result


def _change_flags(imap, raw, key, rng, how_many):
    """Change flags on HOW_MANY small messages of one folder; return the change records."""
    imaputil.check(imap.select(imaputil.quote(raw)), "SELECT")
    data = imaputil.check(imap.uid("FETCH", "1:*", "(FLAGS RFC822.SIZE)"), "FETCH")
    candidates = []
    for line in data:
        if not isinstance(line, bytes):
            continue
        meta = imaputil.parse_fetch_meta(line)
        if meta["size"] < 1 * MB:
            candidates.append(meta)
    changes = []
    operations = [("+", "\\Flagged"), ("-", "\\Seen"), ("+", "$label1"), ("-", "keyword"),
                  ("+", "\\Answered"), ("+", "Work")]
    for n, meta in enumerate(rng.sample(candidates, min(how_many, len(candidates)))):
        sign, flag = operations[n % len(operations)]
        before = sorted(meta["flags"] - {"\\Recent"})
        if flag == "keyword":
            present = [f for f in before if not f.startswith("\\")]
            sign, flag = ("-", present[0]) if present else ("+", "$Forwarded")
        if (sign == "+") == (flag in before):  # make it a real change
            sign = "-" if sign == "+" else "+"
        imaputil.check(imap.uid("STORE", str(meta["uid"]), sign + "FLAGS.SILENT", "(%s)" % flag),
                       "STORE")
        body = imaputil.fetch_bodies(imap, [meta["uid"]])[meta["uid"]]
        after = set(before) | {flag} if sign == "+" else set(before) - {flag}
        changes.append({"folder": key, "uid": meta["uid"], "sha256": hashlib.sha256(body).hexdigest(),
                        "change": sign + flag, "before": before, "after": sorted(after)})
    # UNSELECT, not CLOSE: CLOSE would expunge the source's \Deleted messages.
    imap.unselect()
    return changes


def add_more(account, n=10, seed=2, flag_changes=None):
    """Add N new messages and change flags on some existing ones; describe exactly what changed.

    New messages go round-robin to the existing folders of ADD_TO. Flag changes
    (default max(3, n // 2)) are spread over INBOX and Archive (or the first
    folders present), one operation each: +\\Flagged, -\\Seen, +$label1, -keyword,
    +\\Answered, +Work. Returns
      {"added":  [{"folder": key, "sha256": hex, "size": n, "flags": [...], "date": str}],
       "flagChanges": [{"folder": key, "uid": n, "sha256": hex, "change": "+\\Flagged",
                        "before": [...], "after": [...]}]}
    """
    rng = rng_for("%s:add-more" % seed)
    imap = imaputil.connect(account)
    try:
        prefix, sep = imaputil.personal_namespace(imap)
        existing = _existing_folders(imap, prefix, sep)
        how_many = max(3, n // 2) if flag_changes is None else flag_changes
        change_in = [s for s in [("INBOX",), ("Archive",)] if s in existing][:2]
        changes = []
        for k, segments in enumerate(change_in):
            share = how_many // len(change_in) + (1 if k < how_many % len(change_in) else 0)
            changes += _change_flags(imap, existing[segments], "/".join(segments), rng, share)
        targets = [s for s in ADD_TO if s in existing] or [("INBOX",)]
        added = []
        for i in range(n):
            segments = targets[i % len(targets)]
            role = SPECIAL_USE.get(segments[0]) if len(segments) == 1 else None
            message = _ordinary_message("%s:more:%d" % (seed, i), rng.choice([1, 3, 9, 30]) * KB,
                                        role)
            imaputil.check(imap.append(imaputil.quote(existing[segments]),
                                       "(%s)" % " ".join(message.flags),
                                       imaputil.quote(message.date), message.data), "APPEND")
            added.append({"folder": "/".join(segments), "size": len(message.data),
                          "sha256": hashlib.sha256(message.data).hexdigest(),
                          "flags": sorted(message.flags), "date": message.date})
        return {"added": added, "flagChanges": changes}
    finally:
        imap.logout()


# ----- CLI ------------------------------------------------------------------------------------

def main(argv=None):
    """CLI: fill / add-more against a dovecot.py server directory."""
    parser = argparse.ArgumentParser(description="Fill a test IMAPS account")
    sub = parser.add_subparsers(dest="command", required=True)
    fill = sub.add_parser("fill")
    fill.add_argument("--profile", choices=("small", "bench"), default="small")
    fill.add_argument("--big-size", type=int, help="bytes of the big message (0: none)")
    fill.add_argument("--count", type=int, help="bench: number of messages")
    fill.add_argument("--connections", type=int, default=4)
    more = sub.add_parser("add-more")
    more.add_argument("--count", type=int, default=10)
    for p in (fill, more):
        p.add_argument("--dir", required=True, help="dovecot.py server directory")
        p.add_argument("--user", required=True)
        p.add_argument("--seed", type=int, default=1 if p is fill else 2)
    args = parser.parse_args(argv)
    account = imaputil.account_from_launcher(args.dir, args.user)
    if args.command == "fill":
        result = generate(account, args.profile, args.seed, args.big_size, args.count,
                          args.connections)
    else:
        result = add_more(account, args.count, args.seed)
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
