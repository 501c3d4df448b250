// TlsConnection against a loopback OpenSSL server with a throw-away PKI:
// trust via --ca-file, refusal + fingerprint and details (subject, issuer,
// validity, problem) of an untrusted certificate,
// pinning, host-name mismatch, refused/silent/closing peers, old TLS, and a
// few megabytes each way.
#include "fakeimapserver.h"
#include "lineclient.h"
#include "testpki.h"

#include "imap/tlsconnection.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTest>

#include <openssl/ssl.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace ferry;
using namespace ferry::test;

class TestTlsConnection : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void trustedByCaFile();
    void trustedByCaFileViaName();
    void untrustedSelfSigned();
    void pinnedSelfSigned();
    void wrongPin();
    void hostNameMismatch();
    void connectionRefused();
    void silentServer();
    void readTimeoutAndNoWait();
    void closedByPeer();
    void oldTlsRefused();
    void bulkTransfer();
    void trustedViaDeferredBundle();

private:
    bool startServer(FakeImapServer &server, const QByteArray &transcript, const QString &cert, const QString &key,
                     int maxTls = 0);
    TlsSettings trustingCa() const;

    TestPki m_pki;
    QByteArray m_serverSha;
    QByteArray m_selfSignedSha;
};

void TestTlsConnection::initTestCase()
{
    QString error;
    QVERIFY2(m_pki.generate(&error), qPrintable(error));
    m_serverSha = TestPki::sha256Of(m_pki.serverCert(), &error);
    QVERIFY2(m_serverSha.size() == 32, qPrintable(error));
    m_selfSignedSha = TestPki::sha256Of(m_pki.selfSignedCert(), &error);
    QVERIFY2(m_selfSignedSha.size() == 32, qPrintable(error));
    // SSL_CERT_FILE names a "system bundle" that holds the test CA; it is only read
    // when a chain does not verify against --ca-file and the hashed CA directory.
    qputenv("SSL_CERT_FILE", QFile::encodeName(m_pki.caCert()));
}

void TestTlsConnection::trustedViaDeferredBundle()
{
    TlsSettings noCaFile = trustingCa();
    noCaFile.caFiles.clear();
    {
        FakeImapServer server;
        QVERIFY(startServer(server, "S: * OK ready\n", m_pki.serverCert(), m_pki.serverKey()));
        TlsConnection c;
        const Error e = c.connect(QStringLiteral("127.0.0.1"), server.port(), noCaFile);
        QVERIFY2(e.ok(), qPrintable(e.toString()));
    }
    {
        // Known issuer, wrong host: the bundle's verdict (a mismatch) is reported.
        FakeImapServer server;
        QVERIFY(startServer(server, "S: * OK ready\n", m_pki.otherHostCert(), m_pki.otherHostKey()));
        TlsConnection c;
        const Error e = c.connect(QStringLiteral("127.0.0.1"), server.port(), noCaFile);
        QCOMPARE(e.code, ErrorCode::Tls);
        QVERIFY2(e.what.contains(QLatin1String("mismatch"), Qt::CaseInsensitive), qPrintable(e.what));
    }
    {
        FakeImapServer server;
        QVERIFY(startServer(server, "S: * OK ready\n", m_pki.selfSignedCert(), m_pki.selfSignedKey()));
        TlsConnection c;
        QCOMPARE(c.connect(QStringLiteral("127.0.0.1"), server.port(), noCaFile).code, ErrorCode::Tls);
    }
}

bool TestTlsConnection::startServer(FakeImapServer &server, const QByteArray &text, const QString &cert,
                                    const QString &key, int maxTls)
{
    Transcript t;
    QString error;
    if (!t.parse(text, QStringLiteral("inline"), &error)) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    FakeImapServer::Options o;
    o.certFile = cert;
    o.keyFile = key;
    o.maxTlsVersion = maxTls;
    o.ioTimeoutMs = 3000;
    if (!server.start(o, t, &error)) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    return true;
}

TlsSettings TestTlsConnection::trustingCa() const
{
    TlsSettings s;
    s.caFiles = {m_pki.caCert()};
    s.connectTimeoutMs = 5000;
    s.ioTimeoutMs = 5000;
    return s;
}

