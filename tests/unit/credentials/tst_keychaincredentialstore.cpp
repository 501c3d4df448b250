// KeychainCredentialStore: on a machine without a keychain (no D-Bus session,
// no Secret Service — CI, kiosks) every call fails quickly and clearly, never
// hangs, never falls back to a plain-text file; with a keychain, a password
// round-trips. The second part is skipped, saying why, when no keychain exists.
// ctest runs this twice: once in the ambient environment, once with a session
// bus address that cannot work (FERRY_EXPECT_NO_KEYCHAIN=1), so the
// no-keychain path is proved on every machine.
#include <keychaincredentialstore.h>

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QUuid>

using namespace ferry;

namespace {

const char NoKeychainText[] = "no system keychain available: passwords are kept in memory for this session";

struct Answer {
    bool called = false;
    Error error;
    std::shared_ptr<const Secret> value;
};

} // namespace

class TestKeychainCredentialStore : public QObject {
    Q_OBJECT

    static bool expectNoKeychain() { return qEnvironmentVariableIntValue("FERRY_EXPECT_NO_KEYCHAIN") == 1; }

    CredentialKey uniqueKey() const
    {
        // A key of our own, so a real keychain's other entries are never touched.
        return {QStringLiteral("imaps"), QStringLiteral("ferry-test-%1").arg(QUuid::createUuid().toString(QUuid::Id128)),
                QStringLiteral("keychain.test.invalid"), 993};
    }

    static bool wait(const Answer &a, int ms)
    {
        QElapsedTimer t;
        t.start();
        while (!a.called && t.elapsed() < ms)
            QTest::qWait(10);
        return a.called;
    }

    Answer write(KeychainCredentialStore &store, const CredentialKey &key, const QByteArray &value, int ms)
    {
        Answer a;
        store.write(key, std::make_shared<const Secret>(value), [&a](Error e) {
            a.called = true;
            a.error = e;
        });
        wait(a, ms);
        return a;
    }

    Answer read(KeychainCredentialStore &store, const CredentialKey &key, int ms)
    {
        Answer a;
        store.read(key, [&a](Result<std::shared_ptr<const Secret>> r) {
            a.called = true;
            if (r.ok())
                a.value = *r;
            else
                a.error = r.error();
        });
        wait(a, ms);
        return a;
    }

    Answer remove(KeychainCredentialStore &store, const CredentialKey &key, int ms)
    {
        Answer a;
        store.remove(key, [&a](Error e) {
            a.called = true;
            a.error = e;
        });
        wait(a, ms);
        return a;
    }

    static void checkNoKeychainError(const Error &e)
    {
        QCOMPARE(e.code, ErrorCode::Internal);
        QCOMPARE(e.what, QString::fromLatin1(NoKeychainText));
        QVERIFY(!e.hint.isEmpty());
    }

private Q_SLOTS:
    void names()
    {
        KeychainCredentialStore store;
        QCOMPARE(KeychainCredentialStore::serviceName(), QStringLiteral("Ferry"));
        QCOMPARE(store.name(), QStringLiteral("system keychain"));
        QCOMPARE(store.timeoutMs(), int(KeychainCredentialStore::DefaultTimeoutMs));
    }

    void invalidKeyIsUsage()
    {
        KeychainCredentialStore store;
        const Answer a = read(store, CredentialKey{QStringLiteral("imaps"), QStringLiteral("a"), QString(), 993}, 1000);
        QVERIFY(a.called);
        QCOMPARE(a.error.code, ErrorCode::Usage);
    }

    // Whatever this machine has, a call is answered within the timeout; without
    // a keychain the answer is the one clear error, for every later call too.
    void answersQuicklyAndClearly()
    {
        KeychainCredentialStore store;
        store.setTimeoutMs(5000);
        const CredentialKey key = uniqueKey();
        const QByteArray password("pw-" + QUuid::createUuid().toByteArray(QUuid::Id128));

        QElapsedTimer timer;
        timer.start();
        Answer a;
        store.write(key, std::make_shared<const Secret>(password), [&a](Error e) {
            a.called = true;
            a.error = e;
        });
        QVERIFY2(!a.called, "callbacks run from the event loop, after the call returns");
        QVERIFY2(wait(a, 8000), "no answer within the timeout: the store hung");
        if (a.error.ok()) {
            QVERIFY2(!expectNoKeychain(), "a keychain answered although the session bus cannot work");
            QVERIFY(remove(store, key, 8000).error.ok());
            return;
        }
        qInfo("keychain: %s", qPrintable(a.error.toString()));
        QVERIFY2(timer.elapsed() < 6000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(!a.error.toString().contains(QString::fromLatin1(password)));
        if (!store.isAvailable()) {
            checkNoKeychainError(a.error);
            // Later calls fail at once with the same words (no second wait).
            timer.restart();
            const Answer r = read(store, key, 1000);
            QVERIFY(r.called);
            checkNoKeychainError(r.error);
            const Answer d = remove(store, key, 1000);
            QVERIFY(d.called);
            checkNoKeychainError(d.error);
            QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
        } else {
            QVERIFY2(!expectNoKeychain(), qPrintable(a.error.toString()));
        }
    }

    // QtKeychain's insecure fallback would write the password to a QSettings
    // file when no keychain exists: it must stay off.
    void noPlainTextFallback()
    {
        QStandardPaths::setTestModeEnabled(true);
        const QString configDir = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
        QDir(configDir).removeRecursively();
        KeychainCredentialStore store;
        store.setTimeoutMs(5000);
        const CredentialKey key = uniqueKey();
        const Answer a = write(store, key, QByteArrayLiteral("plain-text-canary"), 8000);
        QVERIFY(a.called);
        if (a.error.ok())
            QVERIFY(remove(store, key, 8000).error.ok());
        const QDir dir(configDir);
        QVERIFY2(!dir.exists() || dir.entryList(QDir::AllEntries | QDir::NoDotAndDotDot).isEmpty(),
                 qPrintable(dir.entryList().join(QLatin1Char(' '))));
        QStandardPaths::setTestModeEnabled(false);
    }

    void storesAndReads()
    {
        KeychainCredentialStore store;
        store.setTimeoutMs(10000);
        const CredentialKey key = uniqueKey();
        const QByteArray password("pw-\x01\xff-" + QUuid::createUuid().toByteArray(QUuid::Id128));
        const Answer w = write(store, key, password, 15000);
        QVERIFY(w.called);
        if (!store.isAvailable()) {
            QSKIP(qPrintable(QStringLiteral("no system keychain on this machine (%1), so storing cannot be "
                                            "tested here; the failure path is tested above")
                                 .arg(w.error.serverText)));
        }
        QVERIFY2(w.error.ok(), qPrintable(w.error.toString()));
        const Answer r = read(store, key, 15000);
        QVERIFY2(r.error.ok(), qPrintable(r.error.toString()));
        QCOMPARE(r.value->reveal(), password);
        QVERIFY(remove(store, key, 15000).error.ok());
        QCOMPARE(read(store, key, 15000).error.code, ErrorCode::NotFound);
        QVERIFY(remove(store, key, 15000).error.ok()); // already gone: fine
    }
};

QTEST_GUILESS_MAIN(TestKeychainCredentialStore)
#include "tst_keychaincredentialstore.moc"
