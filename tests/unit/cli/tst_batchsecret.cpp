// Password references of `ferry-cli batch`: which texts are references, and how
// each is read — env: (unset, empty), file: (permissions, first line, CRLF) and
// prompt (no terminal). No message ever holds the password.
#include <batchsecret.h>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace ferry;
using namespace ferry::cli;
using namespace Qt::StringLiterals;

class TestBatchSecret : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected"); // toString(); empty: not a reference
        QTest::newRow("env") << u"env:ANNA_PW"_s << u"env:ANNA_PW"_s;
        QTest::newRow("env, spaces around") << u"  env:_X1 "_s << u"env:_X1"_s;
        QTest::newRow("env, no name") << u"env:"_s << QString();
        QTest::newRow("env, digit first") << u"env:1X"_s << QString();
        QTest::newRow("env, dash") << u"env:A-B"_s << QString();
        QTest::newRow("file") << u"file:/etc/ferry/anna.pw"_s << u"file:/etc/ferry/anna.pw"_s;
        QTest::newRow("file, relative") << u"file:anna.pw"_s << u"file:anna.pw"_s;
        QTest::newRow("file, no path") << u"file:"_s << QString();
        QTest::newRow("prompt") << u"prompt"_s << u"prompt"_s;
        QTest::newRow("Prompt is a password") << u"Prompt"_s << QString();
        QTest::newRow("ENV: is a password") << u"ENV:X"_s << QString();
        QTest::newRow("literal") << u"hunter2"_s << QString();
        QTest::newRow("empty") << QString() << QString();
    }
    void parse()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const auto ref = SecretRef::parse(text);
        QCOMPARE(ref ? ref->toString() : QString(), expected);
    }

    void env()
    {
        const SecretRef ref = *SecretRef::parse(u"env:FERRY_TST_BATCH_PW"_s);
        qunsetenv("FERRY_TST_BATCH_PW");
        auto unset = resolveSecret(ref, u"from_password"_s, {}, {});
        QVERIFY(!unset.ok());
        QCOMPARE(unset.error().what, u"from_password: the environment variable FERRY_TST_BATCH_PW is not set"_s);
        qputenv("FERRY_TST_BATCH_PW", QByteArray());
        auto empty = resolveSecret(ref, u"from_password"_s, {}, {});
        QVERIFY(!empty.ok());
        QVERIFY(empty.error().what.contains(u"is empty"_s));
        qputenv("FERRY_TST_BATCH_PW", "s3cr3t-env");
        auto set = resolveSecret(ref, u"from_password"_s, {}, {});
        QVERIFY(set.ok());
        QCOMPARE((*set)->reveal(), "s3cr3t-env"_ba);
        qunsetenv("FERRY_TST_BATCH_PW");
    }

    void file_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<int>("mode");
        QTest::addColumn<QByteArray>("expected"); // empty: refused
        QTest::addColumn<QString>("why");

        QTest::newRow("private") << "pw-one\nsecond line\n"_ba << 0600 << "pw-one"_ba << QString();
        QTest::newRow("owner read-only") << "pw-two"_ba << 0400 << "pw-two"_ba << QString();
        QTest::newRow("CRLF") << "pw-three\r\n"_ba << 0600 << "pw-three"_ba << QString();
        QTest::newRow("spaces kept") << " pw four \n"_ba << 0600 << " pw four "_ba << QString();
        QTest::newRow("group readable") << "pw"_ba << 0640 << QByteArray() << u"(mode 0640)"_s;
        QTest::newRow("others readable") << "pw"_ba << 0604 << QByteArray() << u"(mode 0604)"_s;
        QTest::newRow("group writable") << "pw"_ba << 0620 << QByteArray() << u"can be read or changed by other users"_s;
        QTest::newRow("empty first line") << "\npw\n"_ba << 0600 << QByteArray() << u"the first line of"_s;
        QTest::newRow("empty file") << QByteArray() << 0600 << QByteArray() << u"the first line of"_s;
    }
    void file()
    {
        QFETCH(QByteArray, content);
        QFETCH(int, mode);
        QFETCH(QByteArray, expected);
        QFETCH(QString, why);
        QTemporaryDir dir;
        const QString path = dir.filePath(u"pw"_s);
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(content);
        }
        QFile::Permissions perms;
        if (mode & 0400) perms |= QFile::ReadOwner;
        if (mode & 0200) perms |= QFile::WriteOwner;
        if (mode & 0040) perms |= QFile::ReadGroup;
        if (mode & 0020) perms |= QFile::WriteGroup;
        if (mode & 0004) perms |= QFile::ReadOther;
        QVERIFY(QFile::setPermissions(path, perms));
        auto secret = resolveSecret(*SecretRef::parse(u"file:"_s + path), u"to_password"_s, {}, {});
        if (!expected.isEmpty()) {
            QVERIFY2(secret.ok(), qPrintable(secret.ok() ? QString() : secret.error().what));
            QCOMPARE((*secret)->reveal(), expected);
            return;
        }
        QVERIFY(!secret.ok());
        QCOMPARE(secret.error().code, ErrorCode::Usage);
        QVERIFY2(secret.error().what.startsWith(u"to_password: "_s), qPrintable(secret.error().what));
        QVERIFY2(secret.error().what.contains(why), qPrintable(secret.error().what));
        QVERIFY(!secret.error().what.contains(u"pw\n"_s));
        if (mode & 0066)
            QCOMPARE(secret.error().hint, u"run: chmod 600 %1"_s.arg(path));
    }

    void fileMissingOrDirectory()
    {
        QTemporaryDir dir;
        auto missing = resolveSecret(*SecretRef::parse(u"file:"_s + dir.filePath(u"nope"_s)), u"x"_s, {}, {});
        QVERIFY(!missing.ok());
        QVERIFY(missing.error().what.contains(u"there is no file"_s));
        auto directory = resolveSecret(*SecretRef::parse(u"file:"_s + dir.path()), u"x"_s, {}, {});
        QVERIFY(!directory.ok());
        QVERIFY(directory.error().what.contains(u"is not a file"_s));
    }

    void prompt()
    {
        const SecretRef ref = *SecretRef::parse(u"prompt"_s);
        QString asked;
        auto typed = resolveSecret(ref, u"from_password"_s, u"Password for anna: "_s,
                                   [&](const QString &p, QByteArray &out) {
                                       asked = p;
                                       out = "typed-pw";
                                       return true;
                                   });
        QVERIFY(typed.ok());
        QCOMPARE((*typed)->reveal(), "typed-pw"_ba);
        QCOMPARE(asked, u"Password for anna: "_s);
        auto noTerminal = resolveSecret(ref, u"from_password"_s, u"?"_s, [](const QString &, QByteArray &) { return false; });
        QVERIFY(!noTerminal.ok());
        QVERIFY(noTerminal.error().what.contains(u"no terminal"_s));
        auto nothing = resolveSecret(ref, u"from_password"_s, u"?"_s, [](const QString &, QByteArray &out) {
            out.clear();
            return true;
        });
        QVERIFY(!nothing.ok());
    }
};

QTEST_GUILESS_MAIN(TestBatchSecret)
#include "tst_batchsecret.moc"
