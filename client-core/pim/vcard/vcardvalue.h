// Value encodings found in vCards: quoted-printable (vCard 2.1 §2.1.3, RFC 2045
// §6.7) with a CHARSET, base64 (ENCODING=BASE64 in 2.1, ENCODING=b in RFC 2426
// §5.8.4) and data: URIs (RFC 2397, used by RFC 6350 §6.2.4 for PHOTO/LOGO/SOUND).
// Small pure functions; the charset conversion itself is Qt's (ICU-backed).
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace ferry::pim {

// "=XX" escapes and soft line breaks. On a malformed escape the bytes are kept
// as they are and *ok is set to false.
QByteArray decodeQuotedPrintable(QByteArrayView encoded, bool *ok = nullptr);
// Everything outside printable ASCII, '=' and a trailing space become "=XX";
// line breaks become =0D=0A. No soft breaks: the content-line writer adds them.
QByteArray encodeQuotedPrintable(QByteArrayView bytes);

// Bytes in `charset` (empty = UTF-8) → UTF-8. *ok is false for an unknown charset
// (the bytes are then read as UTF-8) or bytes that are invalid in it.
QByteArray toUtf8(QByteArrayView bytes, QByteArrayView charset, bool *ok = nullptr);

// Bytes that should be UTF-8 but are not: valid sequences stay, every other byte
// is read as windows-1252 (the usual culprit). Valid input comes back unchanged.
QByteArray repairUtf8(QByteArrayView bytes);

// Base64 with any whitespace inside (2.1 folds it with leading spaces).
QByteArray decodeBase64(QByteArrayView encoded, bool *ok = nullptr);
QByteArray stripWhitespace(QByteArrayView bytes);

struct DataUri {
    QByteArray mediaType; // "image/jpeg"; empty if the URI named none
    QByteArray data;      // decoded
};
bool isDataUri(QByteArrayView value);
// Parses "data:[mediatype][;base64],payload". *ok false on a malformed URI or payload.
DataUri parseDataUri(QByteArrayView uri, bool *ok = nullptr);
QByteArray makeDataUri(const QByteArray &mediaType, const QByteArray &data);

// vCard 3.0 TYPE for a binary property ↔ media type: JPEG ↔ image/jpeg,
// PNG ↔ image/png, GIF ↔ image/gif, BASIC ↔ audio/basic, PGP ↔ application/pgp-keys,
// X509 ↔ application/pkix-cert, anything else by its subtype in upper case.
QByteArray mediaTypeForType(QByteArrayView propertyName, QByteArrayView type);
QByteArray typeForMediaType(QByteArrayView mediaType);
// Media type from the first bytes of an image/sound (JPEG, PNG, GIF, BMP, WebP,
// WAV); empty if unknown.
QByteArray sniffMediaType(QByteArrayView data);

} // namespace ferry::pim
