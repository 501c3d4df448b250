#!/usr/bin/env python3
"""Snapshot and compare CalDAV/CardDAV accounts for the real-server tests.

    import davverify
    before = davverify.snapshot(source_account)
    ... migrate ...
    diffs = davverify.compare(before, davverify.snapshot(target_account))
    effects = davverify.scheduling_side_effects(target_snapshot)
    changed = davverify.unchanged(before, davverify.snapshot(source_account))

A snapshot maps each collection (by its last path segment, decoded) to its
metadata (kind, resourcetype, component set, displayname, color, description,
order) and its resources (by name: href, UID, bytes as served by GET, etag,
content type, top-level components). All lists are [] (never None) so
snapshots compare with ==.

compare() wants the same collections, the same resource names with the same
UIDs, the same metadata, and the same bytes except for the changes Ferry is
allowed to make (``allowed_changes``):

  "schedule-agent"  SCHEDULE-AGENT on ORGANIZER/ATTENDEE may be added or set
                    (RFC 6638 §7.1); that content line alone is compared
                    unfolded and without that parameter; every other line,
                    folding included, must be byte-equal.
  "windows-tzid"    a Windows time-zone name (only those the generator writes,
                    WINDOWS_ZONES) may be renamed to its IANA name in TZID
                    lines and TZID= parameters; the lines are compared with
                    the source's names renamed, every other byte as it is.
  "vcard-version"   a vCard whose VERSION differs (target needed 3.0 or 4.0) is
                    compared by meaning: UID, FN, N, ORG, EMAIL, TEL, ADR, BDAY
                    (year-less forms unified), NOTE, URL, CATEGORIES, PHOTO bytes.

The content-line helpers (logical_lines, split_line, param) implement the
line grammar of RFC 5545 §3.1 / RFC 6350 §3.3 by hand: it is twenty lines, and
the point is to see bytes exactly as served, which a parsing library would
normalise away.
"""

import base64
import hashlib
import urllib.parse

import davutil

DEFAULT_ALLOWED = ("schedule-agent", "windows-tzid")
# Windows zone → IANA (CLDR windowsZones, territory 001) for the names davgen writes.
WINDOWS_ZONES = {b"W. Europe Standard Time": b"Europe/Berlin"}
SCHEDULING_PROPS = (b"ORGANIZER", b"ATTENDEE")
SCHEDULING_COMPONENTS = (b"VEVENT", b"VTODO", b"VJOURNAL")

_COLLECTION_PROPS = ["D:resourcetype", "D:displayname", "C:calendar-description",
                     "CR:addressbook-description", "ICAL:calendar-color", "ICAL:calendar-order",
                     "C:supported-calendar-component-set"]


# ----- content lines ------------------------------------------------------------------

def logical_lines(data):
    """[[physical line bytes, ...], ...]: one list per content line (CRLF or LF ends)."""
    result = []
    for raw in data.replace(b"\r\n", b"\n").split(b"\n"):
        if raw[:1] in (b" ", b"\t") and result:
            result[-1].append(raw)
        elif raw:
            result.append([raw])
    return result


def unfold(physical):
    """One content line from its physical lines (RFC 5545 §3.1)."""
    return physical[0] + b"".join(p[1:] for p in physical[1:])


def split_line(line):
    """b'item1.TEL;TYPE="a,b":x' -> (b'item1', b'TEL', [(b'TYPE', b'"a,b"')], b'x').

    Names are upper-cased; parameter values are returned as written (quotes kept)."""
    quoted = False
    cuts = []
    for i, c in enumerate(line):
        if c == 0x22:  # '"'
            quoted = not quoted
        elif not quoted and c == 0x3B:  # ';'
            cuts.append(i)
        elif not quoted and c == 0x3A:  # ':'
            cuts.append(i)
            break
    else:
        cuts.append(len(line))
    head, value = line[:cuts[-1]], line[cuts[-1] + 1:]
    pieces = [head[a + 1 if k else 0:b] for k, (a, b) in enumerate(zip([0] + cuts[:-1], cuts))]
    name = pieces[0]
    group = b""
    if b"." in name:
        group, name = name.rsplit(b".", 1)
    params = []
    for piece in pieces[1:]:
        key, _eq, val = piece.partition(b"=")
        params.append((key.upper(), val))
    return group, name.upper(), params, value


def param(line, name):
    """Value of parameter NAME (bytes, quotes removed) of a content line, or None."""
    for key, val in split_line(line)[2]:
        if key == name:
            return val.strip(b'"')
    return None


