// Which target collection each source collection goes to (contacts, calendars,
// task lists). In order:
//   1. a target collection of the same kind with the same name (last href segment);
//   2. … else with the same display name (case-insensitively);
//   3. … else, for the account's default collection (named "default", "calendar",
//      "contacts", "personal", … on the usual servers), the target's default one;
//   4. … else a new collection with the source's name and metadata (display name,
//      colour, description, order, component set).
// A calendar only goes to a target calendar that can hold all its component types
// (VEVENT / VTODO / VJOURNAL). Each target collection receives at most one source.
#pragma once

#include "collectionpass.h"

namespace ferry {

class CollectionMapper {
public:
    static QList<CollectionMapping> map(const QList<FolderInfo> &source, const QList<FolderInfo> &target);
    static bool isDefaultName(const QString &name);
};

} // namespace ferry
