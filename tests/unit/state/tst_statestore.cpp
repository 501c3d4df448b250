// StateStore: schema and migrations, file permissions, the pending -> confirm
// journal, per-thread connections, commit numbering, durability against kill -9
// and bulk speed.
#include <state/statestore.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <time.h>

#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

using namespace ferry;

namespace {

// A second, independent look at the file (not through StateStore).
QVariant rawQuery(const QString &path, const QString &sql)
{
    const QString name = QStringLiteral("tst-raw");
    QVariant out;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(sql) && q.next())
                out = q.value(0);
        }
    }
    QSqlDatabase::removeDatabase(name);
    return out;
}

MappedItem item(const QString &folder, quint64 validity, const QByteArray &id, ItemOutcome outcome = ItemOutcome::Pending)
{
    MappedItem m;
    m.sourceFolder = folder;
    m.sourceValidity = validity;
    m.sourceId = id;
    m.targetFolder = QStringLiteral("T/") + folder;
    m.targetValidity = 77;
    m.messageId = "<" + id + "@example.com>";
    m.size = 1000 + id.size();
    m.internalDate = "17-Jul-1996 02:44:25 -0700";
    m.flags = QStringList{QStringLiteral("\\Seen"), QStringLiteral("$Label1")};
    m.outcome = outcome;
    m.passId = 1;
    return m;
}

void compareItems(const MappedItem &a, const MappedItem &b)
{
    QCOMPARE(a.sourceFolder, b.sourceFolder);
    QCOMPARE(a.sourceValidity, b.sourceValidity);
    QCOMPARE(a.sourceId, b.sourceId);
    QCOMPARE(a.targetFolder, b.targetFolder);
    QCOMPARE(a.targetValidity, b.targetValidity);
    QCOMPARE(a.targetId, b.targetId);
    QCOMPARE(a.messageId, b.messageId);
    QCOMPARE(a.size, b.size);
    QCOMPARE(a.internalDate, b.internalDate);
    QCOMPARE(a.flags, b.flags);
    QCOMPARE(int(a.outcome), int(b.outcome));
    QCOMPARE(a.error, b.error);
    QCOMPARE(a.passId, b.passId);
}

int mode(const QString &path)
{
    struct stat st{};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 0777);
}

qint64 threadCpuUs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

int stateConnectionCount()
{
    int n = 0;
    for (const QString &c : QSqlDatabase::connectionNames())
        n += c.startsWith(QLatin1String("ferry-state:")) ? 1 : 0;
    return n;
}

// Child mode for killDuringWrites: commit forever, announcing each commit.
int runWriter(const QString &path)
{
    auto store = StateStore::open(path);
    if (!store.ok())
        return 2;
    for (int batch = 0;; ++batch) {
        QList<MappedItem> rows;
        for (int i = 0; i < 10; ++i)
            rows.append(item(QStringLiteral("INBOX"), 1, QByteArray::number(batch * 10 + i)));
        if ((*store)->writePending(rows))
            return 3;
        std::printf("committed %d\n", batch);
        std::fflush(stdout);
    }
}

} // namespace

