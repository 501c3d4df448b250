// The vCard reader: real-world spellings (Apple, Google, Outlook, Android,
// Nextcloud), decoded values, byte-exact round trips, malformed input → issues
// with every other card still returned, dates, UIDs.
#include <pim/vcard/vcard.h>
#include <pim/vcard/vcarddate.h>
#include <pim/vcard/vcardreader.h>
#include <pim/vcard/vcardconverter.h>
#include <pim/vcard/vcardnote.h>
#include <pim/vcard/vcardvalue.h>

#include <QFile>
#include <QMetaEnum>
#include <QStringDecoder>
#include <QTest>

#include <random>

using namespace ferry::pim;
using namespace Qt::StringLiterals;

namespace {

QByteArray sample(const char *name)
{
    QFile f(QStringLiteral(FERRY_VCARD_DATA "/") + QLatin1String(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing test data %s", name);
    return f.readAll();
}

QString kindName(VCardIssue::Kind k)
{
    static const char *names[] = {"NotAContentLine", "Unterminated",   "OutsideCard",    "MissingVersion",
                                  "UnknownVersion",  "InvalidUtf8",    "GuessedCharset", "UnknownCharset",
                                  "BadQuotedPrintable", "BadBase64",   "InvalidDate",    "MissingUid",
                                  "DuplicateUid",    "MissingFn"};
    return QString::fromLatin1(names[k]);
}

QString issueKinds(const QList<VCardIssue> &issues)
{
    QStringList out;
    for (const VCardIssue &i : issues)
        out.append(kindName(i.kind));
    return out.join(u' ');
}

} // namespace

class TestVCard : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void samples_data();
    void samples();
    void roundTrip_data();
    void roundTrip();
    void decodedValues();
    void malformed();
    void malformedIssueLines();
    void emptyAndGarbage_data();
    void emptyAndGarbage();
    void nestedAgent();
    void dates_data();
    void dates();
    void uids();
    void codecs();
    void mutatedInputNeverCrashes();
};

void TestVCard::samples_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QStringList>("versions");
    QTest::addColumn<QStringList>("uids");
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QStringList>("emails"); // per card, comma-joined
    QTest::addColumn<QStringList>("issues"); // per card

    QTest::newRow("apple-30") << sample("apple-30.vcf") << QStringList{u"3.0"_s, u"3.0"_s}
                              << QStringList{u"8C5F2B33-1C4F-4B9A-9D0E-5F1A2B3C4D5E"_s, u"F1E2D3C4-B5A6-4978-8695-A4B3C2D1E0F9"_s}
                              << QStringList{u"Johnny Appleseed"_s, u"Friends"_s}
                              << QStringList{u"johnny@example.com,j.appleseed@work.example"_s, QString()}
                              << QStringList{QString(), QString()};
    QTest::newRow("google-30") << sample("google-30.vcf") << QStringList{u"3.0"_s} << QStringList{QString()}
                               << QStringList{u"Grace Hopper"_s}
                               << QStringList{u"grace@example.org,ghopper@navy.example,g.hopper@other.example"_s}
                               << QStringList{u"MissingUid"_s};
    QTest::newRow("outlook-21") << sample("outlook-21.vcf") << QStringList{u"2.1"_s} << QStringList{QString()}
                                << QStringList{u"Jürgen Müller"_s}
                                << QStringList{u"juergen.mueller@example.de,jm@privat.example"_s}
                                << QStringList{u"MissingUid"_s};
    QTest::newRow("android-21") << sample("android-21.vcf") << QStringList{u"2.1"_s} << QStringList{QString()}
                                << QStringList{u"山田太郎"_s} << QStringList{u"taro@example.jp"_s}
                                << QStringList{u"MissingUid"_s};
    QTest::newRow("nextcloud-40") << sample("nextcloud-40.vcf") << QStringList{u"4.0"_s, u"4.0"_s}
                                  << QStringList{u"urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1"_s,
                                                 u"urn:uuid:c0ffee00-0000-4000-8000-000000000001"_s}
                                  << QStringList{u"Ada Lovelace"_s, u"Mathematicians"_s}
                                  << QStringList{u"ada@analytical.example,ada@home.example"_s, QString()}
                                  << QStringList{QString(), QString()};
}

