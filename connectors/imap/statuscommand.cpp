#include "statuscommand.h"

namespace ferry {

ImapCommand StatusCommand::status(const QByteArray &native, bool condstore, bool withSize)
{
    ImapCommand c("STATUS ");
    c.string(native).raw(" (MESSAGES UIDNEXT UIDVALIDITY");
    if (condstore)
        c.raw(" HIGHESTMODSEQ");
    if (withSize)
        c.raw(" SIZE");
    c.raw(")");
    return c;
}

FolderState StatusCommand::toState(const ImapStatusData &s)
{
    FolderState st;
    st.validity = s.uidValidity;
    st.nextId = s.uidNext;
    st.changeToken = s.highestModSeq;
    st.count = s.messages;
    st.size = s.size;
    return st;
}

} // namespace ferry
