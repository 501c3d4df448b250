// ImapParser: raw server bytes → typed responses. Every valid case is parsed
// whole, byte by byte and in odd chunks, with literals inline and streamed; the
// canonical dump must be the same each time.
#include <imap/imapparser.h>

#include <QTest>

#include <random>

using namespace ferry;

namespace {

QByteArray esc(const QByteArray &b)
{
    QByteArray out;
    for (const char c : b) {
        const uchar u = uchar(c);
        if (u >= 0x20 && u < 0x7f && c != '\\')
            out.append(c);
        else
            out.append("\\x" + QByteArray::number(u, 16).rightJustified(2, '0'));
    }
    return out;
}

QByteArray list(const QList<QByteArray> &l) { return '(' + l.join(' ') + ')'; }

QByteArray code(const ImapResponseCode &c)
{
    if (c.isEmpty())
        return {};
    QByteArray out = '[' + c.name;
    if (c.hasList)
        out += ' ' + list(c.args);
    else if (!c.args.isEmpty())
        out += ' ' + c.args.join(' ');
    return out + "] ";
}

QByteArray status(const ImapStatus &s)
{
    static const char *names[] = {"NONE", "OK", "NO", "BAD", "BYE", "PREAUTH"};
    return QByteArray(names[s.kind]) + ' ' + code(s.code) + s.text;
}

QByteArray sep(char c) { return c ? QByteArray("'") + c + "'" : QByteArray("NIL"); }

QByteArray nsList(const QList<ImapNamespaceEntry> &l)
{
    QByteArray out = "[";
    for (const auto &e : l)
        out += '<' + e.prefix + "> " + sep(e.separator) + ';';
    return out + ']';
}

// One canonical line per response; streamed literals are shown with their bytes
// and marked "~".
QByteArray dump(const ImapResponse &r, const QList<QByteArray> &streamed)
{
    switch (r.kind) {
    case ImapResponse::Continuation: return "CONT " + code(r.status.code) + r.status.text;
    case ImapResponse::Tagged: return "TAGGED " + r.tag + ' ' + status(r.status);
    case ImapResponse::Status: return "UNTAGGED " + status(r.status);
    case ImapResponse::Capability: return "CAPABILITY " + r.atoms.join(' ');
    case ImapResponse::List:
    case ImapResponse::Lsub:
        return (r.kind == ImapResponse::List ? "LIST " : "LSUB ") + list(r.list.attributes) + ' '
            + sep(r.list.separator) + " <" + esc(r.list.mailbox) + '>';
    case ImapResponse::MailboxStatus: {
        const ImapStatusData &s = r.mailboxStatus;
        return "STATUS <" + esc(s.mailbox) + "> messages=" + QByteArray::number(s.messages)
            + " uidnext=" + QByteArray::number(s.uidNext) + " uidvalidity=" + QByteArray::number(s.uidValidity)
            + " modseq=" + QByteArray::number(s.highestModSeq) + " unseen=" + QByteArray::number(s.unseen);
    }
    case ImapResponse::Flags: return "FLAGS " + list(r.atoms);
    case ImapResponse::Exists: return "EXISTS " + QByteArray::number(r.number);
    case ImapResponse::Expunge: return "EXPUNGE " + QByteArray::number(r.number);
    case ImapResponse::Recent: return "RECENT " + QByteArray::number(r.number);
    case ImapResponse::Fetch: {
        const ImapFetchData &f = r.fetch;
        QByteArray out = "FETCH " + QByteArray::number(r.number);
        if (f.uid)
            out += " uid=" + QByteArray::number(f.uid);
        if (f.hasFlags)
            out += " flags=" + list(f.flags);
        if (!f.internalDate.isNull())
            out += " date=<" + f.internalDate + '>';
        if (f.size >= 0)
            out += " size=" + QByteArray::number(f.size);
        if (f.modSeq)
            out += " modseq=" + QByteArray::number(f.modSeq);
        for (const ImapFetchSection &s : f.sections) {
            out += " [" + s.section + "]=";
            if (s.isNil)
                out += "NIL";
            else if (s.streamedIndex >= 0)
                out += '<' + esc(streamed.value(s.streamedIndex)) + '>';
            else
                out += '<' + esc(s.data) + '>';
            if (!s.isNil && s.size != (s.streamedIndex >= 0 ? streamed.value(s.streamedIndex).size() : s.data.size()))
                out += "(size mismatch)";
        }
        return out;
    }
    case ImapResponse::Namespace:
        return "NAMESPACE " + nsList(r.ns.personal) + ' ' + nsList(r.ns.otherUsers) + ' ' + nsList(r.ns.shared);
    case ImapResponse::Enabled: return "ENABLED " + r.atoms.join(' ');
    case ImapResponse::Search: {
        QByteArray out = "SEARCH";
        for (quint64 n : r.numbers)
            out += ' ' + QByteArray::number(n);
        return out;
    }
    case ImapResponse::Other: return "OTHER " + r.atoms.join(' ');
    }
    return "?";
}

struct Outcome {
    QList<QByteArray> lines;
    bool error = false;
    QString errorText;
    int streamedLiterals = 0;
};

// Feeds `input` in pieces of `chunk` bytes (0 = all at once).
Outcome run(const QByteArray &input, int chunk, qint64 threshold)
{
    ImapParser p;
    p.setStreamThreshold(threshold);
    Outcome o;
    QList<QByteArray> streamed;
    qsizetype fed = 0;
    int guard = 0;
    for (;;) {
        if (++guard > 10'000'000) {
            o.error = true;
            o.errorText = QStringLiteral("endless loop");
            return o;
        }
        const ImapParser::Event ev = p.next();
        switch (ev) {
        case ImapParser::NeedMore: {
            if (fed >= input.size())
                return o;
            const qsizetype n = chunk > 0 ? qMin<qsizetype>(chunk, input.size() - fed) : input.size() - fed;
            p.feed(QByteArrayView(input).sliced(fed, n));
            fed += n;
            break;
        }
        case ImapParser::LiteralBegin:
            streamed.append(QByteArray());
            ++o.streamedLiterals;
            if (p.literalSize() < 0)
                return o;
            break;
        case ImapParser::LiteralChunk:
            streamed.last().append(p.literalChunk().toByteArray());
            break;
        case ImapParser::LiteralEnd:
            break;
        case ImapParser::Response:
            o.lines.append(dump(p.response(), streamed));
            streamed.clear();
            break;
        case ImapParser::Error:
            o.error = true;
            o.errorText = p.errorText();
            if (p.next() != ImapParser::Error) // stays failed
                o.errorText += QStringLiteral(" (but recovered?)");
            return o;
        }
    }
}

struct Case {
    const char *name;
    QByteArray input;
    QByteArrayList expected;
};

QList<Case> validCases()
{
    QList<Case> cases;
    auto row = [&](const char *name, const QByteArray &in, const QByteArrayList &out) { cases.append({name, in, out}); };

    // Status responses and codes (RFC 3501 §7.1, RFC 4315, RFC 5530).
    row("tagged ok with code", "a1 OK [READ-WRITE] SELECT completed\r\n",
        {"TAGGED a1 OK [READ-WRITE] SELECT completed"});
    row("appenduid", "A003 OK [APPENDUID 38505 3955] APPEND completed\r\n",
        {"TAGGED A003 OK [APPENDUID 38505 3955] APPEND completed"});
    row("overquota", "F5 NO [OVERQUOTA] Quota exceeded (mailbox for user is full)\r\n",
        {"TAGGED F5 NO [OVERQUOTA] Quota exceeded (mailbox for user is full)"});
    row("trycreate", "F6 NO [TRYCREATE] Mailbox doesn't exist: Foo\r\n",
        {"TAGGED F6 NO [TRYCREATE] Mailbox doesn't exist: Foo"});
    row("bad", "F7 BAD Error in IMAP command: Unknown command.\r\n",
        {"TAGGED F7 BAD Error in IMAP command: Unknown command."});
    row("lower-case status", "f8 no [ALREADYEXISTS] Mailbox already exists\r\n",
        {"TAGGED f8 NO [ALREADYEXISTS] Mailbox already exists"});
    row("tagged without text", "F9 OK\r\n", {"TAGGED F9 OK "});
    row("permanentflags", "* OK [PERMANENTFLAGS (\\Deleted \\Seen $Forwarded \\*)] Limited\r\n",
        {"UNTAGGED OK [PERMANENTFLAGS (\\Deleted \\Seen $Forwarded \\*)] Limited"});
    row("empty permanentflags", "* OK [PERMANENTFLAGS ()] No permanent flags permitted\r\n",
        {"UNTAGGED OK [PERMANENTFLAGS ()] No permanent flags permitted"});
    row("uidvalidity", "* OK [UIDVALIDITY 3857529045] UIDs valid\r\n",
        {"UNTAGGED OK [UIDVALIDITY 3857529045] UIDs valid"});
    row("code without text", "* OK [HIGHESTMODSEQ 715194045007]\r\n",
        {"UNTAGGED OK [HIGHESTMODSEQ 715194045007] "});
    row("greeting with capabilities",
        "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN] Dovecot ready.\r\n",
        {"UNTAGGED OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN] Dovecot ready."});
    row("preauth", "* PREAUTH IMAP4rev1 server logged in as Smith\r\n",
        {"UNTAGGED PREAUTH IMAP4rev1 server logged in as Smith"});
    row("bye", "* BYE Autologout; idle for too long\r\n", {"UNTAGGED BYE Autologout; idle for too long"});
    row("alert", "* OK [ALERT] System shutdown in 10 minutes\r\n",
        {"UNTAGGED OK [ALERT] System shutdown in 10 minutes"});
    row("not really a code", "* NO [oops no bracket\r\n", {"UNTAGGED NO [oops no bracket"});
    row("bare LF", "* OK hi\n", {"UNTAGGED OK hi"});
    row("8-bit text", "* OK Gr\xC3\xBC\xC3\x9F" "e\r\n", {"UNTAGGED OK Gr\xC3\xBC\xC3\x9F" "e"});
    // Continuations.
    row("continuation", "+ Ready for literal data\r\n", {"CONT Ready for literal data"});
    row("empty continuation", "+\r\n", {"CONT "});
    row("continuation sp", "+ \r\n", {"CONT "});
    // Data responses (RFC 3501 §7.2, §7.3).
    row("capability", "* CAPABILITY IMAP4rev1 STARTTLS AUTH=GSSAPI LOGINDISABLED APPENDLIMIT=35651584\r\n",
        {"CAPABILITY IMAP4rev1 STARTTLS AUTH=GSSAPI LOGINDISABLED APPENDLIMIT=35651584"});
    row("list noselect atom", "* LIST (\\Noselect) \"/\" ~/Mail/foo\r\n", {"LIST (\\Noselect) '/' <~/Mail/foo>"});
    row("list quoted with space", "* LIST (\\HasNoChildren \\Sent) \".\" \"INBOX.Sent Items\"\r\n",
        {"LIST (\\HasNoChildren \\Sent) '.' <INBOX.Sent Items>"});
    row("list nil separator", "* LIST () NIL INBOX\r\n", {"LIST () NIL <INBOX>"});
    row("list escapes", "* LIST () \"\\\\\" \"a\\\\b \\\"q\\\"\"\r\n", {"LIST () '\\' <a\\x5cb \"q\">"});
    row("list literal name", "* LIST () \"/\" {7}\r\nfo\"o\\ &\r\n", {"LIST () '/' <fo\"o\\x5c &>"});
    row("list extended", "* LIST (\\Subscribed) \"/\" \"Foo\" (\"CHILDINFO\" (\"SUBSCRIBED\"))\r\n",
        {"LIST (\\Subscribed) '/' <Foo>"});
    row("list bracket atom", "* LIST () \"/\" foo]bar\r\n", {"LIST () '/' <foo]bar>"});
    row("list mutf7", "* LIST () \"/\" \"&U,BTFw-\"\r\n", {"LIST () '/' <&U,BTFw->"});
    row("lsub", "* LSUB () \".\" #news.comp.mail.misc\r\n", {"LSUB () '.' <#news.comp.mail.misc>"});
    row("status", "* STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292)\r\n",
        {"STATUS <blurdybloop> messages=231 uidnext=44292 uidvalidity=0 modseq=0 unseen=0"});
    row("status condstore",
        "* STATUS \"INBOX\" (MESSAGES 2 UIDNEXT 5 UIDVALIDITY 1234 HIGHESTMODSEQ 99 UNSEEN 1)\r\n",
        {"STATUS <INBOX> messages=2 uidnext=5 uidvalidity=1234 modseq=99 unseen=1"});
    row("status literal name", "* STATUS {3}\r\na b (MESSAGES 1)\r\n",
        {"STATUS <a b> messages=1 uidnext=0 uidvalidity=0 modseq=0 unseen=0"});
    row("flags", "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Forwarded)\r\n",
        {"FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Forwarded)"});
    row("exists expunge recent", "* 23 EXISTS\r\n* 3 EXPUNGE\r\n* 5 RECENT\r\n",
        {"EXISTS 23", "EXPUNGE 3", "RECENT 5"});
    row("namespace simple", "* NAMESPACE ((\"\" \"/\")) NIL NIL\r\n", {"NAMESPACE [<> '/';] [] []"});
    row("namespace maildir", "* NAMESPACE ((\"INBOX.\" \".\")) ((\"#Users.\" \".\")) ((\"#shared.\" \".\"))\r\n",
        {"NAMESPACE [<INBOX.> '.';] [<#Users.> '.';] [<#shared.> '.';]"});
    row("namespace extension",
        "* NAMESPACE ((\"\" \"/\" \"X-PARAM\" (\"FLAG1\" \"FLAG2\"))(\"#mh/\" \"/\")) NIL ((\"#x\" NIL))\r\n",
        {"NAMESPACE [<> '/';<#mh/> '/';] [] [<#x> NIL;]"});
    row("enabled", "* ENABLED CONDSTORE QRESYNC\r\n", {"ENABLED CONDSTORE QRESYNC"});
    row("search", "* SEARCH 2 3 6\r\n", {"SEARCH 2 3 6"});
    row("search empty", "* SEARCH\r\n", {"SEARCH"});
    row("search modseq", "* SEARCH 1 2 (MODSEQ 917162500)\r\n", {"SEARCH 1 2"});
    row("unknown untagged", "* ESEARCH (TAG \"a\") ALL 1:3\r\n* ID NIL\r\n* VANISHED (EARLIER) 1:5\r\n",
        {"OTHER ESEARCH (TAG \"a\") ALL 1:3", "OTHER ID NIL", "OTHER VANISHED (EARLIER) 1:5"});
    row("quota", "* QUOTA \"User quota\" (STORAGE 10 512)\r\n", {"OTHER QUOTA \"User quota\" (STORAGE 10 512)"});
    row("unknown numbered", "* 4 XFOO bar\r\n", {"OTHER XFOO"});
    // FETCH (RFC 3501 §7.4.2, RFC 7162).
    row("fetch metadata",
        "* 12 FETCH (FLAGS (\\Seen $Label1) INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" RFC822.SIZE 4286 "
        "UID 77 MODSEQ (12121231000))\r\n",
        {"FETCH 12 uid=77 flags=(\\Seen $Label1) date=<17-Jul-1996 02:44:25 -0700> size=4286 modseq=12121231000"});
    row("fetch empty flags", "* 1 FETCH (UID 1 FLAGS ())\r\n", {"FETCH 1 uid=1 flags=()"});
    row("fetch body", "* 1 FETCH (UID 5 BODY[] {5}\r\nhello)\r\n", {"FETCH 1 uid=5 []=<hello>"});
    row("fetch body before uid", "* 1 FETCH (BODY[] {3}\r\nabc UID 9 FLAGS (\\Seen))\r\n",
        {"FETCH 1 uid=9 flags=(\\Seen) []=<abc>"});
    row("fetch zero literal", "* 2 FETCH (UID 6 BODY[] {0}\r\n)\r\n", {"FETCH 2 uid=6 []=<>"});
    row("fetch nil body", "* 2 FETCH (UID 6 BODY[] NIL)\r\n", {"FETCH 2 uid=6 []=NIL"});
    row("fetch quoted body", "* 2 FETCH (UID 6 BODY[] \"a\\\"b\")\r\n", {"FETCH 2 uid=6 []=<a\"b>"});
    row("fetch partial", "* 3 FETCH (UID 7 BODY[]<0> {3}\r\nxyz)\r\n", {"FETCH 3 uid=7 []=<xyz>"});
    row("fetch header fields",
        "* 4 FETCH (UID 8 RFC822.SIZE 10 BODY[HEADER.FIELDS (MESSAGE-ID)] {23}\r\nMessage-ID: <a@b.c>\r\n\r\n)\r\n",
        {"FETCH 4 uid=8 size=10 [HEADER.FIELDS (MESSAGE-ID)]=<Message-ID: <a@b.c>\\x0d\\x0a\\x0d\\x0a>"});
    row("fetch binary-safe body",
        QByteArray("* 5 FETCH (UID 9 BODY[] {14}\r\na") + QByteArray(1, '\0') + "b\r\n)\xFF\r\n{1}\r\n)\r\n",
        {"FETCH 5 uid=9 []=<a\\x00b\\x0d\\x0a)\\xff\\x0d\\x0a{1}\\x0d\\x0a>"});
    row("fetch two literals",
        "* 6 FETCH (UID 10 BODY[HEADER] {2}\r\nhh BODY[TEXT] {2}\r\ntt)\r\n",
        {"FETCH 6 uid=10 [HEADER]=<hh> [TEXT]=<tt>"});
    row("fetch rfc822", "* 6 FETCH (RFC822 {2}\r\nxy UID 3)\r\n", {"FETCH 6 uid=3 [RFC822]=<xy>"});
    row("fetch skips envelope and bodystructure",
        "* 7 FETCH (UID 11 ENVELOPE (\"date\" \"subj\" ((\"n\" NIL \"u\" \"h\")) NIL NIL NIL NIL NIL NIL \"<id>\") "
        "BODYSTRUCTURE (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3 1 NIL NIL NIL) "
        "X-GM-LABELS (\"\\\\Inbox\" foo) BINARY.SIZE[1] 4 FLAGS (\\Seen))\r\n",
        {"FETCH 7 uid=11 flags=(\\Seen)"});
    row("fetch lower case", "* 8 fetch (uid 12 flags (\\seen) rfc822.size 3 body[] {1}\r\nx)\r\n",
        {"FETCH 8 uid=12 flags=(\\seen) size=3 []=<x>"});
    row("unsolicited flags", "* 9 FETCH (FLAGS (\\Deleted))\r\n", {"FETCH 9 flags=(\\Deleted)"});
    // A pipeline with interleaved untagged data.
    row("pipeline",
        "* 1 FETCH (UID 1 BODY[] {2}\r\nab)\r\n* 40 EXISTS\r\nF1 OK done\r\n* STATUS a (MESSAGES 1)\r\n"
        "* 2 FETCH (UID 2 BODY[] {3}\r\ncde)\r\nF2 OK [APPENDUID 1 2] ok\r\n",
        {"FETCH 1 uid=1 []=<ab>", "EXISTS 40", "TAGGED F1 OK done",
         "STATUS <a> messages=1 uidnext=0 uidvalidity=0 modseq=0 unseen=0", "FETCH 2 uid=2 []=<cde>",
         "TAGGED F2 OK [APPENDUID 1 2] ok"});
    return cases;
}

} // namespace