def without_param(line, name):
    """LINE (unfolded) with parameter NAME removed; the rest as written."""
    group, prop, params, value = split_line(line)
    head = (group + b"." if group else b"") + prop
    for key, val in params:
        if key != name:
            head += b";" + key + (b"=" + val if val else b"")
    return head + b":" + value


def walk(data):
    """[(component path as a tuple of names, unfolded line, physical lines)] for DATA."""
    stack = []
    out = []
    for physical in logical_lines(data):
        line = unfold(physical)
        upper = line.upper()
        if upper.startswith(b"BEGIN:"):
            stack.append(upper[6:].strip())
        out.append((tuple(stack), line, physical))
        if upper.startswith(b"END:") and stack:
            stack.pop()
    return out


def uid_of(data):
    """The UID of a calendar object (first one in a VEVENT/VTODO/VJOURNAL) or vCard."""
    for path, line, _ in walk(data):
        if path and path[-1] in (b"VEVENT", b"VTODO", b"VJOURNAL", b"VCARD"):
            _g, name, _p, value = split_line(line)
            if name == b"UID":
                return value.decode("utf-8", "replace")
    return None


def components_of(data):
    """Sorted names of the components directly inside VCALENDAR (with repeats), or ["VCARD"]."""
    names = []
    for path, line, _ in walk(data):
        if line.upper().startswith(b"BEGIN:"):
            if len(path) == 2 and path[0] == b"VCALENDAR":
                names.append(path[1].decode())
            elif len(path) == 1 and path[0] != b"VCALENDAR":
                names.append(path[0].decode())
    return sorted(names)


# ----- snapshots ----------------------------------------------------------------------

def _name_of(href):
    return davutil.basename(href)


def _comp_set(element):
    if element is None:
        return []
    return sorted(c.get("name") for c in element.findall(davutil.clark("C:comp")))


def homes(dav):
    """The account's home collection paths (calendar and address book homes, deduplicated)."""
    principal = dav.current_user_principal()
    cal, card = dav.home_sets(principal)
    result = []
    for home in (cal, card):
        if home and home not in result:
            result.append(home if home.endswith("/") else home + "/")
    return result or [principal]


def snapshot(account, with_bytes=True):
    """Everything compare() looks at, read with PROPFIND and GET only (never writes)."""
    snap = {"collections": {}, "homes": []}
    with davutil.DavClient(account) as dav:
        snap["homes"] = homes(dav)
        for home in snap["homes"]:
            found = dav.propfind(home, _COLLECTION_PROPS, depth=1)
            for href, props in sorted(found.items()):
                path = davutil.unquote_href(href)
                if path.rstrip("/") == home.rstrip("/"):
                    continue
                rtype = props.get(davutil.clark("D:resourcetype"))
                kinds = sorted(davutil.short(c.tag) for c in rtype) if rtype is not None else []
                if "D:collection" not in kinds:
                    continue
                kind = ("calendar" if "C:calendar" in kinds else
                        "addressbook" if "CR:addressbook" in kinds else "collection")
                text = lambda n: davutil.text(props.get(davutil.clark(n)))  # noqa: E731
                description = (text("C:calendar-description") if kind == "calendar"
                               else text("CR:addressbook-description"))
                # Radicale announces a component set on address books too: ignore it there.
                comps = _comp_set(props.get(davutil.clark("C:supported-calendar-component-set")))
                collection = {
                    "href": href, "kind": kind, "resourcetype": kinds,
                    "components": comps if kind == "calendar" else [],
                    "displayname": text("D:displayname"), "color": text("ICAL:calendar-color"),
                    "description": description, "order": text("ICAL:calendar-order"),
                    "resources": {}}
                snap["collections"][_name_of(href)] = collection
                _read_resources(dav, path, collection, with_bytes)
    return snap


def _read_resources(dav, path, collection, with_bytes):
    found = dav.propfind(path, ["D:getetag", "D:getcontenttype", "D:resourcetype"], depth=1)
    for href, props in sorted(found.items()):
        rpath = davutil.unquote_href(href)
        if rpath.rstrip("/") == path.rstrip("/"):
            continue
        rtype = props.get(davutil.clark("D:resourcetype"))
        if rtype is not None and rtype.find(davutil.clark("D:collection")) is not None:
            continue
        entry = {"href": href, "etag": davutil.text(props.get(davutil.clark("D:getetag"))),
                 "content_type": davutil.text(props.get(davutil.clark("D:getcontenttype")))}
        if with_bytes:
            data = dav.get(rpath).body
            entry.update(bytes=data, sha256=hashlib.sha256(data).hexdigest(), uid=uid_of(data),
                         components=components_of(data))
        collection["resources"][_name_of(href)] = entry


