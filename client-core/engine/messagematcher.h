// Finds, for a source message, the target message that is already its copy —
// so that a re-run, a resume after a crash, or a target filled by hand earlier
// never produces a duplicate. Key: Message-ID + size + INTERNALDATE (compared as
// an instant: servers re-render the zone); each target message matches at most
// once. Messages without a Message-ID, or whose key is not unique, are only
// "candidates": the caller confirms them with a content hash.
#pragma once

#include "../connector/connector.h"

#include <QHash>
#include <QList>
#include <QSet>

namespace ferry {

// Seconds since the epoch of an IMAP date-time ("17-Jul-1996 02:44:25 -0700");
// -1 if it does not parse.
qint64 internalDateToEpoch(const QByteArray &date);

// A message's flags as compared between two servers: sorted, no duplicates, without
// \Recent (session state, not a flag).
QStringList comparableFlags(QStringList flags);

class MessageMatcher {
public:
    // `alreadyMapped`: target ids that belong to other source items already.
    void addTargetItems(const QList<ItemMeta> &target, const QSet<RemoteId> &alreadyMapped = {});

    struct Match {
        RemoteId targetId;     // empty: not on the target
        bool needsHashCheck = false;
        QList<RemoteId> candidates; // when needsHashCheck
    };
    // Looks up and, for a sure match, consumes the target item.
    Match find(const ItemMeta &source, bool sourceKeyUnique);
    // Marks a candidate confirmed by hash as used.
    void consume(const RemoteId &targetId);
    bool isEmpty() const { return m_byKey.isEmpty(); }

    static QByteArray keyOf(const ItemMeta &m);

private:
    QHash<QByteArray, QList<RemoteId>> m_byKey;
    QSet<RemoteId> m_used;
};

} // namespace ferry
