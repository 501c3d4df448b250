// Contacts from files that are not vCards: CSV (RFC 4180) as Outlook and Google
// export it, and LDIF (RFC 2849) as Thunderbird/OpenLDAP export it → vCards.
#include <pim/vcard/contactcsv.h>
#include <pim/vcard/contactldif.h>
#include <pim/vcard/csvtable.h>
#include <pim/vcard/ldif.h>
#include <pim/vcard/vcardreader.h>

#include <QTest>

#include <random>

using namespace ferry::pim;
using namespace Qt::StringLiterals;

namespace {

QString noteOf(const VCard &c)
{
    const qsizetype i = c.indexOf("NOTE");
    return i < 0 ? QString() : c.text(c.lines()[i]);
}

QStringList valuesOf(const VCard &c, QByteArrayView name)
{
    QStringList out;
    for (const qsizetype i : c.indexesOf(name)) {
        const ContentLine &l = c.lines()[i];
        QString params;
        for (const ContentParam &p : l.params)
            params += u';' + QString::fromUtf8(p.name) + u'=' + QString::fromUtf8(p.values.join(','));
        out.append((l.group.isEmpty() ? QString() : QString::fromUtf8(l.group) + u'.') + params + u':'
                   + QString::fromUtf8(l.value));
    }
    return out;
}

// Every imported card must read back cleanly.
void verifyClean(const ContactImport &imp)
{
    for (const ImportedContact &c : imp.contacts) {
        const VCardFile back = readVCards(c.card.toBytes());
        QCOMPARE(back.cards.size(), 1);
        QVERIFY2(back.cards.first().issues.isEmpty(), qPrintable(back.cards.first().issues.value(0).message));
        QCOMPARE(back.cards.first().toBytes(), c.card.toBytes());
    }
}

const QByteArray kOutlook =
    "\xEF\xBB\xBF" "Title,First Name,Middle Name,Last Name,Suffix,Company,Department,Job Title,"
    "Business Street,Business City,Business State,Business Postal Code,Business Country/Region,"
    "Home Street,Home Street 2,Home City,Home Postal Code,Home Country/Region,"
    "Business Phone,Home Phone,Mobile Phone,Assistant's Phone,Business Fax,"
    "E-mail Address,E-mail Type,E-mail Display Name,E-mail 2 Address,E-mail 3 Address,"
    "Birthday,Anniversary,Notes,Web Page,Categories,Gender,Priority,Sensitivity,Private,User 1,Spouse\r\n"
    "Dr.,Jane,Q,Doe,PhD,ACME Corp,R&D,Chief Scientist,"
    "\"1 Main St, Suite 5\",Springfield,IL,62701,USA,"
    "12 Elm Rd,Flat 3,Shelbyville,62565,USA,"
    "+1 217 555 0100,+1 217 555 0101,+1 217 555 0102,+1 217 555 0103,+1 217 555 0104,"
    "jane@acme.example,SMTP,Jane Doe (jane@acme.example),jane@home.example,jdoe@old.example,"
    "4/12/1985,0/0/00,\"Line one\r\nLine \"\"two\"\"\",https://jane.example,Friends;VIP,Female,Normal,Normal,False,blue,John\r\n"
    ",Bob,,Smith,,,,,,,,,,,,,,,,,,,,bob@example.org,SMTP,,,,31.12.1990,13/31/2000,,,,Unspecified,Normal,Normal,False,,\r\n";

const QByteArray kGoogle =
    "First Name,Middle Name,Last Name,Phonetic First Name,Name Prefix,Name Suffix,Nickname,Organization Name,"
    "Organization Title,Organization Department,Birthday,Notes,Photo,Labels,E-mail 1 - Label,E-mail 1 - Value,"
    "E-mail 2 - Label,E-mail 2 - Value,Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value,"
    "Address 1 - Label,Address 1 - Formatted,Address 1 - Street,Address 1 - City,Address 1 - PO Box,"
    "Address 1 - Region,Address 1 - Postal Code,Address 1 - Country,Address 1 - Extended Address,"
    "Website 1 - Label,Website 1 - Value,Event 1 - Label,Event 1 - Value,Custom Field 1 - Label,Custom Field 1 - Value\n"
    "Grace,Brewster,Hopper,Gureisu,Rear Admiral,,Amazing Grace,US Navy,Computer Scientist,,--12-09,Invented COBOL,"
    "https://lh3.example/photo.jpg,* myContacts ::: Navy,* Home,grace@example.org ::: grace2@example.org,"
    "Work,ghopper@navy.example,Mobile,+1 202 555 0147,Assistant,+1 202 555 0149,"
    "Home,\"12 Arlington Rd\nArlington VA\",12 Arlington Rd,Arlington,,VA,22201,USA,,"
    "Profile,https://grace.example,Anniversary,1930-06-15,Shoe size,7\n";

const QByteArray kGoogleOld =
    "Name,Given Name,Additional Name,Family Name,Birthday,Gender,Group Membership,E-mail 1 - Type,E-mail 1 - Value,"
    "Phone 1 - Type,Phone 1 - Value,Organization 1 - Name,Organization 1 - Title\n"
    "Alan Turing,Alan,Mathison,Turing,1912-06-23,male,* myContacts,* Work,alan@example.org,Home Fax,+44 1 555,GCHQ,Cryptanalyst\n";

const QByteArray kLdif =
    "version: 1\n"
    "# exported by Thunderbird\n"
    "dn: cn=Ada Lovelace,mail=ada@example.org\n"
    "objectclass: top\n"
    "objectclass: person\n"
    "objectclass: inetOrgPerson\n"
    "objectclass: mozillaAbPersonAlpha\n"
    "givenName: Ada\n"
    "sn: Lovelace\n"
    "cn: Ada Lovelace\n"
    "mail: ada@example.org\n"
    "mozillaSecondEmail: countess@example.org\n"
    "telephoneNumber: +44 20 7946 0001\n"
    "mobile: +44 7700 900001\n"
    "o: Analytical Engines Ltd\n"
    "title: Programmer\n"
    "street: 12 St James's Square\n"
    "l: London\n"
    "postalCode: SW1Y 4JH\n"
    "c: UK\n"
    "birthmonth: 12\n"
    "birthday: 10\n"
    "description:: Rmlyc3QgbGluZQpTZWNvbmQgbGluZSwgd2l0aCDDnG1sYXV0\n"
    "mozillaCustom1: likes\n"
    "  poetry\n"
    "modifytimestamp: 20240101120000Z\n"
    "\n"
    "dn: cn=Charles Babbage,mail=charles@example.org\n"
    "objectclass: inetOrgPerson\n"
    "cn: Charles Babbage\n"
    "mail: charles@example.org\n"
    "jpegPhoto:< file:///etc/passwd\n"
    "\n"
    "dn: cn=Engine Club\n"
    "objectclass: top\n"
    "objectclass: groupOfNames\n"
    "cn: Engine Club\n"
    "member: cn=Ada Lovelace,mail=ada@example.org\n"
    "member: cn=Charles Babbage, mail=charles@example.org\n"
    "\n"
    "dn: cn=change\n"
    "changetype: delete\n";

} // namespace

