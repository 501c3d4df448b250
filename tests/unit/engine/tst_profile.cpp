// Helpdesk profiles: a full one read and applied; every kind of mistake refused
// with the key named (a password anywhere, the plaintext port, a non-https DAV
// address, an unknown data type, a bad day, a bad folder rule); user name templates.
#include <profile/profile.h>

#include <QTemporaryDir>
#include <QTest>

using namespace ferry;

namespace {
// Not a raw string: moc reads the // of a URL inside one as a comment and loses the class.
const char *kFull = "{\"ferryProfile\": 1,\n"
    "  \"helpdesk\": {\"name\": \"Example IT\", \"contact\": \"Call 0800 123 456\", \"url\": \"https://help.example.org\"},\n"
    "  \"old\": {\"imapHost\": \"imap.old.example\", \"imapPort\": 993, \"davUrl\": \"https://dav.old.example/dav/\", \"userName\": \"{local}\"},\n"
    "  \"new\": {\"imapHost\": \"imap.new.example\", \"davUrl\": \"https://dav.new.example/\"},\n"
    "  \"what\": {\"only\": [\"mail\", \"contacts\"], \"skipFolders\": [\"Junk\"], \"mailSince\": \"2020-01-01\"},\n"
    "  \"folderRules\": [\"Old Archive=Archive/Old\"],\n"
    "  \"addressMap\": [\"{local}@old.example={local}@new.example\"],\n"
    "  \"connections\": 2}";
} // namespace

class TestProfile : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fullProfile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("helpdesk.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kFull);
        f.close();
        auto p = Profile::load(path);
        QVERIFY2(p.ok(), qPrintable(p.error().toString()));
        QCOMPARE(p->contactLine(), QStringLiteral("Example IT: Call 0800 123 456 (https://help.example.org)"));
        QCOMPARE(p->old.mailUrl(QStringLiteral("anna@old.example")), QStringLiteral("imaps://anna@imap.old.example:993"));
        QCOMPARE(p->old.davUrlFor(QStringLiteral("anna@old.example")), QStringLiteral("https://anna@dav.old.example/dav/"));
        QCOMPARE(p->target.userFor(QStringLiteral("anna@new.example")), QStringLiteral("anna@new.example"));
        QCOMPARE(p->target.mailUrl(QStringLiteral("anna@new.example")), QStringLiteral("imaps://anna%40new.example@imap.new.example:993"));
        QVERIFY(p->whatIsSet);
        MigrationOptions o;
        o.connections = 4;
        p->applyTo(o);
        QCOMPARE(o.only, (QStringList{QStringLiteral("mail"), QStringLiteral("contacts")}));
        QCOMPARE(o.skipFolders, QStringList{QStringLiteral("Junk")});
        QCOMPARE(o.mailWindow.toString(), QStringLiteral("2020-01-01.."));
        QCOMPARE(o.folderRules.size(), 1);
        QCOMPARE(o.connections, 2);
        QCOMPARE(p->addressRules, QStringList{QStringLiteral("{local}@old.example={local}@new.example")});
    }

    void mistakesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("words");
        QTest::newRow("not json") << QByteArray("{nope") << QStringLiteral("is not JSON");
        QTest::newRow("no version") << QByteArray("{}") << QStringLiteral("ferryProfile");
        QTest::newRow("password") << QByteArray(R"({"ferryProfile":1,"old":{"imapHost":"h","password":"x"}})")
                                  << QStringLiteral("contains a password");
        QTest::newRow("nested secret") << QByteArray(R"({"ferryProfile":1,"extra":[{"apiSecret":"x"}]})")
                                       << QStringLiteral("contains a password");
        QTest::newRow("plaintext port") << QByteArray(R"({"ferryProfile":1,"old":{"imapHost":"h","imapPort":143}})")
                                        << QStringLiteral("plaintext");
        QTest::newRow("http dav") << QByteArray("{\"ferryProfile\":1,\"new\":{\"davUrl\":\"http://dav.example/\"}}")
                                  << QStringLiteral("https://");
        QTest::newRow("unknown type") << QByteArray(R"({"ferryProfile":1,"what":{"only":["mail","notes"]}})")
                                      << QStringLiteral("\"notes\"");
        QTest::newRow("bad day") << QByteArray(R"({"ferryProfile":1,"what":{"mailSince":"1.1.2020"}})")
                                 << QStringLiteral("what.mailSince");
        QTest::newRow("reversed") << QByteArray(R"({"ferryProfile":1,"what":{"mailSince":"2021-01-01","mailUntil":"2020-01-01"}})")
                                  << QStringLiteral("before");
        QTest::newRow("folder rule") << QByteArray(R"({"ferryProfile":1,"folderRules":["no rule"]})")
                                     << QStringLiteral("FROM=TO");
        QTest::newRow("not a list") << QByteArray(R"({"ferryProfile":1,"addressMap":"a=b"})")
                                    << QStringLiteral("list of texts");
        QTest::newRow("connections") << QByteArray(R"({"ferryProfile":1,"connections":99})") << QStringLiteral("1 to 16");
    }
    void mistakesAreRefused()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, words);
        auto p = Profile::parse(json, QStringLiteral("p.json"));
        QVERIFY(!p.ok());
        QCOMPARE(p.error().code, ErrorCode::Usage);
        QVERIFY2(p.error().what.contains(words), qPrintable(p.error().what));
        QVERIFY2(p.error().what.startsWith(QLatin1String("profile p.json: ")), qPrintable(p.error().what));
        QVERIFY(!p.error().hint.isEmpty());
    }

    void nothingSetMeansNothingChanged()
    {
        auto p = Profile::parse(R"({"ferryProfile":1})");
        QVERIFY(p.ok());
        QVERIFY(!p->whatIsSet);
        QVERIFY(p->old.isEmpty());
        MigrationOptions o;
        o.only = {QStringLiteral("mail")};
        p->applyTo(o);
        QCOMPARE(o.only, QStringList{QStringLiteral("mail")});
        QCOMPARE(o.connections, 4);
        QVERIFY(p->contactLine().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestProfile)
#include "tst_profile.moc"
