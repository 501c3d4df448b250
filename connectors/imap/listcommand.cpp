#include "listcommand.h"

#include "mutf7.h"

namespace ferry {

ImapCommand ListCommand::list(bool extendedReturn)
{
    return ImapCommand(extendedReturn ? QByteArrayView("LIST \"\" \"*\" RETURN (SUBSCRIBED SPECIAL-USE)")
                                      : QByteArrayView("LIST \"\" \"*\""));
}

ImapCommand ListCommand::lsub() { return ImapCommand("LSUB \"\" \"*\""); }

ImapCommand ListCommand::listUnder(const QByteArray &prefix, bool extendedReturn)
{
    ImapCommand c("LIST \"\" ");
    c.string(prefix + '*');
    if (extendedReturn)
        c.raw(" RETURN (SUBSCRIBED SPECIAL-USE)");
    return c;
}

ImapCommand ListCommand::lsubUnder(const QByteArray &prefix)
{
    ImapCommand c("LSUB \"\" ");
    c.string(prefix + '*');
    return c;
}

ImapCommand ListCommand::separatorProbe() { return ImapCommand("LIST \"\" \"\""); }

FolderInfo ListCommand::toFolderInfo(const ImapListData &list, const ImapFolderNames &names)
{
    FolderInfo info;
    info.ref = names.toRef(list.mailbox);
    info.nativeName = Mutf7::decode(list.mailbox);
    for (const QByteArray &a : list.attributes) {
        if (a.compare("\\Noselect", Qt::CaseInsensitive) == 0 || a.compare("\\NonExistent", Qt::CaseInsensitive) == 0)
            info.selectable = false;
        else if (a.compare("\\Subscribed", Qt::CaseInsensitive) == 0)
            info.subscribed = true;
        else if (const SpecialUse u = specialUseFromAttribute(a); u != SpecialUse::None)
            info.specialUse = u;
    }
    if (info.ref.isInbox())
        info.specialUse = SpecialUse::Inbox;
    return info;
}

} // namespace ferry
