// DateWindow: reading INTERNALDATE days, the window's bounds, covers() (which
// decides whether a pass may list only new UIDs), and the journal's text form.
#include <engine/datewindow.h>

#include <QTest>

using namespace ferry;

namespace {
DateWindow window(const char *text)
{
    auto w = DateWindow::parse(QString::fromLatin1(text));
    if (!w.ok())
        qFatal("bad window %s", text);
    return w.value();
}
} // namespace

class TestDateWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void dayOfInternalDate_data()
    {
        QTest::addColumn<QByteArray>("internalDate");
        QTest::addColumn<QDate>("day");
        QTest::newRow("plain") << QByteArray("17-Jul-1996 02:44:25 -0700") << QDate(1996, 7, 17);
        QTest::newRow("space-padded day") << QByteArray(" 7-Jul-1996 02:44:25 -0700") << QDate(1996, 7, 7);
        QTest::newRow("lower-case month") << QByteArray("01-jan-2020 10:00:00 +0100") << QDate(2020, 1, 1);
        // The day as written, whatever the zone: 00:30 at +14:00 is still 1 June.
        QTest::newRow("far-east zone") << QByteArray("01-Jun-2010 00:30:00 +1400") << QDate(2010, 6, 1);
        QTest::newRow("epoch") << QByteArray("01-Jan-1970 00:00:00 +0000") << QDate(1970, 1, 1);
        QTest::newRow("leap day") << QByteArray("29-Feb-2024 12:00:00 +0000") << QDate(2024, 2, 29);
        QTest::newRow("no such day") << QByteArray("30-Feb-2024 12:00:00 +0000") << QDate();
        QTest::newRow("unknown month") << QByteArray("01-Foo-2024 12:00:00 +0000") << QDate();
        QTest::newRow("two-digit year") << QByteArray("01-Jan-24 12:00:00 +0000") << QDate();
        QTest::newRow("empty") << QByteArray() << QDate();
        QTest::newRow("garbage") << QByteArray("yesterday") << QDate();
    }
    void dayOfInternalDate()
    {
        QFETCH(QByteArray, internalDate);
        QFETCH(QDate, day);
        const auto got = DateWindow::dayOf(internalDate);
        QCOMPARE(got.value_or(QDate()), day);
    }

    void containsIsInclusiveAtBothEnds()
    {
        const DateWindow w = window("2024-01-01..2024-12-31");
        QVERIFY(w.contains(QByteArray("01-Jan-2024 00:00:00 +1400")));
        QVERIFY(w.contains(QByteArray("31-Dec-2024 23:59:59 -1200")));
        QVERIFY(!w.contains(QByteArray("31-Dec-2023 23:59:59 +0000")));
        QVERIFY(!w.contains(QByteArray("01-Jan-2025 00:00:00 +0000")));
        // Unreadable dates are copied: one message too many loses nothing.
        QVERIFY(w.contains(QByteArray("not a date")));
        QVERIFY(w.contains(QByteArray()));
        QVERIFY(DateWindow().contains(QByteArray("01-Jan-1970 00:00:00 +0000")));
        QVERIFY(window("2024-01-01..").contains(QByteArray("31-Dec-2037 23:59:59 -0800")));
        QVERIFY(!window("..2023-12-31").contains(QByteArray("01-Jan-2024 00:00:00 +0000")));
    }

    void covers_data()
    {
        QTest::addColumn<QString>("before");
        QTest::addColumn<QString>("now");
        QTest::addColumn<bool>("covers");
        QTest::newRow("all mail covers all mail") << "" << "" << true;
        QTest::newRow("all mail covers a window") << "" << "2024-01-01.." << true;
        QTest::newRow("a window does not cover all mail") << "2024-01-01.." << "" << false;
        QTest::newRow("narrowed from below") << "2024-01-01.." << "2024-06-01.." << true;
        QTest::newRow("widened below") << "2024-06-01.." << "2024-01-01.." << false;
        QTest::newRow("upper bound added") << "2024-01-01.." << "2024-01-01..2024-12-31" << true;
        QTest::newRow("upper bound dropped") << "2024-01-01..2024-12-31" << "2024-01-01.." << false;
        QTest::newRow("upper bound moved later") << "..2024-06-30" << "..2024-12-31" << false;
        QTest::newRow("same") << "2024-01-01..2024-12-31" << "2024-01-01..2024-12-31" << true;
        QTest::newRow("unreadable record") << "garbage" << "2024-01-01.." << false;
    }
    void covers()
    {
        QFETCH(QString, before);
        QFETCH(QString, now);
        QFETCH(bool, covers);
        auto n = DateWindow::parse(now);
        QVERIFY(n.ok());
        QCOMPARE(DateWindow::recordedCovers(before, n.value()), covers);
    }

    void textRoundTrip()
    {
        for (const char *t : {"", "2024-01-01..2024-12-31", "2024-01-01..", "..2024-12-31"}) {
            const DateWindow w = window(t);
            QCOMPARE(w.toString(), QString::fromLatin1(t));
            QCOMPARE(window(t), w);
        }
        QVERIFY(window("").isOpen());
    }

    void badInputSaysWhatToDo()
    {
        for (const char *t : {"2024-01-01", "2024-13-01..", "..31.12.2024", "2024-1-1.."}) {
            const auto w = DateWindow::parse(QString::fromLatin1(t));
            QVERIFY2(!w.ok(), t);
            QCOMPARE(w.error().code, ErrorCode::Usage);
            QVERIFY2(!w.error().hint.isEmpty(), t);
        }
        const auto reversed = DateWindow::parse(QStringLiteral("2024-12-31..2024-01-01"));
        QVERIFY(!reversed.ok());
        QVERIFY2(reversed.error().what.contains(QLatin1String("before it starts")), qPrintable(reversed.error().what));
        const auto day = DateWindow::parseDay(QStringLiteral("1 March"), QStringLiteral("--since"));
        QVERIFY(!day.ok());
        QVERIFY(day.error().what.startsWith(QLatin1String("--since")));
        QVERIFY(!DateWindow::parseDay(QStringLiteral("  "), QStringLiteral("--since")).value().isValid());
    }
};

QTEST_GUILESS_MAIN(TestDateWindow)
#include "tst_datewindow.moc"
