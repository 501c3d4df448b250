// `ferry-cli archive verify`: reads an offline archive's manifest and every index,
// re-hashes every item file it names (opening it when the archive is encrypted,
// which also checks each GCM tag), and says what it found: counts per folder and
// type, damaged items, missing files, orphan files (no index line names them) and
// notices (torn index lines, leftover temporary files …). Read-only: it never
// changes the archive.
#pragma once

#include <connector/endpoint.h>

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

namespace ferry {

struct ArchiveCheck {
    struct Folder {
        QString dir;          // "mail/INBOX", relative to the root
        QString name;         // FolderRef display form (collections: their display name)
        QString type;         // "mail", "contacts", "calendar", "tasks"
        quint64 items = 0;    // current items (a DAV item's older versions not counted)
        quint64 bytes = 0;
    };
    struct Problem {
        QString folder;       // the folder's name (or its directory when unreadable)
        QString id;           // mail: the archive's id; DAV: the resource name
        QString file;         // relative to the root
        QString what;         // in words
    };
    QList<Folder> folders;
    QHash<QString, quint64> itemsByType;  // "mail" → n, "contacts" → n, …
    QList<Problem> damaged;   // checksum or authentication failure
    QList<Problem> missing;   // the index names a file that is not there
    QStringList orphans;      // files nothing names (relative paths)
    QStringList notices;
    bool encrypted = false;

    bool intact() const { return damaged.isEmpty() && missing.isEmpty(); }
    QJsonObject toJson() const;
};

// Errors: NotFound (no archive), Auth (passphrase missing or wrong), Protocol
// (not an archive, newer version). Damage is reported in the result, not as an error.
Result<ArchiveCheck> verifyArchive(const QString &root, const std::shared_ptr<const Secret> &passphrase);

} // namespace ferry