class TestImapParser : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void responses_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArrayList>("expected");
        for (const Case &c : validCases())
            QTest::newRow(c.name) << c.input << c.expected;
    }

    void responses()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArrayList, expected);
        for (const int chunk : {0, 1, 2, 7, 64}) {
            for (const qint64 threshold : {qint64(1) << 20, qint64(0), qint64(3)}) {
                const Outcome o = run(input, chunk, threshold);
                const QByteArray ctx = "chunk " + QByteArray::number(chunk) + " threshold " + QByteArray::number(threshold)
                    + ": " + o.errorText.toUtf8();
                QVERIFY2(!o.error, ctx.constData());
                QCOMPARE(o.lines, expected);
            }
        }
    }
    void malformed_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::newRow("empty line") << QByteArray("\r\n");
        QTest::newRow("junk") << QByteArray("junk\r\n");
        QTest::newRow("bad status") << QByteArray("a1 FOO bar\r\n");
        QTest::newRow("tagged bye") << QByteArray("a1 BYE bar\r\n");
        QTest::newRow("star without space") << QByteArray("*OK\r\n");
        QTest::newRow("uid not a number") << QByteArray("* 1 FETCH (UID abc)\r\n");
        QTest::newRow("unclosed fetch") << QByteArray("* 1 FETCH (UID 5\r\n");
        QTest::newRow("fetch without parens") << QByteArray("* 1 FETCH UID 5\r\n");
        QTest::newRow("number overflow") << QByteArray("* 1 FETCH (UID 99999999999999999999999)\r\n");
        QTest::newRow("unclosed list flags") << QByteArray("* LIST (\\Noselect \"/\" foo\r\n");
        QTest::newRow("bad separator") << QByteArray("* LIST () \"//\" foo\r\n");
        QTest::newRow("status bad item") << QByteArray("* STATUS foo (MESSAGES x)\r\n");
        QTest::newRow("unterminated quoted") << QByteArray("* LIST () \"/\" \"foo\r\n");
        QTest::newRow("huge literal") << QByteArray("* 1 FETCH (BODY[] {99999999999999999999}\r\n");
        QTest::newRow("deep nesting")
            << QByteArray("* 1 FETCH (X " + QByteArray(100, '(') + QByteArray(100, ')') + ")\r\n");
        QTest::newRow("unclosed section") << QByteArray("* 1 FETCH (BODY[HEADER {1}\r\nx)\r\n");
        QTest::newRow("trailing garbage") << QByteArray("* 1 FETCH (UID 1) x\r\n");
        QTest::newRow("namespace garbage") << QByteArray("* NAMESPACE foo NIL NIL\r\n");
        QTest::newRow("modseq without parens") << QByteArray("* 1 FETCH (MODSEQ 5)\r\n");
        QTest::newRow("binary garbage") << QByteArray("\x00\x01\x02\xff\r\n", 6);
    }

    void malformed()
    {
        QFETCH(QByteArray, input);
        for (const int chunk : {0, 1, 5}) {
            const Outcome o = run(input, chunk, 1 << 20);
            QVERIFY2(o.error, qPrintable(QStringLiteral("chunk %1").arg(chunk)));
            QVERIFY(!o.errorText.isEmpty());
            QVERIFY(!o.errorText.contains(QStringLiteral("recovered")));
        }
    }

    void incompleteWaits()
    {
        ImapParser p;
        p.feed("* 1 FETCH (UID 1 BODY[] {10}\r\nabc");
        QCOMPARE(p.next(), ImapParser::NeedMore);
        p.feed("defghij)");
        QCOMPARE(p.next(), ImapParser::NeedMore);
        p.feed("\r\n");
        QCOMPARE(p.next(), ImapParser::Response);
        QCOMPARE(p.response().fetch.sections.value(0).data, QByteArray("abcdefghij"));
        QCOMPARE(p.next(), ImapParser::NeedMore);
        QCOMPARE(p.buffered(), 0);
    }

    void streamedLiteralSplitAcrossChunks()
    {
        // A literal bigger than the parser's initial buffer, arriving in pieces:
        // it is handed out in chunks and never accumulates in the buffer.
        ImapParser p;
        p.setStreamThreshold(1024);
        const qint64 size = 3 * 1024 * 1024 + 17;
        QByteArray body(size, 'x');
        for (qint64 i = 0; i < size; i += 997)
            body[i] = char(i % 251);
        QByteArray input = "* 1 FETCH (UID 42 BODY[] {" + QByteArray::number(size) + "}\r\n" + body + " FLAGS (\\Seen))\r\nF1 OK\r\n";
        QByteArray got;
        int begins = 0, ends = 0, responses = 0;
        qint64 maxBuffered = 0;
        qsizetype fed = 0;
        for (;;) {
            const auto ev = p.next();
            if (ev == ImapParser::NeedMore) {
                if (fed == input.size())
                    break;
                const qsizetype n = qMin<qsizetype>(65536 + 13, input.size() - fed);
                char *w = p.writeBuffer(n);
                memcpy(w, input.constData() + fed, size_t(n));
                p.commit(n);
                fed += n;
                maxBuffered = qMax(maxBuffered, p.buffered());
                continue;
            }
            QVERIFY(ev != ImapParser::Error);
            if (ev == ImapParser::LiteralBegin) {
                ++begins;
                QCOMPARE(p.literalSize(), size);
            } else if (ev == ImapParser::LiteralChunk) {
                got.append(p.literalChunk().data(), p.literalChunk().size());
            } else if (ev == ImapParser::LiteralEnd) {
                ++ends;
            } else if (ev == ImapParser::Response) {
                ++responses;
                if (responses == 1) {
                    const ImapResponse &r = p.response();
                    QCOMPARE(r.kind, ImapResponse::Fetch);
                    QCOMPARE(r.fetch.uid, 42u);
                    QCOMPARE(r.fetch.flags, QByteArrayList{"\\Seen"});
                    QCOMPARE(r.fetch.sections.size(), 1);
                    QCOMPARE(r.fetch.sections[0].streamedIndex, 0);
                    QCOMPARE(r.fetch.sections[0].size, size);
                    QVERIFY(r.fetch.sections[0].data.isEmpty());
                } else {
                    QCOMPARE(p.response().kind, ImapResponse::Tagged);
                }
            }
        }
        QCOMPARE(begins, 1);
        QCOMPARE(ends, 1);
        QCOMPARE(responses, 2);
        QVERIFY(got == body);
        QVERIFY2(maxBuffered < 200 * 1024, qPrintable(QString::number(maxBuffered)));
    }

    void writeBufferDirect()
    {
        ImapParser p;
        const QByteArray in = "* 3 EXISTS\r\n";
        char *w = p.writeBuffer(in.size());
        QVERIFY(p.writeCapacity() >= in.size());
        memcpy(w, in.constData(), size_t(in.size()));
        p.commit(in.size());
        QCOMPARE(p.next(), ImapParser::Response);
        QCOMPARE(p.response().number, 3u);
    }

    void overlongLineFails()
    {
        ImapParser p;
        const QByteArray junk(1024 * 1024, 'a');
        ImapParser::Event ev = ImapParser::NeedMore;
        for (int i = 0; i < 10 && ev == ImapParser::NeedMore; ++i) {
            p.feed(junk);
            ev = p.next();
        }
        QCOMPARE(ev, ImapParser::Error);
    }

    // Seeded random damage to every valid input, fed in random pieces with random
    // thresholds: the parser must always end (Response/NeedMore/Error), never
    // crash or loop. (A time-boxed fuzz target belongs to the fuzz suite; this
    // is its always-on corpus run.)
    void mutationsNeverCrash()
    {
        QList<QByteArray> corpus;
        for (const Case &c : validCases())
            corpus.append(c.input);
        std::mt19937 rng(20240611);
        auto rnd = [&](int n) { return int(rng() % quint32(n)); };
        static const char interesting[] = "(){}[]<>\"\\ *+~\r\n0123456789NIL";
        for (int round = 0; round < 4000; ++round) {
            QByteArray in = corpus.at(rnd(int(corpus.size())));
            const int edits = 1 + rnd(4);
            for (int e = 0; e < edits && !in.isEmpty(); ++e) {
                const int pos = rnd(int(in.size()));
                switch (rnd(4)) {
                case 0: in[pos] = interesting[rnd(int(sizeof(interesting) - 1))]; break;
                case 1: in.remove(pos, 1 + rnd(3)); break;
                case 2: in.insert(pos, QByteArray(1, char(rnd(256)))); break;
                case 3: in.insert(pos, in.mid(rnd(int(in.size())), rnd(8))); break;
                }
            }
            const Outcome o = run(in, 1 + rnd(9), rnd(2) ? 0 : (1 << 20));
            QVERIFY(o.errorText != QStringLiteral("endless loop"));
        }
    }

    void resetRecovers()
    {
        ImapParser p;
        p.feed("garbage\r\n");
        QCOMPARE(p.next(), ImapParser::Error);
        p.reset();
        p.feed("* 1 EXISTS\r\n");
        QCOMPARE(p.next(), ImapParser::Response);
    }
};

QTEST_GUILESS_MAIN(TestImapParser)
#include "tst_imapparser.moc"
