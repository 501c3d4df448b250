#include "tzidrename.h"
#include "icaldocument_p.h"
#include "rawline_p.h"
#include "windowszones.h"

using namespace Qt::StringLiterals;

namespace ferry::pim {

using namespace detail;

namespace {

QString str(const QByteArray &b) { return QString::fromUtf8(b); }

struct Renamer {
    const ICalDocument &doc;
    LineEdits edits;
    ICalEdit result;

    void object(const ICalNode &root)
    {
        // Names this object defines or uses.
        QList<QByteArray> defined;
        QList<QByteArray> names;
        for (const ICalNode &child : root.children) {
            if (child.name != "VTIMEZONE")
                continue;
            const qsizetype tz = doc.findProperty(child, "TZID");
            if (tz >= 0)
                defined.append(doc.line(tz).value.trimmed());
        }
        names = defined;
        const qsizetype wr = doc.findProperty(root, "X-WR-TIMEZONE");
        if (wr >= 0 && !names.contains(doc.line(wr).value.trimmed()))
            names.append(doc.line(wr).value.trimmed());
        for (qsizetype i = root.begin; i <= root.last; ++i) {
            if (const ContentParam *tz = doc.line(i).param("TZID"))
                for (const QByteArray &v : tz->values)
                    if (!names.contains(v.trimmed()))
                        names.append(v.trimmed());
        }

        // Plan: old → new, never onto a name that is (or becomes) defined otherwise.
        QHash<QByteArray, QByteArray> rename;
        QList<QByteArray> taken = defined;
        for (const QByteArray &name : std::as_const(names)) {
            const std::optional<QByteArray> iana = windowsZoneToIana(name);
            if (!iana || *iana == name)
                continue;
            // Only a name with its own VTIMEZONE can clash; a bare parameter simply
            // starts to refer to the IANA zone's definition.
            if (defined.contains(name)) {
                if (taken.contains(*iana)) {
                    result.issues.append({doc.lineNumber(root.begin),
                                          u"time zone \"%1\" not renamed to %2: the calendar already has a %2"_s.arg(str(name), str(*iana))});
                    continue;
                }
                taken.removeAll(name);
                taken.append(*iana);
            }
            rename.insert(name, *iana);
        }
        if (rename.isEmpty())
            return;

        for (qsizetype i = root.begin; i <= root.last; ++i) {
            const ContentLine &l = doc.line(i);
            if (l.name.isEmpty())
                continue;
            RawLine raw(l.raw, doc.content.lineEnding);
            if (raw.colon() < 0)
                continue;
            for (const RawLine::Param &p : raw.params()) {
                if (QByteArrayView(p.name).compare("TZID", Qt::CaseInsensitive) != 0)
                    continue;
                for (const RawLine::Span &s : p.values) {
                    const QByteArray old = raw.spanText(s).trimmed();
                    const auto to = rename.constFind(old);
                    if (to == rename.constEnd())
                        continue;
                    raw.replace(s.begin, s.end, *to);
                    result.changes.append({doc.lineNumber(i), l.name.toUpper() + ";TZID", str(old), str(*to)});
                }
            }
            const bool tzidProperty = l.is("TZID") || l.is("X-WR-TIMEZONE");
            if (tzidProperty) {
                const QByteArray old = raw.value().trimmed();
                const auto to = rename.constFind(old);
                if (to != rename.constEnd()) {
                    raw.replace(raw.colon() + 1, raw.text().size(), *to);
                    result.changes.append({doc.lineNumber(i), l.name.toUpper(), str(old), str(*to)});
                }
            }
            if (raw.edited())
                edits.replace(i, raw.toRaw());
        }
    }
};

} // namespace

ICalEdit renameWindowsTimeZones(const QByteArray &data)
{
    const ICalDocument doc = parseICalDocument(data);
    Renamer r{doc, {}, {}};
    for (const ICalNode &root : doc.roots)
        r.object(root);
    r.result.data = r.edits.isEmpty() ? data : r.edits.apply(doc);
    return std::move(r.result);
}

} // namespace ferry::pim
