// Content lines (RFC 5545 §3.1, RFC 6350 §3.2, vCard 2.1 §2.1.3): split, unfold,
// byte-exact round trip, surgical edits and folding. Tables of raw bytes → a
// canonical dump of the parsed lines.
#include <pim/text/contentline.h>

#include <QTest>

using namespace ferry::pim;
using namespace Qt::StringLiterals;

namespace {

// "group.NAME;P=a,b;BARE:value" with values shown between <>, one per line.
QByteArray dump(const ContentLines &cl)
{
    QByteArray out;
    for (const ContentLine &l : cl.lines) {
        if (l.name.isEmpty()) {
            out += "~" + l.value + "\n";
            continue;
        }
        if (!l.group.isEmpty())
            out += l.group + '.';
        out += l.name;
        for (const ContentParam &p : l.params)
            out += ';' + p.name + (p.values.isEmpty() ? QByteArray() : '=' + ('[' + p.values.join("][") + ']'));
        out += ":<" + l.value + ">\n";
    }
    return out;
}

QList<QByteArray> physicalLines(const QByteArray &b)
{
    QList<QByteArray> out = b.split('\n');
    if (!out.isEmpty() && out.last().isEmpty())
        out.removeLast();
    for (QByteArray &l : out)
        if (l.endsWith('\r'))
            l.chop(1);
    return out;
}

} // namespace

class TestContentLine : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void parse_data();
    void parse();
    void lineEnding_data();
    void lineEnding();
    void issues_data();
    void issues();
    void fold_data();
    void fold();
    void editRefoldsOnlyThatLine();
    void editParams();
    void editQuotedPrintableUsesSoftBreaks();
    void newLinesAndMissingFinalEnding();
    void editCannotInjectLines();
    void text_data();
    void text();
    void splitEscaped_data();
    void splitEscaped();
    void utf8_data();
    void utf8();
};

static const QByteArray kCard =
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "FN:Jane Doe\r\n"
    "NOTE:A long note that was folded by the writer at some arbitrary place so\r\n"
    "  that it continues here\r\n"
    "item1.EMAIL;type=INTERNET;type=pref:jane@example.com\r\n"
    "item1.X-ABLabel:_$!<Other>!$_\r\n"
    "END:VCARD\r\n";

void TestContentLine::roundTrip_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::newRow("crlf") << kCard;
    QTest::newRow("lf") << QByteArray(kCard).replace("\r\n", "\n");
    QTest::newRow("mixed") << QByteArray("BEGIN:VCARD\nVERSION:3.0\r\nFN:A\n B\r\nEND:VCARD\n");
    QTest::newRow("lone-cr") << QByteArray("BEGIN:VCARD\rVERSION:3.0\rFN:A\rEND:VCARD\r");
    QTest::newRow("tab-fold") << QByteArray("BEGIN:VCARD\r\nNOTE:abc\r\n\tdef\r\nEND:VCARD\r\n");
    QTest::newRow("no-final-eol") << QByteArray("BEGIN:VCARD\r\nFN:x\r\nEND:VCARD");
    QTest::newRow("blank-lines") << QByteArray("\r\n\r\nBEGIN:VCARD\r\nEND:VCARD\r\n\r\n\r\n");
    QTest::newRow("bom") << QByteArray("\xEF\xBB\xBF" "BEGIN:VCARD\r\nEND:VCARD\r\n");
    QTest::newRow("garbage") << QByteArray("hello world\r\nBEGIN:VCARD\r\n:novalue\r\nEND:VCARD\r\n");
    QTest::newRow("qp-soft-breaks") << QByteArray(
        "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:=E3=81=82=E3=81=84=\r\n=E3=81=86 and=\r\n more\r\nEND:VCARD\r\n");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("only-eol") << QByteArray("\n");
    QTest::newRow("invalid-utf8") << QByteArray("FN:\xff\xfe\xc3\r\n");
    QTest::newRow("nul") << QByteArray("FN:a\0b\r\n", 9);
}

void TestContentLine::roundTrip()
{
    QFETCH(QByteArray, input);
    const ContentLines cl = parseContentLines(input);
    QCOMPARE(serializeContentLines(cl), input);
}

