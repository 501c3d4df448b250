// "Kept by Ferry:" — what a target cannot hold goes into the card's NOTE instead
// of being dropped (Ferry's fidelity rule). Used by the version converter and by
// the retry after a target refused an item (issue 4).
//
// The note keeps the user's own text first; below it one line "Kept by Ferry:"
// and then each kept property as its unfolded content line ("GENDER:M",
// "X-FOO;TYPE=a:b"), so nothing is lost and a person can read it. A card that
// already has the heading gets the new lines appended under it (no second
// heading). A vCard 2.1 NOTE is written back quoted-printable with CHARSET=UTF-8
// (2.1 has no "\n" escape); 3.0/4.0 use TEXT escaping.
#pragma once

#include "vcard.h"

#include <QStringList>

namespace ferry::pim {

// Moves every top-level property named in `propertyNames` (case-insensitive,
// any group) into NOTE. NOTE itself, BEGIN/END/VERSION/UID/FN are never moved.
// Returns the names of the properties moved (one per line moved).
QStringList keepInNote(VCard &card, const QList<QByteArray> &propertyNames);

// Appends `entries` (already readable lines) under the heading; adds a NOTE if
// the card has none. No-op for an empty list.
void appendKeptToNote(VCard &card, const QStringList &entries);

// The text a line gets under the heading (decoded from QP/CHARSET where needed).
QString keptEntry(const VCard &card, const ContentLine &line);

} // namespace ferry::pim
