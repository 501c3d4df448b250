// checkICalendar: what it reports about real-world calendars (Outlook export with
// Windows zones, overrides, all-day, floating, UTC; tasks), and that malformed
// input becomes issues with the right line — never a crash.
#include "icaltestutil.h"

#include <pim/ical/calendaraddresses.h>
#include <pim/ical/icalcheck.h>
#include <pim/ical/icalsplit.h>
#include <pim/ical/keepindescription.h>
#include <pim/ical/schedulingagent.h>
#include <pim/ical/tzidrename.h>

#include <QRandomGenerator>

#include <atomic>
#include <thread>
#include <vector>

using namespace ferry::pim;
using namespace ferry::pim::test;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(ferry::pim::ICalCheckMode)

class TestICalCheck : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fixtures_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QStringList>("kinds");
        QTest::addColumn<int>("uidCount");
        QTest::addColumn<QStringList>("recurrenceIds");
        QTest::addColumn<QStringList>("tzidsUsed");
        QTest::addColumn<QStringList>("tzidsDefined");
        QTest::addColumn<QString>("method");

        const QStringList outlookZones{u"W. Europe Standard Time"_s, u"Lord Howe Standard Time"_s, u"Tokyo Standard Time"_s};
        for (const bool crlf : {false, true}) {
            const char *ending = crlf ? " CRLF" : " LF";
            QTest::addRow("outlook%s", ending)
                << fixture("outlook-calendar.ics", crlf) << QStringList{u"VEVENT"_s} << 7
                << QStringList{u"20240325T100000"_s, u"20240401T100000"_s} << outlookZones << outlookZones
                << u"PUBLISH"_s;
            QTest::addRow("tasks%s", ending) << fixture("tasks.ics", crlf) << QStringList{u"VTODO"_s} << 4
                                             << QStringList() << QStringList{u"Europe/Berlin"_s}
                                             << QStringList{u"Europe/Berlin"_s} << QString();
        }
    }
    void fixtures()
    {
        QFETCH(QByteArray, data);
        QFETCH(QStringList, kinds);
        QFETCH(int, uidCount);
        QFETCH(QStringList, recurrenceIds);
        QFETCH(QStringList, tzidsUsed);
        QFETCH(QStringList, tzidsDefined);
        QFETCH(QString, method);

        const ICalCheck check = checkICalendar(data, ICalCheckMode::File);
        QVERIFY2(!check.hasIssues(), qPrintable(messages(check.allIssues()).join(u'\n')));
        QCOMPARE(check.objects.size(), 1);
        const ICalObjectReport &o = check.objects.first();
        QVERIFY(o.libicalParsed);
        QStringList gotKinds;
        for (const QByteArray &k : o.kinds)
            gotKinds.append(QString::fromUtf8(k));
        QCOMPARE(gotKinds, kinds);
        QCOMPARE(o.uids.size(), uidCount);
        QStringList gotRids;
        for (const QByteArray &r : o.recurrenceIds)
            gotRids.append(QString::fromUtf8(r));
        QCOMPARE(gotRids, recurrenceIds);
        QCOMPARE(QSet<QString>(o.tzidsUsed.begin(), o.tzidsUsed.end()), QSet<QString>(tzidsUsed.begin(), tzidsUsed.end()));
        QCOMPARE(o.tzidsDefined, tzidsDefined);
        QCOMPARE(QString::fromUtf8(o.method), method);
        QCOMPARE(o.line, 1);

        // The same object as a stored resource: too many UIDs, and METHOD if any.
        const ICalCheck asResource = checkICalendar(data, ICalCheckMode::Resource);
        const QString all = messages(asResource.allIssues()).join(u'\n');
        QVERIFY2(all.contains(u"several UIDs"), qPrintable(all));
        QCOMPARE(all.contains(u"METHOD:PUBLISH is not allowed"), !method.isEmpty());
    }

    void issues_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<ICalCheckMode>("mode");
        QTest::addColumn<QStringList>("expected"); // "line: text that the message contains"

        const auto event = [](std::initializer_list<const char *> body) {
            QByteArray out = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\n";
            for (const char *l : body)
                out += QByteArray(l) + "\r\n";
            return out + "END:VEVENT\r\nEND:VCALENDAR\r\n";
        };
        const ICalCheckMode res = ICalCheckMode::Resource;
        const ICalCheckMode file = ICalCheckMode::File;

        QTest::newRow("unterminated at end of input")
            << ics({"BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "UID:1", "DTSTAMP:20240101T000000Z"}) << res
            << QStringList{u"1: BEGIN:VCALENDAR has no END"_s, u"3: BEGIN:VEVENT has no END:VEVENT (the input ends first)"_s};
        QTest::newRow("inner closed by outer END")
            << ics({"BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "UID:1", "END:VCALENDAR"}) << res
            << QStringList{u"3: BEGIN:VEVENT has no END:VEVENT (closed by END:VCALENDAR on line 5)"_s};
        QTest::newRow("stray END")
            << event({"UID:1", "END:VTODO"}) << res << QStringList{u"6: END:VTODO without a BEGIN:VTODO"_s};
        QTest::newRow("impossible date-time")
            << event({"UID:1", "DTSTART:20241340T250000"}) << res
            << QStringList{u"6: DTSTART value \"20241340T250000\" is not a valid DATE-TIME"_s};
        QTest::newRow("29 February in a common year")
            << event({"UID:1", "DTSTART;VALUE=DATE:20230229"}) << res
            << QStringList{u"6: DTSTART value \"20230229\" is not a valid DATE"_s};
        QTest::newRow("DATE with a time")
            << event({"UID:1", "DTEND;VALUE=DATE:20240101T100000"}) << res
            << QStringList{u"6: is not a valid DATE"_s};
        QTest::newRow("garbage date: ours and libical's")
            << event({"UID:1", "DTSTART;TZID=Europe/Berlin:xyz"}) << file
            << QStringList{u"6: DTSTART value \"xyz\" is not a valid DATE-TIME"_s,
                           u"1: libical: VEVENT: Can't parse as DATE-TIME value in DTSTART"_s,
                           u"6: TZID \"Europe/Berlin\" is used but no VTIMEZONE defines it"_s};
        QTest::newRow("COMPLETED must be a date-time")
            << event({"UID:1", "COMPLETED:20240101"}) << res << QStringList{u"6: COMPLETED value"_s};
        QTest::newRow("bad EXDATE in a list")
            << event({"UID:1", "EXDATE:20240101T100000Z,20240132T100000Z"}) << res
            << QStringList{u"6: EXDATE value \"20240132T100000Z\""_s};
        QTest::newRow("RRULE UNTIL") << event({"UID:1", "RRULE:FREQ=DAILY;UNTIL=2024"}) << res
                                     << QStringList{u"6: RRULE UNTIL \"2024\""_s};
        QTest::newRow("RRULE libical cannot read") << event({"UID:1", "RRULE:FREQ=BOGUS"}) << res
                                                   << QStringList{u"1: libical: VEVENT: Can't parse as RECUR"_s};
        QTest::newRow("PERIOD") << event({"UID:1", "RDATE;VALUE=PERIOD:20240101T100000Z/PT1H,20240101T100000Z/soon"}) << res
                                << QStringList{u"6: RDATE value \"20240101T100000Z/soon\" is not a valid PERIOD"_s};
        QTest::newRow("invalid UTF-8") << event({"UID:1", "SUMMARY:Caf\xC3("}) << res
                                       << QStringList{u"6: not valid UTF-8"_s};
        QTest::newRow("overlong UTF-8") << event({"UID:1", "SUMMARY:\xC0\xAF"}) << res
                                        << QStringList{u"6: not valid UTF-8"_s};
        QTest::newRow("control character") << event({"UID:1", "SUMMARY:a\x01z"}) << res
                                           << QStringList{u"6: control character 0x01"_s};
        QTest::newRow("missing UID") << event({"SUMMARY:x"}) << res << QStringList{u"4: VEVENT without UID"_s};
        QTest::newRow("priority") << event({"UID:1", "PRIORITY:high"}) << res
                                  << QStringList{u"6: PRIORITY \"high\" is not an integer from 0 to 9"_s};
        QTest::newRow("priority out of range") << event({"UID:1", "PRIORITY:10"}) << res
                                               << QStringList{u"6: PRIORITY \"10\""_s};
        QTest::newRow("not a content line")
            << event({"UID:1", "FOO"}) << res
            << QStringList{u"6: not a content line"_s, u"1: libical: VEVENT: Got a data line, but could not find a property name"_s};
        QTest::newRow("X-LIC-ERROR already in the data")
            << event({"UID:1", "X-LIC-ERROR:left over from an earlier round trip"}) << res
            << QStringList{u"1: libical: VEVENT: left over from an earlier round trip"_s};
        QTest::newRow("undefined TZID") << event({"UID:1", "DTSTART;TZID=Nowhere/Special:20240101T100000"}) << res
                                        << QStringList{u"6: TZID \"Nowhere/Special\" is used but no VTIMEZONE"_s};
        QTest::newRow("duplicate UID")
            << ics({"BEGIN:VCALENDAR", "BEGIN:VEVENT", "UID:a", "END:VEVENT", "BEGIN:VEVENT", "UID:a", "END:VEVENT",
                    "END:VCALENDAR"})
            << file << QStringList{u"5: UID a appears twice and neither is a RECURRENCE-ID override"_s};
        QTest::newRow("duplicate override")
            << ics({"BEGIN:VCALENDAR", "BEGIN:VEVENT", "UID:a", "RECURRENCE-ID:20240101T100000Z", "END:VEVENT",
                    "BEGIN:VEVENT", "UID:a", "RECURRENCE-ID:20240101T100000Z", "END:VEVENT", "END:VCALENDAR"})
            << file << QStringList{u"6: UID a has two overrides for RECURRENCE-ID 20240101T100000Z"_s};
        QTest::newRow("several UIDs and kinds in a resource")
            << ics({"BEGIN:VCALENDAR", "BEGIN:VEVENT", "UID:a", "END:VEVENT", "BEGIN:VTODO", "UID:b", "END:VTODO",
                    "END:VCALENDAR"})
            << res << QStringList{u"1: several UIDs in one calendar resource (a, b)"_s,
                                  u"1: several component kinds in one calendar resource (VEVENT, VTODO)"_s};
        QTest::newRow("METHOD in a resource")
            << ics({"BEGIN:VCALENDAR", "METHOD:REQUEST", "BEGIN:VEVENT", "UID:a", "END:VEVENT", "END:VCALENDAR"})
            << res << QStringList{u"1: METHOD:REQUEST is not allowed in a stored calendar resource"_s};
        QTest::newRow("bare VEVENT")
            << ics({"BEGIN:VEVENT", "UID:a", "END:VEVENT"}) << res
            << QStringList{u"1: BEGIN:VEVENT is not inside a VCALENDAR"_s};
        QTest::newRow("text outside") << (QByteArray("hello\r\n") + event({"UID:1"})) << res
                                      << QStringList{u"1: not a content line"_s, u"1: text outside any component"_s};
        QTest::newRow("empty") << QByteArray() << res << QStringList{u"0: empty input"_s};
        QTest::newRow("not iCalendar") << QByteArray("%PDF-1.4\n") << res
                                       << QStringList{u"0: no iCalendar component in the input"_s};
        QTest::newRow("VTIMEZONE without TZID")
            << ics({"BEGIN:VCALENDAR", "BEGIN:VTIMEZONE", "END:VTIMEZONE", "END:VCALENDAR"}) << res
            << QStringList{u"2: VTIMEZONE without TZID"_s};
        QTest::newRow("line numbers count folds")
            << ics({"BEGIN:VCALENDAR", "BEGIN:VEVENT", "UID:1", "SUMMARY:a", " b", " c", "DTSTART:2024"}) << res
            << QStringList{u"7: DTSTART value \"2024\""_s};
    }
    void issues()
    {
        QFETCH(QByteArray, data);
        QFETCH(ICalCheckMode, mode);
        QFETCH(QStringList, expected);
        const ICalCheck check = checkICalendar(data, mode);
        const QStringList got = messages(check.allIssues());
        for (const QString &e : expected) {
            const qsizetype colon = e.indexOf(u": ");
            const QString prefix = e.left(colon + 2);
            const QString text = e.mid(colon + 2);
            const bool found = std::any_of(got.begin(), got.end(), [&](const QString &g) {
                return g.startsWith(prefix) && g.contains(text);
            });
            QVERIFY2(found, qPrintable(u"expected \"%1\" among:\n%2"_s.arg(e, got.join(u'\n'))));
        }
    }

    void validDatesPass()
    {
        const QByteArray data = ics({"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:x", "BEGIN:VEVENT", "UID:1",
                                     "DTSTAMP:20240229T235960Z", "DTSTART;VALUE=DATE:20000229", "DTEND:20000301",
                                     "EXDATE:20240101T100000Z,20240108T100000Z", "RRULE:FREQ=WEEKLY;UNTIL=20241231",
                                     "RDATE;VALUE=PERIOD:20240101T100000Z/20240101T110000Z",
                                     "TRIGGER;VALUE=DATE-TIME:20240101T090000Z", "END:VEVENT", "END:VCALENDAR"});
        const ICalCheck check = checkICalendar(data);
        QVERIFY2(!check.hasIssues(), qPrintable(messages(check.allIssues()).join(u'\n')));
    }

    void severalObjects()
    {
        const QByteArray data = ics({"BEGIN:VCALENDAR", "BEGIN:VEVENT", "UID:a", "END:VEVENT", "END:VCALENDAR",
                                     "BEGIN:VCALENDAR", "BEGIN:VTODO", "UID:b", "DUE:2024", "END:VTODO", "END:VCALENDAR"});
        const ICalCheck check = checkICalendar(data, ICalCheckMode::File);
        QCOMPARE(check.objects.size(), 2);
        QCOMPARE(check.objects[0].uids, QStringList{u"a"_s});
        QCOMPARE(check.objects[1].uids, QStringList{u"b"_s});
        QCOMPARE(check.objects[1].line, 6);
        QVERIFY(check.objects[0].issues.isEmpty());
        const QList<ICalIssue> &issues = check.objects[1].issues;
        QVERIFY(std::any_of(issues.begin(), issues.end(), [](const ICalIssue &i) {
            return i.line == 9 && i.message.startsWith(u"DUE value");
        }));
    }

    // libical's error state is global: checks from several threads at once give
    // the same answers as one after the other (libicalparse_p.h serializes them).
    void concurrentChecks()
    {
        const QByteArray good = fixture("outlook-calendar.ics", true);
        const QByteArray bad = ics({"BEGIN:VCALENDAR", "BEGIN:VEVENT", "UID:1", "RRULE:FREQ=BOGUS", "FOO",
                                    "END:VEVENT", "END:VCALENDAR"});
        const QStringList goodIssues = messages(checkICalendar(good).allIssues());
        const QStringList badIssues = messages(checkICalendar(bad).allIssues());
        QVERIFY(!badIssues.isEmpty());
        std::atomic<int> mismatches{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&, t] {
                for (int k = 0; k < 15; ++k) {
                    const bool useGood = (t + k) % 2 == 0;
                    const QStringList got = messages(checkICalendar(useGood ? good : bad).allIssues());
                    if (got != (useGood ? goodIssues : badIssues))
                        ++mismatches;
                }
            });
        }
        for (std::thread &th : threads)
            th.join();
        QCOMPARE(mismatches.load(), 0);
    }

    // Truncations, byte flips and misplaced structure lines in real data: issues,
    // never a crash or an abort — for the check and for every edit.
    void neverCrashes()
    {
        const QByteArray base = fixture("outlook-calendar.ics", true);
        const QList<QByteArray> nasty{"BEGIN:VEVENT", "END:VEVENT", "END:VCALENDAR", "BEGIN:VALARM", "END:VTIMEZONE",
                                      "ATTENDEE;CN=a\"b;SCHEDULE-AGENT=SERVER\":mailto:x@old.example",
                                      "ATTENDEE;CN=\"open:mailto:x@old.example", "ORGANIZER", " folded orphan",
                                      "DTSTART;TZID=\"W. Europe Standard Time\":2024", "\r", QByteArray(1, '\0'),
                                      "UID:", "RECURRENCE-ID:x", "X-A:\xFF\xFE"};
        AddressMap map;
        map.addRule(u"{local}@old.example={local}@new.example");
        QRandomGenerator rng(4711);
        for (int round = 0; round < 300; ++round) {
            QByteArray data = base;
            switch (round % 3) {
            case 0:
                data.truncate(rng.bounded(data.size()));
                break;
            case 1:
                for (int k = 0; k < 1 + round % 7; ++k)
                    data[rng.bounded(data.size())] = char(rng.bounded(256));
                break;
            default:
                for (int k = 0; k < 1 + round % 4; ++k) {
                    const qsizetype at = data.indexOf("\r\n", rng.bounded(data.size()));
                    if (at >= 0)
                        data.insert(at + 2, nasty[rng.bounded(nasty.size())] + "\r\n");
                }
            }
            const ICalCheck check = checkICalendar(data, ICalCheckMode::File);
            if (round % 3 == 0 && data.size() < base.size() - 20)
                QVERIFY2(check.hasIssues(), qPrintable(QString::number(round)));
            const ICalSplit split = splitICalendar(data);
            for (const ICalResource &r : split.resources) {
                const ICalEdit safe = addScheduleAgentClient(
                    mapCalendarAddresses(renameWindowsTimeZones(r.data).data, map).data);
                if (safe.issues.isEmpty())
                    QVERIFY2(!hasSchedulingSideEffects(safe.data), safe.data.constData());
                (void)keepInDescription(safe.data, {"X-MICROSOFT-CDO-BUSYSTATUS", "CLASS"});
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestICalCheck)
#include "tst_icalcheck.moc"
