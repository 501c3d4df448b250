#include "mutf7.h"

namespace ferry {

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

int sextet(char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == ',') return 63;
    return -1;
}

bool isDirect(char16_t u) { return u >= 0x20 && u <= 0x7e; }

} // namespace

QByteArray Mutf7::encode(const QString &name)
{
    QByteArray out;
    out.reserve(name.size() + 8);
    const qsizetype n = name.size();
    for (qsizetype i = 0; i < n;) {
        const char16_t u = name.at(i).unicode();
        if (u == '&') {
            out.append("&-");
            ++i;
            continue;
        }
        if (isDirect(u)) {
            out.append(char(u));
            ++i;
            continue;
        }
        // A run of non-direct characters is one base64 block of UTF-16BE.
        out.append('&');
        quint32 bits = 0;
        int nbits = 0;
        while (i < n && !isDirect(name.at(i).unicode())) {
            const char16_t w = name.at(i).unicode();
            bits = (bits << 16) | w;
            nbits += 16;
            while (nbits >= 6) {
                nbits -= 6;
                out.append(kAlphabet[(bits >> nbits) & 0x3f]);
            }
            ++i;
        }
        if (nbits > 0)
            out.append(kAlphabet[(bits << (6 - nbits)) & 0x3f]);
        out.append('-');
    }
    return out;
}

namespace {

// Strict decoder; false on the first violation of RFC 3501 §5.1.3.
bool decodeStrict(const QByteArray &encoded, QString &out)
{
    const qsizetype n = encoded.size();
    for (qsizetype i = 0; i < n;) {
        const char c = encoded.at(i);
        if (c != '&') {
            if (!isDirect(uchar(c)))
                return false;
            out.append(QLatin1Char(c));
            ++i;
            continue;
        }
        ++i;
        if (i < n && encoded.at(i) == '-') {
            out.append(QLatin1Char('&'));
            ++i;
            continue;
        }
        quint32 bits = 0;
        int nbits = 0;
        qsizetype units = 0;
        while (i < n && encoded.at(i) != '-') {
            const int v = sextet(encoded.at(i));
            if (v < 0)
                return false;
            bits = (bits << 6) | quint32(v);
            nbits += 6;
            if (nbits >= 16) {
                nbits -= 16;
                const char16_t u = char16_t((bits >> nbits) & 0xffff);
                // Direct characters must not be base64-encoded (§5.1.3).
                if (isDirect(u))
                    return false;
                out.append(QChar(u));
                ++units;
            }
            ++i;
        }
        // The block must be closed, non-empty, and end with fewer than 6 zero bits.
        if (i >= n || units == 0 || nbits >= 6 || (bits & ((1u << nbits) - 1)) != 0)
            return false;
        ++i; // '-'
    }
    return true;
}

} // namespace

bool Mutf7::decode(const QByteArray &encoded, QString &out)
{
    out.clear();
    out.reserve(encoded.size());
    if (decodeStrict(encoded, out))
        return true;
    out = QString::fromUtf8(encoded);
    return false;
}

QString Mutf7::decode(const QByteArray &encoded)
{
    QString out;
    decode(encoded, out);
    return out;
}

} // namespace ferry
