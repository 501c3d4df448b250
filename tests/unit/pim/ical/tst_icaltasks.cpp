// Task priorities: the RFC 5545 §3.8.1.9 table both ways, and what the tasks
// fixture (DUE date and date-time, COMPLETED, RELATED-TO) carries.
#include "icaltestutil.h"

#include <pim/ical/icalsplit.h>
#include <pim/ical/taskpriority.h>

using namespace ferry::pim;
using namespace ferry::pim::test;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(ferry::pim::PriorityLevel)

class TestICalTasks : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void toLevel_data()
    {
        QTest::addColumn<int>("priority");
        QTest::addColumn<PriorityLevel>("level");
        QTest::newRow("0 undefined") << 0 << PriorityLevel::Undefined;
        for (int p = 1; p <= 4; ++p)
            QTest::addRow("%d high", p) << p << PriorityLevel::High;
        QTest::newRow("5 normal") << 5 << PriorityLevel::Normal;
        for (int p = 6; p <= 9; ++p)
            QTest::addRow("%d low", p) << p << PriorityLevel::Low;
        QTest::newRow("-1 invalid") << -1 << PriorityLevel::Undefined;
        QTest::newRow("10 invalid") << 10 << PriorityLevel::Undefined;
    }
    void toLevel()
    {
        QFETCH(int, priority);
        QFETCH(PriorityLevel, level);
        QCOMPARE(priorityLevel(priority), level);
    }

    void toValue()
    {
        QCOMPARE(priorityValue(PriorityLevel::High), 1);
        QCOMPARE(priorityValue(PriorityLevel::Normal), 5);
        QCOMPARE(priorityValue(PriorityLevel::Low), 9);
        QCOMPARE(priorityValue(PriorityLevel::Undefined), 0);
        // A round trip through a three-level side lands in the same level.
        for (int p = 0; p <= 9; ++p)
            QCOMPARE(priorityLevel(priorityValue(priorityLevel(p))), priorityLevel(p));
    }

    void parse_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<int>("expected"); // -1: invalid
        QTest::newRow("1") << QByteArray("1") << 1;
        QTest::newRow("spaces") << QByteArray(" 9 ") << 9;
        QTest::newRow("0") << QByteArray("0") << 0;
        QTest::newRow("leading zero") << QByteArray("05") << 5;
        QTest::newRow("10") << QByteArray("10") << -1;
        QTest::newRow("negative") << QByteArray("-1") << -1;
        QTest::newRow("word") << QByteArray("HIGH") << -1;
        QTest::newRow("empty") << QByteArray() << -1;
    }
    void parse()
    {
        QFETCH(QByteArray, value);
        QFETCH(int, expected);
        QCOMPARE(parsePriority(value).value_or(-1), expected);
    }

    void fixture()
    {
        const QByteArray data = test::fixture("tasks.ics", true);
        const ICalSplit split = splitICalendar(data);
        QCOMPARE(split.resources.size(), 4);
        const QList<PriorityLevel> levels{PriorityLevel::High, PriorityLevel::Normal, PriorityLevel::Low,
                                          PriorityLevel::Undefined};
        for (qsizetype i = 0; i < split.resources.size(); ++i) {
            const ICalResource &r = split.resources[i];
            const ICalCheck check = checkICalendar(r.data);
            QVERIFY2(!check.hasIssues(), qPrintable(messages(check.allIssues()).join(u'\n')));
            int priority = -1;
            for (const ContentLine &l : parseContentLines(r.data).lines)
                if (l.is("PRIORITY"))
                    priority = parsePriority(l.value).value_or(-1);
            QCOMPARE(priorityLevel(priority), levels[i]);
        }
        QVERIFY(split.resources[0].data.contains("\r\nDUE;VALUE=DATE:20240531\r\n"));
        QVERIFY(split.resources[1].data.contains("\r\nDUE;TZID=Europe/Berlin:20240402T170000\r\n"
                                                 "COMPLETED:20240402T151500Z\r\n"));
        QVERIFY(split.resources[2].data.contains("\r\nRELATED-TO;RELTYPE=PARENT:task-high@example.com\r\n"));
    }
};

QTEST_GUILESS_MAIN(TestICalTasks)
#include "tst_icaltasks.moc"
