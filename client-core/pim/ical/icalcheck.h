// Checks iCalendar data (RFC 5545) before Ferry stores it: what is in each
// VCALENDAR object (component kinds, UIDs, RECURRENCE-IDs, time zones) and what is
// wrong with it. Parsed twice on purpose: by our content-line tree (pim/text), for
// structure with line numbers, and by libical, whose X-LIC-ERROR properties name
// what a widely used parser cannot read. libical runs with every error non-fatal,
// serialized (see libicalparse_p.h): bad input never aborts, it becomes issues.
//
// Issues found: unterminated or mismatched components (§3.4, §3.6); text outside
// any component; invalid UTF-8 (§3.1.4 — iCalendar is UTF-8); control octets;
// invalid DATE/DATE-TIME, PERIOD and RRULE UNTIL values (§3.3.4, §3.3.5, §3.3.9,
// §3.3.10) which libical lets through; PRIORITY outside 0–9 (§3.8.1.9); a
// VEVENT/VTODO/VJOURNAL/VFREEBUSY without UID (§3.8.4.7); the same UID twice where
// it is not a RECURRENCE-ID override (§3.8.4.4); a TZID parameter without a
// VTIMEZONE (§3.2.19); libical's X-LIC-ERRORs. As a stored CalDAV resource
// (RFC 4791 §4.1) also: several UIDs, several component kinds, a METHOD property.
#pragma once

#include "icaltypes.h"

#include <QStringList>

namespace ferry::pim {

struct ICalComponentInfo {
    QByteArray kind;          // "VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY", or an x-comp
    QString uid;              // empty when it has none
    QByteArray recurrenceId;  // the RECURRENCE-ID value as written; empty for a master
    int line = 0;             // its BEGIN line
};

struct ICalObjectReport {
    int line = 0;                          // BEGIN:VCALENDAR (or the first line of a bare component)
    QList<ICalComponentInfo> components;   // top level, VTIMEZONE not included
    QList<QByteArray> kinds;               // distinct kinds, in order of appearance
    QStringList uids;                      // distinct UIDs, in order of appearance
    QList<QByteArray> recurrenceIds;       // of all overrides, as written
    QStringList tzidsUsed;                 // TZID= parameters, distinct
    QStringList tzidsDefined;              // VTIMEZONE TZIDs
    QByteArray method;                     // METHOD value, if any
    bool libicalParsed = false;            // libical read it (maybe with X-LIC-ERRORs)
    QList<ICalIssue> issues;
};

struct ICalCheck {
    QList<ICalObjectReport> objects;       // one per top-level component, normally VCALENDAR
    QList<ICalIssue> issues;               // those outside every object
    bool hasIssues() const;
    QList<ICalIssue> allIssues() const;    // every issue, by line
};

enum class ICalCheckMode {
    File,      // an .ics file: many UIDs and METHOD are fine
    Resource,  // one CalDAV calendar object resource (RFC 4791 §4.1)
};

ICalCheck checkICalendar(const QByteArray &data, ICalCheckMode mode = ICalCheckMode::Resource);

} // namespace ferry::pim
