#include "statestore.h"

#include "statestoreschema.h"
#include "threadconnections.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <atomic>
#include <mutex>

namespace ferry {

static_assert(StateStore::kSchemaVersion == stateschema::kLatestVersion);

namespace {

constexpr QFileDevice::Permissions kFileMode = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions kDirMode = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;

// How long a connection waits for another writer (another process on the same
// file; threads of this process are serialised by the write mutex first).
constexpr int kBusyTimeoutMs = 10000;

Error sqlFailed(const QString &what, const QSqlError &e)
{
    const bool busy = e.nativeErrorCode() == QLatin1String("5") || e.nativeErrorCode() == QLatin1String("6");
    return Error::make(ErrorCode::Internal, what, e.text(), busy ? stateschema::busyHint() : stateschema::damagedHint());
}

// SQLite INTEGER is signed 64-bit, and Qt's SQLite driver binds quint64 as text,
// which would break comparisons: always bind as qint64. UIDVALIDITY/UIDs are 32-bit
// and mod-sequences are < 2^63 (RFC 7162 §7), so nothing is lost.
QVariant u64(quint64 v) { return QVariant(qint64(v)); }
quint64 toU64(const QVariant &v) { return quint64(v.toLongLong()); }

// Qt binds a null QString as SQL NULL, which NOT NULL columns refuse (and which
// never equals anything in a WHERE): bind every text as a non-null string.
QVariant text(const QString &s) { return s.isNull() ? QVariant(QString(QLatin1String(""))) : QVariant(s); }

// Byte strings as Latin-1 text: one character per byte, exact round trip.
QVariant bytes(const QByteArray &b) { return text(QString::fromLatin1(b)); }
QByteArray toBytes(const QVariant &v) { return v.toString().toLatin1(); }

QVariant dateTime(const QDateTime &t)
{
    return t.isValid() ? QVariant(t.toUTC().toString(Qt::ISODateWithMs)) : QVariant(QString());
}
QDateTime toDateTime(const QVariant &v)
{
    const QString s = v.toString();
    return s.isEmpty() ? QDateTime() : QDateTime::fromString(s, Qt::ISODateWithMs);
}

// Never a null QString: an empty flag list is "", and NULL would break NOT NULL.
QString joinFlags(const QStringList &flags) { return flags.isEmpty() ? QStringLiteral("") : flags.join(QLatin1Char(' ')); }
QStringList splitFlags(const QString &s) { return s.split(QLatin1Char(' '), Qt::SkipEmptyParts); }

Error checkFlags(const QStringList &flags)
{
    for (const QString &f : flags) {
        for (QChar c : f) {
            if (c.isSpace())
                return Error::make(ErrorCode::Internal, QStringLiteral("flag \"%1\" contains white space").arg(f), {},
                                   QStringLiteral("this is a bug in Ferry: flags are IMAP atoms"));
        }
    }
    return {};
}

const QString kItemColumns = QStringLiteral(
    "source_folder, source_validity, source_id, target_folder, target_validity, target_id, "
    "message_id, size, internal_date, flags, outcome, error, pass_id, "
    "source_etag, target_etag, uid, fingerprint");

MappedItem readItem(const QSqlQuery &q)
{
    MappedItem m;
    m.sourceFolder = q.value(0).toString();
    m.sourceValidity = toU64(q.value(1));
    m.sourceId = toBytes(q.value(2));
    m.targetFolder = q.value(3).toString();
    m.targetValidity = toU64(q.value(4));
    m.targetId = toBytes(q.value(5));
    m.messageId = toBytes(q.value(6));
    m.size = q.value(7).toLongLong();
    m.internalDate = toBytes(q.value(8));
    m.flags = splitFlags(q.value(9).toString());
    m.outcome = ItemOutcome(q.value(10).toInt());
    m.error = q.value(11).toString();
    m.passId = toU64(q.value(12));
    m.sourceEtag = toBytes(q.value(13));
    m.targetEtag = toBytes(q.value(14));
    m.uid = toBytes(q.value(15));
    m.fingerprint = toBytes(q.value(16));
    return m;
}

const QString kFolderColumns = QStringLiteral(
    "source_folder, source_validity, source_next_id, source_change_token, source_count, "
    "target_folder, target_validity, target_next_before_pending, complete, "
    "source_sync_token, target_sync_token, date_window, outside_window");

FolderRecord readFolder(const QSqlQuery &q)
{
    FolderRecord f;
    f.sourceFolder = q.value(0).toString();
    f.sourceValidity = toU64(q.value(1));
    f.sourceNextId = toU64(q.value(2));
    f.sourceChangeToken = toU64(q.value(3));
    f.sourceCount = toU64(q.value(4));
    f.targetFolder = q.value(5).toString();
    f.targetValidity = toU64(q.value(6));
    f.targetNextBeforePending = toU64(q.value(7));
    f.complete = q.value(8).toBool();
    f.sourceSyncToken = toBytes(q.value(9));
    f.targetSyncToken = toBytes(q.value(10));
    f.dateWindow = q.value(11).toString();
    f.outsideWindow = toU64(q.value(12));
    return f;
}

// Creates the missing directories of `dir` with 0700; existing ones are left as
// the user made them.
Error makeParentDirs(const QString &dir)
{
    QStringList missing;
    QString p = QDir::cleanPath(dir);
    while (!QFileInfo::exists(p)) {
        missing.prepend(p);
        const QString parent = QFileInfo(p).absolutePath();
        if (parent == p)
            break;
        p = parent;
    }
    for (const QString &m : std::as_const(missing)) {
        // mkdir's mode is filtered by the umask; set it explicitly afterwards.
        if ((!QDir().mkdir(m, kDirMode) && !QFileInfo(m).isDir()) || !QFile::setPermissions(m, kDirMode))
            return Error::make(ErrorCode::Internal, QStringLiteral("cannot create the directory %1").arg(m), {},
                               QStringLiteral("check the permissions of its parent directory"));
    }
    return {};
}

// Creates the file 0600 before SQLite sees it: SQLite gives its -wal and -shm
// files the main file's mode, so they start private too (and are chmod-ed after
// open as a second line of defence). An existing file is tightened to 0600: it
// lists the user's mail.
Error makePrivateFile(const QString &path)
{
    if (!QFileInfo::exists(path)) {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::NewOnly, kFileMode) && !QFileInfo::exists(path))
            return Error::make(ErrorCode::Internal, QStringLiteral("cannot create the state file %1").arg(path),
                               f.errorString(), QStringLiteral("check that the directory is writable"));
    }
    if (!QFile::setPermissions(path, kFileMode))
        return Error::make(ErrorCode::Internal, QStringLiteral("cannot make the state file %1 private").arg(path), {},
                           QStringLiteral("check that you own the file"));
    return {};
}

