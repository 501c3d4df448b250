// Helpers for the iCalendar tests: fixtures in LF and CRLF, and the invariants
// every edit must keep (untouched lines byte-identical, libical still reads it).
#pragma once

#include <pim/ical/icalcheck.h>
#include <pim/text/contentline.h>
#include <testsupport.h>

#include <QFile>
#include <QSet>
#include <QTest>

namespace ferry::pim::test {

inline QByteArray fixture(const char *name, bool crlf = false)
{
    QFile f(ferry::test::testDataPath(QLatin1String("unit/pim/ical/data/") + QLatin1String(name)));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("fixture %s missing", name);
    QByteArray data = f.readAll();
    if (crlf)
        data.replace("\n", "\r\n");
    return data;
}

// Joins lines with CRLF (each line ends with one).
inline QByteArray ics(std::initializer_list<const char *> lines, const char *ending = "\r\n")
{
    QByteArray out;
    for (const char *l : lines)
        out += QByteArray(l) + ending;
    return out;
}

// The raw bytes of each logical line.
inline QList<QByteArray> rawLines(const QByteArray &data)
{
    QList<QByteArray> out;
    for (const ContentLine &l : parseContentLines(data).lines)
        out.append(l.raw);
    return out;
}

// Every input line whose physical line number is not in `changedLines` appears,
// byte-identical and in order, in the output.
inline bool untouchedLinesKept(const QByteArray &in, const QByteArray &out, const QSet<int> &changedLines)
{
    const QList<QByteArray> outLines = rawLines(out);
    qsizetype pos = 0;
    int lineNo = 1;
    for (const QByteArray &raw : rawLines(in)) {
        const int thisLine = lineNo;
        lineNo += int(raw.count('\n'));
        if (changedLines.contains(thisLine))
            continue;
        while (pos < outLines.size() && outLines[pos] != raw)
            ++pos;
        if (pos == outLines.size()) {
            qWarning("line %d not kept: %s", thisLine, raw.constData());
            return false;
        }
        ++pos;
    }
    return true;
}

// libical reads every object, and reports nothing it could not read.
inline bool libicalReadsClean(const QByteArray &data)
{
    const ICalCheck check = checkICalendar(data, ICalCheckMode::File);
    if (check.objects.isEmpty())
        return false;
    for (const ICalObjectReport &o : check.objects) {
        if (!o.libicalParsed)
            return false;
        for (const ICalIssue &i : o.issues) {
            if (i.message.startsWith(QLatin1String("libical"))) {
                qWarning("%s", qPrintable(i.message));
                return false;
            }
        }
    }
    return true;
}

inline QStringList messages(const QList<ICalIssue> &issues)
{
    QStringList out;
    for (const ICalIssue &i : issues)
        out.append(QString::number(i.line) + QLatin1String(": ") + i.message);
    return out;
}

} // namespace ferry::pim::test
