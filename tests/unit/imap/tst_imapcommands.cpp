// The pure pieces between parser and session: command text, UID sets, flag
// grouping, folder names, Message-ID extraction, APPEND result mapping.
#include <imap/appendcommand.h>
#include <imap/fetchcommand.h>
#include <imap/imapfoldernames.h>
#include <imap/listcommand.h>
#include <imap/storecommand.h>

#include <connector/itembody.h>

#include <QTest>

using namespace ferry;

namespace {
// The bytes a session would send with LITERAL+ (tag and CRLF left out).
QByteArray wire(const ImapCommand &c)
{
    QByteArray out;
    for (const auto &s : c.segments()) {
        out += s.text;
        const QByteArray data = s.kind == ImapCommand::Segment::BodyLiteral ? s.body->readAll() : s.data;
        out += '{' + QByteArray::number(data.size()) + "+}\r\n" + data;
    }
    return out + c.tail();
}

ImapResponse tagged(ImapStatus::Kind k, const QByteArray &code, const QByteArrayList &args, const QByteArray &text)
{
    ImapResponse r;
    r.kind = ImapResponse::Tagged;
    r.status.kind = k;
    r.status.code.name = code;
    r.status.code.args = args;
    r.status.text = text;
    return r;
}
} // namespace

class TestImapCommands : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void strings_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("plain") << QByteArray("INBOX") << QByteArray("\"INBOX\"");
        QTest::newRow("empty") << QByteArray("") << QByteArray("\"\"");
        QTest::newRow("quote and backslash") << QByteArray("a\"b\\c") << QByteArray("\"a\\\"b\\\\c\"");
        QTest::newRow("mutf7 ampersand") << QByteArray("A&-B") << QByteArray("\"A&-B\"");
        QTest::newRow("8-bit goes literal") << QByteArray("p\xC3\xA4ss") << QByteArray("{5+}\r\np\xC3\xA4ss");
        QTest::newRow("CRLF goes literal") << QByteArray("a\r\nb") << QByteArray("{4+}\r\na\r\nb");
    }
    void strings()
    {
        QFETCH(QByteArray, value);
        QFETCH(QByteArray, expected);
        ImapCommand c;
        c.string(value);
        QCOMPARE(wire(c), expected);
    }

    void uidSets_data()
    {
        QTest::addColumn<QList<quint64>>("uids");
        QTest::addColumn<int>("max");
        QTest::addColumn<QByteArrayList>("expected");
        QTest::newRow("empty") << QList<quint64>{} << 100 << QByteArrayList{};
        QTest::newRow("one") << QList<quint64>{7} << 100 << QByteArrayList{"7"};
        QTest::newRow("ranges") << QList<quint64>{9, 1, 2, 3, 5, 10, 11, 3, 0} << 100 << QByteArrayList{"1:3,5,9:11"};
        QTest::newRow("split") << QList<quint64>{1, 3, 5, 7, 9} << 5 << QByteArrayList{"1,3,5", "7,9"};
    }
    void uidSets()
    {
        QFETCH(QList<quint64>, uids);
        QFETCH(int, max);
        QFETCH(QByteArrayList, expected);
        QCOMPARE(FetchCommand::uidSets(uids, max), expected);
    }

    void uidSetsStayUnderLineLimit()
    {
        QList<quint64> uids;
        for (quint64 i = 1; i < 200000; i += 2)
            uids.append(i);
        const QByteArrayList sets = FetchCommand::uidSets(uids);
        QVERIFY(sets.size() > 1);
        qsizetype total = 0;
        for (const QByteArray &s : sets) {
            QVERIFY(s.size() <= FetchCommand::kMaxSetLength);
            total += s.count(',') + 1;
        }
        QCOMPARE(total, uids.size());
    }

    void fetchCommands()
    {
        ListQuery q;
        q.fromId = 42;
        QCOMPARE(wire(FetchCommand::listing(q, false)),
                 QByteArray("UID FETCH 42:* (UID FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])"));
        q.changedSince = 99;
        QCOMPARE(wire(FetchCommand::listing(q, true)),
                 QByteArray("UID FETCH 42:* (UID FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)] MODSEQ) (CHANGEDSINCE 99)"));
        q.flagsOnly = true;
        QCOMPARE(wire(FetchCommand::listing(q, true)), QByteArray("UID FETCH 42:* (UID FLAGS MODSEQ) (CHANGEDSINCE 99)"));
        QCOMPARE(wire(FetchCommand::bodies("1:3")), QByteArray("UID FETCH 1:3 (UID FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[])"));
    }

    void subject_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << QByteArray("Subject: Hello world\r\n\r\n") << QStringLiteral("Hello world");
        QTest::newRow("rfc2047 q") << QByteArray("Subject: =?ISO-8859-1?Q?Gr=FC=DFe_aus_K=F6ln?=\r\n\r\n")
                                   << QStringLiteral("Grüße aus Köln");
        QTest::newRow("rfc2047 b, folded") << QByteArray("Subject: =?UTF-8?B?8J+aoiBGZXJyeQ==?=\r\n =?UTF-8?Q?_f=C3=A4hrt?=\r\n\r\n")
                                           << QStringLiteral("🚢 Ferry fährt");
        QTest::newRow("with message-id") << QByteArray("Message-ID: <a@b>\r\nSubject: Re: x\r\n\r\n") << QStringLiteral("Re: x");
        QTest::newRow("none") << QByteArray("Message-ID: <a@b>\r\n\r\n") << QString();
    }
    void subject()
    {
        QFETCH(QByteArray, header);
        QFETCH(QString, expected);
        QCOMPARE(FetchCommand::subjectFromHeader(header), expected);
    }
    void messageId_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("plain") << QByteArray("Message-ID: <abc@example.com>\r\n\r\n") << QByteArray("<abc@example.com>");
        QTest::newRow("folded, comment") << QByteArray("Message-Id:\r\n <x.y@z> (c)\r\n\r\n") << QByteArray("<x.y@z>");
        QTest::newRow("lower case name") << QByteArray("message-id: <a@b>\r\n\r\n") << QByteArray("<a@b>");
        QTest::newRow("garbage kept") << QByteArray("Message-ID: garbage here\r\n\r\n") << QByteArray("garbage here");
        QTest::newRow("tab before id") << QByteArray("Message-ID:\t<a.b@c>\r\n\r\n") << QByteArray("<a.b@c>");
        QTest::newRow("two ats (vmime decides)") << QByteArray("Message-ID: <a@b@c>\r\n\r\n") << QByteArray("<a@b@c>");
        QTest::newRow("trailing comment") << QByteArray("Message-ID: <a@b> (x)\r\n\r\n") << QByteArray("<a@b>");
        QTest::newRow("no right part") << QByteArray("Message-ID: <only-left>\r\n\r\n") << QByteArray("<only-left>");
        QTest::newRow("absent") << QByteArray("\r\n") << QByteArray();
        QTest::newRow("empty") << QByteArray() << QByteArray();
    }
    void messageId()
    {
        QFETCH(QByteArray, header);
        QFETCH(QByteArray, expected);
        QCOMPARE(FetchCommand::messageIdFromHeader(header), expected);
    }

    void appendCommand()
    {
        ItemMeta m;
        m.flags = {QStringLiteral("\\Seen"), QStringLiteral("\\Recent"), QStringLiteral("$Label1"),
                   QStringLiteral("\\Answered"), QStringLiteral("bad flag"), QStringLiteral("NonJunk")};
        m.internalDate = "17-Jul-1996 02:44:25 -0700";
        ItemBody body = ItemBody::fromBytes(QByteArray("a\0\r\nb", 5));
        QCOMPARE(wire(AppendCommand::command("INBOX.Sent", m, &body)),
                 QByteArray("APPEND \"INBOX.Sent\" (\\Seen $Label1 \\Answered NonJunk) \"17-Jul-1996 02:44:25 -0700\" {5+}\r\na\0\r\nb", 94));
        m.internalDate.clear();
        m.flags.clear();
        QCOMPARE(wire(AppendCommand::command("X", m, &body)), QByteArray("APPEND \"X\" () {5+}\r\na\0\r\nb", 25));
    }

    void multiAppendMember()
    {
        ItemMeta m;
        m.flags = {QStringLiteral("\\Seen")};
        m.internalDate = "17-Jul-1996 02:44:25 -0700";
        ItemBody body = ItemBody::fromBytes(QByteArray("hi"));
        // Continues the command line after the previous literal (RFC 3502 append-message).
        QCOMPARE(wire(AppendCommand::member(m, &body)),
                 QByteArray(" (\\Seen) \"17-Jul-1996 02:44:25 -0700\" {2+}\r\nhi"));
    }

    void uidSetExpansion_data()
    {
        QTest::addColumn<QByteArray>("set");
        QTest::addColumn<int>("max");
        QTest::addColumn<QByteArray>("expected"); // space-separated; empty = refused
        QTest::newRow("single") << QByteArray("7") << 5 << QByteArray("7");
        QTest::newRow("range and single") << QByteArray("1:3,7") << 4 << QByteArray("1 2 3 7");
        QTest::newRow("reversed range") << QByteArray("5:3") << 3 << QByteArray("3 4 5");
        QTest::newRow("more than max") << QByteArray("1:3,7") << 3 << QByteArray();
        QTest::newRow("huge range") << QByteArray("1:4294967295") << 500 << QByteArray();
        QTest::newRow("zero") << QByteArray("0:2") << 5 << QByteArray();
        QTest::newRow("garbage") << QByteArray("1,x") << 5 << QByteArray();
        QTest::newRow("empty part") << QByteArray("1,,2") << 5 << QByteArray();
    }

    void uidSetExpansion()
    {
        QFETCH(QByteArray, set);
        QFETCH(int, max);
        QFETCH(QByteArray, expected);
        QCOMPARE(AppendCommand::expandUidSet(set, max).join(' '), expected);
    }

    void appendResult_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QByteArray>("code");
        QTest::addColumn<QByteArrayList>("args");
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("error");
        QTest::newRow("appenduid") << int(ImapStatus::Ok) << QByteArray("APPENDUID") << QByteArrayList{"38505", "3955"}
                                   << QByteArray("done") << int(ErrorCode::None);
        QTest::newRow("overquota") << int(ImapStatus::No) << QByteArray("OVERQUOTA") << QByteArrayList{}
                                   << QByteArray("full") << int(ErrorCode::Quota);
        QTest::newRow("quota in words") << int(ImapStatus::No) << QByteArray() << QByteArrayList{}
                                        << QByteArray("Quota exceeded (mailbox for user is full)") << int(ErrorCode::Quota);
        QTest::newRow("toobig") << int(ImapStatus::No) << QByteArray("TOOBIG") << QByteArrayList{} << QByteArray("no")
                                << int(ErrorCode::TooBig);
        QTest::newRow("limit") << int(ImapStatus::No) << QByteArray("LIMIT") << QByteArrayList{} << QByteArray("no")
                               << int(ErrorCode::TooBig);
        QTest::newRow("trycreate") << int(ImapStatus::No) << QByteArray("TRYCREATE") << QByteArrayList{}
                                   << QByteArray("no folder") << int(ErrorCode::NotFound);
        QTest::newRow("other no") << int(ImapStatus::No) << QByteArray() << QByteArrayList{} << QByteArray("virus")
                                  << int(ErrorCode::Rejected);
        QTest::newRow("bad") << int(ImapStatus::Bad) << QByteArray() << QByteArrayList{} << QByteArray("syntax")
                             << int(ErrorCode::Protocol);
    }
    void appendResult()
    {
        QFETCH(int, kind);
        QFETCH(QByteArray, code);
        QFETCH(QByteArrayList, args);
        QFETCH(QByteArray, text);
        QFETCH(int, error);
        const StoreResult r = AppendCommand::result(7, tagged(ImapStatus::Kind(kind), code, args, text), QStringLiteral("F"));
        QCOMPARE(r.token, 7u);
        QCOMPARE(int(r.error.code), error);
        if (error == int(ErrorCode::None)) {
            QCOMPARE(r.newId, QByteArray("3955"));
            QCOMPARE(r.newValidity, 38505u);
        } else {
            QVERIFY(r.error.serverText.contains(QString::fromUtf8(text)));
        }
    }

    void storeGrouping()
    {
        QList<FlagChange> changes;
        changes.append({"1", {QStringLiteral("\\Seen")}, {}});
        changes.append({"2", {QStringLiteral("\\Seen")}, {}});
        changes.append({"3", {QStringLiteral("\\Seen")}, {QStringLiteral("\\Flagged")}});
        changes.append({"7", {QStringLiteral("$X"), QStringLiteral("\\Recent")}, {}});
        changes.append({"x", {QStringLiteral("\\Seen")}, {}});
        QByteArrayList got;
        for (const ImapCommand &c : StoreCommand::commands(changes))
            got.append(wire(c));
        std::sort(got.begin(), got.end());
        QCOMPARE(got, (QByteArrayList{"UID STORE 1:3 +FLAGS.SILENT (\\Seen)", "UID STORE 3 -FLAGS.SILENT (\\Flagged)",
                                      "UID STORE 7 +FLAGS.SILENT ($X)"}));
    }

    void folderNames_data()
    {
        QTest::addColumn<QByteArray>("prefix");
        QTest::addColumn<QString>("sep");
        QTest::addColumn<QByteArray>("native");
        QTest::addColumn<QStringList>("path");
        QTest::newRow("inbox") << QByteArray() << QStringLiteral("/") << QByteArray("INBOX") << QStringList{QStringLiteral("INBOX")};
        QTest::newRow("nested") << QByteArray() << QStringLiteral("/") << QByteArray("a/b")
                                << QStringList{QStringLiteral("a"), QStringLiteral("b")};
        QTest::newRow("maildir++ sent") << QByteArray("INBOX.") << QStringLiteral(".") << QByteArray("INBOX.Sent")
                                        << QStringList{QStringLiteral("Sent")};
        QTest::newRow("maildir++ inbox") << QByteArray("INBOX.") << QStringLiteral(".") << QByteArray("INBOX")
                                         << QStringList{QStringLiteral("INBOX")};
        QTest::newRow("maildir++ nested") << QByteArray("INBOX.") << QStringLiteral(".") << QByteArray("INBOX.a.b")
                                          << QStringList{QStringLiteral("a"), QStringLiteral("b")};
        QTest::newRow("mutf7") << QByteArray() << QStringLiteral("/") << QByteArray("Entw&APw-rfe/&2D3eAA- A&-B")
                               << QStringList{QStringLiteral("Entw\u00FCrfe"), QString::fromUtf8("\xF0\x9F\x98\x80 A&B")};
        QTest::newRow("separator inside a segment") << QByteArray("INBOX.") << QStringLiteral(".")
                                                    << QByteArray("INBOX.v1&,w4-2")
                                                    << QStringList{QStringLiteral("v1.2")};
        QTest::newRow("slash inside a segment") << QByteArray() << QStringLiteral("/") << QByteArray("a&,w8-b")
                                                << QStringList{QStringLiteral("a/b")};
        QTest::newRow("quotes") << QByteArray() << QStringLiteral("/") << QByteArray("say \"hi\"\\x")
                                << QStringList{QStringLiteral("say \"hi\"\\x")};
    }
    void folderNames()
    {
        QFETCH(QByteArray, prefix);
        QFETCH(QString, sep);
        QFETCH(QByteArray, native);
        QFETCH(QStringList, path);
        ImapFolderNames n;
        n.setPersonal(prefix, sep.at(0).toLatin1());
        QCOMPARE(n.toRef(native).path, path);
        QCOMPARE(n.toNative(FolderRef{path}), native);
    }

    void inboxIsCaseInsensitive()
    {
        ImapFolderNames n;
        n.setPersonal("INBOX.", '.');
        QCOMPARE(n.toRef("inbox").path, QStringList{QStringLiteral("INBOX")});
        QCOMPARE(n.toNative(FolderRef{{QStringLiteral("Inbox")}}), QByteArray("INBOX"));
        QCOMPARE(n.toRef("Inbox.Sent").path, QStringList{QStringLiteral("Sent")});
    }

    void personalNamespaceOnly()
    {
        ImapFolderNames n;
        n.setPersonal("INBOX.", '.');
        n.setForeignPrefixes({"#shared.", "#Users."});
        QVERIFY(n.isPersonal("INBOX"));
        QVERIFY(n.isPersonal("INBOX.Sent"));
        QVERIFY(!n.isPersonal("#shared.x"));
        QVERIFY(!n.isPersonal("Other"));
        ImapFolderNames flat;
        flat.setPersonal("", '/');
        flat.setForeignPrefixes({"shared/"});
        QVERIFY(flat.isPersonal("Foo"));
        QVERIFY(!flat.isPersonal("shared/bob/INBOX"));
    }

    void listToFolderInfo()
    {
        ImapFolderNames n;
        n.setPersonal("", '/');
        ImapListData l;
        l.attributes = {"\\HasNoChildren", "\\Sent", "\\Subscribed"};
        l.separator = '/';
        l.mailbox = "Sent Items";
        FolderInfo f = ListCommand::toFolderInfo(l, n);
        QCOMPARE(f.ref.path, QStringList{QStringLiteral("Sent Items")});
        QCOMPARE(f.specialUse, SpecialUse::Sent);
        QVERIFY(f.subscribed);
        QVERIFY(f.selectable);
        l.attributes = {"\\NoSelect"};
        l.mailbox = "inbox";
        f = ListCommand::toFolderInfo(l, n);
        QVERIFY(!f.selectable);
        QCOMPARE(f.specialUse, SpecialUse::Inbox);
    }
};

QTEST_GUILESS_MAIN(TestImapCommands)
#include "tst_imapcommands.moc"
