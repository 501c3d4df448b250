// Schema of the state file and its migrations (PRAGMA user_version holds the
// version). Kept apart from StateStore so adding version 2 touches only this pair:
// write migrateTo2() and append it to the table in the .cpp.
#pragma once

#include "../error.h"

#include <QSqlDatabase>

namespace ferry::stateschema {

// The newest schema this build knows.
inline constexpr int kLatestVersion = 4;

// Brings `db` to kLatestVersion in one IMMEDIATE transaction, so two processes
// opening a fresh file at once do not both create tables. Returns the version
// afterwards. Refuses (ErrorCode::Internal) a file written by a newer build and
// leaves it untouched. A file already at kLatestVersion is not written at all.
Result<int> migrate(QSqlDatabase &db);

// The hint given with every state-file error.
QString damagedHint();
QString busyHint();

} // namespace ferry::stateschema
