// Human-readable output of ferry-cli: the per-folder table, the failed items with
// the server's reasons, warnings, and a fatal error explained with what to do.
#pragma once

#include <engine/migrationreport.h>

#include <QString>

namespace ferry::cli {

QString sideName(Side side);
// "ferry-cli: the old account (source): login … refused\n  server said: …\n  what to do: …"
QString describeError(const Error &e);
QString formatReport(const MigrationReport &report);
// verify / migrate --final: per folder both sides' counts, what is missing and why,
// and the verdict in one sentence.
QString formatVerify(const VerifyReport &report);

} // namespace ferry::cli
