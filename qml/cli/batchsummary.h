// What `ferry-cli batch` says when it is done: one outcome per person (from its
// MigrationReport, or from why it never ran), summary.json and the printed table.
#pragma once

#include <engine/migrationreport.h>

#include <QJsonObject>
#include <QList>
#include <QString>

namespace ferry::cli {

struct PersonOutcome {
    QString name;          // as in the users file (may be empty for a broken row)
    int line = 0;
    QString report;        // the report's file name in --reports ("" when none was written)
    int exitCode = 0;      // as `ferry-cli migrate` would exit for this person
    quint64 copied = 0;
    quint64 alreadyThere = 0;
    quint64 failed = 0;
    double seconds = 0;
    QString reason;        // one line, empty when the person is complete
    QString source;        // account URLs (display form, no secret)
    QString target;
    bool started = false;  // false: a broken row, or not reached before an interrupt

    static PersonOutcome from(const MigrationReport &report);
    QJsonObject toJson() const;
};

// One line on why a run is not complete: "login failed at the target: login as
// eve at 127.0.0.1:1234 refused (server said: …)", "3 items could not be copied
// (first: …)"; empty when exitCode() is 0.
QString failureReason(const MigrationReport &report);

// 0 when everyone is complete, 130 after an interrupt, else 1.
int batchExitCode(const QList<PersonOutcome> &people, bool interrupted);

QJsonObject summaryJson(const QList<PersonOutcome> &people, int exitCode, double seconds, const QString &usersFile);

// person | exit | copied | already there | failed | seconds | reason, and a total line.
QString formatSummaryTable(const QList<PersonOutcome> &people, int exitCode);

} // namespace ferry::cli
