#include "statuscommand.h"

namespace ferry {

ImapCommand StatusCommand::status(const QByteArray &native, bool condstore)
{
    ImapCommand c("STATUS ");
    c.string(native).raw(condstore ? QByteArrayView(" (MESSAGES UIDNEXT UIDVALIDITY HIGHESTMODSEQ)")
                                   : QByteArrayView(" (MESSAGES UIDNEXT UIDVALIDITY)"));
    return c;
}

FolderState StatusCommand::toState(const ImapStatusData &s)
{
    FolderState st;
    st.validity = s.uidValidity;
    st.nextId = s.uidNext;
    st.changeToken = s.highestModSeq;
    st.count = s.messages;
    return st;
}

} // namespace ferry
