// ImapConnector against transcripts of protocol edge cases real servers rarely
// show (transcripts/*.txt; each file's header says what the client must make of
// it). Written against the Connector contract and the RFCs, not against one
// implementation: client lines are matched loosely (see README.md).
#include "fakeimapserver.h"
#include "testpki.h"
#include "transcript.h"

#include "imap/imapconnector.h"

#include <QTest>

#include <algorithm>
#include <map>

using namespace ferry;
using namespace ferry::test;

namespace {

const QByteArray kPassword("s3cret");

QByteArray message(int n)
{
    return "From: sender@example.org\r\nTo: fred@example.org\r\nSubject: Test message " + QByteArray::number(n)
           + "\r\nMessage-ID: <" + QByteArray::number(n) + "@example.org>\r\n\r\nHello " + QByteArray::number(n)
           + "\r\n";
}

StoreRequest storeRequest(quint64 token, const FolderRef &folder, const QByteArray &body)
{
    StoreRequest r;
    r.token = token;
    r.folder = folder;
    r.meta.flags = {QStringLiteral("\\Seen")};
    r.meta.internalDate = "17-Jul-1996 02:44:25 -0700";
    r.meta.size = body.size();
    r.body = ItemBody::fromBytes(body);
    return r;
}

QString describe(const Error &e)
{
    return e.toString();
}

} // namespace

// One transcript run: server + connector, and the checks common to all cases.
class Session {
public:
    Session(const TestPki &pki, const QString &transcriptFile) : m_pki(pki), m_file(transcriptFile) {}

    bool start()
    {
        Transcript t;
        QString error;
        if (!t.load(QStringLiteral(FERRY_TRANSCRIPT_DIR "/") + m_file, &error)) {
            m_startError = error;
            return false;
        }
        FakeImapServer::Options o;
        o.certFile = m_pki.serverCert();
        o.keyFile = m_pki.serverKey();
        o.ioTimeoutMs = 5000;
        o.acceptTimeoutMs = 15000;
        if (!m_server.start(o, t, &error)) {
            m_startError = error;
            return false;
        }
        Endpoint ep;
        ep.scheme = QStringLiteral("imaps");
        ep.user = QStringLiteral("fred");
        ep.host = QStringLiteral("127.0.0.1");
        ep.port = m_server.port();
        ep.tls.caFiles = {m_pki.caCert()};
        ep.tls.connectTimeoutMs = 5000;
        ep.tls.ioTimeoutMs = 5000;
        ep.password = std::make_shared<const Secret>(kPassword);
        m_connector = std::make_unique<ImapConnector>(ep);
        return true;
    }

    ImapConnector &connector() { return *m_connector; }
    FakeImapServer &server() { return m_server; }
    QString startError() const { return m_startError; }

    // Disconnects and waits for the fake server; true if the transcript was
    // played completely and every client line matched.
    bool finish()
    {
        m_connector->disconnect();
        if (m_server.connectionCount() == 0)
            m_server.stop(); // the client never came: no point in waiting
        else
            m_server.waitFinished(15000);
        // FERRY_TRANSCRIPT_VERBOSE=1 shows the conversation of passing runs too.
        if (qEnvironmentVariableIsSet("FERRY_TRANSCRIPT_VERBOSE"))
            qInfo("%s", qPrintable(m_server.report()));
        return m_server.succeeded();
    }

    QString report(const Error &e = {}) const
    {
        QString s;
        if (e)
            s += QStringLiteral("connector: ") + describe(e) + QLatin1Char('\n');
        return s + m_server.report();
    }

private:
    const TestPki &m_pki;
    QString m_file;
    QString m_startError;
    FakeImapServer m_server;
    std::unique_ptr<ImapConnector> m_connector;
};

#define START_SESSION(s)                                                                                               \
    QVERIFY2((s).start(), qPrintable((s).startError()))

#define CONNECT_OK(s)                                                                                                  \
    do {                                                                                                               \
        const Error connectError = (s).connector().connect();                                                         \
        if (connectError) {                                                                                            \
            (s).finish();                                                                                              \
            QFAIL(qPrintable(QStringLiteral("connect() failed\n") + (s).report(connectError)));                        \
        }                                                                                                              \
    } while (false)

#define FINISH(s) QVERIFY2((s).finish(), qPrintable((s).report()))

