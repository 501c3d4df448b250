// HTTP trace formatting: request/status lines, header redaction, body
// summaries and the DAV XML summary (status lines and error names only).
#include <diagnostics/httptraceformat.h>

#include <QCryptographicHash>
#include <QTest>

using namespace ferry::diagnostics::httptrace;

class TestHttpTraceFormat : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void firstLines_data();
    void firstLines();
    void headers_data();
    void headers();
    void xml_data();
    void xml();
};

void TestHttpTraceFormat::firstLines_data()
{
    QTest::addColumn<QByteArray>("in");
    QTest::addColumn<QByteArray>("out");
    QTest::newRow("propfind") << QByteArray("PROPFIND /dav/cal/ HTTP/1.1") << QByteArray("PROPFIND /dav/cal/ HTTP/1.1");
    const QByteArray xics = "item-" + QCryptographicHash::hash("x.ics", QCryptographicHash::Sha256).toHex().left(12) + ".ics";
    QTest::newRow("query") << QByteArray("GET /dav/x.ics?token=abc&u=1 HTTP/2") << QByteArray("GET /dav/" + xics + "?<redacted> HTTP/2");
    const QByteArray bob = "item-" + QCryptographicHash::hash("bob%20baker.vcf", QCryptographicHash::Sha256).toHex().left(12) + ".vcf";
    QTest::newRow("item name") << QByteArray("PUT /dav/contacts/bob%20baker.vcf HTTP/1.1")
                               << QByteArray("PUT /dav/contacts/" + bob + " HTTP/1.1");
    QTest::newRow("absolute with user") << QByteArray("GET https://bob:pw@h/x HTTP/1.1") << QByteArray("GET https://h/x HTTP/1.1");
    QTest::newRow("status") << QByteArray("HTTP/1.1 207 Multi-Status") << QByteArray("HTTP/1.1 207 Multi-Status");
}

void TestHttpTraceFormat::firstLines()
{
    QFETCH(QByteArray, in);
    QFETCH(QByteArray, out);
    QCOMPARE(firstLine(in), out);
}

void TestHttpTraceFormat::headers_data()
{
    QTest::addColumn<QByteArray>("in");
    QTest::addColumn<QByteArray>("out");
    QTest::newRow("authorization") << QByteArray("Authorization: Basic Ym9iOnB3") << QByteArray("Authorization: <redacted>");
    QTest::newRow("h2 lower case") << QByteArray("authorization: Basic Ym9iOnB3") << QByteArray("authorization: <redacted>");
    QTest::newRow("proxy") << QByteArray("Proxy-Authorization: x") << QByteArray("Proxy-Authorization: <redacted>");
    QTest::newRow("cookie") << QByteArray("Cookie: a=b") << QByteArray("Cookie: <redacted>");
    QTest::newRow("set-cookie") << QByteArray("Set-Cookie: a=b; Secure") << QByteArray("Set-Cookie: <redacted>");
    QTest::newRow("location") << QByteArray("Location: https://h/dav/?ticket=x") << QByteArray("Location: https://h/dav/?<redacted>");
    QTest::newRow("kept") << QByteArray("Content-Type: text/vcard; charset=utf-8")
                          << QByteArray("Content-Type: text/vcard; charset=utf-8");
    QTest::newRow("etag") << QByteArray("ETag: \"42\"") << QByteArray("ETag: \"42\"");
}

void TestHttpTraceFormat::headers()
{
    QFETCH(QByteArray, in);
    QFETCH(QByteArray, out);
    QCOMPARE(headerLine(in), out);
}

void TestHttpTraceFormat::xml_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("summary");
    QTest::newRow("multistatus")
        << QByteArray("<?xml version=\"1.0\"?><D:multistatus xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\">"
                      "<D:response><D:href>/cal/secret-meeting.ics</D:href><D:propstat><D:prop><C:calendar-data>"
                      "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Private\nEND:VEVENT\nEND:VCALENDAR</C:calendar-data>"
                      "</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>"
                      "<D:response><D:href>/cal/b.ics</D:href><D:status>HTTP/1.1 404 Not Found</D:status></D:response>"
                      "<D:response><D:href>/cal/c.ics</D:href><D:propstat><D:status>HTTP/1.1 200 OK</D:status>"
                      "</D:propstat></D:response></D:multistatus>")
        << QByteArray("multistatus: 3 responses; 2 \xc3\x97 HTTP/1.1 200 OK, 1 \xc3\x97 HTTP/1.1 404 Not Found");
    QTest::newRow("error")
        << QByteArray("<D:error xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><C:no-uid-conflict>"
                      "<D:href>/cal/private.ics</D:href></C:no-uid-conflict></D:error>")
        << QByteArray("errors: {urn:ietf:params:xml:ns:caldav}no-uid-conflict");
    QTest::newRow("odd status text")
        << QByteArray("<D:multistatus xmlns:D=\"DAV:\"><D:response><D:status>Meeting with Ann at 5</D:status>"
                      "</D:response></D:multistatus>")
        << QByteArray("multistatus: 1 responses; 1 \xc3\x97 (other status)");
    QTest::newRow("vcard") << QByteArray("BEGIN:VCARD\r\nFN:Ann\r\nEND:VCARD\r\n") << QByteArray();
    QTest::newRow("html") << QByteArray("<html><body>Hello Ann</body></html>") << QByteArray();
    QTest::newRow("broken") << QByteArray("<D:multistatus xmlns:D=\"DAV:\"><D:resp") << QByteArray();
}

void TestHttpTraceFormat::xml()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, summary);
    QCOMPARE(xmlSummary(body), summary);
    QCOMPARE(bodySummary(body.size(), "application/xml"),
             "[body omitted: " + QByteArray::number(body.size()) + " bytes, application/xml]");
}

QTEST_GUILESS_MAIN(TestHttpTraceFormat)
#include "tst_httptraceformat.moc"
