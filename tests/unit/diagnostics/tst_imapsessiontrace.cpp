// ImapSession's trace hooks, end to end: the session talks to the fake IMAP
// server (tests/transcript) with tracing on, and the trace file must show the
// conversation with LOGIN/AUTHENTICATE redacted and every literal omitted.
#include "fakeimapserver.h"
#include "testpki.h"
#include "transcript.h"

#include "imap/imapsession.h"
#include "imap/logincommand.h"

#include <diagnostics/trace.h>

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace ferry;
using namespace ferry::test;

namespace {

const QByteArray kGreeting = "S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\n";
const QByteArray kGreetingPlus = "S: * OK [CAPABILITY IMAP4rev1 LITERAL+ AUTH=PLAIN] ready\n";
const QByteArray kAppendBody = "Subject: Quarterly secret plan\r\n\r\nPrivate body text\r\n";

} // namespace

using Action = std::function<void(ImapSession &)>;
Q_DECLARE_METATYPE(Action)

class TestImapSessionTrace : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void trace_data();
    void trace();
    void offMeansNoFile();

private:
    TestPki m_pki;
    QTemporaryDir m_dir;
};

void TestImapSessionTrace::initTestCase()
{
    QString error;
    QVERIFY2(m_pki.generate(&error), qPrintable(error));
}

void TestImapSessionTrace::cleanupTestCase()
{
    diagnostics::Trace::disable();
}

void TestImapSessionTrace::trace_data()
{
    QTest::addColumn<QByteArray>("transcript");
    QTest::addColumn<Action>("action");
    QTest::addColumn<QStringList>("expected"); // lines (without time stamps), in order
    QTest::addColumn<QByteArrayList>("forbidden");

    QTest::newRow("login")
        << QByteArray(kGreeting + "C: * LOGIN *fred* *s3cret*\nS: $ OK Logged in\n")
        << Action([](ImapSession &s) { QVERIFY(s.execute(LoginCommand::login(QStringLiteral("fred"), "s3cret")).ok()); })
        << QStringList{u"S * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready"_qs, u"C F1 LOGIN <redacted>"_qs,
                       u"S F1 OK Logged in"_qs}
        << QByteArrayList{"s3cret", "fred"};

    const QByteArray plain = QByteArray("\0fred\0s3cret", 12).toBase64();
    QTest::newRow("authenticate plain, continuation, refused")
        << QByteArray(kGreeting + "C: * AUTHENTICATE PLAIN\nS: +\nC: " + plain
                      + "\nS: $ NO [AUTHENTICATIONFAILED] Authentication failed.\n")
        << Action([](ImapSession &s) {
               auto r = s.execute(LoginCommand::authenticatePlain(QStringLiteral("fred"), "s3cret", false));
               QVERIFY(r.ok());
               QCOMPARE(r->status.kind, ImapStatus::No);
           })
        << QStringList{u"C F1 AUTHENTICATE PLAIN <redacted>"_qs, u"S +"_qs, u"C <redacted>"_qs,
                       u"S F1 NO [AUTHENTICATIONFAILED] Authentication failed."_qs}
        << QByteArrayList{"s3cret", "fred", plain};

    QTest::newRow("fetch with literal")
        << QByteArray(kGreeting + "C: * UID FETCH 7 (UID BODY.PEEK[])\n"
                      "S: * 1 FETCH (UID 7 BODY[] {#}\nD: Subject: Quarterly secret plan\nD: \nD: Private body text\n"
                      "S: )\nS: * 2 FETCH (UID 8 ENVELOPE (\"Mon, 1 Jan 2024\" \"Salary review\" NIL NIL NIL NIL NIL NIL NIL \"<m@x>\"))\n"
                      "S: $ OK Fetch completed.\n")
        << Action([](ImapSession &s) { QVERIFY(s.execute(ImapCommand("UID FETCH 7 (UID BODY.PEEK[])")).ok()); })
        << QStringList{u"C F1 UID FETCH 7 (UID BODY.PEEK[])"_qs, u"S * 1 FETCH (UID 7 BODY[] {53 bytes omitted})"_qs,
                       u"S * 2 FETCH (UID 8 ENVELOPE (\"<omitted>\" \"<omitted>\" NIL NIL NIL NIL NIL NIL NIL \"<omitted>\"))"_qs,
                       u"S F1 OK Fetch completed."_qs}
        << QByteArrayList{"Quarterly", "Private body", "Salary"};

    QTest::newRow("append, non-synchronizing literal")
        << QByteArray(kGreetingPlus + "C: * APPEND \"INBOX\" (\\Seen) {*+}\nC: <literal>\nC:\n"
                      "S: $ NO [OVERQUOTA] Quota exceeded (mailbox for user is full)\n")
        << Action([](ImapSession &s) {
               ImapCommand c("APPEND \"INBOX\" (\\Seen) ");
               c.literal(kAppendBody);
               QVERIFY(s.execute(c).ok());
           })
        << QStringList{u"C F1 APPEND \"INBOX\" (\\Seen) {%1 bytes omitted}"_qs.arg(kAppendBody.size()),
                       u"S F1 NO [OVERQUOTA] Quota exceeded (mailbox for user is full)"_qs}
        << QByteArrayList{"Quarterly", "Private body"};

    QTest::newRow("append, synchronizing literal")
        << QByteArray(kGreeting + "C: * APPEND \"Sent\" {*}\nS: + Ready for literal data\nC: <literal>\nC:\n"
                      "S: $ OK [APPENDUID 1201 1] APPEND completed\n")
        << Action([](ImapSession &s) {
               ImapCommand c("APPEND \"Sent\" ");
               c.literal(kAppendBody);
               QVERIFY(s.execute(c).ok());
           })
        << QStringList{u"C F1 APPEND \"Sent\" {%1 bytes omitted}"_qs.arg(kAppendBody.size()), u"S + Ready for literal data"_qs,
                       u"S F1 OK [APPENDUID 1201 1] APPEND completed"_qs}
        << QByteArrayList{"Quarterly", "Private body"};
}