class TestImapTranscripts : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void loginRefused();
    void pipelinedAppendWithOneRejected();
    void appendRefusedWithoutReadingLiteral();
    void overQuota();
    void tooBig();
    void synchronizingLiterals();
    void fetchBodyAmongOtherItems();
    void connectionLostInLiteral();
    void listFolders();
    void pipelinedLogin();
    void pipelinedLoginRefused();
    void multiAppendUidRanges();
    void multiAppendRefusedDropsConnection();
    void multiAppendClosedByOtherCommand();

private:
    // Stores `count` messages into `folder`, flushes, returns results by token.
    std::map<quint64, StoreResult> store(Session &s, const FolderRef &folder, int count, Error *flushError);

    TestPki m_pki;
};

void TestImapTranscripts::initTestCase()
{
    QString error;
    QVERIFY2(m_pki.generate(&error), qPrintable(error));
}

std::map<quint64, StoreResult> TestImapTranscripts::store(Session &s, const FolderRef &folder, int count,
                                                          Error *flushError)
{
    std::map<quint64, StoreResult> results;
    int callbacks = 0;
    const Connector::StoreCallback done = [&](StoreResult &&r) {
        ++callbacks;
        results[r.token] = std::move(r);
    };
    for (int i = 1; i <= count; ++i)
        s.connector().storeItem(storeRequest(quint64(i), folder, message(i)), done);
    *flushError = s.connector().flush();
    // Every request gets exactly one callback.
    if (callbacks != count)
        QTest::qFail(qPrintable(QStringLiteral("%1 store callbacks for %2 requests").arg(callbacks).arg(count)), __FILE__,
                     __LINE__);
    return results;
}

void TestImapTranscripts::loginRefused()
{
    Session s(m_pki, QStringLiteral("login-refused.txt"));
    START_SESSION(s);
    const Error e = s.connector().connect();
    QVERIFY2(e.code == ErrorCode::Auth, qPrintable(s.report(e)));
    QVERIFY2(e.serverText.contains(QLatin1String("Invalid credentials (Failure)")), qPrintable(describe(e)));
    QVERIFY2(!e.toString().contains(QLatin1String(kPassword)), qPrintable(describe(e)));
    QVERIFY(!s.connector().isConnected());
    FINISH(s);
}

void TestImapTranscripts::pipelinedAppendWithOneRejected()
{
    Session s(m_pki, QStringLiteral("append-pipelined-reject.txt"));
    START_SESSION(s);
    CONNECT_OK(s);
    QVERIFY(s.connector().capabilities().pipelinedStore);
    QVERIFY(s.connector().capabilities().storeReturnsId);
    QVERIFY(!s.connector().capabilities().multiStore); // no MULTIAPPEND: single APPENDs
    Error flushError;
    auto results = store(s, FolderRef{{QStringLiteral("INBOX")}}, 3, &flushError);
    QVERIFY2(flushError.ok(), qPrintable(s.report(flushError)));
    QCOMPARE(results.size(), size_t(3));

    QVERIFY2(results[1].error.ok(), qPrintable(describe(results[1].error)));
    QCOMPARE(results[1].newId, RemoteId("3955"));
    QCOMPARE(results[1].newValidity, quint64(38505));

    QCOMPARE(results[2].error.code, ErrorCode::Rejected);
    QVERIFY2(results[2].error.serverText.contains(QLatin1String("content filter")), qPrintable(describe(results[2].error)));
    QVERIFY(results[2].newId.isEmpty());

    QVERIFY2(results[3].error.ok(), qPrintable(describe(results[3].error)));
    QCOMPARE(results[3].newId, RemoteId("3956"));
    QCOMPARE(results[3].newValidity, quint64(38505));

    FINISH(s);
    const QList<QByteArray> sent = s.server().receivedLiterals();
    QCOMPARE(sent, (QList<QByteArray>{message(1), message(2), message(3)}));
}

void TestImapTranscripts::appendRefusedWithoutReadingLiteral()
{
    Session s(m_pki, QStringLiteral("append-refused-unread-literal.txt"));
    START_SESSION(s);
    CONNECT_OK(s);
    Error flushError;
    auto results = store(s, FolderRef{{QStringLiteral("INBOX")}}, 2, &flushError);
    QCOMPARE(flushError.code, ErrorCode::Network);
    QCOMPARE(results.size(), size_t(2));
    QCOMPARE(results[1].error.code, ErrorCode::ReadOnly);
    QVERIFY2(results[1].error.serverText.contains(QLatin1String("NOPERM")), qPrintable(describe(results[1].error)));
    QCOMPARE(results[2].error.code, ErrorCode::Network);
    QVERIFY2(results[2].error.what.contains(QLatin1String("one at a time")), qPrintable(describe(results[2].error)));
    FINISH(s);
}

