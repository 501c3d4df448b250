#include "archivestore.h"

#include "archivefiles.h"
#include "archivemanifest.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLockFile>

namespace ferry::archive {

struct ArchiveStore::Folder {
    Part part = Part::Mail;
    QString dirName;
    FolderInfo info;
    quint64 validity = 0;
    quint64 nextIdFloor = 1;
    QString created;
    bool loaded = false;
    QMap<quint64, IndexRecord> mail;
    QMap<RemoteId, IndexRecord> pim;
    quint64 lines = 0;
    quint64 nextNo = 1;
    qint64 bytes = 0;
    QStringList notices;

    QString rel() const { return partName(part) + QLatin1Char('/') + dirName; }
    QString metaRel() const
    {
        return rel() + (part == Part::Mail ? QStringLiteral("/folder.json") : QStringLiteral("/collection.json"));
    }
    QString indexRel() const { return rel() + QStringLiteral("/index.jsonl"); }
    quint64 count() const { return quint64(part == Part::Mail ? mail.size() : pim.size()); }
};

namespace {

const QString kLockName = QStringLiteral(".ferry-archive.lock");

std::mutex g_registryMutex;
QHash<QString, std::weak_ptr<ArchiveStore>> g_registry;

QString kindName(ItemKind k)
{
    switch (k) {
    case ItemKind::Message: return QStringLiteral("mail");
    case ItemKind::Contact: return QStringLiteral("contacts");
    case ItemKind::Event: return QStringLiteral("events");
    case ItemKind::Task: return QStringLiteral("tasks");
    }
    return {};
}

ItemKind kindFromName(const QString &n)
{
    if (n == QLatin1String("contacts"))
        return ItemKind::Contact;
    if (n == QLatin1String("tasks"))
        return ItemKind::Task;
    return ItemKind::Event;
}

bool sameRef(Part part, const FolderRef &a, const FolderRef &b)
{
    return a == b || (part == Part::Mail && a.isInbox() && b.isInbox());
}

QByteArray passHashOf(const std::shared_ptr<const Secret> &p)
{
    if (!p || p->reveal().isEmpty())
        return {};
    return QCryptographicHash::hash(p->reveal(), QCryptographicHash::Sha256);
}

Error notFound(const FolderRef &ref)
{
    return Error::make(ErrorCode::NotFound, QStringLiteral("%1 is not in the archive").arg(ref.display()));
}

// Largest item number among the files of a folder directory (orphans included), so
// a new item never lands on a file a crash left behind.
quint64 largestFileNumber(const QString &dir)
{
    quint64 best = 0;
    const QStringList subdirs = QDir(dir).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &sub : subdirs) {
        for (const QString &name : QDir(dir + QLatin1Char('/') + sub).entryList(QDir::Files)) {
            bool ok = false;
            const quint64 n = name.section(QLatin1Char('.'), 0, 0).toULongLong(&ok);
            if (ok)
                best = qMax(best, n);
        }
    }
    return best;
}

} // namespace

ArchiveStore::ArchiveStore(QString root, std::shared_ptr<const ArchiveKey> key, QByteArray passHash)
    : m_root(std::move(root)), m_key(std::move(key)), m_passHash(std::move(passHash))
{
}

ArchiveStore::~ArchiveStore()
{
    flushManifest();
    if (m_lock)
        m_lock->unlock();
}