class TestContactImport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void csvTable_data();
    void csvTable();
    void outlook_data();
    void outlook();
    void outlookSecondRow();
    void google();
    void googleOldLayout();
    void unknownCsv();
    void ldifParser();
    void ldifContacts_data();
    void ldifContacts();
    void mutatedInputNeverCrashes();
};

void TestContactImport::csvTable_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QStringList>("header");
    QTest::addColumn<QList<QStringList>>("rows");
    QTest::addColumn<int>("issues");
    QTest::newRow("simple") << QByteArray("a,b\r\n1,2\r\n") << QStringList{u"a"_s, u"b"_s}
                            << QList<QStringList>{{u"1"_s, u"2"_s}} << 0;
    QTest::newRow("quoted") << QByteArray("a,b\n\"x, \"\"y\"\"\",\"multi\nline\"\n") << QStringList{u"a"_s, u"b"_s}
                            << QList<QStringList>{{u"x, \"y\""_s, u"multi\nline"_s}} << 0;
    QTest::newRow("semicolon") << QByteArray("a;b;c\n1;2,5;3\n") << QStringList{u"a"_s, u"b"_s, u"c"_s}
                               << QList<QStringList>{{u"1"_s, u"2,5"_s, u"3"_s}} << 0;
    QTest::newRow("latin1") << QByteArray("Name\nM\xfcller\n") << QStringList{u"Name"_s} << QList<QStringList>{{u"Müller"_s}} << 0;
    QTest::newRow("utf16") << QByteArray("\xFF\xFEN\0a\0m\0e\0\n\0x\0\n\0", 16) << QStringList{u"Name"_s}
                           << QList<QStringList>{{u"x"_s}} << 0;
    QTest::newRow("blank-rows-no-final-eol") << QByteArray("a\n\n,\n1") << QStringList{u"a"_s}
                                             << QList<QStringList>{{u"1"_s}} << 0;
    QTest::newRow("unterminated") << QByteArray("a,b\n1,\"open\n") << QStringList{u"a"_s, u"b"_s}
                                  << QList<QStringList>{{u"1"_s, u"open\n"_s}} << 1;
    QTest::newRow("empty") << QByteArray() << QStringList{} << QList<QStringList>{} << 0;
}

