// Renames Windows time-zone names to IANA names in iCalendar data (see
// windowszones.h): the TZID property of the VTIMEZONE (RFC 5545 §3.8.3.1), every
// TZID= parameter that refers to it (§3.2.19), and X-WR-TIMEZONE, consistently per
// VCALENDAR object. The VTIMEZONE's rules (STANDARD/DAYLIGHT) stay as they were:
// they are what the source meant. Unknown names are left as they are. A name is
// not renamed when the IANA name is already a TZID of another VTIMEZONE in the
// same object and the Windows name has a VTIMEZONE of its own (two definitions
// would clash); an issue says so.
#pragma once

#include "icaltypes.h"

namespace ferry::pim {

// Changes: property "TZID" (the VTIMEZONE), "DTSTART;TZID" etc., with old → new name.
ICalEdit renameWindowsTimeZones(const QByteArray &data);

} // namespace ferry::pim