Result<std::shared_ptr<ArchiveStore>> ArchiveStore::open(const QString &rootIn,
                                                         const std::shared_ptr<const Secret> &passphrase, bool writable)
{
    const QString root = QDir::cleanPath(QFileInfo(rootIn).absoluteFilePath());
    const QByteArray passHash = passHashOf(passphrase);
    std::lock_guard registryLock(g_registryMutex);
    if (std::shared_ptr<ArchiveStore> s = g_registry.value(root).lock()) {
        if (s->encrypted() && passHash.isEmpty())
            return Error::make(ErrorCode::Auth, QStringLiteral("the archive at %1 is encrypted").arg(root), {},
                               QStringLiteral("give its passphrase"));
        if (s->encrypted() && passHash != s->m_passHash)
            return Error::make(ErrorCode::Auth, QStringLiteral("the passphrase does not open this archive (%1)").arg(root),
                               {}, QStringLiteral("check the passphrase; nothing was read or written"));
        if (!s->encrypted() && !passHash.isEmpty())
            return Error::make(ErrorCode::Usage,
                               QStringLiteral("the archive at %1 is not encrypted, but a passphrase was given").arg(root));
        if (writable)
            if (Error e = s->makeWritable(passphrase, false))
                return e;
        return s;
    }

    std::shared_ptr<const ArchiveKey> key;
    bool created = false;
    {
        std::lock_guard lock(manifestMutex());
        Result<Manifest> m = readManifest(root);
        if (!m.ok() && (m.error().code != ErrorCode::NotFound || !writable))
            return m.error();
        if (m.ok()) {
            auto k = unlockManifest(*m, root, passphrase);
            if (!k.ok())
                return k.error();
            key = *k;
        } else {
            // A new archive: only into a missing or empty directory, never over other files.
            const QStringList present = QDir(root).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
            for (const QString &n : present) {
                if (n != QLatin1String("mail") && n != QLatin1String("pim") && n != kLockName)
                    return Error::make(ErrorCode::Usage,
                                       QStringLiteral("%1 is not empty and holds no Ferry archive").arg(root), {},
                                       QStringLiteral("export into a new or empty directory"));
            }
            if (!QDir().mkpath(root))
                return Error::make(ErrorCode::Internal, QStringLiteral("cannot create %1").arg(root), {},
                                   QStringLiteral("check the path and that the disk is writable"));
            auto fresh = newManifest(passphrase, &key);
            if (!fresh.ok())
                return fresh.error();
            if (Error e = writeManifest(root, *fresh))
                return e;
            created = true;
        }
    }
    std::shared_ptr<ArchiveStore> s(new ArchiveStore(root, key, passHash));
    if (writable)
        if (Error e = s->makeWritable(passphrase, created))
            return e;
    g_registry.insert(root, s);
    return s;
}

Error ArchiveStore::makeWritable(const std::shared_ptr<const Secret> &, bool created)
{
    std::lock_guard lock(m_mutex);
    if (m_lock)
        return {};
    auto lf = std::make_unique<QLockFile>(m_root + QLatin1Char('/') + kLockName);
    lf->setStaleLockTime(0); // a long export never refreshes it; a dead owner is still detected
    if (!lf->tryLock(0)) {
        qint64 pid = 0;
        QString host, app;
        lf->getLockInfo(&pid, &host, &app);
        return Error::make(ErrorCode::Usage,
                           QStringLiteral("the archive at %1 is in use by another Ferry (process %2 on %3)")
                               .arg(m_root).arg(pid).arg(host.isEmpty() ? QStringLiteral("?") : host),
                           {},
                           QStringLiteral("wait for it to finish; if no Ferry is running, remove %1/%2").arg(m_root, kLockName));
    }
    m_lock = std::move(lf);
    m_dirty = m_dirty || created;
    return {};
}

Error ArchiveStore::scanLocked()
{
    if (m_scanned)
        return {};
    for (Part part : {Part::Mail, Part::Pim}) {
        const QString partDir = m_root + QLatin1Char('/') + partName(part);
        for (const QString &dirName : QDir(partDir).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
            auto f = std::make_shared<Folder>();
            f->part = part;
            f->dirName = dirName;
            Result<QByteArray> raw = readSmallFile(m_root, f->metaRel(), m_key.get());
            if (!raw.ok()) {
                m_notices << QStringLiteral("%1: %2; the directory is left out").arg(f->rel(), raw.error().what);
                continue;
            }
            const QJsonObject o = QJsonDocument::fromJson(*raw).object();
            for (const QJsonValue &seg : o.value(QLatin1String("path")).toArray())
                f->info.ref.path.append(seg.toString());
            if (f->info.ref.isEmpty()) {
                m_notices << QStringLiteral("%1: its description names no folder; the directory is left out").arg(f->rel());
                continue;
            }
            f->info.nativeName = dirName;
            f->created = o.value(QLatin1String("created")).toString();
            if (part == Part::Mail) {
                f->info.kind = ItemKind::Message;
                f->info.specialUse = specialUseFromName(o.value(QLatin1String("role")).toString());
                f->info.subscribed = o.value(QLatin1String("subscribed")).toBool();
                f->validity = jsonUInt(o.value(QLatin1String("uidValidity")));
                f->nextIdFloor = qMax<quint64>(1, jsonUInt(o.value(QLatin1String("nextId"))));
            } else {
                f->info.kind = kindFromName(o.value(QLatin1String("kind")).toString());
                CollectionInfo &c = f->info.collection;
                c.displayName = o.value(QLatin1String("displayName")).toString();
                c.color = o.value(QLatin1String("color")).toString();
                c.description = o.value(QLatin1String("description")).toString();
                c.order = o.value(QLatin1String("order")).toString();
                for (const QJsonValue &v : o.value(QLatin1String("components")).toArray())
                    c.components.append(v.toString());
                for (const QJsonValue &v : o.value(QLatin1String("addressData")).toArray())
                    c.addressData.append(v.toString());
                f->validity = 1;
            }
            m_folders.append(f);
        }
    }
    m_scanned = true;
    return {};
}

