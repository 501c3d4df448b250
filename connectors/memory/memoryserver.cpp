#include "memoryserver.h"

#include <QDateTime>
#include <QHash>
#include <QLocale>

#include <algorithm>

namespace ferry {

namespace {

std::mutex g_registryMutex;
QHash<QString, std::shared_ptr<MemoryServer>> &registry()
{
    static QHash<QString, std::shared_ptr<MemoryServer>> servers;
    return servers;
}

// INBOX is case-insensitive (RFC 3501 §5.1); every other name is case-sensitive.
QStringList keyOf(const FolderRef &ref)
{
    QStringList k = ref.path;
    if (!k.isEmpty() && k.first().compare(QLatin1String("INBOX"), Qt::CaseInsensitive) == 0)
        k.first() = QStringLiteral("INBOX");
    return k;
}

// Different servers start at different UIDVALIDITY values, so an engine bug that
// mixes up source and target validities shows in tests. Deterministic (FNV-1a,
// not the per-process seeded qHash) so runs are reproducible.
quint64 firstValidity(const QString &name)
{
    quint32 h = 2166136261u;
    for (char c : name.toUtf8()) {
        h ^= quint8(c);
        h *= 16777619u;
    }
    return 1000 + quint64(h % 1000) * 1000;
}

// RFC 3501 date-time: "dd-Mon-yyyy hh:mm:ss +zzzz" with a space-padded day.
QByteArray imapNow()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    return QStringLiteral("%1-%2")
        .arg(now.date().day(), 2, 10, QLatin1Char(' '))
        .arg(QLocale::c().toString(now, QStringLiteral("MMM-yyyy hh:mm:ss +0000")))
        .toLatin1();
}

bool isRecent(const QString &flag) { return flag.compare(QLatin1String("\\Recent"), Qt::CaseInsensitive) == 0; }

bool hasFlag(const QStringList &flags, const QString &flag)
{
    return flags.contains(flag, Qt::CaseInsensitive);
}

QStringList storableFlags(const QStringList &flags)
{
    QStringList out;
    for (const QString &f : flags) {
        if (!f.isEmpty() && !isRecent(f) && !hasFlag(out, f))
            out.append(f);
    }
    return out;
}

Error noFolder(const FolderRef &ref)
{
    return Error::make(ErrorCode::NotFound, QStringLiteral("folder %1").arg(ref.display()),
                       QStringLiteral("[TRYCREATE] Mailbox doesn't exist: %1").arg(ref.display()));
}

} // namespace

std::shared_ptr<MemoryServer> MemoryServer::named(const QString &name)
{
    std::lock_guard lock(g_registryMutex);
    auto &s = registry()[name];
    if (!s)
        s = std::make_shared<MemoryServer>(name);
    return s;
}

void MemoryServer::reset(const QString &name)
{
    std::shared_ptr<MemoryServer> s;
    {
        std::lock_guard lock(g_registryMutex);
        s = registry().value(name);
    }
    if (s)
        s->clear();
}

MemoryServer::MemoryServer(QString name) : m_name(std::move(name))
{
    resetLocked();
}

void MemoryServer::clear()
{
    std::lock_guard lock(m_mutex);
    resetLocked();
}

void MemoryServer::resetLocked()
{
    m_folders.clear();
    m_nextValidity = firstValidity(m_name);
    m_totalBytes = 0;
    m_rejectMarker.clear();
    m_rejectText.clear();
    m_fetchFaultMarker.clear();
    m_fetchFaultWhy.clear();
    m_operations = 0;
    m_failAt = 0;
    m_quota = 0;
    m_connectError = {};
    m_pipelineDepth = 0;
    m_uidPlus = true;
    m_condStore = true;
    m_aclRights.clear();
    m_aclUnknown.clear();
    Folder &inbox = ensure(FolderRef{{QStringLiteral("INBOX")}}, true);
    inbox.subscribed = true;
    inbox.specialUse = SpecialUse::Inbox;
}

MemoryServer::Folder *MemoryServer::find(const FolderRef &ref)
{
    auto it = m_folders.find(keyOf(ref));
    return it == m_folders.end() ? nullptr : &*it;
}

const MemoryServer::Folder *MemoryServer::find(const FolderRef &ref) const
{
    auto it = m_folders.constFind(keyOf(ref));
    return it == m_folders.cend() ? nullptr : &*it;
}