void TestContactImport::csvTable()
{
    QFETCH(QByteArray, input);
    QFETCH(QStringList, header);
    QFETCH(QList<QStringList>, rows);
    QFETCH(int, issues);
    const CsvTable t = parseCsv(input);
    QCOMPARE(t.header, header);
    QList<QStringList> got;
    for (const CsvRow &r : t.rows)
        got.append(r.cells);
    QCOMPARE(got, rows);
    QCOMPARE(t.issues.size(), issues);
}

void TestContactImport::outlook_data()
{
    QTest::addColumn<VCardVersion>("version");
    QTest::newRow("4.0") << VCardVersion::V40;
    QTest::newRow("3.0") << VCardVersion::V30;
}

void TestContactImport::outlook()
{
    QFETCH(VCardVersion, version);
    const ContactImport imp = importContactsCsv(kOutlook, version);
    QCOMPARE(imp.format, u"Outlook CSV"_s);
    QVERIFY(imp.issues.isEmpty());
    QCOMPARE(imp.contacts.size(), 2);
    verifyClean(imp);
    const VCard &c = imp.contacts[0].card;
    QCOMPARE(c.version(), version);
    QCOMPARE(c.formattedName(), u"Dr. Jane Q Doe PhD"_s);
    QCOMPARE(c.components(c.lines()[c.indexOf("N")]),
             (QStringList{u"Doe"_s, u"Jane"_s, u"Q"_s, u"Dr."_s, u"PhD"_s}));
    QCOMPARE(c.emails(), (QStringList{u"jane@acme.example"_s, u"jane@home.example"_s, u"jdoe@old.example"_s}));
    QCOMPARE(valuesOf(c, "TEL"), (QStringList{u";TYPE=home,voice:+1 217 555 0101"_s, u";TYPE=cell:+1 217 555 0102"_s,
                                              u";TYPE=work,voice:+1 217 555 0100"_s, u";TYPE=work,fax:+1 217 555 0104"_s,
                                              u"item1.:+1 217 555 0103"_s}));
    QCOMPARE(valuesOf(c, "X-ABLabel"), QStringList{u"item1.:Assistant"_s});
    const QList<qsizetype> adrs = c.indexesOf("ADR");
    QCOMPARE(adrs.size(), 2);
    QCOMPARE(c.components(c.lines()[adrs[0]]),
             (QStringList{QString(), QString(), u"1 Main St, Suite 5"_s, u"Springfield"_s, u"IL"_s, u"62701"_s, u"USA"_s}));
    QCOMPARE(c.components(c.lines()[adrs[1]]).value(2), u"12 Elm Rd\nFlat 3"_s);
    QCOMPARE(c.lines()[adrs[1]].paramValue("TYPE"), QByteArray("home"));
    QCOMPARE(c.components(c.lines()[c.indexOf("ORG")]), (QStringList{u"ACME Corp"_s, u"R&D"_s}));
    if (version == VCardVersion::V40) {
        QCOMPARE(valuesOf(c, "BDAY"), QStringList{u":19850412"_s});
        QCOMPARE(valuesOf(c, "GENDER"), QStringList{u":F"_s});
    } else {
        QCOMPARE(valuesOf(c, "BDAY"), QStringList{u":1985-04-12"_s});
    }
    QCOMPARE(c.indexOf("ANNIVERSARY"), -1); // "0/0/00" is Outlook's empty date
    QCOMPARE(valuesOf(c, "URL"), QStringList{u":https://jane.example"_s});
    QCOMPARE(valuesOf(c, "CATEGORIES"), QStringList{u":Friends,VIP"_s});
    const QString kept = version == VCardVersion::V40 ? u"Kept by Ferry:\nUser 1: blue\nSpouse: John"_s
                                                      : u"Kept by Ferry:\nGender: Female\nUser 1: blue\nSpouse: John"_s;
    QCOMPARE(noteOf(c), u"Line one\nLine \"two\"\n\n"_s + kept);
    QVERIFY(c.uid().size() > 30);
    QCOMPARE(importContactsCsv(kOutlook, version).contacts[0].card.uid(), c.uid()); // stable across runs
}

