// The autoconfig parser with tables of real-shaped files: Thunderbird ISPDB
// entries, SSL vs STARTTLS servers, DAV elements inside and beside
// <emailProvider>, Ferry's extension elements (samples in data/), and malformed
// input; plus the placeholder substitution and the authentication helpers.
#include <discovery/autoconfigparser.h>

#include <QFile>
#include <QTest>

using namespace ferry;
using namespace Qt::StringLiterals;

namespace {

// "host:port:socketType:username[:auth,auth]" per IMAP server, joined by " | ".
QString servers(const AutoconfigConfig &c)
{
    QStringList out;
    for (const AutoconfigServer &s : c.imapServers) {
        QString one = u"%1:%2:%3:%4"_s.arg(s.hostname).arg(s.port).arg(s.socketType, s.username);
        if (!s.authentication.isEmpty())
            one += QLatin1Char(':') + s.authentication.join(QLatin1Char(','));
        out.append(one);
    }
    return out.join(u" | "_s);
}

QString davs(const QList<AutoconfigDav> &list)
{
    QStringList out;
    for (const AutoconfigDav &d : list)
        out.append(d.url + (d.username.isEmpty() ? QString() : u" as "_s + d.username));
    return out.join(u" | "_s);
}

// What else the file said: extension elements and instructions.
QString extras(const AutoconfigConfig &c)
{
    QStringList out;
    if (!c.mxDomains.isEmpty())
        out.append(u"mx="_s + c.mxDomains.join(QLatin1Char(',')));
    if (c.appPassword)
        out.append(u"app=%1 (%2)"_s.arg(c.appPasswordText, c.appPasswordUrl));
    if (c.bridge)
        out.append(u"bridge=%1 (%2)"_s.arg(c.bridgeText, c.bridgeUrl));
    if (!c.enableUrl.isEmpty() || !c.enableText.isEmpty())
        out.append(u"enable=%1 (%2)"_s.arg(c.enableText, c.enableUrl));
    if (!c.documentationUrl.isEmpty())
        out.append(u"doc=%1 (%2)"_s.arg(c.documentationText, c.documentationUrl));
    if (c.otherIncomingServers)
        out.append(u"other=%1"_s.arg(c.otherIncomingServers));
    return out.join(u"; "_s);
}

// A real-shaped file from tests/unit/discovery/data/.
QByteArray sample(const char *name)
{
    QFile f(QStringLiteral(FERRY_SOURCE_DIR "/tests/unit/discovery/data/") + QLatin1String(name));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestAutoconfigParser : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QByteArray>("xml");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QStringList>("domains");
        QTest::addColumn<QString>("imap");
        QTest::addColumn<QString>("calendars");
        QTest::addColumn<QString>("addressBooks");
        QTest::addColumn<QString>("extras");

        QTest::newRow("ISPDB-shaped: STARTTLS and SSL servers, DAV beside the provider")
            << sample("ispdb-style.xml") << true << u"Example Mail"_s << QStringList{u"example.com"_s, u"example.net"_s}
            << u"imap.example.com:143:STARTTLS:%EMAILLOCALPART%:password-cleartext | "
               "imap.example.com:993:SSL:%EMAILLOCALPART%:OAuth2,password-cleartext"_s
            << u"https://dav.example.com/cal/ as %EMAILADDRESS%"_s << u"https://dav.example.com/card/ as %EMAILADDRESS%"_s
            << u"enable=Enable IMAP (https://example.com/settings?a=1&b=2); doc=Set up IMAP (https://example.com/help/imap); other=1"_s;
        QTest::newRow("DAV inside the provider, lower-case addressbook, <url>, jmap ignored")
            << sample("dav-inside-provider.xml") << true << u"host.test"_s << QStringList{u"host.test"_s}
            << u"mail.%EMAILDOMAIN%:993:SSL:%EMAILADDRESS%"_s
            << u"https://cloud.host.test/remote.php/dav/ as %EMAILLOCALPART%"_s
            << u"https://cloud.host.test/remote.php/dav/"_s << QString();
        QTest::newRow("Ferry extension elements; same names outside the namespace ignored")
            << sample("ferry-extensions.xml") << true << u"app.test"_s << QStringList{u"app.test"_s}
            << u"imap.app.test:993:SSL:%EMAILADDRESS%"_s << QString() << QString()
            << u"mx=mx.app.test; app=Make an app password. (https://app.test/apppw)"_s;
        QTest::newRow("bridge under another prefix")
            << sample("bridge.xml") << true << u"bridge.test"_s << QStringList{u"bridge.test"_s} << QString() << QString()
            << QString() << u"bridge=Use the bridge. (https://bridge.test/get)"_s;
        QTest::newRow("port not a number")
            << QByteArray("<clientConfig><emailProvider id='p'><incomingServer type='IMAP'><hostname>h</hostname>"
                          "<port>nine</port><socketType>SSL</socketType></incomingServer></emailProvider></clientConfig>")
            << true << u"p"_s << QStringList() << u"h:0:SSL:"_s << QString() << QString() << QString();
        QTest::newRow("second emailProvider ignored")
            << QByteArray("<clientConfig><emailProvider id='a'><domain>a.test</domain></emailProvider>"
                          "<emailProvider id='b'><domain>b.test</domain></emailProvider></clientConfig>")
            << true << u"a"_s << QStringList{u"a.test"_s} << QString() << QString() << QString() << QString();

        QTest::newRow("not well-formed") << QByteArray("<clientConfig><emailProvider id='x'><domain>x</emailProvider>")
                                         << false << QString() << QStringList() << QString() << QString() << QString()
                                         << u"not well-formed"_s;
        QTest::newRow("truncated") << sample("ispdb-style.xml").left(600) << false << QString() << QStringList() << QString()
                                   << QString() << QString() << u"not well-formed"_s;
        QTest::newRow("HTML error page") << QByteArray("<!DOCTYPE html><html><body>Not Found</body></html>") << false
                                         << QString() << QStringList() << QString() << QString() << QString()
                                         << u"root element is <html>"_s;
        QTest::newRow("garbage bytes") << QByteArrayLiteral("\x00\xff\xfe garbage {json: 1}") << false << QString()
                                       << QStringList() << QString() << QString() << QString() << u"XML"_s;
        QTest::newRow("empty") << QByteArray(" \n") << false << QString() << QStringList() << QString() << QString()
                               << QString() << u"is empty"_s;
        QTest::newRow("root only") << QByteArray("<clientConfig version='1.1'/>") << false << QString() << QStringList()
                                   << QString() << QString() << QString() << u"no <emailProvider>"_s;
    }

