// UID STORE (RFC 3501 §6.4.6, §6.4.8): +FLAGS.SILENT / -FLAGS.SILENT, one
// command per distinct change with all the ids that share it (compressed UID
// sets), so a flag sync costs one pipelined burst, not a command per message.
#pragma once

#include "imapcommand.h"

#include <connector/connector.h>

namespace ferry {

class StoreCommand {
public:
    static QList<ImapCommand> commands(const QList<FlagChange> &changes);
};

} // namespace ferry