def resource_count(snap):
    """Number of resources in a snapshot."""
    return sum(len(c["resources"]) for c in snap["collections"].values())


# ----- comparison ---------------------------------------------------------------------

METADATA = ("kind", "resourcetype", "components", "displayname", "color", "description", "order")


def normalized_lines(data, allowed=DEFAULT_ALLOWED):
    """The content lines of DATA as compare() sees them (see the module docstring)."""
    out = []
    for physical in logical_lines(data):
        line = unfold(physical)
        name = split_line(line)[1]
        if "schedule-agent" in allowed and name in SCHEDULING_PROPS:
            out.append(without_param(line, b"SCHEDULE-AGENT"))
        elif "windows-tzid" in allowed and b"TZID" in line and \
                any(w in line for w in WINDOWS_ZONES):
            for windows, iana in WINDOWS_ZONES.items():
                line = line.replace(b'"' + windows + b'"', iana).replace(windows, iana)
            out.append(line)
        elif "windows-tzid" in allowed and b"TZID" in line and \
                any(i in line for i in WINDOWS_ZONES.values()):
            out.append(line)  # the renamed side, compared unfolded like its source
        else:
            out.append(b"\r\n".join(physical))
    return out


def _version(data):
    for _path, line, _ in walk(data):
        if line.upper().startswith(b"VERSION:"):
            return line[8:].strip()
    return None


def _bday(line):
    _g, _n, params, value = split_line(line)
    value = value.replace(b"-", b"") if not value.startswith(b"--") else value
    if any(k == b"X-APPLE-OMIT-YEAR" for k, _v in params) and len(value) >= 8:
        return b"--" + value[4:8]
    return value


def _photo(line):
    _g, _n, params, value = split_line(line)
    if value.lower().startswith(b"data:") and b"," in value:
        value = value.split(b",", 1)[1]
    elif not any(k == b"ENCODING" for k, _v in params):
        return value  # a URI
    try:
        return hashlib.sha256(base64.b64decode(value.replace(b"\\", b""))).hexdigest().encode()
    except ValueError:
        return value


def vcard_meaning(data):
    """{property: sorted values} of what must survive a vCard 3.0 <-> 4.0 conversion."""
    keep = (b"UID", b"FN", b"N", b"ORG", b"EMAIL", b"TEL", b"ADR", b"BDAY", b"NOTE", b"URL",
            b"CATEGORIES", b"PHOTO", b"TITLE", b"NICKNAME")
    meaning = {}
    for path, line, _ in walk(data):
        _g, name, _params, value = split_line(line)
        if len(path) != 1 or name not in keep:
            continue
        if name == b"BDAY":
            value = _bday(line)
        elif name == b"PHOTO":
            value = _photo(line)
        elif name == b"TEL":
            value = value[4:] if value.lower().startswith(b"tel:") else value
        elif name == b"EMAIL":
            value = value.lower()
        meaning.setdefault(name.decode(), []).append(value.replace(b"\\;", b";"))
    return {k: sorted(v) for k, v in meaning.items()}


def content_diff(src, dst, allowed=DEFAULT_ALLOWED):
    """None if the bytes are equal as compare() sees them, else a one-line description."""
    if src == dst:
        return None
    if "vcard-version" in allowed and _version(src) != _version(dst) and \
            b"BEGIN:VCARD" in src.upper():
        a, b = vcard_meaning(src), vcard_meaning(dst)
        if a == b:
            return None
        keys = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
        return "vCard meaning differs after version change in %s" % ", ".join(keys)
    a, b = normalized_lines(src, allowed), normalized_lines(dst, allowed)
    if a == b:
        return None
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return "content differs at line %d: %r != %r" % (i + 1, x[:120], y[:120])
    return "content differs: %d lines != %d lines (first extra: %r)" % (
        len(a), len(b), (a[len(b)] if len(a) > len(b) else b[len(a)])[:120])


