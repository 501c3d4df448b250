// What an account holds, read without changing anything: the login works, every
// folder (mail) or collection (contacts, calendars, tasks) with its item count and,
// for mail, its size and the quota. ferry-cli's `check` prints it; the app's
// "What to move" page offers it for selection. Mail counts come from one
// pipelined STATUS burst; a collection costs one listing (PROPFIND) each.
#pragma once

#include "../connector/connector.h"
#include "../connector/endpoint.h"
#include "../error.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>

namespace ferry {

struct InventoryFolder {
    QString name;               // FolderRef display form (what MigrationOptions::skipFolders takes)
    QString displayName;        // DAV displayname, else empty
    QString dataType;           // "mail", "contacts", "calendar", "tasks"
    quint64 items = 0;
    qint64 bytes = -1;          // mail only; -1 = unknown
    bool selectable = true;     // false: a mail container that holds no messages itself
    bool subscribed = false;
    SpecialUse specialUse = SpecialUse::None;
    QStringList components;     // DAV: VEVENT, VTODO, …
    QString href;               // DAV: the collection's URL path

    QString label() const { return displayName.isEmpty() ? name : displayName; }
};

struct AccountInventory {
    QString account;            // Connector::describe() (no secret)
    QStringList capabilities;   // mail: the server's CAPABILITY list
    QList<InventoryFolder> folders;
    QList<QuotaInfo> quota;
    bool quotaKnown = false;
    bool mail = true;           // false: contacts/calendars/tasks (collections)

    quint64 items(const QString &dataType = {}) const;
    qint64 bytes() const;       // known mail sizes added up
    QJsonObject toJson() const;
};

// Logs in to `endpoint` read-only (imaps: mail; https: CalDAV/CardDAV; file: export
// files) and lists what it holds. Errors carry `side`. `cancel` may be set from another
// thread; the listing then stops with ErrorCode::Cancelled.
Result<AccountInventory> takeInventory(const Endpoint &endpoint, Side side,
                                       const std::atomic_bool *cancel = nullptr);

} // namespace ferry