void TestContactImport::outlookSecondRow()
{
    const ContactImport imp = importContactsCsv(kOutlook);
    const ImportedContact &bob = imp.contacts[1];
    QCOMPARE(bob.line, 4); // Jane's quoted note spans two lines
    QCOMPARE(bob.card.formattedName(), u"Bob Smith"_s);
    QCOMPARE(bob.card.emails(), QStringList{u"bob@example.org"_s});
    QCOMPARE(valuesOf(bob.card, "BDAY"), QStringList{u":19901231"_s}); // D.M.YYYY
    // 13/31/2000 is no date: kept, and reported on the item.
    QCOMPARE(bob.issues.size(), 1);
    QCOMPARE(bob.issues.first().kind, VCardIssue::InvalidDate);
    QCOMPARE(noteOf(bob.card), u"Kept by Ferry:\nAnniversary: 13/31/2000"_s);
    QVERIFY(imp.contacts[0].card.uid() != bob.card.uid());
}

void TestContactImport::google()
{
    const ContactImport imp = importContactsCsv(kGoogle, VCardVersion::V40);
    QCOMPARE(imp.format, u"Google CSV"_s);
    QCOMPARE(imp.contacts.size(), 1);
    verifyClean(imp);
    const VCard &c = imp.contacts[0].card;
    QCOMPARE(c.formattedName(), u"Rear Admiral Grace Brewster Hopper"_s);
    QCOMPARE(valuesOf(c, "EMAIL"), (QStringList{u";TYPE=home;PREF=1:grace@example.org"_s, u";TYPE=home;PREF=1:grace2@example.org"_s,
                                                u";TYPE=work:ghopper@navy.example"_s}));
    QCOMPARE(valuesOf(c, "TEL"), (QStringList{u";TYPE=cell:+1 202 555 0147"_s, u"item2.:+1 202 555 0149"_s}));
    QCOMPARE(valuesOf(c, "X-ABLabel"), (QStringList{u"item1.:Profile"_s, u"item2.:Assistant"_s}));
    QCOMPARE(valuesOf(c, "BDAY"), QStringList{u":--1209"_s});
    QCOMPARE(valuesOf(c, "ANNIVERSARY"), QStringList{u":19300615"_s});
    QCOMPARE(valuesOf(c, "PHOTO"), QStringList{u":https://lh3.example/photo.jpg"_s});
    QCOMPARE(valuesOf(c, "CATEGORIES"), QStringList{u":myContacts,Navy"_s});
    QCOMPARE(valuesOf(c, "NICKNAME"), QStringList{u":Amazing Grace"_s});
    QCOMPARE(valuesOf(c, "X-PHONETIC-FIRST-NAME"), QStringList{u":Gureisu"_s});
    QCOMPARE(c.components(c.lines()[c.indexOf("ADR")]),
             (QStringList{QString(), QString(), u"12 Arlington Rd"_s, u"Arlington"_s, u"VA"_s, u"22201"_s, u"USA"_s}));
    QCOMPARE(valuesOf(c, "URL"), QStringList{u"item1.:https://grace.example"_s});
    QCOMPARE(noteOf(c), u"Invented COBOL\n\nKept by Ferry:\nShoe size: 7"_s);

    // 3.0: yearless birthday the Apple way, photo URI marked.
    const VCard c30 = importContactsCsv(kGoogle, VCardVersion::V30).contacts[0].card;
    QCOMPARE(valuesOf(c30, "BDAY"), QStringList{u";X-APPLE-OMIT-YEAR=1604:1604-12-09"_s});
    QCOMPARE(valuesOf(c30, "PHOTO"), QStringList{u";VALUE=uri:https://lh3.example/photo.jpg"_s});
    QCOMPARE(valuesOf(c30, "X-ANNIVERSARY"), QStringList{u":1930-06-15"_s});
    QCOMPARE(valuesOf(c30, "EMAIL").first(), u";TYPE=home,pref:grace@example.org"_s);
}

