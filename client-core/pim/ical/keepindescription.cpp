#include "keepindescription.h"
#include "icaldocument_p.h"
#include "rawline_p.h"

using namespace Qt::StringLiterals;

namespace ferry::pim {

using namespace detail;

namespace {

bool movable(const ContentLine &l) { return !l.is("BEGIN") && !l.is("END") && !l.is("UID") && !l.is("DESCRIPTION"); }

bool listed(const ContentLine &l, const QList<QByteArray> &names)
{
    for (const QByteArray &n : names)
        if (l.is(n))
            return true;
    return false;
}

struct Keeper {
    const ICalDocument &doc;
    const QList<QByteArray> &names;
    LineEdits edits;
    ICalEdit result;
    QSet<QByteArray> refused;

    void item(const ICalNode &node)
    {
        QStringList kept;
        for (qsizetype i : node.properties) {
            const ContentLine &l = doc.line(i);
            if (l.name.isEmpty() || !listed(l, names))
                continue;
            if (!movable(l)) {
                const QByteArray n = l.name.toUpper();
                if (!refused.contains(n)) {
                    refused.insert(n);
                    result.issues.append({doc.lineNumber(i), u"%1 cannot be moved into DESCRIPTION"_s.arg(QString::fromUtf8(n))});
                }
                continue;
            }
            const QString text = lineText(l);
            kept.append(text);
            edits.remove(i);
            result.changes.append({doc.lineNumber(i), l.name.toUpper(), text, u"DESCRIPTION"_s});
        }
        if (kept.isEmpty())
            return;
        const QString note = kKeptByFerryHeading.toString() + u'\n' + kept.join(u'\n');
        const QByteArray &le = doc.content.lineEnding;

        const qsizetype desc = doc.findProperty(node, "DESCRIPTION");
        if (desc >= 0) {
            RawLine raw(doc.line(desc).raw, le);
            if (raw.colon() >= 0) {
                const bool empty = raw.value().trimmed().isEmpty();
                raw.replace(raw.text().size(), raw.text().size(), escapeText(empty ? note : u"\n\n"_s + note));
                edits.replace(desc, raw.toRaw());
                return;
            }
        }
        const QByteArray line = foldContentLine("DESCRIPTION:" + escapeText(note), le);
        const qsizetype before = !node.children.isEmpty() ? node.children.first().begin
                                 : node.terminated()      ? node.end
                                                          : node.last + 1;
        edits.insertBefore(before, line);
    }
};

} // namespace

ICalEdit keepInDescription(const QByteArray &data, const QList<QByteArray> &propertyNames)
{
    const ICalDocument doc = parseICalDocument(data);
    Keeper k{doc, propertyNames, {}, {}, {}};
    for (const ICalNode &root : doc.roots) {
        if (root.name != "VCALENDAR") {
            k.item(root);
            continue;
        }
        for (const ICalNode &child : root.children)
            if (child.name != "VTIMEZONE")
                k.item(child);
    }
    k.result.data = k.edits.isEmpty() ? data : k.edits.apply(doc);
    return std::move(k.result);
}

} // namespace ferry::pim