void TestVCard::samples()
{
    QFETCH(QByteArray, file);
    QFETCH(QStringList, versions);
    QFETCH(QStringList, uids);
    QFETCH(QStringList, names);
    QFETCH(QStringList, emails);
    QFETCH(QStringList, issues);
    const VCardFile read = readVCards(file);
    QCOMPARE(issueKinds(read.issues), QString());
    QCOMPARE(read.cards.size(), versions.size());
    for (qsizetype i = 0; i < read.cards.size(); ++i) {
        const VCard &c = read.cards[i];
        QCOMPARE(QString::fromLatin1(vcardVersionString(c.version())), versions[i]);
        QCOMPARE(QString::fromUtf8(c.uid()), uids[i]);
        QCOMPARE(c.formattedName(), names[i]);
        QCOMPARE(c.emails().join(u','), emails[i]);
        QCOMPARE(issueKinds(c.issues), issues[i]);
        QVERIFY(!c.isModified());
    }
}

void TestVCard::roundTrip_data()
{
    QTest::addColumn<QByteArray>("file");
    for (const char *f : {"apple-30.vcf", "google-30.vcf", "outlook-21.vcf", "android-21.vcf", "nextcloud-40.vcf"})
        QTest::newRow(f) << sample(f);
    // Odd but legal spellings that must survive untouched.
    QTest::newRow("lf-no-final-eol") << QByteArray("BEGIN:VCARD\nVERSION:3.0\nFN:x\nUID:1\nEND:VCARD");
    QTest::newRow("lowercase") << QByteArray("begin:vcard\r\nversion:4.0\r\nfn:x\r\nuid:1\r\nend:vcard\r\n");
    QTest::newRow("tab-folds") << QByteArray("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:a\r\n\tb\r\nUID:1\r\nEND:VCARD\r\n");
}

void TestVCard::roundTrip()
{
    QFETCH(QByteArray, file);
    const VCardFile read = readVCards(file);
    QByteArray joined;
    for (const VCard &c : read.cards) {
        QCOMPARE(c.toBytes(), c.originalBytes());
        joined += c.originalBytes();
    }
    QCOMPARE(joined, file);
}

void TestVCard::decodedValues()
{
    {
        const VCard c = readVCards(sample("outlook-21.vcf")).cards.first();
        QCOMPARE(c.components(c.lines()[c.indexOf("N")]), (QStringList{u"Müller"_s, u"Jürgen"_s}));
        const QStringList adr = c.components(c.lines()[c.indexOf("ADR")]);
        QCOMPARE(adr.value(2), u"Hauptstraße 1\r\nHinterhaus"_s);
        QCOMPARE(adr.value(6), u"Deutschland"_s);
        QCOMPARE(c.text(c.lines()[c.indexOf("NOTE")]), u"Erste Zeile, mit Komma\r\nZweite Zeile; mit Semikolon\r\ndritte"_s);
        QByteArray media;
        bool ok = false;
        const QByteArray photo = c.binary(c.lines()[c.indexOf("PHOTO")], &media, &ok);
        QVERIFY(ok);
        QCOMPARE(media, QByteArray("image/jpeg"));
        QCOMPARE(photo.size(), 83);
        QVERIFY(photo.startsWith("\xFF\xD8\xFF"));
        QVERIFY(VCard::isQuotedPrintable(c.lines()[c.indexOf("ADR")]));
        QVERIFY(VCard::isInlineBinary(c.lines()[c.indexOf("PHOTO")]));
    }
    {
        const VCard c = readVCards(sample("android-21.vcf")).cards.first();
        QCOMPARE(c.components(c.lines()[c.indexOf("N")]).mid(0, 2), (QStringList{u"山田"_s, u"太郎"_s}));
        QCOMPARE(c.text(c.lines()[c.indexOf("NOTE")]), u"メモです。長いメモ"_s);
    }
    {
        const VCard c = readVCards(sample("apple-30.vcf")).cards.first();
        QByteArray media;
        const QByteArray photo = c.binary(c.lines()[c.indexOf("PHOTO")], &media);
        QCOMPARE(media, QByteArray("image/jpeg"));
        QCOMPARE(photo.size(), 83);
        QCOMPARE(c.text(c.lines()[c.indexOf("NOTE")]), u"Met at WWDC, 2019.\nLikes apples."_s);
        QCOMPARE(c.indexesOf("TEL").size(), 3);
        QCOMPARE(c.indexesOf("ADR").size(), 2);
        QCOMPARE(c.lines()[c.indexOf("EMAIL")].group, QByteArray("item1"));
        QVERIFY(!c.isGroup());
        QVERIFY(readVCards(sample("apple-30.vcf")).cards.last().isGroup());
    }
    {
        const VCard c = readVCards(sample("nextcloud-40.vcf")).cards.first();
        QByteArray media;
        bool ok = false;
        const QByteArray photo = c.binary(c.lines()[c.indexOf("PHOTO")], &media, &ok);
        QVERIFY(ok);
        QCOMPARE(media, QByteArray("image/png"));
        QVERIFY(photo.startsWith("\x89PNG"));
        QCOMPARE(c.lines()[c.indexOf("ADR")].paramValue("LABEL"), QByteArray("12 St James's Square\\nLondon"));
        QVERIFY(readVCards(sample("nextcloud-40.vcf")).cards.last().isGroup());
        // A URI that is not data: is no binary.
        ok = true;
        ContentLine url = makeContentLine("PHOTO", "https://example.org/a.jpg");
        QVERIFY(c.binary(url, nullptr, &ok).isEmpty());
        QVERIFY(!ok);
    }
}

