// Edits on read cards — keepInNote (the retry after a target refused an item)
// and rewriteEmails (address mapping) — and the builder for non-vCard sources.
#include <pim/vcard/vcardbuilder.h>
#include <pim/vcard/vcardemails.h>
#include <pim/vcard/vcardnote.h>
#include <pim/vcard/vcardreader.h>

#include <QHash>
#include <QTest>

using namespace ferry::pim;
using namespace Qt::StringLiterals;

namespace {

QByteArray card(std::initializer_list<const char *> lines)
{
    QByteArray out;
    for (const char *l : lines)
        out += QByteArray(l) + "\r\n";
    return out;
}

VCard one(const QByteArray &bytes) { return readVCards(bytes).cards.value(0); }

QByteArray withoutUid(const QByteArray &bytes)
{
    QList<QByteArray> lines = bytes.split('\n');
    lines.removeIf([](const QByteArray &l) { return l.startsWith("UID:"); });
    return lines.join('\n');
}

} // namespace

class TestVCardEdits : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void keepInNote_data();
    void keepInNote();
    void keepInNoteTwiceOneHeading();
    void keepInNote21();
    void rewriteEmails_data();
    void rewriteEmails();
    void build40();
    void build30();
    void buildFoldsAndCompletes();
};

void TestVCardEdits::keepInNote_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QList<QByteArray>>("names");
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<QStringList>("moved");

    QTest::newRow("into-existing-note")
        << card({"BEGIN:VCARD", "VERSION:4.0", "FN:A", "GENDER:F", "NOTE:Mine", "X-SOCIALPROFILE;TYPE=twitter:https://x.example/a",
                 "EMAIL:a@example.org", "END:VCARD"})
        << QList<QByteArray>{"x-socialprofile", "GENDER"}
        << card({"BEGIN:VCARD", "VERSION:4.0", "FN:A",
                 "NOTE:Mine\\n\\nKept by Ferry:\\nGENDER:F\\nX-SOCIALPROFILE\\;TYPE=twitter:https:", " //x.example/a",
                 "EMAIL:a@example.org", "END:VCARD"})
        << QStringList{u"GENDER"_s, u"X-SOCIALPROFILE"_s};
    QTest::newRow("new-note-and-groups")
        << card({"BEGIN:VCARD", "VERSION:3.0", "FN:A", "item1.X-ABDATE:2000-01-01", "item1.X-ABLabel:_$!<Anniversary>!$_",
                 "END:VCARD"})
        << QList<QByteArray>{"X-ABDATE", "X-ABLabel"}
        << card({"BEGIN:VCARD", "VERSION:3.0", "FN:A",
                 "NOTE:Kept by Ferry:\\nitem1.X-ABDATE:2000-01-01\\nitem1.X-ABLabel:_$!<Anniver", " sary>!$_", "END:VCARD"})
        << QStringList{u"X-ABDATE"_s, u"X-ABLABEL"_s};
    QTest::newRow("never-fn-uid-version")
        << card({"BEGIN:VCARD", "VERSION:3.0", "UID:1", "FN:A", "END:VCARD"})
        << QList<QByteArray>{"FN", "UID", "VERSION", "NOTE", "BEGIN", "END"}
        << card({"BEGIN:VCARD", "VERSION:3.0", "UID:1", "FN:A", "END:VCARD"}) << QStringList{};
    QTest::newRow("absent") << card({"BEGIN:VCARD", "VERSION:3.0", "FN:A", "END:VCARD"}) << QList<QByteArray>{"PHOTO"}
                            << card({"BEGIN:VCARD", "VERSION:3.0", "FN:A", "END:VCARD"}) << QStringList{};
}

void TestVCardEdits::keepInNote()
{
    QFETCH(QByteArray, input);
    QFETCH(QList<QByteArray>, names);
    QFETCH(QByteArray, expected);
    QFETCH(QStringList, moved);
    VCard c = one(input);
    QCOMPARE(ferry::pim::keepInNote(c, names), moved);
    QCOMPARE(c.toBytes(), expected);
    QCOMPARE(c.isModified(), !moved.isEmpty());
}

