// The report as one self-contained HTML page (ferry-cli migrate/verify --html): the
// verification's verdict, the passes so far with a small chart and the next pass
// foretold (passhistory.h), this pass per folder, and every item that is missing
// or could not be copied, with the reason. Inline CSS and SVG only: no script, no
// external resource (a Content-Security-Policy says so), so it opens from a USB
// stick or a mail attachment the same. Every server- or user-supplied text is
// escaped; nothing is rendered as markup.
#pragma once

#include "../state/statestore.h"
#include "migrationreport.h"
#include "reconciler.h"

#include <QList>
#include <QString>

namespace ferry {

// Any of the parts may be absent (null / empty list); at least one should be given.
QString htmlReport(const MigrationReport *pass, const VerifyReport *verify, const QList<PassRecord> &passes);

} // namespace ferry
