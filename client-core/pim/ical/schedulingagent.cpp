#include "schedulingagent.h"
#include "icaldocument_p.h"
#include "rawline_p.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ferry::pim {

using namespace detail;

namespace {

bool isCalendarUser(const ContentLine &l) { return l.is("ORGANIZER") || l.is("ATTENDEE"); }

// A line the content-line reader could not split that still starts like one.
bool looksLikeCalendarUser(const QByteArray &raw)
{
    const QByteArray text = RawLine(raw).text().trimmed().toUpper();
    for (const QByteArrayView name : {QByteArrayView("ORGANIZER"), QByteArrayView("ATTENDEE")}) {
        if (text.startsWith(name) && text.size() > name.size() && (text[name.size()] == ';' || text[name.size()] == ':'))
            return true;
    }
    return false;
}

} // namespace

ICalEdit addScheduleAgentClient(const QByteArray &data)
{
    const ICalDocument doc = parseICalDocument(data);
    LineEdits edits;
    ICalEdit result;
    for (qsizetype i = 0; i < doc.content.lines.size(); ++i) {
        const ContentLine &l = doc.line(i);
        if (!isCalendarUser(l)) {
            if (l.name.isEmpty() && looksLikeCalendarUser(l.raw))
                result.issues.append({doc.lineNumber(i), u"malformed ORGANIZER/ATTENDEE line: SCHEDULE-AGENT=CLIENT could not be added safely; do not store this item"_s});
            continue;
        }
        RawLine raw(l.raw, doc.content.lineEnding);
        if (raw.colon() < 0) {
            result.issues.append({doc.lineNumber(i), u"%1 line could not be read; SCHEDULE-AGENT not added"_s.arg(QString::fromUtf8(l.name))});
            continue;
        }
        QString before;
        bool present = false;
        for (const RawLine::Param &p : raw.params()) {
            if (QByteArrayView(p.name).compare("SCHEDULE-AGENT", Qt::CaseInsensitive) != 0)
                continue;
            present = true;
            if (p.values.size() == 1 && raw.spanText(p.values[0]).compare("CLIENT", Qt::CaseInsensitive) == 0)
                continue;
            // Replace the whole "=value[,value]" of a parameter that says anything else.
            const qsizetype eq = p.begin + 1 + p.name.size();
            before = QString::fromUtf8(raw.text().mid(p.begin + 1, p.end - p.begin - 1));
            raw.replace(eq, p.end, "=CLIENT");
        }
        if (!present)
            raw.replace(raw.colon(), raw.colon(), ";SCHEDULE-AGENT=CLIENT");
        if (!raw.edited())
            continue;
        const QByteArray edited = raw.toRaw();
        // Read back with the content-line reader: a line malformed enough (a
        // DQUOTE inside an unquoted value) may be split differently there, and
        // what is stored must be safe by every reading.
        const ContentLines check = parseContentLines(edited);
        if (check.lines.size() != 1 || !isCalendarUser(check.lines[0]) || !schedulingSideEffects(edited).isEmpty()) {
            result.issues.append({doc.lineNumber(i), u"%1 line is malformed: SCHEDULE-AGENT=CLIENT could not be added safely; do not store this item"_s.arg(QString::fromUtf8(l.name))});
            continue;
        }
        edits.replace(i, edited);
        result.changes.append({doc.lineNumber(i), l.name.toUpper(), before, u"SCHEDULE-AGENT=CLIENT"_s});
    }
    result.data = edits.isEmpty() ? data : edits.apply(doc);
    return result;
}

QList<ICalIssue> schedulingSideEffects(const QByteArray &data)
{
    const ICalDocument doc = parseICalDocument(data);
    QList<ICalIssue> out;
    for (qsizetype i = 0; i < doc.content.lines.size(); ++i) {
        const ContentLine &l = doc.line(i);
        if (!isCalendarUser(l)) {
            if (l.name.isEmpty() && looksLikeCalendarUser(l.raw))
                out.append({doc.lineNumber(i), u"malformed ORGANIZER/ATTENDEE line: a server may still read it as one"_s});
            continue;
        }
        // Every SCHEDULE-AGENT parameter must say CLIENT or NONE (two that
        // disagree leave the choice to the server).
        QByteArrayList values;
        for (const ContentParam &p : l.params)
            if (QByteArrayView(p.name).compare("SCHEDULE-AGENT", Qt::CaseInsensitive) == 0)
                values += p.values.isEmpty() ? QByteArrayList{QByteArray()} : p.values;
        const bool safe = !values.isEmpty() && std::all_of(values.begin(), values.end(), [](const QByteArray &v) {
            const QByteArray u = v.trimmed().toUpper();
            return u == "CLIENT" || u == "NONE";
        });
        if (safe)
            continue;
        const QString name = QString::fromUtf8(l.name);
        out.append({doc.lineNumber(i), values.isEmpty()
                                           ? u"%1 without SCHEDULE-AGENT=CLIENT: a scheduling server may send a message"_s.arg(name)
                                           : u"%1 has SCHEDULE-AGENT=%2: a scheduling server may send a message"_s.arg(name, QString::fromUtf8(values.join(',')))});
    }
    return out;
}

bool hasSchedulingSideEffects(const QByteArray &data)
{
    return !schedulingSideEffects(data).isEmpty();
}

} // namespace ferry::pim
