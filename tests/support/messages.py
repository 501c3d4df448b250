"""Deterministic RFC 5322 messages for mailgen.py.

Every message is a pure function of a seed string, so a run can be
reproduced exactly and messages can be built in parallel threads.

    build_message(seed, size, kind="text", message_id=..., ...) -> bytes (CRLF line ends)
"""

import base64
import random
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

SYSTEM_FLAGS = ["\\Seen", "\\Answered", "\\Flagged", "\\Draft", "\\Deleted"]
KEYWORDS = ["$Forwarded", "$MDNSent", "$label1", "NonJunk", "$Junk", "Work"]

TZ_OFFSETS = [0, 60, -300, 330, 345, -480, 600, 840, -720, -210, 120, -60]  # minutes

_WORDS = ("the quick brown fox jumps over lazy dog mailbox migration ferry folder message "
          "flag keyword server client imap tls certificate quota archive report invoice "
          "meeting tomorrow please find attached regards thanks schedule budget draft "
          "review naïve café über straße smörgåsbord 東京 привет").split()

_NAMES = ["Alice Example", "Bob Müller", "Carol O'Neil", "Dmitri Иванов", "Eve 山田",
          "Frank de la Crème", "Grace Hopper", "Heidi Ærø"]


def rng_for(seed):
    """A random.Random seeded deterministically from any string."""
    return random.Random(str(seed))


