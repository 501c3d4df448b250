// The retry after a target refused an item: properties the target cannot hold
// (an X- property it rejects, an ATTACH too big, a CLASS it does not know…) are
// moved out of the item's main components (VEVENT/VTODO/VJOURNAL, not their
// VALARMs) into the item's notes, so nothing is lost: DESCRIPTION (RFC 5545
// §3.8.1.5) gets, after its text and an empty line, a line "Kept by Ferry:" and
// then each moved property as one unfolded content line, exactly as it was
// written — readable, and restorable by hand. The text is TEXT-escaped (§3.3.11);
// the existing DESCRIPTION text stays byte-identical (the note is appended to
// its value), a component without DESCRIPTION gets one before its first
// sub-component or its END.
//
// Never moved: BEGIN, END, UID, DESCRIPTION itself (an issue says so).
#pragma once

#include "icaltypes.h"

#include <pim/text/contentline.h>  // kKeptByFerryHeading

namespace ferry::pim {

// `propertyNames` compare case-insensitively. Changes: one per moved property
// (property = its name, before = the line, after = "DESCRIPTION").
ICalEdit keepInDescription(const QByteArray &data, const QList<QByteArray> &propertyNames);

} // namespace ferry::pim
