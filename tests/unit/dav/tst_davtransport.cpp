// DavTransport against a scripted HTTPS server (fakedavserver.py, 127.0.0.1):
// Retry-After on 429/503 with bounded retries, redirects (same host keeps the
// method, body and credentials; another host is not followed; http:// is
// refused; loops end), status → error mapping (401, 403 with a DAV:error, 412,
// 413, 507), parallel requests, bodies streamed from a spooled ItemBody, the
// I/O timeout, and the certificate details of a refused server (unknown CA,
// self-signed).
#include <dav/davtransport.h>

#include <connector/itembody.h>

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace ferry;

class TestDavTransport : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QProcess m_server;
    quint16 m_port = 0;
    QString m_caFile;

    Endpoint endpoint() const
    {
        Endpoint e;
        e.scheme = QStringLiteral("https");
        e.user = QStringLiteral("alice");
        e.host = QStringLiteral("127.0.0.1");
        e.port = m_port;
        e.tls.caFiles = {m_caFile};
        e.tls.connectTimeoutMs = 5000;
        e.tls.ioTimeoutMs = 10000;
        e.password = std::make_shared<Secret>(QByteArray("s3cret!"));
        return e;
    }

    // tests/support/ca.py makes certificates valid from now for 30 days.
    static void checkValidity(const CertificateInfo &cert)
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QVERIFY2(cert.notBefore <= now && cert.notBefore > now.addSecs(-3600), qPrintable(cert.notBefore.toString(Qt::ISODate)));
        QCOMPARE(cert.notBefore.secsTo(cert.notAfter), qint64(30 * 24 * 3600));
    }

    static DavRequest req(const QByteArray &method, const QByteArray &path, const QByteArray &body = {})
    {
        return DavRequest::xml(method, path, 1, body);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_server.start(QStringLiteral("python3"), {QStringLiteral(FERRY_SOURCE_DIR "/tests/unit/dav/fakedavserver.py"),
                                                   m_dir.path(), QStringLiteral("--max-seconds"), QStringLiteral("120")});
        QVERIFY(m_server.waitForStarted(10000));
        QVERIFY(m_server.waitForReadyRead(30000));
        const QJsonObject info = QJsonDocument::fromJson(m_server.readLine()).object();
        m_port = quint16(info.value(QStringLiteral("port")).toInt());
        m_caFile = info.value(QStringLiteral("ca_file")).toString();
        QVERIFY(m_port > 0);
    }

    void cleanupTestCase()
    {
        m_server.closeWriteChannel(); // the server exits when its stdin closes
        if (!m_server.waitForFinished(10000))
            m_server.kill();
    }

    void echoWithCredentials()
    {
        DavTransport t(endpoint());
        const DavReply r = t.execute(req("PROPFIND", "/echo", "<x/>"));
        QVERIFY2(r.error.ok(), qPrintable(r.error.toString()));
        QCOMPARE(r.status, 207);
        QCOMPARE(r.body, QByteArray("PROPFIND auth=yes depth=1 len=4 path=/echo"));
        QCOMPARE(r.etag, QByteArray("\"e-4\""));
    }

    void retryAfter()
    {
        DavTransport t(endpoint());
        t.setRetryPolicy(3, 5000);
        QElapsedTimer timer;
        timer.start();
        const DavReply r = t.execute(req("REPORT", "/retry/a", "<y/>"));
        QCOMPARE(r.status, 207);
        QVERIFY(timer.elapsed() >= 900); // waited for Retry-After: 1
        QCOMPARE(r.body, QByteArray("REPORT auth=yes depth=1 len=4 path=/retry/a"));
        // 503 without Retry-After: exponential wait, bounded by maxDelay.
        t.setRetryPolicy(3, 100);
        timer.restart();
        QCOMPARE(t.execute(req("GET", "/unavail/b")).status, 207);
        QVERIFY(timer.elapsed() < 3000);
    }

    void retriesAreBounded()
    {
        DavTransport t(endpoint());
        t.setRetryPolicy(2, 50);
        const DavReply r = t.execute(req("PUT", "/busy", "x"));
        QCOMPARE(r.status, 503);
        QCOMPARE(davhttp::errorFor(r, QStringLiteral("PUT /busy"), true).code, ErrorCode::Network);
    }

    void redirects()
    {
        DavTransport t(endpoint());
        const DavReply same = t.execute(req("PROPFIND", "/redirect-same", "<z/>"));
        QCOMPARE(same.status, 207);
        QCOMPARE(same.body, QByteArray("PROPFIND auth=yes depth=1 len=4 path=/echo-moved"));
        QVERIFY(same.url.endsWith("/echo-moved"));

        const DavReply other = t.execute(req("PROPFIND", "/redirect-other", "<z/>"));
        QVERIFY(other.crossHostRedirect);
        QCOMPARE(other.status, 307);
        QVERIFY(other.location.startsWith("https://localhost:"));
        const Error e = davhttp::errorFor(other, QStringLiteral("PROPFIND /redirect-other"), false);
        QCOMPARE(e.code, ErrorCode::Protocol);
        QVERIFY(!e.toString().contains(QLatin1String("s3cret")));

        // Once allowed, the other host gets the request with credentials.
        t.allowCredentialsFor(QStringLiteral("localhost"), m_port);
        const DavReply allowed = t.execute(req("PROPFIND", "/redirect-other", "<z/>"));
        QCOMPARE(allowed.status, 207);
        QCOMPARE(allowed.body, QByteArray("PROPFIND auth=yes depth=1 len=4 path=/echo"));

        const DavReply plain = t.execute(req("GET", "/redirect-http"));
        QCOMPARE(plain.error.code, ErrorCode::Protocol);
        QVERIFY(plain.error.what.contains(QLatin1String("not https")));

        const DavReply loop = t.execute(req("GET", "/loop"));
        QCOMPARE(loop.error.code, ErrorCode::Protocol);
    }

    void statusErrors_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("code");
        QTest::newRow("401") << 401 << int(ErrorCode::Auth);
        QTest::newRow("403") << 403 << int(ErrorCode::Rejected);
        QTest::newRow("404") << 404 << int(ErrorCode::NotFound);
        QTest::newRow("412") << 412 << int(ErrorCode::Precondition);
        QTest::newRow("413") << 413 << int(ErrorCode::TooBig);
        QTest::newRow("415") << 415 << int(ErrorCode::Rejected);
        QTest::newRow("500") << 500 << int(ErrorCode::Rejected);
        QTest::newRow("507") << 507 << int(ErrorCode::Quota);
    }
    void statusErrors()
    {
        QFETCH(int, status);
        DavTransport t(endpoint());
        const DavReply r = t.execute(req("PUT", "/status/" + QByteArray::number(status), "data"));
        QCOMPARE(r.status, status);
        const Error e = davhttp::errorFor(r, QStringLiteral("PUT /x"), true);
        QTEST(int(e.code), "code");
        QVERIFY(!e.toString().contains(QLatin1String("s3cret")));
        if (status == 403)
            QCOMPARE(e.serverText, QStringLiteral("need-privileges: You are not allowed here"));
        if (status == 415)
            QCOMPARE(e.serverText, QStringLiteral("status 415"));
    }

    void parallel()
    {
        DavTransport t(endpoint());
        t.setMaxInFlight(8);
        QList<DavRequest> requests;
        for (int i = 0; i < 16; ++i)
            requests.append(req("GET", "/slow"));
        QElapsedTimer timer;
        timer.start();
        const QList<DavReply> replies = t.executeAll(requests);
        QCOMPARE(replies.size(), 16);
        for (const DavReply &r : replies)
            QCOMPARE(r.status, 207);
        QVERIFY2(timer.elapsed() < 16 * 300 / 2, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(t.bytesIn() > 0);
        QVERIFY(t.bytesOut() > 0);
    }

    void spooledBody()
    {
        ItemBody::setSpoolThreshold(1024);
        ItemBody body;
        QVERIFY(!body.begin(300000));
        const QByteArray chunk(1000, 'x');
        for (int i = 0; i < 300; ++i)
            QVERIFY(!body.append(chunk.constData(), chunk.size()));
        QVERIFY(!body.finish());
        QVERIFY(!body.inMemory());
        ItemBody::setSpoolThreshold(ItemBody::kDefaultSpoolThreshold);
        DavTransport t(endpoint());
        DavRequest r;
        r.method = "PUT";
        r.url = "/echo";
        r.itemBody = &body;
        const DavReply reply = t.execute(r);
        QCOMPARE(reply.body, QByteArray("PUT auth=yes depth=- len=300000 path=/echo"));
    }

    void ioTimeout()
    {
        Endpoint e = endpoint();
        e.tls.ioTimeoutMs = 1000;
        DavTransport t(e);
        QElapsedTimer timer;
        timer.start();
        const DavReply r = t.execute(req("GET", "/hang"));
        QCOMPARE(r.error.code, ErrorCode::Network);
        QVERIFY(timer.elapsed() < 10000);
    }

    // A server whose CA we do not know: refused, with what the trust page shows.
    void unknownCaShowsCertificate()
    {
        Endpoint e = endpoint();
        e.tls.caFiles.clear();
        DavTransport t(e);
        const DavReply r = t.execute(req("GET", "/echo"));
        QCOMPARE(r.error.code, ErrorCode::Tls);
        const CertificateInfo &cert = r.error.certificate;
        QVERIFY(!cert.isNull());
        QCOMPARE(formatFingerprint(cert.sha256), r.error.fingerprint);
        QCOMPARE(cert.subject, QStringLiteral("CN=127.0.0.1,O=Ferry tests"));
        QCOMPARE(cert.issuer, QStringLiteral("CN=Ferry throw-away CA,O=Ferry tests"));
        QVERIFY(!cert.isSelfSigned());
        QCOMPARE(cert.names, QStringList({QStringLiteral("127.0.0.1"), QStringLiteral("localhost")}));
        QVERIFY2(cert.problem.contains(QLatin1String("issuer")), qPrintable(cert.problem));
        checkValidity(cert);
    }

    // A self-signed certificate (tests/support/ca.py's "untrusted" one, served by
    // `openssl s_server`, which ends after a few connections).
    void selfSignedShowsCertificate()
    {
        QProcess server;
        server.start(QStringLiteral("openssl"),
                     {QStringLiteral("s_server"), QStringLiteral("-accept"), QStringLiteral("127.0.0.1:0"),
                      QStringLiteral("-cert"), m_dir.filePath(QStringLiteral("untrusted.pem")), QStringLiteral("-key"),
                      m_dir.filePath(QStringLiteral("untrusted.key")), QStringLiteral("-naccept"), QStringLiteral("3"),
                      QStringLiteral("-www")});
        QVERIFY(server.waitForStarted(10000));
        quint16 port = 0;
        QElapsedTimer timer;
        timer.start();
        while (!port && timer.elapsed() < 10000 && server.state() == QProcess::Running) {
            server.waitForReadyRead(500);
            while (server.canReadLine()) {
                const QByteArray line = server.readLine().trimmed();
                if (line.startsWith("ACCEPT "))
                    port = quint16(line.mid(line.lastIndexOf(':') + 1).toUInt());
            }
        }
        QVERIFY2(port, server.readAllStandardError().constData());
        Endpoint e = endpoint();
        e.port = port;
        DavTransport t(e);
        const DavReply r = t.execute(req("GET", "/"));
        server.kill();
        server.waitForFinished(5000);
        QCOMPARE(r.error.code, ErrorCode::Tls);
        const CertificateInfo &cert = r.error.certificate;
        QCOMPARE(cert.subject, QStringLiteral("CN=127.0.0.1,O=Nobody"));
        QVERIFY(cert.isSelfSigned());
        QVERIFY2(cert.problem.contains(QLatin1String("self-signed")) || cert.problem.contains(QLatin1String("self signed")),
                 qPrintable(cert.problem));
        QCOMPARE(formatFingerprint(cert.sha256), r.error.fingerprint);
        checkValidity(cert);
        QVERIFY(cert.describe().contains(QLatin1String("itself (self-signed)")));
    }

    void badCaFileIsUsage()
    {
        Endpoint e = endpoint();
        e.tls.caFiles = {m_dir.filePath(QStringLiteral("missing.pem"))};
        DavTransport t(e);
        QCOMPARE(t.execute(req("GET", "/echo")).error.code, ErrorCode::Usage);
    }
};

QTEST_GUILESS_MAIN(TestDavTransport)
#include "tst_davtransport.moc"
