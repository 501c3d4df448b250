// One APPEND command in flight and the store requests it carries: a single
// APPEND (RFC 3501 §6.3.11) or a MULTIAPPEND group (RFC 3502), which is atomic —
// one tagged answer for all of its messages.
//
// Members of a group keep their request (meta + ItemBody; a spooled body stays
// on disk) until that answer: a refused group appended nothing (RFC 3502
// §6.3.11), and each member is then resent as a single APPEND to learn its own
// result. Single APPENDs keep only the token (their bytes are on the wire).
#pragma once

#include "imapresponse.h"

#include <connector/connector.h>

#include <deque>
#include <vector>

namespace ferry {

struct AppendGroup {
    struct Member {
        StoreRequest request;
        Connector::StoreCallback done;
    };

    quint64 seq = 0;
    QByteArray tag;           // the session's tag (groups: to see whether it is still open)
    FolderRef folder;
    QByteArray native;
    bool multi = false;       // sent as MULTIAPPEND: refusal means "resend one by one"
    qint64 bytes = 0;
    std::deque<Member> members;
    bool answered = false;
    ImapResponse answer;

    // The answer made every member's result precise (OK; or a command that
    // carried one message). Otherwise the members are resent singly.
    bool settled() const;
    // One result per member, in order. OK [APPENDUID v uid-set]: the uid-set's
    // UIDs belong to the members in order (RFC 4315 §3); if it does not hold
    // exactly one UID per member, every member succeeds without an id rather
    // than with a wrong one.
    std::vector<StoreResult> results() const;
};

} // namespace ferry
