// CredentialKey's string form (stable, unambiguous, no secret) and the
// in-memory CredentialStore: round trip, replace, remove, not-found, invalid
// keys, callbacks before return, and secrets shared (not copied) and released.
#include <memorycredentialstore.h>

#include <QTest>

using namespace ferry;

namespace {

std::shared_ptr<const Secret> secret(const char *text)
{
    return std::make_shared<const Secret>(QByteArray(text));
}

struct ReadOutcome {
    bool called = false;
    Error error;
    std::shared_ptr<const Secret> value;
};

ReadOutcome readNow(CredentialStore &store, const CredentialKey &key)
{
    ReadOutcome out;
    store.read(key, [&out](Result<std::shared_ptr<const Secret>> r) {
        out.called = true;
        if (r.ok())
            out.value = *r;
        else
            out.error = r.error();
    });
    return out;
}

Error writeNow(CredentialStore &store, const CredentialKey &key, std::shared_ptr<const Secret> s, bool *called = nullptr)
{
    Error out = Error::make(ErrorCode::Internal, QStringLiteral("callback not called"));
    store.write(key, std::move(s), [&](Error e) {
        out = e;
        if (called)
            *called = true;
    });
    return out;
}

Error removeNow(CredentialStore &store, const CredentialKey &key)
{
    Error out = Error::make(ErrorCode::Internal, QStringLiteral("callback not called"));
    store.remove(key, [&](Error e) { out = e; });
    return out;
}

} // namespace

class TestCredentialStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void keyString_data()
    {
        QTest::addColumn<QString>("service");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("expected");
        QTest::newRow("imaps") << "imaps" << "alice" << "imap.example.com" << 993 << "imaps://alice@imap.example.com:993";
        QTest::newRow("default imaps port") << "imaps" << "alice" << "imap.example.com" << 0
                                            << "imaps://alice@imap.example.com:993";
        QTest::newRow("default https port") << "https" << "bob" << "dav.example.com" << 0 << "https://bob@dav.example.com:443";
        QTest::newRow("other port") << "https" << "bob" << "dav.example.com" << 8443 << "https://bob@dav.example.com:8443";
        QTest::newRow("mail address as user") << "imaps" << "alice@example.com" << "imap.example.com" << 993
                                              << "imaps://alice%40example.com@imap.example.com:993";
        QTest::newRow("user with colon, slash, space") << "imaps" << "a:b/c d" << "h" << 993 << "imaps://a%3Ab%2Fc%20d@h:993";
        QTest::newRow("non-ASCII user") << "imaps" << "jürgen" << "h" << 993 << "imaps://j%C3%BCrgen@h:993";
        QTest::newRow("host case folded") << "IMAPS" << "Alice" << "IMAP.Example.COM" << 993 << "imaps://Alice@imap.example.com:993";
        QTest::newRow("IPv6 literal") << "imaps" << "a" << "::1" << 993 << "imaps://a@[::1]:993";
        QTest::newRow("IPv6 bracketed") << "imaps" << "a" << "[::1]" << 993 << "imaps://a@[::1]:993";
        QTest::newRow("empty user") << "https" << "" << "h" << 443 << "https://@h:443";
        QTest::newRow("no host") << "imaps" << "a" << "" << 993 << "";
        QTest::newRow("no service") << "" << "a" << "h" << 993 << "";
    }

    void keyString()
    {
        QFETCH(QString, service);
        QFETCH(QString, user);
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(QString, expected);
        const CredentialKey key{service, user, host, quint16(port)};
        QCOMPARE(key.toString(), expected);
        QCOMPARE(key.isValid(), !expected.isEmpty());
    }

    void keyFromEndpoint()
    {
        Result<Endpoint> e = Endpoint::parse(QStringLiteral("imaps://alice%40example.com@Mail.Example.com"));
        QVERIFY2(e.ok(), qPrintable(e.error().toString()));
        e->password = secret("hunter2");
        const CredentialKey key = CredentialKey::forEndpoint(*e);
        QCOMPARE(key.toString(), QStringLiteral("imaps://alice%40example.com@mail.example.com:993"));
        QVERIFY(!key.toString().contains(QLatin1String("hunter2")));
        // Equal keys name the same entry whatever the spelling of the host.
        QVERIFY((key == CredentialKey{QStringLiteral("imaps"), QStringLiteral("alice@example.com"),
                                      QStringLiteral("mail.example.com"), 993}));
        QVERIFY(!(key == CredentialKey{QStringLiteral("imaps"), QStringLiteral("Alice@example.com"),
                                       QStringLiteral("mail.example.com"), 993}));
    }

    void memoryRoundTrip()
    {
        MemoryCredentialStore store;
        QVERIFY(store.name().contains(QLatin1String("memory")));
        const CredentialKey key{QStringLiteral("imaps"), QStringLiteral("alice"), QStringLiteral("h"), 993};

        ReadOutcome r = readNow(store, key);
        QVERIFY(r.called);
        QCOMPARE(r.error.code, ErrorCode::NotFound);
        QVERIFY(r.error.what.contains(key.toString()));

        bool called = false;
        const std::shared_ptr<const Secret> first = secret("first");
        QVERIFY(writeNow(store, key, first, &called).ok());
        QVERIFY(called); // the memory store answers before returning
        r = readNow(store, key);
        QVERIFY(r.error.ok());
        QCOMPARE(r.value->reveal(), QByteArray("first"));
        QCOMPARE(r.value.get(), first.get()); // shared, not copied: one copy to wipe

        QVERIFY(writeNow(store, key, secret("second")).ok());
        QCOMPARE(readNow(store, key).value->reveal(), QByteArray("second"));
        QCOMPARE(store.count(), 1);

        // Another account on the same server is another entry.
        const CredentialKey other{QStringLiteral("imaps"), QStringLiteral("bob"), QStringLiteral("h"), 993};
        QCOMPARE(readNow(store, other).error.code, ErrorCode::NotFound);

        QVERIFY(removeNow(store, key).ok());
        QCOMPARE(readNow(store, key).error.code, ErrorCode::NotFound);
        QVERIFY(removeNow(store, key).ok()); // removing what is not there is fine
        QCOMPARE(store.count(), 0);
    }

    void memoryReleasesSecrets()
    {
        MemoryCredentialStore store;
        const CredentialKey key{QStringLiteral("https"), QStringLiteral("a"), QStringLiteral("h"), 443};
        std::weak_ptr<const Secret> watch;
        {
            auto s = secret("transient");
            watch = s;
            QVERIFY(writeNow(store, key, s).ok());
        }
        QVERIFY(!watch.expired());
        QVERIFY(writeNow(store, key, secret("replacement")).ok());
        QVERIFY(watch.expired()); // replaced: the old secret is gone (and wiped)
        watch = readNow(store, key).value;
        store.clear();
        QVERIFY(watch.expired());
        QCOMPARE(readNow(store, key).error.code, ErrorCode::NotFound);
    }

    void memoryRefusesBadInput_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<bool>("nullSecret");
        QTest::newRow("no host") << QString() << QByteArray("pw") << false;
        QTest::newRow("empty secret") << QStringLiteral("h") << QByteArray() << false;
        QTest::newRow("null secret") << QStringLiteral("h") << QByteArray() << true;
    }

    void memoryRefusesBadInput()
    {
        QFETCH(QString, host);
        QFETCH(QByteArray, value);
        QFETCH(bool, nullSecret);
        MemoryCredentialStore store;
        const CredentialKey key{QStringLiteral("imaps"), QStringLiteral("a"), host, 993};
        const auto s = nullSecret ? std::shared_ptr<const Secret>() : std::make_shared<const Secret>(value);
        const Error e = writeNow(store, key, s);
        QCOMPARE(e.code, ErrorCode::Usage);
        QVERIFY(!e.toString().contains(QLatin1String("pw")));
        QCOMPARE(store.count(), 0);
        if (host.isEmpty()) {
            QCOMPARE(readNow(store, key).error.code, ErrorCode::Usage);
            QCOMPARE(removeNow(store, key).code, ErrorCode::Usage);
        }
    }

    void memoryCallbackMayCallBack()
    {
        // The lock is released before the callback runs: a callback may use the store.
        MemoryCredentialStore store;
        const CredentialKey key{QStringLiteral("imaps"), QStringLiteral("a"), QStringLiteral("h"), 993};
        bool inner = false;
        store.write(key, secret("pw"), [&](Error e) {
            QVERIFY(e.ok());
            store.read(key, [&](Result<std::shared_ptr<const Secret>> r) { inner = r.ok(); });
        });
        QVERIFY(inner);
    }
};

QTEST_GUILESS_MAIN(TestCredentialStore)
#include "tst_credentialstore.moc"