void TestVCard::malformed()
{
    const QByteArray file = sample("malformed.vcf");
    const VCardFile read = readVCards(file);
    QCOMPARE(issueKinds(read.issues), u"OutsideCard OutsideCard"_s);
    QCOMPARE(read.issues[0].line, 1);

    QStringList uids, kinds;
    for (const VCard &c : read.cards) {
        uids.append(QString::fromUtf8(c.uid()));
        kinds.append(issueKinds(c.issues));
        QCOMPARE(c.toBytes(), c.originalBytes()); // nothing is "repaired" behind the user's back
    }
    QCOMPARE(uids, (QStringList{u"one"_s, u"two"_s, u"three"_s, u"four"_s, u"five"_s, u"one"_s, u"seven"_s, QString(),
                                u"nine"_s, u"ten"_s}));
    QCOMPARE(kinds, (QStringList{QString(), u"Unterminated"_s, u"InvalidDate"_s, u"InvalidUtf8"_s,
                                 u"BadQuotedPrintable"_s, u"DuplicateUid"_s, u"BadBase64"_s,
                                 u"NotAContentLine MissingVersion MissingUid"_s, QString(), u"Unterminated"_s}));
    // 2.1 soft line break in the last good card.
    const VCard &nine = read.cards[8];
    QCOMPARE(nine.components(nine.lines()[nine.indexOf("N")]), (QStringList{u"Softbreak"_s, u"Name"_s}));
    // The duplicate gets a derived UID for a target; the first keeps its own.
    QCOMPARE(read.cards[0].uidForTarget(), QByteArray("one"));
    QVERIFY(read.cards[5].uidForTarget() != "one");
    QCOMPARE(read.cards[5].uidForTarget(), read.cards[5].derivedUid());
    // An unterminated card can be completed when it is copied.
    VCard two = read.cards[1];
    two.addMissingEnd();
    QVERIFY(two.hasEnd());
    QVERIFY(two.toBytes().endsWith("FN:Never ends\r\nEND:VCARD\r\n"));
    VCard ten = read.cards[9];
    ten.addMissingEnd();
    QVERIFY(ten.toBytes().endsWith("FN:Tail without END\r\nEND:VCARD\r\n"));
}

