"""Small IMAP helpers shared by mailgen.py and verify.py (stdlib imaplib only).

- modified UTF-7 (RFC 3501 section 5.1.3) encode/decode, written out here on purpose
- connect(account): IMAP4_SSL trusting only the account's CA file
- LIST / NAMESPACE response parsing
- folder names <-> segment lists ("INBOX.Work.2024" on a "." server == ["Work", "2024"])

An *account* is any object with host, port, user, password and ca_file
attributes (dovecot.Account, or a SimpleNamespace built from a launcher.json).
"""

import base64
import imaplib
import json
import os
import re
import ssl
from types import SimpleNamespace

imaplib._MAXLINE = 10_000_000  # long LIST/FETCH lines are fine in tests


# ----- modified UTF-7 -------------------------------------------------------------------------

def _b64_utf16(text):
    """Modified base64 of TEXT as UTF-16BE, no padding, ',' instead of '/'."""
    raw = base64.b64encode(text.encode("utf-16-be")).decode("ascii")
    return raw.rstrip("=").replace("/", ",")


def mutf7_encode(name):
    """Encode a mailbox name to IMAP modified UTF-7."""
    out = []
    pending = []  # run of characters that need base64
    for ch in name:
        if 0x20 <= ord(ch) <= 0x7E:
            if pending:
                out.append("&" + _b64_utf16("".join(pending)) + "-")
                pending = []
            out.append("&-" if ch == "&" else ch)
        else:
            pending.append(ch)
    if pending:
        out.append("&" + _b64_utf16("".join(pending)) + "-")
    return "".join(out)


def mutf7_decode(name):
    """Decode an IMAP modified UTF-7 mailbox name (str or bytes) to Unicode."""
    if isinstance(name, bytes):
        name = name.decode("ascii", errors="surrogateescape")
    out = []
    i = 0
    while i < len(name):
        ch = name[i]
        if ch != "&":
            out.append(ch)
            i += 1
            continue
        end = name.find("-", i)
        if end < 0:
            raise ValueError("unterminated modified UTF-7 in %r" % name)
        chunk = name[i + 1:end]
        if not chunk:
            out.append("&")
        else:
            chunk = chunk.replace(",", "/")
            chunk += "=" * (-len(chunk) % 4)
            out.append(base64.b64decode(chunk).decode("utf-16-be"))
        i = end + 1
    return "".join(out)


# ----- connection -----------------------------------------------------------------------------

def account_from_launcher(directory, user):
    """An account read from a dovecot.py launcher.json (host, port, CA, password)."""
    with open(os.path.join(directory, "launcher.json"), encoding="utf-8") as f:
        info = json.load(f)
    return SimpleNamespace(host=info["host"], port=info["port"], user=user,
                           password=info["users"][user], ca_file=info["ca_file"])


def ssl_context(ca_file):
    """TLS client context trusting only CA_FILE, hostname checked."""
    context = ssl.create_default_context(cafile=ca_file)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def connect(account, timeout=60):
    """Logged-in IMAP4_SSL connection to ACCOUNT."""
    imap = imaplib.IMAP4_SSL(account.host, account.port, ssl_context=ssl_context(account.ca_file),
                             timeout=timeout)
    imap.login(account.user, account.password)
    return imap


def check(result, what):
    """Raise unless an imaplib (typ, data) result is OK; return data."""
    typ, data = result
    if typ != "OK":
        raise RuntimeError("%s failed: %s %r" % (what, typ, data))
    return data