void TestContentLine::parse_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("simple") << QByteArray("FN:Jane\r\n") << QByteArray("FN:<Jane>\n");
    QTest::newRow("fold-space") << QByteArray("NOTE:ab\r\n cd\r\n") << QByteArray("NOTE:<abcd>\n");
    QTest::newRow("fold-keeps-second-space") << QByteArray("NOTE:ab\r\n  cd\r\n") << QByteArray("NOTE:<ab cd>\n");
    QTest::newRow("fold-tab") << QByteArray("NOTE:ab\n\tcd\n") << QByteArray("NOTE:<abcd>\n");
    QTest::newRow("fold-in-head") << QByteArray("EMA\r\n IL;TYPE=wo\r\n rk:a@b\r\n")
                                  << QByteArray("EMAIL;TYPE=[work]:<a@b>\n");
    QTest::newRow("group") << QByteArray("item1.EMAIL;type=INTERNET:a@b\r\n")
                           << QByteArray("item1.EMAIL;type=[INTERNET]:<a@b>\n");
    QTest::newRow("group-case") << QByteArray("Item2.X-ABLabel:_$!<Home>!$_\r\n")
                                << QByteArray("Item2.X-ABLabel:<_$!<Home>!$_>\n");
    QTest::newRow("quoted-param") << QByteArray("ADR;LABEL=\"1 Main St;Town: 12,3\";TYPE=home,work:;;1 Main\r\n")
                                  << QByteArray("ADR;LABEL=[1 Main St;Town: 12,3];TYPE=[home][work]:<;;1 Main>\n");
    QTest::newRow("quoted-list") << QByteArray("X-A;P=\"a,b\",c:v\r\n") << QByteArray("X-A;P=[a,b][c]:<v>\n");
    QTest::newRow("bare-params-21") << QByteArray("TEL;HOME;VOICE:+1 555\r\n")
                                    << QByteArray("TEL;HOME;VOICE:<+1 555>\n");
    QTest::newRow("colon-in-value") << QByteArray("URL:http://x.example:8080/a;b\r\n")
                                    << QByteArray("URL:<http://x.example:8080/a;b>\n");
    QTest::newRow("empty-value") << QByteArray("NOTE:\r\n") << QByteArray("NOTE:<>\n");
    QTest::newRow("caret-kept") << QByteArray("ADR;GEO=\"geo:1,2\";LABEL=a^nb:x\r\n")
                                << QByteArray("ADR;GEO=[geo:1,2];LABEL=[a^nb]:<x>\n");
    QTest::newRow("qp-soft-break") << QByteArray("NOTE;QUOTED-PRINTABLE:abc=\r\ndef=0D=0A=\r\n ghi\r\nFN:x\r\n")
                                   << QByteArray("NOTE;QUOTED-PRINTABLE:<abcdef=0D=0A ghi>\nFN:<x>\n");
    QTest::newRow("qp-encoding-param") << QByteArray("N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=A9;=\n=C3=A0;;;\n")
                                       << QByteArray("N;CHARSET=[UTF-8];ENCODING=[QUOTED-PRINTABLE]:<=C3=A9;=C3=A0;;;>\n");
    QTest::newRow("qp-last-before-end") << QByteArray("NOTE;QUOTED-PRINTABLE:abc=\r\nEND:VCARD\r\n")
                                        << QByteArray("NOTE;QUOTED-PRINTABLE:<abc=>\nEND:<VCARD>\n");
    QTest::newRow("not-qp-equals") << QByteArray("NOTE:a=\r\nFN:b\r\n") << QByteArray("NOTE:<a=>\nFN:<b>\n");
    QTest::newRow("no-colon") << QByteArray("hello\r\nFN:x\r\n") << QByteArray("~hello\nFN:<x>\n");
    QTest::newRow("bom") << QByteArray("\xEF\xBB\xBF" "BEGIN:VCARD\n") << QByteArray("BEGIN:<VCARD>\n");
    QTest::newRow("blank") << QByteArray("\r\n  \r\n\r\n") << QByteArray("~\n~\n"); // "  " folds into the first
}

