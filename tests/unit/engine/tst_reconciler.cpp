// Reconciler ("verify") against the in-memory servers: a complete copy is proven
// complete; each way an item can be missing is found and explained (refused, gone
// from the target, new since the last pass, a folder that was never created);
// mail outside the date window is counted apart; pairing works without a journal
// (Message-ID key, then content hash for twins and messages without Message-ID);
// nothing is written on either side.
#include <engine/migrationengine.h>
#include <engine/reconciler.h>
#include <memory/memoryserver.h>
#include <registerall.h>
#include <state/statestore.h>

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace ferry;

namespace {

QByteArray message(int n, const QByteArray &folder, bool withId = true)
{
    QByteArray m = "From: a@example.org\r\nSubject: m " + QByteArray::number(n) + " in " + folder + "\r\n";
    if (withId)
        m += "Message-ID: <" + QByteArray::number(n) + "." + folder.toHex() + "@example.org>\r\n";
    return m + "\r\nBody " + QByteArray::number(n) + "\r\n";
}

int g_counter = 0;

struct Pair {
    QString src, tgt;
    std::shared_ptr<MemoryServer> source, target;
    QTemporaryDir dir;
    std::shared_ptr<StateStore> store;

    Pair()
    {
        ++g_counter;
        src = QStringLiteral("vsrc%1").arg(g_counter);
        tgt = QStringLiteral("vtgt%1").arg(g_counter);
        MemoryServer::reset(src);
        MemoryServer::reset(tgt);
        source = MemoryServer::named(src);
        target = MemoryServer::named(tgt);
        store = StateStore::open(dir.filePath(QStringLiteral("state.sqlite"))).value();
        source->addFolder(QStringLiteral("Sent"), SpecialUse::Sent, true);
        source->addFolder(QStringLiteral("Archive/2020"), SpecialUse::None, true);
        for (int i = 0; i < 6; ++i)
            source->addMessage(QStringLiteral("INBOX"), message(i, "inbox"), {QStringLiteral("\\Seen")},
                               "0" + QByteArray::number(1 + i) + "-Mar-2024 10:00:00 +0100");
        for (int i = 0; i < 3; ++i)
            source->addMessage(QStringLiteral("Sent"), message(i, "sent"), {}, "15-Mar-2021 08:30:00 +0000");
        // Twins without Message-ID: only their bytes tell them apart.
        source->addMessage(QStringLiteral("Archive/2020"), message(1, "arch", false), {}, "01-Feb-2020 12:00:00 +0100");
        source->addMessage(QStringLiteral("Archive/2020"), message(2, "arch", false), {}, "01-Feb-2020 12:00:00 +0100");
    }

    MigrationOptions options() const
    {
        MigrationOptions o;
        o.source = *Endpoint::parse(QStringLiteral("memory://alice@") + src);
        o.target = *Endpoint::parse(QStringLiteral("memory://bob@") + tgt);
        o.connections = 2;
        o.firstBackoffMs = 5;
        o.maxBackoffMs = 20;
        return o;
    }
    MigrationReport migrate(std::function<void(MigrationOptions &)> tweak = {})
    {
        MigrationOptions o = options();
        if (tweak)
            tweak(o);
        MigrationEngine engine(o, store);
        return engine.run();
    }
    VerifyReport verify(bool withJournal = true, std::function<void(MigrationOptions &)> tweak = {})
    {
        MigrationOptions o = options();
        if (tweak)
            tweak(o);
        return Reconciler(o, withJournal ? store : nullptr).run();
    }
};

const VerifyFolder *folder(const VerifyReport &r, const QString &name)
{
    for (const VerifyFolder &f : r.folders)
        if (f.source == name)
            return &f;
    return nullptr;
}

} // namespace

