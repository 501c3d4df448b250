// ImapConnector: the item operations (listing, fetching, storing, flags) — the
// hot path. Split from imapconnector.cpp by responsibility.
#include "imapconnector.h"

#include "fetchcommand.h"
#include "imapsession.h"
#include "storecommand.h"

namespace ferry {

namespace {
constexpr qint64 kListingStreamThreshold = 1024 * 1024;

QList<quint64> toUids(const QList<RemoteId> &ids)
{
    QList<quint64> uids;
    uids.reserve(ids.size());
    for (const RemoteId &id : ids) {
        bool ok = false;
        const quint64 u = id.toULongLong(&ok);
        if (ok && u)
            uids.append(u);
    }
    return uids;
}
} // namespace

Error ImapConnector::listItems(const ListQuery &query, const ItemSink &sink)
{
    if (Error e = requireOpenFolder())
        return e;
    // Nothing to list: skip the round trip (and servers that dislike "1:*" on
    // an empty mailbox). Not after our own APPENDs: a server only SHOULD report
    // EXISTS for them (RFC 3501 §6.3.11).
    if (m_exists == 0 && !m_storedSinceOpen)
        return {};
    const quint64 from = query.ids.isEmpty() ? qMax<quint64>(1, query.fromId) : 1;
    const bool cs = condstore();
    onUntagged([&](ImapResponse &r) {
        if (r.kind != ImapResponse::Fetch)
            return;
        const ImapFetchData &f = r.fetch;
        // "n:*" includes the highest message even when n is above it (RFC 3501
        // §6.4.8), so filter; and skip unsolicited flag updates of other
        // sessions, which lack the items we asked for.
        if (f.uid < from || (!query.flagsOnly && f.size < 0) || (query.flagsOnly && !f.hasFlags))
            return;
        sink(FetchCommand::toMeta(f, (query.withMessageId || query.withSubject) && !query.flagsOnly,
                                  query.withSubject && !query.flagsOnly));
    });
    m_session->setStreamThreshold(kListingStreamThreshold);
    // Explicit ids: one command per UID set (split to keep lines short).
    const QList<QByteArray> sets = query.ids.isEmpty() ? QList<QByteArray>{QByteArray()}
                                                       : FetchCommand::uidSets(toUids(query.ids));
    Error failure;
    for (const QByteArray &set : sets) {
        auto r = m_session->execute(FetchCommand::listing(query, cs, set));
        if (!r.ok()) {
            failure = lost(r.error());
            break;
        }
        if (r->status.kind != ImapStatus::Ok) {
            failure = commandError(QStringLiteral("listing messages"), *r);
            break;
        }
    }
    onUntagged({});
    deliverCompletedStores();
    return failure;
}

Error ImapConnector::fetchItems(const QList<RemoteId> &ids, const BodySink &sink)
{
    if (Error e = requireOpenFolder())
        return e;
    const QList<QByteArray> sets = FetchCommand::uidSets(toUids(ids));
    if (sets.isEmpty())
        return {};
    Error sinkError;
    onUntagged([&](ImapResponse &r) {
        if (r.kind != ImapResponse::Fetch || !r.fetch.uid)
            return;
        for (ImapFetchSection &s : r.fetch.sections) {
            if (!s.section.isEmpty() || s.isNil)
                continue;
            // Whatever the sink did before, take the body out of the session so
            // the spool file goes away with it.
            ItemBody body = s.streamedIndex >= 0 ? m_session->takeStreamedBody(s.streamedIndex)
                                                 : ItemBody::fromBytes(std::move(s.data));
            if (sinkError.ok())
                sinkError = sink(FetchCommand::toMeta(r.fetch, false), std::move(body));
            return;
        }
    });
    // Every BODY[] literal streams into an ItemBody (memory below 2 MiB, a spool
    // file above): one copy from the socket buffer, never the whole folder.
    m_session->setStreamThreshold(0);
    QList<QByteArray> tags;
    Error error;
    for (const QByteArray &set : sets) {
        auto t = m_session->send(FetchCommand::bodies(set));
        if (!t.ok()) {
            error = t.error();
            break;
        }
        tags.append(*t);
    }
    Error commandFailure;
    for (const QByteArray &tag : tags) {
        if (error)
            break;
        auto r = m_session->wait(tag);
        if (!r.ok())
            error = r.error();
        else if (r->status.kind != ImapStatus::Ok && commandFailure.ok())
            commandFailure = commandError(QStringLiteral("fetching messages"), *r);
    }
    m_session->setStreamThreshold(kListingStreamThreshold);
    onUntagged({});
    deliverCompletedStores();
    if (error)
        return lost(error);
    if (sinkError)
        return sinkError;
    return commandFailure;
}

Error ImapConnector::setFlags(const QList<FlagChange> &changes)
{
    if (m_readOnly)
        return readOnlyError(QStringLiteral("changing flags"));
    if (Error e = requireOpenFolder())
        return e;
    if (m_selectedReadOnly)
        return readOnlyError(QStringLiteral("changing flags in a folder opened read-only"));
    const QList<ImapCommand> cmds = StoreCommand::commands(changes);
    if (cmds.isEmpty())
        return {};
    QList<QByteArray> tags;
    for (const ImapCommand &c : cmds) {
        auto t = m_session->send(c);
        if (!t.ok())
            return lost(t.error());
        tags.append(*t);
    }
    Error failure;
    for (const QByteArray &tag : tags) {
        auto r = m_session->wait(tag);
        if (!r.ok())
            return lost(r.error());
        if (r->status.kind != ImapStatus::Ok && failure.ok())
            failure = commandError(QStringLiteral("changing flags"), *r);
    }
    deliverCompletedStores();
    return failure;
}

} // namespace ferry