void TestContentLine::parse()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    QCOMPARE(dump(parseContentLines(input)), expected);
}

void TestContentLine::lineEnding_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("ending");
    QTest::addColumn<bool>("endsWith");
    QTest::newRow("crlf") << QByteArray("A:1\r\nB:2\r\n") << QByteArray("\r\n") << true;
    QTest::newRow("lf") << QByteArray("A:1\nB:2\n") << QByteArray("\n") << true;
    QTest::newRow("mostly-lf") << QByteArray("A:1\nB:2\r\nC:3\n") << QByteArray("\n") << true;
    QTest::newRow("mostly-crlf") << QByteArray("A:1\r\nB:2\r\nC:3\n") << QByteArray("\r\n") << true;
    QTest::newRow("none") << QByteArray("A:1") << QByteArray("\r\n") << false;
    QTest::newRow("empty") << QByteArray() << QByteArray("\r\n") << true;
}

void TestContentLine::lineEnding()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, ending);
    QFETCH(bool, endsWith);
    const ContentLines cl = parseContentLines(input);
    QCOMPARE(cl.lineEnding, ending);
    QCOMPARE(cl.endsWithLineEnding, endsWith);
}

void TestContentLine::issues_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QList<int>>("lines");
    QTest::newRow("clean") << kCard << QList<int>{};
    QTest::newRow("no-colon") << QByteArray("BEGIN:VCARD\r\nfoo bar\r\nEND:VCARD\r\n") << QList<int>{2};
    QTest::newRow("no-name") << QByteArray(":x\r\n;A=b:y\r\n") << QList<int>{1, 2};
    QTest::newRow("orphan-fold") << QByteArray(" FN:x\r\nN:y\r\n") << QList<int>{1};
    QTest::newRow("after-fold") << QByteArray("NOTE:a\r\n b\r\nnothing\r\n") << QList<int>{3};
    QTest::newRow("blank-is-fine") << QByteArray("\r\nFN:x\r\n\r\n") << QList<int>{};
}

void TestContentLine::issues()
{
    QFETCH(QByteArray, input);
    QFETCH(QList<int>, lines);
    const ContentLines cl = parseContentLines(input);
    QList<int> got;
    for (const ContentIssue &i : cl.issues) {
        got.append(i.line);
        QVERIFY(!i.message.isEmpty());
    }
    QCOMPARE(got, lines);
    QCOMPARE(serializeContentLines(cl), input);
}

void TestContentLine::fold_data()
{
    QTest::addColumn<QByteArray>("unfolded");
    QTest::newRow("short") << QByteArray("FN:x");
    QTest::newRow("exactly-75") << QByteArray("NOTE:" + QByteArray(70, 'a'));
    QTest::newRow("76") << QByteArray("NOTE:" + QByteArray(71, 'a'));
    QTest::newRow("long-ascii") << QByteArray("NOTE:" + QByteArray(500, 'x'));
    QTest::newRow("euro") << QByteArray("NOTE:" + QByteArray("\xE2\x82\xAC").repeated(100));
    QTest::newRow("emoji-offset") << QByteArray("NOTE:ab" + QByteArray("\xF0\x9F\x98\x80").repeated(60));
    QTest::newRow("two-byte") << QByteArray("NOTE:a" + QByteArray("\xC3\xA9").repeated(120));
    QTest::newRow("invalid-cont") << QByteArray("NOTE:" + QByteArray(200, '\x80'));
}

void TestContentLine::fold()
{
    QFETCH(QByteArray, unfolded);
    const QByteArray folded = foldContentLine(unfolded, "\r\n");
    QVERIFY(folded.endsWith("\r\n"));
    const QList<QByteArray> phys = physicalLines(folded);
    const bool utf8 = isValidUtf8(unfolded);
    for (qsizetype i = 0; i < phys.size(); ++i) {
        QVERIFY2(phys[i].size() <= 75, phys[i].constData());
        if (i > 0) {
            QVERIFY(phys[i].startsWith(' '));
            if (utf8) // never splits a UTF-8 sequence: each piece is valid on its own
                QVERIFY(isValidUtf8(phys[i].sliced(1)));
        } else if (utf8) {
            QVERIFY(isValidUtf8(phys[i]));
        }
    }
    const ContentLines cl = parseContentLines(folded);
    QCOMPARE(cl.lines.size(), 1);
    QCOMPARE(unfoldedContentLine(cl.lines.first()), unfolded);
}

