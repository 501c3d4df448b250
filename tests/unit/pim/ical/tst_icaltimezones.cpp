// Windows time-zone names → IANA: the CLDR table, and the rename in VTIMEZONE and
// every TZID= parameter, rules kept, libical still computing the same instants.
#include "icaltestutil.h"

#include <pim/ical/icalsplit.h>
#include <pim/ical/tzidrename.h>
#include <pim/ical/windowszones.h>

#include <libical/ical.h>

using namespace ferry::pim;
using namespace ferry::pim::test;
using namespace Qt::StringLiterals;

namespace {

// DTSTART of every VEVENT as seconds since the epoch, by libical with the
// resource's own VTIMEZONEs.
QList<qint64> libicalStarts(const QByteArray &data)
{
    QList<qint64> out;
    icalcomponent *cal = icalparser_parse_string(data.constData());
    if (!cal)
        return out;
    for (icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev;
         ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
        const icaltimetype start = icalcomponent_get_dtstart(ev);
        out.append(qint64(icaltime_as_timet_with_zone(start, start.zone)));
    }
    icalcomponent_free(cal);
    return out;
}

QByteArray zoneCalendar(const QByteArray &tzid, const QByteArray &param)
{
    return ics({"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:x", "BEGIN:VTIMEZONE", ("TZID:" + tzid).constData(),
                "BEGIN:STANDARD", "DTSTART:16010101T000000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0100", "END:STANDARD",
                "END:VTIMEZONE", "BEGIN:VEVENT", "UID:1", ("DTSTART;TZID=" + param + ":20240101T100000").constData(),
                "END:VEVENT", "END:VCALENDAR"});
}

} // namespace

