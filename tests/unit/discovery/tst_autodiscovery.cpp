// AccountDiscovery end to end: the bundled database, a real HTTPS fetcher
// (DavHttpFetcher over libcurl, TLS verified) against a loopback server of
// autoconfig files (fakeautoconfigserver.py), and a table-driven DNS resolver.
//
// How the HTTPS stays honest: the fetcher under test is the real DavHttpFetcher;
// a small decorator (RewritingFetcher) maps https://HOST/PATH to
// https://127.0.0.1:PORT/HOST/PATH, the server picks the file by that first
// path segment, and the certificate is issued by a throw-away CA for 127.0.0.1
// — the name actually connected to — so peer and host-name verification run
// unchanged (the CA is trusted through TlsSettings::caFiles only). Issuing a
// certificate for every *.example.test name instead would need a resolver
// override inside libcurl, which is more machinery for no extra truth.
//
// Covered: database hit (no network at all), autoconfig hit, well-known hit,
// SRV hit (_imaps, _caldavs + TXT path, _carddavs), MX → known provider,
// MX guess (with an alternative), STARTTLS-only and http:// DAV skipped with
// notes, server error / hang (timeout) / garbage / oversized answer → next
// step, DNS failure, app-password / OAuth2 / bridge providers, bad addresses.
#include <dav/davhttpfetcher.h>
#include <discovery/autodiscovery.h>
#include <discovery/dnsresolver.h>
#include <discovery/providerdatabase.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace ferry;
using namespace Qt::StringLiterals;

namespace {

class RewritingFetcher : public HttpFetcher {
public:
    RewritingFetcher(HttpFetcher &inner, quint16 port) : m_inner(inner), m_port(port) {}
    QStringList asked;

    Result<QByteArray> get(const QUrl &url) override
    {
        asked.append(url.toString(QUrl::FullyEncoded));
        QUrl local(url);
        local.setHost(u"127.0.0.1"_s);
        local.setPort(m_port);
        local.setPath(u"/"_s + url.host() + url.path());
        return m_inner.get(local);
    }

private:
    HttpFetcher &m_inner;
    quint16 m_port;
};

class TableResolver : public DnsResolver {
public:
    QHash<QString, QList<DnsSrvRecord>> srv;
    QHash<QString, QList<QByteArray>> txt;
    QHash<QString, QList<DnsMxRecord>> mx;
    QSet<QString> hosts;
    QSet<QString> failing; // every look-up of these names times out
    QStringList asked;

    Result<QList<DnsSrvRecord>> lookupSrv(const QString &name) override
    {
        asked.append(u"SRV "_s + name);
        if (failing.contains(name))
            return timeout(name);
        QList<DnsSrvRecord> out = srv.value(name);
        sortSrv(out);
        return out;
    }
    Result<QList<QByteArray>> lookupTxt(const QString &name) override
    {
        asked.append(u"TXT "_s + name);
        if (failing.contains(name))
            return timeout(name);
        return txt.value(name);
    }
    Result<QList<DnsMxRecord>> lookupMx(const QString &name) override
    {
        asked.append(u"MX "_s + name);
        if (failing.contains(name))
            return timeout(name);
        QList<DnsMxRecord> out = mx.value(name);
        sortMx(out);
        return out;
    }
    Result<bool> hostExists(const QString &name) override
    {
        asked.append(u"A "_s + name);
        if (failing.contains(name))
            return timeout(name);
        return hosts.contains(name);
    }

private:
    static Error timeout(const QString &name)
    {
        return Error::make(ErrorCode::Network, u"look-up of %1 timed out after 5000 ms"_s.arg(name));
    }
};

QByteArray imapConfig(const QByteArray &host, int port, const QByteArray &socketType, const QByteArray &username,
                      const QByteArray &extra = {})
{
    return "<?xml version=\"1.0\"?>\n<clientConfig version=\"1.1\"><emailProvider id=\"x\">"
           "<domain>x</domain><displayName>Test Provider</displayName>"
           "<incomingServer type=\"imap\"><hostname>" + host + "</hostname><port>" + QByteArray::number(port) +
           "</port><socketType>" + socketType + "</socketType><username>" + username +
           "</username><authentication>password-cleartext</authentication></incomingServer>" + extra +
           "</emailProvider></clientConfig>\n";
}

QString describe(const std::optional<DiscoveredImap> &imap)
{
    if (!imap)
        return u"-"_s;
    return u"%1:%2 %3 as %4%5"_s.arg(imap->host)
        .arg(imap->port)
        .arg(imap->source, imap->username, imap->guessed ? u" (guess)"_s : QString());
}

QString describe(const std::optional<DiscoveredDav> &dav)
{
    return dav ? u"%1 %2"_s.arg(dav->url, dav->source) : u"-"_s;
}

QString flags(const DiscoveryResult &r)
{
    QStringList out;
    if (r.needsAppPassword)
        out.append(u"app-password"_s);
    if (r.needsOAuth2)
        out.append(u"oauth2"_s);
    if (r.needsBridge)
        out.append(u"bridge"_s);
    if (r.needsEnabling)
        out.append(u"enable"_s);
    return out.join(QLatin1Char(','));
}

} // namespace

