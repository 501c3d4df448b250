// What a helpdesk may see of one journal (StateStore, one *.sqlite per
// account pair): the passes, the folders with their counts and flags, the
// outcome counts and the failed items with their error text — never the
// journal itself, never a subject or message content (the journal holds none:
// Message-IDs, sizes, dates, flags, ids and errors). Account URLs lose their
// user name.
//
// The journal is read from a private temporary copy (with its -wal), so the
// user's file is never opened for writing nor migrated to a newer schema.
#pragma once

#include <error.h>

#include <QJsonObject>
#include <QString>

namespace ferry::diagnostics {

// The summary of the journal at `path` (JSON object), or an error.
Result<QJsonObject> summarizeJournal(const QString &path);

} // namespace ferry::diagnostics