class TestICalTimeZones : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void table()
    {
        const auto t = windowsZoneTable();
        QCOMPARE(t.size(), 139);
        for (qsizetype i = 1; i < t.size(); ++i)
            QVERIFY2(QByteArrayView(t[i - 1].first).compare(t[i].first, Qt::CaseInsensitive) < 0, t[i].first.constData());
        QSet<QByteArray> iana;
        for (const auto &[windows, zone] : t) {
            QCOMPARE(windowsZoneToIana(windows).value_or(QByteArray()), zone);
            QVERIFY2(!iana.contains(zone), zone.constData());
            iana.insert(zone);
        }
    }

    void lookup_data()
    {
        QTest::addColumn<QByteArray>("windows");
        QTest::addColumn<QByteArray>("iana");
        QTest::newRow("W. Europe") << QByteArray("W. Europe Standard Time") << QByteArray("Europe/Berlin");
        QTest::newRow("Lord Howe") << QByteArray("Lord Howe Standard Time") << QByteArray("Australia/Lord_Howe");
        QTest::newRow("Eastern") << QByteArray("Eastern Standard Time") << QByteArray("America/New_York");
        QTest::newRow("India") << QByteArray("India Standard Time") << QByteArray("Asia/Calcutta");
        QTest::newRow("UTC") << QByteArray("UTC") << QByteArray("Etc/UTC");
        QTest::newRow("UTC-11 sign flips") << QByteArray("UTC-11") << QByteArray("Etc/GMT+11");
        QTest::newRow("Dateline") << QByteArray("Dateline Standard Time") << QByteArray("Etc/GMT+12");
        QTest::newRow("case, spaces") << QByteArray("  tokyo STANDARD time ") << QByteArray("Asia/Tokyo");
        QTest::newRow("IANA name") << QByteArray("Europe/Berlin") << QByteArray();
        QTest::newRow("display name") << QByteArray("(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna")
                                      << QByteArray();
        QTest::newRow("empty") << QByteArray() << QByteArray();
    }
    void lookup()
    {
        QFETCH(QByteArray, windows);
        QFETCH(QByteArray, iana);
        QCOMPARE(windowsZoneToIana(windows).value_or(QByteArray()), iana);
    }

    void outlookExport()
    {
        const QByteArray in = fixture("outlook-calendar.ics", true);
        const ICalEdit edit = renameWindowsTimeZones(in);
        QVERIFY(edit.issues.isEmpty());
        QVERIFY(!edit.data.contains("Standard Time"));
        const ICalCheck check = checkICalendar(edit.data, ICalCheckMode::File);
        QVERIFY2(!check.hasIssues(), qPrintable(messages(check.allIssues()).join(u'\n')));
        QCOMPARE(check.objects[0].tzidsDefined,
                 (QStringList{u"Europe/Berlin"_s, u"Australia/Lord_Howe"_s, u"Asia/Tokyo"_s}));
        QSet<int> changed;
        int definitions = 0;
        for (const ICalChange &c : edit.changes) {
            changed.insert(c.line);
            definitions += c.property == "TZID" ? 1 : 0;
        }
        QCOMPARE(definitions, 3);
        QCOMPARE(edit.changes.size(), 3 + 11); // 3 VTIMEZONEs, 11 TZID= parameters
        QVERIFY(untouchedLinesKept(in, edit.data, changed));
        QVERIFY(edit.data.contains("\r\nEXDATE;TZID=Europe/Berlin:20240311T100000,20240318T100000\r\n"));
        // The rules stayed, so every instant is what it was.
        QCOMPARE(libicalStarts(edit.data), libicalStarts(in));
    }

    // After the rename the Lord Howe event (30-minute DST) still starts at the
    // same instant: 15 July 2024 10:00 at +10:30.
    void halfHourZone()
    {
        const ICalSplit split = splitICalendar(renameWindowsTimeZones(fixture("outlook-calendar.ics")).data);
        const ICalResource &r = split.resources[1];
        QCOMPARE(r.uid, u"lordhowe-1@old.example"_s);
        QVERIFY(r.data.contains("TZID:Australia/Lord_Howe\n"));
        QCOMPARE(libicalStarts(r.data),
                 QList<qint64>{QDateTime(QDate(2024, 7, 14), QTime(23, 30), Qt::UTC).toSecsSinceEpoch()});
    }

    void cases_data()
    {
        QTest::addColumn<QByteArray>("in");
        QTest::addColumn<QByteArray>("expected");
        QTest::addColumn<int>("issues");
        QTest::newRow("renamed") << zoneCalendar("Tokyo Standard Time", "Tokyo Standard Time")
                                 << zoneCalendar("Asia/Tokyo", "Asia/Tokyo") << 0;
        QTest::newRow("quoted parameter stays quoted")
            << zoneCalendar("Tokyo Standard Time", "\"Tokyo Standard Time\"")
            << zoneCalendar("Asia/Tokyo", "\"Asia/Tokyo\"") << 0;
        QTest::newRow("unknown name untouched") << zoneCalendar("My Zone", "My Zone") << zoneCalendar("My Zone", "My Zone")
                                                << 0;
        QTest::newRow("IANA untouched") << zoneCalendar("Europe/Berlin", "Europe/Berlin")
                                        << zoneCalendar("Europe/Berlin", "Europe/Berlin") << 0;
        QTest::newRow("parameter without VTIMEZONE renamed too")
            << zoneCalendar("Europe/Berlin", "W. Europe Standard Time") << zoneCalendar("Europe/Berlin", "Europe/Berlin")
            << 0;
        QByteArray clash = zoneCalendar("W. Europe Standard Time", "W. Europe Standard Time");
        clash.replace("END:VTIMEZONE\r\n", "END:VTIMEZONE\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nBEGIN:STANDARD\r\n"
                                           "DTSTART:16010101T000000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0100\r\n"
                                           "END:STANDARD\r\nEND:VTIMEZONE\r\n");
        QTest::newRow("IANA name already defined: not renamed") << clash << clash << 1;
        QByteArray calname = zoneCalendar("Tokyo Standard Time", "Tokyo Standard Time");
        calname.replace("PRODID:x\r\n", "PRODID:x\r\nX-WR-TIMEZONE:Tokyo Standard Time\r\n");
        QByteArray calnameExpected = zoneCalendar("Asia/Tokyo", "Asia/Tokyo");
        calnameExpected.replace("PRODID:x\r\n", "PRODID:x\r\nX-WR-TIMEZONE:Asia/Tokyo\r\n");
        QTest::newRow("X-WR-TIMEZONE") << calname << calnameExpected << 0;
    }
    void cases()
    {
        QFETCH(QByteArray, in);
        QFETCH(QByteArray, expected);
        QFETCH(int, issues);
        const ICalEdit edit = renameWindowsTimeZones(in);
        QCOMPARE(edit.data, expected);
        QCOMPARE(edit.issues.size(), issues);
        QCOMPARE(edit.changed(), in != expected);
    }
};

QTEST_GUILESS_MAIN(TestICalTimeZones)
#include "tst_icaltimezones.moc"