void TestVCard::malformedIssueLines()
{
    const VCardFile read = readVCards(sample("malformed.vcf"));
    auto lineOf = [&](int card, VCardIssue::Kind k) {
        for (const VCardIssue &i : read.cards[card].issues)
            if (i.kind == k)
                return i.line;
        return -1;
    };
    QCOMPARE(read.cards[1].firstLine(), 8);
    QCOMPARE(lineOf(2, VCardIssue::InvalidDate), 16);
    QCOMPARE(lineOf(3, VCardIssue::InvalidUtf8), 21);
    QCOMPARE(read.issues[1].line, 23);
    QVERIFY(read.issues[1].message.contains(u"stray line"_s));
    QVERIFY(!read.cards[2].issues.first().message.isEmpty());
}

void TestVCard::emptyAndGarbage_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("cards");
    QTest::addColumn<QString>("fileIssues");
    QTest::newRow("empty") << QByteArray() << 0 << u"OutsideCard"_s;
    QTest::newRow("blank") << QByteArray("\r\n\r\n") << 0 << u"OutsideCard"_s;
    QTest::newRow("binary") << QByteArray("\x00\x01\x02\xff\xfe", 5) << 0 << u"OutsideCard"_s;
    QTest::newRow("end-only") << QByteArray("END:VCARD\r\n") << 0 << u"OutsideCard"_s;
    QTest::newRow("begin-only") << QByteArray("BEGIN:VCARD") << 1 << QString();
    QTest::newRow("icalendar") << QByteArray("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n") << 0 << u"OutsideCard OutsideCard"_s;
    QTest::newRow("blank-between") << QByteArray("BEGIN:VCARD\r\nEND:VCARD\r\n\r\n\r\nBEGIN:VCARD\r\nEND:VCARD\r\n") << 2
                                   << QString();
}

void TestVCard::emptyAndGarbage()
{
    QFETCH(QByteArray, input);
    QFETCH(int, cards);
    QFETCH(QString, fileIssues);
    const VCardFile read = readVCards(input);
    QCOMPARE(read.cards.size(), cards);
    QCOMPARE(issueKinds(read.issues), fileIssues);
}

void TestVCard::nestedAgent()
{
    const QByteArray in = "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Boss;Big\r\nAGENT:\r\nBEGIN:VCARD\r\nVERSION:2.1\r\n"
                          "N:Helper;Little\r\nTEL:+1 555\r\nEND:VCARD\r\nTEL:+1 666\r\nEND:VCARD\r\n";
    const VCardFile read = readVCards(in);
    QCOMPARE(read.cards.size(), 1);
    const VCard &c = read.cards.first();
    QCOMPARE(c.indexesOf("TEL").size(), 1); // the nested card's TEL is not the outer one's
    QCOMPARE(c.text(c.lines()[c.indexOf("TEL")]), u"+1 666"_s);
    QCOMPARE(c.components(c.lines()[c.indexOf("N")]).first(), u"Boss"_s);
    QCOMPARE(c.originalBytes(), in);
}

void TestVCard::dates_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QByteArray>("v40");
    QTest::addColumn<QByteArray>("v30");
    QTest::newRow("basic") << QByteArray("19850412") << true << QByteArray("19850412") << QByteArray("1985-04-12");
    QTest::newRow("extended") << QByteArray("1985-04-12") << true << QByteArray("19850412") << QByteArray("1985-04-12");
    QTest::newRow("yearless-40") << QByteArray("--0412") << true << QByteArray("--0412") << QByteArray();
    QTest::newRow("yearless-google") << QByteArray("--04-12") << true << QByteArray("--0412") << QByteArray();
    QTest::newRow("feb29-noyear") << QByteArray("--0229") << true << QByteArray("--0229") << QByteArray();
    QTest::newRow("year-month") << QByteArray("1985-04") << true << QByteArray("1985-04") << QByteArray();
    QTest::newRow("year") << QByteArray("1985") << true << QByteArray("1985") << QByteArray();
    QTest::newRow("month") << QByteArray("--04") << true << QByteArray("--04") << QByteArray();
    QTest::newRow("day") << QByteArray("---12") << true << QByteArray("---12") << QByteArray();
    QTest::newRow("datetime-ext") << QByteArray("1953-10-15T23:10:00Z") << true << QByteArray("19531015T231000Z")
                                  << QByteArray("1953-10-15T23:10:00Z");
    QTest::newRow("datetime-offset") << QByteArray("19870927T083000-0600") << true
                                     << QByteArray("19870927T083000-0600") << QByteArray("1987-09-27T08:30:00-06:00");
    QTest::newRow("time-only") << QByteArray("T1022") << true << QByteArray("T1022") << QByteArray();
    QTest::newRow("month13") << QByteArray("1985-13-01") << false << QByteArray() << QByteArray();
    QTest::newRow("feb30") << QByteArray("19850230") << false << QByteArray() << QByteArray();
    QTest::newRow("feb29-1985") << QByteArray("19850229") << false << QByteArray() << QByteArray();
    QTest::newRow("text") << QByteArray("circa 1800") << false << QByteArray() << QByteArray();
    QTest::newRow("empty") << QByteArray() << false << QByteArray() << QByteArray();
    QTest::newRow("bad-time") << QByteArray("19850412T2561") << false << QByteArray() << QByteArray();
    QTest::newRow("short") << QByteArray("198504") << false << QByteArray() << QByteArray();
}