void tightenSideFiles(const QString &path)
{
    for (const char *suffix : {"-wal", "-shm", "-journal"}) {
        const QString side = path + QLatin1String(suffix);
        if (QFileInfo::exists(side))
            QFile::setPermissions(side, kFileMode);
    }
}

// Per-connection settings (PRAGMAs other than journal_mode are per connection).
Error setUpConnection(QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA busy_timeout = %1").arg(kBusyTimeoutMs)))
        return sqlFailed(QStringLiteral("cannot configure the state file"), q.lastError());
    // WAL: readers on other threads never block the writer. The mode is stored in
    // the file; setting it again on an already-WAL file is a no-op.
    if (!q.exec(QStringLiteral("PRAGMA journal_mode = WAL")))
        return sqlFailed(QStringLiteral("cannot read the state file"), q.lastError());
    if (!q.next() || q.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
        return Error::make(ErrorCode::Internal, QStringLiteral("cannot switch the state file to WAL mode"),
                           q.value(0).toString(), QStringLiteral("keep the state file on a local file system"));
    q.finish();
    // NORMAL in WAL mode: a commit survives the process being killed (the WAL is
    // in the OS's page cache); only an OS crash or power loss may lose the last
    // commits, never corrupt the file. FULL would fsync on every commit.
    if (!q.exec(QStringLiteral("PRAGMA synchronous = NORMAL")))
        return sqlFailed(QStringLiteral("cannot configure the state file"), q.lastError());
    return {};
}

} // namespace