def imap_date(moment):
    """IMAP date-time string ("01-Jan-1970 00:00:00 +0000") of an aware datetime."""
    months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
    offset = int(moment.utcoffset().total_seconds() // 60)
    sign = "+" if offset >= 0 else "-"
    offset = abs(offset)
    return "%02d-%s-%04d %02d:%02d:%02d %s%02d%02d" % (
        moment.day, months[moment.month - 1], moment.year, moment.hour, moment.minute,
        moment.second, sign, offset // 60, offset % 60)


def random_moment(rng, start_year=1996, end_year=2024):
    """A random aware datetime between two years in one of TZ_OFFSETS."""
    start = datetime(start_year, 1, 1, tzinfo=timezone.utc)
    span = (datetime(end_year, 12, 31, tzinfo=timezone.utc) - start).total_seconds()
    utc = start + timedelta(seconds=rng.randrange(int(span)))
    return utc.astimezone(timezone(timedelta(minutes=rng.choice(TZ_OFFSETS))))


def fixed_moment(text):
    """Aware datetime from "YYYY-MM-DD HH:MM:SS +HHMM"."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S %z")


def _encoded_word(text):
    """RFC 2047 B-encoded UTF-8 word, for non-ASCII header text."""
    if all(ord(c) < 128 for c in text):
        return text
    return "=?UTF-8?B?%s?=" % base64.b64encode(text.encode("utf-8")).decode("ascii")


def _address(rng):
    """A display-name address, the name encoded if needed."""
    name = rng.choice(_NAMES)
    local = name.split()[0].lower().encode("ascii", "ignore").decode() or "user"
    display = _encoded_word(name) if any(ord(c) > 127 for c in name) else '"%s"' % name
    return "%s <%s@example.org>" % (display, local)


def _text_lines(rng, size):
    """Body text of about SIZE bytes as CRLF lines of up to ~76 characters."""
    out = []
    total = 0
    line = []
    while total < size:
        word = rng.choice(_WORDS)
        line.append(word)
        if sum(len(w) + 1 for w in line) > 70:
            text = " ".join(line).encode("utf-8") + b"\r\n"
            out.append(text)
            total += len(text)
            line = []
    return b"".join(out)


def _base64_block(rng, size):
    """About SIZE bytes of base64 (76-column CRLF lines) of pseudo-random data."""
    raw = rng.randbytes(max(1, size * 3 * 76 // (4 * 78)))
    return base64.encodebytes(raw).replace(b"\n", b"\r\n")


def build_message(seed, size, kind="text", message_id="auto", moment=None, subject=None,
                  raw_headers=b"", long_line=False):
    """Build one message of roughly SIZE bytes.

    seed        any string; the same seed gives the same bytes
    kind        "text" | "alternative" (text + html) | "attachment" (base64 payload)
    message_id  "auto" (derived from seed), None (no Message-ID header) or an explicit "<id>"
    moment      aware datetime for the Date header (random if None)
    raw_headers extra header bytes added verbatim (e.g. raw Latin-1), CRLF-terminated
    long_line   include one body line of exactly 998 characters
    """
    rng = rng_for(seed)
    moment = moment or random_moment(rng)
    subject = subject or " ".join(rng.choice(_WORDS) for _ in range(rng.randint(2, 7)))
    headers = [
        "From: %s" % _address(rng),
        "To: %s" % _address(rng),
        "Subject: %s" % _encoded_word(subject),
        "Date: %s" % format_datetime(moment),
    ]
    if message_id == "auto":
        message_id = "<%s@ferry.test>" % rng_for("mid:" + str(seed)).getrandbits(64)
    if message_id:
        headers.append("Message-ID: %s" % message_id)
    headers.append("MIME-Version: 1.0")
    head = ("\r\n".join(headers) + "\r\n").encode("utf-8") + raw_headers

    body_budget = max(64, size - len(head) - 200)
    if kind == "attachment":
        boundary = "=_ferry_%x" % rng.getrandbits(48)
        text = _text_lines(rng, 300)
        payload = _base64_block(rng, body_budget - len(text) - 300)
        body = (b"--" + boundary.encode() + b"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                + text + b"--" + boundary.encode()
                + b"\r\nContent-Type: application/octet-stream; name=\"data.bin\"\r\n"
                + b"Content-Transfer-Encoding: base64\r\n"
                + b"Content-Disposition: attachment; filename=\"data.bin\"\r\n\r\n"
                + payload + b"--" + boundary.encode() + b"--\r\n")
        ctype = "multipart/mixed; boundary=\"%s\"" % boundary
    elif kind == "alternative":
        boundary = "=_ferry_%x" % rng.getrandbits(48)
        text = _text_lines(rng, body_budget // 2)
        html = b"<html><body><p>" + text.replace(b"\r\n", b"</p>\r\n<p>") + b"</p></body></html>\r\n"
        body = (b"--" + boundary.encode() + b"\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + b"Content-Transfer-Encoding: 8bit\r\n\r\n" + text
                + b"--" + boundary.encode() + b"\r\nContent-Type: text/html; charset=utf-8\r\n"
                + b"Content-Transfer-Encoding: 8bit\r\n\r\n" + html
                + b"--" + boundary.encode() + b"--\r\n")
        ctype = "multipart/alternative; boundary=\"%s\"" % boundary
    else:
        body = _text_lines(rng, body_budget)
        ctype = "text/plain; charset=utf-8"
    if long_line:
        body = b"998 characters follow:\r\n" + (b"x" * 997 + b"!") + b"\r\n" + body
    head += ("Content-Type: %s\r\nContent-Transfer-Encoding: 8bit\r\n" % ctype).encode("ascii") \
        if kind == "text" else ("Content-Type: %s\r\n" % ctype).encode("ascii")
    return head + b"\r\n" + body


def random_flags(rng, folder_role=None):
    """A plausible random flag/keyword list; Drafts get \\Draft, Trash often \\Deleted."""
    flags = []
    if rng.random() < 0.7:
        flags.append("\\Seen")
    if rng.random() < 0.15:
        flags.append("\\Answered")
    if rng.random() < 0.1:
        flags.append("\\Flagged")
    if folder_role == "\\Drafts" or rng.random() < 0.02:
        flags.append("\\Draft")
    if rng.random() < (0.3 if folder_role == "\\Trash" else 0.03):
        flags.append("\\Deleted")
    for keyword in KEYWORDS:
        if rng.random() < 0.08:
            flags.append(keyword)
    return flags