def compare(source, target, allowed_changes=DEFAULT_ALLOWED, check_metadata=True,
            collections=None):
    """Differences between two snapshots, as readable strings ([] when they match).

    collections: names to compare (default: all of the source's; extra collections
    on the target are reported either way)."""
    diffs = []
    src_cols, dst_cols = source["collections"], target["collections"]
    names = sorted(collections if collections is not None else src_cols)
    for name in names:
        if name not in src_cols:
            diffs.append("%s: not in the source snapshot" % name)
            continue
        if name not in dst_cols:
            diffs.append("%s: missing collection" % name)
            continue
        a, b = src_cols[name], dst_cols[name]
        if check_metadata:
            for key in METADATA:
                if a.get(key) != b.get(key):
                    diffs.append("%s: %s differs: %r != %r" % (name, key, a.get(key), b.get(key)))
        diffs += _compare_resources(name, a["resources"], b["resources"], allowed_changes)
    if collections is None:
        for name in sorted(set(dst_cols) - set(src_cols)):
            diffs.append("%s: extra collection" % name)
    return diffs


def _compare_resources(col, src, dst, allowed):
    diffs = []
    dst_by_uid = {}
    for name, res in dst.items():
        dst_by_uid.setdefault(res.get("uid"), []).append(name)
    for name in sorted(src):
        a = src[name]
        if name not in dst:
            moved = [n for n in dst_by_uid.get(a.get("uid"), []) if n not in src]
            hint = " (UID %r is on the target as %s)" % (a.get("uid"), ", ".join(moved)) \
                if moved else ""
            diffs.append("%s/%s: missing resource%s" % (col, name, hint))
            continue
        b = dst[name]
        if a.get("uid") != b.get("uid"):
            diffs.append("%s/%s: UID differs: %r != %r" % (col, name, a.get("uid"), b.get("uid")))
        if a.get("components") != b.get("components"):
            diffs.append("%s/%s: components differ: %r != %r" % (
                col, name, a.get("components"), b.get("components")))
        if "bytes" in a and "bytes" in b:
            diff = content_diff(a["bytes"], b["bytes"], allowed)
            if diff:
                diffs.append("%s/%s: %s" % (col, name, diff))
    for name in sorted(set(dst) - set(src)):
        diffs.append("%s/%s: extra resource (UID %r)" % (col, name, dst[name].get("uid")))
    return diffs


def scheduling_side_effects(snap):
    """Every ORGANIZER/ATTENDEE of a VEVENT/VTODO/VJOURNAL (not inside a VALARM) that
    lacks SCHEDULE-AGENT=CLIENT: a server could send an invitation for it."""
    found = []
    for col, collection in sorted(snap["collections"].items()):
        for name, res in sorted(collection["resources"].items()):
            for path, line, _ in walk(res.get("bytes", b"")):
                if not path or path[-1] not in SCHEDULING_COMPONENTS:
                    continue
                prop = split_line(line)[1]
                if prop in SCHEDULING_PROPS and \
                        (param(line, b"SCHEDULE-AGENT") or b"").upper() != b"CLIENT":
                    found.append("%s/%s: %s" % (col, name, line[:100].decode("utf-8", "replace")))
    return found


def unchanged(before, after):
    """Differences between two snapshots of the same account (the source must not change):
    strict bytes, metadata and etags."""
    diffs = compare(before, after, allowed_changes=())
    for name, col in before["collections"].items():
        other = after["collections"].get(name)
        if not other:
            continue
        for rname, res in col["resources"].items():
            o = other["resources"].get(rname)
            if o and o.get("etag") != res.get("etag"):
                diffs.append("%s/%s: etag changed %s -> %s" % (name, rname, res.get("etag"),
                                                                 o.get("etag")))
    return diffs


# ----- what the generated data covers --------------------------------------------------

def _offset_minutes(value):
    sign = -1 if value.startswith(b"-") else 1
    digits = value.lstrip(b"+-")
    return sign * (int(digits[:2]) * 60 + int(digits[2:4]))


def coverage(snap):
    """{case: ["collection/name", ...]} found in the served bytes of SNAP (see davgen)."""
    cases = {}

    def hit(case, where):
        cases.setdefault(case, [])
        if where not in cases[case]:
            cases[case].append(where)

    for col, collection in sorted(snap["collections"].items()):
        comps = collection["components"]
        if collection["kind"] == "calendar":
            hit({("VTODO",): "vtodo-only-collection", ("VEVENT",): "vevent-only-collection"}.get(
                tuple(comps), "mixed-collection"), col)
        for name, res in sorted(collection["resources"].items()):
            _resource_cases(res, col + "/" + name, name, hit)
    return cases


PCHAR_SAFE = "-._~!$&'()*+,;=:@"  # RFC 3986 pchar besides unreserved: never needs encoding


def _needs_encoding(segment):
    return urllib.parse.quote(segment, safe=PCHAR_SAFE) != segment


