// IMAP trace formatting: server byte streams (literals in any chunking, FETCH
// quoted strings), client command lines (sensitive commands, literals,
// continuation lines), and the trace file itself (mode, size cap).
#include <diagnostics/imaptrace.h>
#include <diagnostics/imaptraceformat.h>
#include <diagnostics/trace.h>
#include <diagnostics/tracefile.h>

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace ferry::diagnostics;

// Owner, group and other bits (Qt's "User" bits repeat the owner's for us).
static const QFileDevice::Permissions kOwnerGroupOther(0x7077);
using namespace ferry::diagnostics::imaptrace;

class TestImapTraceFormat : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void serverLines_data();
    void serverLines();
    void clientLines_data();
    void clientLines();
    void sensitiveCommand_data();
    void sensitiveCommand();
    void traceFile();
    void sizeCap();
};

void TestImapTraceFormat::serverLines_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QList<QByteArray>>("lines");

    QTest::newRow("status") << QByteArray("* OK [CAPABILITY IMAP4rev1] ready\r\nF1 NO [OVERQUOTA] Quota exceeded\r\n")
                            << QList<QByteArray>{"* OK [CAPABILITY IMAP4rev1] ready", "F1 NO [OVERQUOTA] Quota exceeded"};
    QTest::newRow("fetch body literal")
        << QByteArray("* 1 FETCH (UID 7 BODY[] {24}\r\nSubject: secret\r\n\r\nHello)\r\nF2 OK done\r\n")
        << QList<QByteArray>{"* 1 FETCH (UID 7 BODY[] {24 bytes omitted})", "F2 OK done"};
    QTest::newRow("two literals")
        << QByteArray("* 2 FETCH (BODY[HEADER.FIELDS (MESSAGE-ID)] {5}\r\nabcde BODY[TEXT] {3}\r\nxyz)\r\n")
        << QList<QByteArray>{"* 2 FETCH (BODY[HEADER.FIELDS (MESSAGE-ID)] {5 bytes omitted} BODY[TEXT] {3 bytes omitted})"};
    QTest::newRow("envelope quoted strings")
        << QByteArray("* 3 FETCH (UID 9 ENVELOPE (\"Mon, 1 Jan 2024\" \"Private \\\"plans\\\"\" "
                      "((\"Ann\" NIL \"ann\" \"example.org\")) NIL) FLAGS (\\Seen))\r\n")
        << QList<QByteArray>{"* 3 FETCH (UID 9 ENVELOPE (\"<omitted>\" \"<omitted>\" ((\"<omitted>\" NIL \"<omitted>\" "
                             "\"<omitted>\")) NIL) FLAGS (\\Seen))"};
    QTest::newRow("list keeps folder names")
        << QByteArray("* LIST (\\HasNoChildren) \"/\" \"Caf&AOk- Cr&AOg-me\"\r\n")
        << QList<QByteArray>{"* LIST (\\HasNoChildren) \"/\" \"Caf&AOk- Cr&AOg-me\""};
    QTest::newRow("list with literal name")
        << QByteArray("* LIST () \"/\" {4}\r\nWork\r\n")
        << QList<QByteArray>{"* LIST () \"/\" {4 bytes omitted}"};
    QTest::newRow("literal of CRLFs")
        << QByteArray("* 4 FETCH (BODY[] {6}\r\n\r\n\r\n\r\n)\r\n")
        << QList<QByteArray>{"* 4 FETCH (BODY[] {6 bytes omitted})"};
    QTest::newRow("continuation") << QByteArray("+ Ready for literal data\r\n") << QList<QByteArray>{"+ Ready for literal data"};
    QTest::newRow("bare LF") << QByteArray("* OK hi\n") << QList<QByteArray>{"* OK hi"};
}

