// The bundled provider database: every file parses, names its domains, and
// offers an IMAP server with implicit TLS on 993 (or says it needs a bridge);
// DAV URLs are https; instructions come with a URL; look-ups by domain and by
// MX host; an extra directory overrides the bundled entries.
#include <discovery/providerdatabase.h>

#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace ferry;
using namespace Qt::StringLiterals;

class TestProviderDatabase : public QObject {
    Q_OBJECT
private:
    ProviderDatabase m_db = ProviderDatabase::bundled();

private Q_SLOTS:
    void everyBundledFileIsValid()
    {
        QVERIFY2(m_db.loadErrors().isEmpty(), qPrintable(m_db.loadErrors().join(u'\n')));
        QVERIFY(m_db.entries().size() >= 20);
        QSet<QString> seen;
        for (const ProviderDatabase::Entry &e : m_db.entries()) {
            const AutoconfigConfig &c = e.config;
            const QByteArray where = e.origin.toUtf8();
            QVERIFY2(!c.domains.isEmpty(), where);
            QVERIFY2(!c.displayName.isEmpty(), where);
            for (const QString &d : c.domains) {
                QVERIFY2(!seen.contains(d), qPrintable(e.origin + u": domain listed twice: "_s + d));
                seen.insert(d);
            }
            bool imaps = false;
            for (const AutoconfigServer &s : c.imapServers)
                imaps = imaps || (s.implicitTls() && s.port == 993 && !s.hostname.isEmpty() && !s.username.isEmpty());
            QVERIFY2(imaps != c.bridge, where + " needs one IMAP server with SSL on port 993, or a ferry:bridge");
            for (const auto &list : {c.calendars, c.addressBooks}) {
                for (const AutoconfigDav &d : list)
                    QVERIFY2(d.url.startsWith("https://"_L1) && QUrl(d.url).isValid(), where);
            }
            if (c.appPassword)
                QVERIFY2(!c.appPasswordText.isEmpty() && c.appPasswordUrl.startsWith("https://"_L1), where);
            if (c.bridge)
                QVERIFY2(!c.bridgeText.isEmpty() && c.bridgeUrl.startsWith("https://"_L1), where);
            if (!c.enableUrl.isEmpty())
                QVERIFY2(c.enableUrl.startsWith("https://"_L1) && !c.enableText.isEmpty(), where);
            // The file is named after the provider id, as in the ISPDB.
            QVERIFY2(e.origin.endsWith(c.id + u".xml"_s) || c.domains.contains(QFileInfo(e.origin).completeBaseName()), where);
        }
    }

    void byDomain_data()
    {
        QTest::addColumn<QString>("domain");
        QTest::addColumn<QString>("imapHost");
        QTest::addColumn<bool>("hasCalDav");
        QTest::addColumn<bool>("hasCardDav");
        QTest::newRow("gmail") << u"gmail.com"_s << u"imap.gmail.com"_s << true << true;
        QTest::newRow("googlemail") << u"googlemail.com"_s << u"imap.gmail.com"_s << true << true;
        QTest::newRow("case and trailing dot") << u"GMail.Com."_s << u"imap.gmail.com"_s << true << true;
        QTest::newRow("hotmail") << u"hotmail.com"_s << u"outlook.office365.com"_s << false << false;
        QTest::newRow("live") << u"live.com"_s << u"outlook.office365.com"_s << false << false;
        QTest::newRow("outlook") << u"outlook.com"_s << u"outlook.office365.com"_s << false << false;
        QTest::newRow("office365") << u"office365.com"_s << u"outlook.office365.com"_s << false << false;
        QTest::newRow("yahoo") << u"yahoo.com"_s << u"imap.mail.yahoo.com"_s << true << true;
        QTest::newRow("icloud") << u"icloud.com"_s << u"imap.mail.me.com"_s << true << true;
        QTest::newRow("me.com") << u"me.com"_s << u"imap.mail.me.com"_s << true << true;
        QTest::newRow("mac.com") << u"mac.com"_s << u"imap.mail.me.com"_s << true << true;
        QTest::newRow("aol") << u"aol.com"_s << u"imap.aol.com"_s << false << false;
        QTest::newRow("gmx.de") << u"gmx.de"_s << u"imap.gmx.net"_s << true << true;
        QTest::newRow("gmx.net") << u"gmx.net"_s << u"imap.gmx.net"_s << true << true;
        QTest::newRow("gmx.com") << u"gmx.com"_s << u"imap.gmx.com"_s << false << false;
        QTest::newRow("web.de") << u"web.de"_s << u"imap.web.de"_s << true << true;
        QTest::newRow("t-online") << u"t-online.de"_s << u"secureimap.t-online.de"_s << false << false;
        QTest::newRow("posteo") << u"posteo.de"_s << u"posteo.de"_s << true << true;
        QTest::newRow("mailbox.org") << u"mailbox.org"_s << u"imap.mailbox.org"_s << true << true;
        QTest::newRow("fastmail") << u"fastmail.com"_s << u"imap.fastmail.com"_s << true << true;
        QTest::newRow("zoho") << u"zoho.com"_s << u"imap.zoho.com"_s << false << false;
        QTest::newRow("yandex.ru") << u"yandex.ru"_s << u"imap.yandex.com"_s << true << true;
        QTest::newRow("yandex.com") << u"yandex.com"_s << u"imap.yandex.com"_s << true << true;
        QTest::newRow("mail.ru") << u"mail.ru"_s << u"imap.mail.ru"_s << false << false;
        QTest::newRow("freenet") << u"freenet.de"_s << u"mx.freenet.de"_s << false << false;
        QTest::newRow("ionos") << u"ionos.de"_s << u"imap.ionos.de"_s << false << false;
        QTest::newRow("strato") << u"strato.de"_s << u"imap.strato.de"_s << false << false;
        QTest::newRow("proton (bridge)") << u"proton.me"_s << QString() << false << false;
        QTest::newRow("pm.me (bridge)") << u"pm.me"_s << QString() << false << false;
        QTest::newRow("unknown") << u"example.com"_s << u"-"_s << false << false;
        QTest::newRow("subdomain is not the domain") << u"mail.gmail.com"_s << u"-"_s << false << false;
    }

