// The per-server budget of `ferry-cli batch`: each run's share of connections and
// the gate that keeps every host at or under --per-server.
#include <batchhosts.h>

#include <QTest>

using namespace ferry;
using namespace ferry::cli;
using namespace Qt::StringLiterals;

namespace {
Endpoint at(const QString &host, quint16 port = 993)
{
    Endpoint e;
    e.scheme = u"imaps"_s;
    e.host = host;
    e.port = port;
    e.user = u"u"_s;
    return e;
}
} // namespace

class TestBatchHosts : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void share_data()
    {
        QTest::addColumn<int>("peopleOnTarget"); // people of the batch on the shared target
        QTest::addColumn<int>("parallel");
        QTest::addColumn<int>("perServer");
        QTest::addColumn<bool>("sameHost");      // source and target on one server
        QTest::addColumn<int>("expected");

        QTest::newRow("alone: the engine's 4") << 1 << 2 << 8 << false << 4;
        QTest::newRow("defaults, many people") << 50 << 2 << 8 << false << 4;
        QTest::newRow("three at once, cap 8") << 50 << 3 << 8 << false << 2;
        QTest::newRow("cap 4, three at once") << 5 << 3 << 4 << false << 1;
        QTest::newRow("fewer people than parallel") << 2 << 10 << 8 << false << 4;
        QTest::newRow("never below one") << 50 << 16 << 8 << false << 1;
        QTest::newRow("one server both sides") << 50 << 2 << 8 << true << 2;
    }
    void share()
    {
        QFETCH(int, peopleOnTarget);
        QFETCH(int, parallel);
        QFETCH(int, perServer);
        QFETCH(bool, sameHost);
        QFETCH(int, expected);
        const Endpoint src = sameHost ? at(u"mail.example"_s) : at(u"old-"_s + QString::number(peopleOnTarget) + u".example"_s);
        const HostLoad accounts = accountsPerHost({src, at(u"mail.example"_s), Endpoint{}, Endpoint{}});
        HostLoad sharing{{hostKey(at(u"mail.example"_s)), peopleOnTarget}, {hostKey(src), peopleOnTarget}};
        if (!sameHost)
            sharing[hostKey(src)] = 1;
        QCOMPARE(connectionsFor(accounts, sharing, parallel, perServer), expected);
    }

    void hostKeys()
    {
        QCOMPARE(hostKey(at(u"Mail.Example"_s, 1993)), u"mail.example:1993"_s);
        QCOMPARE(hostKey(Endpoint{}), QString());
        const HostLoad load = accountsPerHost({at(u"a"_s), at(u"a"_s), at(u"a"_s, 1), Endpoint{}});
        QCOMPARE(load.value(u"a:993"_s), 2);
        QCOMPARE(load.value(u"a:1"_s), 1);
        QCOMPARE(load.size(), 2);
    }

    void gate()
    {
        HostBudget budget(8);
        const HostLoad one{{u"t:993"_s, 4}, {u"s1:993"_s, 4}};
        const HostLoad two{{u"t:993"_s, 4}, {u"s2:993"_s, 4}};
        const HostLoad three{{u"t:993"_s, 4}, {u"s3:993"_s, 4}};
        QVERIFY(budget.fits(one));
        budget.take(one);
        QVERIFY(budget.fits(two));
        budget.take(two);
        QCOMPARE(budget.inUse(u"t:993"_s), 8);
        QVERIFY(!budget.fits(three));      // t would see 12
        QVERIFY(budget.fits({{u"s3:993"_s, 4}})); // another server is free
        budget.release(one);
        QVERIFY(budget.fits(three));
        budget.take(three);
        QCOMPARE(budget.inUse(u"t:993"_s), 8);
        budget.release(two);
        budget.release(three);
        QCOMPARE(budget.inUse(u"t:993"_s), 0);
    }

    void oversizedRunStartsOnIdleHosts()
    {
        HostBudget budget(1);
        const HostLoad both{{u"m:993"_s, 2}};
        QVERIFY(budget.fits(both)); // alone it may exceed the cap, or it would never run
        budget.take(both);
        QVERIFY(!budget.fits({{u"m:993"_s, 1}}));
    }
};

QTEST_GUILESS_MAIN(TestBatchHosts)
#include "tst_batchhosts.moc"
