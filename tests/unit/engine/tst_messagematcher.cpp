// Matching a source message to its copy on the target.
#include <engine/messagematcher.h>

#include <QTest>

using namespace ferry;

namespace {
ItemMeta item(const char *id, const char *mid, qint64 size, const char *date)
{
    ItemMeta m;
    m.id = id;
    m.messageId = mid;
    m.size = size;
    m.internalDate = date;
    return m;
}
} // namespace

class TestMessageMatcher : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void internalDate_data()
    {
        QTest::addColumn<QByteArray>("date");
        QTest::addColumn<qint64>("epoch");
        QTest::newRow("utc") << QByteArray("01-Jan-1970 00:00:00 +0000") << qint64(0);
        QTest::newRow("offset") << QByteArray("17-Jul-1996 02:44:25 -0700") << qint64(837596665);
        QTest::newRow("quoted, space-padded day") << QByteArray("\" 1-Jan-2037 01:00:00 +0100\"") << qint64(2114380800);
        QTest::newRow("garbage") << QByteArray("yesterday") << qint64(-1);
    }
    void internalDate()
    {
        QFETCH(QByteArray, date);
        QFETCH(qint64, epoch);
        QCOMPARE(internalDateToEpoch(date), epoch);
    }
    void sameInstantInAnotherZoneMatches()
    {
        MessageMatcher m;
        m.addTargetItems({item("7", "<a@x>", 100, "17-Jul-1996 11:44:25 +0200")});
        const auto r = m.find(item("1", "<a@x>", 100, "17-Jul-1996 02:44:25 -0700"), true);
        QCOMPARE(r.targetId, QByteArray("7"));
        // consumed: a second source item with the same key finds nothing
        QVERIFY(m.find(item("2", "<a@x>", 100, "17-Jul-1996 02:44:25 -0700"), true).targetId.isEmpty());
    }
    void differentSizeDoesNotMatch()
    {
        MessageMatcher m;
        m.addTargetItems({item("7", "<a@x>", 100, "17-Jul-1996 02:44:25 -0700")});
        QVERIFY(m.find(item("1", "<a@x>", 101, "17-Jul-1996 02:44:25 -0700"), true).targetId.isEmpty());
    }
    void noMessageIdNeedsHash()
    {
        MessageMatcher m;
        m.addTargetItems({item("7", "", 100, "17-Jul-1996 02:44:25 -0700")});
        const auto r = m.find(item("1", "", 100, "17-Jul-1996 02:44:25 -0700"), true);
        QVERIFY(r.targetId.isEmpty());
        QVERIFY(r.needsHashCheck);
        QCOMPARE(r.candidates, QList<QByteArray>{"7"});
    }
    void alreadyMappedTargetIsNotReused()
    {
        MessageMatcher m;
        m.addTargetItems({item("7", "<a@x>", 100, "17-Jul-1996 02:44:25 -0700")}, {QByteArray("7")});
        QVERIFY(m.find(item("1", "<a@x>", 100, "17-Jul-1996 02:44:25 -0700"), true).targetId.isEmpty());
    }
    void ambiguousSourceKeyNeedsHash()
    {
        MessageMatcher m;
        m.addTargetItems({item("7", "<a@x>", 100, "17-Jul-1996 02:44:25 -0700")});
        QVERIFY(m.find(item("1", "<a@x>", 100, "17-Jul-1996 02:44:25 -0700"), false).needsHashCheck);
    }
};

QTEST_GUILESS_MAIN(TestMessageMatcher)
#include "tst_messagematcher.moc"