def _resource_cases(res, where, name, hit):
    data = res.get("bytes", b"")
    uid = res.get("uid") or ""
    if not name.startswith(uid):
        hit("href-not-uid", where)
    if _needs_encoding(uid):
        hit("uid-needs-percent-encoding", where)
    if _needs_encoding(name):
        hit("href-needs-percent-encoding", where)
    if name.startswith(uid) and _needs_encoding(uid):
        hit("href-is-uid-needing-encoding", where)
    if any(len(p) > 1 for p in logical_lines(data)):
        hit("folded", where)
    if any(c > 0x7F for c in data):
        hit("non-ascii", where)
    props = {}
    partstats = set()
    offsets = []
    for path, line, _ in walk(data):
        group, prop, params, value = split_line(line)
        comp = path[-1] if path else b""
        props.setdefault((comp, prop), []).append((params, value))
        if prop in (b"SUMMARY", b"DESCRIPTION", b"NOTE", b"LOCATION", b"FN", b"ORG") and \
                any(e in value for e in (b"\\,", b"\\;", b"\\n", b"\\\\")):
            hit("escaped", where)
        if group:
            hit("property-group", where)
        if prop == b"PARTSTAT" or prop in SCHEDULING_PROPS:
            p = param(line, b"PARTSTAT")
            if p:
                partstats.add(p)
        if comp in (b"STANDARD", b"DAYLIGHT") and prop in (b"TZOFFSETFROM", b"TZOFFSETTO"):
            offsets.append(_offset_minutes(value))
    has = lambda c, p: (c, p) in props  # noqa: E731
    for comp in (b"VEVENT", b"VTODO"):
        for params, value in props.get((comp, b"DTSTART"), []):
            keys = dict(params)
            if b"TZID" in keys:
                hit("tz", where)
            elif keys.get(b"VALUE") == b"DATE" or len(value) == 8:
                hit("all-day", where)
            elif value.endswith(b"Z"):
                hit("utc", where)
            else:
                hit("floating", where)
    starts = props.get((b"VEVENT", b"DTSTART"), [])
    ends = props.get((b"VEVENT", b"DTEND"), [])
    if starts and ends and ends[0][1][:8] > starts[0][1][:8] and \
            (len(starts[0][1]) > 8 or int(ends[0][1][:8]) - int(starts[0][1][:8]) > 1):
        hit("multi-day", where)
    if len(offsets) >= 2 and max(offsets) - min(offsets) == 30:
        hit("tz-30min-dst", where)
    if has(b"VEVENT", b"RRULE") and has(b"VEVENT", b"EXDATE") and \
            has(b"VEVENT", b"RECURRENCE-ID"):
        hit("rrule-exdate-recurrence-id", where)
    if has(b"VEVENT", b"ORGANIZER") and len(props.get((b"VEVENT", b"ATTENDEE"), [])) >= 2:
        hit("organizer-attendees", where)
    if len(partstats) >= 4:
        hit("partstats", where)
    if has(b"VALARM", b"TRIGGER"):
        hit("alarm", where)
    if has(b"VTODO", b"UID"):
        hit("task", where)
        prio = props.get((b"VTODO", b"PRIORITY"), [])
        if prio:
            hit("task-priority-" + prio[0][1].decode(), where)
        for params, value in props.get((b"VTODO", b"DUE"), []):
            hit("due-date" if dict(params).get(b"VALUE") == b"DATE" else "due-datetime", where)
        if has(b"VTODO", b"COMPLETED"):
            hit("completed", where)
        if has(b"VTODO", b"RELATED-TO"):
            hit("subtask", where)
        if has(b"VTODO", b"RRULE"):
            hit("recurring-task", where)
    if has(b"VCARD", b"UID"):
        version = props.get((b"VCARD", b"VERSION"), [([], b"")])[0][1]
        hit("vcard" + version.decode(), where)
        if has(b"VCARD", b"PHOTO"):
            hit("photo", where)
        for prop in (b"EMAIL", b"TEL", b"ADR"):
            if len(props.get((b"VCARD", prop), [])) >= 2:
                hit("multi-" + prop.decode().lower(), where)
        for params, value in props.get((b"VCARD", b"BDAY"), []):
            if value.startswith(b"--") or b"X-APPLE-OMIT-YEAR" in dict(params):
                hit("bday-no-year", where)
        kinds = [v.lower() for _p, v in props.get((b"VCARD", b"KIND"), []) +
                 props.get((b"VCARD", b"X-ADDRESSBOOKSERVER-KIND"), [])]
        if b"group" in kinds:
            hit("contact-group", where)
