// The offline archive through the real engine, the proof that export + import is
// a faithful move: memory → archive:///…/mail → a fresh memory server must give
// the source's snapshot exactly (bytes, flags, keywords, INTERNALDATE, folders,
// subscriptions, roles), plain and encrypted; passes after the first copy only
// what is new; an export stopped at every state commit resumes into an archive
// that imports identically with no duplicate; a damaged item is named by verify
// and is the one failure (ErrorCode::Damaged, exit code 1) of an import.
#include <archive/archivecrypto.h>
#include <archive/archiveverify.h>
#include <engine/migrationengine.h>
#include <memory/memoryserver.h>
#include <samplemailbox.h>
#include <registerall.h>
#include <state/statestore.h>

#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace ferry;

namespace {

QByteArray message(int n, const QByteArray &folder, bool withId = true, int padKb = 0)
{
    return test::sampleMessage(n, folder, withId, padKb);
}

int g_counter = 0;

std::shared_ptr<MemoryServer> freshServer(QString *name)
{
    *name = QStringLiteral("arc%1").arg(++g_counter);
    MemoryServer::reset(*name);
    return MemoryServer::named(*name);
}

// The shapes that matter (as tst_migrationengine's fill()): nesting, non-ASCII and
// FAT-hostile names, an empty and an unsubscribed folder, roles, keywords, no
// Message-ID, a duplicate Message-ID with different content, a spooled message.
void fill(MemoryServer &m)
{
    test::fillSampleMailbox(m);
    // Plus names a FAT file system cannot hold as they are.
    m.addFolder(QStringLiteral("a:b*c?"), SpecialUse::None, true);
    m.addFolder(QStringLiteral("A_B_C_"), SpecialUse::Archive, true);
    m.addMessage(QStringLiteral("a:b*c?"), message(1, "fat"), {QStringLiteral("Work")}, "01-Feb-2023 12:00:00 +0100");
    m.addMessage(QStringLiteral("A_B_C_"), message(1, "fat2"), {}, "01-Feb-2023 12:00:00 +0100");
}

// Smaller, for resume-at-every-step (each stop point costs three engine runs):
// still several batches, nesting, a role, no Message-ID and a shared Message-ID.
void fillSmall(MemoryServer &m)
{
    m.addFolder(QStringLiteral("Sent"), SpecialUse::Sent, true);
    m.addFolder(QStringLiteral("Work/Deep"), SpecialUse::None, false);
    for (int i = 0; i < 5; ++i)
        m.addMessage(QStringLiteral("INBOX"), message(i, "inbox"), i % 2 ? QStringList{QStringLiteral("\\Seen")} : QStringList{},
                     "0" + QByteArray::number(1 + i) + "-Jan-2020 10:00:00 +0100");
    m.addMessage(QStringLiteral("INBOX"), message(100, "inbox", false), {QStringLiteral("\\Flagged")}, "01-Jan-1970 00:00:00 +0000");
    m.addMessage(QStringLiteral("INBOX"), message(200, "x"), {}, "31-Dec-2037 23:59:59 -0800");
    m.addMessage(QStringLiteral("INBOX"), message(200, "x") + "different body\r\n", {}, "31-Dec-2037 23:59:59 -0800");
    m.addMessage(QStringLiteral("Sent"), message(1, "sent"), {QStringLiteral("$Forwarded")}, "15-Mar-2021 08:30:00 +0000");
    m.addMessage(QStringLiteral("Work/Deep"), message(1, "deep", true, 3 * 1024), {QStringLiteral("NonJunk")},
                 "15-Mar-2022 08:30:00 +0530");
}

int countMessages(const MemorySnapshot &s)
{
    int n = 0;
    for (const auto &f : s.folders)
        n += f.messages.size();
    return n;
}

struct Run {
    MigrationReport report;
    quint64 commits = 0;
};

Endpoint archiveMail(const QString &root, const QByteArray &pass)
{
    Endpoint e = *Endpoint::parse(QStringLiteral("archive://") + root + QStringLiteral("/mail"));
    if (!pass.isEmpty())
        e.password = std::make_shared<const Secret>(pass);
    return e;
}

Run migrate(const Endpoint &from, const Endpoint &to, const QString &statePath,
            const std::function<void(MigrationOptions &)> &tweak = {})
{
    MigrationOptions o;
    o.source = from;
    o.target = to;
    o.kind = QStringLiteral("export");
    o.connections = 2;
    o.batchItems = 6;
    o.confirmEvery = 2;
    o.firstBackoffMs = 5;
    o.maxBackoffMs = 20;
    if (tweak)
        tweak(o);
    auto store = StateStore::open(statePath);
    if (!store.ok())
        qFatal("state: %s", qPrintable(store.error().toString()));
    MigrationEngine engine(o, *store);
    Run r;
    r.report = engine.run();
    r.commits = (*store)->commitCount();
    return r;
}

Endpoint memoryEndpoint(const QString &name)
{
    return *Endpoint::parse(QStringLiteral("memory://someone@") + name);
}

QString failuresOf(const MigrationReport &r)
{
    QStringList out{r.fatal.toString()};
    for (const ItemFailure &f : r.failures)
        out << QStringLiteral("%1 %2: %3 %4").arg(f.folder, f.id, f.reason, f.serverText);
    return out.join(QLatin1Char('\n'));
}

// Imports the archive into a fresh memory server and returns its snapshot.
MemorySnapshot importArchive(const QString &root, const QByteArray &pass, Run *run = nullptr)
{
    QString name;
    auto target = freshServer(&name);
    QTemporaryDir state;
    const Run r = migrate(archiveMail(root, pass), memoryEndpoint(name), state.filePath(QStringLiteral("i.sqlite")),
                          [](MigrationOptions &o) { o.kind = QStringLiteral("import"); });
    if (run)
        *run = r;
    return target->snapshot();
}

QString firstMessageFile(const QString &root)
{
    QStringList files;
    QDirIterator it(root + QStringLiteral("/mail"), {QStringLiteral("*.eml")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    files.sort();
    return files.value(0);
}

} // namespace

class TestArchiveEngine : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        registerAllConnectors();
        archive::ArchiveKey::setDefaultCostForTests(1024); // scrypt's cost is not what is tested here
    }