    void byDomain()
    {
        QFETCH(QString, domain);
        QFETCH(QString, imapHost);
        QFETCH(bool, hasCalDav);
        QFETCH(bool, hasCardDav);
        const ProviderDatabase::Entry *e = m_db.findByDomain(domain);
        if (imapHost == "-"_L1) {
            QVERIFY(!e);
            return;
        }
        QVERIFY(e);
        QCOMPARE(e->config.imapServers.isEmpty() ? QString() : e->config.imapServers.first().hostname, imapHost);
        QCOMPARE(imapHost.isEmpty(), e->config.bridge);
        QCOMPARE(!e->config.calendars.isEmpty(), hasCalDav);
        QCOMPARE(!e->config.addressBooks.isEmpty(), hasCardDav);
    }

    void byMxHost_data()
    {
        QTest::addColumn<QString>("mx");
        QTest::addColumn<QString>("providerId"); // empty: none
        QTest::newRow("Google Workspace") << u"aspmx.l.google.com"_s << u"googlemail.com"_s;
        QTest::newRow("Google alt") << u"ALT1.ASPMX.L.GOOGLE.COM."_s << u"googlemail.com"_s;
        QTest::newRow("Google new MX") << u"smtp.google.com"_s << u"googlemail.com"_s;
        QTest::newRow("googlemail") << u"aspmx2.googlemail.com"_s << u"googlemail.com"_s;
        QTest::newRow("Microsoft 365") << u"contoso-com.mail.protection.outlook.com"_s << u"office365.com"_s;
        QTest::newRow("Outlook.com") << u"hotmail-com.olc.protection.outlook.com"_s << u"outlook.com"_s;
        QTest::newRow("iCloud custom domain") << u"mx01.mail.icloud.com"_s << u"icloud.com"_s;
        QTest::newRow("mailbox.org") << u"mxext1.mailbox.org"_s << u"mailbox.org"_s;
        QTest::newRow("Fastmail") << u"in1-smtp.messagingengine.com"_s << u"fastmail.com"_s;
        QTest::newRow("IONOS customer") << u"mx00.kundenserver.de"_s << u"ionos.de"_s;
        QTest::newRow("STRATO customer") << u"smtpin.rzone.de"_s << u"strato.de"_s;
        QTest::newRow("Yahoo") << u"mta5.am0.yahoodns.net"_s << u"yahoo.com"_s;
        QTest::newRow("Proton") << u"mail.protonmail.ch"_s << u"proton.me"_s;
        QTest::newRow("label boundary") << u"notgoogle.com"_s << QString();
        QTest::newRow("suffix only") << u"mx.evilgoogle.com"_s << QString();
        QTest::newRow("unknown") << u"mx.example.com"_s << QString();
        QTest::newRow("empty") << QString() << QString();
    }

    void byMxHost()
    {
        QFETCH(QString, mx);
        QFETCH(QString, providerId);
        const ProviderDatabase::Entry *e = m_db.findByMxHost(mx);
        QCOMPARE(e ? e->config.id : QString(), providerId);
    }

    void extraDirectoryOverrides()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile f(dir.filePath(u"gmail.com.xml"_s));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("<clientConfig version='1.1'><emailProvider id='corp-gmail'><domain>gmail.com</domain>"
                "<incomingServer type='imap'><hostname>imap.corp.test</hostname><port>993</port>"
                "<socketType>SSL</socketType><username>%EMAILADDRESS%</username></incomingServer>"
                "</emailProvider></clientConfig>");
        f.close();
        QFile bad(dir.filePath(u"broken.xml"_s));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("<clientConfig><emailProvider>");
        bad.close();

        ProviderDatabase db = ProviderDatabase::bundled();
        QVERIFY(!db.addDirectory(dir.path()));
        QCOMPARE(db.findByDomain(u"gmail.com"_s)->config.id, u"corp-gmail"_s);
        QCOMPARE(db.findByDomain(u"googlemail.com"_s)->config.id, u"googlemail.com"_s); // untouched
        QCOMPARE(db.loadErrors().size(), 1);
        QVERIFY(db.loadErrors().first().contains(u"broken.xml"_s));
        QCOMPARE(db.addDirectory(dir.filePath(u"missing"_s)).code, ErrorCode::Usage);
    }

    void idnDomains()
    {
        ProviderDatabase db;
        AutoconfigConfig c;
        c.id = u"idn"_s;
        c.domains = {u"bücher.example"_s};
        db.add(c, u"test"_s);
        QVERIFY(db.findByDomain(u"BÜCHER.example"_s));
        QVERIFY(db.findByDomain(u"xn--bcher-kva.example"_s));
    }
};

QTEST_GUILESS_MAIN(TestProviderDatabase)
#include "tst_providerdatabase.moc"
