// SCHEDULE-AGENT=CLIENT on every ORGANIZER/ATTENDEE (no invitation is ever sent)
// and the mapping of old addresses; each edit changes only its span: the other
// bytes of the line and every other line stay as they were.
#include "icaltestutil.h"

#include <pim/ical/calendaraddresses.h>
#include <pim/ical/icalsplit.h>
#include <pim/ical/schedulingagent.h>

using namespace ferry::pim;
using namespace ferry::pim::test;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(ferry::pim::AddressScope)

namespace {

// An event around `body` (raw bytes, each line with its own CRLF).
QByteArray wrapEvent(const QByteArray &body)
{
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:e1\r\n"
           "DTSTAMP:20240101T000000Z\r\nDTSTART:20240105T100000Z\r\n"
        + body + "END:VEVENT\r\nEND:VCALENDAR\r\n";
}

// PARTSTAT/RSVP/ROLE/CN of every ORGANIZER/ATTENDEE, in order.
QStringList participantParams(const QByteArray &data)
{
    QStringList out;
    for (const ContentLine &l : parseContentLines(data).lines) {
        if (!l.is("ATTENDEE") && !l.is("ORGANIZER"))
            continue;
        QStringList p;
        for (const char *name : {"PARTSTAT", "RSVP", "ROLE", "CN"})
            p.append(QString::fromUtf8(l.paramValue(name)));
        out.append(p.join(u'|'));
    }
    return out;
}

// One content line as Ferry writes a line it changed: folded at 75 octets.
QByteArray folded(const QByteArray &unfolded)
{
    return foldContentLine(unfolded, "\r\n");
}

AddressMap helpdeskMap()
{
    AddressMap map;
    map.addRule(u"me@old.example=me@new.example");
    map.addRule(u"c.smith@old.example=c_smith@new.example");
    map.addRule(u"{local}@old.example={local}@new.example");
    return map;
}

} // namespace

