#include "vcardbuilder.h"

#include "vcardconvert_p.h"
#include "vcardnote.h"
#include "vcardvalue.h"

namespace ferry::pim {

VCardBuilder::VCardBuilder(VCardVersion version)
    : m_version(version == VCardVersion::V30 ? VCardVersion::V30 : VCardVersion::V40)
{
}

VCardBuilder &VCardBuilder::text(const QByteArray &name, const QString &value, const Params &params,
                                 const QByteArray &group)
{
    m_lines.append(makeContentLine(name, escapeText(value), params, group));
    return *this;
}

VCardBuilder &VCardBuilder::structured(const QByteArray &name, const QStringList &components, const Params &params,
                                       const QByteArray &group)
{
    QList<QByteArray> parts;
    for (const QString &c : components)
        parts.append(escapeText(c));
    m_lines.append(makeContentLine(name, parts.join(';'), params, group));
    return *this;
}

VCardBuilder &VCardBuilder::list(const QByteArray &name, const QStringList &values, const Params &params)
{
    QList<QByteArray> parts;
    for (const QString &v : values)
        parts.append(escapeText(v));
    m_lines.append(makeContentLine(name, parts.join(','), params));
    return *this;
}

VCardBuilder &VCardBuilder::raw(const QByteArray &name, const QByteArray &value, const Params &params,
                                const QByteArray &group)
{
    // A URI or date with a line break in it is no URI or date: keep the text instead.
    if (value.contains('\n') || value.contains('\r'))
        return kept(QString::fromUtf8(name + ": " + value));
    m_lines.append(makeContentLine(name, value, params, group));
    return *this;
}

VCardBuilder::Params VCardBuilder::typed(const QList<QByteArray> &types, bool preferred) const
{
    QList<QByteArray> t;
    for (const QByteArray &x : types)
        t.append(x.toLower());
    Params p;
    if (preferred && m_version == VCardVersion::V30)
        t.append("pref");
    if (!t.isEmpty())
        p.append(ContentParam{"TYPE", t});
    if (preferred && m_version == VCardVersion::V40)
        p.append(ContentParam{"PREF", {"1"}});
    return p;
}

VCardBuilder &VCardBuilder::email(const QString &address, const QList<QByteArray> &types, bool preferred)
{
    return text("EMAIL", address.trimmed(), typed(types, preferred));
}

VCardBuilder &VCardBuilder::phone(const QString &number, const QList<QByteArray> &types, bool preferred)
{
    return text("TEL", number.trimmed(), typed(types, preferred));
}

VCardBuilder &VCardBuilder::address(const QStringList &components, const QList<QByteArray> &types, bool preferred)
{
    QStringList seven = components.mid(0, 7);
    while (seven.size() < 7)
        seven.append(QString());
    return structured("ADR", seven, typed(types, preferred));
}

VCardBuilder &VCardBuilder::date(const QByteArray &name, const VCardDate &d)
{
    const bool anniversary = name.compare("ANNIVERSARY", Qt::CaseInsensitive) == 0;
    if (m_version == VCardVersion::V40)
        return raw(anniversary ? QByteArray("ANNIVERSARY") : name, formatVCardDate40(d));
    const QByteArray name30 = anniversary ? QByteArray("X-ANNIVERSARY") : name;
    if (d.isYearless()) {
        VCardDate apple = d;
        apple.year = kAppleOmitYear;
        return raw(name30, formatVCardDate30(apple), {{"X-APPLE-OMIT-YEAR", {QByteArray::number(kAppleOmitYear)}}});
    }
    if (d.isFullDate())
        return raw(name30, formatVCardDate30(d));
    // A year or a month alone has no 3.0 form.
    return kept(QString::fromUtf8(name + ':' + formatVCardDate40(d)));
}

VCardBuilder &VCardBuilder::photo(const QByteArray &data, const QByteArray &mediaType)
{
    const QByteArray media = mediaType.isEmpty() ? sniffMediaType(data) : mediaType;
    if (m_version == VCardVersion::V40)
        return raw("PHOTO", makeDataUri(media.isEmpty() ? QByteArray("application/octet-stream") : media, data));
    Params p{{"ENCODING", {"b"}}};
    if (!media.isEmpty())
        p.append(ContentParam{"TYPE", {typeForMediaType(media)}});
    return raw("PHOTO", data.toBase64(), p);
}

VCardBuilder &VCardBuilder::kept(const QString &entry)
{
    m_kept.append(entry);
    return *this;
}

bool VCardBuilder::has(QByteArrayView name) const
{
    return std::any_of(m_lines.begin(), m_lines.end(), [&](const ContentLine &l) { return l.is(name); });
}

VCard VCardBuilder::build() const
{
    ContentLines cl;
    cl.lineEnding = "\r\n";
    cl.lines.append(makeContentLine("BEGIN", "VCARD"));
    cl.lines.append(makeContentLine("VERSION", vcardVersionString(m_version)));
    cl.lines += m_lines;
    cl.lines.append(makeContentLine("END", "VCARD"));
    VCard card(cl);

    VCardConversion ignored;
    convert::Context c{card, ignored, {}, {}, {}};
    convert::ensureRequired(c, m_version);
    c.apply();
    appendKeptToNote(card, m_kept);
    if (card.uid().isEmpty()) {
        // Derived from everything built so far: stable for the same input.
        const VCard snapshot(card.contentLines());
        card.setUid(m_version == VCardVersion::V40 ? "urn:uuid:" + snapshot.derivedUid() : snapshot.derivedUid());
    }
    const QByteArray bytes = card.toBytes();
    return VCard(parseContentLines(bytes));
}

} // namespace ferry::pim
