// Discovery decisions without a network: where to look (RFC 6764 SRV/TXT and
// /.well-known, through a table-driven resolver), which hosts may receive the
// password, href resolution; and the UID extraction of the connector.
#include <dav/davconnector.h>
#include <dav/davdiscovery.h>
#include <dav/davsrvresolver.h>

#include <QTest>

using namespace ferry;

namespace {

class TableResolver : public DavSrvResolver {
public:
    QHash<QString, QList<Target>> srv;
    QHash<QString, QString> txt;
    QStringList asked;
    QList<Target> lookupSrv(const QString &name) override
    {
        asked.append(name);
        return srv.value(name);
    }
    QString lookupTxtPath(const QString &name) override { return txt.value(name); }
};

Endpoint endpointFor(const QString &host, quint16 port = 443)
{
    Endpoint e;
    e.scheme = QStringLiteral("https");
    e.user = QStringLiteral("alice");
    e.host = host;
    e.port = port;
    return e;
}

QStringList urls(const QList<DavDiscovery::Context> &contexts)
{
    QStringList out;
    for (const auto &c : contexts)
        out.append(QString::fromUtf8(c.url));
    return out;
}

} // namespace

class TestDavDiscovery : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void contextsWithoutSrv()
    {
        TableResolver r;
        QCOMPARE(urls(DavDiscovery::contexts(endpointFor(QStringLiteral("dav.example.com")), &r)),
                 (QStringList{QStringLiteral("https://dav.example.com/.well-known/caldav"),
                              QStringLiteral("https://dav.example.com/.well-known/carddav"),
                              QStringLiteral("https://dav.example.com/")}));
        QCOMPARE(r.asked, (QStringList{QStringLiteral("_caldavs._tcp.dav.example.com"),
                                       QStringLiteral("_carddavs._tcp.dav.example.com")}));
    }

    void contextsWithSrvAndTxt()
    {
        TableResolver r;
        r.srv.insert(QStringLiteral("_caldavs._tcp.example.com"),
                     {{QStringLiteral("evil.example.net"), 443, 0, 0}, {QStringLiteral("cal.example.com"), 8443, 10, 0}});
        r.txt.insert(QStringLiteral("_caldavs._tcp.example.com"), QStringLiteral("/dav/principals/"));
        r.srv.insert(QStringLiteral("_carddavs._tcp.example.com"), {{QStringLiteral("card.example.com"), 443, 0, 0}});
        // The other-domain target is skipped; the TXT path comes first.
        QCOMPARE(urls(DavDiscovery::contexts(endpointFor(QStringLiteral("example.com"), 443), &r)),
                 (QStringList{QStringLiteral("https://cal.example.com:8443/dav/principals/"),
                              QStringLiteral("https://cal.example.com:8443/.well-known/caldav"),
                              QStringLiteral("https://card.example.com/.well-known/carddav"),
                              QStringLiteral("https://example.com/.well-known/caldav"),
                              QStringLiteral("https://example.com/.well-known/carddav"),
                              QStringLiteral("https://example.com/")}));
    }

    void noSrvForAddresses()
    {
        TableResolver r;
        QCOMPARE(urls(DavDiscovery::contexts(endpointFor(QStringLiteral("127.0.0.1"), 5232), &r)).value(0),
                 QStringLiteral("https://127.0.0.1:5232/.well-known/caldav"));
        DavDiscovery::contexts(endpointFor(QStringLiteral("::1"), 5232), &r);
        DavDiscovery::contexts(endpointFor(QStringLiteral("localhost")), &r);
        QVERIFY(r.asked.isEmpty());
        QCOMPARE(urls(DavDiscovery::contexts(endpointFor(QStringLiteral("::1"), 8443), nullptr)).value(2),
                 QStringLiteral("https://[::1]:8443/"));
    }

    void mayFollow_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("same") << QStringLiteral("dav.example.com") << QStringLiteral("DAV.example.com") << true;
        QTest::newRow("subdomain") << QStringLiteral("example.com") << QStringLiteral("cal.example.com") << true;
        QTest::newRow("sibling") << QStringLiteral("caldav.icloud.com") << QStringLiteral("p42-caldav.icloud.com") << true;
        QTest::newRow("parent") << QStringLiteral("www.example.com") << QStringLiteral("example.com") << true;
        QTest::newRow("other domain") << QStringLiteral("www.google.com") << QStringLiteral("apidata.googleusercontent.com")
                                      << false;
        QTest::newRow("tld sibling") << QStringLiteral("example.com") << QStringLiteral("evil.com") << false;
        QTest::newRow("suffix trick") << QStringLiteral("example.com") << QStringLiteral("badexample.com") << false;
        QTest::newRow("ip same") << QStringLiteral("127.0.0.1") << QStringLiteral("127.0.0.1") << true;
        QTest::newRow("ip other") << QStringLiteral("127.0.0.1") << QStringLiteral("127.0.0.2") << false;
        QTest::newRow("ip to name") << QStringLiteral("10.0.0.1") << QStringLiteral("x.0.0.1") << false;
    }
    void mayFollow()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QTEST(DavDiscovery::mayFollow(from, to), "allowed");
    }

    void resolve_data()
    {
        QTest::addColumn<QByteArray>("base");
        QTest::addColumn<QByteArray>("href");
        QTest::addColumn<QByteArray>("url");
        QTest::newRow("path") << QByteArray("https://h:8443/.well-known/caldav") << QByteArray("/principals/alice/")
                              << QByteArray("https://h:8443/principals/alice/");
        QTest::newRow("absolute") << QByteArray("https://h/") << QByteArray("https://p01.h/x/")
                                  << QByteArray("https://p01.h/x/");
        QTest::newRow("relative") << QByteArray("https://h/cal/") << QByteArray("work/") << QByteArray("https://h/cal/work/");
        QTest::newRow("encoded") << QByteArray("https://h/") << QByteArray("/a%20b/c%40d/")
                                 << QByteArray("https://h/a%20b/c%40d/");
    }
    void resolve()
    {
        QFETCH(QByteArray, base);
        QFETCH(QByteArray, href);
        QTEST(DavDiscovery::resolve(base, href), "url");
    }

    void uid_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QByteArray>("uid");
        QTest::newRow("ical") << QByteArray("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:abc@x\r\nEND:VEVENT\r\n") << QByteArray("abc@x");
        QTest::newRow("folded") << QByteArray("BEGIN:VCARD\r\nUID:urn:uuid:12\r\n 34\r\nEND:VCARD\r\n")
                                << QByteArray("urn:uuid:1234");
        QTest::newRow("parameter") << QByteArray("BEGIN:VCARD\r\nUID;VALUE=\"te:xt\":x/1\r\nEND:VCARD\r\n") << QByteArray("x/1");
        QTest::newRow("lower case, LF") << QByteArray("BEGIN:VCARD\nuid:q\nEND:VCARD\n") << QByteArray("q");
        QTest::newRow("not UIDX") << QByteArray("UIDX:no\r\nUID:yes\r\n") << QByteArray("yes");
        QTest::newRow("none") << QByteArray("BEGIN:VCARD\r\nFN:x\r\nEND:VCARD\r\n") << QByteArray();
    }
    void uid()
    {
        QFETCH(QByteArray, data);
        QTEST(objectUid(data), "uid");
    }
};

QTEST_GUILESS_MAIN(TestDavDiscovery)
#include "tst_davdiscovery.moc"
