// Copies the access rights of one of the person's own mail folders (RFC 4314 ACL)
// from the source to the target, without ever taking a right away.
//
//   source: GETACL (read-only). Refused (no 'a' right, RFC 4314 §4): MYRIGHTS tells
//           the person what they have, the folder is skipped with a warning.
//   each entry, in the source's order:
//     - the owner's own entry (the source login, or what maps to the target login)
//       is left alone: the target gives its owner their rights itself;
//     - negative rights ("-bob", §2) are not copied (they would take rights away
//       on the target): a warning;
//     - "anyone"/"authenticated" (§2.1) stay as they are; a target that does not
//       know them (LISTRIGHTS refused) gets a warning instead;
//     - other identifiers go through MigrationOptions::mapIdentifier (empty answer:
//       nobody on the target, a warning);
//     - the rights are restricted to what the target lets that identifier hold
//       (LISTRIGHTS, else the RFC 2086 set plus RIGHTS=); every letter it cannot
//       hold is a warning naming folder, identifier and right;
//     - only letters the target's entry lacks (its GETACL) are sent, as SETACL
//       "+letters": rights already there stay, a re-run sends nothing.
// Transient errors (network) are returned for the engine to retry; everything
// else becomes a warning. No library does this: it is Ferry's policy over the
// Connector's four ACL calls.
#pragma once

#include "../connector/connector.h"

#include <functional>

namespace ferry {

struct AclPassOptions {
    QString sourceUser;            // the login on the source (the owner of the folder)
    QString targetUser;            // the login on the target
    std::function<QString(const QString &)> mapIdentifier; // null: identity
    bool dryRun = false;           // count what would be set; send nothing
    bool targetExists = true;      // false (dry run, folder not created yet): do not ask the target
};

class AclPass {
public:
    AclPass(Connector &source, Connector &target, FolderRef sourceFolder, FolderRef targetFolder,
            AclPassOptions options);

    Error run();

    quint64 entriesSet = 0;        // entries given (or, dry run, to give) rights on the target
    QStringList warnings;

    // Rights the RFC 2086 base set always has (RFC 4314 §2.1.1); RIGHTS= adds to it.
    static QString baseRights() { return QStringLiteral("lrswipcda"); }
    static bool isSpecialIdentifier(const QString &id);

private:
    Error copyEntry(const AclEntry &entry, const QHash<QString, QString> &targetAcl);

    Connector &m_src;
    Connector &m_tgt;
    FolderRef m_source;
    FolderRef m_target;
    AclPassOptions m_options;
};

} // namespace ferry
