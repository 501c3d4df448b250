// Version conversion: one table row per rule (input card → exact output), every
// pair on the real-world samples, untouched lines byte-identical, what cannot be
// expressed kept in NOTE, round trips 3.0 → 4.0 → 3.0.
#include <pim/vcard/vcardconverter.h>
#include <pim/vcard/vcardreader.h>

#include <QFile>
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

QByteArray sample(const char *name)
{
    QFile f(QStringLiteral(FERRY_VCARD_DATA "/") + QLatin1String(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing test data %s", name);
    return f.readAll();
}

VCard one(const QByteArray &bytes)
{
    const VCardFile f = readVCards(bytes);
    Q_ASSERT(f.cards.size() == 1);
    return f.cards.first();
}

} // namespace

class TestVCardConverter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rules_data();
    void rules();
    void sameVersionIsNoOp();
    void unsupportedTarget();
    void untouchedLinesStayByteIdentical();
    void samplesEveryPair_data();
    void samplesEveryPair();
    void roundTrip30to40to30();
    void chooseVersion_data();
    void chooseVersion();
};

void TestVCardConverter::rules_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<QStringList>("kept");

    // ---- 2.1 → 3.0 / 4.0
    QTest::newRow("21-bare-params") << card({"BEGIN:VCARD", "VERSION:2.1", "N:Doe;John", "TEL;HOME;VOICE:+1 555",
                                             "EMAIL;PREF;INTERNET:j@example.com", "END:VCARD"})
                                    << QByteArray("3.0")
                                    << card({"BEGIN:VCARD", "VERSION:3.0", "N:Doe;John", "TEL;TYPE=HOME,VOICE:+1 555",
                                             "EMAIL;TYPE=PREF,INTERNET:j@example.com", "FN:John Doe", "END:VCARD"})
                                    << QStringList{};
    QTest::newRow("21-type-and-bare-mixed") << card({"BEGIN:VCARD", "VERSION:2.1", "FN:x", "TEL;TYPE=WORK;CELL;X-A=b:1", "END:VCARD"})
                                            << QByteArray("3.0")
                                            << card({"BEGIN:VCARD", "VERSION:3.0", "FN:x", "TEL;TYPE=WORK,CELL;X-A=b:1", "N:;;;;", "END:VCARD"})
                                            << QStringList{};
    QTest::newRow("21-qp-latin1") << card({"BEGIN:VCARD", "VERSION:2.1", "FN;CHARSET=ISO-8859-1:Ren\xe9", "N:;Ren\xe9",
                                           "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=ISO-8859-1:Caf=E9, th=E9=0D=0Aline=",
                                           " two; end", "END:VCARD"})
                                  << QByteArray("3.0")
                                  << card({"BEGIN:VCARD", "VERSION:3.0", "FN:Ren\xc3\xa9", "N:;Ren\xc3\xa9",
                                           "NOTE:Caf\xc3\xa9\\, th\xc3\xa9\\nline two\\; end", "END:VCARD"})
                                  << QStringList{};
    QTest::newRow("21-commas-escaped") << card({"BEGIN:VCARD", "VERSION:2.1", "FN:Doe, John", "N:Doe;John", "ORG:A, Inc.;Sales",
                                                "X-CUSTOM:a;b,c", "END:VCARD"})
                                       << QByteArray("3.0")
                                       << card({"BEGIN:VCARD", "VERSION:3.0", "FN:Doe\\, John", "N:Doe;John", "ORG:A\\, Inc.;Sales",
                                                "X-CUSTOM:a;b\\,c", "END:VCARD"})
                                       << QStringList{};
    QTest::newRow("21-photo-to-30") << card({"BEGIN:VCARD", "VERSION:2.1", "FN:p", "N:p", "PHOTO;JPEG;ENCODING=BASE64:",
                                             "  /9j/4AAQ", "  SkZJRg==", "", "END:VCARD"})
                                    << QByteArray("3.0")
                                    << card({"BEGIN:VCARD", "VERSION:3.0", "FN:p", "N:p",
                                             "PHOTO;TYPE=JPEG;ENCODING=b:/9j/4AAQSkZJRg==", "END:VCARD"})
                                    << QStringList{};
    QTest::newRow("21-photo-to-40") << card({"BEGIN:VCARD", "VERSION:2.1", "FN:p", "PHOTO;TYPE=JPEG;ENCODING=BASE64:",
                                             "  /9j/4AAQ", "  SkZJRg==", "", "END:VCARD"})
                                    << QByteArray("4.0")
                                    << card({"BEGIN:VCARD", "VERSION:4.0", "FN:p",
                                             "PHOTO:data:image/jpeg;base64,/9j/4AAQSkZJRg==", "END:VCARD"})
                                    << QStringList{};
    QTest::newRow("21-photo-url") << card({"BEGIN:VCARD", "VERSION:2.1", "FN:p", "N:p", "PHOTO;VALUE=URL;TYPE=GIF:http://x.example/a.gif", "END:VCARD"})
                                  << QByteArray("3.0")
                                  << card({"BEGIN:VCARD", "VERSION:3.0", "FN:p", "N:p", "PHOTO;VALUE=uri;TYPE=GIF:http://x.example/a.gif", "END:VCARD"})
                                  << QStringList{};
    QTest::newRow("21-agent-card") << card({"BEGIN:VCARD", "VERSION:2.1", "FN:Boss", "N:Boss", "AGENT:", "BEGIN:VCARD",
                                            "VERSION:2.1", "FN:Helper", "END:VCARD", "END:VCARD"})
                                   << QByteArray("3.0")
                                   << card({"BEGIN:VCARD", "VERSION:3.0", "FN:Boss", "N:Boss",
                                            "NOTE:Kept by Ferry:\\nAGENT:\\n  BEGIN:VCARD\\n  VERSION:2.1\\n  FN:Helper\\n  E",
                                            " ND:VCARD",
                                            "END:VCARD"})
                                   << QStringList{u"AGENT"_s};
    QTest::newRow("21-to-40-bday-adr") << card({"BEGIN:VCARD", "VERSION:2.1", "FN:a", "BDAY:1970-05-21",
                                                "ADR;HOME;PREF:;;Main St 1;Town;;123;", "END:VCARD"})
                                       << QByteArray("4.0")
                                       << card({"BEGIN:VCARD", "VERSION:4.0", "FN:a", "BDAY:19700521",
                                                "ADR;TYPE=HOME;PREF=1:;;Main St 1;Town;;123;", "END:VCARD"})
                                       << QStringList{};

    // ---- 3.0 → 4.0
    QTest::newRow("30-photo") << card({"BEGIN:VCARD", "VERSION:3.0", "FN:p", "PHOTO;ENCODING=b;TYPE=PNG:iVBORw0KGgo=", "END:VCARD"})
                              << QByteArray("4.0")
                              << card({"BEGIN:VCARD", "VERSION:4.0", "FN:p", "PHOTO:data:image/png;base64,iVBORw0KGgo=", "END:VCARD"})
                              << QStringList{};
    QTest::newRow("30-photo-sniffed") << card({"BEGIN:VCARD", "VERSION:3.0", "FN:p", "PHOTO;ENCODING=b:R0lGODlh", "END:VCARD"})
                                      << QByteArray("4.0")
                                      << card({"BEGIN:VCARD", "VERSION:4.0", "FN:p", "PHOTO:data:image/gif;base64,R0lGODlh", "END:VCARD"})
                                      << QStringList{};
    QTest::newRow("30-photo-uri") << card({"BEGIN:VCARD", "VERSION:3.0", "FN:p", "LOGO;VALUE=uri;TYPE=JPEG:https://x.example/l.jpg", "END:VCARD"})
                                  << QByteArray("4.0")
                                  << card({"BEGIN:VCARD", "VERSION:4.0", "FN:p", "LOGO;VALUE=uri;MEDIATYPE=image/jpeg:https://x.example/l.jpg", "END:VCARD"})
                                  << QStringList{};
    QTest::newRow("30-pref") << card({"BEGIN:VCARD", "VERSION:3.0", "FN:p", "EMAIL;TYPE=INTERNET,PREF:a@b", "TEL;TYPE=pref:1", "END:VCARD"})
                             << QByteArray("4.0")
                             << card({"BEGIN:VCARD", "VERSION:4.0", "FN:p", "EMAIL;TYPE=INTERNET;PREF=1:a@b", "TEL;PREF=1:1", "END:VCARD"})
                             << QStringList{};
    QTest::newRow("30-bday-apple-noyear") << card({"BEGIN:VCARD", "VERSION:3.0", "FN:p", "BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-12",
                                                   "BDAY;VALUE=date:1985-04-12", "END:VCARD"})
                                          << QByteArray("4.0")
                                          << card({"BEGIN:VCARD", "VERSION:4.0", "FN:p", "BDAY:--0412", "BDAY;VALUE=date:19850412", "END:VCARD"})
                                          << QStringList{};
    QTest::newRow("30-omit-year-other-year") << card({"BEGIN:VCARD", "VERSION:3.0", "FN:p", "BDAY;X-APPLE-OMIT-YEAR=1604:1985-04-12", "END:VCARD"})
                                             << QByteArray("4.0")
                                             << card({"BEGIN:VCARD", "VERSION:4.0", "FN:p", "BDAY:19850412", "END:VCARD"})
                                             << QStringList{};
    QTest::newRow("30-bday-google-noyear") << card({"BEGIN:VCARD", "VERSION:3.0", "FN:p", "BDAY:--12-09", "END:VCARD"})
                                           << QByteArray("4.0")
                                           << card({"BEGIN:VCARD", "VERSION:4.0", "FN:p", "BDAY:--1209", "END:VCARD"})
                                           << QStringList{};
    QTest::newRow("30-bday-invalid") << card({"BEGIN:VCARD", "VERSION:3.0", "FN:p", "BDAY:sometime, in May", "END:VCARD"})
                                     << QByteArray("4.0")
                                     << card({"BEGIN:VCARD", "VERSION:4.0", "FN:p", "BDAY;VALUE=text:sometime\\, in May", "END:VCARD"})
                                     << QStringList{};
    QTest::newRow("30-x-anniversary") << card({"BEGIN:VCARD", "VERSION:3.0", "FN:p", "X-ANNIVERSARY:2010-06-12", "END:VCARD"})
                                      << QByteArray("4.0")
                                      << card({"BEGIN:VCARD", "VERSION:4.0", "FN:p", "ANNIVERSARY:20100612", "END:VCARD"})
                                      << QStringList{};
    QTest::newRow("30-group") << card({"BEGIN:VCARD", "VERSION:3.0", "N:Team;;;;", "FN:Team", "X-ADDRESSBOOKSERVER-KIND:Group",
                                       "X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:1", "X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:2", "END:VCARD"})
                              << QByteArray("4.0")
                              << card({"BEGIN:VCARD", "VERSION:4.0", "N:Team;;;;", "FN:Team", "KIND:group",
                                       "MEMBER:urn:uuid:1", "MEMBER:urn:uuid:2", "END:VCARD"})
                              << QStringList{};
    QTest::newRow("30-label-to-adr") << card({"BEGIN:VCARD", "VERSION:3.0", "FN:p", "ADR;TYPE=WORK:;;1 Main;Town;;1;",
                                              "ADR;TYPE=HOME,PREF:;;2 Side;Town;;2;", "LABEL;TYPE=HOME:2 Side\\nTown",
                                              "LABEL;TYPE=POSTAL:PO Box 1", "END:VCARD"})
                                     << QByteArray("4.0")
                                     << card({"BEGIN:VCARD", "VERSION:4.0", "FN:p", "ADR;TYPE=WORK:;;1 Main;Town;;1;",
                                              "ADR;TYPE=HOME;PREF=1;LABEL=2 Side^nTown:;;2 Side;Town;;2;",
                                              "NOTE:Kept by Ferry:\\nLABEL\\;TYPE=POSTAL:PO Box 1", "END:VCARD"})
                                     << QStringList{u"LABEL"_s};
    QTest::newRow("30-geo-tz") << card({"BEGIN:VCARD", "VERSION:3.0", "FN:p", "GEO:37.386013;-122.082932", "TZ:-05:00",
                                        "TZ;VALUE=text:Europe/Berlin", "END:VCARD"})
                               << QByteArray("4.0")
                               << card({"BEGIN:VCARD", "VERSION:4.0", "FN:p", "GEO:geo:37.386013,-122.082932",
                                        "TZ;VALUE=utc-offset:-0500", "TZ:Europe/Berlin", "END:VCARD"})
                               << QStringList{};
    QTest::newRow("30-only-properties") << card({"BEGIN:VCARD", "VERSION:3.0", "PROFILE:VCARD", "NAME:My card", "FN:p", "N:P;;;;",
                                                 "SORT-STRING:Pe", "MAILER:Outlook", "CLASS:PRIVATE", "AGENT;VALUE=uri:urn:uuid:9",
                                                 "NOTE:Hello", "END:VCARD"})
                                        << QByteArray("4.0")
                                        << card({"BEGIN:VCARD", "VERSION:4.0", "FN:p", "N;SORT-AS=Pe:P;;;;",
                                                 "RELATED;TYPE=agent:urn:uuid:9",
                                                 "NOTE:Hello\\n\\nKept by Ferry:\\nNAME:My card\\nMAILER:Outlook\\nCLASS:PRIVATE",
                                                 "END:VCARD"})
                                        << QStringList{u"NAME"_s, u"MAILER"_s, u"CLASS"_s};
    QTest::newRow("30-version-moves-first") << card({"BEGIN:VCARD", "FN:p", "UID:1", "VERSION:3.0", "END:VCARD"})
                                            << QByteArray("4.0")
                                            << card({"BEGIN:VCARD", "VERSION:4.0", "FN:p", "UID:1", "END:VCARD"})
                                            << QStringList{};
    QTest::newRow("30-charset-param") << card({"BEGIN:VCARD", "VERSION:3.0", "FN;CHARSET=UTF-8:Jos\xc3\xa9", "END:VCARD"})
                                      << QByteArray("4.0")
                                      << card({"BEGIN:VCARD", "VERSION:4.0", "FN:Jos\xc3\xa9", "END:VCARD"})
                                      << QStringList{};
    QTest::newRow("30-missing-fn") << card({"BEGIN:VCARD", "VERSION:3.0", "N:Doe;Jane;;Dr.;", "END:VCARD"})
                                   << QByteArray("4.0")
                                   << card({"BEGIN:VCARD", "VERSION:4.0", "N:Doe;Jane;;Dr.;", "FN:Dr. Jane Doe", "END:VCARD"})
                                   << QStringList{};

    // ---- 4.0 → 3.0
    QTest::newRow("40-photo-data") << card({"BEGIN:VCARD", "VERSION:4.0", "FN:p", "N:;;;;", "PHOTO:data:image/jpeg;base64,/9j/4AAQ", "END:VCARD"})
                                   << QByteArray("3.0")
                                   << card({"BEGIN:VCARD", "VERSION:3.0", "FN:p", "N:;;;;", "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ", "END:VCARD"})
                                   << QStringList{};
    QTest::newRow("40-photo-uri") << card({"BEGIN:VCARD", "VERSION:4.0", "FN:p", "N:;;;;", "PHOTO;MEDIATYPE=image/png:https://x.example/p.png", "END:VCARD"})
                                  << QByteArray("3.0")
                                  << card({"BEGIN:VCARD", "VERSION:3.0", "FN:p", "N:;;;;", "PHOTO;TYPE=PNG;VALUE=uri:https://x.example/p.png", "END:VCARD"})
                                  << QStringList{};
    QTest::newRow("40-pref") << card({"BEGIN:VCARD", "VERSION:4.0", "FN:p", "N:;;;;", "EMAIL;PREF=2:a@x", "EMAIL;TYPE=work;PREF=1:b@x",
                                      "EMAIL:c@x", "TEL;PREF=5:1", "END:VCARD"})
                             << QByteArray("3.0")
                             << card({"BEGIN:VCARD", "VERSION:3.0", "FN:p", "N:;;;;", "EMAIL;PREF=2:a@x", "EMAIL;TYPE=work,pref:b@x",
                                      "EMAIL:c@x", "TEL;TYPE=pref:1", "END:VCARD"})
                             << QStringList{};
    QTest::newRow("40-dates") << card({"BEGIN:VCARD", "VERSION:4.0", "FN:p", "N:;;;;", "BDAY:--0412", "ANNIVERSARY:20100612",
                                       "DEATHDATE:1852", "END:VCARD"})
                              << QByteArray("3.0")
                              << card({"BEGIN:VCARD", "VERSION:3.0", "FN:p", "N:;;;;", "BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-12",
                                       "X-ANNIVERSARY:20100612", "NOTE:Kept by Ferry:\\nDEATHDATE:1852", "END:VCARD"})
                              << QStringList{u"DEATHDATE"_s};
    QTest::newRow("40-dates-no-30-form") << card({"BEGIN:VCARD", "VERSION:4.0", "FN:p", "N:;;;;", "BDAY:1985", "ANNIVERSARY;VALUE=text:circa 1800",
                                                  "NOTE:Mine", "END:VCARD"})
                                         << QByteArray("3.0")
                                         << card({"BEGIN:VCARD", "VERSION:3.0", "FN:p", "N:;;;;",
                                                  "NOTE:Mine\\n\\nKept by Ferry:\\nBDAY:1985\\nANNIVERSARY\\;VALUE=text:circa 1800", "END:VCARD"})
                                         << QStringList{u"BDAY"_s, u"ANNIVERSARY"_s};
    QTest::newRow("40-group") << card({"BEGIN:VCARD", "VERSION:4.0", "KIND:group", "FN:Team", "MEMBER:urn:uuid:1",
                                       "MEMBER:mailto:x@example.org", "UID:urn:uuid:g", "END:VCARD"})
                              << QByteArray("3.0")
                              << card({"BEGIN:VCARD", "VERSION:3.0", "X-ADDRESSBOOKSERVER-KIND:group", "FN:Team",
                                       "X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:1", "X-ADDRESSBOOKSERVER-MEMBER:mailto:x@example.org",
                                       "UID:urn:uuid:g", "N:Team;;;;", "END:VCARD"})
                              << QStringList{};
    QTest::newRow("40-kinds") << card({"BEGIN:VCARD", "VERSION:4.0", "KIND:org", "FN:ACME", "N:;;;;", "END:VCARD"})
                              << QByteArray("3.0")
                              << card({"BEGIN:VCARD", "VERSION:3.0", "X-ABShowAs:COMPANY", "FN:ACME", "N:;;;;", "END:VCARD"})
                              << QStringList{};
    QTest::newRow("40-kind-location") << card({"BEGIN:VCARD", "VERSION:4.0", "KIND:location", "FN:Room 1", "N:;;;;", "END:VCARD"})
                                      << QByteArray("3.0")
                                      << card({"BEGIN:VCARD", "VERSION:3.0", "FN:Room 1", "N:;;;;", "NOTE:Kept by Ferry:\\nKIND:location", "END:VCARD"})
                                      << QStringList{u"KIND"_s};
    QTest::newRow("40-geo-tz-tel") << card({"BEGIN:VCARD", "VERSION:4.0", "FN:p", "N:;;;;", "GEO:geo:37.386013,-122.082932",
                                            "TZ;VALUE=utc-offset:-0500", "TZ:Europe/Berlin", "TEL;VALUE=uri;TYPE=\"voice,home\":tel:+1-555-555-5555;ext=5555",
                                            "END:VCARD"})
                                   << QByteArray("3.0")
                                   << card({"BEGIN:VCARD", "VERSION:3.0", "FN:p", "N:;;;;", "GEO:37.386013;-122.082932",
                                            "TZ:-05:00", "TZ;VALUE=text:Europe/Berlin", "TEL;TYPE=voice,home:+1-555-555-5555;ext=5555", "END:VCARD"})
                                   << QStringList{};
    QTest::newRow("40-adr-label") << card({"BEGIN:VCARD", "VERSION:4.0", "FN:p", "N:;;;;",
                                           "ADR;TYPE=work;LABEL=\"Mr. John Q. Public, Esq.\\nMail Drop: TNE QB\":;;123 Main;Any;CA;91921;USA",
                                           "END:VCARD"})
                                  << QByteArray("3.0")
                                  << card({"BEGIN:VCARD", "VERSION:3.0", "FN:p", "N:;;;;", "ADR;TYPE=work:;;123 Main;Any;CA;91921;USA",
                                           "LABEL;TYPE=work:Mr. John Q. Public\\, Esq.\\nMail Drop: TNE QB", "END:VCARD"})
                                  << QStringList{};
    QTest::newRow("40-only-properties") << card({"BEGIN:VCARD", "VERSION:4.0", "FN:p", "N:;;;;", "GENDER:M;boy", "LANG;PREF=1:fr",
                                                 "RELATED;TYPE=friend:urn:uuid:f", "CLIENTPIDMAP:1;urn:uuid:x", "EMAIL;PID=1.1:a@b",
                                                 "END:VCARD"})
                                        << QByteArray("3.0")
                                        << card({"BEGIN:VCARD", "VERSION:3.0", "FN:p", "N:;;;;", "EMAIL;PID=1.1:a@b",
                                                 "NOTE:Kept by Ferry:\\nGENDER:M\\;boy\\nLANG\\;TYPE=pref:fr\\nRELATED\\;TYPE=frien",
                                                 " d:urn:uuid:f",
                                                 "END:VCARD"})
                                        << QStringList{u"GENDER"_s, u"LANG"_s, u"RELATED"_s};
    QTest::newRow("40-kept-heading-reused") << card({"BEGIN:VCARD", "VERSION:4.0", "FN:p", "N:;;;;", "GENDER:F",
                                                     "NOTE:Own text\\n\\nKept by Ferry:\\nX-OLD:1", "END:VCARD"})
                                            << QByteArray("3.0")
                                            << card({"BEGIN:VCARD", "VERSION:3.0", "FN:p", "N:;;;;",
                                                     "NOTE:Own text\\n\\nKept by Ferry:\\nX-OLD:1\\nGENDER:F", "END:VCARD"})
                                            << QStringList{u"GENDER"_s};
    QTest::newRow("40-missing-n-fn") << card({"BEGIN:VCARD", "VERSION:4.0", "EMAIL:only@example.org", "END:VCARD"})
                                     << QByteArray("3.0")
                                     << card({"BEGIN:VCARD", "VERSION:3.0", "EMAIL:only@example.org", "FN:only@example.org", "N:;;;;", "END:VCARD"})
                                     << QStringList{};
}

