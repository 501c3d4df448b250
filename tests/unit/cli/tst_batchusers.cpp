// The users file of `ferry-cli batch`: the header (a broken one refuses the file),
// and each row (a broken one is reported with its line, the others stay usable):
// accounts, password references (a literal password is refused and never quoted),
// only, map_address and the person's own address mapping, duplicates.
#include <batchusers.h>

#include <QTest>

using namespace ferry;
using namespace ferry::cli;
using namespace Qt::StringLiterals;

namespace {
const QByteArray kHeader = "name,from,to,from_password,to_password\n"_ba;

// "name: ok" or "name: <problem text>" per person (label when there is no name).
QStringList flatten(const QList<BatchPerson> &people)
{
    QStringList out;
    for (const BatchPerson &p : people)
        out << (p.ok() ? u"%1: ok"_s.arg(p.label()) : p.problemText());
    return out;
}
} // namespace

class TestBatchUsers : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void header_data()
    {
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<QString>("error"); // empty: accepted

        QTest::newRow("required") << kHeader << QString();
        QTest::newRow("all, any order, any case")
            << "ONLY,to_dav,Name,from,to,from_dav,to_password,from_password,map_address\n"_ba << QString();
        QTest::newRow("BOM and CRLF") << "\xEF\xBB\xBFname,from,to,from_password,to_password\r\n"_ba << QString();
        QTest::newRow("missing column") << "name,from,to,from_password\n"_ba << u"missing column to_password"_s;
        QTest::newRow("missing two") << "name,from,to\n"_ba << u"missing columns from_password, to_password"_s;
        QTest::newRow("unknown column") << "name,from,to,from_password,to_password,password\n"_ba
                                        << u"unknown column 'password'"_s;
        QTest::newRow("twice") << "name,from,to,from_password,to_password,to\n"_ba << u"named twice"_s;
        QTest::newRow("unnamed column") << "name,from,to,,from_password,to_password\n"_ba << u"column 4 has no name"_s;
        QTest::newRow("empty file") << QByteArray() << u"the file is empty"_s;
        QTest::newRow("broken header") << "\"name,from\n"_ba << u"line 1"_s;
        QTest::newRow("not UTF-8") << "name,from,to,from_password,to_password\nJ\xF6rg\n"_ba << u"not UTF-8"_s;
    }
    void header()
    {
        QFETCH(QByteArray, csv);
        QFETCH(QString, error);
        auto people = parseBatchUsers(csv);
        if (error.isEmpty()) {
            QVERIFY2(people.ok(), qPrintable(people.ok() ? QString() : people.error().what));
            return;
        }
        QVERIFY(!people.ok());
        QCOMPARE(people.error().code, ErrorCode::Usage);
        QVERIFY2(people.error().what.contains(error), qPrintable(people.error().what));
    }

    void rows_data()
    {
        QTest::addColumn<QByteArray>("rows"); // after kHeader
        QTest::addColumn<QStringList>("batchOnly");
        QTest::addColumn<QStringList>("expected");

        const QByteArray anna = "anna,imaps://anna@old.example,imaps://anna@new.example:1993,env:ANNA_OLD,file:/run/pw/anna\n"_ba;
        QTest::newRow("fine") << anna << QStringList{} << QStringList{u"row 2 (anna): ok"_s};
        QTest::newRow("prompt") << "bo,imaps://bo@a.example,imaps://bo@b.example,prompt,prompt\n"_ba << QStringList{}
                                << QStringList{u"row 2 (bo): ok"_s};
        QTest::newRow("literal password refused")
            << "anna,imaps://anna@a.example,imaps://anna@b.example,env:X,hunter2\n"_ba << QStringList{}
            << QStringList{u"row 2 (anna): to_password must be env:VAR, file:PATH or prompt — passwords are not written into files"_s};
        QTest::newRow("looks like a reference but is not")
            << "anna,imaps://anna@a.example,imaps://anna@b.example,env:1BAD,env:\n"_ba << QStringList{}
            << QStringList{u"row 2 (anna): from_password must be env:VAR, file:PATH or prompt — passwords are not "
                           "written into files; to_password must be env:VAR, file:PATH or prompt — passwords are not "
                           "written into files"_s};
        QTest::newRow("missing cells")
            << "anna,imaps://anna@a.example,imaps://anna@b.example,env:X\n"_ba << QStringList{}
            << QStringList{u"row 2 (anna): to_password is empty (env:VAR, file:PATH or prompt)"_s};
        QTest::newRow("too many cells")
            << "anna,imaps://anna@a.example,imaps://anna@b.example,env:X,env:Y,extra\n"_ba << QStringList{}
            << QStringList{u"row 2 (anna): 6 fields, but the header names 5 columns (a comma inside a value needs quotes)"_s};
        QTest::newRow("bad url, others go on")
            << "bert,imap://bert@a.example,imaps://bert@b.example,env:X,env:Y\n"_ba + anna << QStringList{}
            << QStringList{u"row 2 (bert): from: imap:// is plaintext; Ferry only speaks TLS"_s, u"row 3 (anna): ok"_s};
        QTest::newRow("no user")
            << "x,imaps://a.example,imaps://x@b.example,env:X,env:Y\n"_ba << QStringList{}
            << QStringList{u"row 2 (x): from: no user name in imaps://a.example"_s};
        QTest::newRow("web address as mail")
            << "x,https://x@a.example,imaps://x@b.example,env:X,env:Y\n"_ba << QStringList{}
            << QStringList{u"row 2 (x): from: https://x@a.example is a web address, not a mail server (write "
                           "imaps://USER@HOST[:PORT]; contacts and calendars go in from_dav / to_dav)"_s};
        QTest::newRow("to without from")
            << "x,,imaps://x@b.example,env:X,env:Y\n"_ba << QStringList{}
            << QStringList{u"row 2 (x): from is empty (from and to go together)"_s};
        QTest::newRow("no name") << ",imaps://x@a.example,imaps://x@b.example,env:X,env:Y\n"_ba << QStringList{}
                                 << QStringList{u"row 2: name is empty"_s};
        QTest::newRow("quoted row with embedded line break keeps its line")
            << "\"Berg,\nAnna\",imaps://anna@a.example,imaps://anna@b.example,env:X,env:Y\nbo,x\n"_ba << QStringList{}
            << QStringList{u"row 2 (Berg,\nAnna): ok"_s,
                           u"row 4 (bo): to is empty (from and to go together); from_password is empty (env:VAR, file:PATH or prompt); to_password is empty (env:VAR, "
                           "file:PATH or prompt)"_s};
        QTest::newRow("malformed record in its place")
            << "\"a\"b,c\n"_ba + anna << QStringList{}
            << QStringList{u"row 2: text after a closing quote (a quote inside a quoted field is written twice: \"\")"_s,
                           u"row 3 (anna): ok"_s};
        QTest::newRow("duplicate name")
            << anna + "Anna,imaps://anna2@a.example,imaps://anna2@b.example,env:X,env:Y\n"_ba << QStringList{}
            << QStringList{u"row 2 (anna): ok"_s,
                           u"row 3 (Anna): the name is also on row 2 (names must be unique: they name the reports)"_s};
        QTest::newRow("same report file name")
            << "a/b,imaps://x@a.example,imaps://x@b.example,env:X,env:Y\na:b,imaps://y@a.example,imaps://y@b.example,env:X,env:Y\n"_ba
            << QStringList{}
            << QStringList{u"row 2 (a/b): ok"_s,
                           u"row 3 (a:b): its report name a_b.json is taken by row 2 (use a name that differs in "
                           "letters or digits)"_s};
        QTest::newRow("same accounts twice")
            << anna + "anne,imaps://anna@old.example,imaps://anna@new.example:1993,env:X,env:Y\n"_ba << QStringList{}
            << QStringList{u"row 2 (anna): ok"_s,
                           u"row 3 (anne): the same accounts as row 2: one person's move cannot run twice at once"_s};
    }
    void rows()
    {
        QFETCH(QByteArray, rows);
        QFETCH(QStringList, batchOnly);
        QFETCH(QStringList, expected);
        auto people = parseBatchUsers(kHeader + rows, batchOnly);
        QVERIFY2(people.ok(), qPrintable(people.ok() ? QString() : people.error().what));
        QCOMPARE(flatten(*people), expected);
    }

    void literalPasswordNeverQuoted()
    {
        auto people = parseBatchUsers(kHeader + "x,imaps://x@a.example,imaps://x@b.example,S3cret!,env:Y\n"_ba);
        QVERIFY(people.ok());
        QVERIFY(!people->first().ok());
        QVERIFY(!people->first().problemText().contains(u"S3cret"_s));
    }

    void optionalColumns_data()
    {
        QTest::addColumn<QByteArray>("row"); // name,from,to,from_password,to_password,from_dav,to_dav,map_address,only
        QTest::addColumn<QStringList>("batchOnly");
        QTest::addColumn<QString>("problem");     // empty: fine
        QTest::addColumn<QStringList>("only");

        QTest::newRow("only, several separators")
            << "x,imaps://x@a.example,imaps://x@b.example,env:A,env:B,,,,\"mail, Contacts;tasks\"\n"_ba << QStringList{}
            << QString() << QStringList{u"mail"_s, u"contacts"_s, u"tasks"_s};
        QTest::newRow("only unknown")
            << "x,imaps://x@a.example,imaps://x@b.example,env:A,env:B,,,,notes\n"_ba << QStringList{}
            << u"only: unknown data type 'notes'"_s << QStringList{};
        QTest::newRow("batch --only applies")
            << "x,imaps://x@a.example,imaps://x@b.example,env:A,env:B,,,,\n"_ba << QStringList{u"mail"_s} << QString()
            << QStringList{u"mail"_s};
        QTest::newRow("row and --only meet")
            << "x,imaps://x@a.example,imaps://x@b.example,env:A,env:B,,,,mail contacts\n"_ba
            << QStringList{u"contacts"_s, u"calendar"_s} << QString() << QStringList{u"contacts"_s};
        QTest::newRow("row and --only do not meet")
            << "x,imaps://x@a.example,imaps://x@b.example,env:A,env:B,,,,mail\n"_ba << QStringList{u"contacts"_s}
            << u"leave nothing to move"_s << QStringList{};
        QTest::newRow("DAV only")
            << "x,,,env:A,env:B,https://x@dav.a.example,https://x@dav.b.example/dav,,\n"_ba << QStringList{}
            << QString() << QStringList{};
        QTest::newRow("DAV not https")
            << "x,,,env:A,env:B,imaps://x@a.example,https://x@b.example,,\n"_ba << QStringList{}
            << u"from_dav: imaps://x@a.example is not a CalDAV/CardDAV address"_s << QStringList{};
        QTest::newRow("DAV half")
            << "x,imaps://x@a.example,imaps://x@b.example,env:A,env:B,https://x@a.example,,,\n"_ba << QStringList{}
            << u"to_dav is empty (from_dav and to_dav go together)"_s << QStringList{};
        QTest::newRow("no accounts") << "x,,,env:A,env:B,,,,\n"_ba << QStringList{} << u"no accounts"_s
                                     << QStringList{};
        QTest::newRow("bad map_address")
            << "x,imaps://x@a.example,imaps://x@b.example,env:A,env:B,,,nonsense,\n"_ba << QStringList{}
            << u"map_address nonsense:"_s << QStringList{};
    }
    void optionalColumns()
    {
        QFETCH(QByteArray, row);
        QFETCH(QStringList, batchOnly);
        QFETCH(QString, problem);
        QFETCH(QStringList, only);
        auto people = parseBatchUsers("name,from,to,from_password,to_password,from_dav,to_dav,map_address,only\n"_ba
                                                + row,
                                            batchOnly);
        QVERIFY(people.ok());
        QCOMPARE(people->size(), 1);
        const BatchPerson &p = people->first();
        if (problem.isEmpty()) {
            QVERIFY2(p.ok(), qPrintable(p.problemText()));
            QCOMPARE(p.only, only);
        } else {
            QVERIFY(!p.ok());
            QVERIFY2(p.problemText().contains(problem), qPrintable(p.problemText()));
        }
    }

    void references()
    {
        auto people = parseBatchUsers(kHeader + "x,imaps://x@a.example,imaps://x@b.example, env:OLD_PW ,file:/etc/ferry/x.pw\n"_ba);
        QVERIFY(people.ok());
        const BatchPerson &p = people->first();
        QVERIFY2(p.ok(), qPrintable(p.problemText()));
        QCOMPARE(p.fromPassword.kind, SecretRef::Kind::Env);
        QCOMPARE(p.fromPassword.value, u"OLD_PW"_s);
        QCOMPARE(p.toPassword.kind, SecretRef::Kind::File);
        QCOMPARE(p.toPassword.value, u"/etc/ferry/x.pw"_s);
        QCOMPARE(p.source.port, quint16(993));
    }

    void addressMapping_data()
    {
        QTest::addColumn<QByteArray>("row"); // with map_address
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected"); // null: not mapped

        QTest::newRow("own address by default")
            << "x,imaps://anna%40old.example@imap.old.example,imaps://anna.berg%40new.example@imap.new.example,env:A,env:B,\n"_ba
            << u"ANNA@old.example"_s << u"anna.berg@new.example"_s;
        QTest::newRow("plain user names: nothing")
            << "x,imaps://anna@imap.old.example,imaps://anna@imap.new.example,env:A,env:B,\n"_ba << u"anna"_s
            << QString();
        QTest::newRow("map_address rule")
            << "x,imaps://anna@a.example,imaps://anna@b.example,env:A,env:B,{local}@old.example={local}@new.example\n"_ba
            << u"bo@old.example"_s << u"bo@new.example"_s;
        QTest::newRow("map_address wins for the own address")
            << "x,imaps://anna%40old.example@a.example,imaps://anna%40new.example@b.example,env:A,env:B,anna@old.example=a.b@new.example\n"_ba
            << u"anna@old.example"_s << u"a.b@new.example"_s;
    }
    void addressMapping()
    {
        QFETCH(QByteArray, row);
        QFETCH(QString, input);
        QFETCH(QString, expected);
        auto people = parseBatchUsers("name,from,to,from_password,to_password,map_address\n"_ba + row);
        QVERIFY(people.ok());
        const BatchPerson &p = people->first();
        QVERIFY2(p.ok(), qPrintable(p.problemText()));
        const auto got = p.addresses.map(input);
        if (expected.isNull())
            QVERIFY(!got);
        else
            QCOMPARE(got.value_or(QString()), expected);
    }

    void safeNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << u"alice"_s << u"alice"_s;
        QTest::newRow("slash and spaces") << u"Berg, Anna / IT"_s << u"Berg__Anna___IT"_s;
        QTest::newRow("dots first") << u"../etc/passwd"_s << u"_etc_passwd"_s;
        QTest::newRow("non-ascii letters kept") << u"Jörg Ünal"_s << u"Jörg_Ünal"_s;
        QTest::newRow("nothing left") << u"..."_s << u"person"_s;
        QTest::newRow("the summary's name") << u"Summary"_s << u"Summary_"_s;
        QTest::newRow("long") << QString(200, u'a') << QString(80, u'a');
    }
    void safeNames()
    {
        QFETCH(QString, name);
        QFETCH(QString, expected);
        QCOMPARE(safeReportName(name), expected);
    }
};

QTEST_GUILESS_MAIN(TestBatchUsers)
#include "tst_batchusers.moc"
