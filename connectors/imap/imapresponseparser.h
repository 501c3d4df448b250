// Parses ONE complete IMAP response (the bytes ImapParser framed: lines and
// inline literals, ending in CRLF) into an ImapResponse. Recursive descent over
// the RFC 3501 §9 grammar (server side), lenient where real servers deviate:
// bare LF, missing text after a response code, unknown untagged responses and
// FETCH items (skipped), 8-bit bytes in quoted strings.
//
// Private helper of ImapParser; pure, no allocation beyond the output.
#pragma once

#include "imapresponse.h"

#include <QByteArrayView>
#include <QList>
#include <QString>

namespace ferry {

class ImapResponseParser {
public:
    // `streamedOffsets`: offsets in `text` where a literal's data would start but
    // was streamed out by the framer (its bytes are not in `text`).
    // Returns false with `error` set on malformed input.
    static bool parse(QByteArrayView text, const QList<qint64> &streamedOffsets, ImapResponse &out, QString &error);
};

} // namespace ferry