void TestVCardConverter::rules()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, expected);
    QFETCH(QStringList, kept);
    VCard c = one(input);
    const VCardConversion r = convertVCard(c, vcardVersionFromString(target));
    QVERIFY(r.ok);
    QCOMPARE(c.toBytes(), expected);
    QCOMPARE(r.keptInNote, kept);
    QVERIFY(!r.changes.isEmpty());
    QVERIFY(r.changes.first().startsWith(u"VERSION: "_s));
    // The result reads back as a clean card of the target version.
    const VCard back = one(c.toBytes());
    QCOMPARE(back.version(), vcardVersionFromString(target));
    for (const VCardIssue &i : back.issues)
        QVERIFY2(i.kind == VCardIssue::MissingUid, qPrintable(i.message));
}

void TestVCardConverter::sameVersionIsNoOp()
{
    for (const char *f : {"apple-30.vcf", "nextcloud-40.vcf", "outlook-21.vcf"}) {
        for (VCard c : readVCards(sample(f)).cards) {
            const VCardConversion r = convertVCard(c, c.version());
            QVERIFY(r.ok);
            QVERIFY(r.changes.isEmpty());
            QVERIFY(!c.isModified());
        }
    }
}

void TestVCardConverter::unsupportedTarget()
{
    VCard c = one(card({"BEGIN:VCARD", "VERSION:4.0", "FN:x", "END:VCARD"}));
    const VCardConversion r = convertVCard(c, VCardVersion::V21);
    QVERIFY(!r.ok);
    QVERIFY(!r.error.isEmpty());
    QVERIFY(!c.isModified());
}