MemoryServer::Folder &MemoryServer::ensure(const FolderRef &ref, bool selectable)
{
    const QStringList key = keyOf(ref);
    // Parents first: they exist as containers (\Noselect) unless created themselves.
    for (qsizetype n = 1; n < key.size(); ++n) {
        const QStringList parent = key.mid(0, n);
        if (!m_folders.contains(parent)) {
            Folder p;
            p.ref = FolderRef{parent};
            p.selectable = false;
            p.uidValidity = m_nextValidity++;
            m_folders.insert(parent, p);
        }
    }
    auto it = m_folders.find(key);
    if (it == m_folders.end()) {
        Folder f;
        f.ref = FolderRef{key};
        f.selectable = selectable;
        f.uidValidity = m_nextValidity++;
        it = m_folders.insert(key, f);
    } else if (selectable) {
        it->selectable = true;
    }
    return *it;
}

MemoryServer::Message &MemoryServer::appendLocked(Folder &f, const QByteArray &bytes, const QStringList &flags,
                                                  const QByteArray &internalDate)
{
    Message m;
    m.uid = f.uidNext++;
    m.flags = storableFlags(flags);
    m.internalDate = internalDate.isEmpty() ? imapNow() : internalDate;
    m.bytes = bytes;
    m.modSeq = ++f.highestModSeq;
    m_totalBytes += bytes.size();
    f.messages.append(m);
    return f.messages.last();
}

bool MemoryServer::addFolder(const FolderRef &ref, SpecialUse use, bool subscribed)
{
    if (ref.isEmpty())
        return false;
    std::lock_guard lock(m_mutex);
    Folder &f = ensure(ref, true);
    f.subscribed = subscribed;
    if (use != SpecialUse::None)
        f.specialUse = use;
    return true;
}

quint64 MemoryServer::addMessage(const FolderRef &folder, const QByteArray &bytes, const QStringList &flags,
                                 const QByteArray &internalDate)
{
    std::lock_guard lock(m_mutex);
    Folder &f = ensure(folder, true);
    return appendLocked(f, bytes, flags, internalDate).uid;
}

bool MemoryServer::removeMessage(const FolderRef &folder, quint64 uid)
{
    std::lock_guard lock(m_mutex);
    Folder *f = find(folder);
    if (!f)
        return false;
    for (qsizetype i = 0; i < f->messages.size(); ++i) {
        if (f->messages[i].uid == uid) {
            m_totalBytes -= f->messages[i].bytes.size();
            f->messages.removeAt(i);
            ++f->highestModSeq; // an expunge is a change (RFC 7162 VANISHED)
            return true;
        }
    }
    return false;
}

bool MemoryServer::setMessageFlags(const FolderRef &folder, quint64 uid, const QStringList &flags)
{
    std::lock_guard lock(m_mutex);
    Folder *f = find(folder);
    if (!f)
        return false;
    for (Message &m : f->messages) {
        if (m.uid == uid) {
            m.flags = storableFlags(flags);
            m.modSeq = ++f->highestModSeq;
            return true;
        }
    }
    return false;
}

std::optional<MemoryServer::Folder> MemoryServer::folder(const FolderRef &ref) const
{
    std::lock_guard lock(m_mutex);
    const Folder *f = find(ref);
    return f ? std::optional<Folder>(*f) : std::nullopt;
}

QList<FolderRef> MemoryServer::folderRefs() const
{
    std::lock_guard lock(m_mutex);
    QList<FolderRef> out;
    for (const Folder &f : m_folders)
        out.append(f.ref);
    return out;
}

MemorySnapshot MemoryServer::snapshot() const
{
    std::lock_guard lock(m_mutex);
    MemorySnapshot s;
    for (const Folder &f : m_folders) {
        MemorySnapshot::Folder &sf = s.folders[f.ref.display()];
        sf.subscribed = f.subscribed;
        sf.selectable = f.selectable;
        sf.specialUse = f.specialUse;
        for (const Message &m : f.messages)
            sf.messages.append({m.bytes, m.flags, m.internalDate});
    }
    s.normalize();
    return s;
}

qint64 MemoryServer::totalBytes() const
{
    std::lock_guard lock(m_mutex);
    return m_totalBytes;
}

void MemoryServer::setRejectMarker(const QByteArray &marker, const QString &serverText)
{
    std::lock_guard lock(m_mutex);
    m_rejectMarker = marker;
    m_rejectText = serverText;
}

