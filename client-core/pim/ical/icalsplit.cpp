#include "icalsplit.h"
#include "icaldocument_p.h"

using namespace Qt::StringLiterals;

namespace ferry::pim {

using namespace detail;

namespace {

QString str(const QByteArray &b) { return QString::fromUtf8(b); }

struct Piece {
    const ICalNode *node = nullptr;
    qsizetype root = -1;          // index of its VCALENDAR in doc.roots; -1: bare component
    QByteArray recurrenceId;
};

struct Group {
    QString uid;
    QList<Piece> pieces;
    QList<ICalIssue> issues;
};

class Splitter {
public:
    explicit Splitter(const QByteArray &data) : m_doc(parseICalDocument(data)) {}

    ICalSplit run()
    {
        for (qsizetype k = 0; k < m_doc.roots.size(); ++k) {
            const ICalNode &root = m_doc.roots[k];
            if (root.name == "VCALENDAR") {
                calendar(root, k);
            } else if (root.name == "VTIMEZONE") {
                registerZone(root, -1);
            } else {
                note(u"BEGIN:%1 outside a VCALENDAR was wrapped in one"_s.arg(str(root.name)));
                place(root, -1);
            }
        }
        for (const ICalIssue &issue : std::as_const(m_doc.issues))
            m_out.issues.append(issue);
        for (const Group &g : std::as_const(m_groups))
            m_out.resources.append(assemble(g));
        return std::move(m_out);
    }

private:
    void note(const QString &text)
    {
        if (!m_out.info.contains(text))
            m_out.info.append(text);
    }

    void calendar(const ICalNode &root, qsizetype k)
    {
        for (qsizetype i : root.properties) {
            const ContentLine &l = m_doc.line(i);
            if (l.is("VERSION") || l.is("PRODID") || l.is("CALSCALE") || l.name.isEmpty() || l.is("END"))
                continue;
            if (l.is("METHOD")) {
                note(u"METHOD:%1 dropped: a stored calendar resource must not have one (RFC 4791 §4.1)"_s.arg(str(l.value.trimmed())));
                continue;
            }
            m_out.calendarProperties.append(l);
            note(u"%1 describes the calendar, not an item: not copied into the resources"_s.arg(str(l.name.toUpper())));
        }
        for (const ICalNode &child : root.children) {
            if (child.name == "VTIMEZONE")
                registerZone(child, k);
            else
                place(child, k);
        }
    }

    void registerZone(const ICalNode &zone, qsizetype root)
    {
        const qsizetype tzid = m_doc.findProperty(zone, "TZID");
        if (tzid < 0)
            return; // reported by checkICalendar; nothing can refer to it
        const QByteArray name = m_doc.line(tzid).value.trimmed();
        m_zones[root].insert(name, &zone);
        if (!m_anyZone.contains(name))
            m_anyZone.insert(name, &zone);
    }

    QByteArray bytesOf(const ICalNode &node) const
    {
        QByteArray out = m_doc.rawLines(node.begin, node.last);
        if (!node.terminated())
            out += "END:" + node.name + m_doc.content.lineEnding;
        return out;
    }

    void place(const ICalNode &node, qsizetype root)
    {
        Piece piece{&node, root, {}};
        const qsizetype ridLine = m_doc.findProperty(node, "RECURRENCE-ID");
        if (ridLine >= 0)
            piece.recurrenceId = m_doc.line(ridLine).value.trimmed();
        const qsizetype uidLine = m_doc.findProperty(node, "UID");
        const QString uid = uidLine >= 0 ? unescapeText(m_doc.line(uidLine).value).trimmed() : QString();
        const int line = m_doc.lineNumber(node.begin);

        Group fresh;
        fresh.uid = uid;
        fresh.pieces.append(piece);
        if (!node.terminated())
            fresh.issues.append({line, u"BEGIN:%1 had no END: closed at its last line"_s.arg(str(node.name))});
        if (uid.isEmpty()) {
            fresh.issues.append({line, u"%1 without UID: kept as a resource of its own; the target needs a UID"_s.arg(str(node.name))});
            m_groups.append(fresh);
            return;
        }
        const auto found = m_groupOfUid.constFind(uid);
        if (found == m_groupOfUid.constEnd()) {
            m_groupOfUid.insert(uid, m_groups.size());
            m_groups.append(fresh);
            return;
        }
        Group &g = m_groups[*found];
        for (const Piece &other : std::as_const(g.pieces)) {
            const bool clash = other.recurrenceId == piece.recurrenceId || other.node->name != node.name;
            if (!clash)
                continue;
            if (bytesOf(*other.node) == bytesOf(node)) {
                note(u"an identical second copy of UID %1 (line %2) was left out"_s.arg(uid).arg(line));
                return;
            }
            fresh.issues.append({line, other.node->name != node.name
                                           ? u"UID %1 is also used by a %2: kept as a separate resource, the target may refuse it"_s.arg(uid, str(other.node->name))
                                           : u"UID %1 appears again (line %2 first) and is not a RECURRENCE-ID override: kept as a separate resource, the target may refuse it"_s.arg(uid).arg(m_doc.lineNumber(other.node->begin))});
            m_groups.append(fresh);
            return;
        }
        g.pieces.append(piece);
    }