void TestContentLine::editRefoldsOnlyThatLine()
{
    const QByteArray in = "BEGIN:VCARD\r\n"
                          "NOTE:first note fol\r\n ded oddly\r\n"
                          "EMAIL;TYPE=work:old@example.com\r\n"
                          "X-LONG:" + QByteArray(80, 'z') + "\r\n"
                          "END:VCARD\r\n";
    ContentLines cl = parseContentLines(in);
    QCOMPARE(cl.lines.size(), 5);
    cl.lines[2].setValue("new-address-that-is-much-longer-than-before-" + QByteArray(40, 'q') + "@example.org");
    const QByteArray out = serializeContentLines(cl);
    const QByteArray expectedEmail = "EMAIL;TYPE=work:new-address-that-is-much-longer-than-before-qqqqqqqqqqqqqqq\r\n"
                                     " qqqqqqqqqqqqqqqqqqqqqqqqq@example.org\r\n";
    QCOMPARE(out, "BEGIN:VCARD\r\n"
                  "NOTE:first note fol\r\n ded oddly\r\n"
                  + expectedEmail
                  + "X-LONG:" + QByteArray(80, 'z') + "\r\n" // the unedited long line keeps its length
                  "END:VCARD\r\n");
    // Untouched LF input: the rebuilt line uses LF as well.
    ContentLines lf = parseContentLines("A:1\nB:2\n");
    lf.lines[0].setValue("3");
    QCOMPARE(serializeContentLines(lf), QByteArray("A:3\nB:2\n"));
}

void TestContentLine::editParams()
{
    ContentLines cl = parseContentLines("item1.TEL;HOME;type=a;TYPE=b:1\r\n");
    ContentLine &l = cl.lines[0];
    QCOMPARE(l.paramValue("Type"), QByteArray("a"));
    QVERIFY(l.param("HOME"));
    QVERIFY(!l.param("WORK"));
    l.setParam("TYPE", {"home", "voice"});
    l.removeParam("home");
    l.setParam("LABEL", {"x;y:z"});
    QCOMPARE(serializeContentLines(cl), QByteArray("item1.TEL;type=home,voice;LABEL=\"x;y:z\":1\r\n"));
    const ContentLines re = parseContentLines(serializeContentLines(cl));
    QCOMPARE(re.lines[0].paramValue("LABEL"), QByteArray("x;y:z"));
    QCOMPARE(re.lines[0].group, QByteArray("item1"));
    // removeParam of an absent parameter leaves the line untouched.
    ContentLines cl2 = parseContentLines("FN:x\r\n");
    cl2.lines[0].removeParam("TYPE");
    QVERIFY(!cl2.lines[0].dirty);
}

void TestContentLine::editQuotedPrintableUsesSoftBreaks()
{
    ContentLines cl = parseContentLines("NOTE;ENCODING=QUOTED-PRINTABLE:x\r\nEND:VCARD\r\n");
    // 40 × "=C3=A9" (é): a space fold would corrupt QP; soft breaks never split "=XX".
    const QByteArray value = QByteArray("=C3=A9").repeated(40);
    cl.lines[0].setValue(value);
    const QByteArray out = serializeContentLines(cl);
    for (const QByteArray &p : physicalLines(out)) {
        QVERIFY(p.size() <= 75);
        QVERIFY(!p.startsWith(' '));
    }
    const ContentLines re = parseContentLines(out);
    QCOMPARE(re.lines.size(), 2);
    QCOMPARE(re.lines[0].value, value);
    QCOMPARE(re.lines[1].name, QByteArray("END"));
}

