// The RFC 4180 reader of `ferry-cli batch`: quotes, commas, quotes and line breaks
// inside quotes, CRLF/LF/CR, BOM, blank lines, and malformed records reported by
// line while the rest is still read.
#include <batchcsv.h>

#include <QTest>

using namespace ferry::cli;
using namespace Qt::StringLiterals;

namespace {
// "LINE: a | b | c" per record, "!LINE" per issue.
QStringList flatten(const CsvTable &t)
{
    QStringList out;
    for (const CsvRecord &r : t.records)
        out << u"%1: %2"_s.arg(r.line).arg(r.fields.join(u" | "_s));
    for (const CsvIssue &i : t.issues)
        out << u"!%1"_s.arg(i.line);
    return out;
}
} // namespace

class TestBatchCsv : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void read_data()
    {
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<QStringList>("expected");

        QTest::newRow("plain LF") << "a,b,c\n1,2,3\n"_ba << QStringList{u"1: a | b | c"_s, u"2: 1 | 2 | 3"_s};
        QTest::newRow("CRLF") << "a,b\r\n1,2\r\n"_ba << QStringList{u"1: a | b"_s, u"2: 1 | 2"_s};
        QTest::newRow("lone CR") << "a,b\r1,2"_ba << QStringList{u"1: a | b"_s, u"2: 1 | 2"_s};
        QTest::newRow("no final line break") << "a,b\n1,2"_ba << QStringList{u"1: a | b"_s, u"2: 1 | 2"_s};
        QTest::newRow("BOM") << "\xEF\xBB\xBFname,from\nx,y\n"_ba << QStringList{u"1: name | from"_s, u"2: x | y"_s};
        QTest::newRow("quoted comma") << "\"Berg, Anna\",x\n"_ba << QStringList{u"1: Berg, Anna | x"_s};
        QTest::newRow("doubled quote") << "\"say \"\"hi\"\"\",x\n"_ba << QStringList{u"1: say \"hi\" | x"_s};
        QTest::newRow("embedded LF keeps the start line")
            << "h\n\"two\nlines\",x\nnext\n"_ba << QStringList{u"1: h"_s, u"2: two\nlines | x"_s, u"4: next"_s};
        QTest::newRow("embedded CRLF becomes LF")
            << "\"a\r\nb\"\r\nc\r\n"_ba << QStringList{u"1: a\nb"_s, u"3: c"_s};
        QTest::newRow("empty fields") << ",,\n"_ba << QStringList{u"1:  |  | "_s};
        QTest::newRow("quoted empty is a record") << "\"\"\n"_ba << QStringList{u"1: "_s};
        QTest::newRow("blank lines skipped") << "a\n\n\r\nb\n"_ba << QStringList{u"1: a"_s, u"4: b"_s};
        QTest::newRow("quote inside unquoted kept") << "ab\"c,d\n"_ba << QStringList{u"1: ab\"c | d"_s};
        QTest::newRow("UTF-8") << "J\xC3\xB6rg,\xE6\x97\xA5\xE6\x9C\xAC\n"_ba << QStringList{u"1: J\u00F6rg | \u65E5\u672C"_s};
        QTest::newRow("text after closing quote")
            << "a\n\"bc\"d,e\nf\n"_ba << QStringList{u"1: a"_s, u"3: f"_s, u"!2"_s};
        QTest::newRow("unclosed quote: the next lines are read again")
            << "a\n\"bc,d\ne,f\n"_ba << QStringList{u"1: a"_s, u"3: e | f"_s, u"!2"_s};
        QTest::newRow("empty file") << QByteArray() << QStringList{};
    }
    void read()
    {
        QFETCH(QByteArray, csv);
        QFETCH(QStringList, expected);
        const CsvTable t = readCsv(csv);
        QVERIFY(t.utf8);
        QCOMPARE(flatten(t), expected);
    }

    void notUtf8()
    {
        const CsvTable t = readCsv("name\nJ\xF6rg\n"_ba); // Latin-1
        QVERIFY(!t.utf8);
        QVERIFY(t.records.isEmpty());
    }

    void issuesNeverQuoteTheText()
    {
        const CsvTable t = readCsv("\"hunter2\"x\n"_ba);
        QCOMPARE(t.issues.size(), 1);
        QVERIFY(!t.issues.first().message.contains(u"hunter2"_s));
    }
};

QTEST_GUILESS_MAIN(TestBatchCsv)
#include "tst_batchcsv.moc"
