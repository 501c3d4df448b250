// Modified UTF-7 for IMAP mailbox names (RFC 3501 §5.1.3).
//
// Printable US-ASCII (0x20–0x7e) except '&' stands for itself; '&' is "&-";
// everything else is UTF-16 in modified BASE64 (',' instead of '/', no '='
// padding) between '&' and '-'.
#pragma once

#include <QByteArray>
#include <QString>

namespace ferry {

class Mutf7 {
public:
    // Always succeeds: any QString has an encoding (lone surrogates are encoded
    // as the UTF-16 units they are, which round-trips).
    static QByteArray encode(const QString &name);

    // Decodes a server name. Returns false when `encoded` is not valid modified
    // UTF-7 (8-bit bytes, bad base64, unterminated shift, non-zero pad bits,
    // "&…-" that encodes plain ASCII); `out` then holds the best-effort reading:
    // the name decoded as UTF-8, so a server that sends raw UTF-8 (some do) still
    // gives a usable folder name.
    static bool decode(const QByteArray &encoded, QString &out);
    // Convenience: the best-effort reading.
    static QString decode(const QByteArray &encoded);
};

} // namespace ferry