    void roundTrip_data()
    {
        QTest::addColumn<QByteArray>("pass");
        QTest::newRow("plain") << QByteArray();
        QTest::newRow("encrypted") << QByteArray("stick passphrase");
    }
    void roundTrip()
    {
        QFETCH(QByteArray, pass);
        QString src;
        auto source = freshServer(&src);
        fill(*source);
        const MemorySnapshot before = source->snapshot();
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("stick"));
        const QString state = dir.filePath(QStringLiteral("export.sqlite"));

        const Run exported = migrate(memoryEndpoint(src), archiveMail(root, pass), state);
        QVERIFY2(exported.report.exitCode() == 0, qPrintable(failuresOf(exported.report)));
        QCOMPARE(int(exported.report.totalCopied()), countMessages(before));
        QCOMPARE(source->snapshot(), before);

        auto check = verifyArchive(root, pass.isEmpty() ? nullptr : std::make_shared<const Secret>(pass));
        QVERIFY2(check.ok(), qPrintable(check.error().toString()));
        QVERIFY(check->intact());
        QCOMPARE(check->encrypted, !pass.isEmpty());
        QCOMPARE(int(check->itemsByType.value(QStringLiteral("mail"))), countMessages(before));
        QVERIFY2(check->orphans.isEmpty(), qPrintable(check->orphans.join(QLatin1Char(' '))));

        Run imported;
        const MemorySnapshot after = importArchive(root, pass, &imported);
        QVERIFY2(imported.report.exitCode() == 0, qPrintable(failuresOf(imported.report)));
        QCOMPARE(after, before);

