// keepInDescription, the retry after a target refused an item: the listed
// properties leave the main component and reappear, as written, under
// "Kept by Ferry:" in DESCRIPTION; the existing text stays byte-identical.
#include "icaltestutil.h"

#include <pim/ical/keepindescription.h>

using namespace ferry::pim;
using namespace ferry::pim::test;
using namespace Qt::StringLiterals;

namespace {

QByteArray todo(const QByteArray &body)
{
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VTODO\r\nUID:t1\r\n"
           "DTSTAMP:20240101T000000Z\r\n"
        + body + "END:VTODO\r\nEND:VCALENDAR\r\n";
}

QString description(const QByteArray &data)
{
    for (const ContentLine &l : parseContentLines(data).lines)
        if (l.is("DESCRIPTION"))
            return unescapeText(l.value);
    return {};
}

} // namespace

class TestICalKeep : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void keep_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArrayList>("names");
        QTest::addColumn<QByteArray>("expected");
        QTest::addColumn<QString>("expectedDescription");
        QTest::addColumn<int>("moved");

        QTest::newRow("appended to DESCRIPTION")
            << QByteArray("SUMMARY:Taxes\r\nDESCRIPTION:Bring\\, the receipts\r\nX-APPLE-SORT-ORDER;X-P=1:42\r\n")
            << QByteArrayList{"X-APPLE-SORT-ORDER"}
            << ("SUMMARY:Taxes\r\n"
                + foldContentLine("DESCRIPTION:Bring\\, the receipts\\n\\nKept by Ferry:\\nX-APPLE-SORT-ORDER\\;X-P=1:42", "\r\n"))
            << u"Bring, the receipts\n\nKept by Ferry:\nX-APPLE-SORT-ORDER;X-P=1:42"_s << 1;
        QTest::newRow("new DESCRIPTION before the VALARM; VALARM's own left alone")
            << QByteArray("CLASS:X-SECRET\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:r\r\nTRIGGER:-PT5M\r\nCLASS:X-SECRET\r\nEND:VALARM\r\n")
            << QByteArrayList{"class"}
            << QByteArray("DESCRIPTION:Kept by Ferry:\\nCLASS:X-SECRET\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:r\r\nTRIGGER:-PT5M\r\nCLASS:X-SECRET\r\nEND:VALARM\r\n")
            << u"Kept by Ferry:\nCLASS:X-SECRET"_s << 1;
        QTest::newRow("new DESCRIPTION before END, several properties, folded input")
            << QByteArray("X-A:one\r\nSUMMARY:s\r\nX-B:a long value that was folded by the\r\n  producer, with a comma\r\n")
            << QByteArrayList{"X-A", "X-B"}
            << (QByteArray("SUMMARY:s\r\n")
                + foldContentLine("DESCRIPTION:Kept by Ferry:\\nX-A:one\\nX-B:a long value that was folded by the producer\\, with a comma",
                                  "\r\n"))
            << u"Kept by Ferry:\nX-A:one\nX-B:a long value that was folded by the producer, with a comma"_s << 2;
        QTest::newRow("empty DESCRIPTION") << QByteArray("DESCRIPTION:\r\nX-A:1\r\n") << QByteArrayList{"X-A"}
                                           << QByteArray("DESCRIPTION:Kept by Ferry:\\nX-A:1\r\n")
                                           << u"Kept by Ferry:\nX-A:1"_s << 1;
        QTest::newRow("non-ASCII kept") << QByteArray("X-NOTE:Grüße\\; 東京\r\n") << QByteArrayList{"X-NOTE"}
                                        << QByteArray("DESCRIPTION:Kept by Ferry:\\nX-NOTE:Grüße\\\\\\; 東京\r\n")
                                        << u"Kept by Ferry:\nX-NOTE:Grüße\\; 東京"_s << 1;
        QTest::newRow("nothing listed present") << QByteArray("SUMMARY:s\r\n") << QByteArrayList{"X-A"}
                                                << QByteArray("SUMMARY:s\r\n") << QString() << 0;
    }
    void keep()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArrayList, names);
        QFETCH(QByteArray, expected);
        QFETCH(QString, expectedDescription);
        QFETCH(int, moved);
        const ICalEdit edit = keepInDescription(todo(body), names);
        QCOMPARE(edit.data, todo(expected));
        QCOMPARE(description(edit.data), expectedDescription);
        QCOMPARE(edit.changes.size(), moved);
        QVERIFY(libicalReadsClean(edit.data));
    }

    void refused()
    {
        const QByteArray in = todo("SUMMARY:s\r\nDESCRIPTION:d\r\n");
        const ICalEdit edit = keepInDescription(in, {"UID", "BEGIN", "END", "DESCRIPTION"});
        QCOMPARE(edit.data, in);
        QCOMPARE(edit.issues.size(), 2);
        QVERIFY(edit.issues[0].message.contains(u"UID cannot be moved"));
        QVERIFY(edit.issues[1].message.contains(u"DESCRIPTION cannot be moved"));
    }

    void everyComponentOfTheResource()
    {
        const QByteArray in = ics({"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:x", "BEGIN:VTIMEZONE", "TZID:Z",
                                   "X-A:zone", "BEGIN:STANDARD", "DTSTART:16010101T000000", "TZOFFSETFROM:+0100",
                                   "TZOFFSETTO:+0100", "END:STANDARD", "END:VTIMEZONE", "BEGIN:VEVENT", "UID:e",
                                   "RRULE:FREQ=DAILY", "X-A:master", "END:VEVENT", "BEGIN:VEVENT", "UID:e",
                                   "RECURRENCE-ID:20240102T100000Z", "X-A:override", "END:VEVENT", "END:VCALENDAR"});
        const ICalEdit edit = keepInDescription(in, {"X-A"});
        QCOMPARE(edit.changes.size(), 2);
        QCOMPARE(edit.changes[0].line, 16);
        QVERIFY(edit.data.contains("\r\nX-A:zone\r\n"));
        QVERIFY(edit.data.contains("DESCRIPTION:Kept by Ferry:\\nX-A:master\r\nEND:VEVENT"));
        QVERIFY(edit.data.contains("DESCRIPTION:Kept by Ferry:\\nX-A:override\r\nEND:VEVENT"));
        QSet<int> changed{16, 21};
        QVERIFY(untouchedLinesKept(in, edit.data, changed));
        QVERIFY(libicalReadsClean(edit.data));
    }

    void lfInput()
    {
        const QByteArray in = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:e\nX-A:1\nEND:VEVENT\nEND:VCALENDAR";
        const ICalEdit edit = keepInDescription(in, {"X-A"});
        QCOMPARE(edit.data, QByteArray("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:e\nDESCRIPTION:Kept by Ferry:\\nX-A:1\n"
                                       "END:VEVENT\nEND:VCALENDAR"));
    }
};

QTEST_GUILESS_MAIN(TestICalKeep)
#include "tst_icalkeep.moc"
