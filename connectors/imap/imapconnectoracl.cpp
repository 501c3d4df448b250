// ImapConnector: access control lists (RFC 4314 §3). Reads (GETACL, MYRIGHTS,
// LISTRIGHTS) are allowed on a read-only source; SETACL is a write and refused
// there before anything is sent.
#include "aclcommand.h"
#include "imapconnector.h"
#include "imapsession.h"

namespace ferry {

Error ImapConnector::aclQuery(const ImapCommand &cmd, int kind, const QString &what, ImapAclData &out)
{
    if (Error e = requireConnected())
        return e;
    if (!m_session->has("ACL"))
        return Error::make(ErrorCode::Protocol, what, QStringLiteral("the server does not offer ACL (RFC 4314)"));
    bool got = false;
    onUntagged([&](ImapResponse &r) {
        if (r.kind == ImapResponse::Other && r.acl.kind == kind && !got) {
            out = std::move(r.acl);
            got = true;
        }
    });
    auto r = m_session->execute(cmd);
    onUntagged({});
    deliverCompletedStores();
    if (!r.ok())
        return lost(r.error());
    if (r->status.kind != ImapStatus::Ok)
        return commandError(what, *r);
    if (!got)
        return Error::make(ErrorCode::Protocol, what, QStringLiteral("the server answered OK without the data"));
    return {};
}

Result<QList<AclEntry>> ImapConnector::acl(const FolderRef &folder)
{
    ImapAclData data;
    if (Error e = aclQuery(AclCommand::getAcl(m_names.toNative(folder)), ImapAclData::Acl,
                           QStringLiteral("reading the access rights of %1").arg(folder.display()), data))
        return e;
    return AclCommand::toEntries(data);
}

Result<QString> ImapConnector::myRights(const FolderRef &folder)
{
    ImapAclData data;
    if (Error e = aclQuery(AclCommand::myRights(m_names.toNative(folder)), ImapAclData::MyRights,
                           QStringLiteral("reading your rights on %1").arg(folder.display()), data))
        return e;
    return data.rights.isEmpty() ? QString() : QString::fromUtf8(data.rights.first());
}

Result<AclRightsInfo> ImapConnector::listRights(const FolderRef &folder, const QString &identifier)
{
    ImapAclData data;
    if (Error e = aclQuery(AclCommand::listRights(m_names.toNative(folder), identifier.toUtf8()),
                           ImapAclData::ListRights,
                           QStringLiteral("asking which rights %1 can have on %2").arg(identifier, folder.display()),
                           data))
        return e;
    return AclCommand::toRightsInfo(data);
}

Error ImapConnector::setAcl(const FolderRef &folder, const QString &identifier, const QString &rights)
{
    const QString what = QStringLiteral("giving %1 the rights %2 on %3").arg(identifier, rights, folder.display());
    if (m_readOnly)
        return readOnlyError(what);
    if (Error e = requireConnected())
        return e;
    if (!m_session->has("ACL"))
        return Error::make(ErrorCode::Protocol, what, QStringLiteral("the server does not offer ACL (RFC 4314)"));
    auto r = m_session->execute(AclCommand::setAcl(m_names.toNative(folder), identifier.toUtf8(), rights.toUtf8()));
    deliverCompletedStores();
    if (!r.ok())
        return lost(r.error());
    if (r->status.kind != ImapStatus::Ok)
        return commandError(what, *r);
    return {};
}

} // namespace ferry
