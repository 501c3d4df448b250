// STATUS (RFC 3501 §6.3.10) of many folders in one pipelined burst; with
// CONDSTORE also HIGHESTMODSEQ (RFC 7162 §3.1.6). The engine compares the result
// with its state to skip unchanged folders: a no-op re-run is one round trip.
#pragma once

#include "imapcommand.h"
#include "imapresponse.h"

#include <connector/connector.h>

namespace ferry {

class StatusCommand {
public:
    // `withSize`: add SIZE (RFC 8438, capability STATUS=SIZE).
    static ImapCommand status(const QByteArray &native, bool condstore, bool withSize = false);
    static FolderState toState(const ImapStatusData &status);
};

} // namespace ferry
