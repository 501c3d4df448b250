#include "aclcommand.h"

namespace ferry {

ImapCommand AclCommand::getAcl(const QByteArray &native)
{
    ImapCommand c("GETACL ");
    c.string(native);
    return c;
}

ImapCommand AclCommand::myRights(const QByteArray &native)
{
    ImapCommand c("MYRIGHTS ");
    c.string(native);
    return c;
}

ImapCommand AclCommand::listRights(const QByteArray &native, const QByteArray &identifier)
{
    ImapCommand c("LISTRIGHTS ");
    c.string(native).sp().string(identifier);
    return c;
}

ImapCommand AclCommand::setAcl(const QByteArray &native, const QByteArray &identifier, const QByteArray &rights)
{
    ImapCommand c("SETACL ");
    c.string(native).sp().string(identifier).sp().string(rights);
    return c;
}

QList<AclEntry> AclCommand::toEntries(const ImapAclData &acl)
{
    QList<AclEntry> out;
    for (qsizetype i = 0; i < acl.identifiers.size() && i < acl.rights.size(); ++i)
        out.append(AclEntry{QString::fromUtf8(acl.identifiers.at(i)), QString::fromUtf8(acl.rights.at(i))});
    return out;
}

AclRightsInfo AclCommand::toRightsInfo(const ImapAclData &acl)
{
    AclRightsInfo info;
    if (acl.rights.isEmpty())
        return info;
    info.required = QString::fromUtf8(acl.rights.first());
    for (qsizetype i = 1; i < acl.rights.size(); ++i)
        info.optional.append(QString::fromUtf8(acl.rights.at(i)));
    return info;
}

} // namespace ferry
