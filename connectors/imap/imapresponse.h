// Typed IMAP server responses, as produced by ImapParser (RFC 3501 §7, plus
// RFC 2342 NAMESPACE, RFC 5161 ENABLE, RFC 7162 CONDSTORE, RFC 4315 UIDPLUS,
// RFC 5530 response codes, RFC 5258/6154 LIST extensions, RFC 4314 ACL).
//
// Plain value types. Strings are raw server bytes (mailbox names still in
// modified UTF-7); atoms that the protocol defines case-insensitively (status,
// response-code names, FETCH item names) are upper-cased by the parser.
#pragma once

#include <QByteArray>
#include <QList>

namespace ferry {

// "[NAME args…]" of a status response (RFC 3501 §7.1). Arguments are the
// space-separated tokens after the name; a parenthesized list (PERMANENTFLAGS,
// BADCHARSET) is flattened into its elements and `hasList` is set.
struct ImapResponseCode {
    QByteArray name;          // "APPENDUID", "UIDVALIDITY", …; empty when absent
    QList<QByteArray> args;
    bool hasList = false;

    bool isEmpty() const { return name.isEmpty(); }
    bool is(const char *n) const { return name == n; }
    // args[i] as a number; 0 when missing or not a number.
    quint64 number(int i) const
    {
        bool ok = false;
        const quint64 v = i < args.size() ? args.at(i).toULongLong(&ok) : 0;
        return ok ? v : 0;
    }
};

// OK / NO / BAD / BYE / PREAUTH (tagged or untagged) and continuation text.
struct ImapStatus {
    enum Kind : quint8 { None, Ok, No, Bad, Bye, Preauth };
    Kind kind = None;
    ImapResponseCode code;
    QByteArray text;          // human-readable text after the code
};

// * LIST / * LSUB (RFC 3501 §7.2.2, RFC 5258 §3.4).
struct ImapListData {
    QList<QByteArray> attributes; // "\\Noselect", "\\Sent", "\\Subscribed", … as sent
    char separator = 0;           // 0 = NIL (flat namespace)
    QByteArray mailbox;           // raw (modified UTF-7), unquoted
};

// * STATUS (RFC 3501 §7.2.4, RFC 7162 §3.1.6). A field is 0 when not reported.
struct ImapStatusData {
    QByteArray mailbox;
    quint64 messages = 0;
    quint64 uidNext = 0;
    quint64 uidValidity = 0;
    quint64 highestModSeq = 0;
    quint64 unseen = 0;
    quint64 recent = 0;
    qint64 size = -1;             // SIZE (RFC 8438)
};

// One BODY[section]<origin> (or BINARY/RFC822*) item of a FETCH response.
struct ImapFetchSection {
    QByteArray section;       // "" for BODY[]; "HEADER.FIELDS (MESSAGE-ID)" etc. as sent
    bool isNil = false;
    QByteArray data;          // the bytes, unless streamed
    qint64 size = 0;          // literal/string length
    int streamedIndex = -1;   // >= 0: the bytes went to the parser's literal stream #n
};

// * n FETCH (…) (RFC 3501 §7.4.2, RFC 7162 §3.1.4). Items the server did not send
// keep their "absent" value.
struct ImapFetchData {
    quint64 uid = 0;                  // 0 = absent
    bool hasFlags = false;
    QList<QByteArray> flags;
    QByteArray internalDate;          // verbatim, without quotes
    qint64 size = -1;                 // RFC822.SIZE
    quint64 modSeq = 0;
    QList<ImapFetchSection> sections;
};

// * NAMESPACE (RFC 2342 §5).
struct ImapNamespaceEntry {
    QByteArray prefix;
    char separator = 0;
};
struct ImapNamespaceData {
    QList<ImapNamespaceEntry> personal, otherUsers, shared;
};

// * ACL / * MYRIGHTS / * LISTRIGHTS (RFC 4314 §3.6–3.8): the response's kind stays
// Other (atoms = [NAME, raw remainder]) and this is filled as well; kind None for
// every other response. Identifiers and rights are raw astrings as sent (quoted or
// literal values unquoted).
struct ImapAclData {
    enum Kind : quint8 { None, Acl, MyRights, ListRights };
    Kind kind = None;
    QByteArray mailbox;
    QList<QByteArray> identifiers;  // ACL: one per entry; LISTRIGHTS: the one asked about
    QList<QByteArray> rights;       // ACL: parallel to identifiers; MYRIGHTS: one;
                                    // LISTRIGHTS: required rights, then each optional group
};

struct ImapResponse {
    enum Kind : quint8 {
        Continuation, // "+ text"
        Tagged,       // "tag OK/NO/BAD …"
        Status,       // "* OK/NO/BAD/BYE/PREAUTH …"
        Capability,   // "* CAPABILITY …" -> atoms
        List, Lsub,   // -> list
        MailboxStatus,// "* STATUS" -> mailboxStatus
        Flags,        // "* FLAGS (…)" -> atoms
        Exists, Expunge, Recent, // -> number
        Fetch,        // -> number (sequence number) + fetch
        Namespace,    // -> ns
        Enabled,      // -> atoms
        Search,       // -> numbers
        Other,        // any other untagged response; `atoms` = [NAME, raw remainder]
                      // (ACL, MYRIGHTS, LISTRIGHTS: also `acl`)
    };
    Kind kind = Other;
    QByteArray tag;               // Tagged only
    ImapStatus status;            // Continuation, Tagged, Status
    QList<QByteArray> atoms;
    quint64 number = 0;
    QList<quint64> numbers;
    ImapListData list;
    ImapStatusData mailboxStatus;
    ImapFetchData fetch;
    ImapNamespaceData ns;
    ImapAclData acl;
};

} // namespace ferry
