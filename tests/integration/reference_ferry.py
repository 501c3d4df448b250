#!/usr/bin/env python3
"""A deliberately simple Python stand-in for `ferry-cli migrate`, used to prove the
integration tests themselves: `test_mail_*.py --ferry-cli reference_ferry.py` must pass.

It follows the ferry-cli contract (arguments, FERRY_FROM/TO_PASSWORD, exit codes,
report JSON) but none of Ferry's design: no state store (--state is only created),
no resumption, one connection, every body read each pass. Never ship it.
"""

import argparse
import hashlib
import json
import os
import re
import socket
import ssl
import sys
from collections import defaultdict
from types import SimpleNamespace

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import imaputil  # noqa: E402
import verify  # noqa: E402


class Fail(Exception):
    """Stop with an exit code and a message for stderr."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def parse_url(url, password_env):
    """imaps://USER@HOST[:PORT] -> account namespace (password from the environment)."""
    match = re.match(r"^imaps://([^@/]+)@([^:/]+)(?::(\d+))?/?$", url)
    if not match:
        raise Fail(2, "bad URL %r (want imaps://USER@HOST[:PORT])" % url)
    return SimpleNamespace(user=match.group(1), host=match.group(2),
                           port=int(match.group(3) or 993),
                           password=os.environ.get(password_env, ""), ca_file=None)


def connect(account, ca_files, side):
    """Logged-in connection, mapping TLS and login failures to exit codes 4 and 3."""
    context = ssl.create_default_context()
    for path in ca_files:
        context.load_verify_locations(path)
    try:
        imap = imaputil.imaplib.IMAP4_SSL(account.host, account.port, ssl_context=context,
                                          timeout=30)
    except ssl.SSLCertVerificationError as error:
        raw = ssl.get_server_certificate((account.host, account.port))
        der = ssl.PEM_cert_to_DER_cert(raw)
        digest = hashlib.sha256(der).hexdigest().upper()
        fingerprint = ":".join(digest[i:i + 2] for i in range(0, 64, 2))
        raise Fail(4, "the %s server's certificate is not trusted (%s); SHA-256 fingerprint "
                      "%s; trust it with --ca-file" % (side, error.verify_message, fingerprint))
    except OSError as error:
        raise Fail(5, "cannot reach the %s server: %s" % (side, error))
    try:
        imap.login(account.user, account.password)
    except imaputil.imaplib.IMAP4.error:
        raise Fail(3, "authentication failed on the %s server for %s" % (side, account.user))
    return imap


def migrate(args):
    """Copy what the target lacks and fix flags; returns the report dict."""
    source = parse_url(args.source, "FERRY_FROM_PASSWORD")
    target = parse_url(args.target, "FERRY_TO_PASSWORD")
    src = connect(source, args.ca_file, "source")
    dst = connect(target, args.ca_file, "target")
    src_snap = verify.snapshot(source, src)
    dst_snap = verify.snapshot(target, dst)
    dst_prefix, dst_sep = imaputil.personal_namespace(dst)
    mapping = verify._folder_mapping(src_snap, dst_snap)
    report = {"source": args.source, "target": args.target, "exitCode": 0, "folders": [],
              "failures": [],
              "totals": {"copied": 0, "alreadyThere": 0, "failed": 0, "flagsUpdated": 0,
                         "bytes": 0}}
    for key, folder in src_snap["folders"].items():
        target_key = mapping[key]
        entry = {"source": key, "target": target_key, "sourceCount": len(folder["messages"]),
                 "targetCount": 0, "copied": 0, "alreadyThere": 0, "failed": 0,
                 "flagsUpdated": 0}
        existing = dst_snap["folders"].get(target_key)
        raw_target = existing["raw"] if existing else imaputil.full_name(
            target_key.split("/"), dst_prefix, dst_sep)
        if not existing and key != "INBOX":
            imaputil.check(dst.create(imaputil.quote(raw_target)), "CREATE")
        if folder["subscribed"] and not (existing and existing["subscribed"]):
            dst.subscribe(imaputil.quote(raw_target))
        _sync_folder(src, dst, folder, existing, raw_target, entry, report)
        for k in ("copied", "alreadyThere", "failed", "flagsUpdated"):
            report["totals"][k] += entry[k]
        report["folders"].append(entry)
    src.logout()
    dst.logout()
    report["exitCode"] = 1 if report["failures"] else 0
    return report


def _sync_folder(src, dst, folder, existing, raw_target, entry, report):
    """Append missing messages of one folder and make flags equal on the rest."""
    have = defaultdict(list)
    for m in existing["messages"] if existing else []:
        have[m["sha256"]].append(m)
    if folder["selectable"]:
        src.select(imaputil.quote(folder["raw"]), readonly=True)
    for m in folder["messages"]:
        if have[m["sha256"]]:
            twin = have[m["sha256"]].pop(0)
            entry["alreadyThere"] += 1
            if twin["flags"] != m["flags"]:
                dst.select(imaputil.quote(raw_target))
                dst.uid("STORE", str(twin["uid"]), "FLAGS.SILENT", "(%s)" % " ".join(m["flags"]))
                dst.close()
                entry["flagsUpdated"] += 1
            continue
        body = imaputil.fetch_bodies(src, [m["uid"]])[m["uid"]]
        typ, data = dst.append(imaputil.quote(raw_target), "(%s)" % " ".join(m["flags"]),
                               imaputil.quote(m["internaldate"]), body)
        if typ == "OK":
            entry["copied"] += 1
            report["totals"]["bytes"] += len(body)
        else:
            entry["failed"] += 1
            report["failures"].append({
                "folder": entry["source"], "id": "uid:%d" % m["uid"],
                "messageId": m["message_id"] or "", "size": m["size"],
                "reason": "the target server refused the message",
                "serverText": data[0].decode("utf-8", "replace")})
    entry["targetCount"] = entry["alreadyThere"] + entry["copied"]
    if folder["selectable"]:
        src.close()


def main():
    """Parse the ferry-cli arguments (migrate only) and map failures to exit codes."""
    parser = argparse.ArgumentParser(prog="reference_ferry")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("migrate")
    run.add_argument("--from", dest="source", required=True)
    run.add_argument("--to", dest="target", required=True)
    run.add_argument("--ca-file", action="append", default=[])
    run.add_argument("--state")
    run.add_argument("--report")
    run.add_argument("--json", action="store_true")
    run.add_argument("--connections", type=int, default=1)
    args = parser.parse_args()
    socket.setdefaulttimeout(60)
    try:
        if args.state:
            os.makedirs(args.state, exist_ok=True)
        report = migrate(args)
    except Fail as failure:
        print("reference_ferry: %s" % failure, file=sys.stderr)
        return failure.code
    if args.report:
        with open(args.report, "w", encoding="utf-8") as f:
            json.dump(report, f, indent=1)
    if args.json:
        print(json.dumps(report["totals"]))
    return report["exitCode"]


if __name__ == "__main__":
    sys.exit(main())