void TestVCardEdits::keepInNoteTwiceOneHeading()
{
    VCard c = one(card({"BEGIN:VCARD", "VERSION:4.0", "FN:A", "GENDER:F", "X-A:1", "END:VCARD"}));
    ferry::pim::keepInNote(c, {"GENDER"});
    ferry::pim::keepInNote(c, {"X-A"});
    const QString note = c.text(c.lines()[c.indexOf("NOTE")]);
    QCOMPARE(note, u"Kept by Ferry:\nGENDER:F\nX-A:1"_s);
}

void TestVCardEdits::keepInNote21()
{
    VCard c = one(card({"BEGIN:VCARD", "VERSION:2.1", "N:A", "NOTE;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Gr=FC=DFe",
                        "X-FOO;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:caf=C3=A9=0D=0Anext", "END:VCARD"}));
    ferry::pim::keepInNote(c, {"X-FOO"});
    const ContentLine &note = c.lines()[c.indexOf("NOTE")];
    QVERIFY(VCard::isQuotedPrintable(note));
    QCOMPARE(note.paramValue("CHARSET"), QByteArray("UTF-8"));
    // 2.1 writes line breaks as =0D=0A; the kept value's own break reads back as one too.
    QCOMPARE(c.text(note), u"Grüße\r\n\r\nKept by Ferry:\r\nX-FOO:café\nnext"_s);
    QCOMPARE(c.indexOf("X-FOO"), -1);
    QVERIFY(readVCards(c.toBytes()).cards.first().issues.size() == 1); // MissingUid only
}

void TestVCardEdits::rewriteEmails_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<int>("changed");
    QTest::newRow("one-of-two")
        << card({"BEGIN:VCARD", "VERSION:3.0", "FN:A", "item1.EMAIL;type=INTERNET;type=pref:Old@Provider.example",
                 "item1.X-ABLabel:_$!<Other>!$_", "EMAIL;TYPE=WORK:keep@work.example", "END:VCARD"})
        << card({"BEGIN:VCARD", "VERSION:3.0", "FN:A", "item1.EMAIL;type=INTERNET;type=pref:new@provider.example",
                 "item1.X-ABLabel:_$!<Other>!$_", "EMAIL;TYPE=WORK:keep@work.example", "END:VCARD"})
        << 1;
    QTest::newRow("none") << card({"BEGIN:VCARD", "VERSION:4.0", "FN:A", "EMAIL:x@y.example", "END:VCARD"})
                          << card({"BEGIN:VCARD", "VERSION:4.0", "FN:A", "EMAIL:x@y.example", "END:VCARD"}) << 0;
    QTest::newRow("same-value-untouched")
        << card({"BEGIN:VCARD", "VERSION:4.0", "FN:A", "EMAIL:same@provider.example", "END:VCARD"})
        << card({"BEGIN:VCARD", "VERSION:4.0", "FN:A", "EMAIL:same@provider.example", "END:VCARD"}) << 0;
    QTest::newRow("21-qp") << card({"BEGIN:VCARD", "VERSION:2.1", "N:A", "EMAIL;INTERNET;ENCODING=QUOTED-PRINTABLE:old=40provider.example",
                                    "END:VCARD"})
                           << card({"BEGIN:VCARD", "VERSION:2.1", "N:A", "EMAIL;INTERNET:new@provider.example", "END:VCARD"}) << 1;
    QTest::newRow("21-to-non-ascii") << card({"BEGIN:VCARD", "VERSION:2.1", "N:A", "EMAIL:idn@provider.example", "END:VCARD"})
                                     << card({"BEGIN:VCARD", "VERSION:2.1", "N:A",
                                              "EMAIL;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:j=C3=BCrgen@provider.example", "END:VCARD"})
                                     << 1;
    QTest::newRow("folded-whitespace") << card({"BEGIN:VCARD", "VERSION:3.0", "FN:A", "EMAIL: old@provider.exa", " mple ", "END:VCARD"})
                                       << card({"BEGIN:VCARD", "VERSION:3.0", "FN:A", "EMAIL:new@provider.example", "END:VCARD"}) << 1;
}

void TestVCardEdits::rewriteEmails()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    QFETCH(int, changed);
    const QHash<QByteArray, QByteArray> map{{"old@provider.example", "new@provider.example"},
                                            {"same@provider.example", "same@provider.example"},
                                            {"idn@provider.example", "j\xC3\xBCrgen@provider.example"}};
    VCard c = one(input);
    const int n = ferry::pim::rewriteEmails(c, [&](QByteArrayView address) -> std::optional<QByteArray> {
        const QByteArray key = address.toByteArray().toLower();
        if (!map.contains(key))
            return std::nullopt;
        return map.value(key);
    });
    QCOMPARE(n, changed);
    QCOMPARE(c.toBytes(), expected);
}

