#!/usr/bin/env python3
"""Read-only snapshot of an IMAPS account, and comparison of two snapshots.

    import verify
    snap = verify.snapshot(account)           # JSON-able dict; EXAMINE + BODY.PEEK only
    diffs = verify.compare(source_snap, target_snap)   # [] when the target matches
    dups = verify.duplicates(target_snap, source_snap) # [] when nothing was copied twice

Snapshot layout:
  {"separator": ".", "prefix": "INBOX.", "account": {...},
   "folders": {"Work/2024": {"segments": ["Work", "2024"], "raw": "INBOX.Work.2024",
                             "subscribed": true, "selectable": true, "special_use": ["\\Sent"],
                             "uidvalidity": n, "count": n,
                             "messages": [{"sha256", "size", "flags", "internaldate",
                                           "internaldate_utc", "uid", "message_id",
                                           "subject"}, ...]}}}
Folder keys are the Unicode segments joined with "/", personal prefix removed,
so INBOX.Work.2024 on a "." server and Work/2024 on a "/" server are both "Work/2024".

CLI:
    python3 verify.py snapshot --dir D --user alice > a.json    (dovecot.py server dir)
    python3 verify.py snapshot --host H --port P --user U --ca-file CA --password-env VAR
    python3 verify.py compare a.json b.json      (exit 1 and one line per difference)
"""

import argparse
import email.header
import email.utils
import hashlib
import json
import os
import re
import sys
from collections import Counter, defaultdict
from types import SimpleNamespace

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import imaputil  # noqa: E402

ROLES = ["\\All", "\\Archive", "\\Drafts", "\\Flagged", "\\Junk", "\\Sent", "\\Trash"]
BODY_BATCH_BYTES = 32 * 1024 * 1024


# ----- snapshot -------------------------------------------------------------------------------

def internaldate_utc(text):
    """INTERNALDATE string -> seconds since the epoch (UTC)."""
    return int(email.utils.mktime_tz(email.utils.parsedate_tz(
        text.replace("-", " ", 2))))


def _header(data, name):
    """First value of header NAME in raw message DATA (str, undecoded), or None."""
    head = data.split(b"\r\n\r\n", 1)[0]
    match = re.search(rb"(?im)^" + re.escape(name.encode()) + rb":[ \t]*(.*(?:\r\n[ \t].*)*)", head)
    if not match:
        return None
    value = re.sub(r"\r\n[ \t]+", " ", match.group(1).decode("utf-8", "replace")).strip()
    try:
        return str(email.header.make_header(email.header.decode_header(value)))
    except (ValueError, LookupError):
        return value


def _folder_messages(imap):
    """Messages of the EXAMINEd folder: metadata first, then bodies in bounded batches."""
    data = imaputil.check(imap.uid("FETCH", "1:*", "(UID FLAGS INTERNALDATE RFC822.SIZE)"),
                          "FETCH")
    metas = [imaputil.parse_fetch_meta(line) for line in data if isinstance(line, bytes)]
    metas = [m for m in metas if "uid" in m]
    metas.sort(key=lambda m: m["uid"])
    messages = []
    batch, batch_bytes = [], 0
    for position, meta in enumerate(metas):
        batch.append(meta)
        batch_bytes += meta.get("size", 0)
        if batch_bytes >= BODY_BATCH_BYTES or position == len(metas) - 1:
            bodies = imaputil.fetch_bodies(imap, [m["uid"] for m in batch])
            for m in batch:
                body = bodies[m["uid"]]
                messages.append({
                    "uid": m["uid"],
                    "sha256": hashlib.sha256(body).hexdigest(),
                    "size": len(body),
                    "flags": sorted(m["flags"] - {"\\Recent"}),
                    "internaldate": m["internaldate"],
                    "internaldate_utc": internaldate_utc(m["internaldate"]),
                    "message_id": _header(body, "Message-ID"),
                    "subject": _header(body, "Subject"),
                })
            batch, batch_bytes = [], 0
    return messages


def _examine(imap, raw):
    """EXAMINE a folder (read-only); return its UIDVALIDITY."""
    imaputil.check(imap.select(imaputil.quote(raw), readonly=True), "EXAMINE %s" % raw)
    value = imap.response("UIDVALIDITY")[1]
    return int(value[0]) if value and value[0] else None