def quote(text):
    """An IMAP quoted string (text must be ASCII, e.g. already mUTF-7)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# ----- response parsing -----------------------------------------------------------------------

_TOKEN = re.compile(rb'\s*(\((?:[^()"]|"(?:[^"\\]|\\.)*")*\)|"(?:[^"\\]|\\.)*"|NIL|[^\s()]+)')


def _unquote(token):
    """Value of a quoted-string / atom / NIL token (bytes -> str or None)."""
    if token == b"NIL":
        return None
    if token.startswith(b'"'):
        return re.sub(rb"\\(.)", rb"\1", token[1:-1]).decode("ascii", errors="surrogateescape")
    return token.decode("ascii", errors="surrogateescape")


def parse_list_response(item):
    """One LIST/LSUB data item from imaplib -> (attributes set, delimiter, raw name).

    Handles the literal form imaplib returns as a tuple (b'(\\X) "." {12}', b'name').
    """
    literal = None
    if isinstance(item, tuple):
        item, literal = item
    match = re.match(rb'\s*\(([^)]*)\)\s+(NIL|"(?:[^"\\]|\\.)*")\s*(.*)$', item, re.S)
    if not match:
        raise ValueError("cannot parse LIST response %r" % item)
    attributes = {a.decode("ascii") for a in match.group(1).split()}
    delimiter = _unquote(match.group(2))
    rest = match.group(3).strip()
    if literal is not None:
        name = literal.decode("ascii", errors="surrogateescape")
    else:
        name = _unquote(_TOKEN.match(rest).group(1))
    return attributes, delimiter, name


def list_mailboxes(imap, command="LIST"):
    """[(attributes, delimiter, raw name)] for LIST or LSUB "" "*"."""
    method = imap.lsub if command == "LSUB" else imap.list
    data = check(method('""', '"*"'), command)
    return [parse_list_response(item) for item in data if item is not None]


def personal_namespace(imap):
    """(prefix, separator) of the first personal namespace ("INBOX.", ".") or ("", "/")."""
    data = check(imap.namespace(), "NAMESPACE")[0]
    match = re.match(rb'\(\("((?:[^"\\]|\\.)*)" (NIL|"(?:[^"\\]|\\.)*")', data)
    if not match:
        return "", "/"
    return match.group(1).decode("ascii"), _unquote(match.group(2)) or "/"


def full_name(segments, prefix, separator):
    """Raw (mUTF-7) server name of a folder given as Unicode segments; ["INBOX"] -> INBOX."""
    if list(segments) == ["INBOX"]:
        return "INBOX"
    return prefix + separator.join(mutf7_encode(s) for s in segments)


def segments_of(raw_name, prefix, separator):
    """Unicode segments of a raw server folder name, personal prefix removed."""
    if raw_name.upper() == "INBOX":
        return ["INBOX"]
    if prefix and raw_name.startswith(prefix):
        raw_name = raw_name[len(prefix):]
    parts = raw_name.split(separator) if separator else [raw_name]
    return [mutf7_decode(p) for p in parts]


_META = {
    "uid": re.compile(rb"\bUID (\d+)"),
    "flags": re.compile(rb"\bFLAGS \(([^)]*)\)"),
    "size": re.compile(rb"\bRFC822\.SIZE (\d+)"),
    "internaldate": re.compile(rb'\bINTERNALDATE "([^"]+)"'),
}


def parse_fetch_meta(line):
    """Fields of one literal-free FETCH response line: uid, flags (set), size, internaldate."""
    result = {}
    for key, pattern in _META.items():
        match = pattern.search(line)
        if not match:
            continue
        value = match.group(1)
        if key in ("uid", "size"):
            result[key] = int(value)
        elif key == "flags":
            result[key] = {f.decode("utf-8", "surrogateescape") for f in value.split()}
        else:
            result[key] = value.decode("ascii")
    return result


def fetch_bodies(imap, uids):
    """{uid: full message bytes} via UID FETCH (BODY.PEEK[]) on the selected folder."""
    uid_set = ",".join(str(u) for u in uids)
    data = check(imap.uid("FETCH", uid_set, "(BODY.PEEK[])"), "FETCH BODY")
    bodies = {}
    pending = None  # literal whose UID comes after it
    for item in data:
        if isinstance(item, tuple):
            match = _META["uid"].search(item[0])
            if match:
                bodies[int(match.group(1))] = item[1]
            else:
                pending = item[1]
        elif isinstance(item, bytes) and pending is not None:
            match = _META["uid"].search(item)
            if match:
                bodies[int(match.group(1))] = pending
            pending = None
    missing = set(uids) - set(bodies)
    if missing:
        raise RuntimeError("FETCH returned no body for UIDs %s" % sorted(missing))
    return bodies