void TestContactImport::googleOldLayout()
{
    const ContactImport imp = importContactsCsv(kGoogleOld, VCardVersion::V40);
    QCOMPARE(imp.format, u"Google CSV"_s);
    verifyClean(imp);
    const VCard &c = imp.contacts[0].card;
    QCOMPARE(c.formattedName(), u"Alan Turing"_s);
    QCOMPARE(valuesOf(c, "EMAIL"), QStringList{u";TYPE=work;PREF=1:alan@example.org"_s});
    QCOMPARE(valuesOf(c, "TEL"), QStringList{u";TYPE=home,fax:+44 1 555"_s});
    QCOMPARE(c.components(c.lines()[c.indexOf("ORG")]), QStringList{u"GCHQ"_s});
    QCOMPARE(valuesOf(c, "TITLE"), QStringList{u":Cryptanalyst"_s});
    QCOMPARE(valuesOf(c, "BDAY"), QStringList{u":19120623"_s});
    QCOMPARE(noteOf(c), u"Kept by Ferry:\nGender: male"_s);
}

void TestContactImport::unknownCsv()
{
    const ContactImport imp = importContactsCsv("Who,Phone number\nAnn,123\n");
    QCOMPARE(imp.format, u"CSV"_s);
    QCOMPARE(imp.issues.size(), 1);
    QCOMPARE(imp.contacts.size(), 1);
    QCOMPARE(imp.contacts[0].card.formattedName(), u"Ann"_s);
    QCOMPARE(noteOf(imp.contacts[0].card), u"Kept by Ferry:\nWho: Ann\nPhone number: 123"_s);
    verifyClean(imp);
}

void TestContactImport::ldifParser()
{
    const LdifFile f = parseLdif(kLdif);
    QCOMPARE(f.entries.size(), 3); // the change record is reported, not returned
    QCOMPARE(f.issues.size(), 1);
    QVERIFY(f.issues.first().message.contains(u"changetype"_s));
    const LdifEntry &ada = f.entries[0];
    QCOMPARE(ada.line, 3);
    QCOMPARE(ada.dn, QByteArray("cn=Ada Lovelace,mail=ada@example.org"));
    QCOMPARE(ada.value("mozillacustom1"), QByteArray("likes poetry")); // folded, one space removed
    QCOMPARE(ada.value("description"), QByteArray("First line\nSecond line, with \xC3\x9Cmlaut"));
    QCOMPARE(ada.values("objectclass").size(), 4);
    const LdifEntry &charles = f.entries[1];
    QCOMPARE(charles.issues.size(), 1);
    QCOMPARE(charles.issues.first().kind, VCardIssue::Unsupported);
    QCOMPARE(charles.value("jpegphoto"), QByteArray());

    const LdifFile bad = parseLdif("dn:: !!!\ncn: x\n\n continuation\nnocolon\n");
    QVERIFY(!bad.issues.isEmpty());
}

void TestContactImport::ldifContacts_data()
{
    QTest::addColumn<VCardVersion>("version");
    QTest::newRow("4.0") << VCardVersion::V40;
    QTest::newRow("3.0") << VCardVersion::V30;
}