void TestVCardConverter::untouchedLinesStayByteIdentical()
{
    // Odd but valid spellings on lines that need no change keep every byte
    // (folds, case, parameter order, groups); only VERSION and PHOTO are rebuilt.
    const QByteArray in = "BEGIN:VCARD\r\n"
                          "VERSION:3.0\r\n"
                          "fn:Jane\r\n"
                          " Doe\r\n"
                          "item1.EMAIL;type=INTERNET;X-Custom=\"a:b\":jane@example.com\r\n"
                          "item1.X-ABLabel:_$!<Other>!$_\r\n"
                          "NOTE:folded\r\n\tby tab\r\n"
                          "PHOTO;ENCODING=b;TYPE=JPEG:/9j/\r\n"
                          " 4AAQ\r\n"
                          "END:VCARD\r\n";
    VCard c = one(in);
    convertVCard(c, VCardVersion::V40);
    QCOMPARE(c.toBytes(), QByteArray("BEGIN:VCARD\r\n"
                                     "VERSION:4.0\r\n"
                                     "fn:Jane\r\n"
                                     " Doe\r\n"
                                     "item1.EMAIL;type=INTERNET;X-Custom=\"a:b\":jane@example.com\r\n"
                                     "item1.X-ABLabel:_$!<Other>!$_\r\n"
                                     "NOTE:folded\r\n\tby tab\r\n"
                                     "PHOTO:data:image/jpeg;base64,/9j/4AAQ\r\n"
                                     "END:VCARD\r\n"));
}