    void parse()
    {
        QFETCH(QByteArray, xml);
        QFETCH(bool, ok);
        QFETCH(QString, extras);
        const Result<AutoconfigConfig> r = autoconfig::parse(xml);
        QCOMPARE(r.ok(), ok);
        if (!ok) {
            QCOMPARE(r.error().code, ErrorCode::Protocol);
            QVERIFY2(r.error().toString().contains(extras), qPrintable(r.error().toString()));
            return;
        }
        QFETCH(QString, name);
        QFETCH(QStringList, domains);
        QFETCH(QString, imap);
        QFETCH(QString, calendars);
        QFETCH(QString, addressBooks);
        QCOMPARE(r->displayLabel(), name);
        QCOMPARE(r->domains, domains);
        QCOMPARE(servers(r.value()), imap);
        QCOMPARE(davs(r->calendars), calendars);
        QCOMPARE(davs(r->addressBooks), addressBooks);
        QCOMPARE(::extras(r.value()), extras);
    }

    void implicitTls_data()
    {
        QTest::addColumn<QString>("socketType");
        QTest::addColumn<bool>("implicit");
        QTest::newRow("SSL") << u"SSL"_s << true;
        QTest::newRow("ssl") << u"ssl"_s << true;
        QTest::newRow("STARTTLS") << u"STARTTLS"_s << false;
        QTest::newRow("plain") << u"plain"_s << false;
        QTest::newRow("missing") << QString() << false;
        QTest::newRow("TLS (ambiguous)") << u"TLS"_s << false;
    }

    void implicitTls()
    {
        QFETCH(QString, socketType);
        QFETCH(bool, implicit);
        AutoconfigServer s;
        s.socketType = socketType;
        QCOMPARE(s.implicitTls(), implicit);
    }

    void substitute_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("address");
        QTest::addColumn<QString>("expected");
        QTest::newRow("address") << u"%EMAILADDRESS%"_s << u"Alice@example.com"_s << u"Alice@example.com"_s;
        QTest::newRow("local part") << u"%EMAILLOCALPART%"_s << u"Alice@example.com"_s << u"Alice"_s;
        QTest::newRow("domain in a host") << u"imap.%EMAILDOMAIN%"_s << u"a@b.example"_s << u"imap.b.example"_s;
        QTest::newRow("several") << u"https://dav/%EMAILDOMAIN%/%EMAILLOCALPART%/"_s << u"a@b.c"_s << u"https://dav/b.c/a/"_s;
        QTest::newRow("no placeholder") << u"fixed"_s << u"a@b.c"_s << u"fixed"_s;
        QTest::newRow("lower-case placeholder kept") << u"%emailaddress%"_s << u"a@b.c"_s << u"%emailaddress%"_s;
        QTest::newRow("quoted local part with @") << u"%EMAILLOCALPART%"_s << u"\"a@b\"@c.d"_s << u"\"a@b\""_s;
    }

    void substitute()
    {
        QFETCH(QString, value);
        QFETCH(QString, address);
        QFETCH(QString, expected);
        QCOMPARE(autoconfig::substitute(value, address), expected);
    }

    void authentication_data()
    {
        QTest::addColumn<QStringList>("methods");
        QTest::addColumn<bool>("password");
        QTest::addColumn<bool>("oauth2");
        QTest::newRow("none given") << QStringList() << true << false;
        QTest::newRow("cleartext") << QStringList{u"password-cleartext"_s} << true << false;
        QTest::newRow("OAuth2 only") << QStringList{u"OAuth2"_s} << false << true;
        QTest::newRow("both") << QStringList{u"OAuth2"_s, u"password-cleartext"_s} << true << true;
        QTest::newRow("http-basic") << QStringList{u"http-basic"_s} << true << false;
        QTest::newRow("GSSAPI") << QStringList{u"GSSAPI"_s} << false << false;
    }

    void authentication()
    {
        QFETCH(QStringList, methods);
        QFETCH(bool, password);
        QFETCH(bool, oauth2);
        QCOMPARE(autoconfig::allowsPassword(methods), password);
        QCOMPARE(autoconfig::allowsOAuth2(methods), oauth2);
    }
};

QTEST_GUILESS_MAIN(TestAutoconfigParser)
#include "tst_autoconfigparser.moc"