void TestImapSessionTrace::trace()
{
    QFETCH(QByteArray, transcript);
    QFETCH(Action, action);
    QFETCH(QStringList, expected);
    QFETCH(QByteArrayList, forbidden);

    QTemporaryDir traces;
    QVERIFY(diagnostics::Trace::enable(traces.path()));
    Transcript t;
    QString error;
    QVERIFY2(t.parse(transcript, QString::fromLatin1(QTest::currentDataTag()), &error), qPrintable(error));
    FakeImapServer server;
    FakeImapServer::Options o;
    o.certFile = m_pki.serverCert();
    o.keyFile = m_pki.serverKey();
    QVERIFY2(server.start(o, t, &error), qPrintable(error));
    {
        ImapSession session;
        TlsSettings tls;
        tls.caFiles = {m_pki.caCert()};
        tls.connectTimeoutMs = 5000;
        tls.ioTimeoutMs = 5000;
        QVERIFY(session.open(QStringLiteral("127.0.0.1"), server.port(), tls).ok());
        action(session);
        session.logout();
    }
    diagnostics::Trace::disable();
    QVERIFY2(server.waitFinished(10000) && server.succeeded(), qPrintable(server.report()));

    const QStringList files = QDir(traces.path()).entryList(QDir::Files);
    QCOMPARE(files.size(), 1);
    QVERIFY(files[0].startsWith(QLatin1String("imap-127.0.0.1-")));
    QFile f(traces.filePath(files[0]));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray text = f.readAll();
    for (const QByteArray &bad : forbidden)
        QVERIFY2(!text.contains(bad), qPrintable(QStringLiteral("%1 in\n%2").arg(QString::fromUtf8(bad), QString::fromUtf8(text))));
    QStringList lines;
    for (const QByteArray &l : text.split('\n')) {
        const QByteArray line = l.trimmed();
        if (!line.isEmpty())
            lines.append(QString::fromUtf8(line.mid(line.indexOf(' ') + 1)));
    }
    // The expected lines appear in this order (other lines may come between).
    qsizetype at = 0;
    for (const QString &want : expected) {
        while (at < lines.size() && lines[at] != want)
            ++at;
        QVERIFY2(at < lines.size(), qPrintable(QStringLiteral("missing or out of order: %1\n--- trace:\n%2")
                                                   .arg(want, lines.join(QLatin1Char('\n')))));
    }
    QVERIFY(lines.contains(u"C F2 LOGOUT"_qs));
    QCOMPARE(lines.last(), u"* connection closed"_qs);
}

void TestImapSessionTrace::offMeansNoFile()
{
    QTemporaryDir traces;
    diagnostics::Trace::disable();
    QVERIFY(!diagnostics::Trace::enabled());
    Transcript t;
    QString error;
    QVERIFY(t.parse(kGreeting, QStringLiteral("off"), &error));
    FakeImapServer server;
    FakeImapServer::Options o;
    o.certFile = m_pki.serverCert();
    o.keyFile = m_pki.serverKey();
    QVERIFY2(server.start(o, t, &error), qPrintable(error));
    ImapSession session;
    TlsSettings tls;
    tls.caFiles = {m_pki.caCert()};
    QVERIFY(session.open(QStringLiteral("127.0.0.1"), server.port(), tls).ok());
    session.logout();
    QVERIFY(server.waitFinished(10000));
    QVERIFY(QDir(traces.path()).entryList(QDir::Files).isEmpty());
}

QTEST_GUILESS_MAIN(TestImapSessionTrace)
#include "tst_imapsessiontrace.moc"