class TestICalScheduling : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void scheduleAgent_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("expected");
        QTest::addColumn<int>("changes");

        QTest::newRow("attendee") << QByteArray("ATTENDEE;PARTSTAT=ACCEPTED;RSVP=TRUE:mailto:a@example.com\r\n")
                                  << folded("ATTENDEE;PARTSTAT=ACCEPTED;RSVP=TRUE;SCHEDULE-AGENT=CLIENT:mailto:a@example.com")
                                  << 1;
        QTest::newRow("organizer, quoted CN with ':' and ';'")
            << QByteArray("ORGANIZER;CN=\"Smith; C: Sales\":mailto:c@example.com\r\n")
            << QByteArray("ORGANIZER;CN=\"Smith; C: Sales\";SCHEDULE-AGENT=CLIENT:mailto:c@example.com\r\n") << 1;
        QTest::newRow("no parameters") << QByteArray("ATTENDEE:mailto:a@example.com\r\n")
                                       << QByteArray("ATTENDEE;SCHEDULE-AGENT=CLIENT:mailto:a@example.com\r\n") << 1;
        QTest::newRow("SERVER replaced in place")
            << QByteArray("ATTENDEE;SCHEDULE-AGENT=SERVER;PARTSTAT=DECLINED:mailto:x@example.com\r\n")
            << QByteArray("ATTENDEE;SCHEDULE-AGENT=CLIENT;PARTSTAT=DECLINED:mailto:x@example.com\r\n") << 1;
        QTest::newRow("two disagreeing parameters")
            << QByteArray("ATTENDEE;SCHEDULE-AGENT=CLIENT;SCHEDULE-AGENT=SERVER:mailto:x@example.com\r\n")
            << QByteArray("ATTENDEE;SCHEDULE-AGENT=CLIENT;SCHEDULE-AGENT=CLIENT:mailto:x@example.com\r\n") << 1;
        QTest::newRow("lower case kept") << QByteArray("attendee;partstat=tentative:MAILTO:x@example.com\r\n")
                                         << QByteArray("attendee;partstat=tentative;SCHEDULE-AGENT=CLIENT:MAILTO:x@example.com\r\n")
                                         << 1;
        QTest::newRow("already CLIENT") << QByteArray("ATTENDEE;schedule-agent=client:mailto:x@example.com\r\n")
                                        << QByteArray("ATTENDEE;schedule-agent=client:mailto:x@example.com\r\n") << 0;
        QTest::newRow("insert on a continuation line; first physical line untouched")
            << QByteArray("ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Someone Lo\r\n ng:mailto:someone@example.com\r\n")
            << QByteArray("ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Someone Lo\r\n ng;SCHEDULE-AGENT=CLIENT:mailto:someone@example.com\r\n")
            << 1;
        QTest::newRow("long physical line folded again, at 75 octets")
            << QByteArray("ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Anna:mailto:anna@example.com\r\n")
            << QByteArray("ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Anna;SCHEDULE-AGENT=CLIE\r\n NT:mailto:anna@example.com\r\n")
            << 1;
        QTest::newRow("LF line ending kept") << QByteArray("ATTENDEE:mailto:a@example.com\n")
                                             << QByteArray("ATTENDEE;SCHEDULE-AGENT=CLIENT:mailto:a@example.com\n") << 1;
        QTest::newRow("attendee of an email alarm")
            << QByteArray("BEGIN:VALARM\r\nACTION:EMAIL\r\nTRIGGER:-PT5M\r\nSUMMARY:s\r\nDESCRIPTION:d\r\nATTENDEE:mailto:me@example.com\r\nEND:VALARM\r\n")
            << QByteArray("BEGIN:VALARM\r\nACTION:EMAIL\r\nTRIGGER:-PT5M\r\nSUMMARY:s\r\nDESCRIPTION:d\r\nATTENDEE;SCHEDULE-AGENT=CLIENT:mailto:me@example.com\r\nEND:VALARM\r\n")
            << 1;
        QTest::newRow("organizer and attendees, PARTSTATs")
            << QByteArray("ORGANIZER;CN=Me:mailto:me@example.com\r\n"
                          "ATTENDEE;PARTSTAT=ACCEPTED;ROLE=CHAIR:mailto:me@example.com\r\n"
                          "ATTENDEE;PARTSTAT=DECLINED;RSVP=FALSE:mailto:b@example.com\r\n"
                          "ATTENDEE;PARTSTAT=DELEGATED;DELEGATED-TO=\"mailto:d@example.com\":mailto:c@example.com\r\n")
            << QByteArray("ORGANIZER;CN=Me;SCHEDULE-AGENT=CLIENT:mailto:me@example.com\r\n"
                          + folded("ATTENDEE;PARTSTAT=ACCEPTED;ROLE=CHAIR;SCHEDULE-AGENT=CLIENT:mailto:me@example.com")
                          + folded("ATTENDEE;PARTSTAT=DECLINED;RSVP=FALSE;SCHEDULE-AGENT=CLIENT:mailto:b@example.com")
                          + folded("ATTENDEE;PARTSTAT=DELEGATED;DELEGATED-TO=\"mailto:d@example.com\";SCHEDULE-AGENT=CLIENT:mailto:c@example.com"))
            << 4;
    }
    void scheduleAgent()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, expected);
        QFETCH(int, changes);
        const QByteArray in = wrapEvent(body);
        QCOMPARE(hasSchedulingSideEffects(in), changes > 0);
        const ICalEdit edit = addScheduleAgentClient(in);
        QCOMPARE(edit.data, wrapEvent(expected));
        QCOMPARE(edit.changes.size(), changes);
        QVERIFY(edit.issues.isEmpty());
        QVERIFY(!hasSchedulingSideEffects(edit.data));
        QCOMPARE(participantParams(edit.data), participantParams(in));
        QVERIFY(libicalReadsClean(edit.data));
        // Idempotent.
        QCOMPARE(addScheduleAgentClient(edit.data).data, edit.data);
    }

    // A DQUOTE inside an unquoted value: the readers disagree about where the
    // parameters end, so Ferry does not guess; the item must not be stored.
    void malformed_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::newRow("quote inside a value") << QByteArray("ATTENDEE;CN=a\"b;SCHEDULE-AGENT=SERVER\":mailto:x@example.com");
        QTest::newRow("unterminated quote") << QByteArray("ATTENDEE;CN=\"open:mailto:x@example.com");
    }
    void malformed()
    {
        QFETCH(QByteArray, line);
        const QByteArray in = wrapEvent(line + "\r\n");
        QVERIFY(hasSchedulingSideEffects(in));
        const ICalEdit edit = addScheduleAgentClient(in);
        QVERIFY(hasSchedulingSideEffects(edit.data));
        QCOMPARE(edit.data, in);
        QCOMPARE(edit.issues.size(), 1);
        QCOMPARE(edit.issues[0].line, 8);
    }

    void sideEffects_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<bool>("sideEffects");
        QTest::newRow("none") << QByteArray("ATTENDEE:mailto:a@example.com") << true;
        QTest::newRow("server") << QByteArray("ATTENDEE;SCHEDULE-AGENT=SERVER:mailto:a@example.com") << true;
        QTest::newRow("x-value") << QByteArray("ORGANIZER;SCHEDULE-AGENT=X-FOO:mailto:a@example.com") << true;
        QTest::newRow("client") << QByteArray("ATTENDEE;SCHEDULE-AGENT=CLIENT:mailto:a@example.com") << false;
        QTest::newRow("none value") << QByteArray("ATTENDEE;SCHEDULE-AGENT=NONE:mailto:a@example.com") << false;
        QTest::newRow("disagreeing") << QByteArray("ATTENDEE;SCHEDULE-AGENT=CLIENT;SCHEDULE-AGENT=SERVER:mailto:a@example.com") << true;
        QTest::newRow("no participants") << QByteArray("SUMMARY:alone") << false;
    }
    void sideEffects()
    {
        QFETCH(QByteArray, line);
        QFETCH(bool, sideEffects);
        const QByteArray data = wrapEvent(line + "\r\n");
        QCOMPARE(hasSchedulingSideEffects(data), sideEffects);
        const QList<ICalIssue> found = schedulingSideEffects(data);
        if (sideEffects) {
            QCOMPARE(found.size(), 1);
            QCOMPARE(found[0].line, 8);
        }
    }

    void addresses_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<AddressScope>("scope");
        QTest::addColumn<QByteArray>("expected");
        QTest::addColumn<QStringList>("changes"); // "PROPERTY old -> new"

        const AddressScope own = AddressScope::OwnItems;
        QTest::newRow("own event")
            << QByteArray("ORGANIZER;CN=Me:mailto:me@old.example\r\n"
                          "ATTENDEE;PARTSTAT=ACCEPTED;CN=\"Smith, C\":mailto:C.Smith@old.example\r\n"
                          "ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:guest@other.example\r\n"
                          "ATTENDEE;PARTSTAT=TENTATIVE:MAILTO:anna@OLD.example\r\n")
            << own
            << QByteArray("ORGANIZER;CN=Me:mailto:me@new.example\r\n"
                          "ATTENDEE;PARTSTAT=ACCEPTED;CN=\"Smith, C\":mailto:c_smith@new.example\r\n"
                          "ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:guest@other.example\r\n"
                          "ATTENDEE;PARTSTAT=TENTATIVE:MAILTO:anna@new.example\r\n")
            << QStringList{u"ORGANIZER me@old.example -> me@new.example"_s,
                           u"ATTENDEE C.Smith@old.example -> c_smith@new.example"_s,
                           u"ATTENDEE anna@OLD.example -> anna@new.example"_s};
        QTest::newRow("parameters naming people")
            << QByteArray("ORGANIZER;SENT-BY=\"mailto:assistant@old.example\";EMAIL=me@old.example:mailto:me@old.example\r\n"
                          "ATTENDEE;DELEGATED-FROM=\"mailto:me@old.example\",\"mailto:x@other.example\":mailto:bob@old.example\r\n")
            << own
            << folded("ORGANIZER;SENT-BY=\"mailto:assistant@new.example\";EMAIL=me@new.example:mailto:me@new.example")
                   + folded("ATTENDEE;DELEGATED-FROM=\"mailto:me@new.example\",\"mailto:x@other.example\":mailto:bob@new.example")
            << QStringList{u"ORGANIZER;SENT-BY assistant@old.example -> assistant@new.example"_s,
                           u"ORGANIZER;EMAIL me@old.example -> me@new.example"_s,
                           u"ORGANIZER me@old.example -> me@new.example"_s,
                           u"ATTENDEE;DELEGATED-FROM me@old.example -> me@new.example"_s,
                           u"ATTENDEE bob@old.example -> bob@new.example"_s};
        const QByteArray invitation("ORGANIZER;CN=Boss:mailto:boss@partner.example\r\n"
                                    "ATTENDEE;PARTSTAT=ACCEPTED:mailto:me@old.example\r\n");
        QTest::newRow("someone else's invitation: untouched") << invitation << own << invitation << QStringList();
        QTest::newRow("someone else's invitation, everywhere")
            << invitation << AddressScope::Everywhere
            << QByteArray("ORGANIZER;CN=Boss:mailto:boss@partner.example\r\n"
                          "ATTENDEE;PARTSTAT=ACCEPTED:mailto:me@new.example\r\n")
            << QStringList{u"ATTENDEE me@old.example -> me@new.example"_s};
        QTest::newRow("no organizer: the user's own item")
            << QByteArray("BEGIN:VALARM\r\nACTION:EMAIL\r\nTRIGGER:-PT5M\r\nATTENDEE:mailto:me@old.example\r\nEND:VALARM\r\n")
            << own
            << QByteArray("BEGIN:VALARM\r\nACTION:EMAIL\r\nTRIGGER:-PT5M\r\nATTENDEE:mailto:me@new.example\r\nEND:VALARM\r\n")
            << QStringList{u"ATTENDEE me@old.example -> me@new.example"_s};
        const QByteArray urn("ORGANIZER:mailto:me@old.example\r\nATTENDEE:urn:uuid:00000000-0000-0000-0000-000000000001\r\n");
        QTest::newRow("other URI schemes untouched")
            << urn << own
            << QByteArray("ORGANIZER:mailto:me@new.example\r\nATTENDEE:urn:uuid:00000000-0000-0000-0000-000000000001\r\n")
            << QStringList{u"ORGANIZER me@old.example -> me@new.example"_s};
        QTest::newRow("address across a fold")
            << QByteArray("ORGANIZER:mailto:me@old.example\r\nATTENDEE;CN=Chris:mailto:c.smi\r\n th@old.example\r\n")
            << own
            << QByteArray("ORGANIZER:mailto:me@new.example\r\nATTENDEE;CN=Chris:mailto:c_smith@new.example\r\n")
            << QStringList{u"ORGANIZER me@old.example -> me@new.example"_s,
                           u"ATTENDEE c.smith@old.example -> c_smith@new.example"_s};
        QTest::newRow("already new") << QByteArray("ORGANIZER:mailto:me@new.example\r\n") << own
                                     << QByteArray("ORGANIZER:mailto:me@new.example\r\n") << QStringList();
    }
    void addresses()
    {
        QFETCH(QByteArray, body);
        QFETCH(AddressScope, scope);
        QFETCH(QByteArray, expected);
        QFETCH(QStringList, changes);
        const ICalEdit edit = mapCalendarAddresses(wrapEvent(body), helpdeskMap(), scope);
        QCOMPARE(edit.data, wrapEvent(expected));
        QStringList got;
        for (const ICalChange &c : edit.changes)
            got.append(QString::fromUtf8(c.property) + u' ' + c.before + u" -> "_s + c.after);
        QCOMPARE(got, changes);
        QVERIFY(libicalReadsClean(edit.data));
    }

    // The whole chain on a real export: split, map, no scheduling; each
    // resource still a clean resource, PARTSTATs as they were, the user organizer.
    void outlookChain()
    {
        const QByteArray data = fixture("outlook-calendar.ics", true);
        const ICalSplit split = splitICalendar(data);
        const AddressMap map = helpdeskMap();
        int organizerChanges = 0;
        for (const ICalResource &r : split.resources) {
            const ICalEdit mapped = mapCalendarAddresses(r.data, map);
            const ICalEdit safe = addScheduleAgentClient(mapped.data);
            for (const ICalChange &c : mapped.changes)
                organizerChanges += c.property == "ORGANIZER" ? 1 : 0;
            QVERIFY(!hasSchedulingSideEffects(safe.data));
            QCOMPARE(participantParams(safe.data), participantParams(r.data));
            const ICalCheck check = checkICalendar(safe.data, ICalCheckMode::Resource);
            QVERIFY2(!check.hasIssues(), qPrintable(messages(check.allIssues()).join(u'\n')));

            QSet<int> changed;
            for (const ICalChange &c : mapped.changes)
                changed.insert(c.line);
            QVERIFY(untouchedLinesKept(r.data, mapped.data, changed));
            changed.clear();
            for (const ICalChange &c : safe.changes)
                changed.insert(c.line);
            QVERIFY(untouchedLinesKept(mapped.data, safe.data, changed));

            if (r.uid == u"invite-from-partner@partner.example") {
                QVERIFY(mapped.changes.isEmpty());
                QVERIFY(safe.data.contains("ATTENDEE;PARTSTAT=ACCEPTED;SCHEDULE-AGENT=CLIENT:mailto:me@old.example\r\n"));
            }
            if (r.uid.endsWith(u"weekly")) {
                QVERIFY(safe.data.contains("ORGANIZER;CN=Me Myself;SCHEDULE-AGENT=CLIENT:mailto:me@new.example\r\n"));
                // Edited twice (address, then SCHEDULE-AGENT): compare unfolded.
                QVERIFY(QByteArray(safe.data).replace("\r\n ", "").contains(
                    "\r\nATTENDEE;PARTSTAT=DECLINED;CN=Anna;SENT-BY=\"mailto:assistant@new.example\";SCHEDULE-AGENT=CLIENT:mailto:anna@new.example\r\n"));
            }
        }
        QCOMPARE(organizerChanges, 3); // master and two overrides
    }
};

QTEST_GUILESS_MAIN(TestICalScheduling)
#include "tst_icalscheduling.moc"
