// splitICalendar: one resource per UID with its overrides, the VTIMEZONEs it
// uses and nothing else, component bytes copied as they were; METHOD and
// calendar-level properties reported; duplicates, missing UIDs and broken
// structure kept and reported, never dropped silently.
#include "icaltestutil.h"

#include <pim/ical/icalsplit.h>

#include <libical/ical.h>

using namespace ferry::pim;
using namespace ferry::pim::test;
using namespace Qt::StringLiterals;

namespace {

const ICalResource *byUid(const ICalSplit &s, const QString &uid)
{
    for (const ICalResource &r : s.resources)
        if (r.uid == uid)
            return &r;
    return nullptr;
}

QStringList zonesIn(const QByteArray &resource)
{
    const ICalCheck check = checkICalendar(resource);
    return check.objects.value(0).tzidsDefined;
}

// The bytes of every component of `kind` in `data`, each from its BEGIN to END line.
QList<QByteArray> componentBytes(const QByteArray &data, const QByteArray &kind)
{
    QList<QByteArray> out;
    const QList<QByteArray> lines = rawLines(data);
    QByteArray cur;
    int depth = 0;
    for (const QByteArray &l : lines) {
        if (l.startsWith("BEGIN:" + kind))
            ++depth;
        if (depth)
            cur += l;
        if (depth && l.startsWith("END:" + kind) && --depth == 0) {
            out.append(cur);
            cur.clear();
        }
    }
    return out;
}

// Seconds since the epoch of the first VEVENT's DTSTART, as libical computes it
// with the VTIMEZONE in the resource.
qint64 libicalStartUtc(const QByteArray &resource)
{
    icalcomponent *cal = icalparser_parse_string(resource.constData());
    if (!cal)
        return -1;
    icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
    const icaltimetype start = icalcomponent_get_dtstart(ev);
    const qint64 t = qint64(icaltime_as_timet_with_zone(start, start.zone));
    icalcomponent_free(cal);
    return t;
}

} // namespace

