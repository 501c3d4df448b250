// APPEND (RFC 3501 §6.3.11): APPEND <mailbox> (<flags>) "<internal date>" {N+}
// — and, with MULTIAPPEND (RFC 3502), further " (<flags>) "<date>" {N+}" groups
// on the same command line — with every storable flag — all system flags except \Recent (which no client
// can set) and every keyword — and the source's INTERNALDATE verbatim.
// The result maps the server's answer (RFC 4315 APPENDUID; RFC 5530 / RFC 9208
// OVERQUOTA, TOOBIG, LIMIT; RFC 3501 TRYCREATE) to a StoreResult.
#pragma once

#include "imapcommand.h"
#include "imapresponse.h"

#include <connector/connector.h>

namespace ferry {

class AppendCommand {
public:
    // `body` is streamed from and must outlive the sending of the command.
    static ImapCommand command(const QByteArray &native, const ItemMeta &meta, const ItemBody *body);
    // One more message of a MULTIAPPEND: " (<flags>) "<date>" <literal>".
    static ImapCommand member(const ItemMeta &meta, const ItemBody *body);
    // An RFC 4315 uid-set ("1:3,7") expanded in the order written (the order the
    // messages were appended, RFC 4315 §3). Empty when malformed or when it holds
    // more than `max` UIDs.
    static QList<QByteArray> expandUidSet(QByteArrayView set, qsizetype max);
    // Flags that can be sent: no \Recent, only valid flag atoms.
    static QList<QByteArray> storableFlags(const QStringList &flags);
    static StoreResult result(quint64 token, const ImapResponse &tagged, const QString &folder);
    // Checked before sending (RFC 7889 APPENDLIMIT): nothing goes out.
    static Error tooBig(qint64 size, qint64 limit, const QString &folder);
};

} // namespace ferry
