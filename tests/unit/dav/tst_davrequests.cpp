// Request bodies (davrequests) and href helpers (davhref): exact bodies for the
// RFC examples' shapes, escaping, and percent-encoding of awkward UIDs.
#include <dav/davhref.h>
#include <dav/davrequests.h>
#include <dav/multistatus.h>

#include <QTest>
#include <QXmlStreamReader>

using namespace ferry;

namespace {

// Element names of a document in order as "{ns}name", plus attribute name=value.
QStringList outline(const QByteArray &xml)
{
    QStringList out;
    QXmlStreamReader r(xml);
    while (!r.atEnd()) {
        r.readNext();
        if (r.isStartElement()) {
            QString item = QLatin1Char('{') + r.namespaceUri().toString() + QLatin1Char('}') + r.name().toString();
            for (const QXmlStreamAttribute &a : r.attributes())
                item += QLatin1Char(' ') + a.name().toString() + QLatin1Char('=') + a.value().toString();
            out.append(item);
        } else if (r.isCharacters() && !r.isWhitespace()) {
            out.append(QLatin1Char('"') + r.text().toString() + QLatin1Char('"'));
        }
    }
    if (r.hasError())
        out.append(QStringLiteral("ERROR ") + r.errorString());
    return out;
}

const QString D = QStringLiteral("{DAV:}");
const QString C = QStringLiteral("{urn:ietf:params:xml:ns:caldav}");
const QString CARD = QStringLiteral("{urn:ietf:params:xml:ns:carddav}");
const QString A = QStringLiteral("{http://apple.com/ns/ical/}");

} // namespace