class TestICalSplit : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void outlookExport_data()
    {
        QTest::addColumn<bool>("crlf");
        QTest::newRow("LF") << false;
        QTest::newRow("CRLF") << true;
    }
    void outlookExport()
    {
        QFETCH(bool, crlf);
        const QByteArray data = fixture("outlook-calendar.ics", crlf);
        const QByteArray le = crlf ? "\r\n" : "\n";
        const ICalSplit split = splitICalendar(data);
        QVERIFY2(split.issues.isEmpty(), qPrintable(messages(split.issues).join(u'\n')));

        QStringList uids;
        for (const ICalResource &r : split.resources)
            uids.append(r.uid);
        QCOMPARE(uids, (QStringList{u"040000008200E00074C5B7101A82E00800000000weekly"_s, u"lordhowe-1@old.example"_s,
                                    u"utc-1@old.example"_s, u"floating-1@old.example"_s, u"allday-1@old.example"_s,
                                    u"multiday-1@old.example"_s, u"invite-from-partner@partner.example"_s}));

        QVERIFY2(split.info.join(u'\n').contains(u"METHOD:PUBLISH dropped"), qPrintable(split.info.join(u'\n')));
        QVERIFY(split.info.join(u'\n').contains(u"X-WR-CALNAME describes the calendar"));
        QCOMPARE(split.calendarProperties.size(), 1);
        QCOMPARE(split.calendarProperties[0].value, QByteArray("Calendar"));

        // Each resource: a clean single-UID resource libical reads, with the
        // envelope lines of the source and only the zones it uses.
        for (const ICalResource &r : split.resources) {
            QVERIFY2(r.issues.isEmpty(), qPrintable(messages(r.issues).join(u'\n')));
            const ICalCheck check = checkICalendar(r.data, ICalCheckMode::Resource);
            QVERIFY2(!check.hasIssues(), qPrintable(r.uid + u'\n' + messages(check.allIssues()).join(u'\n')));
            QVERIFY(check.objects.first().libicalParsed);
            QVERIFY(r.data.startsWith("BEGIN:VCALENDAR" + le + "PRODID:Microsoft Exchange Server 2010" + le
                                      + "VERSION:2.0" + le + "BEGIN:"));
            QVERIFY(r.data.endsWith("END:VCALENDAR" + le));
            QVERIFY(!r.data.contains("METHOD"));
            QVERIFY(!r.data.contains("X-WR-CALNAME"));
            QCOMPARE(r.kinds, QList<QByteArray>{"VEVENT"});
        }
        const ICalResource *weekly = byUid(split, u"040000008200E00074C5B7101A82E00800000000weekly"_s);
        QVERIFY(weekly);
        QCOMPARE(componentBytes(weekly->data, "VEVENT").size(), 3);
        QCOMPARE(zonesIn(weekly->data), (QStringList{u"W. Europe Standard Time"_s, u"Tokyo Standard Time"_s}));
        QCOMPARE(weekly->line, 44);
        QCOMPARE(zonesIn(byUid(split, u"lordhowe-1@old.example"_s)->data), QStringList{u"Lord Howe Standard Time"_s});
        QCOMPARE(zonesIn(byUid(split, u"utc-1@old.example"_s)->data), QStringList());
        QCOMPARE(zonesIn(byUid(split, u"allday-1@old.example"_s)->data), QStringList());

        // Bytes kept: every VEVENT and every used VTIMEZONE of the input appears
        // verbatim in exactly one resource (zones: in each that uses them).
        const QList<QByteArray> inEvents = componentBytes(data, "VEVENT");
        QCOMPARE(inEvents.size(), 9);
        for (const QByteArray &ev : inEvents) {
            int found = 0;
            for (const ICalResource &r : split.resources)
                found += r.data.contains(ev) ? 1 : 0;
            QCOMPARE(found, 1);
        }
        for (const QByteArray &zone : componentBytes(data, "VTIMEZONE"))
            QVERIFY(weekly->data.contains(zone) || byUid(split, u"lordhowe-1@old.example"_s)->data.contains(zone));
    }

    // The Lord Howe zone moves by 30 minutes: the VTIMEZONE carried into the
    // resource is what libical uses. 15 July 2024 10:00 is standard time, +10:30.
    void halfHourZoneSurvives()
    {
        const ICalSplit split = splitICalendar(fixture("outlook-calendar.ics", true));
        const ICalResource *r = byUid(split, u"lordhowe-1@old.example"_s);
        QVERIFY(r);
        QCOMPARE(libicalStartUtc(r->data), QDateTime(QDate(2024, 7, 14), QTime(23, 30), Qt::UTC).toSecsSinceEpoch());
    }

    void tasks()
    {
        const QByteArray data = fixture("tasks.ics", true);
        const ICalSplit split = splitICalendar(data);
        QCOMPARE(split.resources.size(), 4);
        QVERIFY(split.info.isEmpty());
        for (const ICalResource &r : split.resources) {
            QCOMPARE(r.kinds, QList<QByteArray>{"VTODO"});
            QVERIFY(r.data.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example Corp//Tasks 1.0//EN\r\n"
                                      "CALSCALE:GREGORIAN\r\n"));
            QVERIFY(libicalReadsClean(r.data));
        }
        QCOMPARE(zonesIn(split.resources[1].data), QStringList{u"Europe/Berlin"_s});
        QCOMPARE(zonesIn(split.resources[0].data), QStringList());
        QVERIFY(split.resources[2].data.contains("RELATED-TO;RELTYPE=PARENT:task-high@example.com\r\n"));
    }

    void odd_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QStringList>("uids");
        QTest::addColumn<QStringList>("issues");   // "uid|line: text" per resource, "*|line: text" file-level
        QTest::addColumn<QStringList>("info");

        QTest::newRow("identical duplicate left out")
            << ics({"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:x", "BEGIN:VEVENT", "UID:a", "SUMMARY:s", "END:VEVENT",
                    "BEGIN:VEVENT", "UID:a", "SUMMARY:s", "END:VEVENT", "END:VCALENDAR"})
            << QStringList{u"a"_s} << QStringList() << QStringList{u"an identical second copy of UID a (line 8) was left out"_s};
        QTest::newRow("different duplicate kept apart")
            << ics({"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:x", "BEGIN:VEVENT", "UID:a", "SUMMARY:one", "END:VEVENT",
                    "BEGIN:VEVENT", "UID:a", "SUMMARY:two", "END:VEVENT", "END:VCALENDAR"})
            << QStringList{u"a"_s, u"a"_s}
            << QStringList{u"a|8: UID a appears again (line 4 first) and is not a RECURRENCE-ID override"_s}
            << QStringList();
        QTest::newRow("same UID, other kind")
            << ics({"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:x", "BEGIN:VEVENT", "UID:a", "END:VEVENT",
                    "BEGIN:VTODO", "UID:a", "END:VTODO", "END:VCALENDAR"})
            << QStringList{u"a"_s, u"a"_s} << QStringList{u"a|7: UID a is also used by a VEVENT"_s} << QStringList();
        QTest::newRow("no UID")
            << ics({"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:x", "BEGIN:VEVENT", "SUMMARY:x", "END:VEVENT",
                    "END:VCALENDAR"})
            << QStringList{QString()} << QStringList{u"|4: VEVENT without UID: kept as a resource of its own"_s}
            << QStringList();
        QTest::newRow("unterminated closed")
            << ics({"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:x", "BEGIN:VEVENT", "UID:a", "SUMMARY:x"})
            << QStringList{u"a"_s}
            << QStringList{u"a|4: BEGIN:VEVENT had no END: closed at its last line"_s,
                           u"*|4: BEGIN:VEVENT has no END:VEVENT"_s}
            << QStringList();
        QTest::newRow("overrides across VCALENDARs, missing envelope lines added")
            << ics({"BEGIN:VCALENDAR", "BEGIN:VEVENT", "UID:a", "RRULE:FREQ=DAILY", "END:VEVENT", "END:VCALENDAR",
                    "BEGIN:VCALENDAR", "BEGIN:VEVENT", "UID:a", "RECURRENCE-ID:20240102T100000Z", "END:VEVENT",
                    "END:VCALENDAR"})
            << QStringList{u"a"_s} << QStringList()
            << QStringList{u"VERSION:2.0 added where the source had none (RFC 5545 §3.7.4)"_s,
                           u"a PRODID added where the source had none (RFC 5545 §3.7.3)"_s};
        QTest::newRow("bare components wrapped")
            << ics({"BEGIN:VEVENT", "UID:a", "END:VEVENT", "BEGIN:VTODO", "UID:b", "END:VTODO"})
            << QStringList{u"a"_s, u"b"_s} << QStringList()
            << QStringList{u"BEGIN:VEVENT outside a VCALENDAR was wrapped in one"_s,
                           u"BEGIN:VTODO outside a VCALENDAR was wrapped in one"_s,
                           u"VERSION:2.0 added where the source had none (RFC 5545 §3.7.4)"_s,
                           u"a PRODID added where the source had none (RFC 5545 §3.7.3)"_s};
        QTest::newRow("zone missing")
            << ics({"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:x", "BEGIN:VEVENT", "UID:a",
                    "DTSTART;TZID=Europe/Paris:20240101T100000", "END:VEVENT", "END:VCALENDAR"})
            << QStringList{u"a"_s} << QStringList{u"a|4: TZID \"Europe/Paris\" has no VTIMEZONE in the file"_s}
            << QStringList();
        QTest::newRow("stray text reported")
            << ics({"Hello", "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:x", "BEGIN:VEVENT", "UID:a", "END:VEVENT",
                    "END:VCALENDAR"})
            << QStringList{u"a"_s} << QStringList{u"*|1: text outside any component"_s} << QStringList();
    }
    void odd()
    {
        QFETCH(QByteArray, data);
        QFETCH(QStringList, uids);
        QFETCH(QStringList, issues);
        QFETCH(QStringList, info);
        const ICalSplit split = splitICalendar(data);
        QStringList got;
        QStringList gotIssues = messages(split.issues);
        for (QString &i : gotIssues)
            i.prepend(u"*|"_s);
        for (const ICalResource &r : split.resources) {
            got.append(r.uid);
            for (const QString &m : messages(r.issues))
                gotIssues.append(r.uid + u'|' + m);
            // Whatever was wrong, each resource is something libical reads.
            QVERIFY2(libicalReadsClean(r.data), r.data.constData());
        }
        QCOMPARE(got, uids);
        for (const QString &e : issues) {
            QVERIFY2(std::any_of(gotIssues.begin(), gotIssues.end(), [&](const QString &g) { return g.startsWith(e); }),
                     qPrintable(u"expected \"%1\" among:\n%2"_s.arg(e, gotIssues.join(u'\n'))));
        }
        QCOMPARE(split.info, info);
    }

    void bomNotCopied()
    {
        const QByteArray data = "\xEF\xBB\xBF" + ics({"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:x", "BEGIN:VEVENT",
                                                      "UID:a", "END:VEVENT", "END:VCALENDAR"});
        const ICalSplit split = splitICalendar(data);
        QCOMPARE(split.resources.size(), 1);
        QCOMPARE(split.resources[0].data, data.mid(3));
    }

    // A file whose last line has no line ending still gives complete lines.
    void noFinalLineEnding()
    {
        QByteArray data = ics({"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:x", "BEGIN:VEVENT", "UID:a", "END:VEVENT",
                               "END:VCALENDAR"});
        data.chop(2);
        const ICalSplit split = splitICalendar(data);
        QCOMPARE(split.resources.size(), 1);
        QCOMPARE(split.resources[0].data, data + "\r\n");
    }
};

QTEST_GUILESS_MAIN(TestICalSplit)
#include "tst_icalsplit.moc"
