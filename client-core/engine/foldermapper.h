// Decides where each source folder goes on the target.
//   - INBOX → INBOX.
//   - A special-use folder (\Sent, \Drafts, …) goes to the target's folder with the
//     same role whatever its name; failing that, to an existing folder with one of
//     the usual (also localized) names for that role; failing that, it is created
//     under the source's name with the role (CREATE-SPECIAL-USE where offered).
//   - Everything else keeps its path.
// Pure: no I/O, so every rule has a unit test.
#pragma once

#include "../connector/connector.h"

namespace ferry {

struct FolderMapping {
    FolderInfo source;
    FolderRef target;
    bool targetExists = false;
    bool subscribeOnTarget = false;   // source subscribed, target not (yet)
    SpecialUse createWithUse = SpecialUse::None;
    QString note;                     // why it was mapped this way (report)
};

class FolderMapper {
public:
    static QList<FolderMapping> map(const QList<FolderInfo> &source, const QList<FolderInfo> &target);
    // The usual names of a role, English first, then common localizations.
    static QStringList fallbackNames(SpecialUse use);
};

} // namespace ferry
