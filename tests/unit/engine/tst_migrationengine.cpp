// The engine against the in-memory connector: whole-state comparison of the
// target with the source after every scenario, re-runs, incremental passes,
// refusals, dropped connections, renumbered folders — and resume at every step
// (isync's run-tests idea): stop at each state commit k, resume, and require the
// same final target as the clean run, with no duplicate.
#include <engine/migrationengine.h>
#include <enginerun.h>
#include <memory/memoryserver.h>
#include <samplemailbox.h>
#include <registerall.h>
#include <state/statestore.h>

#include <QTemporaryDir>
#include <QTest>

using namespace ferry;

namespace {

QByteArray message(int n, const QByteArray &folder, bool withId = true, int padKb = 0)
{
    return test::sampleMessage(n, folder, withId, padKb);
}

struct Scenario {
    QString src;
    QString tgt;
    std::shared_ptr<MemoryServer> source;
    std::shared_ptr<MemoryServer> target;
};

int g_counter = 0;

Scenario freshServers()
{
    Scenario s;
    ++g_counter;
    s.src = QStringLiteral("src%1").arg(g_counter);
    s.tgt = QStringLiteral("tgt%1").arg(g_counter);
    MemoryServer::reset(s.src);
    MemoryServer::reset(s.tgt);
    s.source = MemoryServer::named(s.src);
    s.target = MemoryServer::named(s.tgt);
    return s;
}

void fill(MemoryServer &m) { test::fillSampleMailbox(m); }

using Run = test::EngineRun;

Run migrate(const Scenario &s, const QString &statePath, std::function<void(MigrationOptions &)> tweak = {})
{
    MigrationOptions o = test::engineOptions(QStringLiteral("memory://alice@") + s.src,
                                             QStringLiteral("memory://bob@") + s.tgt);
    o.connections = 2;
    o.batchItems = 6;
    o.confirmEvery = 2;
    if (tweak)
        tweak(o);
    return test::runEngine(o, statePath);
}

int countMessages(const MemorySnapshot &s)
{
    int n = 0;
    for (const auto &f : s.folders)
        n += f.messages.size();
    return n;
}

} // namespace