struct StateStore::Private {
    QString path;
    int schemaVersion = 0;
    std::unique_ptr<ThreadConnections> connections;

    // Serialises write transactions (SQLite has one writer anyway; the mutex
    // makes commit numbering follow commit order). Recursive so that the commit
    // hook, which runs under it, may itself write to the store.
    std::recursive_mutex writeMutex;
    std::atomic<quint64> commits{0};
    std::mutex hookMutex;
    std::function<void(quint64)> hook;

    Result<QSqlDatabase> db() const { return connections->forCurrentThread(); }

    // Runs `body` in one IMMEDIATE transaction; on success bumps the commit
    // count and calls the hook.
    template<class Body>
    Error write(const QString &what, Body &&body)
    {
        std::lock_guard lock(writeMutex);
        Error error;
        {
            Result<QSqlDatabase> conn = db();
            if (!conn.ok())
                return conn.error();
            QSqlDatabase &database = conn.value();
            QSqlQuery q(database);
            // IMMEDIATE takes the write lock now, so a second process makes us wait
            // (busy_timeout) here instead of failing with SQLITE_BUSY at COMMIT.
            if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")))
                return sqlFailed(what, q.lastError());
            error = body(database);
            if (!error && !q.exec(QStringLiteral("COMMIT")))
                error = sqlFailed(what, q.lastError());
            if (error) {
                q.exec(QStringLiteral("ROLLBACK"));
                return error;
            }
        }
        const quint64 n = ++commits;
        std::function<void(quint64)> h;
        {
            std::lock_guard hl(hookMutex);
            h = hook;
        }
        if (h)
            h(n);
        return {};
    }

    // Runs a read; SQL errors are logged and give an empty result (the read API
    // returns plain values).
    template<class Body>
    void read(const char *what, Body &&body) const
    {
        Result<QSqlDatabase> conn = db();
        if (!conn.ok()) {
            qWarning("StateStore: %s: %s", what, qPrintable(conn.error().toString()));
            return;
        }
        QSqlQuery q(conn.value());
        q.setForwardOnly(true);
        if (!body(q))
            qWarning("StateStore: %s failed: %s", what, qPrintable(q.lastError().text()));
    }
};

StateStore::StateStore() : d(std::make_unique<Private>()) {}

StateStore::~StateStore() = default;

Result<std::shared_ptr<StateStore>> StateStore::open(const QString &path)
{
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
        return Error::make(ErrorCode::Internal, QStringLiteral("the Qt SQLite driver (QSQLITE) is not available"), {},
                           QStringLiteral("install the Qt 6 SQLite plugin (Debian: libqt6sql6-sqlite)"));

    const QString absolute = QFileInfo(path).absoluteFilePath();
    if (Error e = makeParentDirs(QFileInfo(absolute).absolutePath()))
        return e;
    if (Error e = makePrivateFile(absolute))
        return e;

    std::shared_ptr<StateStore> store(new StateStore);
    store->d->path = absolute;
    store->d->connections = std::make_unique<ThreadConnections>(absolute, setUpConnection);

    Result<QSqlDatabase> conn = store->d->db();
    if (!conn.ok())
        return conn.error();
    Result<int> version = stateschema::migrate(conn.value());
    if (!version.ok())
        return version.error();
    store->d->schemaVersion = *version;
    tightenSideFiles(absolute);
    return store;
}

QString StateStore::path() const { return d->path; }
int StateStore::schemaVersion() const { return d->schemaVersion; }

Error StateStore::setMeta(const QString &key, const QString &value)
{
    return d->write(QStringLiteral("cannot save %1 in the state file").arg(key), [&](QSqlDatabase &db) -> Error {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)"));
        q.bindValue(0, text(key));
        q.bindValue(1, text(value));
        return q.exec() ? Error() : sqlFailed(QStringLiteral("cannot save %1").arg(key), q.lastError());
    });
}

QString StateStore::meta(const QString &key) const
{
    QString value;
    d->read("meta", [&](QSqlQuery &q) {
        if (!q.prepare(QStringLiteral("SELECT value FROM meta WHERE key = ?")))
            return false;
        q.bindValue(0, text(key));
        if (!q.exec())
            return false;
        if (q.next())
            value = q.value(0).toString();
        return true;
    });
    return value;
}