void TestVCardConverter::samplesEveryPair_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QByteArray>("target");
    for (const char *f : {"apple-30.vcf", "google-30.vcf", "outlook-21.vcf", "android-21.vcf", "nextcloud-40.vcf"})
        for (const char *t : {"3.0", "4.0"})
            QTest::newRow(qPrintable(QString::fromLatin1(f) + u" → "_s + QString::fromLatin1(t))) << sample(f) << QByteArray(t);
}

void TestVCardConverter::samplesEveryPair()
{
    QFETCH(QByteArray, file);
    QFETCH(QByteArray, target);
    const VCardVersion to = vcardVersionFromString(target);
    for (VCard c : readVCards(file).cards) {
        const QStringList emails = c.emails();
        const QString fn = c.formattedName();
        QByteArray media;
        const qsizetype p = c.indexOf("PHOTO");
        const QByteArray photo = p >= 0 ? c.binary(c.lines()[p], &media) : QByteArray();
        const int tels = c.indexesOf("TEL").size();
        const int adrs = c.indexesOf("ADR").size();

        QVERIFY(convertVCard(c, to).ok);
        const VCard back = one(c.toBytes());
        QCOMPARE(back.version(), to);
        QCOMPARE(back.emails(), emails);
        QCOMPARE(back.formattedName(), fn);
        QCOMPARE(back.indexesOf("TEL").size(), tels);
        QCOMPARE(back.indexesOf("ADR").size(), adrs);
        if (p >= 0) {
            QByteArray media2;
            bool ok = false;
            QCOMPARE(back.binary(back.lines()[back.indexOf("PHOTO")], &media2, &ok), photo);
            QVERIFY(ok);
            QCOMPARE(media2, media);
        }
        for (const VCardIssue &i : back.issues)
            QVERIFY2(i.kind == VCardIssue::MissingUid, qPrintable(i.message));
        if (to == VCardVersion::V40)
            QVERIFY(back.lines()[1].is("VERSION"));
    }
}

