#include "vcard.h"

#include "vcardvalue.h"

#include <QUuid>

using namespace Qt::StringLiterals;

namespace ferry::pim {

namespace {

bool equalsCi(QByteArrayView a, QByteArrayView b) { return a.compare(b, Qt::CaseInsensitive) == 0; }

bool isBeginCard(const ContentLine &l) { return l.is("BEGIN") && equalsCi(l.value.trimmed(), "VCARD"); }
bool isEndCard(const ContentLine &l) { return l.is("END") && equalsCi(l.value.trimmed(), "VCARD"); }

// Namespace of the UUIDv5 that derivedUid() computes (fixed forever: changing it
// would give resumed runs new UIDs).
const QUuid kDerivedUidNamespace(0x5f3c1a2eu, 0x8d7b, 0x4e11, 0x9a, 0x3c, 0x46, 0x65, 0x72, 0x72, 0x79, 0x56);

} // namespace

QByteArray vcardVersionString(VCardVersion v)
{
    switch (v) {
    case VCardVersion::V21: return "2.1";
    case VCardVersion::V30: return "3.0";
    case VCardVersion::V40: return "4.0";
    case VCardVersion::Unknown: break;
    }
    return {};
}

VCardVersion vcardVersionFromString(QByteArrayView s)
{
    s = s.trimmed();
    if (s == "2.1")
        return VCardVersion::V21;
    if (s == "3.0")
        return VCardVersion::V30;
    if (s == "4.0")
        return VCardVersion::V40;
    return VCardVersion::Unknown;
}

VCard::VCard(ContentLines lines, int firstLine)
    : m_lines(std::move(lines))
    , m_original(serializeContentLines(m_lines))
    , m_firstLine(firstLine)
{
}

QByteArray VCard::toBytes() const { return serializeContentLines(m_lines); }

QList<bool> VCard::nestedMask() const
{
    QList<bool> mask(m_lines.lines.size(), false);
    int depth = 0;
    for (qsizetype i = 0; i < m_lines.lines.size(); ++i) {
        const ContentLine &l = m_lines.lines[i];
        // A nested BEGIN is seen at depth 1, its END at depth 2.
        if (isBeginCard(l)) {
            mask[i] = depth >= 1;
            ++depth;
        } else if (isEndCard(l)) {
            mask[i] = depth > 1;
            --depth;
        } else {
            mask[i] = depth > 1;
        }
    }
    return mask;
}

bool VCard::isNested(qsizetype index) const { return nestedMask().value(index, false); }

qsizetype VCard::indexOf(QByteArrayView name, qsizetype from) const
{
    int depth = 0;
    for (qsizetype i = 0; i < m_lines.lines.size(); ++i) {
        const ContentLine &l = m_lines.lines[i];
        if (isBeginCard(l)) {
            ++depth;
            continue;
        }
        if (isEndCard(l)) {
            --depth;
            continue;
        }
        if (i >= from && depth <= 1 && l.is(name))
            return i;
    }
    return -1;
}

QList<qsizetype> VCard::indexesOf(QByteArrayView name) const
{
    QList<qsizetype> out;
    for (qsizetype i = indexOf(name); i >= 0; i = indexOf(name, i + 1))
        out.append(i);
    return out;
}

qsizetype VCard::endIndex() const
{
    int depth = 0;
    for (qsizetype i = 0; i < m_lines.lines.size(); ++i) {
        const ContentLine &l = m_lines.lines[i];
        if (isBeginCard(l))
            ++depth;
        else if (isEndCard(l) && --depth == 0)
            return i;
    }
    return m_lines.lines.size();
}

bool VCard::hasEnd() const { return endIndex() < m_lines.lines.size(); }

qsizetype VCard::insertBeforeEnd(const ContentLine &line)
{
    const qsizetype at = endIndex();
    m_lines.lines.insert(at, line);
    return at;
}

void VCard::removeLine(qsizetype index) { m_lines.lines.removeAt(index); }

void VCard::addMissingEnd()
{
    if (hasEnd())
        return;
    // The last raw line may lack a line ending: the serializer adds one between lines.
    m_lines.endsWithLineEnding = true;
    m_lines.lines.append(makeContentLine("END", "VCARD"));
}

VCardVersion VCard::version() const
{
    const qsizetype i = indexOf("VERSION");
    if (i >= 0) {
        const VCardVersion v = vcardVersionFromString(m_lines.lines[i].value);
        if (v != VCardVersion::Unknown)
            return v;
    }
    // Guess from what only one version writes.
    bool v40 = false;
    for (const ContentLine &l : m_lines.lines) {
        if (isQuotedPrintable(l) || equalsCi(l.paramValue("ENCODING"), "BASE64"))
            return VCardVersion::V21;
        for (const ContentParam &p : l.params)
            if (p.values.isEmpty())
                return VCardVersion::V21;
        if (l.is("KIND") || l.is("MEMBER") || isDataUri(l.value))
            v40 = true;
    }
    return v40 ? VCardVersion::V40 : VCardVersion::V30;
}

QByteArray VCard::uid() const
{
    const qsizetype i = indexOf("UID");
    return i < 0 ? QByteArray() : text(m_lines.lines[i]).trimmed().toUtf8();
}

QString VCard::formattedName() const
{
    const qsizetype i = indexOf("FN");
    return i < 0 ? QString() : text(m_lines.lines[i]);
}

QStringList VCard::emails() const
{
    QStringList out;
    for (const qsizetype i : indexesOf("EMAIL"))
        out.append(text(m_lines.lines[i]).trimmed());
    return out;
}

bool VCard::isGroup() const
{
    qsizetype i = indexOf("KIND");
    if (i < 0)
        i = indexOf("X-ADDRESSBOOKSERVER-KIND");
    return i >= 0 && equalsCi(m_lines.lines[i].value.trimmed(), "group");
}

bool VCard::isQuotedPrintable(const ContentLine &line)
{
    for (const ContentParam &p : line.params) {
        if (p.values.isEmpty() && equalsCi(p.name, "QUOTED-PRINTABLE"))
            return true;
        if (equalsCi(p.name, "ENCODING"))
            for (const QByteArray &v : p.values)
                if (equalsCi(v, "QUOTED-PRINTABLE"))
                    return true;
    }
    return false;
}

bool VCard::isInlineBinary(const ContentLine &line)
{
    for (const ContentParam &p : line.params) {
        if (p.values.isEmpty() && equalsCi(p.name, "BASE64"))
            return true;
        if (equalsCi(p.name, "ENCODING"))
            for (const QByteArray &v : p.values)
                if (equalsCi(v, "b") || equalsCi(v, "BASE64"))
                    return true;
    }
    return false;
}

QByteArray VCard::decodedValue(const ContentLine &line, QString *problem) const
{
    QByteArray bytes = line.value;
    QStringList problems;
    if (isQuotedPrintable(line)) {
        bool ok = true;
        bytes = decodeQuotedPrintable(bytes, &ok);
        if (!ok)
            problems.append(u"malformed quoted-printable"_s);
    }
    const QByteArray charset = line.paramValue("CHARSET");
    if (!charset.isEmpty()) {
        bool ok = true;
        const QByteArray utf8 = toUtf8(bytes, charset, &ok);
        if (!ok)
            problems.append(u"not valid in charset %1"_s.arg(QString::fromLatin1(charset)));
        bytes = utf8;
    } else if (!isValidUtf8(bytes)) {
        if (version() == VCardVersion::V21) {
            problems.append(u"8-bit text without CHARSET, read as windows-1252"_s);
            bytes = repairUtf8(bytes);
        } else {
            problems.append(u"invalid UTF-8 (stray bytes read as windows-1252)"_s);
            bytes = repairUtf8(bytes);
        }
    }
    if (problem)
        *problem = problems.join(u"; "_s);
    return bytes;
}

QString VCard::text(const ContentLine &line) const { return unescapeText(decodedValue(line)); }

QStringList VCard::components(const ContentLine &line) const
{
    QStringList out;
    for (const QByteArray &part : splitEscaped(decodedValue(line), ';'))
        out.append(unescapeText(part));
    return out;
}

QByteArray VCard::binary(const ContentLine &line, QByteArray *mediaType, bool *ok) const
{
    if (isInlineBinary(line)) {
        if (mediaType) {
            QByteArray type = line.paramValue("TYPE");
            if (type.isEmpty()) // 2.1: PHOTO;JPEG;ENCODING=BASE64
                for (const ContentParam &p : line.params)
                    if (p.values.isEmpty() && !equalsCi(p.name, "BASE64"))
                        type = p.name;
            *mediaType = mediaTypeForType(line.name, type);
        }
        return decodeBase64(line.value, ok);
    }
    if (isDataUri(line.value)) {
        bool good = true;
        const DataUri uri = parseDataUri(line.value, &good);
        if (mediaType)
            *mediaType = uri.mediaType.isEmpty() ? line.paramValue("MEDIATYPE") : uri.mediaType;
        if (ok)
            *ok = good;
        return uri.data;
    }
    if (ok)
        *ok = false;
    return {};
}

QByteArray VCard::derivedUid() const
{
    return QUuid::createUuidV5(kDerivedUidNamespace, m_original).toString(QUuid::WithoutBraces).toLatin1();
}

QByteArray VCard::uidForTarget() const
{
    const QByteArray current = uid();
    if (!current.isEmpty() && !hasIssue(VCardIssue::DuplicateUid))
        return current;
    return version() == VCardVersion::V40 ? "urn:uuid:" + derivedUid() : derivedUid();
}

void VCard::setUid(const QByteArray &uid)
{
    const qsizetype i = indexOf("UID");
    const QByteArray value = escapeText(QString::fromUtf8(uid));
    if (i >= 0) {
        if (m_lines.lines[i].value != value) {
            m_lines.lines[i].setValue(value);
            m_lines.lines[i].removeParam("ENCODING");
            m_lines.lines[i].removeParam("CHARSET");
        }
        return;
    }
    insertBeforeEnd(makeContentLine("UID", value));
}

QByteArray VCard::ensureUid()
{
    const QByteArray target = uidForTarget();
    if (target != uid())
        setUid(target);
    return target;
}

bool VCard::hasIssue(VCardIssue::Kind kind) const
{
    for (const VCardIssue &i : issues)
        if (i.kind == kind)
            return true;
    return false;
}

void VCard::addIssue(VCardIssue::Kind kind, int line, const QString &message)
{
    issues.append({kind, line, message});
}

} // namespace ferry::pim