Result<quint64> StateStore::beginPass(const QString &kind)
{
    quint64 id = 0;
    Error e = d->write(QStringLiteral("cannot record the start of a pass"), [&](QSqlDatabase &db) -> Error {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("INSERT INTO passes(kind, started, outcome) VALUES(?, ?, '')"));
        q.bindValue(0, text(kind));
        q.bindValue(1, dateTime(QDateTime::currentDateTimeUtc()));
        if (!q.exec())
            return sqlFailed(QStringLiteral("cannot record the start of a pass"), q.lastError());
        id = q.lastInsertId().toULongLong();
        return {};
    });
    if (e)
        return e;
    return id;
}

Error StateStore::finishPass(const PassRecord &pass)
{
    const QString what = QStringLiteral("cannot record the end of pass %1").arg(pass.id);
    return d->write(what, [&](QSqlDatabase &db) -> Error {
        QSqlQuery q(db);
        q.prepare(QStringLiteral(
            "UPDATE passes SET finished = ?, items_copied = ?, items_matched = ?, items_failed = ?, "
            "flags_updated = ?, bytes_copied = ?, outcome = ?, per_type = ? WHERE id = ?"));
        q.bindValue(0, dateTime(pass.finished.isValid() ? pass.finished : QDateTime::currentDateTimeUtc()));
        q.bindValue(1, u64(pass.itemsCopied));
        q.bindValue(2, u64(pass.itemsMatched));
        q.bindValue(3, u64(pass.itemsFailed));
        q.bindValue(4, u64(pass.flagsUpdated));
        q.bindValue(5, u64(pass.bytesCopied));
        q.bindValue(6, text(pass.outcome));
        q.bindValue(7, QString::fromUtf8(QJsonDocument(pass.perType).toJson(QJsonDocument::Compact)));
        q.bindValue(8, u64(pass.id));
        if (!q.exec())
            return sqlFailed(what, q.lastError());
        if (q.numRowsAffected() != 1)
            return Error::make(ErrorCode::Internal, what, QStringLiteral("no such pass"),
                               QStringLiteral("this is a bug in Ferry: finishPass() without beginPass()"));
        return {};
    });
}

QList<PassRecord> StateStore::passes() const
{
    QList<PassRecord> out;
    d->read("passes", [&](QSqlQuery &q) {
        if (!q.exec(QStringLiteral(
                "SELECT id, kind, started, finished, items_copied, items_matched, items_failed, "
                "flags_updated, bytes_copied, outcome, per_type FROM passes ORDER BY id")))
            return false;
        while (q.next()) {
            PassRecord p;
            p.id = toU64(q.value(0));
            p.kind = q.value(1).toString();
            p.started = toDateTime(q.value(2));
            p.finished = toDateTime(q.value(3));
            p.itemsCopied = toU64(q.value(4));
            p.itemsMatched = toU64(q.value(5));
            p.itemsFailed = toU64(q.value(6));
            p.flagsUpdated = toU64(q.value(7));
            p.bytesCopied = toU64(q.value(8));
            p.outcome = q.value(9).toString();
            p.perType = QJsonDocument::fromJson(q.value(10).toString().toUtf8()).object();
            out.append(std::move(p));
        }
        return true;
    });
    return out;
}

std::optional<FolderRecord> StateStore::folder(const QString &sourceFolder) const
{
    std::optional<FolderRecord> out;
    d->read("folder", [&](QSqlQuery &q) {
        if (!q.prepare(QStringLiteral("SELECT %1 FROM folders WHERE source_folder = ?").arg(kFolderColumns)))
            return false;
        q.bindValue(0, text(sourceFolder));
        if (!q.exec())
            return false;
        if (q.next())
            out = readFolder(q);
        return true;
    });
    return out;
}

QList<FolderRecord> StateStore::folders() const
{
    QList<FolderRecord> out;
    d->read("folders", [&](QSqlQuery &q) {
        if (!q.exec(QStringLiteral("SELECT %1 FROM folders ORDER BY source_folder").arg(kFolderColumns)))
            return false;
        while (q.next())
            out.append(readFolder(q));
        return true;
    });
    return out;
}

