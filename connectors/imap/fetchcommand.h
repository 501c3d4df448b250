// UID FETCH (RFC 3501 §6.4.8, §6.4.5) for listing and for downloading items.
//   listing:  UID FETCH n:* (UID FLAGS INTERNALDATE RFC822.SIZE
//             BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)] [MODSEQ]) [(CHANGEDSINCE m)]
//             (RFC 7162 §3.1.4); flags-only: UID FETCH n:* (UID FLAGS [MODSEQ]).
//   bodies:   UID FETCH <set> (UID FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[])
// BODY.PEEK never sets \Seen (§6.4.5): the source stays untouched.
// UID sets are compressed into ranges and split so no command line exceeds
// ~8 KB (RFC 7162 §4 recommends clients keep lines under 8192 octets).
#pragma once

#include "imapcommand.h"
#include "imapresponse.h"

#include <connector/connector.h>

namespace ferry {

class FetchCommand {
public:
    static constexpr int kMaxSetLength = 8000;

    // "1:3,7,9:12" pieces, each at most maxLength characters, covering `uids`
    // (any order, duplicates allowed; 0 is ignored).
    static QList<QByteArray> uidSets(QList<quint64> uids, int maxLength = kMaxSetLength);

    static ImapCommand listing(const ListQuery &query, bool condstore, const QByteArray &uidSet = {});
    static ImapCommand bodies(const QByteArray &uidSet);

    // Message-ID from a header block "Message-ID: <a@b>\r\n\r\n", parsed with
    // vmime (unfolding, comments): "<a@b>". When vmime finds no id-left@id-right
    // form, the raw value, unfolded and trimmed; empty when the field is absent.
    static QByteArray messageIdFromHeader(const QByteArray &header);

    // Meta of a FETCH response; `withMessageId`: take the HEADER.FIELDS section.
    static ItemMeta toMeta(const ImapFetchData &fetch, bool withMessageId, bool withSubject = false);
    static QString subjectFromHeader(const QByteArray &header);
};

} // namespace ferry