void TestTlsConnection::trustedByCaFile()
{
    FakeImapServer server;
    QVERIFY(startServer(server, "S: * OK ready\n", m_pki.serverCert(), m_pki.serverKey()));

    LineClient client;
    TlsConnection &c = client.connection();
    const Error e = c.connect(QStringLiteral("127.0.0.1"), server.port(), trustingCa());
    QVERIFY2(e.ok(), qPrintable(e.toString()));
    QVERIFY(c.isOpen());
    QVERIFY2(c.protocolVersion() == QLatin1String("TLSv1.3") || c.protocolVersion() == QLatin1String("TLSv1.2"),
             qPrintable(c.protocolVersion()));
    QCOMPARE(c.peerFingerprint(), m_serverSha);
    QVERIFY2(c.peerSubject().contains(QLatin1String("127.0.0.1")), qPrintable(c.peerSubject()));
    const CertificateInfo cert = c.peerCertificate();
    QCOMPARE(cert.subject, QStringLiteral("CN=127.0.0.1"));
    QCOMPARE(cert.issuer, QStringLiteral("CN=Ferry Test CA"));
    QVERIFY(!cert.isSelfSigned());
    QVERIFY(cert.problem.isEmpty());
    QVERIFY(cert.notBefore.isValid() && cert.notBefore < cert.notAfter);

    Result<QByteArray> line = client.readLine();
    QVERIFY2(line.ok(), qPrintable(line.error().toString()));
    QCOMPARE(*line, QByteArray("* OK ready"));
    QCOMPARE(c.bytesIn(), quint64(12));

    // The fake server answers LOGOUT by itself at the end of a transcript.
    QVERIFY(!client.send("a1 LOGOUT\r\n"));
    QCOMPARE(c.bytesOut(), quint64(11));
    line = client.readLine();
    QVERIFY(line.ok());
    QVERIFY(line->startsWith("* BYE"));
    line = client.readLine();
    QVERIFY(line.ok());
    QCOMPARE(*line, QByteArray("a1 OK LOGOUT completed"));

    c.close();
    QVERIFY(!c.isOpen());
    QVERIFY(server.waitFinished(5000));
    QVERIFY2(server.succeeded(), qPrintable(server.report()));
}

void TestTlsConnection::trustedByCaFileViaName()
{
    // "localhost" may resolve to ::1 first, where nobody listens: the next
    // address must be tried. The name goes into SNI and the DNS SAN check.
    FakeImapServer server;
    QVERIFY(startServer(server, "S: * OK ready\n", m_pki.serverCert(), m_pki.serverKey()));
    LineClient client;
    const Error e = client.connection().connect(QStringLiteral("localhost"), server.port(), trustingCa());
    QVERIFY2(e.ok(), qPrintable(e.toString()));
    Result<QByteArray> line = client.readLine();
    QVERIFY(line.ok());
    QCOMPARE(*line, QByteArray("* OK ready"));
}