void TestVCardConverter::roundTrip30to40to30()
{
    const VCard original = readVCards(sample("apple-30.vcf")).cards.first();
    VCard c = original;
    convertVCard(c, VCardVersion::V40);
    QVERIFY(c.toBytes().contains("\r\nBDAY:--0412\r\n"));
    convertVCard(c, VCardVersion::V30);
    const QByteArray out = c.toBytes();
    QVERIFY(out.contains("\r\nBDAY;X-APPLE-OMIT-YEAR=1604:1604-04-12\r\n"));
    QVERIFY(out.contains("\r\nitem1.EMAIL;type=INTERNET;TYPE=pref:johnny@example.com\r\n")
            || out.contains("\r\nitem1.EMAIL;type=INTERNET,pref:johnny@example.com\r\n"));
    QVERIFY(out.contains("\r\nitem1.X-ABLabel:_$!<Other>!$_\r\n"));
    QVERIFY(out.contains("\r\nPHOTO;ENCODING=b;TYPE=JPEG:"));
    QCOMPARE(one(out).emails(), original.emails());
    QVERIFY(!out.contains("Kept by Ferry"));
    // Lines that no step touched are the original bytes.
    for (const char *l : {"N:Appleseed;Johnny;;Mr.;\r\n", "item2.X-ABADR:us\r\n", "NOTE:Met at WWDC\\, 2019.\\nLikes apples.\r\n",
                          "X-ABUID:8C5F2B33-1C4F-4B9A-9D0E-5F1A2B3C4D5E:ABPerson\r\n"})
        QVERIFY2(out.contains(l), l);
}

void TestVCardConverter::chooseVersion_data()
{
    using V = VCardVersion;
    QTest::addColumn<V>("source");
    QTest::addColumn<QList<V>>("accepted");
    QTest::addColumn<V>("expected");
    QTest::newRow("accepted") << V::V40 << QList<V>{V::V30, V::V40} << V::V40;
    QTest::newRow("unsaid-means-30") << V::V40 << QList<V>{} << V::V30;
    QTest::newRow("30-only-40") << V::V30 << QList<V>{V::V40} << V::V40;
    QTest::newRow("21-prefers-30") << V::V21 << QList<V>{V::V40, V::V30} << V::V30;
    QTest::newRow("21-only-40") << V::V21 << QList<V>{V::V40} << V::V40;
    QTest::newRow("40-to-30") << V::V40 << QList<V>{V::V30} << V::V30;
}

void TestVCardConverter::chooseVersion()
{
    QFETCH(VCardVersion, source);
    QFETCH(QList<VCardVersion>, accepted);
    QFETCH(VCardVersion, expected);
    QCOMPARE(chooseVCardVersion(source, accepted), expected);
}

QTEST_GUILESS_MAIN(TestVCardConverter)
#include "tst_vcardconverter.moc"
