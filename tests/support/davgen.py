#!/usr/bin/env python3
"""Fill a DAV account with generated calendars, task lists and address books.

Every iCalendar (RFC 5545) and vCard (RFC 2426 / RFC 6350) text is written by
hand here, on purpose in several spellings, so the migration tests see what real
clients produce rather than what one library would write:

calendars (MKCALENDAR with displayname, calendar-color, description, calendar-order,
supported-calendar-component-set): "work" VEVENT only, "privé kalender" VEVENT+VTODO,
"tasks" VTODO only (a VTODO-only collection).
events: time zones with their VTIMEZONE (Europe/Berlin, America/New_York, the
30-minute-DST Australia/Lord_Howe, an Outlook-style custom TZID), UTC, floating,
all-day, multi-day (all-day and timed), DURATION instead of DTEND, RRULE with
EXDATE and RECURRENCE-ID overrides (moved and cancelled), RDATE, organizer and
attendees with every PARTSTAT (one already carrying SCHEDULE-AGENT=SERVER),
alarms (relative, RELATED=END, absolute, EMAIL with an ATTENDEE), escaped text
(\\, \\; \\\\ \\n), folded lines (space and tab), non-ASCII everywhere, LF-only line
ends, lower-case names, quoted parameter values.
tasks: PRIORITY 1/5/9/none, DUE as DATE and as DATE-TIME (TZID and UTC), COMPLETED
with PERCENT-COMPLETE, IN-PROCESS, CANCELLED, RELATED-TO subtasks (two levels),
recurring tasks, a task with an alarm.
contacts: vCard 3.0 and 4.0, PHOTO inline (ENCODING=b, in 4.0 cards too) and by
URI, several EMAIL/TEL/ADR, BDAY without year (4.0 "--MMDD", Apple's 3.0
X-APPLE-OMIT-YEAR), property groups (item1.X-ABLabel), group cards (4.0
KIND:group/MEMBER and Apple's X-ADDRESSBOOKSERVER-KIND/-MEMBER).
names: resource names (hrefs) differ from UIDs; UIDs contain '/', '@', spaces,
'%', '+', braces, colons and non-ASCII; some hrefs are the UID itself and need
percent-encoding (spaces, non-ASCII, '@').

    import davgen
    summary = davgen.generate(account, profile="small")   # or "bench": 200 events,
                                                           # 100 tasks, 300 contacts
    summary["cases"]   # {case: ["collection/name", ...]} what was written where

The servers (Radicale) re-serialise what they store, so tests compare what the
source serves with what the target serves, never with these texts. Radicale 3.1
cannot store a vCard 4.0 ``PHOTO:data:image/png;base64,...`` (vobject keeps only
the part before the comma: Kozea/Radicale#648, #1863), so 4.0 cards carry their
photo as ENCODING=b, as some clients write it.
"""

import base64
import random
import struct
import time
import zlib
from dataclasses import dataclass, field

import davutil

PRODID = "-//Ferry tests//davgen//EN"
DTSTAMP = "20240105T090000Z"


@dataclass
class CollectionSpec:
    """One collection to create."""

    name: str  # last path segment (decoded)
    kind: str  # "calendar" or "addressbook"
    displayname: str
    description: str
    color: str = None
    order: str = None
    components: tuple = ()


@dataclass
class Resource:
    """One resource to PUT."""

    collection: str
    name: str
    uid: str
    text: str
    cases: list = field(default_factory=list)

    @property
    def content_type(self):
        return "text/vcard" if self.name.endswith(".vcf") else "text/calendar"


COLLECTIONS = [
    CollectionSpec("work", "calendar", "Work ✈ Arbeit", "Team & client meetings <weekly>",
                   "#1E90FFFF", "1", ("VEVENT",)),
    CollectionSpec("privé kalender", "calendar", "Privé — home & tasks",
                   "Family, sport\nand errands", "#FF8C00", "2", ("VEVENT", "VTODO")),
    CollectionSpec("tasks", "calendar", "Aufgaben ☑", "Only to-dos", "#2E8B57FF", "3",
                   ("VTODO",)),
    CollectionSpec("contacts", "addressbook", "Contacts", "Everyone, 3.0 and 4.0 cards"),
    CollectionSpec("family ü", "addressbook", "Familie 👪", "Family & groups"),
]


# ----- text helpers ---------------------------------------------------------------------

def fold(line, width=75, cont=" "):
    """Fold one content line at WIDTH octets (never inside a UTF-8 sequence)."""
    data = line.encode("utf-8")
    if len(data) <= width:
        return line
    parts, start, limit = [], 0, width
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, width - 1
    return ("\r\n" + cont).join(parts)


