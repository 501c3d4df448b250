#include "diagnosticscommand.h"

#include <diagnostics/diagnosticsbundle.h>
#include <state/journalfiles.h>

#include <QCoreApplication>
#include <QDir>

#include <openssl/crypto.h>

#include <cstdio>

namespace ferry::cli {

namespace {

const char kUsage[] =
    "usage: ferry-cli diagnostics --out FILE.zip [--state DIR] [--trace DIR] [--report FILE.json]...\n"
    "\n"
    "Writes a ZIP for a helpdesk: versions, protocol traces, reports and journal summaries,\n"
    "with passwords, tokens and message content redacted (README.txt inside says how).\n"
    "\n"
    "  --out FILE.zip      the bundle to write (replaced if it exists)\n"
    "  --state DIR         the state directory with the journals (default: Ferry's own)\n"
    "  --trace DIR         the trace directory (default: $FERRY_TRACE_DIR, if set)\n"
    "  --report FILE.json  a report written by `ferry-cli migrate --report` (repeatable)\n"
    "\n"
    "Passwords are read from FERRY_FROM_PASSWORD, FERRY_TO_PASSWORD, FERRY_FROM_DAV_PASSWORD,\n"
    "FERRY_TO_DAV_PASSWORD and FERRY_ARCHIVE_PASSPHRASE, only to make sure none is in the bundle.\n";

// Environment variables whose values must never appear in the bundle.
const char *const kSecretVariables[] = {"FERRY_FROM_PASSWORD", "FERRY_TO_PASSWORD", "FERRY_FROM_DAV_PASSWORD",
                                        "FERRY_TO_DAV_PASSWORD", "FERRY_ARCHIVE_PASSPHRASE"};

struct Options {
    QString out;
    QString state;
    QString trace;
    QStringList reports;
    bool help = false;
};

int usageError(const QString &message)
{
    std::fprintf(stderr, "ferry-cli diagnostics: %s\n\n%s", qPrintable(message), kUsage);
    return 2;
}

bool looksLikePassword(const QString &option)
{
    const QString o = option.toLower();
    return o.contains(QLatin1String("password")) || o.contains(QLatin1String("passphrase"))
           || o.contains(QLatin1String("secret")) || o == QLatin1String("-p");
}

// Returns 0 when parsed, else the exit code (usage printed).
int parse(const QStringList &args, Options &o)
{
    for (qsizetype i = 0; i < args.size(); ++i) {
        QString name = args[i];
        QString value;
        bool hasValue = false;
        const qsizetype eq = name.indexOf(QLatin1Char('='));
        if (name.startsWith(QLatin1String("--")) && eq > 0) {
            value = name.mid(eq + 1);
            name = name.left(eq);
            hasValue = true;
        }
        // Checked before anything else, and the value is never echoed.
        if (looksLikePassword(name)) {
            std::fprintf(stderr, "ferry-cli diagnostics: passwords are not accepted on the command line; "
                                 "set FERRY_FROM_PASSWORD/FERRY_TO_PASSWORD in the environment\n");
            return 2;
        }
        if (name == QLatin1String("--help") || name == QLatin1String("-h")) {
            o.help = true;
            continue;
        }
        QString *single = nullptr;
        if (name == QLatin1String("--out"))
            single = &o.out;
        else if (name == QLatin1String("--state"))
            single = &o.state;
        else if (name == QLatin1String("--trace"))
            single = &o.trace;
        else if (name != QLatin1String("--report"))
            return usageError(name.startsWith(QLatin1Char('-')) ? QStringLiteral("unknown option %1").arg(name)
                                                               : QStringLiteral("unexpected argument %1").arg(name));
        if (!hasValue) {
            if (i + 1 >= args.size())
                return usageError(QStringLiteral("%1 needs a value").arg(name));
            value = args[++i];
        }
        if (value.isEmpty())
            return usageError(QStringLiteral("%1 needs a value").arg(name));
        if (single) {
            if (!single->isEmpty())
                return usageError(QStringLiteral("%1 given twice").arg(name));
            *single = value;
        } else {
            o.reports.append(value);
        }
    }
    return 0;
}

} // namespace

int runDiagnostics(const QStringList &args)
{
    Options o;
    if (int code = parse(args, o))
        return code;
    if (o.help) {
        std::fputs(kUsage, stdout);
        return 0;
    }
    if (o.out.isEmpty())
        return usageError(QStringLiteral("--out FILE.zip is required"));

    diagnostics::BundleOptions b;
    b.outPath = o.out;
    b.stateDir = o.state.isEmpty() ? defaultStateDirectory() : o.state;
    b.traceDir = o.trace.isEmpty() ? qEnvironmentVariable("FERRY_TRACE_DIR") : o.trace;
    b.reports = o.reports;
    b.environment = {
        {QStringLiteral("Ferry"), QCoreApplication::applicationVersion()},
        {QStringLiteral("OpenSSL"), QString::fromUtf8(OpenSSL_version(OPENSSL_VERSION))},
        {QStringLiteral("Tracing"), qEnvironmentVariableIsEmpty("FERRY_TRACE_DIR")
                                        ? QStringLiteral("FERRY_TRACE_DIR not set")
                                        : QStringLiteral("FERRY_TRACE_DIR set")},
    };
    for (const char *name : kSecretVariables) {
        const QByteArray secret = qgetenv(name);
        if (!secret.isEmpty())
            b.redactor.addSecret(secret);
    }

    auto summary = diagnostics::DiagnosticsBundle::write(b);
    if (!summary.ok()) {
        std::fprintf(stderr, "ferry-cli diagnostics: %s\n", qPrintable(summary.error().what));
        return 1;
    }
    std::printf("%s\n%s\n", qPrintable(QDir::toNativeSeparators(o.out)), qPrintable(summary->oneLine()));
    for (const QString &note : summary->notes)
        std::fprintf(stderr, "left out: %s\n", qPrintable(note));
    return 0;
}

} // namespace ferry::cli
