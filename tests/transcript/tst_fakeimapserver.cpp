// Tests of the test machinery: the transcript parser, glob matching, and the
// fake server's checks (tags, optional blocks, literals, mismatch reports),
// driven by a raw line client so that no IMAP client logic is involved.
#include "fakeimapserver.h"
#include "lineclient.h"
#include "testpki.h"
#include "transcript.h"

#include <QDir>
#include <QTest>

using namespace ferry;
using namespace ferry::test;

// The next line, or the error text in its place (so QCOMPARE shows it).
static QByteArray next(LineClient &client)
{
    Result<QByteArray> line = client.readLine(3000);
    return line.ok() ? *line : QByteArray("<error: ") + line.error().toString().toUtf8() + '>';
}

class TestFakeImapServer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void allTranscriptsParse();
    void glob_data();
    void glob();
    void parseErrors_data();
    void parseErrors();
    void literalCount();
    void tagsAndOptionalBlocks_data();
    void tagsAndOptionalBlocks();
    void mismatchIsReported();
    void synchronizingLiteral();
    void literalBeforeContinuationFails();
    void nonSynchronizingWhereNotOffered();
    void lineAfterEndFails();
    void transcriptsSelfPlay_data();
    void transcriptsSelfPlay();

private:
    // Starts `server` on `text`; the client is connected and has read the greeting.
    bool startSession(FakeImapServer &server, LineClient &client, const QByteArray &text);

    TestPki m_pki;
};

void TestFakeImapServer::initTestCase()
{
    QString error;
    QVERIFY2(m_pki.generate(&error), qPrintable(error));
}

void TestFakeImapServer::allTranscriptsParse()
{
    const QDir dir(QStringLiteral(FERRY_TRANSCRIPT_DIR));
    const QStringList files = dir.entryList({QStringLiteral("*.txt")}, QDir::Files);
    QVERIFY(!files.isEmpty());
    for (const QString &f : files) {
        Transcript t;
        QString error;
        QVERIFY2(t.load(dir.filePath(f), &error), qPrintable(error));
        QVERIFY2(!t.steps().isEmpty(), qPrintable(f));
    }
}

void TestFakeImapServer::glob_data()
{
    QTest::addColumn<QByteArray>("pattern");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("match");
    QTest::newRow("exact") << QByteArray("A1 NOOP") << QByteArray("A1 NOOP") << true;
    QTest::newRow("case") << QByteArray("* login *") << QByteArray("a1 LOGIN u p") << true;
    QTest::newRow("tag") << QByteArray("A* LOGIN \"u\" \"p\"") << QByteArray("A0001 LOGIN \"u\" \"p\"") << true;
    QTest::newRow("anchored end") << QByteArray("* LIST \"\" \"\"") << QByteArray("a LIST \"\" \"*\"") << false;
    QTest::newRow("anchored start") << QByteArray("LIST *") << QByteArray("a LIST x") << false;
    QTest::newRow("empty star") << QByteArray("a*b") << QByteArray("ab") << true;
    QTest::newRow("backtrack") << QByteArray("* APPEND *INBOX* {*+}") << QByteArray("a2 APPEND \"INBOX\" (\\Seen) {310+}") << true;
    QTest::newRow("sync not plus") << QByteArray("* {*+}") << QByteArray("a2 APPEND x {310}") << false;
    QTest::newRow("empty") << QByteArray("") << QByteArray("") << true;
    QTest::newRow("empty vs text") << QByteArray("") << QByteArray("x") << false;
}

void TestFakeImapServer::glob()
{
    QFETCH(QByteArray, pattern);
    QFETCH(QByteArray, text);
    QFETCH(bool, match);
    QCOMPARE(globMatch(pattern, text), match);
}

