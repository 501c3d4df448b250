// MultistatusParser: the spellings of Radicale, Nextcloud/SabreDAV, iCloud and
// Google; prefixes and default namespaces; missing (404) properties;
// sync-collection with removals; error bodies; hostile XML.
#include <dav/multistatus.h>

#include <QTest>

using namespace ferry;

namespace {

Multistatus parseOk(const QByteArray &xml)
{
    Multistatus ms;
    QString error;
    const bool ok = MultistatusParser::parse(xml, ms, error);
    if (!ok)
        qWarning("parse failed: %s", qPrintable(error));
    return ok ? ms : Multistatus{};
}

} // namespace

class TestMultistatus : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void collections_data()
    {
        QTest::addColumn<QByteArray>("xml");
        QTest::addColumn<QByteArray>("href");
        QTest::addColumn<QString>("displayName");
        QTest::addColumn<QString>("color");
        QTest::addColumn<QString>("description");
        QTest::addColumn<QStringList>("components");
        QTest::addColumn<QByteArray>("ctag");
        QTest::addColumn<QByteArray>("syncToken");
        QTest::addColumn<bool>("calendar");

        // Radicale 3: default namespace DAV:, prefixes C/CS/ICAL, one propstat for
        // found and one 404 propstat for missing properties.
        QTest::newRow("radicale")
            << QByteArray("<?xml version='1.0' encoding='utf-8'?>\n"
                          "<multistatus xmlns=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\" "
                          "xmlns:CS=\"http://calendarserver.org/ns/\" xmlns:ICAL=\"http://apple.com/ns/ical/\">"
                          "<response><href>/alice/cal%20one/</href><propstat><prop>"
                          "<resourcetype><C:calendar /><collection /></resourcetype>"
                          "<displayname>Work</displayname><ICAL:calendar-color>#ff0000ff</ICAL:calendar-color>"
                          "<C:supported-calendar-component-set><C:comp name=\"VEVENT\" /><C:comp name=\"VTODO\" />"
                          "</C:supported-calendar-component-set><CS:getctag>\"abc\"</CS:getctag>"
                          "<sync-token>http://radicale.org/ns/sync/abc</sync-token></prop>"
                          "<status>HTTP/1.1 200 OK</status></propstat>"
                          "<propstat><prop><C:calendar-description /><ICAL:calendar-order /></prop>"
                          "<status>HTTP/1.1 404 Not Found</status></propstat></response></multistatus>")
            << QByteArray("/alice/cal%20one/") << QStringLiteral("Work") << QStringLiteral("#ff0000ff") << QString()
            << QStringList{QStringLiteral("VEVENT"), QStringLiteral("VTODO")} << QByteArray("\"abc\"")
            << QByteArray("http://radicale.org/ns/sync/abc") << true;
        // SabreDAV (Nextcloud): d:/cal:/cs:/x1: prefixes, absolute path with index.php.
        QTest::newRow("sabredav")
            << QByteArray("<?xml version=\"1.0\"?>\n<d:multistatus xmlns:d=\"DAV:\" xmlns:s=\"http://sabredav.org/ns\" "
                          "xmlns:cal=\"urn:ietf:params:xml:ns:caldav\" xmlns:cs=\"http://calendarserver.org/ns/\" "
                          "xmlns:oc=\"http://owncloud.org/ns\" xmlns:x1=\"http://apple.com/ns/ical/\">"
                          "<d:response><d:href>/remote.php/dav/calendars/alice/personal/</d:href><d:propstat><d:prop>"
                          "<d:resourcetype><d:collection/><cal:calendar/></d:resourcetype>"
                          "<d:displayname>Personal</d:displayname><x1:calendar-color>#0082C9</x1:calendar-color>"
                          "<x1:calendar-order>3</x1:calendar-order>"
                          "<cal:calendar-description>Mine &amp; yours</cal:calendar-description>"
                          "<cal:supported-calendar-component-set><cal:comp name=\"VEVENT\"/></cal:supported-calendar-component-set>"
                          "<cs:getctag>http://sabre.io/ns/sync/17</cs:getctag><d:sync-token>http://sabre.io/ns/sync/17</d:sync-token>"
                          "</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>")
            << QByteArray("/remote.php/dav/calendars/alice/personal/") << QStringLiteral("Personal")
            << QStringLiteral("#0082C9") << QStringLiteral("Mine & yours") << QStringList{QStringLiteral("VEVENT")}
            << QByteArray("http://sabre.io/ns/sync/17") << QByteArray("http://sabre.io/ns/sync/17") << true;
        // iCloud: upper-case prefixes, absolute URLs, CDATA, the colour with its "symbolic" attribute.
        QTest::newRow("icloud")
            << QByteArray("<?xml version='1.0' encoding='UTF-8'?><multistatus xmlns='DAV:'>"
                          "<response><href>https://p42-caldav.icloud.com/123/calendars/home/</href><propstat><prop>"
                          "<resourcetype xmlns='DAV:'><collection/><calendar xmlns='urn:ietf:params:xml:ns:caldav'/></resourcetype>"
                          "<displayname xmlns='DAV:'><![CDATA[Home]]></displayname>"
                          "<calendar-color xmlns='http://apple.com/ns/ical/' symbolic-color='orange'>#FF9500</calendar-color>"
                          "<supported-calendar-component-set xmlns='urn:ietf:params:xml:ns:caldav'>"
                          "<comp name='VEVENT'/></supported-calendar-component-set>"
                          "<getctag xmlns='http://calendarserver.org/ns/'>HwoQEgwAAB</getctag>"
                          "</prop><status>HTTP/1.1 200 OK</status></propstat></response></multistatus>")
            << QByteArray("https://p42-caldav.icloud.com/123/calendars/home/") << QStringLiteral("Home")
            << QStringLiteral("#FF9500") << QString() << QStringList{QStringLiteral("VEVENT")}
            << QByteArray("HwoQEgwAAB") << QByteArray() << true;
        // Google: D:/C:/ prefixes, lower-case comp names, HTTP/1.1 status with extra spaces.
        QTest::newRow("google")
            << QByteArray("<D:multistatus xmlns:D=\"DAV:\" xmlns:caldav=\"urn:ietf:params:xml:ns:caldav\" "
                          "xmlns:ical=\"http://apple.com/ns/ical/\"><D:response><D:href>/caldav/v2/alice%40gmail.com/events/</D:href>"
                          "<D:propstat><D:status>HTTP/1.1  200 OK</D:status><D:prop>"
                          "<D:resourcetype><D:collection/><caldav:calendar/></D:resourcetype>"
                          "<D:displayname>alice@gmail.com</D:displayname><ical:calendar-color>#9fc6e7ff</ical:calendar-color>"
                          "<caldav:supported-calendar-component-set><caldav:comp name=\"vevent\"/>"
                          "</caldav:supported-calendar-component-set></D:prop></D:propstat></D:response></D:multistatus>")
            << QByteArray("/caldav/v2/alice%40gmail.com/events/") << QStringLiteral("alice@gmail.com")
            << QStringLiteral("#9fc6e7ff") << QString() << QStringList{QStringLiteral("VEVENT")} << QByteArray()
            << QByteArray() << true;
        QTest::newRow("carddav address book")
            << QByteArray("<d:multistatus xmlns:d=\"DAV:\" xmlns:card=\"urn:ietf:params:xml:ns:carddav\">"
                          "<d:response><d:href>/alice/contacts/</d:href><d:propstat><d:prop>"
                          "<d:resourcetype><d:collection/><card:addressbook/></d:resourcetype>"
                          "<d:displayname>Contacts</d:displayname>"
                          "<card:addressbook-description>Friends</card:addressbook-description>"
                          "</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>")
            << QByteArray("/alice/contacts/") << QStringLiteral("Contacts") << QString() << QStringLiteral("Friends")
            << QStringList() << QByteArray() << QByteArray() << false;
    }
    void collections()
    {
        QFETCH(QByteArray, xml);
        const Multistatus ms = parseOk(xml);
        QCOMPARE(ms.entries.size(), 1);
        const MultistatusEntry &e = ms.entries.first();
        QTEST(e.href, "href");
        QTEST(e.props.displayName, "displayName");
        QTEST(e.props.color, "color");
        QFETCH(bool, calendar);
        QCOMPARE(e.props.collection, true);
        QCOMPARE(e.props.calendar, calendar);
        QCOMPARE(e.props.addressBook, !calendar);
        QTEST(calendar ? e.props.calendarDescription : e.props.addressbookDescription, "description");
        QTEST(e.props.components, "components");
        QTEST(e.props.ctag, "ctag");
        QTEST(e.props.syncToken, "syncToken");
        QVERIFY(e.props.has(DavProps::ResourceType));
    }

    void missingPropertiesAre404()
    {
        const Multistatus ms = parseOk(
            "<multistatus xmlns=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\" xmlns:I=\"http://apple.com/ns/ical/\">"
            "<response><href>/c/</href><propstat><prop><displayname>X</displayname></prop>"
            "<status>HTTP/1.1 200 OK</status></propstat><propstat><prop><I:calendar-color>#000</I:calendar-color>"
            "<C:calendar-description/></prop><status>HTTP/1.1 404 Not Found</status></propstat></response></multistatus>");
        QCOMPARE(ms.entries.size(), 1);
        const MultistatusEntry &e = ms.entries.first();
        QVERIFY(e.props.has(DavProps::DisplayName));
        QVERIFY(!e.props.has(DavProps::Color));
        QVERIFY(e.props.color.isEmpty());
        QVERIFY(!e.props.has(DavProps::CalendarDescription));
        QCOMPARE(e.failed.size(), 2);
        QCOMPARE(e.failed[0].first, QStringLiteral("{http://apple.com/ns/ical/}calendar-color"));
        QCOMPARE(e.failed[0].second, 404);
    }

    void principalAndHomes()
    {
        const Multistatus ms = parseOk(
            "<d:multistatus xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\" "
            "xmlns:card=\"urn:ietf:params:xml:ns:carddav\"><d:response><d:href>/principals/alice/</d:href>"
            "<d:propstat><d:prop><d:current-user-principal><d:href>/principals/alice/</d:href></d:current-user-principal>"
            "<c:calendar-home-set><d:href>/cal/alice/</d:href><d:href>https://other.example/cal/</d:href></c:calendar-home-set>"
            "<card:addressbook-home-set>\n  <d:href> /card/alice/ </d:href>\n</card:addressbook-home-set>"
            "<d:resourcetype><d:principal/><d:collection/></d:resourcetype>"
            "</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>");
        const DavProps &p = ms.entries.value(0).props;
        QCOMPARE(p.currentUserPrincipal, QByteArray("/principals/alice/"));
        QCOMPARE(p.calendarHomes, (QList<QByteArray>{"/cal/alice/", "https://other.example/cal/"}));
        QCOMPARE(p.addressbookHomes, QList<QByteArray>{"/card/alice/"});
        QVERIFY(p.principal);
        QVERIFY(!p.calendar);
    }

    void multigetData_data()
    {
        QTest::addColumn<QByteArray>("xml");
        QTest::addColumn<QByteArray>("data");
        const QByteArray ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a&b\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        QTest::newRow("escaped, CRLF normalised by XML")
            << QByteArray("<d:multistatus xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\"><d:response>"
                          "<d:href>/cal/a.ics</d:href><d:propstat><d:prop><d:getetag>\"e1\"</d:getetag><c:calendar-data>"
                          "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a&amp;b\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
                          "</c:calendar-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"
                          "</d:multistatus>")
            << ics;
        QTest::newRow("CDATA with bare LF")
            << QByteArray("<d:multistatus xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\"><d:response>"
                          "<d:href>/cal/a.ics</d:href><d:propstat><d:prop><d:getetag>&quot;e1&quot;</d:getetag><c:calendar-data>"
                          "<![CDATA[BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:a&b\nEND:VEVENT\nEND:VCALENDAR\n]]>"
                          "</c:calendar-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"
                          "</d:multistatus>")
            << ics;
        QTest::newRow("CR as character reference")
            << QByteArray("<d:multistatus xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\"><d:response>"
                          "<d:href>/cal/a.ics</d:href><d:propstat><d:prop><d:getetag>\"e1\"</d:getetag><c:calendar-data>"
                          "BEGIN:VCALENDAR&#13;\nVERSION:2.0&#13;\nBEGIN:VEVENT&#13;\nUID:a&amp;b&#13;\nEND:VEVENT&#13;\n"
                          "END:VCALENDAR&#13;\n</c:calendar-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>"
                          "</d:response></d:multistatus>")
            << ics;
    }
    void multigetData()
    {
        QFETCH(QByteArray, xml);
        const Multistatus ms = parseOk(xml);
        QCOMPARE(ms.entries.size(), 1);
        QCOMPARE(ms.entries[0].props.etag, QByteArray("\"e1\""));
        QVERIFY(ms.entries[0].props.has(DavProps::CalendarData));
        QTEST(ms.entries[0].props.data, "data");
    }

    void addressData()
    {
        const Multistatus ms = parseOk(
            "<multistatus xmlns=\"DAV:\" xmlns:CR=\"urn:ietf:params:xml:ns:carddav\"><response><href>/ab/x.vcf</href>"
            "<propstat><prop><getetag>W/\"7\"</getetag><CR:address-data>BEGIN:VCARD\nVERSION:4.0\nFN:Zo\xC3\xAB\n"
            "END:VCARD\n</CR:address-data></prop><status>HTTP/1.1 200 OK</status></propstat></response></multistatus>");
        QCOMPARE(ms.entries.value(0).props.etag, QByteArray("W/\"7\""));
        QCOMPARE(ms.entries.value(0).props.data, QByteArray("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Zo\xC3\xAB\r\nEND:VCARD\r\n"));
        QVERIFY(ms.entries.value(0).props.has(DavProps::AddressData));
    }

    void syncCollection()
    {
        const Multistatus ms = parseOk(
            "<d:multistatus xmlns:d=\"DAV:\"><d:response><d:href>/cal/new.ics</d:href><d:propstat><d:prop>"
            "<d:getetag>\"2\"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"
            "<d:response><d:href>/cal/gone.ics</d:href><d:status>HTTP/1.1 404 Not Found</d:status></d:response>"
            "<d:response><d:href>/cal/a.ics</d:href><d:href>/cal/b.ics</d:href><d:status>HTTP/1.1 404 Not Found</d:status>"
            "</d:response><d:sync-token>http://example.com/ns/sync/1235</d:sync-token></d:multistatus>");
        QCOMPARE(ms.syncToken, QByteArray("http://example.com/ns/sync/1235"));
        QCOMPARE(ms.entries.size(), 4);
        QCOMPARE(ms.entries[0].status, 0);
        QCOMPARE(ms.entries[0].props.etag, QByteArray("\"2\""));
        QCOMPARE(ms.entries[1].href, QByteArray("/cal/gone.ics"));
        QCOMPARE(ms.entries[1].status, 404);
        QCOMPARE(ms.entries[2].href, QByteArray("/cal/a.ics"));
        QCOMPARE(ms.entries[3].href, QByteArray("/cal/b.ics"));
        QCOMPARE(ms.entries[3].status, 404);
    }

    void syncTruncated()
    {
        const Multistatus ms = parseOk(
            "<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>/cal/</D:href>"
            "<D:status>HTTP/1.1 507 Insufficient Storage</D:status><D:error><D:number-of-matches-within-limits/>"
            "</D:error></D:response><D:sync-token>t2</D:sync-token></D:multistatus>");
        QCOMPARE(ms.entries.value(0).status, 507);
        QCOMPARE(ms.entries.value(0).errors, QStringList{QStringLiteral("number-of-matches-within-limits")});
    }

    void errorBody_data()
    {
        QTest::addColumn<QByteArray>("xml");
        QTest::addColumn<QStringList>("conditions");
        QTest::addColumn<QString>("message");
        QTest::newRow("rfc6578") << QByteArray("<?xml version=\"1.0\"?><D:error xmlns:D=\"DAV:\"><D:valid-sync-token/></D:error>")
                                 << QStringList{QStringLiteral("valid-sync-token")} << QString();
        QTest::newRow("sabredav")
            << QByteArray("<d:error xmlns:d=\"DAV:\" xmlns:s=\"http://sabredav.org/ns\" xmlns:cal=\"urn:ietf:params:xml:ns:caldav\">"
                          "<s:exception>Sabre\\DAV\\Exception\\PreconditionFailed</s:exception>"
                          "<s:message>An If-None-Match header was specified, but the ETag matched</s:message>"
                          "<cal:no-uid-conflict><d:href>/cal/x.ics</d:href></cal:no-uid-conflict></d:error>")
            << QStringList{QStringLiteral("no-uid-conflict")}
            << QStringLiteral("An If-None-Match header was specified, but the ETag matched");
    }
    void errorBody()
    {
        QFETCH(QByteArray, xml);
        DavErrorBody body;
        QVERIFY(MultistatusParser::parseError(xml, body));
        QTEST(body.conditions, "conditions");
        QTEST(body.message, "message");
    }

    void hostile_data()
    {
        QTest::addColumn<QByteArray>("xml");
        QByteArray laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">";
        for (int i = 1; i < 10; ++i)
            laughs += "<!ENTITY lol" + QByteArray::number(i) + " \"" + QByteArray("&lol" + (i > 1 ? QByteArray::number(i - 1) : QByteArray()) + ";").repeated(10) + "\">";
        laughs += "]><multistatus xmlns=\"DAV:\"><response><href>&lol9;</href></response></multistatus>";
        QTest::newRow("billion laughs") << laughs;
        QTest::newRow("external entity")
            << QByteArray("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                          "<multistatus xmlns=\"DAV:\"><response><href>&e;</href></response></multistatus>");
        QTest::newRow("undeclared entity")
            << QByteArray("<multistatus xmlns=\"DAV:\"><response><href>&nope;</href></response></multistatus>");
        QTest::newRow("deep nesting")
            << (QByteArray("<multistatus xmlns=\"DAV:\"><response><propstat><prop>") + QByteArray("<x>").repeated(100000)
                + QByteArray("</x>").repeated(100000) + "</prop></propstat></response></multistatus>");
        QTest::newRow("truncated") << QByteArray("<multistatus xmlns=\"DAV:\"><response><href>/a</href>");
        QTest::newRow("not xml") << QByteArray("<html><body>502 Bad Gateway</body></html");
        QTest::newRow("wrong root") << QByteArray("<html><body>Hello</body></html>");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("garbage after root") << QByteArray("<multistatus xmlns=\"DAV:\"/><other/>");
    }
    void hostile()
    {
        QFETCH(QByteArray, xml);
        Multistatus ms;
        QString error;
        QVERIFY(!MultistatusParser::parse(xml, ms, error));
        QVERIFY(!error.isEmpty());
        QVERIFY(ms.entries.isEmpty());
    }

    void statusCode_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<int>("code");
        QTest::newRow("1.1") << QStringLiteral("HTTP/1.1 200 OK") << 200;
        QTest::newRow("no reason") << QStringLiteral("HTTP/1.1 404") << 404;
        QTest::newRow("spaces") << QStringLiteral("  HTTP/1.1   507 Insufficient Storage ") << 507;
        QTest::newRow("garbage") << QStringLiteral("OK") << 0;
        QTest::newRow("letters") << QStringLiteral("HTTP/1.1 abc") << 0;
    }
    void statusCode()
    {
        QFETCH(QString, line);
        QTEST(MultistatusParser::statusCode(line), "code");
    }
};

QTEST_GUILESS_MAIN(TestMultistatus)
#include "tst_multistatus.moc"