void MemoryServer::setFetchFault(const QByteArray &marker, const QString &why)
{
    std::lock_guard lock(m_mutex);
    m_fetchFaultMarker = marker;
    m_fetchFaultWhy = why;
}

std::pair<QByteArray, QString> MemoryServer::fetchFault() const
{
    std::lock_guard lock(m_mutex);
    return {m_fetchFaultMarker, m_fetchFaultWhy};
}

void MemoryServer::failOperation(quint64 n)
{
    std::lock_guard lock(m_mutex);
    m_failAt = n == 0 ? 0 : m_operations + n;
}

quint64 MemoryServer::operationCount() const
{
    std::lock_guard lock(m_mutex);
    return m_operations;
}

void MemoryServer::setQuota(qint64 bytes)
{
    std::lock_guard lock(m_mutex);
    m_quota = bytes;
}

void MemoryServer::changeUidValidity(const FolderRef &ref, quint64 newValidity)
{
    std::lock_guard lock(m_mutex);
    Folder *f = find(ref);
    if (!f)
        return;
    f->uidValidity = newValidity ? newValidity : f->uidValidity + 1;
    quint64 uid = 0;
    for (Message &m : f->messages)
        m.uid = ++uid;
    f->uidNext = uid + 1;
}

void MemoryServer::setConnectError(const Error &error)
{
    std::lock_guard lock(m_mutex);
    m_connectError = error;
}

void MemoryServer::setPipelineDepth(int depth)
{
    std::lock_guard lock(m_mutex);
    m_pipelineDepth = std::max(0, depth);
}

int MemoryServer::pipelineDepth() const
{
    std::lock_guard lock(m_mutex);
    return m_pipelineDepth;
}

void MemoryServer::setUidPlus(bool on)
{
    std::lock_guard lock(m_mutex);
    m_uidPlus = on;
}

void MemoryServer::setCondStore(bool on)
{
    std::lock_guard lock(m_mutex);
    m_condStore = on;
}

bool MemoryServer::uidPlus() const
{
    std::lock_guard lock(m_mutex);
    return m_uidPlus;
}

bool MemoryServer::condStore() const
{
    std::lock_guard lock(m_mutex);
    return m_condStore;
}

Error MemoryServer::connectError() const
{
    std::lock_guard lock(m_mutex);
    return m_connectError;
}

Error MemoryServer::beginOperation()
{
    std::lock_guard lock(m_mutex);
    ++m_operations;
    if (m_failAt != 0 && m_operations == m_failAt) {
        m_failAt = 0;
        return Error::make(ErrorCode::Network, QStringLiteral("connection to memory://%1").arg(m_name),
                           QStringLiteral("connection dropped (injected fault at operation %1)").arg(m_operations));
    }
    return {};
}

QList<FolderInfo> MemoryServer::listFolders() const
{
    std::lock_guard lock(m_mutex);
    QList<FolderInfo> out;
    for (const Folder &f : m_folders) {
        FolderInfo i;
        i.ref = f.ref;
        i.nativeName = f.ref.path.join(QLatin1Char('/'));
        i.specialUse = f.specialUse;
        i.subscribed = f.subscribed;
        i.selectable = f.selectable;
        if (f.ref.isForeign()) {
            const QStringList p = f.ref.path.mid(1);
            const bool other = p.value(0) == QLatin1String("Other Users");
            i.namespaceKind = other ? NamespaceKind::OtherUsers : NamespaceKind::Shared;
            i.owner = p.value(1);
            i.pathInNamespace = p.mid(other ? 2 : 1);
            if (other ? p.size() < 2 : p.size() < 1)
                continue; // a namespace's root
            if (!other)
                i.owner = p.value(0);
        }
        out.append(i);
    }
    return out;
}

std::optional<FolderState> MemoryServer::status(const FolderRef &ref) const
{
    std::lock_guard lock(m_mutex);
    const Folder *f = find(ref);
    if (!f || !f->selectable)
        return std::nullopt;
    FolderState s;
    s.validity = f->uidValidity;
    s.nextId = f->uidNext;
    s.changeToken = m_condStore ? f->highestModSeq : 0;
    s.count = quint64(f->messages.size());
    s.size = 0;
    for (const Message &m : f->messages)
        s.size += m.bytes.size();
    return s;
}