ArchiveStore::Folder *ArchiveStore::findLocked(Part part, const FolderRef &ref)
{
    for (const auto &f : std::as_const(m_folders))
        if (f->part == part && sameRef(part, f->info.ref, ref))
            return f.get();
    return nullptr;
}

Error ArchiveStore::loadLocked(Folder &f)
{
    if (f.loaded)
        return {};
    Result<LoadedIndex> idx = loadIndex(m_root, f.indexRel(), m_key.get());
    if (!idx.ok())
        return idx.error();
    f.notices = idx->notices;
    f.lines = idx->lines;
    f.nextNo = qMax<quint64>(f.nextIdFloor, largestFileNumber(m_root + QLatin1Char('/') + f.rel()) + 1);
    for (IndexRecord &r : idx->records) {
        if (f.part == Part::Mail) {
            if (r.op == IndexRecord::Op::Add) {
                if (f.mail.contains(r.id)) {
                    f.notices << QStringLiteral("%1: line %2 repeats message %3; the first one is kept")
                                     .arg(f.indexRel()).arg(r.line).arg(r.id);
                    continue;
                }
                f.nextNo = qMax(f.nextNo, r.id + 1);
                f.mail.insert(r.id, r);
            } else if (r.op == IndexRecord::Op::Flags) {
                auto it = f.mail.find(r.id);
                if (it != f.mail.end())
                    it->flags = r.flags;
            }
        } else if (r.op == IndexRecord::Op::Put) {
            f.nextNo = qMax(f.nextNo, r.file.section(QLatin1Char('/'), -1).section(QLatin1Char('.'), 0, 0).toULongLong() + 1);
            f.pim.insert(r.name, r);
        }
    }
    f.bytes = 0;
    for (const IndexRecord &r : std::as_const(f.mail))
        f.bytes += qMax<qint64>(0, r.size);
    for (const IndexRecord &r : std::as_const(f.pim))
        f.bytes += qMax<qint64>(0, r.size);
    f.loaded = true;
    return {};
}

FolderView ArchiveStore::viewLocked(const Folder &f) const
{
    FolderView v;
    v.dir = f.rel();
    v.info = f.info;
    v.mail = f.mail;
    v.pim = f.pim;
    FolderState &s = v.state;
    s.validity = f.validity;
    s.nextId = f.nextNo;
    s.count = f.count();
    s.size = f.bytes;
    s.changeToken = f.lines; // grows with every index line: new items and flag changes
    if (f.part == Part::Pim)
        s.syncToken = "L" + QByteArray::number(f.lines);
    s.permanentFlags = QStringList{QStringLiteral("\\Answered"), QStringLiteral("\\Flagged"), QStringLiteral("\\Deleted"),
                                   QStringLiteral("\\Seen"), QStringLiteral("\\Draft"), QStringLiteral("\\*")};
    s.permanentFlagsKnown = true;
    return v;
}

Error ArchiveStore::ensurePart(Part part)
{
    std::lock_guard lock(m_mutex);
    const QString dir = m_root + QLatin1Char('/') + partName(part);
    if (QFileInfo::exists(dir))
        return {};
    if (!QDir().mkpath(dir))
        return Error::make(ErrorCode::Internal, QStringLiteral("cannot create %1").arg(dir), {},
                           QStringLiteral("check that the archive's disk is writable"));
    m_dirty = true;
    return {};
}