void TestImapTranscripts::overQuota()
{
    Session s(m_pki, QStringLiteral("append-overquota.txt"));
    START_SESSION(s);
    CONNECT_OK(s);
    Error flushError;
    auto results = store(s, FolderRef{{QStringLiteral("INBOX")}}, 1, &flushError);
    QCOMPARE(results.size(), size_t(1));
    QVERIFY2(results[1].error.code == ErrorCode::Quota, qPrintable(s.report(results[1].error)));
    QVERIFY(results[1].error.serverText.contains(QLatin1String("Quota exceeded")));
    FINISH(s);
}

void TestImapTranscripts::tooBig()
{
    Session s(m_pki, QStringLiteral("append-toobig.txt"));
    START_SESSION(s);
    CONNECT_OK(s);
    Error flushError;
    auto results = store(s, FolderRef{{QStringLiteral("INBOX")}}, 1, &flushError);
    QCOMPARE(results.size(), size_t(1));
    QVERIFY2(results[1].error.code == ErrorCode::TooBig, qPrintable(s.report(results[1].error)));
    QVERIFY(results[1].error.serverText.contains(QLatin1String("too large")));
    FINISH(s);
}

void TestImapTranscripts::synchronizingLiterals()
{
    Session s(m_pki, QStringLiteral("append-synchronizing.txt"));
    START_SESSION(s);
    CONNECT_OK(s);
    QVERIFY(!s.connector().capabilities().pipelinedStore);
    Error flushError;
    auto results = store(s, FolderRef{{QStringLiteral("Entwürfe")}}, 2, &flushError);
    QVERIFY2(flushError.ok(), qPrintable(s.report(flushError)));
    QCOMPARE(results.size(), size_t(2));
    QVERIFY2(results[1].error.ok(), qPrintable(s.report(results[1].error)));
    QVERIFY2(results[2].error.ok(), qPrintable(s.report(results[2].error)));
    QCOMPARE(results[1].newId, RemoteId("1"));
    QCOMPARE(results[2].newId, RemoteId("2"));
    QCOMPARE(results[2].newValidity, quint64(1201));
    FINISH(s);
    QCOMPARE(s.server().receivedLiterals(), (QList<QByteArray>{message(1), message(2)}));
}

void TestImapTranscripts::fetchBodyAmongOtherItems()
{
    Session s(m_pki, QStringLiteral("fetch-body.txt"));
    START_SESSION(s);
    CONNECT_OK(s);
    Result<FolderState> st = s.connector().openFolder(FolderRef{{QStringLiteral("INBOX")}}, true);
    QVERIFY2(st.ok(), qPrintable(s.report(st.error())));
    QCOMPARE(st->validity, quint64(3857529045));
    QCOMPARE(st->nextId, quint64(12));
    QCOMPARE(st->changeToken, quint64(715194045007));
    QCOMPARE(st->count, quint64(3));
    QVERIFY(st->readOnly);
    QVERIFY(st->permanentFlagsKnown);
    QVERIFY(st->permanentFlags.isEmpty());

    const QByteArray expected = "Return-Path: <fred@example.org>\r\n"
                                "From: \"Fred \\\"the dev\\\"\" <fred@example.org>\r\n"
                                "Subject: (unbalanced paren and {42} brace\r\n"
                                "Message-ID: <msg7@example.org>\r\n"
                                "\r\n"
                                "* 1 FETCH (this line only looks like a response)\r\n"
                                "A1 OK neither does this\r\n";
    QCOMPARE(expected.size(), 230);

    QList<ItemMeta> metas;
    QList<QByteArray> bodies;
    const Error e = s.connector().fetchItems({RemoteId("7")}, [&](ItemMeta &&meta, ItemBody &&body) {
        metas.append(std::move(meta));
        bodies.append(body.readAll());
        return Error::none();
    });
    QVERIFY2(e.ok(), qPrintable(s.report(e)));
    QCOMPARE(metas.size(), 1); // the unsolicited FETCH responses carry no body
    const ItemMeta &m = metas.first();
    QCOMPARE(m.id, RemoteId("7"));
    QCOMPARE(bodies.first(), expected);
    QVERIFY2(m.flags.contains(QStringLiteral("\\Seen")) && m.flags.contains(QStringLiteral("$Forwarded")),
             qPrintable(m.flags.join(QLatin1Char(' '))));
    QCOMPARE(m.internalDate, QByteArray("17-Jul-1996 02:44:25 -0700"));
    QCOMPARE(m.size, qint64(230));
    if (!m.messageId.isEmpty())
        QCOMPARE(m.messageId, QByteArray("<msg7@example.org>"));
    FINISH(s);
}