Result<QList<MemoryServer::Message>> MemoryServer::messages(const FolderRef &ref, quint64 fromId,
                                                            quint64 changedSince) const
{
    std::lock_guard lock(m_mutex);
    const Folder *f = find(ref);
    if (!f || !f->selectable)
        return noFolder(ref);
    QList<Message> out;
    for (const Message &m : f->messages) {
        if (m.uid >= fromId && (changedSince == 0 || m.modSeq > changedSince))
            out.append(m);
    }
    return out;
}

Result<QList<MemoryServer::Message>> MemoryServer::messagesByUid(const FolderRef &ref,
                                                                 const QList<quint64> &uids) const
{
    std::lock_guard lock(m_mutex);
    const Folder *f = find(ref);
    if (!f || !f->selectable)
        return noFolder(ref);
    QList<Message> out;
    for (quint64 uid : uids) {
        auto it = std::lower_bound(f->messages.cbegin(), f->messages.cend(), uid,
                                   [](const Message &m, quint64 u) { return m.uid < u; });
        if (it != f->messages.cend() && it->uid == uid)
            out.append(*it);
    }
    return out;
}

Result<MemoryServer::Message> MemoryServer::append(const FolderRef &ref, const QByteArray &bytes,
                                                   const QStringList &flags, const QByteArray &internalDate,
                                                   quint64 *validity)
{
    std::lock_guard lock(m_mutex);
    Folder *f = find(ref);
    if (!f || !f->selectable)
        return noFolder(ref);
    if (!m_rejectMarker.isEmpty() && bytes.contains(m_rejectMarker))
        return Error::make(ErrorCode::Rejected, QStringLiteral("APPEND to %1").arg(ref.display()), m_rejectText);
    if (m_quota > 0 && m_totalBytes + bytes.size() > m_quota)
        return Error::make(ErrorCode::Quota, QStringLiteral("APPEND to %1").arg(ref.display()),
                           QStringLiteral("[OVERQUOTA] Quota exceeded (mailbox for user is full)"),
                           QStringLiteral("free space on the target account or raise its quota"));
    if (validity)
        *validity = f->uidValidity;
    return appendLocked(*f, bytes, flags, internalDate);
}

Error MemoryServer::changeFlags(const FolderRef &ref, const QList<FlagChange> &changes)
{
    std::lock_guard lock(m_mutex);
    Folder *f = find(ref);
    if (!f || !f->selectable)
        return noFolder(ref);
    for (const FlagChange &c : changes) {
        bool ok = false;
        const quint64 uid = c.id.toULongLong(&ok);
        if (!ok)
            continue; // like a server ignoring an id it does not have
        auto it = std::lower_bound(f->messages.begin(), f->messages.end(), uid,
                                   [](const Message &m, quint64 u) { return m.uid < u; });
        if (it == f->messages.end() || it->uid != uid)
            continue;
        QStringList flags = it->flags;
        for (const QString &a : c.add) {
            if (!a.isEmpty() && !isRecent(a) && !hasFlag(flags, a))
                flags.append(a);
        }
        for (const QString &r : c.remove) {
            flags.removeIf([&r](const QString &x) { return x.compare(r, Qt::CaseInsensitive) == 0; });
        }
        if (flags != it->flags) {
            it->flags = flags;
            it->modSeq = ++f->highestModSeq;
        }
    }
    return {};
}

Error MemoryServer::createFolder(const FolderInfo &info)
{
    if (info.ref.isEmpty())
        return Error::make(ErrorCode::Rejected, QStringLiteral("CREATE"), QStringLiteral("Invalid mailbox name"));
    std::lock_guard lock(m_mutex);
    Folder &f = ensure(info.ref, true);
    if (f.specialUse == SpecialUse::None && info.specialUse != SpecialUse::Inbox)
        f.specialUse = info.specialUse;
    return {};
}

Error MemoryServer::setSubscribed(const FolderRef &ref, bool subscribed)
{
    std::lock_guard lock(m_mutex);
    Folder *f = find(ref);
    if (!f)
        return noFolder(ref);
    f->subscribed = subscribed;
    return {};
}

} // namespace ferry