void TestTlsConnection::untrustedSelfSigned()
{
    FakeImapServer server;
    QVERIFY(startServer(server, "S: * OK ready\n", m_pki.selfSignedCert(), m_pki.selfSignedKey()));
    TlsConnection c;
    const Error e = c.connect(QStringLiteral("127.0.0.1"), server.port(), trustingCa());
    qInfo("%s", qPrintable(e.toString()));
    QCOMPARE(e.code, ErrorCode::Tls);
    QVERIFY(!c.isOpen());
    QCOMPARE(e.fingerprint, formatFingerprint(m_selfSignedSha));
    QCOMPARE(c.peerFingerprint(), m_selfSignedSha);
    QVERIFY2(e.what.startsWith(QStringLiteral("certificate of 127.0.0.1:%1 is not trusted (").arg(server.port())),
             qPrintable(e.what));
    QVERIFY2(e.what.contains(QLatin1String("self-signed")) || e.what.contains(QLatin1String("self signed")),
             qPrintable(e.what));
    QVERIFY2(e.hint.contains(e.fingerprint) && e.hint.contains(QLatin1String("--from-pin-sha256")), qPrintable(e.hint));
    QVERIFY(e.hint.contains(QLatin1String("--ca-file")));

    // What the trust page shows: whom it names, who vouches for it, when, and why not.
    const CertificateInfo &cert = e.certificate;
    QVERIFY(!cert.isNull());
    QCOMPARE(cert.subject, QStringLiteral("CN=127.0.0.1"));
    QCOMPARE(cert.issuer, cert.subject);
    QVERIFY(cert.isSelfSigned());
    QCOMPARE(cert.names, QStringList({QStringLiteral("127.0.0.1"), QStringLiteral("localhost")}));
    QCOMPARE(cert.sha256, m_selfSignedSha);
    QVERIFY2(cert.problem.contains(QLatin1String("self-signed")) || cert.problem.contains(QLatin1String("self signed")),
             qPrintable(cert.problem));
    // TestPki makes certificates valid from now for 2 days.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QCOMPARE(cert.notBefore.timeSpec(), Qt::UTC);
    QVERIFY2(cert.notBefore <= now && cert.notBefore > now.addSecs(-3600), qPrintable(cert.notBefore.toString(Qt::ISODate)));
    QCOMPARE(cert.notBefore.secsTo(cert.notAfter), qint64(2 * 24 * 3600));
    QCOMPARE(c.peerCertificate().sha256, m_selfSignedSha);
    const QString text = cert.describe(QStringLiteral("  "));
    QVERIFY2(text.contains(QLatin1String("  subject: CN=127.0.0.1")) && text.contains(QLatin1String("self-signed"))
                 && text.contains(e.fingerprint) && text.contains(now.toString(QStringLiteral("yyyy-MM-dd"))),
             qPrintable(text));
}

void TestTlsConnection::pinnedSelfSigned()
{
    FakeImapServer server;
    QVERIFY(startServer(server, "S: * OK pinned\n", m_pki.selfSignedCert(), m_pki.selfSignedKey()));
    LineClient client;
    TlsSettings s;
    s.pinnedSha256 = m_selfSignedSha; // no CA file: only the pin makes it trusted
    s.ioTimeoutMs = 5000;
    const Error e = client.connection().connect(QStringLiteral("127.0.0.1"), server.port(), s);
    QVERIFY2(e.ok(), qPrintable(e.toString()));
    Result<QByteArray> line = client.readLine();
    QVERIFY(line.ok());
    QCOMPARE(*line, QByteArray("* OK pinned"));
}

void TestTlsConnection::wrongPin()
{
    // A pin replaces the CA check entirely: even a CA-trusted certificate is
    // refused when it is not the pinned one.
    FakeImapServer server;
    QVERIFY(startServer(server, "S: * OK ready\n", m_pki.serverCert(), m_pki.serverKey()));
    TlsSettings s = trustingCa();
    s.pinnedSha256 = m_selfSignedSha;
    TlsConnection c;
    const Error e = c.connect(QStringLiteral("127.0.0.1"), server.port(), s);
    QCOMPARE(e.code, ErrorCode::Tls);
    QCOMPARE(e.fingerprint, formatFingerprint(m_serverSha));
    QVERIFY(e.what.contains(QLatin1String("not trusted")));
    QCOMPARE(e.certificate.sha256, m_serverSha);
    QCOMPARE(e.certificate.issuer, QStringLiteral("CN=Ferry Test CA"));
    QVERIFY2(e.certificate.problem.contains(QLatin1String("pinned")), qPrintable(e.certificate.problem));
}

void TestTlsConnection::hostNameMismatch()
{
    // Signed by the trusted CA, but only for mail.example.org.
    for (const QString &host : {QStringLiteral("127.0.0.1"), QStringLiteral("localhost")}) {
        FakeImapServer server;
        QVERIFY(startServer(server, "S: * OK ready\n", m_pki.otherHostCert(), m_pki.otherHostKey()));
        TlsConnection c;
        const Error e = c.connect(host, server.port(), trustingCa());
        qInfo("%s", qPrintable(e.toString()));
        QCOMPARE(e.code, ErrorCode::Tls);
        QVERIFY2(e.what.contains(QLatin1String("mismatch"), Qt::CaseInsensitive), qPrintable(e.what));
        QVERIFY(!e.fingerprint.isEmpty());
        QCOMPARE(e.certificate.subject, QStringLiteral("CN=mail.example.org"));
        QCOMPARE(e.certificate.names, QStringList{QStringLiteral("mail.example.org")});
        QVERIFY2(e.certificate.problem.contains(QLatin1String("mismatch"), Qt::CaseInsensitive),
                 qPrintable(e.certificate.problem));
    }
}

