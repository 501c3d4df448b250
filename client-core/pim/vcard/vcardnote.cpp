#include "vcardnote.h"

#include "vcardvalue.h"

using namespace Qt::StringLiterals;

namespace ferry::pim {

namespace {

bool neverMoved(const ContentLine &l)
{
    return l.is("NOTE") || l.is("BEGIN") || l.is("END") || l.is("VERSION") || l.is("UID") || l.is("FN");
}

} // namespace

QString keptEntry(const VCard &card, const ContentLine &line)
{
    if (line.name.isEmpty())
        return QString::fromUtf8(line.value.trimmed());
    ContentLine plain = line;
    if (VCard::isQuotedPrintable(line) || !line.paramValue("CHARSET").isEmpty() || !isValidUtf8(line.value)) {
        plain.value = card.decodedValue(line);
        // 2.1 text had real line breaks inside QP; show them as the TEXT escape.
        plain.value.replace("\r\n", "\\n").replace('\n', "\\n");
        plain.removeParam("ENCODING");
        plain.removeParam("QUOTED-PRINTABLE");
        plain.removeParam("CHARSET");
    }
    return QString::fromUtf8(unfoldedContentLine(plain));
}

void appendKeptToNote(VCard &card, const QStringList &entries)
{
    if (entries.isEmpty())
        return;
    const bool v21 = card.version() == VCardVersion::V21;
    const qsizetype at = card.indexOf("NOTE");
    QString text = at >= 0 ? card.text(card.lines()[at]) : QString();
    QString normalized = text;
    normalized.replace(u"\r\n"_s, u"\n"_s);
    const bool hasHeading = normalized.startsWith(kKeptByFerryHeading) || normalized.contains(u'\n' + kKeptByFerryHeading.toString());
    if (!hasHeading) {
        if (!text.isEmpty())
            text += u"\n\n"_s;
        text += kKeptByFerryHeading;
    }
    for (const QString &e : entries)
        text += u'\n' + e;

    QByteArray value;
    QList<ContentParam> params;
    if (v21) {
        QByteArray utf8 = text.toUtf8();
        utf8.replace("\r\n", "\n");
        value = encodeQuotedPrintable(utf8);
        params = {{"CHARSET", {"UTF-8"}}, {"ENCODING", {"QUOTED-PRINTABLE"}}};
    } else {
        value = escapeText(text);
    }
    if (at < 0) {
        card.insertBeforeEnd(makeContentLine("NOTE", value, params));
        return;
    }
    ContentLine &note = card.lines()[at];
    note.removeParam("ENCODING");
    note.removeParam("QUOTED-PRINTABLE");
    note.removeParam("CHARSET");
    for (const ContentParam &p : params)
        note.setParam(p.name, p.values);
    note.setValue(value);
}

QStringList keepInNote(VCard &card, const QList<QByteArray> &propertyNames)
{
    QStringList moved;
    QStringList entries;
    QList<ContentLine> &lines = card.lines();
    const QList<bool> nested = card.nestedMask();
    for (qsizetype i = lines.size() - 1; i >= 0; --i) {
        const ContentLine &l = lines[i];
        if (neverMoved(l) || nested[i])
            continue;
        const bool wanted = std::any_of(propertyNames.begin(), propertyNames.end(),
                                        [&](const QByteArray &n) { return l.is(n); });
        if (!wanted)
            continue;
        entries.prepend(keptEntry(card, l));
        moved.prepend(QString::fromUtf8(l.name).toUpper());
        card.removeLine(i);
    }
    appendKeptToNote(card, entries);
    return moved;
}

} // namespace ferry::pim
