// The engine's reconnect budget (MigrationOptions::maxRetries) against the
// in-memory connector: it counts network faults in a row without progress, so a
// long copy over a line that drops again and again gets to the end as long as
// each connection moves it on, while a server that fails at once after every
// reconnect stops the pass after maxRetries reconnects with a network error.
// Every fault is counted in MigrationReport::interruptions.
#include <engine/migrationengine.h>
#include <memory/memoryserver.h>
#include <registerall.h>
#include <samplemailbox.h>
#include <state/statestore.h>

#include <QTemporaryDir>
#include <QTest>

#include <atomic>

using namespace ferry;

namespace {

int g_servers = 0;

struct Outcome {
    MigrationReport report;
    int faults = 0; // faults armed by the test that fired
    MemorySnapshot source;
    MemorySnapshot target;
};

// Copies 120 messages with one connection pair; once copying starts, every
// `everyOps`-th operation on the faulty side fails with a network error (re-armed
// after each reconnect), at most `maxFaults` times.
Outcome copyWithFaults(bool onTarget, int everyOps, int maxFaults, int maxRetries)
{
    ++g_servers;
    const QString src = QStringLiteral("rbsrc%1").arg(g_servers), tgt = QStringLiteral("rbtgt%1").arg(g_servers);
    MemoryServer::reset(src);
    MemoryServer::reset(tgt);
    auto source = MemoryServer::named(src);
    auto target = MemoryServer::named(tgt);
    for (int i = 0; i < 120; ++i)
        source->addMessage(QStringLiteral("INBOX"), test::sampleMessage(i, "inbox"), {}, "01-Feb-2021 10:00:00 +0000");
    MemoryServer &faulty = onTarget ? *target : *source;

    MigrationOptions o;
    o.source = *Endpoint::parse(QStringLiteral("memory://alice@") + src);
    o.target = *Endpoint::parse(QStringLiteral("memory://bob@") + tgt);
    o.connections = 1;
    o.batchItems = 4;
    o.confirmEvery = 1;
    o.firstBackoffMs = 1;
    o.maxBackoffMs = 4;
    o.maxRetries = maxRetries;

    QTemporaryDir dir;
    auto store = StateStore::open(dir.filePath(QStringLiteral("state.sqlite")));
    if (!store.ok())
        qFatal("state: %s", qPrintable(store.error().toString()));
    MigrationEngine engine(o, *store);
    Outcome out;
    std::atomic<int> armed{0};
    engine.setProgressSink([&](const ProgressEvent &e) {
        const bool start = e.kind == ProgressEvent::Kind::Phase && e.phase == QLatin1String("copying");
        const bool lost = e.kind == ProgressEvent::Kind::Warning && e.message.startsWith(QLatin1String("connection lost"));
        if (lost)
            ++out.faults;
        if ((start || lost) && armed < maxFaults) {
            ++armed;
            faulty.failOperation(quint64(everyOps));
        }
    });
    out.report = engine.run();
    if (!out.report.fatal.ok() && out.report.fatal.isTransient())
        ++out.faults; // the last one, given up on (no warning: no reconnect follows)
    out.source = source->snapshot();
    out.target = target->snapshot();
    return out;
}

} // namespace

class TestReconnectBudget : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { registerAllConnectors(); }

    // Far more faults than maxRetries, each after some progress: the copy ends
    // complete, every fault counted and followed by a reconnect.
    void faultsWithProgressNeverExhaustTheBudget_data()
    {
        QTest::addColumn<bool>("onTarget");
        QTest::addColumn<int>("everyOps");
        QTest::newRow("source drops every 4 operations") << false << 4;
        QTest::newRow("target drops every 8 operations") << true << 8;
        QTest::newRow("target drops every 16 operations") << true << 16;
    }
    void faultsWithProgressNeverExhaustTheBudget()
    {
        QFETCH(bool, onTarget);
        QFETCH(int, everyOps);
        const int maxRetries = 2;
        const Outcome o = copyWithFaults(onTarget, everyOps, 12, maxRetries);
        QVERIFY2(o.report.fatal.ok(), qPrintable(o.report.fatal.toString()));
        QCOMPARE(o.report.exitCode(), 0);
        QCOMPARE(o.target, o.source);
        QVERIFY2(o.faults > maxRetries + 1, qPrintable(QString::number(o.faults)));
        // The report counts what every attempt copied, not only the last one.
        QCOMPARE(o.report.totalCopied(), quint64(120));
        QCOMPARE(o.report.totalAlreadyThere(), quint64(0));
        quint64 bytes = 0;
        for (int i = 0; i < 120; ++i)
            bytes += quint64(test::sampleMessage(i, "inbox").size());
        QCOMPARE(o.report.totalBytes(), bytes);
        QCOMPARE(int(o.report.interruptions.total()), o.faults);
        QCOMPARE(int(o.report.interruptions.reconnects), o.faults);
        QCOMPARE(int(onTarget ? o.report.interruptions.target : o.report.interruptions.source), o.faults);
        QVERIFY(o.report.interruptions.waitedSeconds > 0);
        QCOMPARE(o.report.toJson().value(QLatin1String("interruptions")).toObject().value(QLatin1String("total")).toInt(),
                 o.faults);
    }

    // A fault at the first operation after every reconnect is no progress: the
    // pass stops after maxRetries reconnects, with a network error (exit 5) that
    // says what to do, and the journal lets the next run finish the copy.
    void faultsWithoutProgressStopThePass_data()
    {
        QTest::addColumn<int>("maxRetries");
        QTest::newRow("budget 2") << 2;
        QTest::newRow("budget 4") << 4;
    }
    void faultsWithoutProgressStopThePass()
    {
        QFETCH(int, maxRetries);
        const Outcome o = copyWithFaults(true, 1, 100, maxRetries);
        QCOMPARE(o.report.fatal.code, ErrorCode::Network);
        QCOMPARE(o.report.exitCode(), 5);
        QVERIFY2(o.report.fatal.hint.contains(QLatin1String("run the same command again")), qPrintable(o.report.fatal.hint));
        QCOMPARE(int(o.report.interruptions.total()), maxRetries + 1);
        QCOMPARE(int(o.report.interruptions.reconnects), maxRetries);
    }
};

QTEST_GUILESS_MAIN(TestReconnectBudget)
#include "tst_reconnectbudget.moc"
