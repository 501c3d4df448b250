#include "vcardvalue.h"

#include <pim/text/contentline.h>

#include <QList>
#include <QStringDecoder>

namespace ferry::pim {

namespace {

int hexDigit(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

bool equalsCi(QByteArrayView a, QByteArrayView b) { return a.compare(b, Qt::CaseInsensitive) == 0; }

struct MediaName {
    const char *type;
    const char *media;
};
constexpr MediaName kMedia[] = {
    {"JPEG", "image/jpeg"}, {"JPG", "image/jpeg"}, {"PNG", "image/png"},   {"GIF", "image/gif"},
    {"BMP", "image/bmp"},   {"TIFF", "image/tiff"}, {"WEBP", "image/webp"}, {"BASIC", "audio/basic"},
    {"WAVE", "audio/wav"},  {"MP3", "audio/mpeg"},  {"PGP", "application/pgp-keys"},
    {"X509", "application/pkix-cert"},
};

} // namespace

QByteArray decodeQuotedPrintable(QByteArrayView in, bool *ok)
{
    bool good = true;
    QByteArray out;
    out.reserve(in.size());
    const qsizetype n = in.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char c = in[i];
        if (c != '=') {
            out.append(c);
            continue;
        }
        if (i + 1 == n)
            break; // a final soft break
        if (in[i + 1] == '\n' || in[i + 1] == '\r') {
            // Soft break left in the value: skip "=" CRLF / LF.
            ++i;
            if (in[i] == '\r' && i + 1 < n && in[i + 1] == '\n')
                ++i;
            continue;
        }
        const int hi = hexDigit(in[i + 1]);
        const int lo = i + 2 < n ? hexDigit(in[i + 2]) : -1;
        if (hi < 0 || lo < 0) {
            good = false;
            out.append(c);
            continue;
        }
        out.append(char(hi * 16 + lo));
        i += 2;
    }
    if (ok)
        *ok = good;
    return out;
}

QByteArray encodeQuotedPrintable(QByteArrayView bytes)
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    QByteArray out;
    out.reserve(bytes.size() * 3 / 2);
    const qsizetype n = bytes.size();
    for (qsizetype i = 0; i < n; ++i) {
        const uchar c = uchar(bytes[i]);
        if (c == '\r' && i + 1 < n && bytes[i + 1] == '\n')
            continue; // the LF writes the line break
        if (c == '\n' || c == '\r') {
            out += "=0D=0A";
            continue;
        }
        const bool trailingSpace = (c == ' ' || c == '\t') && i + 1 == n;
        if (c == '=' || c < 0x20 || c > 0x7e || trailingSpace) {
            out += '=';
            out += kHex[c >> 4];
            out += kHex[c & 0xF];
        } else {
            out += char(c);
        }
    }
    return out;
}

namespace {

bool isUtf8Name(QByteArrayView name)
{
    return name.isEmpty() || name.compare("UTF-8", Qt::CaseInsensitive) == 0
           || name.compare("UTF8", Qt::CaseInsensitive) == 0;
}

// windows-1252 as Qt's (ICU's) decoder reads it: 0x80–0x9F are the code page's
// punctuation, the five holes (81 8D 8F 90 9D) the C1 controls of the same
// value, 0xA0–0xFF Latin-1. A table, not a QStringDecoder per byte: building an
// ICU converter costs more than the whole rest of a card (tst_vcard checks the
// table against the decoder for all 128 high bytes; ASCII is valid UTF-8).
constexpr char16_t kCp1252High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

void appendCp1252(QByteArray &out, uchar c)
{
    const char16_t cp = c < 0x80 ? c : c < 0xA0 ? kCp1252High[c - 0x80] : c;
    if (cp < 0x80) {
        out.append(char(cp));
    } else if (cp < 0x800) {
        out.append(char(0xC0 | (cp >> 6)));
        out.append(char(0x80 | (cp & 0x3F)));
    } else {
        out.append(char(0xE0 | (cp >> 12)));
        out.append(char(0x80 | ((cp >> 6) & 0x3F)));
        out.append(char(0x80 | (cp & 0x3F)));
    }
}

} // namespace