def escape(value):
    """TEXT escaping of RFC 5545 §3.3.11 / RFC 6350 §3.4."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def ical(*lines, eol="\r\n", folding=True):
    """A text from content lines (a line may hold several, joined with eol)."""
    out = []
    for line in lines:
        for piece in line.split("\n") if "\n" in line else [line]:
            out.append(fold(piece) if folding else piece)
    text = "\r\n".join(out) + "\r\n"
    return text if eol == "\r\n" else text.replace("\r\n", eol)


def calendar(*body, method=None):
    """VCALENDAR wrapper lines."""
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:" + PRODID, "CALSCALE:GREGORIAN"]
    if method:
        head.append("METHOD:" + method)
    return head + list(body) + ["END:VCALENDAR"]


# ----- time zones -----------------------------------------------------------------------

TZ_BERLIN = """BEGIN:VTIMEZONE
TZID:Europe/Berlin
X-LIC-LOCATION:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE"""

TZ_NEW_YORK = """BEGIN:VTIMEZONE
TZID:America/New_York
BEGIN:DAYLIGHT
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
TZNAME:EDT
DTSTART:20070311T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
TZNAME:EST
DTSTART:20071104T020000
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
END:STANDARD
END:VTIMEZONE"""

# Lord Howe Island: DST shifts the clock by 30 minutes (+1030 <-> +1100).
TZ_LORD_HOWE = """BEGIN:VTIMEZONE
TZID:Australia/Lord_Howe
BEGIN:STANDARD
TZOFFSETFROM:+1100
TZOFFSETTO:+1030
TZNAME:+1030
DTSTART:20080406T020000
RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU
END:STANDARD
BEGIN:DAYLIGHT
TZOFFSETFROM:+1030
TZOFFSETTO:+1100
TZNAME:+11
DTSTART:20081005T020000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=1SU
END:DAYLIGHT
END:VTIMEZONE"""

# What Outlook/Exchange writes: a Windows zone name as TZID.
TZ_OUTLOOK = """BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16010101T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE"""


# ----- a tiny PNG for photos ------------------------------------------------------------

def png(width, height, seed):
    """A valid RGB PNG with seeded noise (so it does not compress to nothing)."""
    rng = random.Random(seed)
    rows = b"".join(b"\x00" + bytes(rng.randrange(256) if x % 3 == 0 else (x * 7 + y) % 256
                                    for x in range(width * 3)) for y in range(height))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def b64(data):
    return base64.b64encode(data).decode("ascii")


# ----- the hand-written cases -----------------------------------------------------------

def _events():
    """The VEVENT resources of the small profile: (collection, name, uid, text, cases)."""
    W, P = "work", "privé kalender"
    res = []

    def add(col, name, uid, lines, cases, **kw):
        res.append(Resource(col, name, uid, ical(*lines, **kw), cases))

    add(W, "berlin-standup.ics", "7c1a0f3e-4b2d-4e55-9a1b-berlin@ferry.test", calendar(
        TZ_BERLIN,
        "BEGIN:VEVENT", "UID:7c1a0f3e-4b2d-4e55-9a1b-berlin@ferry.test", "DTSTAMP:" + DTSTAMP,
        "CREATED:20240101T120000Z", "LAST-MODIFIED:20240102T080000Z", "SEQUENCE:2",
        "DTSTART;TZID=Europe/Berlin:20240304T093000", "DTEND;TZID=Europe/Berlin:20240304T094500",
        "SUMMARY:Stand-up", "LOCATION:Raum 3.14 – Nordflügel", "CLASS:PUBLIC",
        "TRANSP:OPAQUE", "CATEGORIES:Work,Daily", "END:VEVENT"),
        ["tz", "tz-olson"])
    add(W, "lord-howe.ics", "lord-howe-30min-dst@ferry.test", calendar(
        TZ_LORD_HOWE,
        "BEGIN:VEVENT", "UID:lord-howe-30min-dst@ferry.test", "DTSTAMP:" + DTSTAMP,
        "DTSTART;TZID=Australia/Lord_Howe:20241006T013000",
        "DTEND;TZID=Australia/Lord_Howe:20241006T030000",
        "SUMMARY:Across the 30-minute DST change", "END:VEVENT"),
        ["tz", "tz-30min-dst"])
    add(W, "outlook.ics",
        "040000008200E00074C5B7101A82E00800000000D0E0E8B0F1C8D9010000000000000000100000"
        "00A3F61B3C8D7E4F4E8C1A2B3C4D5E6F70", calendar(
            TZ_OUTLOOK,
            "BEGIN:VEVENT",
            "UID:040000008200E00074C5B7101A82E00800000000D0E0E8B0F1C8D9010000000000000000100000"
            "00A3F61B3C8D7E4F4E8C1A2B3C4D5E6F70",
            "DTSTAMP:" + DTSTAMP,
            'DTSTART;TZID="W. Europe Standard Time":20240306T140000',
            'DTEND;TZID="W. Europe Standard Time":20240306T150000',
            "SUMMARY;LANGUAGE=de-DE:Quartalsplanung", "X-MICROSOFT-CDO-BUSYSTATUS:BUSY",
            "X-MICROSOFT-CDO-IMPORTANCE:1", "PRIORITY:5", "END:VEVENT"),
        ["tz", "tz-custom", "uid-long"])
    add(W, "utc-call.ics", "utc-call@ferry.test", calendar(
        "BEGIN:VEVENT", "UID:utc-call@ferry.test", "DTSTAMP:" + DTSTAMP,
        "DTSTART:20240310T140000Z", "DTEND:20240310T150000Z", "SUMMARY:Call in UTC",
        "URL:https://meet.example.org/j/123?pw=a%20b&x=1", "END:VEVENT"),
        ["utc"])
    add(P, "floating.ics", "floating-breakfast@ferry.test", calendar(
        "BEGIN:VEVENT", "UID:floating-breakfast@ferry.test", "DTSTAMP:" + DTSTAMP,
        "DTSTART:20240311T080000", "DTEND:20240311T090000",
        "SUMMARY:Breakfast (floating, wherever I am)", "END:VEVENT"),
        ["floating"])
    add(P, "allday.ics", "allday-holiday@ferry.test", calendar(
        "BEGIN:VEVENT", "UID:allday-holiday@ferry.test", "DTSTAMP:" + DTSTAMP,
        "DTSTART;VALUE=DATE:20240312", "DTEND;VALUE=DATE:20240313",
        "SUMMARY:Public holiday", "TRANSP:TRANSPARENT", "END:VEVENT"),
        ["all-day"])
    add(P, "vacation.ics", "vacation-2024@ferry.test", calendar(
        "BEGIN:VEVENT", "UID:vacation-2024@ferry.test", "DTSTAMP:" + DTSTAMP,
        "DTSTART;VALUE=DATE:20240401", "DTEND;VALUE=DATE:20240406",
        "SUMMARY:Vacation 🏖 in Portugal", "TRANSP:TRANSPARENT", "END:VEVENT"),
        ["all-day", "multi-day"])
    add(W, "conference.ics", "conf-berlin-ny@ferry.test", calendar(
        TZ_BERLIN, TZ_NEW_YORK,
        "BEGIN:VEVENT", "UID:conf-berlin-ny@ferry.test", "DTSTAMP:" + DTSTAMP,
        "DTSTART;TZID=Europe/Berlin:20240415T180000",
        "DTEND;TZID=America/New_York:20240417T120000",
        "SUMMARY:Conference (starts in Berlin\\, ends in New York)", "END:VEVENT"),
        ["tz", "multi-day", "two-zones"])
    add(W, "duration.ics", "duration-based@ferry.test", calendar(
        "BEGIN:VEVENT", "UID:duration-based@ferry.test", "DTSTAMP:" + DTSTAMP,
        "DTSTART;VALUE=DATE-TIME:20240318T070000Z", "DURATION:PT1H30M",
        "SUMMARY:Uses DURATION", "END:VEVENT"),
        ["duration", "utc"])
    add(W, "weekly-1on1.ics", "weekly-1on1@ferry.test", calendar(
        TZ_BERLIN,
        "BEGIN:VEVENT", "UID:weekly-1on1@ferry.test", "DTSTAMP:" + DTSTAMP,
        "DTSTART;TZID=Europe/Berlin:20240108T110000", "DTEND;TZID=Europe/Berlin:20240108T113000",
        "RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20241230T100000Z",
        "EXDATE;TZID=Europe/Berlin:20240122T110000,20240129T110000",
        "EXDATE;TZID=Europe/Berlin:20240401T110000",
        "SUMMARY:1:1", "SEQUENCE:1", "END:VEVENT",
        "BEGIN:VEVENT", "UID:weekly-1on1@ferry.test", "DTSTAMP:" + DTSTAMP,
        "RECURRENCE-ID;TZID=Europe/Berlin:20240212T110000",
        "DTSTART;TZID=Europe/Berlin:20240213T150000", "DTEND;TZID=Europe/Berlin:20240213T153000",
        "SUMMARY:1:1 (moved to Tuesday)", "SEQUENCE:2", "END:VEVENT",
        "BEGIN:VEVENT", "UID:weekly-1on1@ferry.test", "DTSTAMP:" + DTSTAMP,
        "RECURRENCE-ID;TZID=Europe/Berlin:20240304T110000",
        "DTSTART;TZID=Europe/Berlin:20240304T110000", "DTEND;TZID=Europe/Berlin:20240304T113000",
        "SUMMARY:1:1", "STATUS:CANCELLED", "SEQUENCE:2", "END:VEVENT"),
        ["rrule", "exdate", "recurrence-id", "tz"])
    add(P, "monthly-rdate.ics", "monthly+rdate{2024}@ferry.test", calendar(
        "BEGIN:VEVENT", "UID:monthly+rdate{2024}@ferry.test", "DTSTAMP:" + DTSTAMP,
        "DTSTART;VALUE=DATE:20240115", "DTEND;VALUE=DATE:20240116",
        "RRULE:FREQ=MONTHLY;BYMONTHDAY=15;COUNT=12", "RDATE;VALUE=DATE:20240229,20240531",
        "EXDATE;VALUE=DATE:20240815",
        "SUMMARY:Pay rent", "END:VEVENT",
        "BEGIN:VEVENT", "UID:monthly+rdate{2024}@ferry.test", "DTSTAMP:" + DTSTAMP,
        "RECURRENCE-ID;VALUE=DATE:20240615", "DTSTART;VALUE=DATE:20240617",
        "DTEND;VALUE=DATE:20240618", "SUMMARY:Pay rent (late)", "END:VEVENT"),
        ["rrule", "rdate", "exdate", "recurrence-id", "all-day", "uid-special"])
    add(W, "meeting-invite.ics", "a/b c@ferry.test", calendar(
        TZ_BERLIN,
        "BEGIN:VEVENT", "UID:a/b c@ferry.test", "DTSTAMP:" + DTSTAMP,
        "DTSTART;TZID=Europe/Berlin:20240320T100000", "DTEND;TZID=Europe/Berlin:20240320T110000",
        "SUMMARY:Design review", "SEQUENCE:0", "STATUS:CONFIRMED",
        'ORGANIZER;CN="Doe, Jane":mailto:jane.doe@example.org',
        'ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=CHAIR;PARTSTAT=ACCEPTED;CN="Doe, Jane":mailto:'
        'jane.doe@example.org',
        "ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Bob Baker:"
        "mailto:bob@example.org",
        'ATTENDEE;ROLE="OPT-PARTICIPANT";PARTSTAT=TENTATIVE;CN="Zoë Ærøskøbing":'
        "MAILTO:zoe@example.dk",
        "ATTENDEE;PARTSTAT=DECLINED;CN=Carol:mailto:carol@example.org",
        'ATTENDEE;PARTSTAT=DELEGATED;DELEGATED-TO="mailto:dan@example.org";CN=Eve:'
        "mailto:eve@example.org",
        'ATTENDEE;PARTSTAT=ACCEPTED;DELEGATED-FROM="mailto:eve@example.org";CN=Dan:'
        "mailto:dan@example.org",
        "ATTENDEE;CUTYPE=ROOM;ROLE=NON-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Raum 3.14:"
        "mailto:room314@example.org",
        "ATTENDEE;CUTYPE=GROUP;PARTSTAT=NEEDS-ACTION;SCHEDULE-AGENT=SERVER:"
        "mailto:team@example.org",
        "END:VEVENT"),
        ["organizer", "attendees", "partstat", "schedule-agent-server", "uid-slash",
         "uid-space", "tz"])
    add(P, "alarms.ics", "alarms@ferry.test", calendar(
        "BEGIN:VEVENT", "UID:alarms@ferry.test", "DTSTAMP:" + DTSTAMP,
        "DTSTART:20240322T170000Z", "DTEND:20240322T180000Z", "SUMMARY:Dentist",
        "BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:Reminder", "TRIGGER:-PT15M",
        "END:VALARM",
        "BEGIN:VALARM", "ACTION:AUDIO", "TRIGGER;VALUE=DATE-TIME:20240322T120000Z",
        "ATTACH;FMTTYPE=audio/basic:https://example.org/ding.au", "END:VALARM",
        "BEGIN:VALARM", "ACTION:EMAIL", "TRIGGER;RELATED=END:PT5M", "SUMMARY:Alarm mail",
        "DESCRIPTION:The appointment is over", "ATTENDEE:mailto:me@example.org",
        "END:VALARM",
        "BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:Tomorrow", "TRIGGER:-P1D",
        "REPEAT:2", "DURATION:PT1H", "X-WR-ALARMUID:6D2A9D8C-0000-4000-8000-alarm",
        "END:VALARM",
        "END:VEVENT"),
        ["alarm", "alarm-absolute", "alarm-related-end", "alarm-email"])
    long_text = ("Agenda:\n1) Budget – Q2 (€ 12.500\\, not 12,500)\n2) \"Quoted\"; "
                 "semicolons; and back\\slashes\n3) 日本語のテキスト と emoji 🎉🚀 and a very "
                 "long line that certainly needs folding because it goes on and on")
    add(W, "ünïcødé event.ics", "ünïcødé-事件-🎉@例え.jp", calendar(
        "BEGIN:VEVENT", "UID:ünïcødé-事件-🎉@例え.jp", "DTSTAMP:" + DTSTAMP,
        "DTSTART:20240325T080000Z", "DTEND:20240325T090000Z",
        "SUMMARY:Überraschung\\, Ça va? Ελληνικά\\; Русский \\\\ done",
        "DESCRIPTION:" + escape(long_text),
        "LOCATION:東京都千代田区\\, 1-1", "GEO:35.6812;139.7671",
        "CATEGORIES:Ünïcødé,Emoji 🎉,Comma\\,Inside",
        "COMMENT;ALTREP=\"cid:part1.0001@example.org\":Comment with ALTREP",
        "X-FERRY-CUSTOM;X-PARAM=\"a:b;c\":kept verbatim\\, hopefully",
        "ATTACH:https://example.org/files/agenda%20v2.pdf",
        "CLASS:PRIVATE", "END:VEVENT"),
        ["escaped", "folded", "non-ascii", "x-prop", "uid-non-ascii", "href-non-ascii",
         "href-space"])
    # Folded by hand with a TAB continuation, LF-only line ends and lower-case names.
    lf_text = ("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:" + PRODID + "\n"
               "BEGIN:VEVENT\nuid:lf-only lower case@ferry.test\ndtstamp:" + DTSTAMP + "\n"
               "dtstart:20240327T100000Z\ndtend:20240327T110000Z\n"
               "summary:This summary was folded by hand with a TAB continuation \n"
               "\tand LF-only line ends\n"
               "description:Tab-folded\n\t description\n"
               "END:VEVENT\nEND:VCALENDAR\n")
    res.append(Resource(P, "lf-only lower case@ferry.test.ics", "lf-only lower case@ferry.test",
                        lf_text, ["lf-only", "lower-case", "tab-fold", "href-is-uid",
                                  "href-space", "href-at"]))
    add(P, "percent.ics", "100%-sure {braces} + plus@ferry.test", calendar(
        "BEGIN:VEVENT", "UID:100%-sure {braces} + plus@ferry.test", "DTSTAMP:" + DTSTAMP,
        "DTSTART;VALUE=DATE:20240330", "SUMMARY:UID with percent sign", "END:VEVENT"),
        ["uid-percent", "all-day", "no-dtend"])
    add(W, "meeting-ny.ics", "urn:uuid:5f0c9c6e-7a7e-4f39-bb58-0d7f2b1c9e11", calendar(
        TZ_NEW_YORK,
        "BEGIN:VEVENT", "UID:urn:uuid:5f0c9c6e-7a7e-4f39-bb58-0d7f2b1c9e11",
        "DTSTAMP:" + DTSTAMP,
        "DTSTART;TZID=America/New_York:20240402T090000",
        "DTEND;TZID=America/New_York:20240402T100000",
        "SUMMARY:NY sync", "ORGANIZER;CN=Ferry Tester;SENT-BY=\"mailto:assistant@example.org\":"
        "mailto:alice@example.org",
        "ATTENDEE;PARTSTAT=ACCEPTED;CN=Ferry Tester:mailto:alice@example.org",
        "ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;X-NUM-GUESTS=0:mailto:frank@example.com",
        "END:VEVENT"),
        ["organizer", "attendees", "uid-colon", "tz"])
    return res


def _tasks():
    """The VTODO resources of the small profile."""
    T, P = "tasks", "privé kalender"
    res = []

    def add(col, name, uid, lines, cases, zones=()):
        res.append(Resource(col, name, uid, ical(*calendar(*zones, *lines)), cases))

    add(T, "parent-task.ics", "task-parent@ferry.test", [
        "BEGIN:VTODO", "UID:task-parent@ferry.test", "DTSTAMP:" + DTSTAMP,
        "CREATED:20240101T100000Z", "SUMMARY:Move house", "PRIORITY:1",
        "DUE;VALUE=DATE:20240630", "STATUS:IN-PROCESS", "PERCENT-COMPLETE:40", "END:VTODO"],
        ["task", "priority-high", "due-date", "in-process"])
    add(T, "child-1.ics", "task-child-1@ferry.test", [
        "BEGIN:VTODO", "UID:task-child-1@ferry.test", "DTSTAMP:" + DTSTAMP,
        "SUMMARY:Book the van", "PRIORITY:5", "RELATED-TO;RELTYPE=PARENT:task-parent@ferry.test",
        "DTSTART:20240501T080000Z", "DUE:20240510T170000Z", "STATUS:COMPLETED",
        "COMPLETED:20240503T121500Z", "PERCENT-COMPLETE:100", "END:VTODO"],
        ["task", "subtask", "completed", "due-datetime-utc", "priority-medium"])
    add(T, "child-2.ics", "task-child-2/packing@ferry.test", [
        "BEGIN:VTODO", "UID:task-child-2/packing@ferry.test", "DTSTAMP:" + DTSTAMP,
        "SUMMARY:Pack the kitchen", "PRIORITY:9", "RELATED-TO:task-parent@ferry.test",
        "DUE;TZID=Europe/Berlin:20240625T180000", "STATUS:NEEDS-ACTION", "END:VTODO"],
        ["task", "subtask", "due-datetime-tz", "priority-low", "uid-slash"], zones=[TZ_BERLIN])
    add(T, "grandchild.ics", "task-grandchild@ferry.test", [
        "BEGIN:VTODO", "UID:task-grandchild@ferry.test", "DTSTAMP:" + DTSTAMP,
        "SUMMARY:Wrap the glasses", "RELATED-TO;RELTYPE=PARENT:task-child-2/packing@ferry.test",
        "END:VTODO"],
        ["task", "subtask", "subtask-level-2", "no-priority", "no-due"])
    add(T, "weekly-chore.ics", "weekly-chore@ferry.test", [
        "BEGIN:VTODO", "UID:weekly-chore@ferry.test", "DTSTAMP:" + DTSTAMP,
        "SUMMARY:Take out the bins", "DTSTART;VALUE=DATE:20240102", "DUE;VALUE=DATE:20240103",
        "RRULE:FREQ=WEEKLY;BYDAY=TU", "PRIORITY:3", "END:VTODO"],
        ["task", "task-rrule", "due-date"])
    add(T, "cancelled.ics", "cancelled-task@ferry.test", [
        "BEGIN:VTODO", "UID:cancelled-task@ferry.test", "DTSTAMP:" + DTSTAMP,
        "SUMMARY:Cancelled idea", "STATUS:CANCELLED", "CLASS:CONFIDENTIAL", "END:VTODO"],
        ["task", "cancelled"])
    add(T, "task alarm ä.ics", "tâche-alarme@ferry.test", [
        "BEGIN:VTODO", "UID:tâche-alarme@ferry.test", "DTSTAMP:" + DTSTAMP,
        "SUMMARY:Steuererklärung abgeben\\; wirklich!", "DUE:20240731T235900Z", "PRIORITY:2",
        "DESCRIPTION:Formulare: ESt 1 A\\, Anlage N\\nBelege im Ordner",
        "BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:Steuer", "TRIGGER;RELATED=END:-P2D",
        "END:VALARM", "END:VTODO"],
        ["task", "alarm", "non-ascii", "escaped", "href-non-ascii"])
    add(P, "errand.ics", "errand@ferry.test", [
        "BEGIN:VTODO", "UID:errand@ferry.test", "DTSTAMP:" + DTSTAMP,
        "SUMMARY:Buy milk", "DUE;VALUE=DATE:20240315", "PRIORITY:0", "END:VTODO"],
        ["task", "task-in-mixed"])
    add(P, "recurring-task-override.ics", "recurring-task@ferry.test", [
        "BEGIN:VTODO", "UID:recurring-task@ferry.test", "DTSTAMP:" + DTSTAMP,
        "SUMMARY:Water the plants", "DTSTART:20240301T080000Z", "DUE:20240301T090000Z",
        "RRULE:FREQ=DAILY;INTERVAL=3;COUNT=20", "END:VTODO",
        "BEGIN:VTODO", "UID:recurring-task@ferry.test", "DTSTAMP:" + DTSTAMP,
        "RECURRENCE-ID:20240307T080000Z", "SUMMARY:Water the plants (done early)",
        "DTSTART:20240306T080000Z", "DUE:20240306T090000Z", "STATUS:COMPLETED",
        "COMPLETED:20240306T081000Z", "END:VTODO"],
        ["task", "task-rrule", "task-recurrence-id", "task-in-mixed", "completed"])
    return res


def _contacts(photo):
    """The vCard resources of the small profile."""
    C, F = "contacts", "family ü"
    res = []

    def add(col, name, uid, lines, cases, **kw):
        res.append(Resource(col, name, uid, ical(*lines, **kw), cases))

    add(C, "jane.vcf", "urn:uuid:8d1c2a52-6f3b-4c1e-9a77-jane", [
        "BEGIN:VCARD", "VERSION:3.0", "PRODID:" + PRODID,
        "UID:urn:uuid:8d1c2a52-6f3b-4c1e-9a77-jane",
        "N:Doe;Jane;Q.;Dr.;PhD", "FN:Dr. Jane Q. Doe\\, PhD",
        "ORG:Example Corp;Research\\; Development", "TITLE:Principal Scientist",
        "EMAIL;TYPE=INTERNET,WORK,pref:jane.doe@example.org",
        "EMAIL;TYPE=INTERNET;TYPE=HOME:jane@home.example",
        "EMAIL;TYPE=INTERNET:jdoe@old.example",
        "TEL;TYPE=CELL,VOICE,pref:+49 170 1234567", "TEL;TYPE=WORK,VOICE:+49 30 9876543",
        "TEL;TYPE=WORK,FAX:+49 30 9876544",
        "ADR;TYPE=WORK,pref:;Building 7;Hauptstraße 1;Berlin;;10115;Germany",
        "ADR;TYPE=HOME:;;12 Rue de l'Église;Paris;Île-de-France;75004;France",
        "BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-15",
        "PHOTO;ENCODING=b;TYPE=PNG:" + b64(photo),
        "item1.URL:https://jane.example.org/", "item1.X-ABLabel:_$!<HomePage>!$_",
        "item2.X-ABRELATEDNAMES:John Doe", "item2.X-ABLabel:_$!<Spouse>!$_",
        "NOTE:First line\\nSecond line\\, with comma\\; and semicolon\\\\backslash",
        "CATEGORIES:Work,VIP", "NICKNAME:JD", "REV:20240105T090000Z", "END:VCARD"],
        ["vcard3", "photo-inline", "multi-email", "multi-tel", "multi-adr", "bday-no-year",
         "property-group", "escaped", "uid-colon"])
    add(C, "zoe.vcf", "zoë-ærøskøbing-4.0@example.dk", [
        "BEGIN:VCARD", "VERSION:4.0", "PRODID:" + PRODID, "UID:zoë-ærøskøbing-4.0@example.dk",
        "KIND:individual", "N:Ærøskøbing;Zoë;;;", "FN:Zoë Ærøskøbing",
        "EMAIL;TYPE=work;PREF=1:zoe@example.dk", "EMAIL;TYPE=home:zoe.private@example.dk",
        'TEL;VALUE=uri;TYPE="voice,cell";PREF=1:tel:+45-20-12-34-56',
        "TEL;VALUE=uri;TYPE=work:tel:+45-33-12-34-56;ext=102",
        'ADR;TYPE=home;LABEL="Strandvejen 5\\nDK-5970 Ærøskøbing":;;Strandvejen 5;'
        "Ærøskøbing;;5970;Danmark",
        "ADR;TYPE=work:;;Vesterbrogade 1;København V;;1620;Danmark",
        "BDAY:--0229", "ANNIVERSARY:20150620", "GENDER:F", "LANG;PREF=1:da", "LANG:en",
        "IMPP;PREF=1:xmpp:zoe@example.dk",
        "PHOTO;ENCODING=b;TYPE=PNG:" + b64(photo), "REV:20240105T090000Z", "END:VCARD"],
        ["vcard4", "photo-inline", "multi-email", "multi-tel", "multi-adr",
         "bday-no-year", "non-ascii", "uid-non-ascii"])
    add(C, "bob baker.vcf", "bob baker", [
        "BEGIN:VCARD", "VERSION:3.0", "UID:bob baker", "N:Baker;Bob;;;", "FN:Bob Baker",
        "EMAIL:bob@example.org", "TEL;TYPE=HOME:030 123456", "TEL;TYPE=CELL:0170 654321",
        "PHOTO;VALUE=URI:https://example.org/photos/bob.jpg", "BDAY:1980-02-03",
        "END:VCARD"],
        ["vcard3", "photo-uri", "multi-tel", "href-is-uid", "href-space", "uid-space",
         "bday-with-year"])
    add(C, "percent-card.vcf", "50%/50 split+card", [
        "BEGIN:VCARD", "VERSION:3.0", "UID:50%/50 split+card", "N:Split;Fifty;;;",
        "FN:Fifty Split", "ORG:Percent\\, Slash & Co.", "END:VCARD"],
        ["vcard3", "uid-percent", "uid-slash", "minimal"])
    add(C, "carol@example.org.vcf", "carol@example.org", [
        "BEGIN:VCARD", "VERSION:4.0", "UID:carol@example.org", "FN:Carol", "N:;Carol;;;",
        "EMAIL:carol@example.org", "TEL;TYPE=cell:+1 555 0100",
        "NOTE:Line one\\nLine two has a long text that should be folded by the generator "
        "because it is much longer than seventy-five octets.",
        "END:VCARD"],
        ["vcard4", "href-is-uid", "href-at", "folded"])
    add(C, "apple-group.vcf", "apple-group-colleagues", [
        "BEGIN:VCARD", "VERSION:3.0", "PRODID:-//Apple Inc.//AddressBook 6.0//EN",
        "UID:apple-group-colleagues", "N:Colleagues", "FN:Colleagues",
        "X-ADDRESSBOOKSERVER-KIND:group",
        "X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:8d1c2a52-6f3b-4c1e-9a77-jane",
        "X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:bob baker", "REV:2024-01-05T09:00:00Z",
        "END:VCARD"],
        ["vcard3", "group", "group-apple"])
    add(F, "mum.vcf", "family-mum@example.net", [
        "BEGIN:VCARD", "VERSION:4.0", "UID:family-mum@example.net", "FN:Mum",
        "N:Müller;Renate;;;", "BDAY:--0704", "EMAIL;TYPE=home:renate@example.net",
        "EMAIL;TYPE=work:r.mueller@firma.example", "TEL;TYPE=home:+49 89 111",
        "TEL;TYPE=cell:+49 151 222",
        "ADR;TYPE=home:;;Lindenweg 3;München;Bayern;80331;Deutschland",
        "ADR;TYPE=work:;;Marienplatz 8;München;;80331;Deutschland",
        "RELATED;TYPE=child:urn:uuid:family-kid", "END:VCARD"],
        ["vcard4", "bday-no-year", "multi-email", "multi-tel", "multi-adr"])
    add(F, "kid.vcf", "urn:uuid:family-kid", [
        "BEGIN:VCARD", "VERSION:3.0", "UID:urn:uuid:family-kid", "N:Müller;Max;;;", "FN:Max",
        "BDAY:2012-09-01", "PHOTO;ENCODING=b;TYPE=PNG:" + b64(png(16, 16, 99)),
        "END:VCARD"],
        ["vcard3", "photo-inline"])
    add(F, "family-group.vcf", "family-group-4.0", [
        "BEGIN:VCARD", "VERSION:4.0", "UID:family-group-4.0", "KIND:group", "FN:Family",
        "MEMBER:urn:uuid:family-kid", "MEMBER:mailto:renate@example.net", "END:VCARD"],
        ["vcard4", "group", "group-kind"])
    return res


# ----- bench filler ---------------------------------------------------------------------

FIRST = ["Anna", "Ben", "Chloé", "Dário", "Eva", "Fynn", "Greta", "Hiro", "Ines", "Jonas",
         "Kai", "Lena", "Mateo", "Nora", "Omar", "Paula", "Quentin", "Rosa", "Sven", "Tülay"]
LAST = ["Schmidt", "García", "Nguyen", "O'Brien", "Kowalski", "Østergaard", "Rossi", "Smith",
        "Yılmaz", "Dubois", "Novák", "Jansen", "Silva", "Müller", "Kim"]


def _filler_event(rng, i, collection):
    uid = "bench-event-%04d-%08x@ferry.test" % (i, rng.getrandbits(32))
    day = 1 + i % 28
    month = 1 + (i // 28) % 12
    kind = i % 5
    body = ["BEGIN:VEVENT", "UID:" + uid, "DTSTAMP:" + DTSTAMP,
            "SUMMARY:%s – Termin %d" % (rng.choice(["Review", "Lunch", "Sync", "Sport",
                                                    "Arzt", "Call"]), i)]
    zones = []
    if kind == 0:
        zones = [TZ_BERLIN]
        body += ["DTSTART;TZID=Europe/Berlin:2024%02d%02dT%02d0000" % (month, day, 8 + i % 9),
                 "DTEND;TZID=Europe/Berlin:2024%02d%02dT%02d3000" % (month, day, 8 + i % 9)]
    elif kind == 1:
        body += ["DTSTART:2024%02d%02dT%02d0000Z" % (month, day, 6 + i % 12), "DURATION:PT45M"]
    elif kind == 2:
        body += ["DTSTART;VALUE=DATE:2024%02d%02d" % (month, day),
                 "DTEND;VALUE=DATE:2024%02d%02d" % (month, day + 1)]
    elif kind == 3:
        zones = [TZ_BERLIN]
        body += ["DTSTART;TZID=Europe/Berlin:2024%02d%02dT180000" % (month, day),
                 "DTEND;TZID=Europe/Berlin:2024%02d%02dT190000" % (month, day),
                 "RRULE:FREQ=WEEKLY;COUNT=10",
                 "EXDATE;TZID=Europe/Berlin:2024%02d%02dT180000" % (month, day)]
    else:
        body += ["DTSTART:2024%02d%02dT%02d3000Z" % (month, day, 7 + i % 10),
                 "DTEND:2024%02d%02dT%02d0000Z" % (month, day, 8 + i % 10),
                 "ORGANIZER;CN=Ferry Tester:mailto:alice@example.org",
                 "ATTENDEE;PARTSTAT=ACCEPTED:mailto:alice@example.org",
                 "ATTENDEE;PARTSTAT=%s;RSVP=TRUE;CN=%s %s:mailto:p%d@example.org" % (
                     rng.choice(["NEEDS-ACTION", "ACCEPTED", "TENTATIVE", "DECLINED"]),
                     rng.choice(FIRST), rng.choice(LAST), i)]
    if i % 7 == 0:
        body += ["BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:Reminder", "TRIGGER:-PT10M",
                 "END:VALARM"]
    if i % 3 == 0:
        body.insert(4, "DESCRIPTION:" + escape("Notizen zu Termin %d:\n– Punkt eins, Punkt zwei; "
                                               "Ende. %s" % (i, "lorem ipsum " * (i % 6))))
    body.append("END:VEVENT")
    return Resource(collection, "event-%04d.ics" % i, uid, ical(*calendar(*zones, *body)), [])


def _filler_task(rng, i, collection):
    uid = "bench-task-%04d@ferry.test" % i
    body = ["BEGIN:VTODO", "UID:" + uid, "DTSTAMP:" + DTSTAMP, "SUMMARY:Aufgabe %d" % i,
            "PRIORITY:%d" % rng.choice([0, 1, 5, 9])]
    if i % 3 == 0:
        body.append("DUE;VALUE=DATE:2024%02d%02d" % (1 + i % 12, 1 + i % 28))
    elif i % 3 == 1:
        body.append("DUE:2024%02d%02dT170000Z" % (1 + i % 12, 1 + i % 28))
    if i % 4 == 0:
        body += ["STATUS:COMPLETED", "COMPLETED:20240201T100000Z", "PERCENT-COMPLETE:100"]
    if i % 10 == 5:
        body.append("RELATED-TO;RELTYPE=PARENT:bench-task-%04d@ferry.test" % (i - 5))
    body.append("END:VTODO")
    return Resource(collection, "todo-%04d.ics" % i, uid, ical(*calendar(*body)), [])


def _filler_contact(rng, i, collection, photo):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    uid = "bench-contact-%04d-%08x" % (i, rng.getrandbits(32))
    mail = "%s.%s%d@example.org" % (first.lower(), last.lower().replace("'", ""), i)
    if i % 2:
        lines = ["BEGIN:VCARD", "VERSION:3.0", "UID:" + uid, "N:%s;%s;;;" % (last, first),
                 "FN:%s %s" % (first, last), "EMAIL;TYPE=INTERNET,WORK:" + mail,
                 "TEL;TYPE=CELL:+49 170 %07d" % i]
        if i % 5 == 0:
            lines += ["EMAIL;TYPE=INTERNET,HOME:home%d@example.net" % i,
                      "ADR;TYPE=HOME:;;Weg %d;Stadt;;%05d;Deutschland" % (i, i)]
        if i % 10 == 1:
            lines.append("PHOTO;ENCODING=b;TYPE=PNG:" + b64(photo))
    else:
        lines = ["BEGIN:VCARD", "VERSION:4.0", "UID:" + uid, "N:%s;%s;;;" % (last, first),
                 "FN:%s %s" % (first, last), "EMAIL;TYPE=work:" + mail,
                 "TEL;VALUE=uri;TYPE=cell:tel:+49-170-%07d" % i]
        if i % 4 == 0:
            lines.append("BDAY:--%02d%02d" % (1 + i % 12, 1 + i % 28))
        if i % 10 == 0:
            lines.append("PHOTO;ENCODING=b;TYPE=PNG:" + b64(photo))
    lines.append("END:VCARD")
    return Resource(collection, "contact-%04d.vcf" % i, uid, ical(*lines), [])


BENCH = {"events": 200, "tasks": 100, "contacts": 300}


def resources(profile="small", seed=1):
    """Every Resource of PROFILE (without talking to a server)."""
    rng = random.Random(seed)
    photo = png(40, 40, seed)
    res = _events() + _tasks() + _contacts(photo)
    if profile == "bench":
        counts = {"events": sum(1 for r in res if "BEGIN:VEVENT" in r.text),
                  "tasks": sum(1 for r in res if "BEGIN:VTODO" in r.text),
                  "contacts": sum(1 for r in res if r.name.endswith(".vcf"))}
        small_photo = png(24, 24, seed + 1)
        for i in range(BENCH["events"] - counts["events"]):
            res.append(_filler_event(rng, i, "work" if i % 3 else "privé kalender"))
        for i in range(BENCH["tasks"] - counts["tasks"]):
            res.append(_filler_task(rng, i, "tasks" if i % 4 else "privé kalender"))
        for i in range(BENCH["contacts"] - counts["contacts"]):
            res.append(_filler_contact(rng, i, "contacts" if i % 3 else "family ü", small_photo))
    elif profile != "small":
        raise ValueError("profile must be 'small' or 'bench'")
    return res


def create_collection(dav, home, spec):
    """MKCALENDAR or extended MKCOL for one CollectionSpec under HOME."""
    path = home + spec.name + "/"
    if spec.kind == "calendar":
        props = {"D:displayname": spec.displayname, "C:calendar-description": spec.description,
                 "C:supported-calendar-component-set": davutil.comp_set(spec.components)}
        if spec.color:
            props["ICAL:calendar-color"] = spec.color
        if spec.order:
            props["ICAL:calendar-order"] = spec.order
        dav.mkcalendar(path, props)
    else:
        dav.mkcol(path, {"D:resourcetype": davutil.resourcetype("D:collection", "CR:addressbook"),
                         "D:displayname": spec.displayname,
                         "CR:addressbook-description": spec.description})
    return path


def generate(account, profile="small", seed=1, collections=None):
    """Create the collections and PUT every resource of PROFILE into ACCOUNT.

    collections: names to fill (default all). Returns a summary: counts, the
    cases and where they are ({case: ["collection/name", ...]}), seconds taken.
    """
    started = time.monotonic()
    specs = [c for c in COLLECTIONS if collections is None or c.name in collections]
    wanted = {c.name for c in specs}
    summary = {"calendars": 0, "addressbooks": 0, "events": 0, "tasks": 0, "contacts": 0,
               "resources": 0, "bytes": 0, "cases": {}}
    with davutil.DavClient(account) as dav:
        home = account.home
        for spec in specs:
            create_collection(dav, home, spec)
            summary["calendars" if spec.kind == "calendar" else "addressbooks"] += 1
            if spec.kind == "calendar" and spec.components == ("VTODO",):
                summary["cases"].setdefault("vtodo-only-collection", []).append(spec.name)
        for res in resources(profile, seed):
            if res.collection not in wanted:
                continue
            data = res.text.encode("utf-8")
            try:
                dav.put(home + res.collection + "/" + res.name, data, res.content_type)
            except davutil.DavError as error:
                raise RuntimeError("generating %s/%s failed: %s" % (res.collection, res.name,
                                                                    error)) from None
            summary["resources"] += 1
            summary["bytes"] += len(data)
            if res.name.endswith(".vcf"):
                summary["contacts"] += 1
            elif "BEGIN:VTODO" in res.text:
                summary["tasks"] += 1
            else:
                summary["events"] += 1
            for case in res.cases + (["href-not-uid"] if not res.name.startswith(res.uid) else []):
                summary["cases"].setdefault(case, []).append(res.collection + "/" + res.name)
    summary["seconds"] = time.monotonic() - started
    return summary


def main(argv=None):
    """CLI: fill an account, e.g. one started with radicale.py start."""
    import argparse
    import json
    import os
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--ca-file", required=True)
    parser.add_argument("--profile", choices=("small", "bench"), default="small")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    from radicale import DavAccount
    account = DavAccount("127.0.0.1", args.port, args.user,
                         os.environ.get("FERRY_DAV_PASSWORD", "secret"), args.ca_file)
    summary = generate(account, args.profile, args.seed)
    summary["cases"] = {k: len(v) for k, v in summary["cases"].items()}
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