        // Nothing readable of the mail on disk when encrypted.
        if (!pass.isEmpty()) {
            QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                QFile f(it.next());
                QVERIFY(f.open(QIODevice::ReadOnly));
                const QByteArray bytes = f.readAll();
                QVERIFY2(!bytes.contains("example.org") && !bytes.contains("Deep"), qPrintable(f.fileName()));
            }
        }
    }

    void laterPassesCopyOnlyWhatIsNew()
    {
        QString src;
        auto source = freshServer(&src);
        fill(*source);
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("stick"));
        const QString state = dir.filePath(QStringLiteral("export.sqlite"));
        QCOMPARE(migrate(memoryEndpoint(src), archiveMail(root, {}), state).report.exitCode(), 0);

        const Run again = migrate(memoryEndpoint(src), archiveMail(root, {}), state);
        QCOMPARE(again.report.exitCode(), 0);
        QCOMPARE(again.report.totalCopied(), 0u);

        source->addMessage(QStringLiteral("INBOX"), message(500, "new"), {QStringLiteral("$MDNSent")}, "01-Jun-2024 10:00:00 +0200");
        source->addMessage(QStringLiteral("Sent"), message(501, "new"), {}, "01-Jun-2024 10:00:00 +0200");
        source->setMessageFlags(FolderRef::fromDisplay(QStringLiteral("INBOX")), 1,
                                {QStringLiteral("\\Seen"), QStringLiteral("\\Answered"), QStringLiteral("Work")});
        const Run third = migrate(memoryEndpoint(src), archiveMail(root, {}), state);
        QVERIFY2(third.report.exitCode() == 0, qPrintable(failuresOf(third.report)));
        QCOMPARE(third.report.totalCopied(), 2u);
        QCOMPARE(third.report.totalFlagsUpdated(), 1u);
        QCOMPARE(importArchive(root, {}), source->snapshot());

        // A second import pass from the same archive copies nothing.
        QString tgt;
        auto target = freshServer(&tgt);
        const QString istate = dir.filePath(QStringLiteral("import.sqlite"));
        QCOMPARE(migrate(archiveMail(root, {}), memoryEndpoint(tgt), istate).report.exitCode(), 0);
        const Run reimport = migrate(archiveMail(root, {}), memoryEndpoint(tgt), istate);
        QCOMPARE(reimport.report.exitCode(), 0);
        QCOMPARE(reimport.report.totalCopied(), 0u);
        QCOMPARE(target->snapshot(), source->snapshot());
    }

    void exportResumesAtEveryStep_data()
    {
        QTest::addColumn<QByteArray>("pass");
        QTest::newRow("plain") << QByteArray();
        QTest::newRow("encrypted") << QByteArray("pw");
    }
    void exportResumesAtEveryStep()
    {
        QFETCH(QByteArray, pass);
        const auto smallBatches = [](MigrationOptions &o) { o.batchItems = 3; };
        quint64 cleanCommits = 0;
        MemorySnapshot expected;
        {
            QString src;
            auto source = freshServer(&src);
            fillSmall(*source);
            expected = source->snapshot();
            QTemporaryDir dir;
            const Run r = migrate(memoryEndpoint(src), archiveMail(dir.filePath(QStringLiteral("a")), pass),
                                  dir.filePath(QStringLiteral("s.sqlite")), smallBatches);
            QCOMPARE(r.report.exitCode(), 0);
            cleanCommits = r.commits;
        }
        QVERIFY(cleanCommits > 10);
        const int total = countMessages(expected);
        int stops = 0;
        // Encrypted: every commit, alternately just before and just after it (the
        // plain row covers both sides of every commit; this keeps the test short).
        const bool sealed = !pass.isEmpty();
        for (quint64 k = 0; k <= cleanCommits; ++k) {
            for (bool before : {true, false}) {
                if (sealed && before != (k % 2 == 0))
                    continue;
                QString src;
                auto source = freshServer(&src);
                fillSmall(*source);
                QTemporaryDir dir;
                const QString root = dir.filePath(QStringLiteral("a"));
                const QString state = dir.filePath(QStringLiteral("s.sqlite"));
                bool fired = false;
                migrate(memoryEndpoint(src), archiveMail(root, pass), state, [&](MigrationOptions &o) {
                    smallBatches(o);
                    o.stopHook = [&, k, before](quint64 commits, bool isBefore) {
                        if (commits == k && isBefore == before && !fired) {
                            fired = true;
                            return true;
                        }
                        return false;
                    };
                });
                stops += fired;
                const Run resumed = migrate(memoryEndpoint(src), archiveMail(root, pass), state);
                QVERIFY2(resumed.report.exitCode() == 0,
                         qPrintable(QStringLiteral("k=%1 before=%2: %3").arg(k).arg(before).arg(failuresOf(resumed.report))));
                auto check = verifyArchive(root, pass.isEmpty() ? nullptr : std::make_shared<const Secret>(pass));
                QVERIFY(check.ok());
                QVERIFY(check->intact());
                QVERIFY2(int(check->itemsByType.value(QStringLiteral("mail"))) == total,
                         qPrintable(QStringLiteral("k=%1 before=%2: %3 messages in the archive, %4 expected")
                                        .arg(k).arg(before).arg(check->itemsByType.value(QStringLiteral("mail"))).arg(total)));
                const MemorySnapshot got = importArchive(root, pass);
                QVERIFY2(got == expected, qPrintable(QStringLiteral("k=%1 before=%2:\n%3").arg(k).arg(before).arg(got.describe())));
            }
        }
        qInfo("export resume-at-every-step: %d stop points over %llu commits", stops, (unsigned long long)cleanCommits);
        QVERIFY(stops >= int(sealed ? cleanCommits / 2 : cleanCommits));
    }

    void damagedItemIsNamedAndTheOnlyFailure_data()
    {
        QTest::addColumn<QByteArray>("pass");
        QTest::newRow("plain: checksum") << QByteArray();
        QTest::newRow("encrypted: tag") << QByteArray("pw");
    }
    void damagedItemIsNamedAndTheOnlyFailure()
    {
        QFETCH(QByteArray, pass);
        const auto secret = pass.isEmpty() ? nullptr : std::make_shared<const Secret>(pass);
        QString src;
        auto source = freshServer(&src);
        fill(*source);
        const MemorySnapshot before = source->snapshot();
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("stick"));
        QCOMPARE(migrate(memoryEndpoint(src), archiveMail(root, pass), dir.filePath(QStringLiteral("e.sqlite"))).report.exitCode(), 0);

        const QString victim = firstMessageFile(root);
        QVERIFY(!victim.isEmpty());
        {
            QFile f(victim);
            QVERIFY(f.open(QIODevice::ReadWrite));
            const qint64 at = f.size() / 2;
            f.seek(at);
            char c = 0;
            f.getChar(&c);
            f.seek(at);
            f.putChar(char(c ^ 0x20));
        }
        auto check = verifyArchive(root, secret);
        QVERIFY(check.ok());
        QCOMPARE(check->damaged.size(), 1);
        QVERIFY(check->missing.isEmpty());
        const ArchiveCheck::Problem damaged = check->damaged.first();
        QVERIFY(victim.endsWith(damaged.file));
        QVERIFY2(damaged.what.contains(pass.isEmpty() ? QLatin1String("checksum") : QLatin1String("authentication tag")),
                 qPrintable(damaged.what));

        Run imported;
        const MemorySnapshot after = importArchive(root, pass, &imported);
        QCOMPARE(imported.report.exitCode(), 1);
        QVERIFY(imported.report.fatal.ok());
        QCOMPARE(imported.report.failures.size(), 1);
        const ItemFailure &f = imported.report.failures.first();
        QCOMPARE(f.code, ErrorCode::Damaged);
        QCOMPARE(f.folder, damaged.folder);
        QCOMPARE(f.id, damaged.id);
        QVERIFY2(f.reason.contains(QLatin1String("damaged")), qPrintable(f.reason));
        // Everything else arrived; of the damaged folder, all but that one message.
        QCOMPARE(countMessages(after), countMessages(before) - 1);
        for (auto it = before.folders.cbegin(); it != before.folders.cend(); ++it) {
            const MemorySnapshot::Folder got = after.folders.value(it.key());
            if (it.key() != damaged.folder) {
                QCOMPARE(got, it.value());
                continue;
            }
            for (const MemorySnapshot::Message &m : got.messages)
                QVERIFY(it->messages.contains(m));
        }
    }

    void exportIntoAnArchiveInUseIsRefused()
    {
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("stick"));
        QString src;
        auto source = freshServer(&src);
        fill(*source);
        QCOMPARE(migrate(memoryEndpoint(src), archiveMail(root, {}), dir.filePath(QStringLiteral("e.sqlite"))).report.exitCode(), 0);
        // Someone else's lock (another host: never taken for stale).
        QFile lock(root + QStringLiteral("/.ferry-archive.lock"));
        QVERIFY(lock.open(QIODevice::WriteOnly));
        lock.write("999999\nferry\nother-host\n");
        lock.close();
        const Run r = migrate(memoryEndpoint(src), archiveMail(root, {}), dir.filePath(QStringLiteral("e.sqlite")));
        QCOMPARE(r.report.fatal.code, ErrorCode::Usage);
        QVERIFY2(r.report.fatal.what.contains(QLatin1String("in use")), qPrintable(r.report.fatal.what));
    }
};

QTEST_GUILESS_MAIN(TestArchiveEngine)
#include "tst_archiveengine.moc"
