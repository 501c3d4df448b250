#include "icalcheck.h"
#include "icaldocument_p.h"
#include "icalvalues_p.h"
#include "libicalparse_p.h"
#include "rawline_p.h"

#include <QStringDecoder>

#include <algorithm>
#include <climits>

using namespace Qt::StringLiterals;

namespace ferry::pim {

using namespace detail;

namespace {

bool isItemKind(const QByteArray &kind)
{
    return kind == "VEVENT" || kind == "VTODO" || kind == "VJOURNAL" || kind == "VFREEBUSY";
}

QString str(const QByteArray &b) { return QString::fromUtf8(b); }

void appendUnique(QStringList &list, const QString &s)
{
    if (!list.contains(s))
        list.append(s);
}

// Octet-level problems of one line: invalid UTF-8, control characters.
void checkOctets(const ICalDocument &doc, qsizetype i, QList<ICalIssue> &issues)
{
    const QByteArray &raw = doc.line(i).raw;
    QStringDecoder dec(QStringDecoder::Utf8);
    const QString decoded = dec.decode(raw);
    if (dec.hasError())
        issues.append({doc.lineNumber(i), u"not valid UTF-8 (RFC 5545 §3.1.4): the target may refuse or garble it"_s});
    for (const char c : raw) {
        const uchar u = uchar(c);
        if ((u < 0x20 && c != '\t' && c != '\r' && c != '\n') || u == 0x7F) {
            issues.append({doc.lineNumber(i), u"control character 0x%1 in a content line"_s.arg(u, 2, 16, QLatin1Char('0'))});
            break;
        }
    }
}

// What libical gets: the object's logical lines, unfolded and ended with CRLF
// (libical splits at LF only; a lone CR, which our content lines accept, would
// join two lines), with the structure our tree found, so that a stray or missing
// END (already an issue) does not make libical drop the object or print to
// stderr ("Encountered END before BEGIN"): stray END lines are left out,
// unterminated components are closed.
QByteArray libicalLine(const ICalDocument &doc, qsizetype i)
{
    return RawLine(doc.line(i).raw).text() + "\r\n";
}

QByteArray libicalInput(const ICalDocument &doc, const ICalNode &node)
{
    QByteArray out = libicalLine(doc, node.begin);
    for (qsizetype i : node.properties)
        if (!doc.line(i).is("END") && !doc.line(i).raw.trimmed().isEmpty())
            out += libicalLine(doc, i);
    for (const ICalNode &child : node.children)
        out += libicalInput(doc, child);
    out += node.terminated() ? libicalLine(doc, node.end) : "END:" + node.name + "\r\n";
    return out;
}

struct Checker {
    const ICalDocument &doc;
    ICalCheckMode mode;
    QHash<QString, QList<QByteArray>> seen; // uid → recurrence ids seen (whole input)

    void component(const ICalNode &node, ICalObjectReport &r)
    {
        ICalComponentInfo info;
        info.kind = node.name;
        info.line = doc.lineNumber(node.begin);
        const qsizetype uidLine = doc.findProperty(node, "UID");
        if (uidLine >= 0)
            info.uid = unescapeText(doc.line(uidLine).value).trimmed();
        const qsizetype ridLine = doc.findProperty(node, "RECURRENCE-ID");
        if (ridLine >= 0)
            info.recurrenceId = doc.line(ridLine).value.trimmed();

        if (info.uid.isEmpty() && isItemKind(node.name)) {
            r.issues.append({info.line, u"%1 without UID (RFC 5545 §3.8.4.7)"_s.arg(str(node.name))});
        } else if (!info.uid.isEmpty()) {
            QList<QByteArray> &rids = seen[info.uid];
            if (rids.contains(info.recurrenceId)) {
                r.issues.append({info.line, info.recurrenceId.isEmpty()
                                                ? u"UID %1 appears twice and neither is a RECURRENCE-ID override"_s.arg(info.uid)
                                                : u"UID %1 has two overrides for RECURRENCE-ID %2"_s.arg(info.uid, str(info.recurrenceId))});
            }
            rids.append(info.recurrenceId);
            appendUnique(r.uids, info.uid);
        }
        if (!r.kinds.contains(info.kind))
            r.kinds.append(info.kind);
        if (!info.recurrenceId.isEmpty())
            r.recurrenceIds.append(info.recurrenceId);
        r.components.append(info);
    }