def snapshot(account, imap=None):
    """Whole-account snapshot (see module docstring). Changes nothing on the server.

    IMAP: an already logged-in connection to use (left open); by default one is made.
    """
    own = imap is None
    if own:
        imap = imaputil.connect(account)
    try:
        prefix, sep = imaputil.personal_namespace(imap)
        subscribed = {raw for _a, _d, raw in imaputil.list_mailboxes(imap, "LSUB")}
        folders = {}
        for attrs, delim, raw in imaputil.list_mailboxes(imap):
            if "\\NonExistent" in attrs:
                continue
            segments = imaputil.segments_of(raw, prefix, delim or sep)
            selectable = "\\Noselect" not in attrs
            folder = {
                "segments": segments, "raw": raw, "subscribed": raw in subscribed,
                "selectable": selectable,
                "special_use": sorted(a for a in attrs if a in ROLES),
                "uidvalidity": None, "messages": [],
            }
            if selectable:
                folder["uidvalidity"] = _examine(imap, raw)
                folder["messages"] = _folder_messages(imap)
                imap.close()
            folder["count"] = len(folder["messages"])
            folders["/".join(segments)] = folder
        return {"separator": sep, "prefix": prefix,
                "account": {"host": account.host, "port": account.port, "user": account.user},
                "folders": dict(sorted(folders.items()))}
    finally:
        if own:
            imap.logout()


# ----- compare --------------------------------------------------------------------------------

def _folder_mapping(source, target):
    """{source folder key: target folder key}: special-use folders by role, others by name."""
    target_by_role = {}
    for key, folder in target["folders"].items():
        for role in folder["special_use"]:
            target_by_role.setdefault(role, key)
    mapping = {}
    for key, folder in source["folders"].items():
        roles = [r for r in folder["special_use"] if r in target_by_role]
        mapping[key] = target_by_role[roles[0]] if roles else key
    return mapping


def _label(message):
    """Short human-readable name of a message for difference lines."""
    return "%s (sha256 %s…, %d bytes, Message-ID %s)" % (
        repr(message.get("subject") or "")[:60], message["sha256"][:12], message["size"],
        message.get("message_id") or "none")


def _compare_messages(key, source_msgs, target_msgs, check_dates):
    """Differences between two message lists of one folder, as multisets."""
    diffs = []
    by_sha_source = defaultdict(list)
    by_sha_target = defaultdict(list)
    for m in source_msgs:
        by_sha_source[m["sha256"]].append(m)
    for m in target_msgs:
        by_sha_target[m["sha256"]].append(m)
    for sha in sorted(set(by_sha_source) | set(by_sha_target)):
        src, dst = by_sha_source.get(sha, []), by_sha_target.get(sha, [])
        sample = (src or dst)[0]
        if len(src) > len(dst):
            diffs.append("%s: missing %d× %s" % (key, len(src) - len(dst), _label(sample)))
        elif len(dst) > len(src):
            diffs.append("%s: extra %d× %s" % (key, len(dst) - len(src), _label(sample)))
        if len(src) != len(dst):
            continue
        src_flags = Counter(tuple(m["flags"]) for m in src)
        dst_flags = Counter(tuple(m["flags"]) for m in dst)
        if src_flags != dst_flags:
            diffs.append("%s: flags differ for %s: source %s, target %s" % (
                key, _label(sample), sorted(src_flags.elements()), sorted(dst_flags.elements())))
        if check_dates:
            src_dates = sorted(m["internaldate_utc"] for m in src)
            dst_dates = sorted(m["internaldate_utc"] for m in dst)
            if src_dates != dst_dates:
                diffs.append("%s: INTERNALDATE differs for %s: source %s, target %s" % (
                    key, _label(sample), [m["internaldate"] for m in src],
                    [m["internaldate"] for m in dst]))
    return diffs


def compare(source, target, check_dates=True, check_subscriptions=True, allow_extra_folders=False):
    """Human-readable differences between a source and a target snapshot ([] if equal).

    Messages are compared per folder as multisets of full-content hashes, then
    flags/keywords (\\Recent ignored) and INTERNALDATE (UTC seconds) of equal
    content. Special-use folders are matched by role, whatever their names.
    A source \\Noselect folder may be a selectable, empty folder on the target.
    """
    diffs = []
    mapping = _folder_mapping(source, target)
    for key, src in source["folders"].items():
        target_key = mapping[key]
        dst = target["folders"].get(target_key)
        shown = key if target_key == key else "%s (target %s)" % (key, target_key)
        if dst is None:
            diffs.append("missing folder %s" % shown)
            continue
        if src["selectable"] and not dst["selectable"]:
            diffs.append("%s: selectable on the source but \\Noselect on the target" % shown)
        if not src["selectable"] and dst["selectable"] and dst["messages"]:
            diffs.append("%s: \\Noselect on the source but has messages on the target" % shown)
        if check_subscriptions and src["subscribed"] != dst["subscribed"]:
            diffs.append("%s: subscribed on the source %s, on the target %s" % (
                shown, src["subscribed"], dst["subscribed"]))
        if src["special_use"] != dst["special_use"]:
            diffs.append("%s: special-use source %s, target %s" % (
                shown, src["special_use"], dst["special_use"]))
        diffs += _compare_messages(shown, src["messages"], dst["messages"], check_dates)
    if not allow_extra_folders:
        for key in sorted(set(target["folders"]) - set(mapping.values())):
            diffs.append("extra folder %s on the target (%d messages)" % (
                key, len(target["folders"][key]["messages"])))
    return diffs