class TestReconciler : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { registerAllConnectors(); }

    void completeCopyIsProvenComplete_data()
    {
        QTest::addColumn<bool>("withJournal");
        QTest::newRow("journal") << true;
        QTest::newRow("no journal (key and content)") << false;
    }
    void completeCopyIsProvenComplete()
    {
        QFETCH(bool, withJournal);
        Pair p;
        QCOMPARE(p.migrate().exitCode(), 0);
        const MemorySnapshot source = p.source->snapshot(), target = p.target->snapshot();
        const quint64 opsBefore = p.source->operationCount();
        const VerifyReport r = p.verify(withJournal);
        QVERIFY2(r.fatal.ok(), qPrintable(r.fatal.toString()));
        QVERIFY(r.complete());
        QCOMPARE(r.exitCode(), 0);
        QCOMPARE(r.sourceItems(QStringLiteral("mail")), 11u);
        QCOMPARE(r.missingItems(), 0u);
        QVERIFY(r.missing.isEmpty());
        QCOMPARE(r.summary(), QStringLiteral("All 11 messages of the source are on the target."));
        const VerifyFolder *inbox = folder(r, QStringLiteral("INBOX"));
        QVERIFY(inbox);
        QCOMPARE(inbox->matched, 6u);
        QCOMPARE(inbox->targetItems, 6u);
        QCOMPARE(inbox->flagsDiffer, 0u);
        QVERIFY(inbox->sourceBytes > 0);
        QCOMPARE(inbox->sourceBytes, inbox->targetBytes);
        QCOMPARE(folder(r, QStringLiteral("Archive/2020"))->matched, 2u);
        // Read-only on both sides.
        QVERIFY(p.source->operationCount() > opsBefore);
        QCOMPARE(p.source->snapshot(), source);
        QCOMPARE(p.target->snapshot(), target);
        const QJsonObject json = r.toJson();
        QCOMPARE(json.value(QStringLiteral("complete")).toBool(), true);
        QCOMPARE(json.value(QStringLiteral("totals")).toObject().value(QStringLiteral("mail")).toObject()
                     .value(QStringLiteral("matched")).toInt(), 11);
    }

    void eachMissingItemIsNamedWithItsReason()
    {
        Pair p;
        p.target->setRejectMarker("Subject: m 2 in inbox\r\n", QStringLiteral("[LIMIT] refused for the test"));
        QCOMPARE(p.migrate().exitCode(), 1);
        // Gone from the target after the copy; new on the source since; a folder
        // the target never got.
        const FolderRef sent = FolderRef::fromDisplay(QStringLiteral("Sent"));
        QVERIFY(p.target->removeMessage(sent, p.target->folder(sent)->messages.first().uid));
        p.source->addMessage(QStringLiteral("INBOX"), message(50, "new"), {}, "01-Jun-2024 10:00:00 +0200");
        p.source->addFolder(QStringLiteral("Later"), SpecialUse::None, true);
        p.source->addMessage(QStringLiteral("Later"), message(1, "later"), {}, "01-Jun-2024 10:00:00 +0200");
        // A flag changed on the source since the copy.
        p.source->setMessageFlags(FolderRef::fromDisplay(QStringLiteral("INBOX")), 1, {QStringLiteral("\\Flagged")});

        const VerifyReport r = p.verify();
        QVERIFY(r.fatal.ok());
        QCOMPARE(r.exitCode(), 1);
        QCOMPARE(r.missingItems(), 4u);
        QCOMPARE(r.missing.size(), 4);
        QHash<QString, QString> why;
        for (const VerifyMissing &m : r.missing)
            why.insert(m.folder + QLatin1Char(':') + m.messageId, m.reason);
        const QString refused = why.value(QStringLiteral("INBOX:<2.") + QString::fromLatin1(QByteArray("inbox").toHex()) + QStringLiteral("@example.org>"));
        QVERIFY2(refused.contains(QLatin1String("refused for the test")), qPrintable(refused));
        const QString fresh = why.value(QStringLiteral("INBOX:<50.") + QString::fromLatin1(QByteArray("new").toHex()) + QStringLiteral("@example.org>"));
        QVERIFY2(fresh.startsWith(QLatin1String("not copied yet")), qPrintable(fresh));
        const QString gone = why.value(QStringLiteral("Sent:<0.") + QString::fromLatin1(QByteArray("sent").toHex()) + QStringLiteral("@example.org>"));
        QVERIFY2(gone.contains(QLatin1String("no longer has it")), qPrintable(gone));
        const QString later = why.value(QStringLiteral("Later:<1.") + QString::fromLatin1(QByteArray("later").toHex()) + QStringLiteral("@example.org>"));
        QVERIFY2(later.contains(QLatin1String("does not exist on the target")), qPrintable(later));
        QCOMPARE(folder(r, QStringLiteral("INBOX"))->flagsDiffer, 1u);
        QVERIFY2(r.summary().startsWith(QLatin1String("4 of 13 messages of the source are not on the target.")),
                 qPrintable(r.summary()));

        // A pass brings what it can; the refused one stays named.
        p.target->setRejectMarker({});
        p.migrate();
        const VerifyReport after = p.verify();
        // The message deleted on the target is not copied again by an incremental
        // pass (the journal says it is there): verify is what finds it.
        QCOMPARE(after.missingItems(), 1u);
        QCOMPARE(after.missing.first().folder, QStringLiteral("Sent"));
    }

    void dateWindowIsCountedApart()
    {
        Pair p;
        auto window = [](MigrationOptions &o) { o.mailWindow = DateWindow::parse(QStringLiteral("2022-01-01..")).value(); };
        QCOMPARE(p.migrate(window).exitCode(), 0);
        const VerifyReport r = p.verify(true, window);
        QVERIFY(r.complete());
        QCOMPARE(folder(r, QStringLiteral("Sent"))->outsideWindow, 3u);
        QCOMPARE(folder(r, QStringLiteral("Archive/2020"))->outsideWindow, 2u);
        QCOMPARE(folder(r, QStringLiteral("INBOX"))->matched, 6u);
        QVERIFY2(r.summary().contains(QLatin1String("5 messages outside the date window stayed on the source")),
                 qPrintable(r.summary()));
        // Without the window those five are missing.
        QCOMPARE(p.verify().missingItems(), 5u);
    }

    void loginFailureStopsWithItsExitCode()
    {
        Pair p;
        p.target->setConnectError(Error::make(ErrorCode::Auth, QStringLiteral("LOGIN"), QStringLiteral("Authentication failed.")));
        const VerifyReport r = p.verify();
        QCOMPARE(r.fatal.code, ErrorCode::Auth);
        QCOMPARE(r.fatal.side, Side::Target);
        QCOMPARE(r.exitCode(), 3);
        QVERIFY(!r.complete());
    }
};

QTEST_GUILESS_MAIN(TestReconciler)
#include "tst_reconciler.moc"