void TestTlsConnection::connectionRefused()
{
    // A port that was free a moment ago: bind, read the number, close.
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    QVERIFY(fd >= 0);
    sockaddr_in addr = {};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    QVERIFY(::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0);
    QVERIFY(::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len) == 0);
    ::close(fd);
    const quint16 port = ntohs(addr.sin_port);

    TlsConnection c;
    QElapsedTimer timer;
    timer.start();
    const Error e = c.connect(QStringLiteral("127.0.0.1"), port, trustingCa());
    QCOMPARE(e.code, ErrorCode::Network);
    QCOMPARE(e.what, QStringLiteral("connection to 127.0.0.1:%1 refused").arg(port));
    QVERIFY(e.isTransient());
    QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
}

void TestTlsConnection::silentServer()
{
    // Accepts the TCP connection and never says a word: the handshake must
    // give up after ioTimeoutMs.
    Transcript t;
    QString error;
    QVERIFY(t.parse({}, QStringLiteral("silent"), &error));
    FakeImapServer server;
    FakeImapServer::Options o;
    o.silent = true;
    o.acceptTimeoutMs = 10000;
    QVERIFY2(server.start(o, t, &error), qPrintable(error));

    TlsSettings s = trustingCa();
    s.ioTimeoutMs = 500;
    TlsConnection c;
    QElapsedTimer timer;
    timer.start();
    const Error e = c.connect(QStringLiteral("127.0.0.1"), server.port(), s);
    const qint64 ms = timer.elapsed();
    QCOMPARE(e.code, ErrorCode::Network);
    QVERIFY2(e.what.contains(QLatin1String("did not answer within 0.5 s")), qPrintable(e.what));
    QVERIFY2(ms >= 450 && ms < 3000, qPrintable(QString::number(ms)));
    QVERIFY(!c.isOpen());
}

void TestTlsConnection::readTimeoutAndNoWait()
{
    // Handshake completes, then the server stays quiet (empty transcript).
    FakeImapServer server;
    QVERIFY(startServer(server, "", m_pki.serverCert(), m_pki.serverKey()));
    TlsConnection c;
    QVERIFY(!c.connect(QStringLiteral("127.0.0.1"), server.port(), trustingCa()));

    char buf[64];
    QElapsedTimer timer;
    timer.start();
    Result<qint64> none = c.read(buf, sizeof buf, 0);
    QVERIFY2(none.ok(), qPrintable(none.error().toString()));
    QCOMPARE(*none, qint64(0));
    QVERIFY(timer.elapsed() < 100);

    timer.restart();
    Result<qint64> r = c.read(buf, sizeof buf, 500);
    const qint64 ms = timer.elapsed();
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::Network);
    QVERIFY2(r.error().what.contains(QLatin1String("did not answer within 0.5 s")), qPrintable(r.error().what));
    QVERIFY2(ms >= 450 && ms < 3000, qPrintable(QString::number(ms)));
    // A read timeout does not break the stream.
    QVERIFY(c.isOpen());
}

void TestTlsConnection::closedByPeer()
{
    FakeImapServer server;
    QVERIFY(startServer(server, "S: * OK bye soon\nX: close\n", m_pki.serverCert(), m_pki.serverKey()));
    LineClient client;
    QVERIFY(!client.connection().connect(QStringLiteral("127.0.0.1"), server.port(), trustingCa()));
    Result<QByteArray> line = client.readLine();
    QVERIFY(line.ok());
    QCOMPARE(*line, QByteArray("* OK bye soon"));
    Result<QByteArray> more = client.readLine(3000);
    QVERIFY(!more.ok());
    QCOMPARE(more.error().code, ErrorCode::Network);
    QCOMPARE(more.error().what, QStringLiteral("connection closed by 127.0.0.1"));
    QVERIFY(!client.connection().isOpen());
    // Writing on a closed connection is an error, not a crash (no SIGPIPE).
    QCOMPARE(client.send("a1 NOOP\r\n").code, ErrorCode::Network);
}