void TestVCard::dates()
{
    QFETCH(QByteArray, value);
    QFETCH(bool, valid);
    QFETCH(QByteArray, v40);
    QFETCH(QByteArray, v30);
    VCardDate d;
    QCOMPARE(parseVCardDate(value, &d), valid);
    if (!valid)
        return;
    QCOMPARE(formatVCardDate40(d), v40);
    QCOMPARE(formatVCardDate30(d), v30);
}

void TestVCard::uids()
{
    const QByteArray card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:No UID\r\nEND:VCARD\r\n";
    VCard a = readVCards(card).cards.first();
    const VCard b = readVCards(card).cards.first();
    QVERIFY(a.uid().isEmpty());
    QCOMPARE(a.derivedUid(), b.derivedUid()); // stable
    QCOMPARE(a.derivedUid().size(), 36);
    const VCard other = readVCards("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Other\r\nEND:VCARD\r\n").cards.first();
    QVERIFY(other.derivedUid() != a.derivedUid());
    const QByteArray uid = a.ensureUid();
    QCOMPARE(uid, b.derivedUid());
    QCOMPARE(a.toBytes(), "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:No UID\r\nUID:" + uid + "\r\nEND:VCARD\r\n");
    QCOMPARE(a.ensureUid(), uid); // idempotent
    // 4.0: a URN.
    VCard v4 = readVCards("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:x\r\nEND:VCARD\r\n").cards.first();
    QVERIFY(v4.ensureUid().startsWith("urn:uuid:"));
    // A card with a UID is left alone.
    VCard has = readVCards("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:abc\r\nFN:x\r\nEND:VCARD\r\n").cards.first();
    QCOMPARE(has.ensureUid(), QByteArray("abc"));
    QVERIFY(!has.isModified());
}