void TestVCardEdits::build40()
{
    VCardBuilder b(VCardVersion::V40);
    b.structured("N", {u"Doe"_s, u"Jane"_s, QString(), QString(), QString()})
        .email(u"jane@example.org"_s, {"home"}, true)
        .email(u"jane@work.example"_s, {"WORK"})
        .phone(u"+1 555 0100"_s, {"cell"})
        .address({QString(), QString(), u"1 Main St; Apt 2"_s, u"Town"_s, QString(), u"12345"_s, u"Land"_s}, {"home"})
        .date("BDAY", VCardDate{-1, 4, 12, {}})
        .date("ANNIVERSARY", VCardDate{2010, 6, 12, {}})
        .text("NOTE", u"Line one, and\nline two"_s)
        .photo("GIF89a", {})
        .kept(u"Custom field 1: blue"_s);
    const VCard c = b.build();
    QCOMPARE(withoutUid(c.toBytes()),
             card({"BEGIN:VCARD", "VERSION:4.0", "N:Doe;Jane;;;", "EMAIL;TYPE=home;PREF=1:jane@example.org",
                   "EMAIL;TYPE=work:jane@work.example", "TEL;TYPE=cell:+1 555 0100", "ADR;TYPE=home:;;1 Main St\\; Apt 2;Town;;12345;Land",
                   "BDAY:--0412", "ANNIVERSARY:20100612", "NOTE:Line one\\, and\\nline two\\n\\nKept by Ferry:\\nCustom field 1: blue",
                   "PHOTO:data:image/gif;base64,R0lGODlh", "FN:Jane Doe", "END:VCARD"}));
    QVERIFY(c.uid().startsWith("urn:uuid:"));
    QCOMPARE(b.build().uid(), c.uid()); // stable
    QVERIFY(!c.isModified());
    const VCard back = readVCards(c.toBytes()).cards.first();
    QVERIFY(back.issues.isEmpty());
    QCOMPARE(back.formattedName(), u"Jane Doe"_s);
    QCOMPARE(back.components(back.lines()[back.indexOf("ADR")]).value(2), u"1 Main St; Apt 2"_s);
}

void TestVCardEdits::build30()
{
    VCardBuilder b(VCardVersion::V30);
    b.text("FN", u"ACME Group"_s)
        .raw("UID", "fixed-uid")
        .email(u"a@acme.example"_s, {"INTERNET"}, true)
        .date("BDAY", VCardDate{-1, 2, 29, {}})
        .date("ANNIVERSARY", VCardDate{1999, 12, 31, {}})
        .date("X-YEAR-ONLY", VCardDate{1985, -1, -1, {}})
        .photo("\xFF\xD8\xFF\xE0", "image/jpeg")
        .list("CATEGORIES", {u"a,b"_s, u"c"_s});
    QCOMPARE(b.build().toBytes(),
             card({"BEGIN:VCARD", "VERSION:3.0", "FN:ACME Group", "UID:fixed-uid", "EMAIL;TYPE=internet,pref:a@acme.example",
                   "BDAY;X-APPLE-OMIT-YEAR=1604:1604-02-29", "X-ANNIVERSARY:1999-12-31", "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4A==",
                   "CATEGORIES:a\\,b,c", "N:;;;;", "NOTE:Kept by Ferry:\\nX-YEAR-ONLY:1985", "END:VCARD"}));
}

void TestVCardEdits::buildFoldsAndCompletes()
{
    VCardBuilder b; // 4.0
    const QString longText = QString(u"Ünïcödé "_s).repeated(30);
    b.text("NOTE", longText).email(u"x@example.org"_s);
    const VCard c = b.build();
    for (const QByteArray &line : c.toBytes().split('\n'))
        QVERIFY(line.size() <= 76); // 75 octets + CR
    QCOMPARE(c.text(c.lines()[c.indexOf("NOTE")]), longText);
    QCOMPARE(c.formattedName(), u"x@example.org"_s); // FN from EMAIL: 4.0 requires one
    QVERIFY(!b.has("FN"));
    QVERIFY(b.has("email"));
}

QTEST_GUILESS_MAIN(TestVCardEdits)
#include "tst_vcardedits.moc"