QList<FolderInfo> ArchiveStore::folders(Part part)
{
    std::lock_guard lock(m_mutex);
    scanLocked();
    QList<FolderInfo> out;
    for (const auto &f : std::as_const(m_folders))
        if (f->part == part)
            out.append(f->info);
    return out;
}

Error ArchiveStore::writeMetaLocked(const Folder &f)
{
    QJsonObject o{{QStringLiteral("path"), QJsonArray::fromStringList(f.info.ref.path)},
                  {QStringLiteral("created"), f.created}};
    if (f.part == Part::Mail) {
        o.insert(QStringLiteral("role"), specialUseName(f.info.specialUse));
        o.insert(QStringLiteral("subscribed"), f.info.subscribed);
        o.insert(QStringLiteral("uidValidity"), double(f.validity));
        o.insert(QStringLiteral("nextId"), double(qMax(f.nextIdFloor, f.nextNo)));
    } else {
        const CollectionInfo &c = f.info.collection;
        o.insert(QStringLiteral("kind"), kindName(f.info.kind));
        o.insert(QStringLiteral("displayName"), c.displayName);
        o.insert(QStringLiteral("color"), c.color);
        o.insert(QStringLiteral("description"), c.description);
        o.insert(QStringLiteral("order"), c.order);
        o.insert(QStringLiteral("components"), QJsonArray::fromStringList(c.components));
        o.insert(QStringLiteral("addressData"), QJsonArray::fromStringList(c.addressData));
    }
    return replaceFile(m_root, f.metaRel(), QJsonDocument(o).toJson(QJsonDocument::Indented), m_key.get());
}

Error ArchiveStore::createFolder(Part part, const FolderInfo &info)
{
    std::lock_guard lock(m_mutex);
    scanLocked();
    if (info.ref.isEmpty())
        return Error::make(ErrorCode::Usage, QStringLiteral("a folder needs a name"));
    if (findLocked(part, info.ref))
        return {};
    const QString partDir = m_root + QLatin1Char('/') + partName(part);
    QSet<QString> taken;
    for (const QString &n : QDir(partDir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot))
        taken.insert(foldedName(n));
    auto f = std::make_shared<Folder>();
    f->part = part;
    if (m_key) {
        // Opaque names: nothing of the folder's name shows on the stick.
        int n = int(taken.size()) + 1;
        while (taken.contains(foldedName(QStringLiteral("f%1").arg(n, 4, 10, QLatin1Char('0')))))
            ++n;
        f->dirName = QStringLiteral("f%1").arg(n, 4, 10, QLatin1Char('0'));
    } else {
        f->dirName = uniqueName(readableDirName(info.ref), taken);
    }
    f->info = info;
    f->info.nativeName = f->dirName;
    f->info.selectable = true;
    f->info.kind = part == Part::Mail ? ItemKind::Message : (info.kind == ItemKind::Message ? ItemKind::Event : info.kind);
    if (part == Part::Mail) {
        f->info.subscribed = false; // SUBSCRIBE is its own call, as on a server
        f->info.collection = {};
    }
    f->validity = quint64(QDateTime::currentSecsSinceEpoch());
    f->created = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    f->loaded = true;
    if (!QDir().mkpath(m_root + QLatin1Char('/') + f->rel()))
        return Error::make(ErrorCode::Internal, QStringLiteral("cannot create %1").arg(f->rel()), {},
                           QStringLiteral("check that the archive's disk is writable"));
    if (Error e = writeMetaLocked(*f))
        return e;
    m_folders.append(f);
    m_dirty = true;
    return {};
}

Error ArchiveStore::setSubscribed(Part part, const FolderRef &ref, bool subscribed)
{
    std::lock_guard lock(m_mutex);
    scanLocked();
    Folder *f = findLocked(part, ref);
    if (!f)
        return notFound(ref);
    if (f->info.subscribed == subscribed)
        return {};
    f->info.subscribed = subscribed;
    return writeMetaLocked(*f);
}

Result<FolderView> ArchiveStore::view(Part part, const FolderRef &ref)
{
    std::lock_guard lock(m_mutex);
    scanLocked();
    Folder *f = findLocked(part, ref);
    if (!f)
        return notFound(ref);
    if (Error e = loadLocked(*f))
        return e;
    return viewLocked(*f);
}

