// Decides where each source folder goes on the target.
//   - INBOX → INBOX.
//   - A special-use folder (\Sent, \Drafts, …) goes to the target's folder with the
//     same role whatever its name; failing that, to an existing folder with one of
//     the usual (also localized) names for that role; failing that, it is created
//     under the source's name with the role (CREATE-SPECIAL-USE where offered).
//   - Everything else keeps its path.
//   - Other users' and shared folders (FolderInfo::namespaceKind, RFC 2342) are left
//     out unless `includeShared`; then they become the person's own folders under
//     "Shared/<owner or namespace name>/<path below it>" (no role is taken from them:
//     bob's Sent is not alice's Sent). The target's own foreign folders are never
//     mapping targets.
//   - A folder rule (a helpdesk profile, ferry-cli --map-folder FROM=TO) comes first:
//     a source folder at or below FROM goes to the same place below TO (the longest
//     matching FROM wins), whatever its role.
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

// "Old Archive" → "Archive/Old": a folder and everything below it.
struct FolderRule {
    FolderRef from;
    FolderRef to;
    // "FROM=TO" with '/'-separated paths; false + `why` for anything else.
    static bool parse(const QString &text, FolderRule *out, QString *why);
};

class FolderMapper {
public:
    static QList<FolderMapping> map(const QList<FolderInfo> &source, const QList<FolderInfo> &target,
                                    const QList<FolderRule> &rules = {}, bool includeShared = false);
    // Where an other-users/shared folder goes: {"Shared", owner} + pathInNamespace.
    static FolderRef sharedTarget(const FolderInfo &folder);
    static bool isForeign(const FolderInfo &f) { return f.ref.isForeign() || f.namespaceKind != NamespaceKind::Personal; }
    // The usual names of a role, English first, then common localizations.
    static QStringList fallbackNames(SpecialUse use);
};

} // namespace ferry