    ICalObjectReport object(const ICalNode &root)
    {
        ICalObjectReport r;
        r.line = doc.lineNumber(root.begin);
        if (root.name == "VCALENDAR") {
            const qsizetype method = doc.findProperty(root, "METHOD");
            if (method >= 0)
                r.method = doc.line(method).value.trimmed();
            for (const ICalNode &child : root.children) {
                if (child.name == "VTIMEZONE") {
                    const qsizetype tzid = doc.findProperty(child, "TZID");
                    if (tzid >= 0)
                        appendUnique(r.tzidsDefined, str(doc.line(tzid).value.trimmed()));
                    else
                        r.issues.append({doc.lineNumber(child.begin), u"VTIMEZONE without TZID"_s});
                } else {
                    component(child, r);
                }
            }
        } else {
            r.issues.append({r.line, u"BEGIN:%1 is not inside a VCALENDAR"_s.arg(str(root.name))});
            component(root, r);
        }

        QHash<QString, int> firstUse;
        for (qsizetype i = root.begin; i <= root.last; ++i) {
            const ContentLine &l = doc.line(i);
            checkOctets(doc, i, r.issues);
            if (l.name.isEmpty())
                continue;
            if (const ContentParam *tz = l.param("TZID")) {
                for (const QByteArray &v : tz->values) {
                    const QString name = str(v.trimmed());
                    appendUnique(r.tzidsUsed, name);
                    if (!firstUse.contains(name))
                        firstUse.insert(name, doc.lineNumber(i));
                }
            }
            QString problem = checkDateValue(l);
            if (problem.isEmpty() && l.is("PRIORITY"))
                problem = checkPriorityValue(l);
            if (!problem.isEmpty())
                r.issues.append({doc.lineNumber(i), problem});
        }
        for (const QString &tz : std::as_const(r.tzidsUsed)) {
            if (!r.tzidsDefined.contains(tz))
                r.issues.append({firstUse.value(tz), u"TZID \"%1\" is used but no VTIMEZONE defines it (RFC 5545 §3.2.19)"_s.arg(tz)});
        }

        if (mode == ICalCheckMode::Resource) {
            if (r.uids.size() > 1)
                r.issues.append({r.line, u"several UIDs in one calendar resource (%1); RFC 4791 §4.1 allows one"_s.arg(r.uids.join(u", "))});
            if (r.kinds.size() > 1) {
                QStringList kinds;
                for (const QByteArray &k : std::as_const(r.kinds))
                    kinds.append(str(k));
                r.issues.append({r.line, u"several component kinds in one calendar resource (%1); RFC 4791 §4.1 allows one"_s.arg(kinds.join(u", "))});
            }
            if (!r.method.isEmpty())
                r.issues.append({r.line, u"METHOD:%1 is not allowed in a stored calendar resource (RFC 4791 §4.1)"_s.arg(str(r.method))});
        }

        const LibicalResult lib = parseWithLibical(libicalInput(doc, root));
        r.libicalParsed = lib.parsed;
        if (!lib.parsed)
            r.issues.append({r.line, u"libical could not read this object"_s});
        for (const QString &e : lib.errors)
            r.issues.append({r.line, u"libical: %1"_s.arg(e)});
        return r;
    }
};

bool byLine(const ICalIssue &a, const ICalIssue &b) { return a.line < b.line; }

} // namespace

bool ICalCheck::hasIssues() const
{
    if (!issues.isEmpty())
        return true;
    return std::any_of(objects.begin(), objects.end(), [](const ICalObjectReport &o) { return !o.issues.isEmpty(); });
}

QList<ICalIssue> ICalCheck::allIssues() const
{
    QList<ICalIssue> all = issues;
    for (const ICalObjectReport &o : objects)
        all += o.issues;
    std::stable_sort(all.begin(), all.end(), byLine);
    return all;
}

ICalCheck checkICalendar(const QByteArray &data, ICalCheckMode mode)
{
    const ICalDocument doc = parseICalDocument(data);
    ICalCheck check;
    Checker checker{doc, mode, {}};
    for (const ICalNode &root : doc.roots)
        check.objects.append(checker.object(root));

    // Structure issues go to the object whose lines they are on.
    for (const ICalIssue &issue : doc.issues) {
        ICalObjectReport *owner = nullptr;
        for (qsizetype k = 0; k < doc.roots.size(); ++k) {
            const ICalNode &root = doc.roots[k];
            const int first = doc.lineNumber(root.begin);
            const int last = root.last + 1 < doc.lineNumbers.size() ? doc.lineNumber(root.last + 1) - 1 : INT_MAX;
            if (issue.line >= first && issue.line <= last)
                owner = &check.objects[k];
        }
        (owner ? owner->issues : check.issues).append(issue);
    }
    for (qsizetype i : doc.strayLines)
        checkOctets(doc, i, check.issues);
    if (doc.roots.isEmpty())
        check.issues.append({0, data.trimmed().isEmpty() ? u"empty input"_s : u"no iCalendar component in the input"_s});
    for (ICalObjectReport &o : check.objects)
        std::stable_sort(o.issues.begin(), o.issues.end(), byLine);
    std::stable_sort(check.issues.begin(), check.issues.end(), byLine);
    return check;
}

} // namespace ferry::pim
