// Everything a migration run is told from outside (CLI flags, app settings, tests).
#pragma once

#include "../connector/endpoint.h"
#include "datewindow.h"
#include "foldermapper.h"
#include "itemtransformer.h"

#include <QStringList>

#include <memory>

#include <functional>

namespace ferry {

// The data types a run moves, in the order people see them (CLI --only, the app's
// selection and progress bars): "mail", "contacts", "calendar", "tasks".
inline const QStringList &dataTypes()
{
    static const QStringList types{QStringLiteral("mail"), QStringLiteral("contacts"), QStringLiteral("calendar"),
                                   QStringLiteral("tasks")};
    return types;
}

struct MigrationOptions {
    Endpoint source;                // mail; scheme empty = no mail in this run
    Endpoint target;
    // Contacts, calendars and tasks (CalDAV/CardDAV, files); scheme empty = none.
    Endpoint davSource;
    Endpoint davTarget;
    QList<Endpoint> fileSources;    // export files (file:///path), copied to davTarget too
    QStringList only;               // some of dataTypes(); empty = all
    // Source mail folders / DAV collections the user left out (FolderRef display
    // form, as AccountInventory names them); they are neither copied nor reported.
    QStringList skipFolders;
    QStringList skipCollections;
    // Mail only: messages that arrived outside this window are left on the source
    // and counted in the report (FolderReport::outsideWindow). Open = all mail.
    DateWindow mailWindow;
    // Where mail folders go when not where FolderMapper would put them (profile,
    // ferry-cli --map-folder).
    QList<FolderRule> folderRules;
    // Mail: also copy the folders of other users and shared folders the person can
    // see (RFC 2342), as their own folders under "Shared/<owner or namespace>/…" on
    // the target. Off: they are listed (check/inventory) but left out.
    bool includeShared = false;
    // Mail access rights (RFC 4314): the target's identifier for a source
    // identifier (user name / address); unset = the same name. An empty answer
    // means "no such person on the target": the entry is not copied (a warning).
    std::function<QString(const QString &identifier)> mapIdentifier;
    // Applied to every contact/event/task before it is written (null: bytes as they are).
    std::shared_ptr<ItemTransformer> transformer;
    QString kind = QStringLiteral("migrate");
    int connections = 4;            // connection pairs (workers), capped per server
    bool dryRun = false;            // plan and print; nothing is written anywhere
    int maxRetries = 6;             // reconnect attempts per folder after a network fault
    int maxBackoffMs = 60000;       // backoff 1, 2, 4 … s, capped here
    int firstBackoffMs = 1000;
    // Pending records are written per batch, before anything of it is sent; a
    // batch is one FETCH stream feeding the target without a pause, so it is big.
    int batchItems = 5000;
    qint64 batchBytes = 1024LL * 1024 * 1024;
    // Answers are confirmed in the journal every this many, while the stream goes on.
    int confirmEvery = 500;

    // The two accounts that name this run's journal (state/journalfiles.h), so that
    // ferry-cli and the app find the same one: the mail pair when there is one, else
    // the DAV pair; export files stand for the old account when there is no old server.
    const Endpoint &journalSource() const
    {
        if (!source.scheme.isEmpty())
            return source;
        return davSource.scheme.isEmpty() && !fileSources.isEmpty() ? fileSources.first() : davSource;
    }
    const Endpoint &journalTarget() const { return !target.scheme.isEmpty() ? target : davTarget; }

    // Test hook for resume-at-every-step: called just before (`before` = true) and
    // just after every state-store commit with the number of commits made so far.
    // Returning true stops the engine right there, as a crash would (nothing more is
    // written, no cleanup).
    std::function<bool(quint64 commitsSoFar, bool before)> stopHook;
};

} // namespace ferry