class TestAutoDiscovery : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QProcess m_server;
    quint16 m_port = 0;
    QString m_caFile;
    ProviderDatabase m_db = ProviderDatabase::bundled();
    TableResolver m_dns;

    void writeFile(const QString &relative, const QByteArray &content)
    {
        const QString path = m_dir.filePath(u"root/"_s + relative);
        QVERIFY(QDir().mkpath(QFileInfo(path).path()));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    }

    DavHttpFetcher realFetcher() const
    {
        TlsSettings tls;
        tls.caFiles = {m_caFile};
        tls.connectTimeoutMs = 3000;
        tls.ioTimeoutMs = 1000; // the "hang" hosts
        return DavHttpFetcher(tls);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(m_db.loadErrors().isEmpty());
        const QByteArray ac = "/mail/config-v1.1.xml";
        const QByteArray wk = "/.well-known/autoconfig/mail/config-v1.1.xml";

        // autoconfig hit: IMAP and CalDAV from the file; its CardDAV is http (skipped),
        // so CardDAV comes from SRV.
        writeFile(u"autoconfig.auto.example.test"_s + QString::fromLatin1(ac),
                  imapConfig("imap.%EMAILDOMAIN%", 993, "SSL", "%EMAILLOCALPART%",
                             "<calendar type=\"caldav\"><serverURL>https://dav.auto.example.test/cal/%EMAILLOCALPART%/"
                             "</serverURL></calendar><addressBook type=\"carddav\"><serverURL>http://dav.auto.example.test/"
                             "card/</serverURL></addressBook>"));
        m_dns.srv.insert(u"_carddavs._tcp.auto.example.test"_s, {{u"contacts.auto.example.test"_s, 8443, 0, 1}});
        // well-known hit (no autoconfig host).
        writeFile(u"wk.example.test"_s + QString::fromLatin1(wk), imapConfig("imap.wk.example.test", 993, "SSL", "%EMAILADDRESS%"));
        // STARTTLS only: skipped with a note; nothing else to find.
        writeFile(u"autoconfig.starttls.example.test"_s + QString::fromLatin1(ac),
                  imapConfig("mail.starttls.example.test", 143, "STARTTLS", "%EMAILADDRESS%"));
        // garbage at autoconfig, the well-known file is good.
        writeFile(u"autoconfig.garbage.example.test"_s + QString::fromLatin1(ac), QByteArrayLiteral("\x89PNG\r\n\x1a\n not xml"));
        writeFile(u"garbage.example.test"_s + QString::fromLatin1(wk), imapConfig("imap.garbage.example.test", 993, "SSL", "%EMAILADDRESS%"));
        // an answer over 256 KiB: refused, then the MX guess.
        writeFile(u"autoconfig.huge.example.test"_s + QString::fromLatin1(ac),
                  imapConfig("imap.huge.example.test", 993, "SSL", "%EMAILADDRESS%", "<!--" + QByteArray(300 * 1024, 'x') + "-->"));
        m_dns.hosts.insert(u"imap.huge.example.test"_s);
        // server hangs (hang.*) → SRV.
        m_dns.srv.insert(u"_imaps._tcp.hang.example.test"_s, {{u"imap2.hang.example.test"_s, 993, 20, 0},
                                                             {u"imap.hang.example.test"_s, 993, 10, 5}});
        // SRV hit, with the plaintext _imap record present but never asked.
        m_dns.srv.insert(u"_imap._tcp.srv.example.test"_s, {{u"plain.srv.example.test"_s, 143, 0, 0}});
        m_dns.srv.insert(u"_imaps._tcp.srv.example.test"_s, {{u"mail.srv.example.test"_s, 993, 0, 0}});
        m_dns.srv.insert(u"_caldavs._tcp.srv.example.test"_s, {{u"dav.srv.example.test"_s, 443, 0, 0}});
        m_dns.txt.insert(u"_caldavs._tcp.srv.example.test"_s, {"txtvers=1", "path=/dav/cal/"});
        m_dns.srv.insert(u"_carddavs._tcp.srv.example.test"_s, {{u"dav.srv.example.test"_s, 443, 0, 0}});
        // server errors (fail.*) → MX at an unknown hoster → guesses.
        m_dns.mx.insert(u"fail.example.test"_s, {{u"mx2.backup.example.test"_s, 20}, {u"mx1.hoster-mail.test"_s, 10}});
        m_dns.hosts.insert(u"imap.hoster-mail.test"_s);
        m_dns.hosts.insert(u"imap.fail.example.test"_s);
        // MX at Google → the Google entry.
        m_dns.mx.insert(u"workspace.example.test"_s, {{u"alt1.aspmx.l.google.com"_s, 5}, {u"aspmx.l.google.com"_s, 1}});
        // MX at Microsoft 365.
        m_dns.mx.insert(u"corp.example.test"_s, {{u"corp-example-test.mail.protection.outlook.com"_s, 0}});
        // DNS broken for this one.
        for (const QString &prefix : {u"_imaps._tcp."_s, u"_caldavs._tcp."_s, u"_carddavs._tcp."_s, QString(), u"imap."_s})
            m_dns.failing.insert(prefix + u"nodns.example.test"_s);

        m_server.start(u"python3"_s, {QStringLiteral(FERRY_SOURCE_DIR "/tests/unit/discovery/fakeautoconfigserver.py"),
                                      m_dir.filePath(u"pki"_s), m_dir.filePath(u"root"_s), u"--max-seconds"_s, u"110"_s});
        QVERIFY(m_server.waitForStarted(10000));
        QVERIFY(m_server.waitForReadyRead(30000));
        const QJsonObject info = QJsonDocument::fromJson(m_server.readLine()).object();
        m_port = quint16(info.value(u"port"_s).toInt());
        m_caFile = info.value(u"ca_file"_s).toString();
        QVERIFY(m_port > 0);
    }

    void cleanupTestCase()
    {
        m_server.closeWriteChannel(); // the server exits when its stdin closes
        if (!m_server.waitForFinished(10000))
            m_server.kill();
    }

    void discover_data()
    {
        QTest::addColumn<QString>("address");
        QTest::addColumn<QString>("imap");
        QTest::addColumn<QString>("caldav");
        QTest::addColumn<QString>("carddav");
        QTest::addColumn<QString>("flags");
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QString>("note");     // a note that must be there ("" = none checked)
        QTest::addColumn<QString>("step");     // a step outcome that must be there

        QTest::newRow("database: Gmail")
            << u"Alice.Smith@GMail.com"_s << u"imap.gmail.com:993 database as Alice.Smith@gmail.com"_s
            << u"https://apidata.googleusercontent.com/caldav/v2/Alice.Smith@gmail.com/user database"_s
            << u"https://www.googleapis.com/.well-known/carddav database"_s << u"app-password,oauth2"_s
            << u"Google Mail"_s << u"accepts only OAuth2 sign-in (no password) for CalDAV, CardDAV"_s << u"Google Mail"_s;
        QTest::newRow("database: Outlook.com, OAuth2 only, no DAV anywhere")
            << u"bob@hotmail.com"_s << u"outlook.office365.com:993 database as bob@hotmail.com"_s << u"-"_s << u"-"_s
            << u"oauth2"_s << u"Outlook.com (Microsoft)"_s << u"No CalDAV (calendar) service was found"_s << u"not found"_s;
        QTest::newRow("database: Yahoo app password")
            << u"carol@yahoo.de"_s << u"imap.mail.yahoo.com:993 database as carol@yahoo.de"_s
            << u"https://caldav.calendar.yahoo.com/ database"_s << u"https://carddav.address.yahoo.com/ database"_s
            << u"app-password"_s << u"Yahoo Mail"_s << QString() << QString();
        QTest::newRow("database: Proton needs the bridge")
            << u"dave@proton.me"_s << u"-"_s << u"-"_s << u"-"_s << u"bridge"_s << u"Proton Mail"_s
            << u"Ferry does not support directly"_s << u"bridge only"_s;
        QTest::newRow("database: GMX must be enabled")
            << u"eve@gmx.de"_s << u"imap.gmx.net:993 database as eve@gmx.de"_s << u"https://caldav.gmx.net/ database"_s
            << u"https://carddav.gmx.net/ database"_s << u"enable"_s << u"GMX (Germany, Austria, Switzerland)"_s
            << QString() << QString();
        QTest::newRow("autoconfig (+ http CardDAV skipped, CardDAV from SRV)")
            << u"frank@auto.example.test"_s << u"imap.auto.example.test:993 autoconfig as frank"_s
            << u"https://dav.auto.example.test/cal/frank/ autoconfig"_s
            << u"https://contacts.auto.example.test:8443/ srv"_s << QString() << u"Test Provider"_s
            << u"not an https address"_s << u"IMAP imap.auto.example.test:993, CalDAV"_s;
        QTest::newRow("well-known")
            << u"grace@wk.example.test"_s << u"imap.wk.example.test:993 well-known as grace@wk.example.test"_s << u"-"_s
            << u"-"_s << QString() << u"Test Provider"_s << QString() << u"not-found"_s;
        QTest::newRow("STARTTLS only: skipped with a note")
            << u"heidi@starttls.example.test"_s << u"-"_s << u"-"_s << u"-"_s << QString() << QString()
            << u"mail.starttls.example.test:143 (STARTTLS)"_s << u"a valid file, nothing usable in it"_s;
        QTest::newRow("garbage at autoconfig → well-known")
            << u"ivan@garbage.example.test"_s << u"imap.garbage.example.test:993 well-known as ivan@garbage.example.test"_s
            << u"-"_s << u"-"_s << QString() << u"Test Provider"_s << QString() << u"not well-formed XML"_s;
        QTest::newRow("oversized answer → MX guess")
            << u"judy@huge.example.test"_s << u"imap.huge.example.test:993 mx-guess as judy@huge.example.test (guess)"_s
            << u"-"_s << u"-"_s << QString() << QString() << u"please confirm"_s << u"larger than 256 KiB"_s;
        QTest::newRow("server hangs → SRV")
            << u"mallory@hang.example.test"_s << u"imap.hang.example.test:993 srv as mallory@hang.example.test"_s
            << u"-"_s << u"-"_s << QString() << QString() << QString() << u"did not answer in time"_s;
        QTest::newRow("SRV: _imaps, _caldavs with path, _carddavs")
            << u"niaj@srv.example.test"_s << u"mail.srv.example.test:993 srv as niaj@srv.example.test"_s
            << u"https://dav.srv.example.test/dav/cal/ srv"_s << u"https://dav.srv.example.test/ srv"_s << QString()
            << QString() << QString() << u"IMAP mail.srv.example.test:993"_s;
        QTest::newRow("server error → MX at an unknown hoster → guess")
            << u"olivia@fail.example.test"_s << u"imap.hoster-mail.test:993 mx-guess as olivia@fail.example.test (guess)"_s
            << u"-"_s << u"-"_s << QString() << QString() << u"is a guess"_s << u"500"_s;
        QTest::newRow("MX at Google")
            << u"peggy@workspace.example.test"_s << u"imap.gmail.com:993 mx as peggy@workspace.example.test"_s
            << u"https://apidata.googleusercontent.com/caldav/v2/peggy@workspace.example.test/user mx"_s
            << u"https://www.googleapis.com/.well-known/carddav mx"_s << u"app-password,oauth2"_s << u"Google Mail"_s
            << QString() << u"aspmx.l.google.com — hosted by Google Mail"_s;
        QTest::newRow("MX at Microsoft 365")
            << u"rupert@corp.example.test"_s << u"outlook.office365.com:993 mx as rupert@corp.example.test"_s << u"-"_s
            << u"-"_s << u"oauth2"_s << u"Microsoft 365 (Exchange Online)"_s << QString() << QString();
        QTest::newRow("DNS fails everywhere")
            << u"sybil@nodns.example.test"_s << u"-"_s << u"-"_s << u"-"_s << QString() << QString()
            << u"No IMAP server with TLS"_s << u"timed out"_s;
    }

    void discover()
    {
        QFETCH(QString, address);
        QFETCH(QString, imap);
        QFETCH(QString, caldav);
        QFETCH(QString, carddav);
        QFETCH(QString, flags);
        QFETCH(QString, provider);
        QFETCH(QString, note);
        QFETCH(QString, step);

        DavHttpFetcher real = realFetcher();
        RewritingFetcher http(real, m_port);
        m_dns.asked.clear();
        AccountDiscovery discovery(m_db, &http, &m_dns);
        QElapsedTimer timer;
        timer.start();
        const Result<DiscoveryResult> result = discovery.discover(address);
        QVERIFY2(result.ok(), qPrintable(result.error().toString()));
        const DiscoveryResult &r = result.value();
        const QString log = r.stepsText() + u"\nnotes:\n"_s + r.notes.join(u'\n');
        QVERIFY2(timer.elapsed() < 15000, qPrintable(log));
        if (qEnvironmentVariableIsSet("FERRY_TEST_VERBOSE"))
            qInfo().noquote() << log;

        QVERIFY2(describe(r.imap) == imap, qPrintable(describe(r.imap) + u"\n"_s + log));
        QVERIFY2(describe(r.caldav) == caldav, qPrintable(describe(r.caldav) + u"\n"_s + log));
        QVERIFY2(describe(r.carddav) == carddav, qPrintable(describe(r.carddav) + u"\n"_s + log));
        QCOMPARE(::flags(r), flags);
        QCOMPARE(r.providerName, provider);
        if (!note.isEmpty())
            QVERIFY2(r.notes.join(u'\n').contains(note), qPrintable(log));
        if (!step.isEmpty()) {
            bool seen = false;
            for (const DiscoveryStep &s : r.steps)
                seen = seen || s.outcome.contains(step);
            QVERIFY2(seen, qPrintable(log));
        }
        // TLS only, whatever the source.
        if (r.imap)
            QVERIFY(r.imap->port != 143);
        for (const auto &dav : {r.caldav, r.carddav}) {
            if (dav)
                QVERIFY(dav->url.startsWith("https://"_L1));
        }
        // The plaintext SRV record is never asked for.
        for (const QString &q : std::as_const(m_dns.asked))
            QVERIFY2(!q.startsWith("SRV _imap._tcp"_L1), qPrintable(q));
        // Every HTTP request was https (the rewrite only changes host and port).
        for (const QString &url : std::as_const(http.asked))
            QVERIFY2(url.startsWith("https://"_L1), qPrintable(url));
    }

    void databaseHitNeedsNoNetwork()
    {
        DavHttpFetcher real = realFetcher();
        RewritingFetcher http(real, m_port);
        m_dns.asked.clear();
        AccountDiscovery discovery(m_db, &http, &m_dns);
        const Result<DiscoveryResult> r = discovery.discover(u"zed@icloud.com"_s);
        QVERIFY(r.ok());
        QVERIFY(r->complete());
        QVERIFY(r->needsAppPassword);
        QVERIFY(r->instructions.contains(u"App-Specific Passwords"_s));
        QCOMPARE(r->instructionsUrl, u"https://account.apple.com/"_s);
        QVERIFY(http.asked.isEmpty());
        QVERIFY(m_dns.asked.isEmpty());
        QCOMPARE(r->steps.size(), 1);
    }

    void autoconfigUrlCarriesTheAddress()
    {
        DavHttpFetcher real = realFetcher();
        RewritingFetcher http(real, m_port);
        AccountDiscovery discovery(m_db, &http, &m_dns);
        QVERIFY(discovery.discover(u"frank+tag@auto.example.test"_s).ok());
        QVERIFY(!http.asked.isEmpty());
        QCOMPARE(http.asked.first(),
                 u"https://autoconfig.auto.example.test/mail/config-v1.1.xml?emailaddress=frank%2Btag%40auto.example.test"_s);
    }

    void guessListsAlternatives()
    {
        DavHttpFetcher real = realFetcher();
        RewritingFetcher http(real, m_port);
        AccountDiscovery discovery(m_db, &http, &m_dns);
        const Result<DiscoveryResult> r = discovery.discover(u"olivia@fail.example.test"_s);
        QVERIFY(r.ok());
        QVERIFY(r->imap && r->imap->guessed);
        QCOMPARE(r->imapAlternatives.size(), 1);
        QCOMPARE(r->imapAlternatives.first().host, u"imap.fail.example.test"_s);
        QVERIFY(r->imapAlternatives.first().guessed);
    }

    void withoutNetwork()
    {
        AccountDiscovery discovery(m_db, nullptr, nullptr);
        const Result<DiscoveryResult> r = discovery.discover(u"someone@unknown.example.test"_s);
        QVERIFY(r.ok());
        QVERIFY(!r->imap);
        QVERIFY(r->stepsText().contains(u"skipped (no HTTP fetcher)"_s));
        QVERIFY(r->stepsText().contains(u"skipped (no DNS resolver)"_s));
    }

    void badAddress_data()
    {
        QTest::addColumn<QString>("address");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << u"   "_s << u"no e-mail address was given"_s;
        QTest::newRow("no @") << u"alice.example.com"_s << u"it has no @"_s;
        QTest::newRow("nothing before") << u"@example.com"_s << u"nothing before the @"_s;
        QTest::newRow("nothing after") << u"alice@"_s << u"nothing after the @"_s;
        QTest::newRow("two @") << u"alice@bob@example.com"_s << u"more than one @"_s;
        QTest::newRow("space") << u"alice smith@example.com"_s << u"contains a space"_s;
        QTest::newRow("no dot") << u"alice@localhost"_s << u"has no dot"_s;
        QTest::newRow("IP literal") << u"alice@[127.0.0.1]"_s << u"not an IP address"_s;
        QTest::newRow("bad label") << u"alice@-bad.example"_s << u"not a valid domain name"_s;
        QTest::newRow("underscore") << u"alice@ex_ample.com"_s << u"not a valid domain name"_s;
        QTest::newRow("empty label") << u"alice@example..com"_s << u"not a valid domain name"_s;
        QTest::newRow("angle brackets") << u"<alice@example.com>"_s << u"not allowed before the @"_s;
        QTest::newRow("long local part") << QString(65, u'a') + u"@example.com"_s << u"longer than 64"_s;
    }

    void badAddress()
    {
        QFETCH(QString, address);
        QFETCH(QString, message);
        AccountDiscovery discovery(m_db, nullptr, nullptr);
        const Result<DiscoveryResult> r = discovery.discover(address);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::Usage);
        QVERIFY2(r.error().toString().contains(message), qPrintable(r.error().toString()));
    }

    void goodAddress_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("address");
        QTest::addColumn<QString>("ace");
        QTest::newRow("trimmed, domain lower-cased") << u"  Bob.Smith@Example.COM "_s << u"Bob.Smith@example.com"_s
                                                     << u"example.com"_s;
        QTest::newRow("mailto:") << u"mailto:bob@example.com"_s << u"bob@example.com"_s << u"example.com"_s;
        QTest::newRow("IDN") << u"jürgen@bücher.example"_s << u"jürgen@bücher.example"_s << u"xn--bcher-kva.example"_s;
        QTest::newRow("trailing dot") << u"bob@example.com."_s << u"bob@example.com"_s << u"example.com"_s;
    }

    void goodAddress()
    {
        QFETCH(QString, input);
        QFETCH(QString, address);
        QFETCH(QString, ace);
        const Result<EmailAddress> a = EmailAddress::parse(input);
        QVERIFY2(a.ok(), qPrintable(a.error().toString()));
        QCOMPARE(a->address(), address);
        QCOMPARE(a->aceDomain, ace);
    }

    void baseDomain_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("base");
        QTest::newRow("two labels") << u"example.com"_s << u"example.com"_s;
        QTest::newRow("mx") << u"mx1.example.com"_s << u"example.com"_s;
        QTest::newRow("deep") << u"mx.premium.europe.example.com."_s << u"example.com"_s;
        QTest::newRow("co.uk") << u"mx.example.co.uk"_s << u"example.co.uk"_s;
        QTest::newRow("com.au") << u"mail.example.com.au"_s << u"example.com.au"_s;
        QTest::newRow("de") << u"mx00.kundenserver.de"_s << u"kundenserver.de"_s;
    }

    void baseDomain()
    {
        QFETCH(QString, host);
        QFETCH(QString, base);
        QCOMPARE(AccountDiscovery::baseDomain(host), base);
    }
};

QTEST_GUILESS_MAIN(TestAutoDiscovery)
#include "tst_autodiscovery.moc"
