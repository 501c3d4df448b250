// DavConnector: items of the open collection (listing, changes, multiget, PUT).
#include "davconnector.h"

#include "davhref.h"
#include "davrequests.h"
#include "davtransport.h"

namespace ferry {

namespace {

ItemMeta metaOf(const MultistatusEntry &e)
{
    ItemMeta m;
    m.id = davhref::encodeSegment(davhref::lastSegment(e.href));
    m.etag = e.props.etag;
    m.contentType = e.props.contentType;
    return m;
}

bool isMember(const MultistatusEntry &e, const QByteArray &collection)
{
    return !e.props.collection && !davhref::sameCollection(e.href, collection)
           && davhref::sameCollection(davhref::parent(e.href), collection);
}

} // namespace

Error DavConnector::listEtags(const Collection &c, const QList<RemoteId> &only, const ItemSink &sink)
{
    const DavReply reply = m_transport->execute(DavRequest::xml("PROPFIND", c.dav.url, 1, davrequests::propfindEtags()));
    const auto ms = multistatusOf(reply, QStringLiteral("PROPFIND %1").arg(QString::fromUtf8(c.dav.href)));
    if (!ms.ok())
        return ms.error();
    for (const MultistatusEntry &e : std::as_const(ms->entries)) {
        if (!isMember(e, c.dav.href) || (e.status && e.status != 200))
            continue;
        ItemMeta meta = metaOf(e);
        if (!only.isEmpty() && !only.contains(meta.id))
            continue;
        sink(std::move(meta));
    }
    return Error::none();
}

Error DavConnector::listItems(const ListQuery &query, const ItemSink &sink)
{
    if (Error e = requireConnected())
        return e;
    const Collection *c = find(m_open);
    if (!c)
        return Error::make(ErrorCode::Internal, QStringLiteral("listItems without an open collection"));
    QList<RemoteId> only;
    for (const RemoteId &id : query.ids)
        only.append(davhref::encodeSegment(davhref::decode(id)));
    return listEtags(*c, only, sink);
}

Result<QByteArray> DavConnector::listChanges(const QByteArray &syncToken, const ItemSink &sink)
{
    if (Error e = requireConnected())
        return e;
    const Collection *c = find(m_open);
    if (!c)
        return Error::make(ErrorCode::Internal, QStringLiteral("listChanges without an open collection"));
    const QString what = QStringLiteral("REPORT sync-collection %1").arg(QString::fromUtf8(c->dav.href));

    if (!c->dav.props.has(DavProps::SyncToken) || c->dav.props.syncToken.isEmpty()) {
        // No RFC 6578: the token is the CTag (RFC: CalendarServer ctag extension).
        Result<DavProps> now = readCollectionState(*c);
        if (!now.ok())
            return now.error();
        if (!syncToken.isEmpty() && !now->ctag.isEmpty() && now->ctag == syncToken)
            return syncToken;
        if (Error e = listEtags(*c, {}, sink))
            return e;
        return now->ctag;
    }

    QByteArray token = syncToken;
    // A server may cut a long answer (507 on the collection, RFC 6578 §3.6): ask again from the new token.
    for (int round = 0; round < 1000; ++round) {
        const DavReply reply = m_transport->execute(DavRequest::xml("REPORT", c->dav.url, 0, davrequests::syncCollection(token)));
        if (reply.status != 207) {
            Error e = davhttp::errorFor(reply, what, false);
            DavErrorBody body;
            const bool invalidToken = MultistatusParser::parseError(reply.body, body)
                                      && body.conditions.contains(QLatin1String("valid-sync-token"));
            if (invalidToken || (!token.isEmpty() && (reply.status == 403 || reply.status == 409 || reply.status == 412))) {
                e.code = ErrorCode::Precondition;
                e.hint = QStringLiteral("the server forgot the sync token: everything is listed again");
            }
            return e;
        }
        const auto parsed = multistatusOf(reply, what);
        if (!parsed.ok())
            return parsed.error();
        const Multistatus &ms = parsed.value();
        bool truncated = false;
        for (const MultistatusEntry &e : std::as_const(ms.entries)) {
            if (davhref::sameCollection(e.href, c->dav.href)) {
                truncated = truncated || e.status == 507;
                continue;
            }
            if (e.status == 404 || e.props.collection || !e.props.has(DavProps::ETag))
                continue; // removed (Ferry never deletes) or not an item
            sink(metaOf(e));
        }
        if (ms.syncToken.isEmpty())
            return Error::make(ErrorCode::Protocol, QStringLiteral("%1: the answer has no new sync-token").arg(what));
        if (!truncated || ms.syncToken == token)
            return ms.syncToken;
        token = ms.syncToken;
    }
    return Error::make(ErrorCode::Protocol, QStringLiteral("%1: the server never finished the listing").arg(what));
}

Error DavConnector::fetchItems(const QList<RemoteId> &ids, const BodySink &sink)
{
    if (Error e = requireConnected())
        return e;
    const Collection *c = find(m_open);
    if (!c)
        return Error::make(ErrorCode::Internal, QStringLiteral("fetchItems without an open collection"));
    const bool contacts = c->dav.props.addressBook;
    const QString what = QStringLiteral("REPORT %1 %2")
                             .arg(contacts ? QStringLiteral("addressbook-multiget") : QStringLiteral("calendar-multiget"),
                                  QString::fromUtf8(c->dav.href));
    Error failure;
    for (qsizetype start = 0; start < ids.size(); start += kMultigetBatch) {
        QList<QByteArray> hrefs;
        for (qsizetype i = start; i < std::min<qsizetype>(ids.size(), start + kMultigetBatch); ++i)
            hrefs.append(davhref::join(c->dav.href, davhref::decode(ids[i])));
        const QByteArray body = contacts ? davrequests::addressbookMultiget(hrefs) : davrequests::calendarMultiget(hrefs);
        m_transport->submit(DavRequest::xml("REPORT", c->dav.url, 1, body), [&](DavReply &&reply) {
            if (failure)
                return;
            if (reply.status != 207) {
                failure = davhttp::errorFor(reply, what, false);
                return;
            }
            Multistatus ms;
            QString error;
            if (!MultistatusParser::parse(reply.body, ms, error)) {
                failure = Error::make(ErrorCode::Protocol, QStringLiteral("%1: unreadable answer (%2)").arg(what, error));
                return;
            }
            for (MultistatusEntry &e : ms.entries) {
                if (failure)
                    return;
                if ((e.status && e.status != 200) || !(e.props.has(DavProps::CalendarData) || e.props.has(DavProps::AddressData)))
                    continue; // gone since it was listed (404): like an expunged message
                ItemMeta meta = metaOf(e);
                meta.uid = objectUid(e.props.data);
                meta.size = e.props.data.size();
                if (meta.contentType.isEmpty())
                    meta.contentType = contacts ? QByteArrayLiteral("text/vcard; charset=utf-8")
                                                : QByteArrayLiteral("text/calendar; charset=utf-8");
                if (Error se = sink(std::move(meta), ItemBody::fromBytes(std::move(e.props.data))))
                    failure = se;
            }
        });
        // Bound the memory: a few batches in flight, the rest waits.
        m_transport->waitBelow(std::max(2, m_maxInFlight / 2));
        if (failure)
            break;
    }
    m_transport->run();
    return failure;
}

void DavConnector::storeItem(StoreRequest &&request, const StoreCallback &done)
{
    StoreResult result;
    result.token = request.token;
    if (m_readOnly) {
        result.error = readOnlyError(QStringLiteral("storing into %1").arg(request.folder.display()));
        done(std::move(result));
        return;
    }
    if (Error e = requireConnected()) {
        result.error = e;
        done(std::move(result));
        return;
    }
    const Collection *c = find(request.folder);
    if (!c) {
        result.error = Error::make(ErrorCode::NotFound, QStringLiteral("no calendar or address book %1 on %2")
                                                            .arg(request.folder.display(), describe()));
        done(std::move(result));
        return;
    }
    const bool contacts = c->dav.props.addressBook;
    QString name = davhref::decode(request.meta.id);
    if (name.isEmpty()) {
        QByteArray uid = request.meta.uid;
        if (uid.isEmpty() && request.body.size() < 64 * 1024 * 1024)
            uid = objectUid(request.body.readAll());
        name = davhref::resourceNameForUid(QString::fromUtf8(uid), contacts ? QStringLiteral(".vcf") : QStringLiteral(".ics"));
    }
    const QByteArray href = davhref::join(c->dav.href, name);

    // The body must outlive the transfer: it moves into the callback's state.
    auto held = std::make_shared<StoreRequest>(std::move(request));
    DavRequest put;
    put.method = "PUT";
    put.url = DavDiscovery::resolve(c->dav.url, href);
    put.contentType = !held->meta.contentType.isEmpty() ? held->meta.contentType
                      : contacts                        ? QByteArrayLiteral("text/vcard; charset=utf-8")
                                                        : QByteArrayLiteral("text/calendar; charset=utf-8");
    if (held->ifMatch.isEmpty())
        put.headers.append(qMakePair(QByteArrayLiteral("If-None-Match"), QByteArrayLiteral("*")));
    else
        put.headers.append(qMakePair(QByteArrayLiteral("If-Match"), held->ifMatch));
    put.itemBody = &held->body;
    const QByteArray id = davhref::encodeSegment(name);
    const QString what = QStringLiteral("PUT %1").arg(QString::fromUtf8(href));
    m_transport->submit(std::move(put), [held, done, id, what](DavReply &&reply) {
        StoreResult r;
        r.token = held->token;
        if (reply.ok()) {
            r.newId = id;
            r.newEtag = reply.etag;
        } else {
            r.error = davhttp::errorFor(reply, what, true);
            if ((reply.status == 409 || reply.status == 403) && reply.body.contains("no-uid-conflict")) {
                r.uidConflict = true;
                r.error.code = ErrorCode::Precondition;
                r.error.hint = QStringLiteral("an item with this UID exists already under another name");
                // The server may name it: <C:no-uid-conflict><D:href>…</D:href></…>.
                const qsizetype at = reply.body.indexOf("href>");
                if (at >= 0) {
                    const qsizetype end = reply.body.indexOf('<', at + 5);
                    if (end > at)
                        r.existingId = davhref::encodeSegment(
                            davhref::lastSegment(reply.body.mid(at + 5, end - at - 5).trimmed()));
                }
            } else if (reply.status == 412)
                r.error.hint = held->ifMatch.isEmpty() ? QStringLiteral("an item with this name exists already")
                                                       : QStringLiteral("the item was changed on the server meanwhile");
        }
        done(std::move(r));
    });
    m_transport->waitBelow(m_maxInFlight * 2);
    m_transport->poll();
}

Error DavConnector::flush()
{
    if (m_transport)
        m_transport->run();
    return Error::none();
}

} // namespace ferry