    // TZID= parameters used anywhere in the pieces, in order of first use.
    QList<QByteArray> zonesUsed(const Group &g) const
    {
        QList<QByteArray> used;
        for (const Piece &p : g.pieces) {
            for (qsizetype i = p.node->begin; i <= p.node->last; ++i) {
                const ContentParam *tz = m_doc.line(i).param("TZID");
                if (!tz)
                    continue;
                for (const QByteArray &v : tz->values)
                    if (!used.contains(v.trimmed()))
                        used.append(v.trimmed());
            }
        }
        return used;
    }

    ICalResource assemble(const Group &g)
    {
        const QByteArray &le = m_doc.content.lineEnding;
        const Piece &first = g.pieces.first();
        const ICalNode *root = first.root >= 0 ? &m_doc.roots[first.root] : nullptr;

        ICalResource r;
        r.uid = g.uid;
        r.line = m_doc.lineNumber(first.node->begin);
        r.issues = g.issues;

        QByteArray begin = root ? m_doc.rawLine(root->begin) : "BEGIN:VCALENDAR" + le;
        if (begin.startsWith("\xEF\xBB\xBF"))
            begin.remove(0, 3);
        r.data += begin;
        bool hasVersion = false, hasProdId = false;
        if (root) {
            for (qsizetype i : root->properties) {
                const ContentLine &l = m_doc.line(i);
                if (l.is("VERSION") || l.is("PRODID") || l.is("CALSCALE")) {
                    hasVersion = hasVersion || l.is("VERSION");
                    hasProdId = hasProdId || l.is("PRODID");
                    r.data += m_doc.rawLine(i);
                }
            }
        }
        if (!hasVersion) {
            r.data += "VERSION:2.0" + le;
            note(u"VERSION:2.0 added where the source had none (RFC 5545 §3.7.4)"_s);
        }
        if (!hasProdId) {
            r.data += "PRODID:-//Ferry//Ferry//EN" + le;
            note(u"a PRODID added where the source had none (RFC 5545 §3.7.3)"_s);
        }
        for (const QByteArray &tz : zonesUsed(g)) {
            const ICalNode *zone = m_zones.value(first.root).value(tz, m_anyZone.value(tz));
            if (zone)
                r.data += bytesOf(*zone);
            else
                r.issues.append({r.line, u"TZID \"%1\" has no VTIMEZONE in the file; the target may not know it"_s.arg(str(tz))});
        }
        for (const Piece &p : g.pieces) {
            r.data += bytesOf(*p.node);
            if (!r.kinds.contains(p.node->name))
                r.kinds.append(p.node->name);
        }
        if (root && root->terminated())
            r.data += m_doc.rawLine(root->end);
        else
            r.data += "END:VCALENDAR" + le;
        return r;
    }

    ICalDocument m_doc;
    ICalSplit m_out;
    QList<Group> m_groups;
    QHash<QString, qsizetype> m_groupOfUid;
    QHash<qsizetype, QHash<QByteArray, const ICalNode *>> m_zones; // per VCALENDAR
    QHash<QByteArray, const ICalNode *> m_anyZone;                 // first definition in the file
};

} // namespace

ICalSplit splitICalendar(const QByteArray &data)
{
    return Splitter(data).run();
}

} // namespace ferry::pim
