// Modified UTF-7 (RFC 3501 §5.1.3): RFC examples, '&', surrogate pairs, round
// trips, and invalid input.
#include <imap/mutf7.h>

#include <QTest>

using namespace ferry;

class TestMutf7 : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void encodeDecode_data()
    {
        QTest::addColumn<QString>("decoded");
        QTest::addColumn<QByteArray>("encoded");
        QTest::newRow("ascii") << QStringLiteral("Sent Items") << QByteArray("Sent Items");
        QTest::newRow("empty") << QString() << QByteArray();
        QTest::newRow("ampersand") << QStringLiteral("A&B") << QByteArray("A&-B");
        QTest::newRow("only ampersands") << QStringLiteral("&&") << QByteArray("&-&-");
        QTest::newRow("rfc3501 example")
            << QStringLiteral("~peter/mail/\u53F0\u5317/\u65E5\u672C\u8A9E")
            << QByteArray("~peter/mail/&U,BTFw-/&ZeVnLIqe-");
        QTest::newRow("umlaut") << QStringLiteral("Entw\u00FCrfe") << QByteArray("Entw&APw-rfe");
        QTest::newRow("smiley then dash") << QStringLiteral("Hi Mom -\u263A-!") << QByteArray("Hi Mom -&Jjo--!");
        QTest::newRow("euro") << QStringLiteral("\u20AC") << QByteArray("&IKw-");
        QTest::newRow("emoji (surrogate pair)") << QString::fromUtf8("\xF0\x9F\x98\x80") << QByteArray("&2D3eAA-");
        QTest::newRow("mixed run") << QString::fromUtf8("\xCE\xA9\xF0\x9F\x98\x80\xCE\xA9") << QByteArray("&A6nYPd4AA6k-");
        QTest::newRow("zwj sequence") << QString::fromUtf8("\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9")
                                      << QByteArray("&2D3caCAN2D3caQ-");
        QTest::newRow("quote and backslash are direct") << QStringLiteral("a\"b\\c") << QByteArray("a\"b\\c");
        QTest::newRow("tab is encoded") << QStringLiteral("a\tb") << QByteArray("a&AAk-b");
    }
    void encodeDecode()
    {
        QFETCH(QString, decoded);
        QFETCH(QByteArray, encoded);
        QCOMPARE(Mutf7::encode(decoded), encoded);
        QString out;
        QVERIFY(Mutf7::decode(encoded, out));
        QCOMPARE(out, decoded);
    }

    void invalid_data()
    {
        QTest::addColumn<QByteArray>("encoded");
        QTest::addColumn<QString>("fallback");
        QTest::newRow("unterminated") << QByteArray("a&APw") << QStringLiteral("a&APw");
        QTest::newRow("bad base64 char") << QByteArray("&A*w-") << QStringLiteral("&A*w-");
        QTest::newRow("slash instead of comma") << QByteArray("&U/BTFw-") << QStringLiteral("&U/BTFw-");
        QTest::newRow("encoded ascii") << QByteArray("&AGE-") << QStringLiteral("&AGE-");
        QTest::newRow("nonzero pad bits") << QByteArray("&APx-") << QStringLiteral("&APx-");
        QTest::newRow("too short") << QByteArray("&AP-") << QStringLiteral("&AP-");
        QTest::newRow("raw utf-8 from a sloppy server")
            << QByteArray("Entw\xC3\xBCrfe") << QStringLiteral("Entw\u00FCrfe");
        QTest::newRow("control byte") << QByteArray("a\x01") << QStringLiteral("a\u0001");
    }
    void invalid()
    {
        QFETCH(QByteArray, encoded);
        QFETCH(QString, fallback);
        QString out;
        QVERIFY(!Mutf7::decode(encoded, out));
        QCOMPARE(out, fallback);
        QCOMPARE(Mutf7::decode(encoded), fallback);
    }

    void roundTripEveryBmpBlock()
    {
        // Every code point class: runs of each length 1..4 starting all over the BMP.
        for (char32_t start = 0x20; start < 0x10FFFF; start += 0x1F3) {
            if (start >= 0xD800 && start < 0xE000)
                continue;
            for (int len = 1; len <= 4; ++len) {
                QString s = QStringLiteral("x");
                for (int i = 0; i < len; ++i) {
                    const char32_t c = start + char32_t(i);
                    if (c >= 0xD800 && c < 0xE000)
                        continue;
                    s += QString::fromUcs4(&c, 1);
                }
                s += QStringLiteral("&y");
                QString back;
                QVERIFY2(Mutf7::decode(Mutf7::encode(s), back), qPrintable(s));
                QCOMPARE(back, s);
            }
        }
    }

    void loneSurrogateRoundTrips()
    {
        const QString s = QString(QChar(0xD83D)) + QStringLiteral("a");
        QString back;
        QVERIFY(Mutf7::decode(Mutf7::encode(s), back));
        QCOMPARE(back, s);
    }
};

QTEST_GUILESS_MAIN(TestMutf7)
#include "tst_mutf7.moc"
