#include "imapfoldernames.h"

#include "mutf7.h"

namespace ferry {

namespace {
QChar fullwidth(char c) { return QChar(char16_t(0xFF00 + (uchar(c) - 0x20))); }

bool startsWithPrefix(const QByteArray &name, const QByteArray &prefix)
{
    if (prefix.isEmpty() || name.size() < prefix.size())
        return false;
    // "INBOX" is case-insensitive (RFC 3501 §5.1), so is an "INBOX." prefix's head.
    if (prefix.size() >= 5 && qstrnicmp(prefix.constData(), "INBOX", 5) == 0)
        return qstrnicmp(name.constData(), "INBOX", 5) == 0
            && name.sliced(5, prefix.size() - 5) == prefix.sliced(5);
    return name.startsWith(prefix);
}
} // namespace

void ImapFolderNames::setPersonal(const QByteArray &prefix, char separator)
{
    m_prefix = prefix;
    m_separator = separator;
}

bool ImapFolderNames::isInboxName(QByteArrayView native)
{
    return native.compare(QByteArrayView("INBOX"), Qt::CaseInsensitive) == 0;
}

bool ImapFolderNames::isPersonal(const QByteArray &native) const
{
    if (isInboxName(native))
        return true;
    for (const QByteArray &f : m_foreign)
        if (startsWithPrefix(native, f))
            return false;
    if (m_prefix.isEmpty())
        return true;
    return startsWithPrefix(native, m_prefix) && native.size() > m_prefix.size();
}

FolderRef ImapFolderNames::toRef(const QByteArray &native) const
{
    if (isInboxName(native))
        return FolderRef{{QStringLiteral("INBOX")}};
    QByteArray rest = native;
    if (startsWithPrefix(native, m_prefix) && native.size() > m_prefix.size())
        rest = native.sliced(m_prefix.size());
    FolderRef ref;
    const QList<QByteArray> parts = m_separator ? rest.split(m_separator) : QList<QByteArray>{rest};
    for (const QByteArray &p : parts) {
        if (p.isEmpty())
            continue; // "a//b", a trailing separator
        QString seg = Mutf7::decode(p);
        if (m_separator && uchar(m_separator) > 0x20 && uchar(m_separator) < 0x7f)
            seg.replace(fullwidth(m_separator), QLatin1Char(m_separator));
        ref.path.append(seg);
    }
    return ref;
}

QByteArray ImapFolderNames::toNative(const FolderRef &ref) const
{
    if (ref.isInbox())
        return QByteArrayLiteral("INBOX");
    const char sep = m_separator ? m_separator : '/';
    QByteArray out = m_separator ? m_prefix : QByteArray();
    for (int i = 0; i < ref.path.size(); ++i) {
        QString seg = ref.path.at(i);
        if (m_separator && uchar(sep) > 0x20 && uchar(sep) < 0x7f)
            seg.replace(QLatin1Char(sep), fullwidth(sep));
        if (i > 0)
            out.append(sep);
        out.append(Mutf7::encode(seg));
    }
    return out;
}

} // namespace ferry