void TestImapTranscripts::connectionLostInLiteral()
{
    Session s(m_pki, QStringLiteral("fetch-connection-lost.txt"));
    START_SESSION(s);
    CONNECT_OK(s);
    Result<FolderState> st = s.connector().openFolder(FolderRef{{QStringLiteral("INBOX")}}, true);
    QVERIFY2(st.ok(), qPrintable(s.report(st.error())));
    int sinkCalls = 0;
    const Error e = s.connector().fetchItems({RemoteId("7")}, [&](ItemMeta &&, ItemBody &&) {
        ++sinkCalls;
        return Error::none();
    });
    QVERIFY2(e.code == ErrorCode::Network, qPrintable(s.report(e)));
    QCOMPARE(sinkCalls, 0);
    FINISH(s);
}

void TestImapTranscripts::listFolders()
{
    Session s(m_pki, QStringLiteral("list-folders.txt"));
    START_SESSION(s);
    CONNECT_OK(s);
    Result<QList<FolderInfo>> list = s.connector().listFolders();
    QVERIFY2(list.ok(), qPrintable(s.report(list.error())));

    struct Want {
        QStringList path;
        SpecialUse use;
        bool selectable;
        bool subscribed;
    };
    const QList<Want> wanted = {
        {{QStringLiteral("INBOX")}, SpecialUse::None, true, true},
        {{QStringLiteral("INBOX"), QStringLiteral("Receipts")}, SpecialUse::None, true, false},
        {{QStringLiteral("Archive")}, SpecialUse::None, false, false},
        {{QStringLiteral("Archive"), QStringLiteral("2023")}, SpecialUse::Archive, true, false},
        {{QStringLiteral("Sent Items")}, SpecialUse::Sent, true, true},
        {{QStringLiteral("Entwürfe")}, SpecialUse::Drafts, true, false},
        {{QStringLiteral("Junk")}, SpecialUse::Junk, true, false},
        {{QStringLiteral("Trash")}, SpecialUse::Trash, true, false},
        {{QStringLiteral("Trash"), QStringLiteral("日本語")}, SpecialUse::None, true, false},
        {{QStringLiteral("Tom & Jerry")}, SpecialUse::None, true, false},
        {{QStringLiteral("Say \"hi\"")}, SpecialUse::None, true, false},
        {{QStringLiteral("Literal Name")}, SpecialUse::None, true, false},
        {{QStringLiteral("Ghost")}, SpecialUse::None, false, false},
        {{QStringLiteral("Ghost"), QStringLiteral("Child")}, SpecialUse::None, true, false},
    };
    QStringList got;
    for (const FolderInfo &f : *list)
        got << f.ref.path.join(QLatin1Char('|'));
    QVERIFY2(list->size() == wanted.size(), qPrintable(got.join(QStringLiteral(", "))));
    for (const Want &w : wanted) {
        const auto it = std::find_if(list->begin(), list->end(), [&](const FolderInfo &f) { return f.ref.path == w.path; });
        QVERIFY2(it != list->end(), qPrintable(w.path.join(QLatin1Char('|')) + QStringLiteral(" missing from: ")
                                               + got.join(QStringLiteral(", "))));
        const QString name = w.path.join(QLatin1Char('/'));
        // The inbox may be reported as SpecialUse::Inbox.
        if (!(w.path == QStringList{QStringLiteral("INBOX")} && it->specialUse == SpecialUse::Inbox))
            QVERIFY2(it->specialUse == w.use, qPrintable(name));
        QVERIFY2(it->selectable == w.selectable, qPrintable(name));
        QVERIFY2(it->subscribed == w.subscribed, qPrintable(name));
        QCOMPARE(it->kind, ItemKind::Message);
    }
    FINISH(s);
}

void TestImapTranscripts::pipelinedLogin()
{
    Session s(m_pki, QStringLiteral("login-pipelined.txt"));
    START_SESSION(s);
    CONNECT_OK(s);
    QVERIFY(s.connector().isConnected());
    QVERIFY(s.connector().capabilities().changeTokens);
    QVERIFY(s.connector().capabilities().multiStore);
    FINISH(s);
}