namespace ferry {

namespace {
Error aclOff(const FolderRef &ref)
{
    return Error::make(ErrorCode::Protocol, QStringLiteral("access rights of %1").arg(ref.display()),
                       QStringLiteral("BAD the server does not offer ACL"));
}
Error aclNoFolder(const FolderRef &ref)
{
    return Error::make(ErrorCode::NotFound, QStringLiteral("access rights of %1").arg(ref.display()),
                       QStringLiteral("NO [NONEXISTENT] Mailbox doesn't exist"));
}
} // namespace

void MemoryServer::setAclRights(const QString &rights)
{
    std::lock_guard lock(m_mutex);
    m_aclRights = rights;
}

QString MemoryServer::aclRights() const
{
    std::lock_guard lock(m_mutex);
    return m_aclRights;
}

void MemoryServer::setAclUnknownIdentifier(const QString &identifier)
{
    std::lock_guard lock(m_mutex);
    m_aclUnknown.append(identifier);
}

void MemoryServer::putAcl(const FolderRef &ref, const QString &identifier, const QString &rights)
{
    std::lock_guard lock(m_mutex);
    ensure(ref, true).acl.insert(identifier, rights);
}

QMap<QString, QString> MemoryServer::aclOf(const FolderRef &ref) const
{
    std::lock_guard lock(m_mutex);
    const Folder *f = find(ref);
    return f ? f->acl : QMap<QString, QString>{};
}

void MemoryServer::setMyRights(const FolderRef &ref, const QString &rights)
{
    std::lock_guard lock(m_mutex);
    ensure(ref, true).myRights = rights;
}

Result<QList<AclEntry>> MemoryServer::acl(const FolderRef &ref) const
{
    std::lock_guard lock(m_mutex);
    if (m_aclRights.isEmpty())
        return aclOff(ref);
    const Folder *f = find(ref);
    if (!f)
        return aclNoFolder(ref);
    if (!f->myRights.isEmpty() && !f->myRights.contains(QLatin1Char('a')))
        return Error::make(ErrorCode::Rejected, QStringLiteral("access rights of %1").arg(ref.display()),
                           QStringLiteral("NO [NOPERM] Permission denied"));
    QList<AclEntry> out;
    for (auto it = f->acl.constBegin(); it != f->acl.constEnd(); ++it)
        out.append(AclEntry{it.key(), it.value()});
    return out;
}

Result<QString> MemoryServer::myRights(const FolderRef &ref) const
{
    std::lock_guard lock(m_mutex);
    if (m_aclRights.isEmpty())
        return aclOff(ref);
    const Folder *f = find(ref);
    if (!f)
        return aclNoFolder(ref);
    return f->myRights.isEmpty() ? m_aclRights + QLatin1Char('a') : f->myRights;
}

Result<AclRightsInfo> MemoryServer::listRights(const FolderRef &ref, const QString &identifier) const
{
    std::lock_guard lock(m_mutex);
    if (m_aclRights.isEmpty())
        return aclOff(ref);
    if (!find(ref))
        return aclNoFolder(ref);
    if (m_aclUnknown.contains(identifier))
        return Error::make(ErrorCode::Rejected, QStringLiteral("rights of %1 on %2").arg(identifier, ref.display()),
                           QStringLiteral("NO Unknown identifier"));
    AclRightsInfo info;
    for (const QChar c : m_aclRights)
        info.optional.append(QString(c));
    return info;
}

Error MemoryServer::setAcl(const FolderRef &ref, const QString &identifier, const QString &rights)
{
    std::lock_guard lock(m_mutex);
    if (m_aclRights.isEmpty())
        return aclOff(ref);
    Folder *f = find(ref);
    if (!f)
        return aclNoFolder(ref);
    const QString what = QStringLiteral("SETACL %1 %2 %3").arg(ref.display(), identifier, rights);
    if (m_aclUnknown.contains(identifier))
        return Error::make(ErrorCode::Rejected, what, QStringLiteral("NO Unknown identifier"));
    const QChar mode = rights.isEmpty() ? QChar() : rights.front();
    const QString letters = mode == QLatin1Char('+') || mode == QLatin1Char('-') ? rights.mid(1) : rights;
    for (const QChar c : letters)
        if (!m_aclRights.contains(c))
            return Error::make(ErrorCode::Rejected, what, QStringLiteral("BAD Invalid rights"));
    QString now = mode == QLatin1Char('+') || mode == QLatin1Char('-') ? f->acl.value(identifier) : QString();
    for (const QChar c : letters) {
        if (mode == QLatin1Char('-'))
            now.remove(c);
        else if (!now.contains(c))
            now.append(c);
    }
    if (now.isEmpty())
        f->acl.remove(identifier);
    else
        f->acl.insert(identifier, now);
    return {};
}

} // namespace ferry
