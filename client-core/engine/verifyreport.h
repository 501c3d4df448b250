// What a reconciliation found (Reconciler, reconciler.h): per folder and collection
// the items and bytes on both sides, how many of the source's are on the target,
// and every one that is not, with the reason. Serialised to the JSON report (README
// "Report format") and summed up in one sentence for people.
#pragma once

#include "../error.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace ferry {

struct VerifyFolder {
    QString dataType;           // "mail", "contacts", "calendar", "tasks"
    QString source;             // FolderRef display form (collections: their name)
    QString target;
    bool targetExists = true;
    quint64 sourceItems = 0;
    quint64 targetItems = 0;
    qint64 sourceBytes = 0;     // mail: RFC822.SIZE added up; DAV: -1 (not listed)
    qint64 targetBytes = 0;
    quint64 matched = 0;        // source items found on the target
    quint64 missing = 0;        // source items not on the target
    quint64 outsideWindow = 0;  // mail left behind by the date window (not missing)
    quint64 flagsDiffer = 0;    // mail found, but its flags on the target differ
};

struct VerifyMissing {
    QString dataType;
    QString folder;             // source folder / collection
    QString id;                 // UID / resource name on the source
    QString messageId;          // mail
    QString uid;                // DAV: the object's UID when it was read
    qint64 size = -1;
    QString reason;
};

struct VerifyReport {
    QString source;
    QString target;
    QList<VerifyFolder> folders;
    QList<VerifyMissing> missing;
    QStringList notes;
    Error fatal;                // what stopped the verification, if anything
    double seconds = 0;

    quint64 sourceItems(const QString &dataType) const;
    quint64 missingItems() const;
    bool complete() const { return fatal.ok() && missingItems() == 0; }
    // "All 152 messages, 30 contacts, 12 events and 4 tasks of the source are on the
    // target." or "3 of 152 messages … are not on the target:" (the list follows).
    QString summary() const;
    // 0 all there; 1 something missing; else as MigrationReport (auth 3, TLS 4, …).
    int exitCode() const;
    QJsonObject toJson() const;
};

} // namespace ferry
