// Converts a vCard between versions — only when the target does not accept the
// source's version (CardDAV supported-address-data, RFC 6352 §6.2.2). Lines that
// need no change keep their bytes; what the target version cannot express goes
// into NOTE under "Kept by Ferry:" (vcardnote.h), never dropped.
//
// Pairs: 2.1→3.0, 2.1→4.0, 3.0→4.0, 4.0→3.0 (RFC 6350 Appendix A lists the
// differences; vCard 2.1 is the versit spec). Rules, per property:
//  * VERSION set (and, for 4.0, moved right after BEGIN, RFC 6350 §6.7.9).
//  * 2.1 → 3.0 syntax: QUOTED-PRINTABLE + CHARSET decoded to UTF-8 and TEXT-escaped
//    (a 2.1 value has real line breaks and unescaped commas); bare parameters
//    (TEL;HOME;VOICE) become TYPE=HOME,VOICE; ENCODING=BASE64 → ENCODING=b;
//    VALUE=URL → VALUE=uri; 8-bit text without CHARSET is read as windows-1252;
//    the blank line ending a 2.1 base64 value is removed; an embedded AGENT card
//    and lines that are not content lines go into NOTE.
//  * PHOTO/LOGO/SOUND/KEY: ENCODING=b;TYPE=JPEG ↔ data:image/jpeg;base64,…;
//    a URI value: TYPE=JPEG ↔ MEDIATYPE=image/jpeg, 3.0 gets VALUE=uri.
//  * TYPE=pref ↔ PREF=1 (3.0 knows only one preferred value: the lowest PREF of
//    each property gets TYPE=pref; other PREF=n stay as parameters, which 3.0
//    servers keep).
//  * BDAY/ANNIVERSARY without year: 4.0 "--MMDD" ↔ 3.0 "1604-MM-DD" with
//    X-APPLE-OMIT-YEAR=1604. We chose Apple's spelling because it is the one 3.0
//    form that iOS/macOS, Nextcloud/SabreDAV and DAVx⁵ all read back as "no
//    year"; "--MM-DD" is not a 3.0 date. Other reduced dates (a year only, a day
//    only, VALUE=text) have no 3.0 form: NOTE. 3.0 extended dates become 4.0 basic
//    ("1985-04-12" → "19850412"); full 4.0 dates are valid 3.0 and stay.
//    ANNIVERSARY ↔ X-ANNIVERSARY (Evolution, KDE, Android).
//  * KIND:group + MEMBER ↔ X-ADDRESSBOOKSERVER-KIND:group +
//    X-ADDRESSBOOKSERVER-MEMBER (Apple); KIND:org → X-ABShowAs:COMPANY;
//    KIND:individual is the default and is dropped (reported).
//  * GEO "lat;lon" ↔ "geo:lat,lon"; TZ "-05:00" ↔ TZ;VALUE=utc-offset:-0500,
//    TZ text ↔ TZ;VALUE=text; TEL;VALUE=uri:tel:… → TEL:… for 3.0.
//  * LABEL property ↔ ADR;LABEL="…" (the ADR with the same TYPEs); SORT-STRING
//    → N;SORT-AS=…
//  * No counterpart (→ NOTE): 3.0 MAILER, CLASS, NAME, AGENT text; 4.0 GENDER,
//    LANG, RELATED, XML, DEATHDATE, BIRTHPLACE, DEATHPLACE, EXPERTISE, HOBBY,
//    INTEREST, ORG-DIRECTORY. PROFILE:VCARD (3.0) and CLIENTPIDMAP (4.0 sync
//    metadata) carry no user data: removed and reported.
//  * Groups (item1.EMAIL + item1.X-ABLabel), X- properties and parameters the
//    target does not define are kept as they are (servers store them).
//  * 3.0 requires FN and N, 4.0 requires FN: missing ones are added from N / FN /
//    ORG / EMAIL (reported).
#pragma once

#include "vcard.h"

#include <QStringList>

namespace ferry::pim {

struct VCardConversion {
    bool ok = true;          // false: this pair is not supported (e.g. to 2.1); card unchanged
    QString error;
    QStringList changes;     // one short line per kind of change, for the report
    QStringList keptInNote;  // properties written into NOTE
};

// Converts `card` to `target` (no-op if it already is that version).
VCardConversion convertVCard(VCard &card, VCardVersion target);

// The version to write to a target accepting `accepted`; `source` if accepted.
// An empty list means the target did not say: vCard 3.0 (RFC 6352 §6.2.2).
VCardVersion chooseVCardVersion(VCardVersion source, const QList<VCardVersion> &accepted);

} // namespace ferry::pim