Result<QHash<FolderRef, FolderState>> ArchiveStore::states(Part part, const QList<FolderRef> &refs)
{
    std::lock_guard lock(m_mutex);
    scanLocked();
    QHash<FolderRef, FolderState> out;
    for (const FolderRef &ref : refs) {
        Folder *f = findLocked(part, ref);
        if (!f)
            continue; // like a STATUS that says NO
        if (Error e = loadLocked(*f))
            return e;
        out.insert(ref, viewLocked(*f).state);
    }
    return out;
}

Result<IndexRecord> ArchiveStore::addMessage(const FolderRef &ref, const ItemBody &body, const QStringList &flags,
                                             const QByteArray &internalDate, const QByteArray &messageId,
                                             quint64 *validity)
{
    std::shared_ptr<Folder> f;
    IndexRecord rec;
    {
        std::lock_guard lock(m_mutex);
        scanLocked();
        for (const auto &x : std::as_const(m_folders))
            if (x->part == Part::Mail && sameRef(Part::Mail, x->info.ref, ref))
                f = x;
        if (!f)
            return notFound(ref);
        if (Error e = loadLocked(*f))
            return e;
        rec.op = IndexRecord::Op::Add;
        rec.id = f->nextNo++;
        rec.file = itemFileName(rec.id, QStringLiteral("eml"));
        if (validity)
            *validity = f->validity;
    }
    // The file first, outside the lock (it may be 50 MB); the index line makes it count.
    QByteArray sha;
    if (Error e = writeNewFile(m_root, f->rel() + QLatin1Char('/') + rec.file, body, m_key.get(), &sha))
        return e;
    rec.size = body.size();
    rec.sha256 = sha.toHex();
    rec.flags = flags;
    rec.internalDate = internalDate;
    rec.messageId = messageId;
    std::lock_guard lock(m_mutex);
    if (Error e = appendIndex(m_root, f->indexRel(), m_key.get(), rec, f->lines))
        return e;
    f->mail.insert(rec.id, rec);
    f->bytes += rec.size;
    m_dirty = true;
    return rec;
}

Error ArchiveStore::changeFlags(const FolderRef &ref, const QList<FlagChange> &changes)
{
    std::lock_guard lock(m_mutex);
    scanLocked();
    Folder *f = findLocked(Part::Mail, ref);
    if (!f)
        return notFound(ref);
    if (Error e = loadLocked(*f))
        return e;
    const auto containsCi = [](const QStringList &l, const QString &s) { return l.contains(s, Qt::CaseInsensitive); };
    for (const FlagChange &c : changes) {
        auto it = f->mail.find(c.id.toULongLong());
        if (it == f->mail.end())
            continue; // as a server: unknown ids are ignored
        QStringList now = it->flags;
        now.removeIf([&](const QString &x) { return containsCi(c.remove, x); });
        for (const QString &a : c.add)
            if (!containsCi(now, a))
                now.append(a);
        if (now == it->flags)
            continue;
        IndexRecord r;
        r.op = IndexRecord::Op::Flags;
        r.id = it->id;
        r.flags = now;
        if (Error e = appendIndex(m_root, f->indexRel(), m_key.get(), r, f->lines))
            return e;
        it->flags = now;
        m_dirty = true;
    }
    return {};
}