QByteArray toUtf8(QByteArrayView bytes, QByteArrayView charset, bool *ok)
{
    const QByteArray name = charset.trimmed().toByteArray();
    // Valid UTF-8 read as UTF-8 comes back as it is (Qt's decoder would only
    // drop a leading byte-order mark): no converter to build.
    if (isUtf8Name(name) && !bytes.startsWith("\xEF\xBB\xBF") && isValidUtf8(bytes)) {
        if (ok)
            *ok = true;
        return bytes.toByteArray();
    }
    QStringDecoder decoder(name.isEmpty() ? "UTF-8" : name.constData());
    bool good = decoder.isValid();
    if (!good)
        decoder = QStringDecoder(QStringDecoder::Utf8);
    const QString text = decoder.decode(bytes);
    if (decoder.hasError())
        good = false;
    if (ok)
        *ok = good;
    return text.toUtf8();
}

QByteArray repairUtf8(QByteArrayView bytes)
{
    if (isValidUtf8(bytes))
        return bytes.toByteArray();
    QByteArray out;
    out.reserve(bytes.size() + bytes.size() / 2);
    const qsizetype n = bytes.size();
    for (qsizetype i = 0; i < n;) {
        const uchar c = uchar(bytes[i]);
        const int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        if (len > 0 && i + len <= n && isValidUtf8(bytes.sliced(i, len))) {
            out.append(bytes.sliced(i, len));
            i += len;
        } else {
            appendCp1252(out, c);
            ++i;
        }
    }
    return out;
}

QByteArray stripWhitespace(QByteArrayView bytes)
{
    QByteArray out;
    out.reserve(bytes.size());
    for (const char c : bytes)
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
            out.append(c);
    return out;
}

QByteArray decodeBase64(QByteArrayView encoded, bool *ok)
{
    const QByteArray clean = stripWhitespace(encoded);
    auto result = QByteArray::fromBase64Encoding(clean, QByteArray::AbortOnBase64DecodingErrors);
    if (ok)
        *ok = bool(result);
    return result ? result.decoded : QByteArray();
}

bool isDataUri(QByteArrayView value)
{
    return value.size() >= 5 && equalsCi(value.first(5), "data:");
}

DataUri parseDataUri(QByteArrayView uri, bool *ok)
{
    DataUri out;
    bool good = isDataUri(uri);
    const qsizetype comma = uri.indexOf(',');
    if (!good || comma < 0) {
        if (ok)
            *ok = false;
        return out;
    }
    const QByteArrayView meta = uri.sliced(5, comma - 5);
    const QByteArrayView payload = uri.sliced(comma + 1);
    bool base64 = false;
    qsizetype k = 0;
    const QList<QByteArray> parts = meta.toByteArray().split(';');
    for (const QByteArray &untrimmed : parts) {
        const QByteArray part = untrimmed.trimmed();
        if (k++ == 0 && part.contains('/'))
            out.mediaType = part.toLower();
        else if (equalsCi(part, "base64"))
            base64 = true;
    }
    if (base64) {
        out.data = decodeBase64(payload, &good);
    } else {
        out.data = QByteArray::fromPercentEncoding(payload.toByteArray());
    }
    if (ok)
        *ok = good;
    return out;
}

QByteArray makeDataUri(const QByteArray &mediaType, const QByteArray &data)
{
    return "data:" + mediaType + ";base64," + data.toBase64();
}

QByteArray mediaTypeForType(QByteArrayView propertyName, QByteArrayView type)
{
    if (type.contains('/'))
        return type.toByteArray().toLower();
    for (const MediaName &m : kMedia)
        if (equalsCi(type, m.type))
            return m.media;
    const char *top = equalsCi(propertyName, "SOUND") ? "audio/" : equalsCi(propertyName, "KEY") ? "application/" : "image/";
    return type.isEmpty() ? QByteArray(equalsCi(propertyName, "KEY") ? "application/octet-stream" : "")
                          : top + type.toByteArray().toLower();
}

QByteArray typeForMediaType(QByteArrayView mediaType)
{
    for (const MediaName &m : kMedia)
        if (equalsCi(mediaType, m.media))
            return m.type;
    const qsizetype slash = mediaType.indexOf('/');
    return (slash < 0 ? mediaType : mediaType.sliced(slash + 1)).toByteArray().toUpper();
}

QByteArray sniffMediaType(QByteArrayView d)
{
    if (d.startsWith("\xFF\xD8\xFF"))
        return "image/jpeg";
    if (d.startsWith("\x89PNG"))
        return "image/png";
    if (d.startsWith("GIF8"))
        return "image/gif";
    if (d.startsWith("BM"))
        return "image/bmp";
    if (d.startsWith("RIFF") && d.size() >= 12 && d.sliced(8, 4) == "WEBP")
        return "image/webp";
    if (d.startsWith("RIFF") && d.size() >= 12 && d.sliced(8, 4) == "WAVE")
        return "audio/wav";
    return {};
}

} // namespace ferry::pim
