// Where a run's journal lives: one private directory (0700) holding a spool for
// large messages and one SQLite journal per pair of accounts, named after a hash of
// both account URLs (no secret in them), so a later pass — from ferry-cli or the
// app — finds the journal of the same pair again and copies only what is new.
#pragma once

#include "../connector/endpoint.h"
#include "../error.h"
#include "statestore.h"

#include <memory>

namespace ferry {

// The per-user default ($XDG_STATE_HOME/ferry or ~/.local/state/ferry).
QString defaultStateDirectory();

// Creates `dir` and its spool (mode 0700), removes spool files of a killed run and
// points ItemBody's spool there, then opens (creates) the pair's journal and
// records both account URLs in it unless `dryRun`.
Result<std::shared_ptr<StateStore>> openPairJournal(const QString &dir, const Endpoint &source,
                                                    const Endpoint &target, bool dryRun);

// The file openPairJournal() uses for this pair (it may not exist yet).
QString pairJournalPath(const QString &dir, const Endpoint &source, const Endpoint &target);

} // namespace ferry