void TestFakeImapServer::parseErrors_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("error");
    QTest::newRow("prefix") << QByteArray("S: ok\nQ: what\n") << QStringLiteral("t:2: unknown prefix");
    QTest::newRow("no prefix") << QByteArray("hello\n") << QStringLiteral("t:1: expected a prefix");
    QTest::newRow("S? alone") << QByteArray("S: ok\nS?: x\n") << QStringLiteral("t:2: S?: must follow");
    QTest::newRow("{#} alone") << QByteArray("S: * 1 FETCH (BODY[] {#}\nS: )\n") << QStringLiteral("t:1: {#} must be followed");
    QTest::newRow("{#} middle") << QByteArray("S: {#} x\nD: y\n") << QStringLiteral("t:1: {#} must end");
    QTest::newRow("D alone") << QByteArray("C: x\nD: y\n") << QStringLiteral("t:2: D:/L: lines must follow");
    QTest::newRow("after close") << QByteArray("X: close\nS: x\n") << QStringLiteral("t:2: nothing can follow");
    QTest::newRow("bad X") << QByteArray("X: explode\n") << QStringLiteral("t:1: unknown X:");
    QTest::newRow("optional literal") << QByteArray("C?: <literal>\n") << QStringLiteral("t:1: literals cannot");
}

void TestFakeImapServer::parseErrors()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, error);
    Transcript t;
    QString got;
    QVERIFY(!t.parse(text, QStringLiteral("t"), &got));
    QVERIFY2(got.startsWith(error), qPrintable(got));
}

void TestFakeImapServer::literalCount()
{
    Transcript t;
    QString error;
    QVERIFY2(t.parse("# comment\n\nS: * 1 FETCH (BODY[] {#}\r\nD: abc\nD:\nL: xy\nS: )\nC: <literal 12 bytes>\n",
                     QStringLiteral("t"), &error),
             qPrintable(error));
    QCOMPARE(t.steps().size(), 6);
    QCOMPARE(t.steps().at(0).text, QByteArray("* 1 FETCH (BODY[] {9}"));
    QCOMPARE(t.steps().at(0).line, 3);
    QCOMPARE(t.steps().at(2).text, QByteArray());
    QCOMPARE(t.steps().at(5).kind, TranscriptStep::Kind::ClientLiteral);
    QCOMPARE(t.steps().at(5).literalSize, qint64(12));
}

bool TestFakeImapServer::startSession(FakeImapServer &server, LineClient &client, const QByteArray &text)
{
    Transcript t;
    QString error;
    FakeImapServer::Options o;
    o.certFile = m_pki.serverCert();
    o.keyFile = m_pki.serverKey();
    o.ioTimeoutMs = 2000;
    if (!t.parse(text, QStringLiteral("inline"), &error) || !server.start(o, t, &error)) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    TlsSettings s;
    s.caFiles = {m_pki.caCert()};
    s.ioTimeoutMs = 3000;
    if (Error e = client.connection().connect(QStringLiteral("127.0.0.1"), server.port(), s)) {
        qWarning("%s", qPrintable(e.toString()));
        return false;
    }
    return client.readLine().ok();
}

void TestFakeImapServer::tagsAndOptionalBlocks_data()
{
    QTest::addColumn<bool>("sendOptional");
    QTest::newRow("client skips the optional block") << false;
    QTest::newRow("client sends the optional command") << true;
}

void TestFakeImapServer::tagsAndOptionalBlocks()
{
    QFETCH(bool, sendOptional);
    FakeImapServer server;
    LineClient client;
    QVERIFY(startSession(server, client,
                         "S: * OK hi\n"
                         "C?: * CAPABILITY\n"
                         "S?: * CAPABILITY IMAP4rev1\n"
                         "S?: $ OK CAPABILITY done\n"
                         "C?: * NAMESPACE\n"
                         "S?: * NAMESPACE ((\"\" \"/\")) NIL NIL\n"
                         "S?: $ OK NAMESPACE done\n"
                         "C: * LOGIN *\n"
                         "C: * SELECT INBOX\n"
                         "S: * 1 EXISTS\n"
                         "S: $ OK LOGIN done\n"
                         "S: $ OK SELECT done\n"));
    if (sendOptional) {
        QVERIFY(!client.send("x1 NAMESPACE\r\nx2 CAPABILITY\r\n"));
        QCOMPARE(next(client), QByteArray("* NAMESPACE ((\"\" \"/\")) NIL NIL"));
        QCOMPARE(next(client), QByteArray("x1 OK NAMESPACE done"));
        QCOMPARE(next(client), QByteArray("* CAPABILITY IMAP4rev1"));
        QCOMPARE(next(client), QByteArray("x2 OK CAPABILITY done"));
    }
    // Pipelined: "$" answers the oldest open command first.
    QVERIFY(!client.send("t7 LOGIN fred s3cret\r\nt8 SELECT INBOX\r\n"));
    QCOMPARE(next(client), QByteArray("* 1 EXISTS"));
    QCOMPARE(next(client), QByteArray("t7 OK LOGIN done"));
    QCOMPARE(next(client), QByteArray("t8 OK SELECT done"));
    client.connection().close();
    QVERIFY(server.waitFinished(5000));
    QVERIFY2(server.succeeded(), qPrintable(server.report()));
}

