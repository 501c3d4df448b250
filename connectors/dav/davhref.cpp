#include "davhref.h"

#include <QCryptographicHash>
#include <QList>

namespace ferry::davhref {
namespace {

bool isKept(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
           || c == '_' || c == '~' || c == '@';
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

QByteArray percentDecode(QByteArrayView in)
{
    QByteArray out;
    out.reserve(in.size());
    for (qsizetype i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '%' && i + 2 < in.size() && hexValue(in[i + 1]) >= 0 && hexValue(in[i + 2]) >= 0) {
            out.append(char(hexValue(in[i + 1]) * 16 + hexValue(in[i + 2])));
            i += 2;
        } else {
            out.append(c);
        }
    }
    return out;
}

QByteArray encodeBytes(QByteArrayView raw)
{
    static const char hex[] = "0123456789ABCDEF";
    QByteArray out;
    out.reserve(raw.size());
    for (const char c : raw) {
        if (isKept(c)) {
            out.append(c);
        } else {
            const auto u = static_cast<unsigned char>(c);
            out.append('%');
            out.append(hex[u >> 4]);
            out.append(hex[u & 0xF]);
        }
    }
    return out;
}

// Strips "scheme://authority" and "?query#fragment" (RFC 3986 §3).
QByteArrayView pathOf(QByteArrayView href)
{
    href = href.trimmed();
    const qsizetype scheme = href.indexOf("://");
    if (scheme > 0 && href.first(scheme).indexOf('/') < 0) {
        href = href.sliced(scheme + 3);
        const qsizetype slash = href.indexOf('/');
        href = slash < 0 ? QByteArrayView() : href.sliced(slash);
    }
    qsizetype end = href.size();
    for (qsizetype i = 0; i < href.size(); ++i) {
        if (href[i] == '?' || href[i] == '#') {
            end = i;
            break;
        }
    }
    return href.first(end);
}

} // namespace

QByteArray encodeSegment(const QString &segment)
{
    return encodeBytes(segment.toUtf8());
}

QString decode(QByteArrayView encoded)
{
    return QString::fromUtf8(percentDecode(encoded));
}

QByteArray canonicalPath(QByteArrayView href)
{
    const QByteArrayView path = pathOf(href);
    if (path.isEmpty())
        return {};
    QByteArray out;
    out.reserve(path.size() + 1);
    for (const QByteArrayView part : QByteArray::fromRawData(path.data(), path.size()).split('/')) {
        if (part.isEmpty())
            continue;
        out.append('/');
        // Decode then encode byte-wise: "%2F" stays one segment, non-UTF-8 bytes survive.
        out.append(encodeBytes(percentDecode(part)));
    }
    if (out.isEmpty() || path.endsWith('/'))
        out.append('/');
    return out;
}

bool sameResource(QByteArrayView a, QByteArrayView b)
{
    return canonicalPath(a) == canonicalPath(b);
}

bool sameCollection(QByteArrayView a, QByteArrayView b)
{
    return asCollection(a) == asCollection(b);
}

QString lastSegment(QByteArrayView href)
{
    QByteArray path = canonicalPath(href);
    if (path.endsWith('/'))
        path.chop(1);
    const qsizetype slash = path.lastIndexOf('/');
    return decode(QByteArrayView(path).sliced(slash + 1));
}

QByteArray parent(QByteArrayView href)
{
    QByteArray path = canonicalPath(href);
    if (path.endsWith('/'))
        path.chop(1);
    const qsizetype slash = path.lastIndexOf('/');
    return slash < 0 ? QByteArray("/") : path.left(slash + 1);
}

QByteArray join(QByteArrayView collection, const QString &name)
{
    return asCollection(collection) + encodeSegment(name);
}

QByteArray asCollection(QByteArrayView href)
{
    QByteArray path = canonicalPath(href);
    if (path.isEmpty())
        return QByteArray("/");
    if (!path.endsWith('/'))
        path.append('/');
    return path;
}

QString resourceNameForUid(const QString &uid, const QString &extension)
{
    const QByteArray utf8 = uid.toUtf8();
    bool plain = !utf8.isEmpty() && utf8.size() <= 200 && utf8 != "." && utf8 != "..";
    for (const char c : utf8)
        plain = plain && isKept(c) && c != '~';
    const QString stem = plain ? uid
                               : QString::fromLatin1(QCryptographicHash::hash(utf8, QCryptographicHash::Sha1).toHex());
    return stem + extension;
}

} // namespace ferry::davhref