void TestTlsConnection::oldTlsRefused()
{
    FakeImapServer server;
    Transcript t;
    QString error;
    QVERIFY(t.parse("S: * OK old\n", QStringLiteral("tls11"), &error));
    FakeImapServer::Options o;
    o.certFile = m_pki.serverCert();
    o.keyFile = m_pki.serverKey();
    o.maxTlsVersion = TLS1_1_VERSION;
    o.ioTimeoutMs = 3000;
    if (!server.start(o, t, &error))
        QSKIP(qPrintable(QStringLiteral("this OpenSSL cannot run a TLS 1.1-only server: ") + error));

    TlsConnection c;
    const Error e = c.connect(QStringLiteral("127.0.0.1"), server.port(), trustingCa());
    qInfo("%s", qPrintable(e.toString()));
    QCOMPARE(e.code, ErrorCode::Tls);
    QVERIFY2(e.what.startsWith(QLatin1String("TLS handshake with 127.0.0.1:")), qPrintable(e.what));
    QVERIFY(!c.isOpen());
    QVERIFY(server.waitFinished(5000));
    // The server really got to negotiate and failed on the version.
    QVERIFY2(!server.handshakeError().isEmpty(), qPrintable(server.report()));
}

void TestTlsConnection::bulkTransfer()
{
    // 8 MB up as one literal, 4 MB down as one literal: exercises partial
    // writes, WANT_WRITE waits and large reads.
    const int upSize = 8 * 1024 * 1024;
    QByteArray up(upSize, Qt::Uninitialized);
    for (int i = 0; i < upSize; ++i)
        up[i] = char('A' + (i * 7 + i / 4096) % 26);

    QByteArray text = "S: * OK bulk\nC: a1 APPEND INBOX {" + QByteArray::number(upSize) + "+}\nC: <literal "
                      + QByteArray::number(upSize) + " bytes>\nC:\nS: $ OK APPEND completed\nC: a2 FETCH 1 BODY[]\n"
                      + "S: * 1 FETCH (BODY[] {#}\n";
    const QByteArray row = QByteArray(98, 'x');
    const int rows = 40000; // 40000 * 100 bytes
    for (int i = 0; i < rows; ++i)
        text += "D: " + row + '\n';
    text += "S: )\nS: $ OK FETCH completed\n";

    FakeImapServer server;
    QVERIFY(startServer(server, text, m_pki.serverCert(), m_pki.serverKey()));
    LineClient client;
    TlsConnection &c = client.connection();
    QVERIFY(!c.connect(QStringLiteral("127.0.0.1"), server.port(), trustingCa()));
    QVERIFY(client.readLine().ok());

    QElapsedTimer timer;
    timer.start();
    QVERIFY(!client.send("a1 APPEND INBOX {" + QByteArray::number(upSize) + "+}\r\n"));
    const Error w = client.send(up + "\r\n");
    QVERIFY2(w.ok(), qPrintable(w.toString()));
    Result<QByteArray> line = client.readLine();
    QVERIFY2(line.ok(), qPrintable(line.error().toString() + QLatin1Char('\n') + server.report()));
    QCOMPARE(*line, QByteArray("a1 OK APPEND completed"));

    QVERIFY(!client.send("a2 FETCH 1 BODY[]\r\n"));
    line = client.readLine();
    QVERIFY(line.ok());
    QCOMPARE(*line, QByteArray("* 1 FETCH (BODY[] {") + QByteArray::number(rows * 100) + '}');
    Result<QByteArray> body = client.readBytes(rows * 100);
    QVERIFY(body.ok());
    QCOMPARE(body->left(100), row + "\r\n");
    QVERIFY(client.readLine().ok());
    line = client.readLine();
    QVERIFY(line.ok());
    QCOMPARE(*line, QByteArray("a2 OK FETCH completed"));
    qInfo("12 MB over loopback TLS in %lld ms", timer.elapsed());

    QVERIFY(c.bytesOut() > quint64(upSize));
    QVERIFY(c.bytesIn() > quint64(rows * 100));
    c.close();
    QVERIFY(server.waitFinished(5000));
    QVERIFY2(server.succeeded(), qPrintable(server.report()));
    QCOMPARE(server.receivedLiterals().size(), 1);
    QVERIFY(server.receivedLiterals().first() == up);
}

QTEST_GUILESS_MAIN(TestTlsConnection)
#include "tst_tlsconnection.moc"