class TestStateStore : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init() { QVERIFY(m_dir.isValid()); }

    void createsSchemaAndReopens()
    {
        const QString path = m_dir.filePath(QStringLiteral("reopen/state.db"));
        {
            auto store = StateStore::open(path);
            QVERIFY2(store.ok(), qPrintable(store.error().toString()));
            QCOMPARE((*store)->schemaVersion(), StateStore::kSchemaVersion);
            QCOMPARE((*store)->path(), QFileInfo(path).absoluteFilePath());
            QVERIFY(!(*store)->setMeta(QStringLiteral("source"), QStringLiteral("imaps://a@x")));
        }
        QCOMPARE(rawQuery(path, QStringLiteral("PRAGMA user_version")).toInt(), StateStore::kSchemaVersion);
        QCOMPARE(rawQuery(path, QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
        QCOMPARE(rawQuery(path, QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                                               "('meta', 'passes', 'folders', 'items')")).toInt(), 4);
        QCOMPARE(rawQuery(path, QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND "
                                               "name = 'items_pending'")).toInt(), 1);
        const QString schemaBefore = rawQuery(path, QStringLiteral("SELECT group_concat(sql, ';') FROM sqlite_master")).toString();

        // Re-opening a current file runs no migration (v0->v1 is plain CREATE
        // TABLE: running it again would fail) and keeps the data.
        auto again = StateStore::open(path);
        QVERIFY2(again.ok(), qPrintable(again.error().toString()));
        QCOMPARE((*again)->schemaVersion(), StateStore::kSchemaVersion);
        QCOMPARE((*again)->meta(QStringLiteral("source")), QStringLiteral("imaps://a@x"));
        QCOMPARE((*again)->commitCount(), quint64(0));
        QCOMPARE(rawQuery(path, QStringLiteral("SELECT group_concat(sql, ';') FROM sqlite_master")).toString(), schemaBefore);
    }

    // A file written by the first release (schema v1, mail only) is migrated in
    // place: its rows stay, the DAV columns start empty.
    void migratesVersion1File()
    {
        const QString path = m_dir.filePath(QStringLiteral("v1.db"));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tst-v1"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            for (const char *sql : {
                     "CREATE TABLE meta(key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)",
                     "CREATE TABLE passes(id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, started TEXT NOT NULL,"
                     " finished TEXT, items_copied INTEGER NOT NULL DEFAULT 0, items_matched INTEGER NOT NULL DEFAULT 0,"
                     " items_failed INTEGER NOT NULL DEFAULT 0, flags_updated INTEGER NOT NULL DEFAULT 0,"
                     " bytes_copied INTEGER NOT NULL DEFAULT 0, outcome TEXT NOT NULL DEFAULT '')",
                     "CREATE TABLE folders(source_folder TEXT PRIMARY KEY NOT NULL, source_validity INTEGER NOT NULL DEFAULT 0,"
                     " source_next_id INTEGER NOT NULL DEFAULT 0, source_change_token INTEGER NOT NULL DEFAULT 0,"
                     " source_count INTEGER NOT NULL DEFAULT 0, target_folder TEXT NOT NULL DEFAULT '',"
                     " target_validity INTEGER NOT NULL DEFAULT 0, target_next_before_pending INTEGER NOT NULL DEFAULT 0,"
                     " complete INTEGER NOT NULL DEFAULT 0)",
                     "CREATE TABLE items(source_folder TEXT NOT NULL, source_validity INTEGER NOT NULL, source_id TEXT NOT NULL,"
                     " target_folder TEXT NOT NULL DEFAULT '', target_validity INTEGER NOT NULL DEFAULT 0,"
                     " target_id TEXT NOT NULL DEFAULT '', message_id TEXT NOT NULL DEFAULT '', size INTEGER NOT NULL DEFAULT -1,"
                     " internal_date TEXT NOT NULL DEFAULT '', flags TEXT NOT NULL DEFAULT '', outcome INTEGER NOT NULL,"
                     " error TEXT NOT NULL DEFAULT '', pass_id INTEGER NOT NULL DEFAULT 0,"
                     " PRIMARY KEY(source_folder, source_validity, source_id)) WITHOUT ROWID",
                     "CREATE INDEX items_pending ON items(source_folder) WHERE outcome = 0",
                     "INSERT INTO folders(source_folder, source_validity, complete) VALUES('INBOX', 7, 1)",
                     "INSERT INTO items(source_folder, source_validity, source_id, target_id, message_id, outcome)"
                     " VALUES('INBOX', 7, '42', '9', '<a@b>', 1)",
                     "PRAGMA user_version = 1"})
                QVERIFY2(q.exec(QString::fromLatin1(sql)), qPrintable(q.lastError().text()));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("tst-v1"));

        auto store = StateStore::open(path);
        QVERIFY2(store.ok(), qPrintable(store.error().toString()));
        QCOMPARE((*store)->schemaVersion(), StateStore::kSchemaVersion);
        const auto items = (*store)->items(QStringLiteral("INBOX"), 7);
        QCOMPARE(items.size(), 1);
        QCOMPARE(items.value("42").targetId, QByteArray("9"));
        QCOMPARE(items.value("42").messageId, QByteArray("<a@b>"));
        QVERIFY(items.value("42").sourceEtag.isEmpty());
        QVERIFY((*store)->folder(QStringLiteral("INBOX"))->complete);
        QVERIFY((*store)->folder(QStringLiteral("INBOX"))->sourceSyncToken.isEmpty());
        // v3: a folder of an older journal was copied without a date window.
        QVERIFY((*store)->folder(QStringLiteral("INBOX"))->dateWindow.isEmpty());
        QCOMPARE((*store)->folder(QStringLiteral("INBOX"))->outsideWindow, 0u);
    }

    // The mail date window a folder's high-water mark belongs to.
    void dateWindowRoundTrip()
    {
        auto store = open(QStringLiteral("window.db"));
        FolderRecord r;
        r.sourceFolder = QStringLiteral("INBOX");
        r.dateWindow = QStringLiteral("2024-01-01..");
        r.outsideWindow = 1234;
        QVERIFY(!store->saveFolder(r));
        QCOMPARE(store->folder(r.sourceFolder)->dateWindow, r.dateWindow);
        QCOMPARE(store->folder(r.sourceFolder)->outsideWindow, 1234u);
    }

    // DAV rows: etags on both sides, UID, fingerprint, collection sync tokens.
    void davColumnsRoundTrip()
    {
        auto store = open(QStringLiteral("dav.db"));
        MappedItem m;
        m.sourceFolder = QStringLiteral("dav:/calendars/alice/work/");
        m.sourceId = "a%20b.ics";
        m.targetFolder = QStringLiteral("dav:/dav/calendars/alice/work/");
        m.targetId = "a%20b.ics";
        m.sourceEtag = "\"1-abc\"";
        m.targetEtag = "W/\"xyz\"";
        m.uid = "uid/with@odd chars-\xc3\xa9";
        m.fingerprint = QByteArray(64, 'f');
        m.outcome = ItemOutcome::Copied;
        QVERIFY(!store->confirm({m}));
        const MappedItem got = store->items(m.sourceFolder, 0).value(m.sourceId);
        QCOMPARE(got.sourceEtag, m.sourceEtag);
        QCOMPARE(got.targetEtag, m.targetEtag);
        QCOMPARE(got.uid, m.uid);
        QCOMPARE(got.fingerprint, m.fingerprint);

        FolderRecord r;
        r.sourceFolder = m.sourceFolder;
        r.targetFolder = m.targetFolder;
        r.sourceSyncToken = "http://radicale.org/ns/sync/abc";
        r.targetSyncToken = "\"ctag-1\"";
        QVERIFY(!store->saveFolder(r));
        QCOMPARE(store->folder(r.sourceFolder)->sourceSyncToken, r.sourceSyncToken);
        QCOMPARE(store->folder(r.sourceFolder)->targetSyncToken, r.targetSyncToken);
    }

    void refusesNewerSchema()
    {
        const QString path = m_dir.filePath(QStringLiteral("newer.db"));
        QVERIFY(StateStore::open(path).ok());
        rawQuery(path, QStringLiteral("PRAGMA user_version = 99"));
        QCOMPARE(rawQuery(path, QStringLiteral("PRAGMA user_version")).toInt(), 99);

        auto store = StateStore::open(path);
        QVERIFY(!store.ok());
        QCOMPARE(store.error().code, ErrorCode::Internal);
        QVERIFY2(store.error().what.contains(QLatin1String("99")), qPrintable(store.error().what));
        QVERIFY(store.error().hint.contains(QLatin1String("newer")));
        // Refusal leaves the file as it was.
        QCOMPARE(rawQuery(path, QStringLiteral("PRAGMA user_version")).toInt(), 99);
        QCOMPARE(stateConnectionCount(), 0);
    }

    void refusesGarbageFile()
    {
        const QString path = m_dir.filePath(QStringLiteral("garbage.db"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(8192, 'x'));
        f.close();
        auto store = StateStore::open(path);
        QVERIFY(!store.ok());
        QCOMPARE(store.error().code, ErrorCode::Internal);
        QVERIFY(!store.error().serverText.isEmpty());
        QVERIFY(store.error().hint.contains(QLatin1String("move it aside")));
        QCOMPARE(stateConnectionCount(), 0);
    }

    void privatePermissions()
    {
        const mode_t old = ::umask(0); // prove the modes do not depend on the umask
        const QString path = m_dir.filePath(QStringLiteral("perm/a/b/state.db"));
        auto store = StateStore::open(path);
        ::umask(old);
        QVERIFY2(store.ok(), qPrintable(store.error().toString()));
        QVERIFY(!(*store)->setMeta(QStringLiteral("k"), QStringLiteral("v")));
        QCOMPARE(mode(m_dir.filePath(QStringLiteral("perm"))), 0700);
        QCOMPARE(mode(m_dir.filePath(QStringLiteral("perm/a"))), 0700);
        QCOMPARE(mode(m_dir.filePath(QStringLiteral("perm/a/b"))), 0700);
        QCOMPARE(mode(path), 0600);
        QVERIFY(QFileInfo::exists(path + QStringLiteral("-wal")));
        QCOMPARE(mode(path + QStringLiteral("-wal")), 0600);
        QCOMPARE(mode(path + QStringLiteral("-shm")), 0600);
        // An existing loose file is tightened.
        store = Error();
        QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther));
        QVERIFY(StateStore::open(path).ok());
        QCOMPARE(mode(path), 0600);
    }

    void pendingThenConfirm()
    {
        auto store = open(QStringLiteral("journal.db"));
        QList<MappedItem> pending{item(QStringLiteral("INBOX"), 5, "1"), item(QStringLiteral("INBOX"), 5, "2"),
                                  item(QStringLiteral("INBOX"), 5, "3")};
        pending[2].flags.clear();
        pending[1].messageId.clear();
        QVERIFY(!store->writePending(pending));

        QList<MappedItem> got = store->pendingItems(QStringLiteral("INBOX"));
        QCOMPARE(got.size(), 3);
        for (int i = 0; i < 3; ++i)
            compareItems(got[i], pending[i]);
        QVERIFY(store->pendingItems(QStringLiteral("Other")).isEmpty());
        QCOMPARE(store->countItems(ItemOutcome::Pending), quint64(3));

        QList<MappedItem> done = pending;
        done[0].outcome = ItemOutcome::Copied;
        done[0].targetId = "101";
        done[1].outcome = ItemOutcome::Matched;
        done[1].targetId = "55";
        done[2].outcome = ItemOutcome::Failed;
        done[2].error = QStringLiteral("[TOOBIG] message too large");
        QVERIFY(!store->confirm(done));

        QVERIFY(store->pendingItems(QStringLiteral("INBOX")).isEmpty());
        const auto items = store->items(QStringLiteral("INBOX"), 5);
        QCOMPARE(items.size(), 3);
        for (const MappedItem &m : std::as_const(done))
            compareItems(items.value(m.sourceId), m);
        QCOMPARE(store->countItems(ItemOutcome::Pending), quint64(0));
        QCOMPARE(store->countItems(ItemOutcome::Copied), quint64(1));
        QCOMPARE(store->countItems(ItemOutcome::Matched), quint64(1));
        QCOMPARE(store->countItems(ItemOutcome::Failed), quint64(1));

        // updateFlags touches only the named rows; unknown ids are ignored.
        QVERIFY(!store->updateFlags(QStringLiteral("INBOX"), 5,
                                    {{RemoteId("1"), QStringList{QStringLiteral("\\Answered")}},
                                     {RemoteId("999"), QStringList{QStringLiteral("\\Seen")}}}));
        const auto after = store->items(QStringLiteral("INBOX"), 5);
        QCOMPARE(after.value("1").flags, QStringList{QStringLiteral("\\Answered")});
        QCOMPARE(after.value("2").flags, done[1].flags);
        QCOMPARE(after.size(), 3);

        // Flags are atoms: a flag with a space is our bug and refused, not stored.
        MappedItem bad = item(QStringLiteral("INBOX"), 5, "4");
        bad.flags = QStringList{QStringLiteral("two words")};
        const Error e = store->writePending({bad});
        QCOMPARE(e.code, ErrorCode::Internal);
        QCOMPARE(store->items(QStringLiteral("INBOX"), 5).size(), 3);
    }

    void itemsByFolderAndValidity()
    {
        auto store = open(QStringLiteral("byfolder.db"));
        // Ids are bytes: non-ASCII ones must survive exactly.
        const QByteArray oddId("/dav/\xc3\xa9v\xff\x01nt.ics");
        QVERIFY(!store->confirm({item(QStringLiteral("A"), 1, "1", ItemOutcome::Copied),
                                 item(QStringLiteral("A"), 1, oddId, ItemOutcome::Copied),
                                 item(QStringLiteral("A"), 2, "1", ItemOutcome::Copied),
                                 item(QStringLiteral("B"), 1, "1", ItemOutcome::Copied),
                                 item(QStringLiteral("A/Sub"), 1, "7", ItemOutcome::Copied)}));
        const auto a1 = store->items(QStringLiteral("A"), 1);
        QCOMPARE(a1.size(), 2);
        QVERIFY(a1.contains(oddId));
        QCOMPARE(a1.value(oddId).sourceId, oddId);
        QCOMPARE(store->items(QStringLiteral("A"), 2).size(), 1);
        QCOMPARE(store->items(QStringLiteral("B"), 1).size(), 1);
        QCOMPARE(store->items(QStringLiteral("B"), 2).size(), 0);

        // Same key again replaces, not duplicates.
        MappedItem again = item(QStringLiteral("A"), 1, "1", ItemOutcome::Matched);
        QVERIFY(!store->confirm({again}));
        QCOMPARE(store->items(QStringLiteral("A"), 1).size(), 2);
        QCOMPARE(int(store->items(QStringLiteral("A"), 1).value("1").outcome), int(ItemOutcome::Matched));

        // UIDVALIDITY change: only the old validity's rows go.
        QVERIFY(!store->dropFolderItems(QStringLiteral("A"), 1));
        QCOMPARE(store->items(QStringLiteral("A"), 1).size(), 0);
        QCOMPARE(store->items(QStringLiteral("A"), 2).size(), 1);
        QCOMPARE(store->items(QStringLiteral("B"), 1).size(), 1);
        QCOMPARE(store->items(QStringLiteral("A/Sub"), 1).size(), 1);
    }

    void passes()
    {
        auto store = open(QStringLiteral("passes.db"));
        const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
        auto first = store->beginPass(QStringLiteral("migrate"));
        QVERIFY(first.ok());
        auto second = store->beginPass(QStringLiteral("final"));
        QVERIFY(second.ok());
        QVERIFY(*second > *first);

        PassRecord done;
        done.id = *first;
        done.itemsCopied = 10;
        done.itemsMatched = 2;
        done.itemsFailed = 1;
        done.flagsUpdated = 4;
        done.bytesCopied = quint64(5) << 32; // > 4 GiB
        done.outcome = QStringLiteral("partial");
        QVERIFY(!store->finishPass(done));

        const QList<PassRecord> all = store->passes();
        QCOMPARE(all.size(), 2);
        QCOMPARE(all[0].id, *first);
        QCOMPARE(all[0].kind, QStringLiteral("migrate"));
        QVERIFY(all[0].started >= before);
        QVERIFY(all[0].finished.isValid());
        QVERIFY(all[0].finished >= all[0].started);
        QCOMPARE(all[0].itemsCopied, quint64(10));
        QCOMPARE(all[0].itemsMatched, quint64(2));
        QCOMPARE(all[0].itemsFailed, quint64(1));
        QCOMPARE(all[0].flagsUpdated, quint64(4));
        QCOMPARE(all[0].bytesCopied, quint64(5) << 32);
        QCOMPARE(all[0].outcome, QStringLiteral("partial"));
        QCOMPARE(all[1].kind, QStringLiteral("final"));
        QVERIFY(!all[1].finished.isValid()); // still running (or crashed)
        QCOMPARE(all[1].outcome, QString());

        PassRecord unknown;
        unknown.id = 4242;
        const quint64 commits = store->commitCount();
        const Error e = store->finishPass(unknown);
        QCOMPARE(e.code, ErrorCode::Internal);
        QCOMPARE(store->commitCount(), commits); // rolled back, not counted
    }

    void folders()
    {
        auto store = open(QStringLiteral("folders.db"));
        QVERIFY(!store->folder(QStringLiteral("INBOX")).has_value());
        FolderRecord r;
        r.sourceFolder = QStringLiteral("INBOX");
        r.sourceValidity = 4294967295u;
        r.sourceNextId = 1234;
        r.sourceChangeToken = (quint64(1) << 62) + 5; // mod-sequences are 63-bit
        r.sourceCount = 1200;
        r.targetFolder = QStringLiteral("INBOX");
        r.targetValidity = 99;
        r.targetNextBeforePending = 17;
        r.complete = true;
        QVERIFY(!store->saveFolder(r));
        FolderRecord s;
        s.sourceFolder = QStringLiteral("Archive/2020");
        QVERIFY(!store->saveFolder(s));

        const auto got = store->folder(QStringLiteral("INBOX"));
        QVERIFY(got.has_value());
        QCOMPARE(got->sourceValidity, r.sourceValidity);
        QCOMPARE(got->sourceNextId, r.sourceNextId);
        QCOMPARE(got->sourceChangeToken, r.sourceChangeToken);
        QCOMPARE(got->sourceCount, r.sourceCount);
        QCOMPARE(got->targetFolder, r.targetFolder);
        QCOMPARE(got->targetValidity, r.targetValidity);
        QCOMPARE(got->targetNextBeforePending, r.targetNextBeforePending);
        QCOMPARE(got->complete, true);

        r.complete = false;
        r.sourceNextId = 1300;
        QVERIFY(!store->saveFolder(r));
        const QList<FolderRecord> all = store->folders();
        QCOMPARE(all.size(), 2);
        QCOMPARE(all[0].sourceFolder, QStringLiteral("Archive/2020"));
        QCOMPARE(all[1].sourceFolder, QStringLiteral("INBOX"));
        QCOMPARE(all[1].complete, false);
        QCOMPARE(all[1].sourceNextId, quint64(1300));
    }

    void meta()
    {
        auto store = open(QStringLiteral("meta.db"));
        QCOMPARE(store->meta(QStringLiteral("missing")), QString());
        QVERIFY(!store->setMeta(QStringLiteral("target"), QStringLiteral("imaps://b@y")));
        QVERIFY(!store->setMeta(QStringLiteral("target"), QStringLiteral("imaps://c@z — ünïcode")));
        QCOMPARE(store->meta(QStringLiteral("target")), QStringLiteral("imaps://c@z — ünïcode"));
    }

    void commitHookCountsEveryWrite()
    {
        auto store = open(QStringLiteral("hook.db"));
        QList<quint64> seen;
        store->setCommitHook([&](quint64 n) { seen.append(n); });

        QVERIFY(!store->setMeta(QStringLiteral("a"), QStringLiteral("1")));
        auto pass = store->beginPass(QStringLiteral("migrate"));
        QVERIFY(pass.ok());
        FolderRecord f;
        f.sourceFolder = QStringLiteral("INBOX");
        QVERIFY(!store->saveFolder(f));
        QVERIFY(!store->writePending({item(QStringLiteral("INBOX"), 1, "1"), item(QStringLiteral("INBOX"), 1, "2")}));
        QVERIFY(!store->confirm({item(QStringLiteral("INBOX"), 1, "1", ItemOutcome::Copied)}));
        const Error flagsError = store->updateFlags(QStringLiteral("INBOX"), 1, {{RemoteId("1"), {}}});
        QVERIFY2(!flagsError, qPrintable(flagsError.toString()));
        QVERIFY(!store->dropFolderItems(QStringLiteral("INBOX"), 1));
        PassRecord p;
        p.id = *pass;
        QVERIFY(!store->finishPass(p));
        QCOMPARE(seen, (QList<quint64>{1, 2, 3, 4, 5, 6, 7, 8}));
        QCOMPARE(store->commitCount(), quint64(8));

        // Reads never count.
        store->items(QStringLiteral("INBOX"), 1);
        store->passes();
        QCOMPARE(store->commitCount(), quint64(8));

        // The hook may write to the store itself (resume tests record progress).
        seen.clear();
        bool inner = false;
        store->setCommitHook([&](quint64 n) {
            seen.append(n);
            if (!inner) {
                inner = true;
                QVERIFY(!store->setMeta(QStringLiteral("stopped-at"), QString::number(n)));
            }
        });
        QVERIFY(!store->setMeta(QStringLiteral("b"), QStringLiteral("2")));
        QCOMPARE(seen, (QList<quint64>{9, 10}));
        QCOMPARE(store->meta(QStringLiteral("stopped-at")), QStringLiteral("9"));
        store->setCommitHook({});
        QVERIFY(!store->setMeta(QStringLiteral("c"), QStringLiteral("3")));
        QCOMPARE(store->commitCount(), quint64(11));
    }

    void concurrentWritersAndReaders()
    {
        auto store = open(QStringLiteral("threads.db"));
        std::mutex seenMutex;
        std::vector<quint64> seen;
        store->setCommitHook([&](quint64 n) {
            std::lock_guard lock(seenMutex);
            seen.push_back(n);
        });

        constexpr int kThreads = 4;
        constexpr int kBatches = 25;
        constexpr int kRows = 40;
        std::vector<std::thread> threads;
        std::atomic<int> failures{0};
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                const QString folder = QStringLiteral("F%1").arg(t);
                for (int b = 0; b < kBatches; ++b) {
                    QList<MappedItem> rows;
                    for (int i = 0; i < kRows; ++i)
                        rows.append(item(folder, 1, QByteArray::number(b * kRows + i)));
                    if (store->writePending(rows))
                        ++failures;
                    for (MappedItem &m : rows) {
                        m.outcome = ItemOutcome::Copied;
                        m.targetId = m.sourceId;
                    }
                    if (store->confirm(rows))
                        ++failures;
                    if (store->items(folder, 1).size() != (b + 1) * kRows)
                        ++failures;
                    store->countItems(ItemOutcome::Copied);
                }
            });
        }
        for (auto &th : threads)
            th.join();

        QCOMPARE(failures.load(), 0);
        QCOMPARE(store->countItems(ItemOutcome::Copied), quint64(kThreads * kBatches * kRows));
        QCOMPARE(store->countItems(ItemOutcome::Pending), quint64(0));
        const quint64 expected = kThreads * kBatches * 2;
        QCOMPARE(store->commitCount(), expected);
        // Commit numbers arrive in order, each exactly once.
        QCOMPARE(seen.size(), size_t(expected));
        for (size_t i = 0; i < seen.size(); ++i)
            QCOMPARE(seen[i], quint64(i + 1));
        // The workers' connections were closed as their threads ended; only the
        // main thread's (from open()/the reads above) remains.
        QCOMPARE(store->openConnectionCount(), 1);
    }

    void connectionsFollowThreadsAndStore()
    {
        const int before = stateConnectionCount();
        {
            auto store = open(QStringLiteral("conns.db"));
            QCOMPARE(store->openConnectionCount(), 1);
            std::thread reader([&] {
                QCOMPARE(store->meta(QStringLiteral("x")), QString());
                QCOMPARE(store->openConnectionCount(), 2);
            });
            reader.join();
            QCOMPARE(store->openConnectionCount(), 1);

            // A thread that is still alive when the store goes away: its
            // connection is removed by the store, and the thread's own exit
            // cleanup then finds nothing to do.
            std::mutex m;
            std::condition_variable cv;
            bool used = false, release = false;
            std::thread lingering([&] {
                store->countItems(ItemOutcome::Copied);
                std::unique_lock lock(m);
                used = true;
                cv.notify_all();
                cv.wait(lock, [&] { return release; });
            });
            {
                std::unique_lock lock(m);
                cv.wait(lock, [&] { return used; });
            }
            QCOMPARE(store->openConnectionCount(), 2);
            QCOMPARE(stateConnectionCount(), before + 2);
            store.reset();
            QCOMPARE(stateConnectionCount(), before);
            {
                std::lock_guard lock(m);
                release = true;
            }
            cv.notify_all();
            lingering.join();
        }
        QCOMPARE(stateConnectionCount(), before);
    }

    void survivesKillDuringWrites()
    {
        const QString path = m_dir.filePath(QStringLiteral("kill.db"));
        QProcess child;
        child.setProgram(QCoreApplication::applicationFilePath());
        child.setArguments({QStringLiteral("--writer"), path});
        child.start();
        QVERIFY(child.waitForStarted());
        int lastAnnounced = -1;
        QElapsedTimer t;
        t.start();
        while (lastAnnounced < 30 && t.elapsed() < 30000) {
            if (!child.canReadLine() && !child.waitForReadyRead(1000))
                continue;
            while (child.canReadLine()) {
                const QByteArray line = child.readLine().trimmed();
                if (line.startsWith("committed "))
                    lastAnnounced = line.mid(10).toInt();
            }
        }
        QVERIFY2(lastAnnounced >= 30, "writer did not get going");
        child.kill(); // SIGKILL: no destructors, no final checkpoint
        QVERIFY(child.waitForFinished());

        // Every commit the writer announced is there, and the file is sound.
        QCOMPARE(rawQuery(path, QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
        auto store = StateStore::open(path);
        QVERIFY2(store.ok(), qPrintable(store.error().toString()));
        const quint64 rows = (*store)->countItems(ItemOutcome::Pending);
        QVERIFY2(rows >= quint64(lastAnnounced + 1) * 10, qPrintable(QString::number(rows)));
        QCOMPARE(rows % 10, quint64(0)); // whole transactions only
    }

    void bulkTiming()
    {
        auto store = open(QStringLiteral("bulk.db"));
        QList<MappedItem> rows;
        rows.reserve(5000);
        for (int i = 0; i < 5000; ++i)
            rows.append(item(QStringLiteral("INBOX"), 1, QByteArray::number(i + 1)));
        // Wall time and this thread's CPU time: on a loaded machine (parallel
        // builds) the CPU time is the stable number.
        QElapsedTimer timer;
        timer.start();
        qint64 cpu = threadCpuUs();
        QVERIFY(!store->writePending(rows));
        const qint64 pendingMs = timer.restart();
        const qint64 pendingCpu = threadCpuUs() - cpu;
        for (MappedItem &m : rows) {
            m.outcome = ItemOutcome::Copied;
            m.targetId = m.sourceId;
        }
        cpu = threadCpuUs();
        QVERIFY(!store->confirm(rows));
        const qint64 confirmMs = timer.restart();
        const qint64 confirmCpu = threadCpuUs() - cpu;
        cpu = threadCpuUs();
        const auto all = store->items(QStringLiteral("INBOX"), 1);
        const qint64 readMs = timer.elapsed();
        const qint64 readCpu = threadCpuUs() - cpu;
        QCOMPARE(all.size(), 5000);
        qDebug("5000 rows (not asserted): writePending %lld ms wall / %lld ms cpu, confirm %lld ms / %lld ms, "
               "items() %lld ms / %lld ms",
               pendingMs, pendingCpu / 1000, confirmMs, confirmCpu / 1000, readMs, readCpu / 1000);
    }

private:
    std::shared_ptr<StateStore> open(const QString &name)
    {
        auto store = StateStore::open(m_dir.filePath(name));
        if (!store.ok())
            qFatal("cannot open %s: %s", qPrintable(name), qPrintable(store.error().toString()));
        return *store;
    }

    QTemporaryDir m_dir;
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc == 3 && qstrcmp(argv[1], "--writer") == 0)
        return runWriter(QString::fromLocal8Bit(argv[2]));
    TestStateStore tc;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&tc, argc, argv);
}

#include "tst_statestore.moc"
