// Value checks libical does not make (it reads "20241340T250000" as a date and
// accepts a DATE where RFC 5545 wants a DATE-TIME): DATE and DATE-TIME
// (RFC 5545 §3.3.4, §3.3.5) on the properties that carry them, RRULE's UNTIL
// (§3.3.10), PERIOD starts (§3.3.9) and PRIORITY (§3.8.1.9).
#pragma once

#include <pim/text/contentline.h>

#include <QString>

namespace ferry::pim::detail {

bool isValidDate(QByteArrayView v);     // YYYYMMDD, a real calendar day
bool isValidDateTime(QByteArrayView v); // YYYYMMDD "T" HHMMSS ["Z"], second 60 allowed (leap second)

// Empty when the property's value is fine, or has no date in it; otherwise what is
// wrong, for an issue.
QString checkDateValue(const ContentLine &line);
QString checkPriorityValue(const ContentLine &line);

} // namespace ferry::pim::detail
