#include "memoryconnector.h"

#include <QSet>

namespace ferry {

namespace {

// Rough per-command/response framing on the wire ("A001 UID FETCH …", "* 12 FETCH (…)").
constexpr quint64 kOverhead = 48;
// Bodies up to this size are handed over in memory; bigger ones are streamed in
// chunks through ItemBody::begin/append, as a network connector does.
constexpr qint64 kChunk = 64 * 1024;

Error notConnected(const QString &what)
{
    return Error::make(ErrorCode::Network, what, QStringLiteral("not connected"),
                       QStringLiteral("connect again"));
}

quint64 flagBytes(const QStringList &flags)
{
    quint64 n = 0;
    for (const QString &f : flags)
        n += quint64(f.size()) + 1;
    return n;
}

} // namespace

ConnectorPtr MemoryConnector::forEndpoint(const Endpoint &endpoint)
{
    const QString name = endpoint.host.isEmpty() ? QStringLiteral("default") : endpoint.host;
    return std::make_unique<MemoryConnector>(MemoryServer::named(name), endpoint.user);
}

MemoryConnector::MemoryConnector(std::shared_ptr<MemoryServer> server, QString user)
    : m_server(std::move(server)), m_user(std::move(user))
{
}

MemoryConnector::~MemoryConnector()
{
    disconnect();
}

QString MemoryConnector::describe() const
{
    return m_user.isEmpty() ? QStringLiteral("memory://%1").arg(m_server->name())
                            : QStringLiteral("memory://%1@%2").arg(m_user, m_server->name());
}

Error MemoryConnector::connect()
{
    if (m_connected)
        return {};
    if (Error e = m_server->connectError())
        return e;
    m_connected = true;
    m_hasOpen = false;
    m_bytesIn += kOverhead; // greeting + LOGIN
    return {};
}

void MemoryConnector::disconnect()
{
    // A clean LOGOUT: the server answers everything before BYE.
    deliverPending(0);
    m_connected = false;
    m_hasOpen = false;
}

void MemoryConnector::dropConnection()
{
    m_connected = false;
    m_hasOpen = false;
    for (PendingStore &p : m_pending) {
        p.result.error = Error::make(ErrorCode::Network, QStringLiteral("APPEND to %1").arg(describe()),
                                     QStringLiteral("connection dropped before the server answered"));
        p.result.newId.clear();
        p.result.newValidity = 0;
    }
    deliverPending(0);
}

void MemoryConnector::deliverPending(int keep)
{
    // Pop before calling: a callback may call storeItem() again.
    while (int(m_pending.size()) > keep) {
        PendingStore p = std::move(m_pending.front());
        m_pending.pop_front();
        p.done(std::move(p.result));
    }
}

Capabilities MemoryConnector::capabilities() const
{
    Capabilities c;
    c.changeTokens = m_server->condStore();
    c.storeReturnsId = m_server->uidPlus();
    c.specialUse = true;
    c.createSpecialUse = true;
    c.pipelinedStore = m_server->pipelineDepth() > 0;
    c.raw = QStringList{QStringLiteral("IMAP4rev1"), QStringLiteral("SPECIAL-USE"), QStringLiteral("CREATE-SPECIAL-USE")};
    if (c.changeTokens)
        c.raw << QStringLiteral("CONDSTORE");
    if (c.storeReturnsId)
        c.raw << QStringLiteral("UIDPLUS");
    if (c.pipelinedStore)
        c.raw << QStringLiteral("LITERAL+");
    const QString rights = m_server->aclRights();
    c.acl = !rights.isEmpty();
    if (c.acl)
        c.raw << QStringLiteral("ACL");
    return c;
}

Error MemoryConnector::begin(const QString &what)
{
    if (!m_connected)
        return notConnected(what);
    if (Error e = m_server->beginOperation()) {
        dropConnection();
        e.what = what;
        return e;
    }
    return {};
}

Error MemoryConnector::writeAllowed(const QString &what) const
{
    if (m_readOnly)
        return Error::make(ErrorCode::ReadOnly, what, {},
                           QStringLiteral("this side is opened read-only; nothing was written"));
    return {};
}

Error MemoryConnector::requireOpen(const QString &what) const
{
    if (!m_hasOpen)
        return Error::make(ErrorCode::Internal, what, QStringLiteral("no folder is open"),
                           QStringLiteral("this is a bug in Ferry: openFolder() first"));
    return {};
}

Result<QList<FolderInfo>> MemoryConnector::listFolders()
{
    if (Error e = begin(QStringLiteral("LIST on %1").arg(describe())))
        return e;
    QList<FolderInfo> folders = m_server->listFolders();
    for (const FolderInfo &f : folders)
        m_bytesIn += kOverhead + quint64(f.nativeName.size());
    return folders;
}

Result<QHash<FolderRef, FolderState>> MemoryConnector::folderStates(const QList<FolderRef> &folders)
{
    if (Error e = begin(QStringLiteral("STATUS on %1").arg(describe())))
        return e;
    // Like pipelined STATUS: a folder that does not exist (NO) is simply absent.
    QHash<FolderRef, FolderState> out;
    for (const FolderRef &ref : folders) {
        m_bytesOut += kOverhead;
        if (std::optional<FolderState> s = m_server->status(ref)) {
            out.insert(ref, *s);
            m_bytesIn += kOverhead;
        }
    }
    return out;
}

Result<FolderState> MemoryConnector::openFolder(const FolderRef &folder, bool readOnly)
{
    const bool examine = readOnly || m_readOnly;
    const QString what = QStringLiteral("%1 %2").arg(examine ? QStringLiteral("EXAMINE") : QStringLiteral("SELECT"),
                                                     folder.display());
    if (Error e = begin(what))
        return e;
    m_hasOpen = false; // a failed SELECT leaves no folder selected (RFC 3501 §6.3.1)
    std::optional<FolderState> s = m_server->status(folder);
    if (!s)
        return Error::make(ErrorCode::NotFound, what, QStringLiteral("Mailbox doesn't exist: %1").arg(folder.display()));
    m_hasOpen = true;
    m_open = folder;
    m_openReadOnly = examine;
    s->readOnly = examine;
    s->permanentFlagsKnown = true;
    if (!examine) {
        s->permanentFlags = QStringList{QStringLiteral("\\Answered"), QStringLiteral("\\Flagged"),
                                        QStringLiteral("\\Deleted"), QStringLiteral("\\Seen"),
                                        QStringLiteral("\\Draft"), QStringLiteral("\\*")};
    }
    m_bytesIn += 4 * kOverhead;
    return *s;
}

Error MemoryConnector::listItems(const ListQuery &query, const ItemSink &sink)
{
    const QString what = QStringLiteral("UID FETCH in %1").arg(m_open.display());
    if (Error e = requireOpen(what))
        return e;
    if (query.changedSince != 0 && !m_server->condStore())
        return Error::make(ErrorCode::Protocol, what, QStringLiteral("BAD CHANGEDSINCE needs CONDSTORE"),
                           QStringLiteral("this is a bug in Ferry: check capabilities().changeTokens"));
    if (Error e = begin(what))
        return e;
    m_bytesOut += kOverhead;
    Result<QList<MemoryServer::Message>> messages =
        m_server->messages(m_open, query.ids.isEmpty() ? qMax<quint64>(query.fromId, 1) : 1, query.changedSince);
    if (!messages.ok())
        return messages.error();
    const bool condStore = m_server->condStore();
    QSet<quint64> only;
    for (const RemoteId &id : query.ids)
        only.insert(id.toULongLong());
    // The sink runs without any server lock held: it may do anything.
    for (const MemoryServer::Message &m : std::as_const(*messages)) {
        if (!only.isEmpty() && !only.contains(m.uid))
            continue;
        ItemMeta meta;
        meta.id = QByteArray::number(m.uid);
        meta.flags = m.flags;
        meta.modSeq = condStore ? m.modSeq : 0;
        if (!query.flagsOnly) {
            meta.size = m.bytes.size();
            meta.internalDate = m.internalDate;
            if (query.withMessageId || query.withSubject)
                meta.messageId = parseMessageId(m.bytes);
            if (query.withSubject)
                meta.subject = QString::fromUtf8(headerField(m.bytes, "subject"));
        }
        m_bytesIn += kOverhead + flagBytes(meta.flags) + quint64(meta.messageId.size() + meta.internalDate.size());
        sink(std::move(meta));
    }
    return {};
}

Error MemoryConnector::fetchItems(const QList<RemoteId> &ids, const BodySink &sink)
{
    const QString what = QStringLiteral("UID FETCH BODY.PEEK[] in %1").arg(m_open.display());
    if (Error e = requireOpen(what))
        return e;
    if (Error e = begin(what))
        return e;
    QList<quint64> uids;
    for (const RemoteId &id : ids) {
        bool ok = false;
        const quint64 uid = id.toULongLong(&ok);
        if (ok)
            uids.append(uid);
    }
    m_bytesOut += kOverhead + quint64(uids.size()) * 8;
    Result<QList<MemoryServer::Message>> messages = m_server->messagesByUid(m_open, uids);
    if (!messages.ok())
        return messages.error();
    const bool condStore = m_server->condStore();
    const auto [faultMarker, faultWhy] = m_server->fetchFault();
    for (const MemoryServer::Message &m : std::as_const(*messages)) {
        const bool faulty = !faultMarker.isEmpty() && m.bytes.contains(faultMarker);
        if (faulty && faultWhy.isEmpty())
            continue; // gone, as an expunged UID
        ItemMeta meta;
        meta.id = QByteArray::number(m.uid);
        meta.messageId = parseMessageId(m.bytes);
        meta.size = m.bytes.size();
        meta.flags = m.flags;
        meta.internalDate = m.internalDate;
        meta.modSeq = condStore ? m.modSeq : 0;

        ItemBody body;
        if (faulty) {
            meta.unreadable = faultWhy;
        } else if (m.bytes.size() <= kChunk) {
            body = ItemBody::fromBytes(m.bytes);
        } else {
            if (Error e = body.begin(m.bytes.size()))
                return e;
            for (qint64 off = 0; off < m.bytes.size(); off += kChunk) {
                if (Error e = body.append(m.bytes.constData() + off, qMin(kChunk, m.bytes.size() - off)))
                    return e;
            }
            if (Error e = body.finish())
                return e;
        }
        m_bytesIn += kOverhead + quint64(m.bytes.size());
        if (Error e = sink(std::move(meta), std::move(body)))
            return e;
    }
    return {};
}

void MemoryConnector::storeItem(StoreRequest &&request, const StoreCallback &done)
{
    const QString what = QStringLiteral("APPEND to %1").arg(request.folder.display());
    StoreResult r;
    r.token = request.token;

    auto answerNow = [&](Error e) {
        // Client-side refusals are immediate, after any older answers (order kept).
        r.error = std::move(e);
        deliverPending(0);
        done(std::move(r));
    };

    if (Error e = writeAllowed(what))
        return answerNow(std::move(e));
    if (Error e = begin(what))
        return answerNow(std::move(e));

    const QByteArray bytes = request.body.readAll();
    m_bytesOut += kOverhead + quint64(bytes.size()) + flagBytes(request.meta.flags)
        + quint64(request.meta.internalDate.size());
    quint64 validity = 0;
    Result<MemoryServer::Message> stored =
        m_server->append(request.folder, bytes, request.meta.flags, request.meta.internalDate, &validity);
    if (!stored.ok()) {
        r.error = stored.error();
    } else if (m_server->uidPlus()) {
        r.newId = QByteArray::number(stored->uid);
        r.newValidity = validity;
    }
    m_bytesIn += kOverhead;
    m_pending.push_back({std::move(r), done});
    deliverPending(m_server->pipelineDepth());
}

Error MemoryConnector::flush()
{
    if (!m_connected)
        return notConnected(QStringLiteral("flush on %1").arg(describe()));
    deliverPending(0);
    return {};
}

Error MemoryConnector::setFlags(const QList<FlagChange> &changes)
{
    const QString what = QStringLiteral("UID STORE in %1").arg(m_open.display());
    if (Error e = writeAllowed(what))
        return e;
    if (Error e = requireOpen(what))
        return e;
    if (m_openReadOnly)
        return Error::make(ErrorCode::ReadOnly, what, QStringLiteral("Mailbox is read-only (EXAMINE)"),
                           QStringLiteral("this is a bug in Ferry: open the folder read-write to change flags"));
    if (Error e = begin(what))
        return e;
    for (const FlagChange &c : changes)
        m_bytesOut += kOverhead + quint64(c.id.size()) + flagBytes(c.add) + flagBytes(c.remove);
    return m_server->changeFlags(m_open, changes);
}

Error MemoryConnector::createFolder(const FolderInfo &folder)
{
    const QString what = QStringLiteral("CREATE %1").arg(folder.ref.display());
    if (Error e = writeAllowed(what))
        return e;
    if (Error e = begin(what))
        return e;
    m_bytesOut += kOverhead;
    Error e = m_server->createFolder(folder);
    if (e)
        e.what = what;
    return e;
}

Result<QList<AclEntry>> MemoryConnector::acl(const FolderRef &folder)
{
    if (Error e = begin(QStringLiteral("GETACL %1").arg(folder.display())))
        return e;
    m_bytesOut += kOverhead;
    return m_server->acl(folder);
}

Result<QString> MemoryConnector::myRights(const FolderRef &folder)
{
    if (Error e = begin(QStringLiteral("MYRIGHTS %1").arg(folder.display())))
        return e;
    m_bytesOut += kOverhead;
    return m_server->myRights(folder);
}

Result<AclRightsInfo> MemoryConnector::listRights(const FolderRef &folder, const QString &identifier)
{
    if (Error e = begin(QStringLiteral("LISTRIGHTS %1 %2").arg(folder.display(), identifier)))
        return e;
    m_bytesOut += kOverhead;
    return m_server->listRights(folder, identifier);
}

Error MemoryConnector::setAcl(const FolderRef &folder, const QString &identifier, const QString &rights)
{
    const QString what = QStringLiteral("SETACL %1 %2 %3").arg(folder.display(), identifier, rights);
    if (Error e = writeAllowed(what))
        return e;
    if (Error e = begin(what))
        return e;
    m_bytesOut += kOverhead;
    return m_server->setAcl(folder, identifier, rights);
}

Error MemoryConnector::setSubscribed(const FolderRef &folder, bool subscribed)
{
    const QString what = QStringLiteral("%1 %2").arg(subscribed ? QStringLiteral("SUBSCRIBE") : QStringLiteral("UNSUBSCRIBE"),
                                                     folder.display());
    if (Error e = writeAllowed(what))
        return e;
    if (Error e = begin(what))
        return e;
    m_bytesOut += kOverhead;
    Error e = m_server->setSubscribed(folder, subscribed);
    if (e)
        e.what = what;
    return e;
}

QByteArray MemoryConnector::parseMessageId(const QByteArray &bytes)
{
    return headerField(bytes, "message-id");
}

QByteArray MemoryConnector::headerField(const QByteArray &bytes, const QByteArray &lowerName)
{
    return ferry::headerField(bytes, lowerName); // no RFC 2047 decoding (the IMAP connector does that with vmime)
}

} // namespace ferry
