// No invitation is ever sent. A CalDAV server with scheduling (RFC 6638) sends
// iTIP messages on its own when a PUT adds or changes ORGANIZER/ATTENDEE — unless
// the property says SCHEDULE-AGENT=CLIENT ("the client handles scheduling", and
// Ferry never does, RFC 6638 §7.1). So before every PUT each ORGANIZER and
// ATTENDEE, in every component, gets SCHEDULE-AGENT=CLIENT; a SERVER (or other)
// value is replaced. PARTSTAT, RSVP, ROLE, CN and every other byte of the line
// stay as they were; only the parameter is inserted before the ':'.
#pragma once

#include "icaltypes.h"

namespace ferry::pim {

// Adds or sets SCHEDULE-AGENT=CLIENT on every ORGANIZER and ATTENDEE. Every
// edited line is read back; a line too malformed to edit safely (an unterminated
// or misplaced DQUOTE) is left as it was and becomes an issue: the caller must not
// store such an item (hasSchedulingSideEffects() stays true for it).
ICalEdit addScheduleAgentClient(const QByteArray &data);

// The ORGANIZER/ATTENDEE lines a scheduling server could act on: no
// SCHEDULE-AGENT, or one that is neither CLIENT nor NONE (RFC 6638 §7.1), and
// lines that start like ORGANIZER/ATTENDEE but do not parse (a lenient server may
// read them as one). Empty when storing `data` can send nothing. For the engine's
// last check before a PUT and for the verifier.
QList<ICalIssue> schedulingSideEffects(const QByteArray &data);
bool hasSchedulingSideEffects(const QByteArray &data);

} // namespace ferry::pim