class TestMigrationEngine : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { registerAllConnectors(); }

    void fullCopyIsIdenticalAndSourceUntouched()
    {
        Scenario s = freshServers();
        fill(*s.source);
        const MemorySnapshot before = s.source->snapshot();
        QTemporaryDir dir;
        const Run r = migrate(s, dir.filePath(QStringLiteral("state.sqlite")));
        QVERIFY2(r.report.fatal.ok(), qPrintable(r.report.fatal.toString()));
        QCOMPARE(r.report.exitCode(), 0);
        QCOMPARE(s.source->snapshot(), before);
        QCOMPARE(s.target->snapshot(), before);
        QCOMPARE(int(r.report.totalCopied()), countMessages(before));
        QCOMPARE(r.report.totalFailed(), 0u);
    }

    void skippedFoldersAreLeftOut()
    {
        Scenario s = freshServers();
        fill(*s.source);
        const MemorySnapshot before = s.source->snapshot();
        QTemporaryDir dir;
        const Run r = migrate(s, dir.filePath(QStringLiteral("state.sqlite")), [](MigrationOptions &o) {
            o.skipFolders = {QStringLiteral("Sent")};
        });
        QCOMPARE(r.report.exitCode(), 0);
        for (const FolderReport &f : r.report.folders)
            QVERIFY2(f.source != QLatin1String("Sent"), "a skipped folder is not in the report");
        const MemorySnapshot after = s.target->snapshot();
        QVERIFY(!after.folders.contains(QStringLiteral("Sent")));
        QCOMPARE(after.folders.value(QStringLiteral("INBOX")), before.folders.value(QStringLiteral("INBOX")));
        QCOMPARE(int(r.report.totalCopied()), countMessages(before) - int(before.folders.value(QStringLiteral("Sent")).messages.size()));
        QCOMPARE(s.source->snapshot(), before);
    }

    void rerunCopiesNothing()
    {
        Scenario s = freshServers();
        fill(*s.source);
        QTemporaryDir dir;
        const QString state = dir.filePath(QStringLiteral("state.sqlite"));
        migrate(s, state);
        const quint64 opsBefore = s.source->operationCount();
        const Run r = migrate(s, state);
        QCOMPARE(r.report.exitCode(), 0);
        QCOMPARE(r.report.totalCopied(), 0u);
        QCOMPARE(int(r.report.totalAlreadyThere()), countMessages(s.source->snapshot()));
        for (const FolderReport &f : r.report.folders)
            QVERIFY2(f.skippedUnchanged, qPrintable(f.source));
        // An unchanged mailbox costs a folder list and one STATUS burst, nothing per folder.
        QVERIFY2(s.source->operationCount() - opsBefore <= 3, qPrintable(QString::number(s.source->operationCount() - opsBefore)));
        QCOMPARE(s.target->snapshot(), s.source->snapshot());
    }

    void secondPassCopiesOnlyNewAndBringsFlags()
    {
        Scenario s = freshServers();
        fill(*s.source);
        QTemporaryDir dir;
        const QString state = dir.filePath(QStringLiteral("state.sqlite"));
        migrate(s, state);
        s.source->addMessage(QStringLiteral("INBOX"), message(500, "new"), {QStringLiteral("$MDNSent")}, "01-Jun-2024 10:00:00 +0200");
        s.source->addMessage(QStringLiteral("Sent"), message(501, "new"), {}, "01-Jun-2024 10:00:00 +0200");
        s.source->setMessageFlags(FolderRef::fromDisplay(QStringLiteral("INBOX")), 1,
                                  {QStringLiteral("\\Seen"), QStringLiteral("\\Answered"), QStringLiteral("Work")});
        s.source->setMessageFlags(FolderRef::fromDisplay(QStringLiteral("INBOX")), 2, {});
        const Run r = migrate(s, state);
        for (const auto &f : r.report.failures)
            qWarning("%s %s: %s / %s", qPrintable(f.folder), qPrintable(f.id), qPrintable(f.reason), qPrintable(f.serverText));
        QVERIFY2(r.report.fatal.ok(), qPrintable(r.report.fatal.toString()));
        QCOMPARE(r.report.exitCode(), 0);
        QCOMPARE(r.report.totalCopied(), 2u);
        QCOMPARE(r.report.totalFlagsUpdated(), 2u);
        QCOMPARE(s.target->snapshot(), s.source->snapshot());
    }

    void messagesAlreadyOnTargetAreMatchedNotDuplicated()
    {
        Scenario s = freshServers();
        fill(*s.source);
        // Somebody copied INBOX by hand before (same bytes, flags and dates).
        const auto inbox = s.source->folder(FolderRef::fromDisplay(QStringLiteral("INBOX")));
        for (const auto &m : inbox->messages)
            s.target->addMessage(QStringLiteral("INBOX"), m.bytes, m.flags, m.internalDate);
        QTemporaryDir dir;
        const Run r = migrate(s, dir.filePath(QStringLiteral("state.sqlite")));
        QCOMPARE(r.report.exitCode(), 0);
        QCOMPARE(s.target->snapshot(), s.source->snapshot());
        QCOMPARE(int(r.report.totalAlreadyThere()), int(inbox->messages.size()));
    }

    void refusedMessageIsReportedAndTheRestCopied()
    {
        Scenario s = freshServers();
        fill(*s.source);
        s.target->setRejectMarker("Subject: test 3 in inbox\r\n", QStringLiteral("[LIMIT] too many lines"));
        QTemporaryDir dir;
        const QString state = dir.filePath(QStringLiteral("state.sqlite"));
        const Run r = migrate(s, state);
        QCOMPARE(r.report.exitCode(), 1);
        QCOMPARE(r.report.failures.size(), 1);
        QCOMPARE(r.report.failures.first().folder, QStringLiteral("INBOX"));
        QVERIFY(r.report.failures.first().serverText.contains(QStringLiteral("too many lines")));
        QCOMPARE(r.report.failures.first().messageId, QString::fromLatin1("<3." + QByteArray("inbox").toHex() + "@example.org>"));
        QCOMPARE(r.report.failures.first().subject, QStringLiteral("test 3 in inbox"));
        QCOMPARE(int(r.report.totalCopied()), countMessages(s.source->snapshot()) - 1);
        // Once the target accepts it, the next pass copies just that one.
        s.target->setRejectMarker({});
        const Run again = migrate(s, state);
        QCOMPARE(again.report.exitCode(), 0);
        QCOMPARE(again.report.totalCopied(), 1u);
        QCOMPARE(s.target->snapshot(), s.source->snapshot());
    }

    // The source lists a message but cannot deliver it intact (an archive file that
    // fails its checksum), or no longer has it when the bodies are fetched: that one
    // is named as failed, nothing of it is written, the rest is copied, and a later
    // pass copies it once the source can deliver it.
    void undeliverableMessagesAreNamedAndRetried_data()
    {
        QTest::addColumn<QString>("why");
        QTest::addColumn<int>("code");
        QTest::newRow("damaged") << QStringLiteral("checksum mismatch in the archive") << int(ErrorCode::Damaged);
        QTest::newRow("vanished") << QString() << int(ErrorCode::NotFound);
    }
    void undeliverableMessagesAreNamedAndRetried()
    {
        QFETCH(QString, why);
        QFETCH(int, code);
        Scenario s = freshServers();
        fill(*s.source);
        s.source->setFetchFault("Subject: test 5 in inbox\r\n", why);
        QTemporaryDir dir;
        const QString state = dir.filePath(QStringLiteral("state.sqlite"));
        const Run r = migrate(s, state);
        QCOMPARE(r.report.exitCode(), 1);
        QCOMPARE(r.report.failures.size(), 1);
        const ItemFailure f = r.report.failures.first();
        QCOMPARE(f.folder, QStringLiteral("INBOX"));
        QCOMPARE(int(f.code), code);
        QCOMPARE(f.messageId, QString::fromLatin1("<5." + QByteArray("inbox").toHex() + "@example.org>"));
        if (!why.isEmpty())
            QCOMPARE(f.reason, why);
        QCOMPARE(int(r.report.totalCopied()), countMessages(s.source->snapshot()) - 1);
        QCOMPARE(int(s.target->snapshot().folders.value(QStringLiteral("INBOX")).messages.size()),
                 int(s.source->snapshot().folders.value(QStringLiteral("INBOX")).messages.size()) - 1);
        auto store = StateStore::open(state);
        QCOMPARE((*store)->countItems(ItemOutcome::Pending), 0u);
        QCOMPARE((*store)->countItems(ItemOutcome::Failed), 1u);

        s.source->setFetchFault({});
        const Run again = migrate(s, state);
        QCOMPARE(again.report.exitCode(), 0);
        QCOMPARE(again.report.totalCopied(), 1u);
        QCOMPARE(s.target->snapshot(), s.source->snapshot());
    }

    void droppedConnectionsAreRetried_data()
    {
        QTest::addColumn<bool>("onTarget");
        QTest::addColumn<int>("at");
        for (int at : {3, 6, 9, 14, 20}) {
            QTest::addRow("source-op-%d", at) << false << at;
            QTest::addRow("target-op-%d", at) << true << at;
        }
    }
    void droppedConnectionsAreRetried()
    {
        QFETCH(bool, onTarget);
        QFETCH(int, at);
        Scenario s = freshServers();
        fill(*s.source);
        (onTarget ? s.target : s.source)->failOperation(quint64(at));
        QTemporaryDir dir;
        const Run r = migrate(s, dir.filePath(QStringLiteral("state.sqlite")));
        QVERIFY2(r.report.fatal.ok(), qPrintable(r.report.fatal.toString()));
        QCOMPARE(s.target->snapshot(), s.source->snapshot());
    }

    void uidValidityChangeRematchesInsteadOfRecopying()
    {
        Scenario s = freshServers();
        fill(*s.source);
        QTemporaryDir dir;
        const QString state = dir.filePath(QStringLiteral("state.sqlite"));
        migrate(s, state);
        s.source->changeUidValidity(FolderRef::fromDisplay(QStringLiteral("INBOX")));
        const Run r = migrate(s, state);
        QCOMPARE(r.report.exitCode(), 0);
        QCOMPARE(r.report.totalCopied(), 0u);
        QVERIFY(!r.report.warnings.isEmpty());
        QCOMPARE(s.target->snapshot(), s.source->snapshot());
    }

    void sourceThatSuddenlyLooksEmptyStopsThePass()
    {
        Scenario s = freshServers();
        fill(*s.source);
        QTemporaryDir dir;
        const QString state = dir.filePath(QStringLiteral("state.sqlite"));
        migrate(s, state);
        const MemorySnapshot target = s.target->snapshot();
        const FolderRef sent = FolderRef::fromDisplay(QStringLiteral("Sent"));
        const auto sentFolder = s.source->folder(sent); // keep it alive: range-for over a temporary's member dangles
        for (const auto &m : sentFolder->messages)
            s.source->removeMessage(sent, m.uid);
        const Run r = migrate(s, state);
        QCOMPARE(r.report.fatal.code, ErrorCode::SourceEmptied);
        QVERIFY(r.report.exitCode() != 0);
        QCOMPARE(s.target->snapshot(), target);
    }

    void quotaStopsWithExit6()
    {
        Scenario s = freshServers();
        fill(*s.source);
        s.target->setQuota(2000);
        QTemporaryDir dir;
        const Run r = migrate(s, dir.filePath(QStringLiteral("state.sqlite")));
        QCOMPARE(r.report.exitCode(), 6);
        QCOMPARE(r.report.fatal.side, Side::Target);
    }

    void dryRunWritesNothing()
    {
        Scenario s = freshServers();
        fill(*s.source);
        const MemorySnapshot emptyTarget = s.target->snapshot();
        QTemporaryDir dir;
        const Run r = migrate(s, dir.filePath(QStringLiteral("state.sqlite")), [](MigrationOptions &o) { o.dryRun = true; });
        QCOMPARE(r.report.exitCode(), 0);
        QCOMPARE(int(r.report.totalCopied()), countMessages(s.source->snapshot()));
        QCOMPARE(s.target->snapshot(), emptyTarget);
    }

    void serversWithoutUidplusOrCondstore_data()
    {
        QTest::addColumn<bool>("uidplus");
        QTest::addColumn<bool>("condstore");
        QTest::addColumn<int>("depth");
        QTest::newRow("no UIDPLUS") << false << true << 0;
        QTest::newRow("no CONDSTORE") << true << false << 0;
        QTest::newRow("neither, pipelined") << false << false << 8;
        QTest::newRow("pipelined answers") << true << true << 8;
    }
    void serversWithoutUidplusOrCondstore()
    {
        QFETCH(bool, uidplus);
        QFETCH(bool, condstore);
        QFETCH(int, depth);
        Scenario s = freshServers();
        fill(*s.source);
        s.target->setUidPlus(uidplus);
        s.source->setCondStore(condstore);
        s.target->setCondStore(condstore);
        s.target->setPipelineDepth(depth);
        QTemporaryDir dir;
        const QString state = dir.filePath(QStringLiteral("state.sqlite"));
        QCOMPARE(migrate(s, state).report.exitCode(), 0);
        s.source->addMessage(QStringLiteral("INBOX"), message(700, "later"), {}, "01-Jun-2024 10:00:00 +0200");
        const Run r = migrate(s, state);
        QCOMPARE(r.report.exitCode(), 0);
        QCOMPARE(r.report.totalCopied(), 1u);
        QCOMPARE(s.target->snapshot(), s.source->snapshot());
    }

    // A date window copies only the mail that arrived inside it, counts the rest,
    // and a later wider window copies exactly what is still missing: the folders'
    // UID high-water marks from the narrow pass must not hide the older mail.
    void dateWindowThenWiderWindowCopiesTheRest()
    {
        Scenario s = freshServers();
        fill(*s.source);
        const MemorySnapshot source = s.source->snapshot();
        QTemporaryDir dir;
        const QString state = dir.filePath(QStringLiteral("state.sqlite"));
        auto since = [](const char *from) {
            return [from](MigrationOptions &o) { o.mailWindow = DateWindow::parse(QString::fromLatin1(from)).value(); };
        };
        auto folderReport = [](const Run &r, const QString &name) {
            for (const FolderReport &f : r.report.folders)
                if (f.source == name)
                    return f;
            return FolderReport{};
        };
        const QString inbox = QStringLiteral("INBOX");

        // fill(): INBOX has 10 messages from 2020 and earlier and two from 2037;
        // Sent 2021, Deep 2022, Büro 2023.
        Run r = migrate(s, state, since("2021-01-01.."));
        QCOMPARE(r.report.exitCode(), 0);
        QCOMPARE(r.report.mailWindow, QStringLiteral("2021-01-01.."));
        QCOMPARE(r.report.totalCopied(), 10u);
        QCOMPARE(r.report.totalOutsideWindow(), 10u);
        QCOMPARE(folderReport(r, inbox).outsideWindow, 10u);
        QCOMPARE(folderReport(r, inbox).copied, 2u);
        QCOMPARE(int(s.target->snapshot().folders.value(inbox).messages.size()), 2);
        // The bar's total is what was copied, not the folders' full counts.
        QCOMPARE(r.last.itemsTotal, 10u);
        QCOMPARE(r.last.itemsDone, 10u);
        QCOMPARE(r.last.types.value(QStringLiteral("mail")).total, 10u);
        QCOMPARE(s.target->snapshot().folders.value(QStringLiteral("Sent")), source.folders.value(QStringLiteral("Sent")));
        QCOMPARE(s.source->snapshot(), source);

        // Same window again: nothing to do, the count of what stays behind is kept.
        r = migrate(s, state, since("2021-01-01.."));
        QCOMPARE(r.report.totalCopied(), 0u);
        QCOMPARE(r.report.totalOutsideWindow(), 10u);
        QCOMPARE(folderReport(r, inbox).alreadyThere, 2u);
        for (const FolderReport &f : r.report.folders)
            QVERIFY2(f.skippedUnchanged, qPrintable(f.source));

        // New mail in the window arrives incrementally; new mail before it is counted.
        s.source->addMessage(inbox, message(600, "new"), {}, "02-Jun-2024 10:00:00 +0200");
        s.source->addMessage(inbox, message(601, "old"), {}, "02-Jun-2019 10:00:00 +0200");
        r = migrate(s, state, since("2021-01-01.."));
        QCOMPARE(r.report.totalCopied(), 1u);
        QCOMPARE(folderReport(r, inbox).outsideWindow, 11u);
        QCOMPARE(folderReport(r, inbox).alreadyThere, 2u);

        // Narrower: nothing new to copy, nothing removed from the target.
        r = migrate(s, state, since("2022-06-01.."));
        QCOMPARE(r.report.totalCopied(), 0u);
        QCOMPARE(int(s.target->snapshot().folders.value(inbox).messages.size()), 3);

        // Wider (all mail): exactly the messages left behind, no duplicate.
        r = migrate(s, state);
        QCOMPARE(r.report.exitCode(), 0);
        QCOMPARE(r.report.mailWindow, QString());
        QCOMPARE(r.report.totalCopied(), 11u);
        QCOMPARE(r.report.totalOutsideWindow(), 0u);
        QCOMPARE(s.target->snapshot(), s.source->snapshot());

        r = migrate(s, state);
        QCOMPARE(r.report.totalCopied(), 0u);
        for (const FolderReport &f : r.report.folders)
            QVERIFY2(f.skippedUnchanged, qPrintable(f.source));
    }

    // Stopped at every commit of a windowed pass, then resumed with all mail:
    // the result is the whole source, once.
    void windowedPassStoppedAnywhereThenWidened()
    {
        const auto narrow = DateWindow::parse(QStringLiteral("..2021-12-31")).value();
        quint64 cleanCommits = 0;
        {
            Scenario s = freshServers();
            fill(*s.source);
            QTemporaryDir dir;
            cleanCommits = migrate(s, dir.filePath(QStringLiteral("state.sqlite")), [&](MigrationOptions &o) {
                               o.mailWindow = narrow;
                           }).commits;
        }
        int stops = 0;
        for (quint64 k = 0; k <= cleanCommits; ++k) {
            for (bool before : {true, false}) {
                Scenario s = freshServers();
                fill(*s.source);
                QTemporaryDir dir;
                const QString state = dir.filePath(QStringLiteral("state.sqlite"));
                bool fired = false;
                migrate(s, state, [&](MigrationOptions &o) {
                    o.mailWindow = narrow;
                    o.stopHook = [&, k, before](quint64 commits, bool isBefore) {
                        if (commits == k && isBefore == before && !fired) {
                            fired = true;
                            return true;
                        }
                        return false;
                    };
                });
                stops += fired;
                const Run resumed = migrate(s, state);
                QVERIFY2(resumed.report.exitCode() == 0, qPrintable(QStringLiteral("k=%1 before=%2: %3").arg(k).arg(before).arg(resumed.report.fatal.toString())));
                QVERIFY2(s.target->snapshot() == s.source->snapshot(),
                         qPrintable(QStringLiteral("k=%1 before=%2:\n%3").arg(k).arg(before).arg(s.target->snapshot().describe())));
                QCOMPARE(resumed.report.totalOutsideWindow(), 0u);
            }
        }
        qInfo("windowed pass stopped at %d points over %llu commits, each resumed with all mail", stops,
              (unsigned long long)cleanCommits);
        QVERIFY2(stops > 5 && stops >= int(cleanCommits), qPrintable(QString::number(stops)));
    }

    // Stop at every commit k (just before it, and just after it), resume, and
    // compare with the clean run: same target, no duplicate, nothing pending.
    void resumeAtEveryStep()
    {
        quint64 cleanCommits = 0;
        MemorySnapshot expected;
        {
            Scenario s = freshServers();
            fill(*s.source);
            s.target->setPipelineDepth(4);
            QTemporaryDir dir;
            const Run r = migrate(s, dir.filePath(QStringLiteral("state.sqlite")));
            QCOMPARE(r.report.exitCode(), 0);
            cleanCommits = r.commits;
            expected = s.target->snapshot();
        }
        QVERIFY(cleanCommits > 10);
        int stops = 0;
        for (quint64 k = 0; k <= cleanCommits; ++k) {
            for (bool before : {true, false}) {
                Scenario s = freshServers();
                fill(*s.source);
                s.target->setPipelineDepth(4);
                QTemporaryDir dir;
                const QString state = dir.filePath(QStringLiteral("state.sqlite"));
                bool fired = false;
                migrate(s, state, [&](MigrationOptions &o) {
                    o.stopHook = [&, k, before](quint64 commits, bool isBefore) {
                        if (commits == k && isBefore == before && !fired) {
                            fired = true;
                            return true;
                        }
                        return false;
                    };
                });
                stops += fired;
                const Run resumed = migrate(s, state);
                QVERIFY2(resumed.report.exitCode() == 0,
                         qPrintable(QStringLiteral("k=%1 before=%2: %3").arg(k).arg(before).arg(resumed.report.fatal.toString())));
                QVERIFY2(s.target->snapshot() == expected,
                         qPrintable(QStringLiteral("k=%1 before=%2:\n%3").arg(k).arg(before).arg(s.target->snapshot().describe())));
                auto store = StateStore::open(state);
                QCOMPARE((*store)->countItems(ItemOutcome::Pending), 0u);
            }
        }
        qInfo("resume-at-every-step: %d stop points over %llu commits, all resumed identically", stops,
              (unsigned long long)cleanCommits);
        QVERIFY(stops >= int(cleanCommits));
    }
};

QTEST_GUILESS_MAIN(TestMigrationEngine)
#include "tst_migrationengine.moc"
