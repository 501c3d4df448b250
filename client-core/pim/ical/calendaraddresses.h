// Rewrites the user's old mail addresses (and those of colleagues who move along)
// in calendar data, so that on the new server the user is still the ORGANIZER of
// the events they organized and attendees point at the people's new addresses.
//
// Where: the "mailto:" value of ORGANIZER and ATTENDEE (RFC 5545 §3.8.4.1,
// §3.8.4.3; RFC 6068 URIs, the scheme's spelling kept) and the parameters that
// name the same people: EMAIL (RFC 7986 §6.2, a bare address) and the
// cal-address parameters SENT-BY, DELEGATED-TO, DELEGATED-FROM, MEMBER (RFC 5545
// §3.2). CN is a display name and is left as it is. Other URI schemes (urn:uuid:,
// https:) are not addresses and are left as they are.
//
// Scope: OwnItems (the default) edits a component (with its VALARMs) only when
// its ORGANIZER maps, or it has no ORGANIZER — the user's own events and tasks;
// an invitation from someone who does not migrate keeps the addresses that
// organizer knows. Everywhere edits every component.
#pragma once

#include "icaltypes.h"

#include <pim/addressmap/addressmap.h>

namespace ferry::pim {

enum class AddressScope { OwnItems, Everywhere };

// Changes carry property ("ATTENDEE", or "ATTENDEE;EMAIL" for a parameter) and
// the old and new address.
ICalEdit mapCalendarAddresses(const QByteArray &data, const AddressMap &map, AddressScope scope = AddressScope::OwnItems);

} // namespace ferry::pim