void TestImapTraceFormat::serverLines()
{
    QFETCH(QByteArray, stream);
    QFETCH(QList<QByteArray>, lines);
    // Whole, and in every split into two chunks, and byte by byte.
    {
        ServerLines s;
        QCOMPARE(s.feed(stream), lines);
        QVERIFY(s.takeRest().isEmpty());
    }
    for (qsizetype cut = 1; cut < stream.size(); ++cut) {
        ServerLines s;
        QList<QByteArray> got = s.feed(QByteArrayView(stream).first(cut));
        got += s.feed(QByteArrayView(stream).sliced(cut));
        QCOMPARE(got, lines);
    }
    ServerLines s;
    QList<QByteArray> got;
    for (const char c : stream)
        got += s.feed(QByteArrayView(&c, 1));
    QCOMPARE(got, lines);
}

void TestImapTraceFormat::clientLines_data()
{
    // Steps: "T<text>", "L<size>", "C" (continuation data), "E" (end of line).
    QTest::addColumn<QByteArray>("tag");
    QTest::addColumn<bool>("sensitive");
    QTest::addColumn<QList<QByteArray>>("steps");
    QTest::addColumn<QList<QByteArray>>("lines");

    QTest::newRow("select") << QByteArray("F3") << false << QList<QByteArray>{"TEXAMINE \"Work\"", "E"}
                            << QList<QByteArray>{"F3 EXAMINE \"Work\""};
    QTest::newRow("login") << QByteArray("F1") << true
                           << QList<QByteArray>{"TLOGIN \"fred\" \"s3cret\"", "E"}
                           << QList<QByteArray>{"F1 LOGIN <redacted>"};
    QTest::newRow("login with literal password")
        << QByteArray("F1") << true << QList<QByteArray>{"TLOGIN \"fred\" ", "L7", "E", "T", "E"}
        << QList<QByteArray>{"F1 LOGIN <redacted>"};
    QTest::newRow("authenticate sasl-ir") << QByteArray("F1") << true
                                          << QList<QByteArray>{"TAUTHENTICATE PLAIN AGZyZWQAczNjcmV0", "E"}
                                          << QList<QByteArray>{"F1 AUTHENTICATE PLAIN <redacted>"};
    QTest::newRow("authenticate continuation")
        << QByteArray("F1") << true << QList<QByteArray>{"TAUTHENTICATE PLAIN", "E", "C", "T", "E"}
        << QList<QByteArray>{"F1 AUTHENTICATE PLAIN <redacted>", "<redacted>"};
    QTest::newRow("append literal+") << QByteArray("F7") << false
                                     << QList<QByteArray>{"TAPPEND \"INBOX\" (\\Seen) \"17-Jul-1996 02:44:25 -0700\" ",
                                                          "L2345", "T", "E"}
                                     << QList<QByteArray>{"F7 APPEND \"INBOX\" (\\Seen) \"17-Jul-1996 02:44:25 -0700\" "
                                                          "{2345 bytes omitted}"};
    QTest::newRow("append synchronizing") << QByteArray("F8") << false
                                          << QList<QByteArray>{"TAPPEND \"Sent\" ", "L10", "E", "T", "E"}
                                          << QList<QByteArray>{"F8 APPEND \"Sent\" {10 bytes omitted}"};
    QTest::newRow("search literal") << QByteArray("F9") << false
                                    << QList<QByteArray>{"TUID SEARCH CHARSET UTF-8 SUBJECT ", "L6", "T", "E"}
                                    << QList<QByteArray>{"F9 UID SEARCH CHARSET UTF-8 SUBJECT {6 bytes omitted}"};
}

void TestImapTraceFormat::clientLines()
{
    QFETCH(QByteArray, tag);
    QFETCH(bool, sensitive);
    QFETCH(QList<QByteArray>, steps);
    QFETCH(QList<QByteArray>, lines);
    ClientLine c;
    c.begin(tag, sensitive);
    QList<QByteArray> got;
    for (const QByteArray &step : steps) {
        switch (step.at(0)) {
        case 'T': c.text(step.mid(1)); break;
        case 'L': c.literal(step.mid(1).toLongLong()); break;
        case 'C': c.continuationData(); break;
        case 'E': {
            const QByteArray line = c.take();
            if (!line.isEmpty())
                got.append(line);
            break;
        }
        }
    }
    QCOMPARE(got, lines);
}