def duplicates(snapshot_, source=None):
    """Messages present in a target folder more often than in the source folder.

    Without SOURCE, any content present more than once in a folder is reported.
    """
    mapping = _folder_mapping(source, snapshot_) if source else {}
    allowed = {}
    if source:
        for key, folder in source["folders"].items():
            allowed[mapping[key]] = Counter(m["sha256"] for m in folder["messages"])
    found = []
    for key, folder in snapshot_["folders"].items():
        counts = Counter(m["sha256"] for m in folder["messages"])
        limit = allowed.get(key, Counter())
        for sha, n in sorted(counts.items()):
            expected = limit[sha] if source else 1
            if n > max(expected, 1):
                sample = next(m for m in folder["messages"] if m["sha256"] == sha)
                found.append("%s: %d copies of %s (source has %d)" % (
                    key, n, _label(sample), expected))
    return found


def without_volatile(snap):
    """Copy of a snapshot without fields that may legitimately change between reads."""
    clean = json.loads(json.dumps(snap))
    clean.pop("account", None)
    return clean


def changes(before, after):
    """Every difference between two snapshots of the SAME account, strictly: folders,
    subscriptions, roles, UIDVALIDITY, and per UID the bytes, flags and keywords
    (snapshots leave \\Recent out: it belongs to a session) and INTERNALDATE.
    [] when the account is unchanged."""
    found = []
    b, a = before["folders"], after["folders"]
    for key in sorted(set(b) | set(a)):
        if key not in a or key not in b:
            found.append("folder %s %s" % (key, "vanished" if key in b else "appeared"))
            continue
        fb, fa = b[key], a[key]
        for field in ("subscribed", "selectable", "special_use", "uidvalidity"):
            if fb[field] != fa[field]:
                found.append("%s: %s %r -> %r" % (key, field, fb[field], fa[field]))
        mb = {m["uid"]: m for m in fb["messages"]}
        ma = {m["uid"]: m for m in fa["messages"]}
        for uid in sorted(set(mb) | set(ma)):
            if uid not in ma or uid not in mb:
                found.append("%s: UID %s %s" % (key, uid, "vanished" if uid in mb else "appeared"))
                continue
            for field in ("sha256", "size", "flags", "internaldate"):
                vb, va = mb[uid][field], ma[uid][field]
                if vb != va:
                    found.append("%s: UID %s %s %r -> %r" % (key, uid, field, vb, va))
    return found


# ----- CLI ------------------------------------------------------------------------------------

def _account_from_args(args):
    """Account from --dir/--user (launcher.json) or explicit --host/--port/..."""
    if args.dir:
        return imaputil.account_from_launcher(args.dir, args.user)
    password = os.environ.get(args.password_env or "", None)
    if password is None:
        raise SystemExit("give --dir, or --password-env naming a variable with the password")
    return SimpleNamespace(host=args.host, port=args.port, user=args.user, password=password,
                           ca_file=args.ca_file)


def main(argv=None):
    """CLI: snapshot / compare / duplicates."""
    parser = argparse.ArgumentParser(description="Snapshot and compare IMAPS accounts")
    sub = parser.add_subparsers(dest="command", required=True)
    snap = sub.add_parser("snapshot", help="print a JSON snapshot of an account")
    snap.add_argument("--dir", help="dovecot.py server directory")
    snap.add_argument("--user", required=True)
    snap.add_argument("--host", default="127.0.0.1")
    snap.add_argument("--port", type=int)
    snap.add_argument("--ca-file")
    snap.add_argument("--password-env", help="environment variable holding the password")
    cmp_ = sub.add_parser("compare", help="differences between source and target snapshots")
    cmp_.add_argument("source")
    cmp_.add_argument("target")
    cmp_.add_argument("--no-dates", action="store_true")
    dup = sub.add_parser("duplicates", help="messages copied more often than in the source")
    dup.add_argument("target")
    dup.add_argument("source", nargs="?")
    args = parser.parse_args(argv)

    if args.command == "snapshot":
        json.dump(snapshot(_account_from_args(args)), sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    load = lambda p: json.load(open(p, encoding="utf-8"))  # noqa: E731
    if args.command == "compare":
        lines = compare(load(args.source), load(args.target), check_dates=not args.no_dates)
    else:
        lines = duplicates(load(args.target), load(args.source) if args.source else None)
    for line in lines:
        print(line)
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
