// Access control lists (RFC 4314 §3): GETACL, MYRIGHTS, LISTRIGHTS and SETACL.
// Mailbox names, identifiers and rights are strings: quoted where possible, else
// literals (ImapCommand::string), so "john smith", "-bob" or 8-bit names go out
// intact. The untagged answers are parsed by ImapResponseParser (ImapAclData).
// Hand-written because no Qt IMAP library fits Ferry's pipelined session (see
// imapconnector.h); the commands are one line each.
#pragma once

#include "imapcommand.h"
#include "imapresponse.h"

#include <connector/connector.h>

namespace ferry {

class AclCommand {
public:
    static ImapCommand getAcl(const QByteArray &native);
    static ImapCommand myRights(const QByteArray &native);
    static ImapCommand listRights(const QByteArray &native, const QByteArray &identifier);
    // `rights` as the caller wants it: "+lr" adds, "-w" removes, "lrs" replaces.
    static ImapCommand setAcl(const QByteArray &native, const QByteArray &identifier, const QByteArray &rights);

    // The entries of an ACL response.
    static QList<AclEntry> toEntries(const ImapAclData &acl);
    // A LISTRIGHTS response.
    static AclRightsInfo toRightsInfo(const ImapAclData &acl);
};

} // namespace ferry
