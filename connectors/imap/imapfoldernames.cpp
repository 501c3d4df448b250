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
    if (foreignFor(native))
        return false;
    if (m_prefix.isEmpty())
        return true;
    return startsWithPrefix(native, m_prefix) && native.size() > m_prefix.size();
}

void ImapFolderNames::setForeign(const QList<Foreign> &namespaces)
{
    m_foreign.clear();
    for (const Foreign &f : namespaces)
        if (!f.prefix.isEmpty())
            m_foreign.append(f);
}

void ImapFolderNames::setForeignPrefixes(const QList<QByteArray> &prefixes)
{
    QList<Foreign> list;
    for (const QByteArray &p : prefixes)
        list.append(Foreign{p, m_separator, NamespaceKind::OtherUsers});
    setForeign(list);
}

const ImapFolderNames::Foreign *ImapFolderNames::foreignFor(const QByteArray &native) const
{
    const Foreign *best = nullptr;
    for (const Foreign &f : m_foreign) {
        // The namespace's root itself ("shared" for prefix "shared/") belongs to it too.
        const bool root = f.separator && f.prefix.endsWith(f.separator) && native == f.prefix.chopped(1);
        if ((root || startsWithPrefix(native, f.prefix)) && (!best || f.prefix.size() > best->prefix.size()))
            best = &f;
    }
    return best;
}

namespace {
QStringList splitDecoded(const QByteArray &native, char sep)
{
    QStringList out;
    const QList<QByteArray> parts = sep ? native.split(sep) : QList<QByteArray>{native};
    for (const QByteArray &p : parts) {
        if (p.isEmpty())
            continue;
        QString seg = Mutf7::decode(p);
        if (sep && uchar(sep) > 0x20 && uchar(sep) < 0x7f)
            seg.replace(fullwidth(sep), QLatin1Char(sep));
        out.append(seg);
    }
    return out;
}

QByteArray joinEncoded(const QStringList &segments, char sep)
{
    QByteArray out;
    const char s = sep ? sep : '/';
    for (qsizetype i = 0; i < segments.size(); ++i) {
        QString seg = segments.at(i);
        if (sep && uchar(sep) > 0x20 && uchar(sep) < 0x7f)
            seg.replace(QLatin1Char(sep), fullwidth(sep));
        if (i > 0)
            out.append(s);
        out.append(Mutf7::encode(seg));
    }
    return out;
}
} // namespace

bool ImapFolderNames::describe(const QByteArray &native, FolderInfo &info) const
{
    const Foreign *ns = foreignFor(native);
    if (!ns) {
        info.namespaceKind = NamespaceKind::Personal;
        return true;
    }
    info.namespaceKind = ns->kind;
    if (native.size() <= ns->prefix.size())
        return false; // the namespace's root
    QStringList rest = splitDecoded(native.sliced(ns->prefix.size()), ns->separator);
    if (ns->kind == NamespaceKind::OtherUsers) {
        if (rest.isEmpty())
            return false;
        info.owner = rest.takeFirst();
    } else {
        const QStringList name = splitDecoded(ns->prefix, ns->separator);
        info.owner = name.join(QLatin1Char('/'));
    }
    info.pathInNamespace = rest;
    return true;
}

FolderRef ImapFolderNames::toRef(const QByteArray &native) const
{
    if (isInboxName(native))
        return FolderRef{{QStringLiteral("INBOX")}};
    if (const Foreign *ns = foreignFor(native))
        return FolderRef{QStringList{QString()} + splitDecoded(native, ns->separator)};
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
    if (ref.isForeign()) {
        const QStringList rest = ref.path.mid(1);
        for (const Foreign &f : m_foreign) {
            const QByteArray n = joinEncoded(rest, f.separator);
            if (foreignFor(n) == &f)
                return n;
        }
        return joinEncoded(rest, m_separator);
    }
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
