// What a pass did, per folder and in total, with every item that could not be
// copied named together with the server's reason. Serialised to the JSON report
// (the format scripts and tests rely on; see README "Report format").
#pragma once

#include "../error.h"
#include "verifyreport.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace ferry {

struct FolderReport {
    QString source;             // FolderRef display form
    QString target;
    quint64 sourceCount = 0;
    quint64 targetCount = 0;
    quint64 copied = 0;
    quint64 alreadyThere = 0;   // mapped earlier, or found on the target and matched
    quint64 failed = 0;
    quint64 flagsUpdated = 0;
    quint64 bytes = 0;
    bool created = false;       // the target folder was created by this pass
    bool skippedUnchanged = false;
    QString dataType = QStringLiteral("mail"); // "mail", "contacts", "calendar", "tasks"
    quint64 updated = 0;        // DAV: items changed on the source and updated on the target
    quint64 conflicts = 0;      // DAV: changed on both sides; the target's version was kept
    quint64 outsideWindow = 0;  // mail: left on the source for arriving outside the date window
    quint64 aclEntries = 0;     // mail: access-rights entries set on the target this pass (RFC 4314)
};

struct ItemFailure {
    QString folder;
    QString id;                 // source id (IMAP UID)
    QString messageId;
    QString subject;            // decoded, to let a person recognise the message (DAV: summary / name)
    QString uid;                // DAV: the object's UID
    QString dataType = QStringLiteral("mail"); // as in FolderReport
    qint64 size = -1;
    QString reason;             // our words
    QString serverText;         // the server's words
    ErrorCode code = ErrorCode::Rejected;
};

struct MigrationReport {
    QString source;
    QString target;
    QString kind = QStringLiteral("migrate");
    bool dryRun = false;
    QString mailWindow;         // DateWindow::toString() of the run; "" = all mail
    Error fatal;                // what stopped the pass, if anything
    QList<FolderReport> folders;
    QList<ItemFailure> failures;
    QStringList warnings;       // fidelity notes (a keyword the target cannot keep, a renamed folder …)
    double seconds = 0;
    quint64 passId = 0;
    // The final (cutover) pass compares both sides afterwards: what is still not on
    // the target is named there (MigrationOptions::kind "final").
    std::optional<VerifyReport> verify;
    // Connections lost during the pass (network faults: a cut, a timeout, a refused
    // connect), each followed by a reconnect — or, for the last one of a pass that
    // stopped on it, by giving up (then `fatal` says so).
    struct Interruptions {
        quint64 source = 0;         // on the old account's side
        quint64 target = 0;         // on the new account's side
        quint64 other = 0;          // side unknown
        quint64 reconnects = 0;     // of these, the ones Ferry reconnected after
        double waitedSeconds = 0;   // backoff waits before reconnecting, added up
        quint64 total() const { return source + target + other; }
    } interruptions;

    quint64 totalCopied() const;
    quint64 totalAlreadyThere() const;
    quint64 totalFailed() const;
    quint64 totalFlagsUpdated() const;
    quint64 totalBytes() const;
    quint64 totalOutsideWindow() const;

    // 0 all copied; 1 some items failed (or, after a final pass, are not on the
    // target); 2 usage; 3 auth; 4 TLS; 5 network; 6 quota/size stopped the pass;
    // 130 interrupted.
    int exitCode() const;
    QJsonObject toJson() const;
};

int exitCodeFor(const Error &e);

} // namespace ferry
