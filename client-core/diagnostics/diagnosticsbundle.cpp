#include "diagnosticsbundle.h"

#include "journalsummary.h"
#include "reportscrubber.h"
#include "zipwriter.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSysInfo>

namespace ferry::diagnostics {

namespace {

QString plural(int n, const QString &word)
{
    return QString::number(n) + QLatin1Char(' ') + word + (n == 1 ? QString() : QStringLiteral("s"));
}

QByteArray readFile(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = f.errorString();
        return {};
    }
    return f.readAll();
}

// Regular files (no links) in `dir` whose names match `pattern`, sorted.
QFileInfoList filesIn(const QString &dir, const QString &pattern)
{
    if (dir.isEmpty())
        return {};
    return QDir(dir).entryInfoList({pattern}, QDir::Files | QDir::NoSymLinks, QDir::Name);
}

QByteArray environmentText(const BundleOptions &o)
{
    QByteArray out;
    for (const auto &[key, value] : o.environment)
        out += key.toUtf8() + ": " + value.toUtf8() + '\n';
    out += "Qt (runtime): " + QByteArray(qVersion()) + '\n';
    out += "Qt (built with): " QT_VERSION_STR "\n";
    out += "OS: " + QSysInfo::prettyProductName().toUtf8() + '\n';
    out += "Kernel: " + QSysInfo::kernelType().toUtf8() + ' ' + QSysInfo::kernelVersion().toUtf8() + '\n';
    out += "CPU: " + QSysInfo::currentCpuArchitecture().toUtf8() + '\n';
    out += "Bundle written: " + QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toUtf8() + '\n';
    return out;
}

QByteArray readme(const BundleSummary &s, const QStringList &members)
{
    QByteArray out =
        "Ferry diagnostics bundle\n"
        "========================\n\n"
        "Made by `ferry-cli diagnostics` for a helpdesk. It contains:\n\n"
        "  environment.txt   Ferry, Qt, OpenSSL and OS versions (no host name of this\n"
        "                    computer, no environment variables)\n"
        "  traces/           protocol traces (IMAP, CalDAV/CardDAV), one file per connection\n"
        "  reports/          the migration reports that were given\n"
        "  journal/*/summary.json  per journal: passes, folders with their counts, outcome\n"
        "                    counts and failed items with their error text (never the journal)\n\n"
        "What was redacted:\n"
        "  - passwords and tokens: IMAP LOGIN/AUTHENTICATE arguments and SASL responses,\n"
        "    HTTP Authorization, Proxy-Authorization, Cookie and Set-Cookie values and URL\n"
        "    query strings are written as <redacted> when the trace is made; then every\n"
        "    member but this README is searched for the passwords Ferry was given (as is,\n"
        "    base64, percent-encoded) and each is replaced by <redacted>;\n"
        "  - message and item content: every IMAP literal (message bodies, fetched header\n"
        "    fields, APPEND data) is written as {N bytes omitted}; quoted strings in FETCH\n"
        "    responses (ENVELOPE: subjects, names, addresses) as \"<omitted>\"; HTTP bodies\n"
        "    as their size and Content-Type only (for DAV XML answers: the status lines and\n"
        "    error element names);\n"
        "  - in reports: the subject/summary/description of items, and user names in\n"
        "    account URLs; in journal summaries: user names in account URLs.\n"
        "Kept: folder names, Message-IDs, UIDs, flags, sizes, server status responses and\n"
        "their texts (e.g. NO [OVERQUOTA] ...), HTTP status lines and headers.\n\n";
    out += "Summary: " + s.oneLine().toUtf8() + "\n\nMembers:\n";
    for (const QString &m : members)
        out += "  " + m.toUtf8() + '\n';
    if (!s.notes.isEmpty()) {
        out += "\nLeft out:\n";
        for (const QString &n : s.notes)
            out += "  - " + n.toUtf8() + '\n';
    }
    return out;
}

// A member name for `name` that is not in `taken` yet.
QString uniqueName(const QString &dir, const QString &name, QStringList &taken)
{
    QString candidate = dir + name;
    for (int i = 2; taken.contains(candidate); ++i)
        candidate = dir + QString::number(i) + QLatin1Char('-') + name;
    taken.append(candidate);
    return candidate;
}

} // namespace

