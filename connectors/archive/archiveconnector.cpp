#include "archiveconnector.h"

#include "archivefiles.h"
#include "archivestore.h"

#include <QDir>
#include <QRegularExpression>
#include <QSet>

namespace ferry {

using namespace archive;

namespace {

// Enough of a message to find its Message-ID without reading a 50 MB body.
constexpr qint64 kHeaderProbe = 256 * 1024;

} // namespace

ArchiveConnector::ArchiveConnector(const Endpoint &endpoint)
    : m_path(endpoint.path), m_passphrase(endpoint.password)
{
    QString path = endpoint.path;
    // archive:///C:/Users/… on Windows: the drive letter follows the URL's slash.
    static const QRegularExpression drive(QStringLiteral("^/[A-Za-z]:/"));
    if (drive.match(path).hasMatch())
        path.remove(0, 1);
    while (path.size() > 1 && path.endsWith(QLatin1Char('/')))
        path.chop(1);
    const QString last = path.section(QLatin1Char('/'), -1);
    m_root = path.section(QLatin1Char('/'), 0, -2);
    const QString hint = QStringLiteral("write archive:///PATH/TO/ARCHIVE/mail for mail, or "
                                        "archive:///PATH/TO/ARCHIVE/pim for contacts, calendars and tasks");
    if (!endpoint.host.isEmpty() || !endpoint.user.isEmpty())
        m_usage = Error::make(ErrorCode::Usage, QStringLiteral("an archive is a local directory: %1 names a host or user")
                                                    .arg(endpoint.display()), {}, hint);
    else if (last == QLatin1String("mail"))
        m_part = Part::Mail;
    else if (last == QLatin1String("pim"))
        m_part = Part::Pim;
    else
        m_usage = Error::make(ErrorCode::Usage,
                              QStringLiteral("%1 does not say which part of the archive: the path must end in /mail or /pim")
                                  .arg(endpoint.display()), {}, hint);
    if (m_usage.ok() && (m_root.isEmpty() || QDir::isRelativePath(m_root) || QDir(m_root).isRoot()))
        m_usage = Error::make(ErrorCode::Usage, QStringLiteral("%1 does not name an archive directory").arg(endpoint.display()),
                              {}, hint);
}

ArchiveConnector::~ArchiveConnector()
{
    disconnect();
}

QString ArchiveConnector::describe() const
{
    return QStringLiteral("archive://") + m_path;
}

Error ArchiveConnector::connect()
{
    if (m_store)
        return {};
    if (m_usage)
        return m_usage;
    auto s = ArchiveStore::open(m_root, m_passphrase, !m_readOnly);
    if (!s.ok())
        return s.error();
    if (!m_readOnly)
        if (Error e = (*s)->ensurePart(m_part))
            return e;
    m_store = *s;
    m_hasOpen = false;
    return {};
}

void ArchiveConnector::disconnect()
{
    if (m_store)
        m_store->flushManifest();
    m_store.reset();
    m_hasOpen = false;
}

Capabilities ArchiveConnector::capabilities() const
{
    Capabilities c;
    c.storeReturnsId = true;
    c.syncCollection = m_part == Part::Pim;
    c.raw = QStringList{QStringLiteral("FERRY-ARCHIVE"), QStringLiteral("VERSION=%1").arg(kFormatVersion)};
    if (m_store && m_store->encrypted())
        c.raw << QStringLiteral("AES-256-GCM");
    return c;
}

Error ArchiveConnector::ready(const QString &what) const
{
    if (!m_store)
        return Error::make(ErrorCode::Network, what, QStringLiteral("the archive is not open"),
                           QStringLiteral("connect first"));
    return {};
}

Error ArchiveConnector::writeAllowed(const QString &what) const
{
    if (m_readOnly)
        return Error::make(ErrorCode::ReadOnly, what, {},
                           QStringLiteral("this archive is opened read-only; nothing was written"));
    return ready(what);
}

Error ArchiveConnector::requireOpen(const QString &what) const
{
    if (Error e = ready(what))
        return e;
    if (!m_hasOpen)
        return Error::make(ErrorCode::Internal, what, QStringLiteral("no folder is open"),
                           QStringLiteral("this is a bug in Ferry: openFolder() first"));
    return {};
}

Result<QList<FolderInfo>> ArchiveConnector::listFolders()
{
    if (Error e = ready(QStringLiteral("list folders of %1").arg(describe())))
        return e;
    return m_store->folders(m_part);
}

Result<QHash<FolderRef, FolderState>> ArchiveConnector::folderStates(const QList<FolderRef> &folders)
{
    if (Error e = ready(QStringLiteral("folder states of %1").arg(describe())))
        return e;
    return m_store->states(m_part, folders);
}

Result<FolderState> ArchiveConnector::openFolder(const FolderRef &folder, bool readOnly)
{
    const QString what = QStringLiteral("open %1 in %2").arg(folder.display(), describe());
    if (Error e = ready(what))
        return e;
    m_hasOpen = false;
    Result<FolderView> v = m_store->view(m_part, folder);
    if (!v.ok()) {
        Error e = v.error();
        e.what = what + QStringLiteral(": ") + e.what;
        return e;
    }
    m_hasOpen = true;
    m_open = folder;
    m_openReadOnly = readOnly || m_readOnly;
    FolderState s = v->state;
    s.readOnly = m_openReadOnly;
    return s;
}

Error ArchiveConnector::listItems(const ListQuery &query, const ItemSink &sink)
{
    const QString what = QStringLiteral("list %1 in %2").arg(m_open.display(), describe());
    if (Error e = requireOpen(what))
        return e;
    if (query.changedSince != 0)
        return Error::make(ErrorCode::Protocol, what, QStringLiteral("the archive keeps no change sequence"),
                           QStringLiteral("this is a bug in Ferry: check capabilities().changeTokens"));
    Result<FolderView> v = m_store->view(m_part, m_open);
    if (!v.ok())
        return v.error();
    QSet<RemoteId> only(query.ids.cbegin(), query.ids.cend());
    if (m_part == Part::Mail) {
        for (auto it = v->mail.lowerBound(query.ids.isEmpty() ? qMax<quint64>(1, query.fromId) : 1);
             it != v->mail.cend(); ++it) {
            ItemMeta m;
            m.id = QByteArray::number(it->id);
            if (!only.isEmpty() && !only.contains(m.id))
                continue;
            m.flags = it->flags;
            if (!query.flagsOnly) {
                m.size = it->size;
                m.internalDate = it->internalDate;
                m.messageId = it->messageId;
            }
            m_bytesIn += quint64(m.id.size() + m.messageId.size() + m.internalDate.size());
            sink(std::move(m));
        }
        return {};
    }
    for (const IndexRecord &r : std::as_const(v->pim)) {
        if (!only.isEmpty() && !only.contains(r.name))
            continue;
        ItemMeta m;
        m.id = r.name;
        m.etag = r.etag;
        m.size = r.size;
        m.uid = r.uid;
        m.contentType = r.contentType;
        sink(std::move(m));
    }
    return {};
}

Result<QByteArray> ArchiveConnector::listChanges(const QByteArray &syncToken, const ItemSink &sink)
{
    const QString what = QStringLiteral("list changes of %1 in %2").arg(m_open.display(), describe());
    if (Error e = requireOpen(what))
        return e;
    if (m_part != Part::Pim)
        return Error::make(ErrorCode::Protocol, what, QStringLiteral("mail folders have no sync token"));
    Result<FolderView> v = m_store->view(m_part, m_open);
    if (!v.ok())
        return v.error();
    bool ok = false;
    const quint64 since = syncToken.startsWith('L') ? syncToken.mid(1).toULongLong(&ok) : 0;
    const QByteArray now = v->state.syncToken;
    if (!ok || since > now.mid(1).toULongLong())
        return Error::make(ErrorCode::Precondition, what, QStringLiteral("valid-sync-token"),
                           QStringLiteral("the token is not one of this archive's: everything is listed"));
    for (const IndexRecord &r : std::as_const(v->pim)) {
        if (r.line <= since)
            continue;
        ItemMeta m;
        m.id = r.name;
        m.etag = r.etag;
        m.size = r.size;
        m.uid = r.uid;
        m.contentType = r.contentType;
        sink(std::move(m));
    }
    return now;
}

Error ArchiveConnector::fetchItems(const QList<RemoteId> &ids, const BodySink &sink)
{
    const QString what = QStringLiteral("read %1 in %2").arg(m_open.display(), describe());
    if (Error e = requireOpen(what))
        return e;
    Result<FolderView> v = m_store->view(m_part, m_open);
    if (!v.ok())
        return v.error();
    for (const RemoteId &id : ids) {
        const IndexRecord *r = nullptr;
        if (m_part == Part::Mail) {
            bool ok = false;
            const auto it = v->mail.constFind(id.toULongLong(&ok));
            if (ok && it != v->mail.cend())
                r = &*it;
        } else {
            const auto it = v->pim.constFind(id);
            if (it != v->pim.cend())
                r = &*it;
        }
        if (!r)
            continue; // not in the archive: left out of the answer, as an expunged UID
        ItemMeta meta;
        meta.id = id;
        meta.size = r->size;
        if (m_part == Part::Mail) {
            meta.flags = r->flags;
            meta.internalDate = r->internalDate;
            meta.messageId = r->messageId;
        } else {
            meta.etag = r->etag;
            meta.uid = r->uid;
            meta.contentType = r->contentType;
        }
        ItemBody body;
        const QString problem = readItemFile(m_store->root(), v->dir + QLatin1Char('/') + r->file, m_store->key(),
                                             r->sha256, body);
        if (!problem.isEmpty()) {
            meta.unreadable = QStringLiteral("the archive's copy is damaged: %1").arg(problem);
            body = ItemBody();
        }
        m_bytesIn += quint64(body.size());
        if (Error e = sink(std::move(meta), std::move(body)))
            return e;
    }
    return {};
}

void ArchiveConnector::storeItem(StoreRequest &&request, const StoreCallback &done)
{
    const QString what = QStringLiteral("store in %1 of %2").arg(request.folder.display(), describe());
    StoreResult r;
    r.token = request.token;
    if (Error e = writeAllowed(what)) {
        r.error = e;
        done(std::move(r));
        return;
    }
    m_bytesOut += quint64(request.body.size());
    if (m_part == Part::Pim) {
        r = m_store->putItem(request.folder, request.meta.id, request.ifMatch, request.body, request.meta.contentType);
        r.token = request.token;
        done(std::move(r));
        return;
    }
    QByteArray messageId = request.meta.messageId;
    if (messageId.isEmpty()) {
        QByteArray head;
        if (Error e = request.body.read(0, qMin(kHeaderProbe, request.body.size()), head)) {
            r.error = e;
            done(std::move(r));
            return;
        }
        messageId = messageIdFromHeader(head);
    }
    quint64 validity = 0;
    Result<IndexRecord> rec = m_store->addMessage(request.folder, request.body, request.meta.flags,
                                                  request.meta.internalDate, messageId, &validity);
    if (!rec.ok()) {
        r.error = rec.error();
        if (r.error.what.isEmpty())
            r.error.what = what;
    } else {
        r.newId = QByteArray::number(rec->id);
        r.newValidity = validity;
    }
    done(std::move(r));
}

Error ArchiveConnector::flush()
{
    if (Error e = ready(QStringLiteral("flush %1").arg(describe())))
        return e;
    return m_store->flushManifest();
}

Error ArchiveConnector::setFlags(const QList<FlagChange> &changes)
{
    const QString what = QStringLiteral("change flags in %1 of %2").arg(m_open.display(), describe());
    if (Error e = writeAllowed(what))
        return e;
    if (Error e = requireOpen(what))
        return e;
    if (m_part != Part::Mail)
        return {};
    if (m_openReadOnly)
        return Error::make(ErrorCode::ReadOnly, what, QStringLiteral("the folder is open read-only"),
                           QStringLiteral("this is a bug in Ferry: open the folder read-write to change flags"));
    return m_store->changeFlags(m_open, changes);
}

Error ArchiveConnector::createFolder(const FolderInfo &folder)
{
    const QString what = QStringLiteral("create %1 in %2").arg(folder.ref.display(), describe());
    if (Error e = writeAllowed(what))
        return e;
    Error e = m_store->createFolder(m_part, folder);
    if (e && e.what.isEmpty())
        e.what = what;
    return e;
}

Error ArchiveConnector::setSubscribed(const FolderRef &folder, bool subscribed)
{
    const QString what = QStringLiteral("subscribe %1 in %2").arg(folder.display(), describe());
    if (Error e = writeAllowed(what))
        return e;
    if (m_part != Part::Mail)
        return {};
    return m_store->setSubscribed(m_part, folder, subscribed);
}

QStringList ArchiveConnector::notices() const
{
    return m_store ? m_store->notices() : QStringList{};
}

} // namespace ferry