void TestImapTranscripts::pipelinedLoginRefused()
{
    Session s(m_pki, QStringLiteral("login-pipelined-refused.txt"));
    START_SESSION(s);
    const Error e = s.connector().connect();
    QVERIFY2(e.code == ErrorCode::Auth, qPrintable(s.report(e)));
    QVERIFY2(e.serverText.contains(QLatin1String("Authentication failed")), qPrintable(describe(e)));
    QVERIFY2(!e.toString().contains(QLatin1String(kPassword)), qPrintable(describe(e)));
    QVERIFY2(!e.toString().contains(QLatin1String(kPassword.toBase64())), qPrintable(describe(e)));
    QVERIFY(!s.connector().isConnected());
    FINISH(s);
}

void TestImapTranscripts::multiAppendUidRanges()
{
    Session s(m_pki, QStringLiteral("multiappend-appenduid.txt"));
    START_SESSION(s);
    CONNECT_OK(s);
    QVERIFY(s.connector().capabilities().multiStore);
    Error flushError;
    auto results = store(s, FolderRef{{QStringLiteral("INBOX")}}, 4, &flushError);
    QVERIFY2(flushError.ok(), qPrintable(s.report(flushError)));
    QCOMPARE(results.size(), size_t(4));
    const QList<RemoteId> ids = {"1", "2", "3", "7"};
    for (int i = 1; i <= 4; ++i) {
        QVERIFY2(results[i].error.ok(), qPrintable(describe(results[i].error)));
        QCOMPARE(results[i].newId, ids.at(i - 1));
        QCOMPARE(results[i].newValidity, quint64(38505));
    }
    FINISH(s);
    QCOMPARE(s.server().receivedLiterals(), (QList<QByteArray>{message(1), message(2), message(3), message(4)}));
}

void TestImapTranscripts::multiAppendRefusedDropsConnection()
{
    Session s(m_pki, QStringLiteral("multiappend-refused.txt"));
    START_SESSION(s);
    CONNECT_OK(s);
    Error flushError;
    auto results = store(s, FolderRef{{QStringLiteral("INBOX")}}, 3, &flushError);
    QCOMPARE(flushError.code, ErrorCode::Network);
    QVERIFY2(flushError.what.contains(QLatin1String("one by one")), qPrintable(describe(flushError)));
    QCOMPARE(results.size(), size_t(3));
    for (quint64 i = 1; i <= 3; ++i) {
        QCOMPARE(results[i].error.code, ErrorCode::Network);
        QVERIFY(results[i].newId.isEmpty());
    }
    FINISH(s);
    // Each message went once; nothing more was sent on the connection after the NO.
    QCOMPARE(s.server().receivedLiterals(), (QList<QByteArray>{message(1), message(2), message(3)}));
}

void TestImapTranscripts::multiAppendClosedByOtherCommand()
{
    Session s(m_pki, QStringLiteral("multiappend-closed-by-store.txt"));
    START_SESSION(s);
    CONNECT_OK(s);
    const FolderRef inbox{{QStringLiteral("INBOX")}};
    Result<FolderState> st = s.connector().openFolder(inbox, false);
    QVERIFY2(st.ok(), qPrintable(s.report(st.error())));
    std::map<quint64, StoreResult> results;
    int callbacks = 0;
    const Connector::StoreCallback done = [&](StoreResult &&r) {
        ++callbacks;
        results[r.token] = std::move(r);
    };
    s.connector().storeItem(storeRequest(1, inbox, message(1)), done);
    s.connector().storeItem(storeRequest(2, inbox, message(2)), done);
    // The open APPEND is ended before the STORE goes out.
    const Error flagError = s.connector().setFlags({FlagChange{RemoteId("3"), {QStringLiteral("\\Flagged")}, {}}});
    QVERIFY2(flagError.ok(), qPrintable(s.report(flagError)));
    s.connector().storeItem(storeRequest(3, inbox, message(3)), done);
    const Error flushError = s.connector().flush();
    QVERIFY2(flushError.ok(), qPrintable(s.report(flushError)));
    QCOMPARE(callbacks, 3);
    QCOMPARE(results[1].newId, RemoteId("5"));
    QCOMPARE(results[2].newId, RemoteId("6"));
    QCOMPARE(results[3].newId, RemoteId("7"));
    QCOMPARE(results[3].newValidity, quint64(900));
    FINISH(s);
}

QTEST_GUILESS_MAIN(TestImapTranscripts)
#include "tst_imaptranscripts.moc"