QString BundleSummary::oneLine() const
{
    return plural(files, QStringLiteral("file")) + QStringLiteral(", ") + plural(traces, QStringLiteral("trace"))
           + QStringLiteral(", ") + plural(reports, QStringLiteral("report")) + QStringLiteral(", ")
           + plural(journals, QStringLiteral("journal"));
}

Result<BundleSummary> DiagnosticsBundle::write(const BundleOptions &o)
{
    BundleSummary s;
    struct Member {
        QString name;
        QByteArray data;
        QDateTime modified;
    };
    QList<Member> members;
    QStringList taken;
    const Redactor &r = o.redactor;

    members.append({uniqueName({}, QStringLiteral("environment.txt"), taken), r.redact(environmentText(o)),
                    QDateTime::currentDateTime()});

    qint64 traceBytes = 0;
    for (const QFileInfo &fi : filesIn(o.traceDir, QStringLiteral("*.log"))) {
        if (traceBytes + fi.size() > o.maxTraceBytes) {
            s.notes.append(QStringLiteral("trace %1 (%2 bytes): the traces' size limit was reached")
                               .arg(fi.fileName())
                               .arg(fi.size()));
            continue;
        }
        QString error;
        const QByteArray data = readFile(fi.filePath(), &error);
        if (!error.isEmpty()) {
            s.notes.append(QStringLiteral("trace %1: %2").arg(fi.fileName(), error));
            continue;
        }
        traceBytes += data.size();
        members.append({uniqueName(QStringLiteral("traces/"), fi.fileName(), taken), r.redact(data), fi.lastModified()});
        ++s.traces;
    }
    if (!o.traceDir.isEmpty() && !QFileInfo(o.traceDir).isDir())
        s.notes.append(QStringLiteral("the trace directory %1 does not exist").arg(o.traceDir));

    for (const QString &path : o.reports) {
        const QFileInfo fi(path);
        QString error;
        const QByteArray data = readFile(path, &error);
        if (!error.isEmpty()) {
            s.notes.append(QStringLiteral("report %1: %2").arg(fi.fileName(), error));
            continue;
        }
        const QByteArray scrubbed = scrubReport(data, &error);
        if (!error.isEmpty()) {
            // Not included: a file that is not a report could hold anything.
            s.notes.append(QStringLiteral("report %1: %2").arg(fi.fileName(), error));
            continue;
        }
        members.append({uniqueName(QStringLiteral("reports/"), fi.fileName(), taken), r.redact(scrubbed), fi.lastModified()});
        ++s.reports;
    }

    for (const QFileInfo &fi : filesIn(o.stateDir, QStringLiteral("*.sqlite"))) {
        auto summary = summarizeJournal(fi.filePath());
        if (!summary.ok()) {
            s.notes.append(QStringLiteral("journal %1: %2").arg(fi.fileName(), summary.error().what));
            continue;
        }
        const QByteArray json = QJsonDocument(*summary).toJson(QJsonDocument::Indented);
        const QString dir = QStringLiteral("journal/") + fi.completeBaseName() + QLatin1Char('/');
        members.append({uniqueName(dir, QStringLiteral("summary.json"), taken), r.redact(json), fi.lastModified()});
        ++s.journals;
    }
    if (!o.stateDir.isEmpty() && !QFileInfo(o.stateDir).isDir())
        s.notes.append(QStringLiteral("the state directory %1 does not exist").arg(o.stateDir));

    s.files = int(members.size()) + 1; // + README.txt
    QStringList names{QStringLiteral("README.txt")};
    for (const Member &m : std::as_const(members))
        names.append(m.name);
    // README.txt is ours alone (no user data): it is the one member not redacted.
    members.prepend({QStringLiteral("README.txt"), readme(s, names), QDateTime::currentDateTime()});

    ZipWriter zip;
    bool ok = zip.open(o.outPath);
    for (const Member &m : std::as_const(members))
        ok = ok && zip.addFile(m.name, m.data, m.modified);
    ok = zip.close() && ok;
    if (!ok) {
        QFile::remove(o.outPath);
        return Error::make(ErrorCode::Internal, QStringLiteral("cannot write the bundle: %1").arg(zip.errorString()));
    }
    return s;
}

} // namespace ferry::diagnostics
