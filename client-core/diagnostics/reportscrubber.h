// Makes a migration report (MigrationReport::toJson, the --report file) fit
// for a diagnostics bundle: the values of "subject" (a message's Subject, an
// event's or contact's title), "summary" and "description" become "<redacted>";
// folder names, Message-IDs, UIDs, sizes, reasons and the server's words stay —
// they are what a helpdesk needs to find a failed item. Account URLs lose
// their user name ("imaps://host:993"). Pure.
#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QString>

namespace ferry::diagnostics {

// The scrubbed report (indented JSON), or an empty array with `error` set when
// `json` is not a JSON document.
QByteArray scrubReport(const QByteArray &json, QString *error);
// Recursively, as above.
QJsonValue scrubJson(const QJsonValue &value);
// "imaps://alice@host:993/x" -> "imaps://host:993/x"
QString withoutUser(const QString &url);

} // namespace ferry::diagnostics
