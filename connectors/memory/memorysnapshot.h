// A comparable picture of a whole MemoryServer, for whole-state assertions:
//     QCOMPARE(target->snapshot(), expected);
// It keeps what a migration must preserve and nothing a server assigns on its own:
// per folder its messages as a multiset of (bytes, sorted flags, INTERNALDATE),
// whether it is subscribed and selectable, and its special-use role. UIDs,
// UIDVALIDITY and mod-sequences are left out on purpose.
#pragma once

#include <connector/connector.h>

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QStringList>

namespace ferry {

struct MemorySnapshot {
    struct Message {
        QByteArray bytes;
        QStringList flags;       // sorted
        QByteArray internalDate;
        friend bool operator==(const Message &, const Message &) = default;
        friend bool operator<(const Message &a, const Message &b);
    };
    struct Folder {
        QList<Message> messages; // sorted, so equal multisets compare equal
        bool subscribed = false;
        bool selectable = true;
        SpecialUse specialUse = SpecialUse::None;
        friend bool operator==(const Folder &, const Folder &) = default;
    };

    QMap<QString, Folder> folders; // by FolderRef::display()

    // Adds a message to `folder` (creating it) keeping the invariants above;
    // for writing expected snapshots by hand.
    void add(const QString &folder, const QByteArray &bytes, QStringList flags, const QByteArray &internalDate);
    // Restores sorted order after direct edits of `folders`.
    void normalize();

    // Multi-line text for test failure messages (bodies abbreviated).
    QString describe() const;

    friend bool operator==(const MemorySnapshot &, const MemorySnapshot &) = default;
    // For QCOMPARE's failure output (found by argument-dependent lookup).
    friend char *toString(const MemorySnapshot &s) { return qstrdup(s.describe().toUtf8().constData()); }
};

} // namespace ferry