class TestDavRequests : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void encodeSegment_data()
    {
        QTest::addColumn<QString>("segment");
        QTest::addColumn<QByteArray>("encoded");
        QTest::newRow("plain") << QStringLiteral("abc-123_x.ics") << QByteArray("abc-123_x.ics");
        QTest::newRow("at sign kept") << QStringLiteral("0123@google.com.ics") << QByteArray("0123@google.com.ics");
        QTest::newRow("slash") << QStringLiteral("a/b.ics") << QByteArray("a%2Fb.ics");
        QTest::newRow("space") << QStringLiteral("my event.ics") << QByteArray("my%20event.ics");
        QTest::newRow("non-ascii") << QStringLiteral("r\u00E9union.ics") << QByteArray("r%C3%A9union.ics");
        QTest::newRow("percent") << QStringLiteral("100%.ics") << QByteArray("100%25.ics");
        QTest::newRow("reserved") << QStringLiteral("a?b#c&d+e:f") << QByteArray("a%3Fb%23c%26d%2Be%3Af");
        QTest::newRow("emoji") << QString::fromUtf8("\xF0\x9F\x8E\x89") << QByteArray("%F0%9F%8E%89");
    }
    void encodeSegment()
    {
        QFETCH(QString, segment);
        QFETCH(QByteArray, encoded);
        QCOMPARE(davhref::encodeSegment(segment), encoded);
        QCOMPARE(davhref::decode(encoded), segment);
        QCOMPARE(davhref::lastSegment("/cal/" + encoded), segment);
    }

    void canonical_data()
    {
        QTest::addColumn<QByteArray>("href");
        QTest::addColumn<QByteArray>("canonical");
        QTest::newRow("plain") << QByteArray("/cal/a.ics") << QByteArray("/cal/a.ics");
        QTest::newRow("encoded at") << QByteArray("/cal/a%40b.ics") << QByteArray("/cal/a@b.ics");
        QTest::newRow("lower-case hex") << QByteArray("/cal/r%c3%a9.ics") << QByteArray("/cal/r%C3%A9.ics");
        QTest::newRow("raw utf-8") << QByteArray("/cal/r\xC3\xA9.ics") << QByteArray("/cal/r%C3%A9.ics");
        QTest::newRow("raw space") << QByteArray("/cal/a b.ics") << QByteArray("/cal/a%20b.ics");
        QTest::newRow("absolute url") << QByteArray("https://h.example:8443/cal/x.ics?x=1") << QByteArray("/cal/x.ics");
        QTest::newRow("collection") << QByteArray("/cal//home/") << QByteArray("/cal/home/");
        QTest::newRow("encoded slash stays") << QByteArray("/cal/a%2fb.ics") << QByteArray("/cal/a%2Fb.ics");
        QTest::newRow("root") << QByteArray("/") << QByteArray("/");
        QTest::newRow("host only") << QByteArray("https://h.example") << QByteArray();
        QTest::newRow("bad percent") << QByteArray("/cal/100%zz") << QByteArray("/cal/100%25zz");
    }
    void canonical()
    {
        QFETCH(QByteArray, href);
        QTEST(davhref::canonicalPath(href), "canonical");
    }

    void pathHelpers()
    {
        QCOMPARE(davhref::parent("/cal/home/x.ics"), QByteArray("/cal/home/"));
        QCOMPARE(davhref::parent("/cal/home/"), QByteArray("/cal/"));
        QCOMPARE(davhref::join("/cal/home", QStringLiteral("a/b c.ics")), QByteArray("/cal/home/a%2Fb%20c.ics"));
        QVERIFY(davhref::sameCollection("/cal/home", "https://x/cal/home/"));
        QVERIFY(davhref::sameResource("/cal/a%40b.ics", "/cal/a@b.ics"));
        QVERIFY(!davhref::sameResource("/cal/a.ics", "/cal/A.ics"));
        QCOMPARE(davhref::resourceNameForUid(QStringLiteral("abc@example.com"), QStringLiteral(".ics")),
                 QStringLiteral("abc@example.com.ics"));
        const QString hashed = davhref::resourceNameForUid(QStringLiteral("a/b c"), QStringLiteral(".vcf"));
        QCOMPARE(hashed.size(), 40 + 4);
        QVERIFY(hashed.endsWith(QLatin1String(".vcf")));
        QCOMPARE(hashed, davhref::resourceNameForUid(QStringLiteral("a/b c"), QStringLiteral(".vcf")));
    }

    void multiget()
    {
        const QByteArray body = davrequests::calendarMultiget({"/cal/a%20b.ics", "/cal/x&y.ics"});
        QCOMPARE(outline(body), (QStringList{C + QStringLiteral("calendar-multiget"), D + QStringLiteral("prop"),
                                             D + QStringLiteral("getetag"), C + QStringLiteral("calendar-data"),
                                             D + QStringLiteral("href"), QStringLiteral("\"/cal/a%20b.ics\""),
                                             D + QStringLiteral("href"), QStringLiteral("\"/cal/x&y.ics\"")}));
        QVERIFY(body.contains("x&amp;y"));
        const QByteArray cards = davrequests::addressbookMultiget({"/ab/1.vcf"});
        QCOMPARE(outline(cards).value(0), CARD + QStringLiteral("addressbook-multiget"));
        QCOMPARE(outline(cards).value(3), CARD + QStringLiteral("address-data"));
    }

    void syncCollection_data()
    {
        QTest::addColumn<QByteArray>("token");
        QTest::newRow("initial") << QByteArray();
        QTest::newRow("token") << QByteArray("http://radicale.org/ns/sync/abc");
    }
    void syncCollection()
    {
        QFETCH(QByteArray, token);
        const QStringList o = outline(davrequests::syncCollection(token));
        QStringList expected{D + QStringLiteral("sync-collection"), D + QStringLiteral("sync-token")};
        if (!token.isEmpty())
            expected << QLatin1Char('"') + QString::fromUtf8(token) + QLatin1Char('"');
        expected << D + QStringLiteral("sync-level") << QStringLiteral("\"1\"") << D + QStringLiteral("prop")
                 << D + QStringLiteral("getetag") << D + QStringLiteral("getcontenttype");
        QCOMPARE(o, expected);
    }

    void mkcalendar()
    {
        DavCollectionSettings s;
        s.displayName = QStringLiteral("Work <& play>");
        s.description = QStringLiteral("desc");
        s.color = QStringLiteral("#FF0000FF");
        s.order = QStringLiteral("2");
        s.components = {QStringLiteral("VEVENT"), QStringLiteral("vtodo")};
        QCOMPARE(outline(davrequests::mkcalendar(s)),
                 (QStringList{C + QStringLiteral("mkcalendar"), D + QStringLiteral("set"), D + QStringLiteral("prop"),
                              D + QStringLiteral("displayname"), QStringLiteral("\"Work <& play>\""),
                              C + QStringLiteral("calendar-description"), QStringLiteral("\"desc\""),
                              A + QStringLiteral("calendar-color"), QStringLiteral("\"#FF0000FF\""),
                              A + QStringLiteral("calendar-order"), QStringLiteral("\"2\""),
                              C + QStringLiteral("supported-calendar-component-set"), C + QStringLiteral("comp name=VEVENT"),
                              C + QStringLiteral("comp name=VTODO")}));
        // Only what is set is sent.
        DavCollectionSettings bare;
        QCOMPARE(outline(davrequests::mkcalendar(bare)),
                 (QStringList{C + QStringLiteral("mkcalendar"), D + QStringLiteral("set"), D + QStringLiteral("prop")}));
    }

    void mkcolAddressbook()
    {
        DavCollectionSettings s;
        s.displayName = QStringLiteral("Friends");
        s.description = QStringLiteral("people");
        s.color = QStringLiteral("#00FF00"); // not an address book property: not sent
        QCOMPARE(outline(davrequests::mkcolAddressbook(s)),
                 (QStringList{D + QStringLiteral("mkcol"), D + QStringLiteral("set"), D + QStringLiteral("prop"),
                              D + QStringLiteral("resourcetype"), D + QStringLiteral("collection"),
                              CARD + QStringLiteral("addressbook"), D + QStringLiteral("displayname"),
                              QStringLiteral("\"Friends\""), CARD + QStringLiteral("addressbook-description"),
                              QStringLiteral("\"people\"")}));
    }

    void proppatch()
    {
        DavCollectionSettings s;
        s.displayName = QStringLiteral("N");
        s.color = QStringLiteral("#123456");
        QCOMPARE(outline(davrequests::proppatch(s, true)),
                 (QStringList{D + QStringLiteral("propertyupdate"), D + QStringLiteral("set"), D + QStringLiteral("prop"),
                              D + QStringLiteral("displayname"), QStringLiteral("\"N\""),
                              A + QStringLiteral("calendar-color"), QStringLiteral("\"#123456\"")}));
    }

    void propfindsParseAsXml()
    {
        for (const QByteArray &body : {davrequests::propfindPrincipal(), davrequests::propfindHomes(),
                                       davrequests::propfindCollections(), davrequests::propfindEtags(),
                                       davrequests::propfindCtag()}) {
            const QStringList o = outline(body);
            QCOMPARE(o.value(0), D + QStringLiteral("propfind"));
            QCOMPARE(o.value(1), D + QStringLiteral("prop"));
            QVERIFY(o.size() > 2);
            QVERIFY(!o.last().startsWith(QLatin1String("ERROR")));
        }
        QVERIFY(outline(davrequests::propfindHomes()).contains(C + QStringLiteral("calendar-home-set")));
    }

    void controlCharactersStayWellFormed()
    {
        DavCollectionSettings s;
        s.displayName = QStringLiteral("bad\x01name");
        const QByteArray body = davrequests::mkcalendar(s);
        const QStringList o = outline(body);
        QVERIFY(!o.last().startsWith(QLatin1String("ERROR")));
        QVERIFY(o.contains(QStringLiteral("\"bad\uFFFDname\"")));
    }
};

QTEST_GUILESS_MAIN(TestDavRequests)
#include "tst_davrequests.moc"