void TestContentLine::newLinesAndMissingFinalEnding()
{
    ContentLines cl = parseContentLines("BEGIN:VCARD\nEND:VCARD");
    cl.lines.insert(1, makeContentLine("FN", "New", {{"LANGUAGE", {"en"}}}, "g"));
    QCOMPARE(serializeContentLines(cl), QByteArray("BEGIN:VCARD\ng.FN;LANGUAGE=en:New\nEND:VCARD"));
    cl.lines.append(makeContentLine("X-A", "1"));
    QCOMPARE(serializeContentLines(cl), QByteArray("BEGIN:VCARD\ng.FN;LANGUAGE=en:New\nEND:VCARD\nX-A:1"));
}

void TestContentLine::editCannotInjectLines()
{
    ContentLines cl = parseContentLines("BEGIN:VCARD\r\nFN:x\r\nEND:VCARD\r\n");
    cl.lines[1].setValue("evil\r\nEND:VCARD\nBEGIN:VCARD\rFN:y");
    cl.lines[1].setParam("X-P", {"a\nb"});
    const QByteArray out = serializeContentLines(cl);
    QCOMPARE(out, QByteArray("BEGIN:VCARD\r\nFN;X-P=a^nb:evil\\nEND:VCARD\\nBEGIN:VCARD\\nFN:y\r\nEND:VCARD\r\n"));
    QCOMPARE(parseContentLines(out).lines.size(), 3);
}

void TestContentLine::text_data()
{
    QTest::addColumn<QByteArray>("escaped");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("reescaped");
    QTest::newRow("plain") << QByteArray("abc") << u"abc"_s << QByteArray("abc");
    QTest::newRow("all") << QByteArray("a\\\\b\\;c\\,d\\ne\\Nf") << u"a\\b;c,d\ne\nf"_s
                         << QByteArray("a\\\\b\\;c\\,d\\ne\\nf");
    QTest::newRow("colon-escape") << QByteArray("a\\:b") << u"a:b"_s << QByteArray("a:b");
    QTest::newRow("trailing-backslash") << QByteArray("a\\") << u"a\\"_s << QByteArray("a\\\\");
    QTest::newRow("utf8") << QByteArray("caf\xC3\xA9") << u"café"_s << QByteArray("caf\xC3\xA9");
}

void TestContentLine::text()
{
    QFETCH(QByteArray, escaped);
    QFETCH(QString, text);
    QFETCH(QByteArray, reescaped);
    QCOMPARE(unescapeText(escaped), text);
    QCOMPARE(escapeText(text), reescaped);
    QCOMPARE(escapeText(u"a\r\nb\rc"_s), QByteArray("a\\nb\\nc"));
}

void TestContentLine::splitEscaped_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QList<QByteArray>>("parts");
    QTest::newRow("adr") << QByteArray(";;1 Main St\\; Apt 2;Town;;12345;") << QList<QByteArray>{"", "", "1 Main St\\; Apt 2", "Town", "", "12345", ""};
    QTest::newRow("one") << QByteArray("x") << QList<QByteArray>{"x"};
    QTest::newRow("escaped-backslash") << QByteArray("a\\\\;b") << QList<QByteArray>{"a\\\\", "b"};
}

void TestContentLine::splitEscaped()
{
    QFETCH(QByteArray, value);
    QFETCH(QList<QByteArray>, parts);
    QCOMPARE(ferry::pim::splitEscaped(value, ';'), parts);
}

void TestContentLine::utf8_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("valid");
    QTest::newRow("ascii") << QByteArray("abc") << true;
    QTest::newRow("euro") << QByteArray("\xE2\x82\xAC") << true;
    QTest::newRow("emoji") << QByteArray("\xF0\x9F\x98\x80") << true;
    QTest::newRow("truncated") << QByteArray("\xE2\x82") << false;
    QTest::newRow("overlong") << QByteArray("\xC0\xAF") << false;
    QTest::newRow("surrogate") << QByteArray("\xED\xA0\x80") << false;
    QTest::newRow("latin1") << QByteArray("caf\xE9") << false;
    QTest::newRow("too-big") << QByteArray("\xF4\x90\x80\x80") << false;
}

void TestContentLine::utf8()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, valid);
    QCOMPARE(isValidUtf8(bytes), valid);
}

QTEST_GUILESS_MAIN(TestContentLine)
#include "tst_contentline.moc"