void TestImapTraceFormat::sensitiveCommand_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("shown");
    QTest::newRow("login") << QByteArray("LOGIN fred pw") << QByteArray("LOGIN <redacted>");
    QTest::newRow("authenticate") << QByteArray("AUTHENTICATE XOAUTH2 dXNlcj1") << QByteArray("AUTHENTICATE XOAUTH2 <redacted>");
    QTest::newRow("authenticate lower") << QByteArray("authenticate plain") << QByteArray("authenticate plain <redacted>");
    QTest::newRow("odd verb") << QByteArray("\"pw\" x") << QByteArray("<redacted>");
    QTest::newRow("empty") << QByteArray() << QByteArray("<redacted>");
}

void TestImapTraceFormat::sensitiveCommand()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, shown);
    QCOMPARE(imaptrace::sensitiveCommand(text), shown);
}

void TestImapTraceFormat::traceFile()
{
    QTemporaryDir tmp;
    const QString dir = tmp.filePath(QStringLiteral("traces"));
    QVERIFY(Trace::enable(dir));
    QVERIFY(Trace::enabled());
    QCOMPARE(QFile::permissions(dir) & kOwnerGroupOther,
             QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    QString path;
    {
        auto trace = ImapTrace::open(QStringLiteral("imap.example.org"), 993);
        QVERIFY(trace);
        path = trace->file()->path();
        trace->serverBytes("* OK ready\r\n", 12);
        trace->beginCommand("F1", true);
        trace->commandText("LOGIN \"fred\" \"s3cret\"");
        trace->endLine();
        const QByteArray answer = "F1 OK logged in\r\n* 1 FETCH (BODY[] {5}\r\nHello)\r\n";
        trace->serverBytes(answer.constData(), answer.size());
    }
    Trace::disable();
    QVERIFY(!ImapTrace::open(QStringLiteral("x"), 1));
    QVERIFY(QFileInfo(path).fileName().startsWith(QLatin1String("imap-imap.example.org-")));
    QCOMPARE(QFile::permissions(path) & kOwnerGroupOther, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray text = f.readAll();
    QVERIFY(!text.contains("s3cret"));
    QVERIFY(!text.contains("Hello"));
    QVERIFY(!text.contains("fred"));
    const QList<QByteArray> lines = text.trimmed().split('\n');
    QStringList bodies;
    for (const QByteArray &l : lines)
        bodies.append(QString::fromUtf8(l.trimmed().mid(l.trimmed().indexOf(' ') + 1)));
    QVERIFY2(bodies.contains(QStringLiteral("S * OK ready")), qPrintable(bodies.join(u'\n')));
    QVERIFY(bodies.contains(QStringLiteral("C F1 LOGIN <redacted>")));
    QVERIFY(bodies.contains(QStringLiteral("S F1 OK logged in")));
    QVERIFY(bodies.contains(QStringLiteral("S * 1 FETCH (BODY[] {5 bytes omitted})")));
    QCOMPARE(bodies.last(), QStringLiteral("* connection closed"));
}

void TestImapTraceFormat::sizeCap()
{
    QTemporaryDir tmp;
    QVERIFY(Trace::enable(tmp.path()));
    Trace::setMaxFileBytes(4096);
    QString path;
    {
        auto file = Trace::openFile(QStringLiteral("imap"), QStringLiteral("h/../x"));
        QVERIFY(file);
        path = file->path();
        for (int i = 0; i < 1000; ++i)
            file->write(TraceFile::Server, "* " + QByteArray::number(i) + " EXISTS");
        QVERIFY(file->truncated());
    }
    Trace::setMaxFileBytes(20 * 1000 * 1000);
    Trace::disable();
    QVERIFY(!QFileInfo(path).fileName().contains(QLatin1Char('/')));
    QCOMPARE(QFileInfo(path).dir().absolutePath(), QDir(tmp.path()).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray text = f.readAll();
    QVERIFY(text.size() <= 4096);
    QVERIFY(text.endsWith("[trace truncated]\n"));
}

QTEST_GUILESS_MAIN(TestImapTraceFormat)
#include "tst_imaptraceformat.moc"
