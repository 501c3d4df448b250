// MigrationOptions::mapIdentifier from the run's address map (ferry-cli
// --map-address/--map-file, the app's address page): an ACL identifier (RFC 4314
// §2) that is an address the map knows becomes the new address; anything else
// (bare user names, "anyone", an address without a rule) stays as it is — the
// same name on the target, which is what most moves between servers of one
// organisation need. Header-only so that client-core links no extra library.
#pragma once

#include "pim/addressmap/addressmap.h"

#include <QString>

#include <functional>

namespace ferry {

inline std::function<QString(const QString &)> aclIdentifierMap(const pim::AddressMap &addresses)
{
    if (addresses.isEmpty())
        return {};
    return [addresses](const QString &identifier) -> QString {
        if (!identifier.contains(QLatin1Char('@')))
            return identifier;
        return addresses.map(identifier).value_or(identifier);
    };
}

} // namespace ferry
