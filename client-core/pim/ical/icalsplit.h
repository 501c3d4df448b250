// Splits an .ics file (RFC 5545 §3.4: one or more VCALENDAR objects, each with
// many components) into CalDAV calendar object resources (RFC 4791 §4.1): one per
// UID, the master and every RECURRENCE-ID override together (RFC 5545 §3.8.4.4),
// wrapped in a VCALENDAR with the source's VERSION/PRODID/CALSCALE and exactly the
// VTIMEZONEs the resource refers to (RFC 5545 §3.2.19).
//
// Bytes are kept: every line of a component and of a VTIMEZONE is copied as it
// was (content lines, pim/text), never re-serialized by libical. Ferry changes
// the envelope only where a stored resource needs it, and says so in `info`:
//   - METHOD is dropped (not allowed in a stored resource, RFC 4791 §4.1);
//   - other VCALENDAR properties (X-WR-CALNAME, X-WR-TIMEZONE, NAME, COLOR, …)
//     describe the calendar, not an item: returned in `calendarProperties` for
//     the collection, not copied into each resource;
//   - a missing VERSION or PRODID (both required, §3.7.4, §3.7.3) is added;
//   - a UTF-8 BOM at the start is not copied.
// Never dropped silently: a component without UID becomes a resource of its own
// with an issue; the same UID twice (not an override) — unless the copies are
// byte-identical, then one is kept and `info` says so — becomes a second resource
// with the same UID and an issue (the target will likely refuse it); an
// unterminated component is closed with its END line and an issue.
#pragma once

#include "icaltypes.h"

#include <pim/text/contentline.h>

#include <QStringList>

namespace ferry::pim {

struct ICalResource {
    QString uid;                 // empty: the component had none
    QList<QByteArray> kinds;     // "VEVENT", …
    QByteArray data;             // a complete VCALENDAR
    int line = 0;                // BEGIN line of its first component in the input
    QList<ICalIssue> issues;
};

struct ICalSplit {
    QList<ICalResource> resources;         // in order of first appearance
    QList<ContentLine> calendarProperties; // VCALENDAR properties not copied (see above)
    QStringList info;                      // what Ferry changed in the envelope, and why
    QList<ICalIssue> issues;               // problems outside any resource (stray text, …)
};

ICalSplit splitICalendar(const QByteArray &data);

} // namespace ferry::pim
