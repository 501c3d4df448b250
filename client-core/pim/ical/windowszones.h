// Windows time-zone names ("W. Europe Standard Time", what Exchange and Outlook
// write as TZID) → IANA names ("Europe/Berlin", what every CalDAV server and
// libical know). Table: Unicode CLDR 41 supplemental/windowsZones.xml (data
// versions: Windows "7e11800", tz "2021a"), the default zone of each of its 139
// Windows names (territory "001"); see windowszones.cpp for how it was made.
// Qt has such a table too (QTimeZone::windowsIdToDefaultIanaId) but its CLDR
// version moves with Qt; a fixed, reviewable table keeps a migration's output
// the same on every machine.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <optional>
#include <utility>

namespace ferry::pim {

// The IANA name for a Windows zone name (compared case-insensitively, surrounding
// white space ignored), or nullopt for any other name.
std::optional<QByteArray> windowsZoneToIana(QByteArrayView windowsName);

// The whole table, sorted by Windows name (for tests and documentation).
QList<std::pair<QByteArray, QByteArray>> windowsZoneTable();

} // namespace ferry::pim