void TestContactImport::ldifContacts()
{
    QFETCH(VCardVersion, version);
    const bool v40 = version == VCardVersion::V40;
    const ContactImport imp = importContactsLdif(kLdif, version);
    QCOMPARE(imp.format, u"LDIF"_s);
    QCOMPARE(imp.contacts.size(), 3);
    verifyClean(imp);
    const VCard &ada = imp.contacts[0].card;
    const QByteArray adaUid = ldifUid("cn=Ada Lovelace,mail=ada@example.org");
    QCOMPARE(ada.uid(), v40 ? "urn:uuid:" + adaUid : adaUid);
    QCOMPARE(ada.formattedName(), u"Ada Lovelace"_s);
    QCOMPARE(ada.emails(), (QStringList{u"ada@example.org"_s, u"countess@example.org"_s}));
    QCOMPARE(ada.indexesOf("TEL").size(), 2);
    QCOMPARE(ada.components(ada.lines()[ada.indexOf("ADR")]),
             (QStringList{QString(), QString(), u"12 St James's Square"_s, u"London"_s, QString(), u"SW1Y 4JH"_s, u"UK"_s}));
    QCOMPARE(valuesOf(ada, "BDAY"), QStringList{v40 ? u":--1210"_s : u";X-APPLE-OMIT-YEAR=1604:1604-12-10"_s});
    QCOMPARE(noteOf(ada), u"First line\nSecond line, with Ümlaut\n\nKept by Ferry:\nmozillacustom1: likes poetry"_s);

    const ImportedContact &charles = imp.contacts[1];
    QCOMPARE(charles.issues.size(), 1); // the refused "<" URL
    QCOMPARE(charles.card.indexOf("PHOTO"), -1);

    const VCard &club = imp.contacts[2].card;
    QVERIFY(club.isGroup());
    QCOMPARE(club.formattedName(), u"Engine Club"_s);
    const QByteArray member = v40 ? "MEMBER" : "X-ADDRESSBOOKSERVER-MEMBER";
    QCOMPARE(valuesOf(club, member),
             (QStringList{u":urn:uuid:"_s + QString::fromLatin1(adaUid),
                          u":urn:uuid:"_s + QString::fromLatin1(ldifUid("cn=Charles Babbage,mail=charles@example.org"))}));
    // The member spelled with a blank after ',' is the same entry as Charles.
    QCOMPARE(ldifUid("CN=Charles Babbage, mail=charles@example.org"), ldifUid("cn=charles babbage,mail=charles@example.org"));
    if (!v40)
        QCOMPARE(valuesOf(club, "N"), QStringList{u":Engine Club;;;;"_s});
}

// Seeded random damage to the CSV and LDIF samples: never a crash, every
// contact still a clean vCard.
void TestContactImport::mutatedInputNeverCrashes()
{
    std::mt19937 rng(4180);
    const QList<QByteArray> seeds{kOutlook, kGoogle, kGoogleOld, kLdif};
    static const char kInteresting[] = ",;:\"\r\n \t#<";
    for (int round = 0; round < 800; ++round) {
        QByteArray b = seeds[round % seeds.size()];
        for (int e = 0; e < 1 + int(rng() % 5) && !b.isEmpty(); ++e) {
            const qsizetype at = qsizetype(rng() % quint32(b.size()));
            switch (rng() % 4) {
            case 0: b[at] = char(rng() % 256); break;
            case 1: b[at] = kInteresting[rng() % (sizeof(kInteresting) - 1)]; break;
            case 2: b.truncate(at); break;
            case 3: b.remove(at, qsizetype(rng() % 30)); break;
            }
        }
        const ContactImport imp = round % 4 == 3 ? importContactsLdif(b) : importContactsCsv(b, round % 2 ? VCardVersion::V30 : VCardVersion::V40);
        for (const ImportedContact &c : imp.contacts) {
            const VCardFile back = readVCards(c.card.toBytes());
            QCOMPARE(back.cards.size(), 1);
            for (const VCardIssue &i : back.cards.first().issues)
                QVERIFY2(i.kind == VCardIssue::MissingFn, qPrintable(i.message)); // an LDIF entry may have no name at all
        }
    }
}

QTEST_GUILESS_MAIN(TestContactImport)
#include "tst_contactimport.moc"
