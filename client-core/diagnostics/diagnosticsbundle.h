// The diagnostics bundle (`ferry-cli diagnostics`): one ZIP a person can send
// to a helpdesk, with
//   README.txt          what is inside and what was redacted
//   environment.txt     Ferry, Qt, OpenSSL and OS versions (no host name, no
//                       environment dump)
//   traces/<file>       the protocol traces (already redacted where written)
//   reports/<file>      the given --report files, subjects redacted
//   journal/<name>/summary.json  per journal in the state directory
// Every member except README.txt passes through the Redactor, seeded with the
// passwords the caller found (it never prints them).
#pragma once

#include "redactor.h"

#include <error.h>

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace ferry::diagnostics {

struct BundleOptions {
    QString outPath;
    QString stateDir;          // journals (*.sqlite); "" = none
    QString traceDir;          // trace files (*.log); "" = none
    QStringList reports;       // --report files
    QList<QPair<QString, QString>> environment; // "Ferry" -> "0.1.0", "OpenSSL" -> …
    Redactor redactor;
    qint64 maxTraceBytes = 200LL * 1000 * 1000; // all traces together
};

struct BundleSummary {
    int files = 0;
    int traces = 0;
    int reports = 0;
    int journals = 0;
    QStringList notes;         // what was left out and why (also in README.txt)

    // "12 files, 3 traces, 2 reports, 1 journal"
    QString oneLine() const;
};

class DiagnosticsBundle {
public:
    static Result<BundleSummary> write(const BundleOptions &options);
};

} // namespace ferry::diagnostics