Error StateStore::saveFolder(const FolderRecord &r)
{
    const QString what = QStringLiteral("cannot save the state of folder %1").arg(r.sourceFolder);
    return d->write(what, [&](QSqlDatabase &db) -> Error {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("INSERT OR REPLACE INTO folders(%1) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").arg(kFolderColumns));
        q.bindValue(0, text(r.sourceFolder));
        q.bindValue(1, u64(r.sourceValidity));
        q.bindValue(2, u64(r.sourceNextId));
        q.bindValue(3, u64(r.sourceChangeToken));
        q.bindValue(4, u64(r.sourceCount));
        q.bindValue(5, text(r.targetFolder));
        q.bindValue(6, u64(r.targetValidity));
        q.bindValue(7, u64(r.targetNextBeforePending));
        q.bindValue(8, r.complete ? 1 : 0);
        q.bindValue(9, bytes(r.sourceSyncToken));
        q.bindValue(10, bytes(r.targetSyncToken));
        q.bindValue(11, text(r.dateWindow));
        q.bindValue(12, u64(r.outsideWindow));
        return q.exec() ? Error() : sqlFailed(what, q.lastError());
    });
}

QHash<RemoteId, MappedItem> StateStore::items(const QString &sourceFolder, quint64 sourceValidity) const
{
    QHash<RemoteId, MappedItem> out;
    d->read("items", [&](QSqlQuery &q) {
        if (!q.prepare(QStringLiteral("SELECT %1 FROM items WHERE source_folder = ? AND source_validity = ?")
                           .arg(kItemColumns)))
            return false;
        q.bindValue(0, text(sourceFolder));
        q.bindValue(1, u64(sourceValidity));
        if (!q.exec())
            return false;
        while (q.next()) {
            MappedItem m = readItem(q);
            const RemoteId id = m.sourceId;
            out.insert(id, std::move(m));
        }
        return true;
    });
    return out;
}

QList<MappedItem> StateStore::pendingItems(const QString &sourceFolder) const
{
    QList<MappedItem> out;
    d->read("pendingItems", [&](QSqlQuery &q) {
        if (!q.prepare(QStringLiteral("SELECT %1 FROM items WHERE outcome = ? AND source_folder = ? "
                                      "ORDER BY source_validity, source_id")
                           .arg(kItemColumns)))
            return false;
        q.bindValue(0, int(ItemOutcome::Pending));
        q.bindValue(1, text(sourceFolder));
        if (!q.exec())
            return false;
        while (q.next())
            out.append(readItem(q));
        return true;
    });
    return out;
}

quint64 StateStore::countItems(ItemOutcome outcome) const
{
    quint64 n = 0;
    d->read("countItems", [&](QSqlQuery &q) {
        if (!q.prepare(QStringLiteral("SELECT COUNT(*) FROM items WHERE outcome = ?")))
            return false;
        q.bindValue(0, int(outcome));
        if (!q.exec())
            return false;
        if (q.next())
            n = toU64(q.value(0));
        return true;
    });
    return n;
}