StoreResult ArchiveStore::putItem(const FolderRef &ref, const RemoteId &name, const QByteArray &ifMatch,
                                  const ItemBody &body, const QByteArray &contentType)
{
    StoreResult r;
    const QString what = QStringLiteral("store %1 in %2").arg(QString::fromUtf8(name), ref.display());
    // Contacts and events are small: the whole write happens under the lock, so the
    // condition checked is the condition written against.
    std::lock_guard lock(m_mutex);
    scanLocked();
    Folder *f = findLocked(Part::Pim, ref);
    if (!f) {
        r.error = notFound(ref);
        return r;
    }
    if (Error e = loadLocked(*f)) {
        r.error = e;
        return r;
    }
    if (name.isEmpty() || name.contains('/') || name == "." || name == "..") {
        r.error = Error::make(ErrorCode::Rejected, what, QStringLiteral("not a resource name"));
        return r;
    }
    const auto existing = f->pim.constFind(name);
    if (ifMatch.isEmpty() && existing != f->pim.cend()) {
        r.error = Error::make(ErrorCode::Precondition, what, QStringLiteral("412 Precondition Failed: the item exists"));
        return r;
    }
    if (!ifMatch.isEmpty() && (existing == f->pim.cend() || existing->etag != ifMatch)) {
        r.error = Error::make(ErrorCode::Precondition, what,
                              QStringLiteral("412 Precondition Failed: the item changed or is gone"));
        return r;
    }
    const QByteArray bytes = body.readAll();
    const QByteArray uid = objectUid(bytes);
    if (!uid.isEmpty()) {
        for (const IndexRecord &other : std::as_const(f->pim)) {
            if (other.name != name && other.uid == uid) {
                r.error = Error::make(ErrorCode::Precondition, what, QStringLiteral("no-uid-conflict"));
                r.uidConflict = true;
                r.existingId = other.name;
                return r;
            }
        }
    }
    IndexRecord rec;
    rec.op = IndexRecord::Op::Put;
    rec.name = name;
    const quint64 no = f->nextNo++;
    rec.file = itemFileName(no, f->info.kind == ItemKind::Contact ? QStringLiteral("vcf") : QStringLiteral("ics"));
    QByteArray sha;
    if (Error e = writeNewFile(m_root, f->rel() + QLatin1Char('/') + rec.file, ItemBody::fromBytes(bytes), m_key.get(), &sha)) {
        r.error = e;
        return r;
    }
    rec.size = bytes.size();
    rec.sha256 = sha.toHex();
    rec.uid = uid;
    rec.etag = etagFor(rec.sha256);
    rec.contentType = !contentType.isEmpty() ? contentType
        : f->info.kind == ItemKind::Contact ? QByteArray("text/vcard; charset=utf-8")
                                            : QByteArray("text/calendar; charset=utf-8");
    if (Error e = appendIndex(m_root, f->indexRel(), m_key.get(), rec, f->lines)) {
        r.error = e;
        return r;
    }
    f->bytes += rec.size - (existing != f->pim.cend() ? qMax<qint64>(0, existing->size) : 0);
    f->pim.insert(name, rec);
    m_dirty = true;
    r.newId = name;
    r.newEtag = rec.etag;
    return r;
}

QStringList ArchiveStore::notices()
{
    std::lock_guard lock(m_mutex);
    QStringList out = m_notices;
    for (const auto &f : std::as_const(m_folders))
        out += f->notices;
    return out;
}

QJsonObject ArchiveStore::summaryLocked(const Folder &f) const
{
    QJsonObject o{{QStringLiteral("dir"), f.rel()},
                  {QStringLiteral("kind"), kindName(f.info.kind)},
                  {QStringLiteral("count"), double(f.count())},
                  {QStringLiteral("bytes"), double(f.bytes)}};
    if (!m_key) // an encrypted archive keeps its folder names inside the sealed files
        o.insert(QStringLiteral("name"), f.part == Part::Pim && !f.info.collection.displayName.isEmpty()
                                             ? f.info.collection.displayName
                                             : f.info.ref.display());
    return o;
}

Error ArchiveStore::flushManifest()
{
    std::lock_guard lock(m_mutex);
    if (!m_dirty || !m_lock)
        return {};
    scanLocked();
    std::lock_guard mlock(manifestMutex());
    Result<Manifest> m = readManifest(m_root);
    if (!m.ok())
        return m.error();
    // Folders this process never loaded keep the numbers the last writer left.
    QHash<QString, QJsonObject> before;
    for (const QJsonValue &v : m->json.value(QLatin1String("folders")).toArray())
        before.insert(v.toObject().value(QLatin1String("dir")).toString(), v.toObject());
    QJsonArray folders;
    QSet<QString> parts;
    for (const auto &f : std::as_const(m_folders)) {
        parts.insert(partName(f->part));
        if (f->loaded)
            folders.append(summaryLocked(*f));
        else
            folders.append(before.value(f->rel(), summaryLocked(*f)));
    }
    QJsonArray partList;
    for (Part p : {Part::Mail, Part::Pim})
        if (parts.contains(partName(p)) || QFileInfo::exists(m_root + QLatin1Char('/') + partName(p)))
            partList.append(partName(p));
    m->json.insert(QStringLiteral("parts"), partList);
    m->json.insert(QStringLiteral("folders"), folders);
    if (Error e = writeManifest(m_root, m->json))
        return e;
    m_dirty = false;
    return {};
}

} // namespace ferry::archive