void TestFakeImapServer::mismatchIsReported()
{
    FakeImapServer server;
    LineClient client;
    QVERIFY(startSession(server, client, "S: * OK hi\nC: * LOGIN *\nS: $ OK\n"));
    QVERIFY(!client.send("a1 LOGOUT\r\n"));
    QVERIFY(server.waitFinished(5000));
    QVERIFY(!server.succeeded());
    const QString report = server.report();
    QVERIFY2(report.contains(QLatin1String("inline:2: the client sent a different line")), qPrintable(report));
    QVERIFY2(report.contains(QLatin1String("expected: C: * LOGIN *")), qPrintable(report));
    QVERIFY2(report.contains(QLatin1String("received: C: a1 LOGOUT")), qPrintable(report));
}

static const char kSyncLiteral[] = "S: * OK hi\n"
                                   "C: * APPEND INBOX {5}\n"
                                   "S: + go ahead\n"
                                   "C: <literal 5 bytes>\n"
                                   "C:\n"
                                   "S: $ OK [APPENDUID 1 2] done\n";

void TestFakeImapServer::synchronizingLiteral()
{
    FakeImapServer server;
    LineClient client;
    QVERIFY(startSession(server, client, kSyncLiteral));
    QVERIFY(!client.send("a1 APPEND INBOX {5}\r\n"));
    QCOMPARE(next(client), QByteArray("+ go ahead"));
    QVERIFY(!client.send("hello\r\n"));
    QCOMPARE(next(client), QByteArray("a1 OK [APPENDUID 1 2] done"));
    client.connection().close();
    QVERIFY(server.waitFinished(5000));
    QVERIFY2(server.succeeded(), qPrintable(server.report()));
    QCOMPARE(server.receivedLiterals(), QList<QByteArray>{QByteArray("hello")});
}

void TestFakeImapServer::literalBeforeContinuationFails()
{
    FakeImapServer server;
    LineClient client;
    QVERIFY(startSession(server, client, kSyncLiteral));
    QVERIFY(!client.send("a1 APPEND INBOX {5}\r\nhello\r\n"));
    QVERIFY(server.waitFinished(5000));
    QVERIFY(!server.succeeded());
    QVERIFY2(server.report().contains(QLatin1String("before the server's continuation request")), qPrintable(server.report()));
}

void TestFakeImapServer::nonSynchronizingWhereNotOffered()
{
    FakeImapServer server;
    LineClient client;
    QVERIFY(startSession(server, client, kSyncLiteral));
    QVERIFY(!client.send("a1 APPEND INBOX {5+}\r\nhello\r\n"));
    QVERIFY(server.waitFinished(5000));
    QVERIFY(!server.succeeded());
    QVERIFY2(server.report().contains(QLatin1String("did not offer LITERAL+")), qPrintable(server.report()));
}

void TestFakeImapServer::lineAfterEndFails()
{
    FakeImapServer server;
    LineClient client;
    QVERIFY(startSession(server, client, "S: * OK hi\n"));
    QVERIFY(!client.send("a1 NOOP\r\n"));
    QVERIFY(server.waitFinished(5000));
    QVERIFY(!server.succeeded());
    QVERIFY2(server.report().contains(QLatin1String("after the end of the transcript")), qPrintable(server.report()));
}

