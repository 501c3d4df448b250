#include "calendaraddresses.h"
#include "icaldocument_p.h"
#include "rawline_p.h"

using namespace Qt::StringLiterals;

namespace ferry::pim {

using namespace detail;

namespace {

constexpr QByteArrayView kMailto = "mailto:";

bool startsWithMailto(QByteArrayView v) { return v.size() >= kMailto.size() && v.first(kMailto.size()).compare(kMailto, Qt::CaseInsensitive) == 0; }

// The address inside a cal-address or bare address: offset of the address in
// `v` and whether it is one (false for other URI schemes).
bool addressPart(QByteArrayView v, qsizetype *offset)
{
    if (startsWithMailto(v)) {
        *offset = kMailto.size();
        return true;
    }
    *offset = 0;
    return !v.contains(':') && v.contains('@');
}

bool needsQuotes(QByteArrayView v) { return v.contains(':') || v.contains(';') || v.contains(','); }

struct Rewriter {
    const ICalDocument &doc;
    const AddressMap &map;
    LineEdits edits;
    ICalEdit result;

    std::optional<QString> mapped(QByteArrayView address) const
    {
        const QString a = QString::fromUtf8(address).trimmed();
        const std::optional<QString> m = map.map(a);
        if (!m || *m == a)
            return std::nullopt;
        return m;
    }

    bool mapsOrganizer(const ICalNode &item) const
    {
        const qsizetype org = doc.findProperty(item, "ORGANIZER");
        if (org < 0)
            return true;
        const RawLine raw(doc.line(org).raw);
        qsizetype offset = 0;
        const QByteArray v = raw.value();
        return addressPart(v, &offset) && map.map(QString::fromUtf8(v.mid(offset)).trimmed()).has_value();
    }

    void line(qsizetype i)
    {
        const ContentLine &l = doc.line(i);
        RawLine raw(l.raw, doc.content.lineEnding);
        if (raw.colon() < 0)
            return;
        const QByteArray property = l.name.toUpper();
        const int lineNo = doc.lineNumber(i);

        for (const RawLine::Param &p : raw.params()) {
            const QByteArray pname = p.name.toUpper();
            if (pname != "EMAIL" && pname != "SENT-BY" && pname != "DELEGATED-TO" && pname != "DELEGATED-FROM"
                && pname != "MEMBER")
                continue;
            for (const RawLine::Span &s : p.values) {
                const QByteArray v = raw.spanText(s);
                qsizetype offset = 0;
                if (!addressPart(v, &offset))
                    continue;
                const std::optional<QString> to = mapped(QByteArrayView(v).sliced(offset));
                if (!to)
                    continue;
                const QByteArray newValue = v.left(offset) + to->toUtf8();
                if (!s.quoted && needsQuotes(newValue))
                    raw.replace(s.begin, s.end, '"' + newValue + '"');
                else
                    raw.replace(s.begin, s.end, newValue);
                result.changes.append({lineNo, property + ';' + pname, QString::fromUtf8(v.mid(offset)), *to});
            }
        }

        const QByteArray value = raw.value();
        qsizetype offset = 0;
        if (addressPart(value, &offset)) {
            if (const std::optional<QString> to = mapped(QByteArrayView(value).sliced(offset))) {
                raw.replace(raw.colon() + 1 + offset, raw.text().size(), to->toUtf8());
                result.changes.append({lineNo, property, QString::fromUtf8(value.mid(offset)).trimmed(), *to});
            }
        }
        if (raw.edited())
            edits.replace(i, raw.toRaw());
    }

    void item(const ICalNode &node, AddressScope scope)
    {
        if (scope == AddressScope::OwnItems && !mapsOrganizer(node))
            return;
        for (qsizetype i = node.begin; i <= node.last; ++i) {
            const ContentLine &l = doc.line(i);
            if (l.is("ORGANIZER") || l.is("ATTENDEE"))
                line(i);
        }
    }
};

} // namespace

ICalEdit mapCalendarAddresses(const QByteArray &data, const AddressMap &map, AddressScope scope)
{
    const ICalDocument doc = parseICalDocument(data);
    Rewriter rw{doc, map, {}, {}};
    for (const ICalNode &root : doc.roots) {
        if (root.name != "VCALENDAR") {
            rw.item(root, scope);
            continue;
        }
        for (const ICalNode &child : root.children)
            if (child.name != "VTIMEZONE")
                rw.item(child, scope);
    }
    rw.result.data = rw.edits.isEmpty() ? data : rw.edits.apply(doc);
    return std::move(rw.result);
}

} // namespace ferry::pim