namespace {
// One prepared statement, executed per row: SQLite compiles the SQL once, and the
// single transaction means one WAL append for the whole batch. Named
// placeholders because Qt 6.4 formats a ":%1" string for every positional
// bindValue(), which cost more than the SQLite insert itself.
Error writeItems(QSqlDatabase &db, const QList<MappedItem> &items, const QString &what)
{
    static const QString sf = QStringLiteral(":sf"), sv = QStringLiteral(":sv"), si = QStringLiteral(":si"),
                         tf = QStringLiteral(":tf"), tv = QStringLiteral(":tv"), ti = QStringLiteral(":ti"),
                         mi = QStringLiteral(":mi"), sz = QStringLiteral(":sz"), id = QStringLiteral(":id"),
                         fl = QStringLiteral(":fl"), oc = QStringLiteral(":oc"), er = QStringLiteral(":er"),
                         pa = QStringLiteral(":pa"), se = QStringLiteral(":se"), te = QStringLiteral(":te"),
                         ud = QStringLiteral(":ud"), fp = QStringLiteral(":fp");
    QSqlQuery q(db);
    if (!q.prepare(QStringLiteral("INSERT OR REPLACE INTO items(%1) VALUES(:sf, :sv, :si, :tf, :tv, :ti, :mi, :sz, "
                                  ":id, :fl, :oc, :er, :pa, :se, :te, :ud, :fp)")
                       .arg(kItemColumns)))
        return sqlFailed(what, q.lastError());
    for (const MappedItem &m : items) {
        if (Error e = checkFlags(m.flags))
            return e;
        q.bindValue(sf, text(m.sourceFolder));
        q.bindValue(sv, u64(m.sourceValidity));
        q.bindValue(si, bytes(m.sourceId));
        q.bindValue(tf, text(m.targetFolder));
        q.bindValue(tv, u64(m.targetValidity));
        q.bindValue(ti, bytes(m.targetId));
        q.bindValue(mi, bytes(m.messageId));
        q.bindValue(sz, qint64(m.size));
        q.bindValue(id, bytes(m.internalDate));
        q.bindValue(fl, text(joinFlags(m.flags)));
        q.bindValue(oc, int(m.outcome));
        q.bindValue(er, text(m.error));
        q.bindValue(pa, u64(m.passId));
        q.bindValue(se, bytes(m.sourceEtag));
        q.bindValue(te, bytes(m.targetEtag));
        q.bindValue(ud, bytes(m.uid));
        q.bindValue(fp, bytes(m.fingerprint));
        if (!q.exec())
            return sqlFailed(what, q.lastError());
    }
    return {};
}
} // namespace

Error StateStore::writePending(const QList<MappedItem> &items)
{
    const QString what = QStringLiteral("cannot record %1 pending item(s)").arg(items.size());
    return d->write(what, [&](QSqlDatabase &db) { return writeItems(db, items, what); });
}

Error StateStore::confirm(const QList<MappedItem> &items)
{
    const QString what = QStringLiteral("cannot record %1 copied item(s)").arg(items.size());
    return d->write(what, [&](QSqlDatabase &db) { return writeItems(db, items, what); });
}

Error StateStore::updateFlags(const QString &sourceFolder, quint64 sourceValidity,
                              const QList<QPair<RemoteId, QStringList>> &flags)
{
    const QString what = QStringLiteral("cannot record flags of %1 item(s) in %2").arg(flags.size()).arg(sourceFolder);
    return d->write(what, [&](QSqlDatabase &db) -> Error {
        QSqlQuery q(db);
        // Named placeholders: see writeItems().
        static const QString fl = QStringLiteral(":fl"), sf = QStringLiteral(":sf"), sv = QStringLiteral(":sv"),
                             si = QStringLiteral(":si");
        if (!q.prepare(QStringLiteral(
                "UPDATE items SET flags = :fl WHERE source_folder = :sf AND source_validity = :sv AND source_id = :si")))
            return sqlFailed(what, q.lastError());
        for (const auto &[id, list] : flags) {
            if (Error e = checkFlags(list))
                return e;
            q.bindValue(fl, text(joinFlags(list)));
            q.bindValue(sf, text(sourceFolder));
            q.bindValue(sv, u64(sourceValidity));
            q.bindValue(si, bytes(id));
            if (!q.exec())
                return sqlFailed(what, q.lastError());
        }
        return {};
    });
}

Error StateStore::dropFolderItems(const QString &sourceFolder, quint64 oldValidity)
{
    const QString what = QStringLiteral("cannot forget the items of %1").arg(sourceFolder);
    return d->write(what, [&](QSqlDatabase &db) -> Error {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("DELETE FROM items WHERE source_folder = ? AND source_validity = ?"));
        q.bindValue(0, text(sourceFolder));
        q.bindValue(1, u64(oldValidity));
        return q.exec() ? Error() : sqlFailed(what, q.lastError());
    });
}

void StateStore::setCommitHook(std::function<void(quint64 commitNumber)> hook)
{
    std::lock_guard lock(d->hookMutex);
    d->hook = std::move(hook);
}

quint64 StateStore::commitCount() const { return d->commits.load(); }

int StateStore::openConnectionCount() const { return d->connections->openCount(); }

} // namespace ferry