void TestFakeImapServer::transcriptsSelfPlay_data()
{
    QTest::addColumn<QString>("file");
    const QDir dir(QStringLiteral(FERRY_TRANSCRIPT_DIR));
    for (const QString &f : dir.entryList({QStringLiteral("*.txt")}, QDir::Files))
        QTest::newRow(qPrintable(f)) << dir.filePath(f);
}

// Plays each transcript with a scripted client built from its own C: lines
// (first '*' = a tag, other '*' = nothing, "{*}" = the literal's size;
// optional blocks skipped) and checks every S: line arrives as written. This
// proves the transcripts are consistent — tags, literals, {#} counts, X: close —
// independently of the IMAP client they are meant for.
void TestFakeImapServer::transcriptsSelfPlay()
{
    QFETCH(QString, file);
    Transcript t;
    QString error;
    QVERIFY2(t.load(file, &error), qPrintable(error));
    FakeImapServer server;
    FakeImapServer::Options o;
    o.certFile = m_pki.serverCert();
    o.keyFile = m_pki.serverKey();
    o.ioTimeoutMs = 2000;
    QVERIFY2(server.start(o, t, &error), qPrintable(error));
    LineClient client;
    TlsSettings settings;
    settings.caFiles = {m_pki.caCert()};
    QVERIFY(!client.connection().connect(QStringLiteral("127.0.0.1"), server.port(), settings));

    QList<TranscriptStep> steps;
    for (const TranscriptStep &st : t.steps()) {
        if (!st.optional)
            steps.append(st);
    }
    QList<QByteArray> openTags;
    int tagNo = 0;
    bool afterLiteral = false;
    const QByteArray payload(57, 'p');
    for (int i = 0; i < steps.size(); ++i) {
        const TranscriptStep &st = steps.at(i);
        const QString where = QStringLiteral("%1:%2").arg(t.name()).arg(st.line);
        switch (st.kind) {
        case TranscriptStep::Kind::ClientLine: {
            QByteArray line = st.text;
            const qint64 size = (i + 1 < steps.size() && steps.at(i + 1).literalSize >= 0) ? steps.at(i + 1).literalSize
                                                                                            : payload.size();
            line.replace("{*+}", "{" + QByteArray::number(size) + "+}");
            line.replace("{*}", "{" + QByteArray::number(size) + "}");
            if (!afterLiteral) {
                const QByteArray tag = "t" + QByteArray::number(++tagNo);
                const int sp = line.indexOf(' ');
                line = QByteArray(line.left(sp)).replace('*', tag) + line.mid(sp);
                openTags.append(tag);
            }
            line.replace("*", "");
            afterLiteral = false;
            QVERIFY2(!client.send(line + "\r\n"), qPrintable(where));
            break;
        }
        case TranscriptStep::Kind::ClientLiteral:
            QVERIFY(!client.send(st.literalSize >= 0 ? QByteArray(st.literalSize, 'p') : payload));
            afterLiteral = true;
            break;
        case TranscriptStep::Kind::ServerLine: {
            QByteArray want = st.text;
            if (want == "$" || want.startsWith("$ ")) {
                QVERIFY2(!openTags.isEmpty(), qPrintable(where));
                want.replace(0, 1, openTags.takeFirst());
            }
            QCOMPARE(next(client), want);
            break;
        }
        case TranscriptStep::Kind::ServerData:
        case TranscriptStep::Kind::ServerRaw: {
            const QByteArray want = st.kind == TranscriptStep::Kind::ServerData ? st.text + "\r\n" : st.text;
            Result<QByteArray> got = client.readBytes(want.size(), 3000);
            QVERIFY2(got.ok(), qPrintable(where));
            QCOMPARE(*got, want);
            break;
        }
        case TranscriptStep::Kind::Close: {
            Result<QByteArray> got = client.readLine(3000);
            QVERIFY2(!got.ok() && got.error().code == ErrorCode::Network, qPrintable(where));
            break;
        }
        case TranscriptStep::Kind::Sleep:
            break;
        }
    }
    client.connection().close();
    QVERIFY(server.waitFinished(5000));
    QVERIFY2(server.succeeded(), qPrintable(server.report()));
}

QTEST_GUILESS_MAIN(TestFakeImapServer)
#include "tst_fakeimapserver.moc"
