// SELECT / EXAMINE (RFC 3501 §6.3.1, §6.3.2), with the CONDSTORE parameter
// (RFC 7162 §3.1.8) so the server reports HIGHESTMODSEQ. Collects the untagged
// data the server sends before the tagged OK into a FolderState.
#pragma once

#include "imapcommand.h"
#include "imapresponse.h"

#include <connector/connector.h>

namespace ferry {

class SelectCommand {
public:
    static ImapCommand command(const QByteArray &native, bool readOnly, bool condstore);

    // Feed every untagged response seen while the command runs.
    void onUntagged(const ImapResponse &r);
    // The tagged OK may carry [READ-ONLY] / [READ-WRITE] (RFC 3501 §7.1).
    FolderState finish(const ImapResponse &tagged, bool examined);

private:
    FolderState m_state;
};

} // namespace ferry
