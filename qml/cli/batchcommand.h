// `ferry-cli batch USERS.csv …`: several people's moves in one run, for a helpdesk
// or a migration station. Each person is one MigrationEngine run with its own
// journal — the same journal `ferry-cli migrate` uses for that pair of accounts, so
// running the batch again (or migrate for one person) continues where it stopped.
// Up to --parallel people at once, each server's connections capped by --per-server
// (batchhosts.h); one report per person in --reports, summary.json and a table.
// The users file (batchusers.h) holds password references, never passwords.
#pragma once

#include <QStringList>

namespace ferry::cli {

// `args` is argv after the word "batch". Returns the exit code: 0 everyone
// complete, 1 someone is not (a broken row, a refused login, failed items …),
// 2 usage (options, an unreadable file, a broken header), 130 interrupted.
int runBatch(const QStringList &args);

} // namespace ferry::cli