void TestVCard::codecs()
{
    bool ok = true;
    QCOMPARE(decodeQuotedPrintable("a=3Db=\r\nc=0d=0A", &ok), QByteArray("a=bc\r\n"));
    QVERIFY(ok);
    QCOMPARE(decodeQuotedPrintable("bad=G1", &ok), QByteArray("bad=G1"));
    QVERIFY(!ok);
    QCOMPARE(encodeQuotedPrintable("Stra\xC3\x9F" "e=1\nx "), QByteArray("Stra=C3=9Fe=3D1=0D=0Ax=20"));
    QCOMPARE(toUtf8("M\xfcller", "windows-1252", &ok), QByteArray("M\xC3\xBCller"));
    QVERIFY(ok);
    toUtf8("x", "no-such-charset", &ok);
    QVERIFY(!ok);
    // repairUtf8's windows-1252 table reads every byte as Qt's decoder does.
    for (int b = 0x80; b < 0x100; ++b) {
        const char c = char(b);
        QStringDecoder cp1252("windows-1252");
        const QByteArray expected = QString(cp1252.decode(QByteArrayView(&c, 1))).toUtf8();
        QCOMPARE(repairUtf8(QByteArray("a") + c + "b"), "a" + expected + "b");
    }
    const QByteArray valid("\xC3\xBC\xF0\x9F\x98\x80\0x", 8);
    QCOMPARE(repairUtf8(valid), valid);
    // UTF-8 in, the same UTF-8 out (the decoder is skipped), but a leading
    // byte-order mark is still dropped as the decoder drops it.
    QCOMPARE(toUtf8(valid, "utf-8", &ok), valid);
    QVERIFY(ok);
    QCOMPARE(toUtf8("\xEF\xBB\xBFx", "", &ok), QByteArray("x"));
    QVERIFY(ok);
    QCOMPARE(toUtf8("a\xFF", "UTF-8", &ok), QByteArray("a\xEF\xBF\xBD"));
    QVERIFY(!ok);
    QCOMPARE(decodeBase64(" QUJD\r\n  REVG ", &ok), QByteArray("ABCDEF"));
    QVERIFY(ok);
    decodeBase64("!!", &ok);
    QVERIFY(!ok);
    const DataUri plain = parseDataUri("data:text/plain,Hello%2C%20World", &ok);
    QVERIFY(ok);
    QCOMPARE(plain.mediaType, QByteArray("text/plain"));
    QCOMPARE(plain.data, QByteArray("Hello, World"));
    QCOMPARE(parseDataUri(makeDataUri("image/gif", "GIF89a"), &ok).data, QByteArray("GIF89a"));
    parseDataUri("data:image/png;base64", &ok);
    QVERIFY(!ok);
    QCOMPARE(mediaTypeForType("PHOTO", "JPEG"), QByteArray("image/jpeg"));
    QCOMPARE(mediaTypeForType("PHOTO", "image/png"), QByteArray("image/png"));
    QCOMPARE(mediaTypeForType("SOUND", "OGG"), QByteArray("audio/ogg"));
    QCOMPARE(mediaTypeForType("KEY", "PGP"), QByteArray("application/pgp-keys"));
    QCOMPARE(typeForMediaType("image/jpeg"), QByteArray("JPEG"));
    QCOMPARE(typeForMediaType("image/heic"), QByteArray("HEIC"));
    QCOMPARE(sniffMediaType("\xFF\xD8\xFF\xE0"), QByteArray("image/jpeg"));
}

// Seeded random damage to every sample (bytes flipped, cut, duplicated, lines
// swapped): reading, converting both ways and writing never crash, and an
// unedited card always comes back byte for byte.
void TestVCard::mutatedInputNeverCrashes()
{
    std::mt19937 rng(20240601);
    const QList<QByteArray> seeds{sample("apple-30.vcf"), sample("google-30.vcf"), sample("outlook-21.vcf"),
                                  sample("android-21.vcf"), sample("nextcloud-40.vcf"), sample("malformed.vcf")};
    static const char kInteresting[] = ":;,=\"\\\r\n \t.^";
    for (int round = 0; round < 1500; ++round) {
        QByteArray b = seeds[round % seeds.size()];
        const int edits = 1 + int(rng() % 6);
        for (int e = 0; e < edits && !b.isEmpty(); ++e) {
            const qsizetype at = qsizetype(rng() % quint32(b.size()));
            switch (rng() % 5) {
            case 0: b[at] = char(rng() % 256); break;
            case 1: b[at] = kInteresting[rng() % (sizeof(kInteresting) - 1)]; break;
            case 2: b.truncate(at); break;
            case 3: b.insert(at, b.mid(qsizetype(rng() % quint32(b.size())), 40)); break;
            case 4: b.remove(at, qsizetype(rng() % 30)); break;
            }
        }
        const VCardFile read = readVCards(b);
        for (VCard c : read.cards) {
            QCOMPARE(c.toBytes(), c.originalBytes());
            c.text(c.lines().first());
            for (const ContentLine &l : c.lines())
                c.binary(l);
            VCard a = c, d = c;
            convertVCard(a, VCardVersion::V40);
            convertVCard(d, VCardVersion::V30);
            convertVCard(a, VCardVersion::V30);
            keepInNote(d, {"PHOTO", "TEL", "X-ABLABEL"});
            d.ensureUid();
            d.addMissingEnd();
            QVERIFY(!readVCards(d.toBytes()).cards.isEmpty());
        }
    }
}

QTEST_GUILESS_MAIN(TestVCard)
#include "tst_vcard.moc"
