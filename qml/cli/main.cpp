// ferry-cli: the headless front-end over the same core as the app. Used by kiosk
// scripts, helpdesks, batch runs and the test suite.
#include "batchcommand.h"
#include "commandline.h"
#include "diagnosticscommand.h"
#include "reportprinter.h"
#include "terminal.h"

#include <connector/connectorregistry.h>
#include <connector/itembody.h>
#include <engine/collectionpass.h>
#include <engine/inventory.h>
#include <archive/archivemanifest.h>
#include <archive/archiveverify.h>
#include <diagnostics/trace.h>
#include <engine/aclidentifiermap.h>
#include <engine/htmlreport.h>
#include <engine/migrationengine.h>
#include <engine/reconciler.h>
#include <pim/transform/pimtransformer.h>
#include <registerall.h>
#include <state/journalfiles.h>
#include <state/statestore.h>

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <csignal>
#include <cstdio>
#include <sys/stat.h>
#include <thread>

using namespace Qt::StringLiterals;

namespace ferry::cli {
namespace {

std::atomic<int> g_signal{0};
void onSignal(int sig) { g_signal = sig; }

void printErr(const QString &s) { std::fprintf(stderr, "ferry-cli: %s\n", qPrintable(s)); }
void printOut(const QString &s) { std::fputs(s.toUtf8().constData(), stdout); std::fflush(stdout); }

// `dav`: the DAV account's password; FERRY_*_DAV_PASSWORD, else `fallback` (the
// mail account's), else the mail variable, else the prompt.
Result<std::shared_ptr<const Secret>> password(Side side, const Endpoint &e, bool dav = false,
                                               std::shared_ptr<const Secret> fallback = {})
{
    if (dav) {
        const char *davVar = side == Side::Source ? "FERRY_FROM_DAV_PASSWORD" : "FERRY_TO_DAV_PASSWORD";
        if (qEnvironmentVariableIsSet(davVar)) {
            QByteArray v = qgetenv(davVar);
            qunsetenv(davVar);
            return std::make_shared<const Secret>(std::move(v));
        }
        if (fallback)
            return fallback;
    }
    const char *var = side == Side::Source ? "FERRY_FROM_PASSWORD" : "FERRY_TO_PASSWORD";
    if (qEnvironmentVariableIsSet(var)) {
        QByteArray v = qgetenv(var);
        qunsetenv(var); // do not hand it on to anything we might start
        return std::make_shared<const Secret>(std::move(v));
    }
    QByteArray typed;
    const QString prompt = u"Password for %1 (%2): "_s.arg(e.display(), sideName(side));
    if (promptPassword(prompt, typed))
        return std::make_shared<const Secret>(std::move(typed));
    return Error::make(ErrorCode::Usage, u"no password for the %1"_s.arg(sideName(side)), {},
                       u"set %1 in the environment, or run ferry-cli on a terminal to be asked"_s.arg(QString::fromLatin1(var)));
}

Result<Endpoint> endpointFor(Side side, const CommandLine &cl, bool dav = false,
                             std::shared_ptr<const Secret> fallback = {})
{
    const QString url = dav ? (side == Side::Source ? cl.fromDav : cl.toDav) : (side == Side::Source ? cl.from : cl.to);
    auto e = Endpoint::parse(url);
    if (!e.ok())
        return Error(e.error()).onSide(side);
    if (dav && e->scheme != u"https"_s && e->scheme != u"memory"_s && e->scheme != u"file"_s)
        return Error::make(ErrorCode::Usage, u"%1 is not a CalDAV/CardDAV address"_s.arg(url), {},
                           u"write it as https://USER@HOST[:PORT][/path]"_s).onSide(side);
    if (!dav && e->scheme == u"https"_s)
        return Error::make(ErrorCode::Usage, u"%1 is a web address, not a mail server"_s.arg(url), {},
                           u"give mail as imaps://USER@HOST and contacts/calendars with --from-dav / --to-dav"_s)
            .onSide(side);
    e->tls.caFiles = cl.caFiles;
    e->tls.ioTimeoutMs = cl.ioTimeoutSeconds * 1000;
    const QString pin = side == Side::Source ? cl.fromPin : cl.toPin;
    if (!pin.isEmpty()) {
        e->tls.pinnedSha256 = parseFingerprint(pin);
        if (e->tls.pinnedSha256.isEmpty())
            return Error::make(ErrorCode::Usage, u"'%1' is not a SHA-256 fingerprint"_s.arg(pin), {},
                               u"give the 64 hex digits ferry-cli printed (colons optional)"_s).onSide(side);
    }
    if (e->scheme != u"memory"_s) {
        auto pw = password(side, *e, dav, fallback);
        if (!pw.ok())
            return pw.error();
        e->password = *pw;
    }
    return e;
}

int fail(const Error &e, bool json)
{
    if (json) {
        QJsonObject o = e.toJson();
        o.insert(u"event"_s, u"error"_s);
        o.insert(u"exitCode"_s, exitCodeFor(e));
        printOut(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)) + u'\n');
    }
    printErr(describeError(e));
    return exitCodeFor(e);
}

// --map-address and --map-file, all or nothing: a wrong rule is a usage error.
Result<pim::AddressMap> addressMap(const CommandLine &cl)
{
    pim::AddressMap map;
    for (const QString &rule : cl.mapAddresses) {
        QString why;
        if (!map.addRule(rule, &why))
            return Error::make(ErrorCode::Usage, u"--map-address %1: %2"_s.arg(rule, why), {},
                               u"write OLD=NEW, e.g. c.smith@old.example=c_smith@new.example or "
                               "{local}@old.example={local}@new.example"_s);
    }
    for (const QString &path : cl.mapFiles) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return Error::make(ErrorCode::Usage, u"cannot read the address map %1: %2"_s.arg(path, f.errorString()));
        const QList<pim::AddressMapIssue> issues = map.addCsv(f.readAll());
        if (!issues.isEmpty()) {
            QStringList lines;
            for (const pim::AddressMapIssue &i : issues)
                lines << u"line %1: %2"_s.arg(i.line).arg(i.message);
            return Error::make(ErrorCode::Usage, u"the address map %1 has errors:\n  %2"_s.arg(path, lines.join(u"\n  "_s)),
                               {}, u"fix those lines (two columns: old address, new address)"_s);
        }
    }
    return map;
}

// The archive's passphrase: FERRY_ARCHIVE_PASSPHRASE, else asked when --encrypt is
// given (export: twice) or the archive says it is encrypted; none = a plain archive.
Result<std::shared_ptr<const Secret>> archivePassphrase(const CommandLine &cl)
{
    if (qEnvironmentVariableIsSet("FERRY_ARCHIVE_PASSPHRASE")) {
        QByteArray v = qgetenv("FERRY_ARCHIVE_PASSPHRASE");
        qunsetenv("FERRY_ARCHIVE_PASSPHRASE");
        return std::make_shared<const Secret>(std::move(v));
    }
    QFile manifest(QDir(cl.archive).filePath(u"manifest.json"_s));
    const bool encrypted = manifest.open(QIODevice::ReadOnly)
        && QJsonDocument::fromJson(manifest.readAll()).object().contains(u"encryption"_s);
    if (!cl.encrypt && !encrypted)
        return std::shared_ptr<const Secret>();
    QByteArray typed;
    if (!promptPassword(u"Passphrase for the archive %1: "_s.arg(cl.archive), typed))
        return Error::make(ErrorCode::Usage, u"the archive %1 needs a passphrase"_s.arg(cl.archive), {},
                           u"set FERRY_ARCHIVE_PASSPHRASE, or run ferry-cli on a terminal to be asked"_s);
    if (cl.command == u"export"_s && !encrypted) {
        QByteArray again;
        if (!promptPassword(u"The same passphrase again: "_s, again) || again != typed)
            return Error::make(ErrorCode::Usage, u"the two passphrases differ"_s, {}, u"run the export again"_s);
    }
    if (typed.size() < 8)
        return Error::make(ErrorCode::Usage, u"the passphrase is shorter than 8 characters"_s, {},
                           u"removable media get lost: choose a longer one"_s);
    return std::make_shared<const Secret>(std::move(typed));
}

// The accounts and choices of the command line as the engine takes them (passwords
// from the environment or the prompt); shared by migrate and verify.
Result<MigrationOptions> optionsFor(const CommandLine &cl)
{
    auto addresses = addressMap(cl);
    if (!addresses.ok())
        return addresses.error();

    // Mail and/or DAV accounts; the DAV ones default to the mail passwords. export
    // writes to the archive instead of a target, import reads it instead of a source.
    Endpoint mailSrc, mailTgt, davSrc, davTgt;
    if (!cl.from.isEmpty()) {
        auto s = endpointFor(Side::Source, cl);
        if (!s.ok())
            return s.error();
        mailSrc = *s;
    }
    if (!cl.to.isEmpty()) {
        auto t = endpointFor(Side::Target, cl);
        if (!t.ok())
            return t.error();
        mailTgt = *t;
    }
    if (!cl.fromDav.isEmpty()) {
        auto s = endpointFor(Side::Source, cl, true, mailSrc.password);
        if (!s.ok())
            return s.error();
        davSrc = *s;
    }
    if (!cl.toDav.isEmpty()) {
        auto t = endpointFor(Side::Target, cl, true, mailTgt.password);
        if (!t.ok())
            return t.error();
        davTgt = *t;
    }
    if (!cl.archive.isEmpty()) {
        auto passphrase = archivePassphrase(cl);
        if (!passphrase.ok())
            return passphrase.error();
        auto part = [&](const char *name) {
            Endpoint e;
            e.scheme = u"archive"_s;
            e.path = QDir(cl.archive).absolutePath() + u'/' + QLatin1String(name);
            e.password = *passphrase;
            return e;
        };
        if (cl.command == u"export"_s) {
            if (!mailSrc.scheme.isEmpty())
                mailTgt = part("mail");
            if (!davSrc.scheme.isEmpty())
                davTgt = part("pim");
        } else {
            if (!mailTgt.scheme.isEmpty())
                mailSrc = part("mail");
            if (!davTgt.scheme.isEmpty())
                davSrc = part("pim");
        }
    }
    QList<Endpoint> files;
    for (const QString &path : cl.fromFiles) {
        Endpoint e;
        e.scheme = u"file"_s;
        e.path = QFileInfo(path).absoluteFilePath();
        if (!QFileInfo(e.path).isFile())
            return Error::make(ErrorCode::Usage, u"there is no file %1"_s.arg(path), {},
                               u"give an export file: .vcf, .ics, contacts .csv or .ldif"_s).onSide(Side::Source);
        files.append(e);
    }
    MigrationOptions opts;
    opts.source = mailSrc;
    opts.target = mailTgt;
    opts.davSource = davSrc;
    opts.davTarget = davTgt;
    opts.fileSources = files;

    opts.only = cl.only;
    opts.skipFolders = cl.skipFolders; // a name given once leaves out the mail folder and the collection
    opts.skipCollections = cl.skipFolders;
    opts.mailWindow = cl.mailWindow;
    opts.transformer = std::make_shared<PimTransformer>(*addresses);
    opts.mapIdentifier = aclIdentifierMap(*addresses); // ACL entries follow the address map
    opts.connections = cl.connections;
    opts.dryRun = cl.dryRun;
    opts.includeShared = cl.includeShared;
    opts.kind = cl.final ? u"final"_s : cl.command == u"verify"_s ? u"migrate"_s : cl.command;
    // A helpdesk profile settles what the command line leaves open; its connection
    // count is a cap (the helpdesk knows its servers).
    if (cl.loadedProfile) {
        MigrationOptions preset = opts;
        cl.loadedProfile->applyTo(preset);
        if (cl.only.isEmpty())
            opts.only = preset.only;
        if (cl.skipFolders.isEmpty()) {
            opts.skipFolders = preset.skipFolders;
            opts.skipCollections = preset.skipCollections;
        }
        if (cl.mailWindow.isOpen())
            opts.mailWindow = preset.mailWindow;
        opts.folderRules = cl.loadedProfile->folderRules;
        if (cl.loadedProfile->connections > 0)
            opts.connections = std::min(opts.connections, cl.loadedProfile->connections);
    }
    for (const QString &rule : cl.folderRules) {
        FolderRule r;
        QString why;
        if (!FolderRule::parse(rule, &r, &why))
            return Error::make(ErrorCode::Usage, u"--map-folder %1: not a rule"_s.arg(rule), {}, why);
        opts.folderRules << r;
    }
    return opts;
}

// Writes `data` to `path` readable by the user only; false + message on failure.
bool writePrivateFile(const QString &path, const QByteArray &data, const QString &what)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        printErr(u"cannot write the %1 to %2: %3"_s.arg(what, path, f.errorString()));
        return false;
    }
    f.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    f.write(data);
    return true;
}

int runMigrate(const CommandLine &cl)
{
    auto options = optionsFor(cl);
    if (!options.ok())
        return fail(options.error(), cl.json);
    MigrationOptions opts = *options;
    auto store = openPairJournal(cl.stateDir.isEmpty() ? defaultStateDirectory() : cl.stateDir, opts.journalSource(),
                                 opts.journalTarget(), cl.dryRun);
    if (!store.ok())
        return fail(store.error(), cl.json);
    MigrationEngine engine(opts, *store);
    ProgressPrinter printer(cl.json);
    engine.setProgressSink([&printer](const ProgressEvent &e) { printer(e); });

    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    // Signals only set a flag; this thread turns it into engine.cancel(). It wakes
    // every 50 ms or at once when the run ends, so it never delays the exit.
    std::mutex doneMutex;
    std::condition_variable doneCv;
    bool done = false;
    std::thread watcher([&] {
        std::unique_lock lock(doneMutex);
        while (!done) {
            if (g_signal) {
                engine.cancel();
                break;
            }
            doneCv.wait_for(lock, std::chrono::milliseconds(50));
        }
    });
    MigrationReport report = engine.run();
    {
        std::lock_guard lock(doneMutex);
        done = true;
    }
    if (cl.command == u"export"_s && report.fatal.ok() && !cl.dryRun) {
        QJsonObject source;
        if (!cl.from.isEmpty())
            source.insert(u"mail"_s, opts.source.display());
        if (!cl.fromDav.isEmpty())
            source.insert(u"contactsAndCalendars"_s, opts.davSource.display());
        source.insert(u"exported"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
        if (Error e = setArchiveSource(cl.archive, source))
            printErr(describeError(e));
    }
    doneCv.notify_all();
    watcher.join();
    printer.clearLine();

    const QJsonObject json = report.toJson();
    if (!cl.reportFile.isEmpty())
        writePrivateFile(cl.reportFile, QJsonDocument(json).toJson(), u"report"_s);
    if (!cl.htmlFile.isEmpty())
        writePrivateFile(cl.htmlFile, htmlReport(&report, report.verify ? &*report.verify : nullptr, (*store)->passes()).toUtf8(),
                         u"HTML report"_s);
    if (cl.json) {
        QJsonObject o = json;
        o.insert(u"event"_s, u"report"_s);
        printOut(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)) + u'\n');
    } else {
        printOut(formatReport(report));
        if (report.verify)
            printOut(u"\n"_s + formatVerify(*report.verify));
    }
    if (!report.fatal.ok()) {
        if (report.fatal.code == ErrorCode::Cancelled)
            printErr(u"interrupted; everything copied so far is recorded — run the same command again to continue"_s);
        else if (cl.json)
            fail(report.fatal, true); // the error event too, as for errors before the pass
        else
            printErr(describeError(report.fatal));
    }
    return report.exitCode();
}

// `verify`: both sides compared (Reconciler), the journal only read when there is one.
int runVerify(const CommandLine &cl)
{
    auto options = optionsFor(cl);
    if (!options.ok())
        return fail(options.error(), cl.json);
    const MigrationOptions &opts = *options;
    std::shared_ptr<StateStore> store;
    const QString journal = pairJournalPath(cl.stateDir.isEmpty() ? defaultStateDirectory() : cl.stateDir,
                                            opts.journalSource(), opts.journalTarget());
    if (QFileInfo::exists(journal)) {
        auto opened = StateStore::open(journal);
        if (!opened.ok())
            return fail(opened.error(), cl.json);
        store = *opened;
    }
    Reconciler reconciler(opts, store);
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    std::atomic_bool finished{false};
    std::thread watcher([&] {
        while (!finished) {
            if (g_signal) {
                reconciler.cancel();
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    });
    const VerifyReport report = reconciler.run();
    finished = true;
    watcher.join();

    const QJsonObject json = report.toJson();
    if (!cl.reportFile.isEmpty())
        writePrivateFile(cl.reportFile, QJsonDocument(json).toJson(), u"report"_s);
    if (!cl.htmlFile.isEmpty())
        writePrivateFile(cl.htmlFile, htmlReport(nullptr, &report, store ? store->passes() : QList<PassRecord>{}).toUtf8(),
                         u"HTML report"_s);
    if (cl.json) {
        QJsonObject o = json;
        o.insert(u"event"_s, u"verify"_s);
        printOut(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)) + u'\n');
    } else {
        printOut(formatVerify(report));
    }
    if (!report.fatal.ok() && !cl.json)
        printErr(describeError(report.fatal));
    return report.exitCode();
}

// `archive verify PATH`: every file of the archive re-hashed (decrypted when it is
// encrypted); what is damaged, missing or unknown named. Reads only.
int runArchiveVerify(const CommandLine &cl)
{
    auto passphrase = archivePassphrase(cl);
    if (!passphrase.ok())
        return fail(passphrase.error(), cl.json);
    auto check = verifyArchive(QDir(cl.archive).absolutePath(), *passphrase);
    if (!check.ok())
        return fail(check.error(), cl.json);
    if (cl.json) {
        QJsonObject o = check->toJson();
        o.insert(u"event"_s, u"archive-verify"_s);
        printOut(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)) + u'\n');
    } else {
        QString text = u"Archive %1%2\n"_s.arg(cl.archive, check->encrypted ? u" (encrypted)"_s : QString());
        for (const ArchiveCheck::Folder &f : check->folders)
            text += u"  %1: %2  %3 items\n"_s.arg(f.type, f.name).arg(f.items);
        for (const ArchiveCheck::Problem &p : check->damaged)
            text += u"  DAMAGED %1 %2 (%3): %4\n"_s.arg(p.folder, p.id, p.file, p.what);
        for (const ArchiveCheck::Problem &p : check->missing)
            text += u"  MISSING %1 %2 (%3): %4\n"_s.arg(p.folder, p.id, p.file, p.what);
        for (const QString &o : check->orphans)
            text += u"  not in any index (left by an interrupted export?): %1\n"_s.arg(o);
        for (const QString &n : check->notices)
            text += u"  note: %1\n"_s.arg(n);
        text += check->intact() ? u"The archive is intact.\n"_s
                                : u"%1 items are damaged or missing; an import copies everything else and names them.\n"_s
                                      .arg(check->damaged.size() + check->missing.size());
        printOut(text);
    }
    return check->intact() ? 0 : 1;
}

// `check`: each account's inventory (login, folders/collections, counts, sizes,
// quota), printed for a person or as one JSON object. Reads only.
QString checkText(Side side, const AccountInventory &inv, bool dav)
{
    QString text = dav ? u"%1 (contacts and calendars): %2 — login ok\n"_s.arg(sideName(side), inv.account)
                       : u"%1: %2 — login ok\n  capabilities: %3\n"_s.arg(sideName(side), inv.account,
                                                                           inv.capabilities.join(u' '));
    for (const InventoryFolder &f : inv.folders) {
        if (dav) {
            text += u"  %1: %2  %3 items%4\n"_s.arg(f.dataType, f.label())
                        .arg(f.items)
                        .arg(f.components.isEmpty() ? QString() : u" ("_s + f.components.join(u", "_s) + u')');
            continue;
        }
        const bool role = f.specialUse != SpecialUse::None && f.specialUse != SpecialUse::Inbox;
        text += u"  %1%2  %3 messages%4\n"_s
                    .arg(f.name, role ? u" ["_s + QString::fromLatin1(specialUseAttribute(f.specialUse)) + u']' : QString())
                    .arg(f.items)
                    .arg(f.bytes >= 0 ? u", "_s + formatBytes(double(f.bytes)) : QString());
    }
    if (dav) {
        text += u"  %1 collections, %2 items\n"_s.arg(inv.folders.size()).arg(inv.items());
        return text;
    }
    text += u"  %1 folders, %2 messages, %3\n"_s.arg(inv.folders.size()).arg(inv.items()).arg(formatBytes(double(inv.bytes())));
    for (const QuotaInfo &q : inv.quota) {
        const bool storage = q.resource == u"STORAGE"_s;
        text += u"  quota %1: %2 of %3 used\n"_s.arg(q.resource.toLower(),
                                                     storage ? formatBytes(double(q.usage)) : QString::number(q.usage),
                                                     storage ? formatBytes(double(q.limit)) : QString::number(q.limit));
    }
    if (inv.quotaKnown && inv.quota.isEmpty())
        text += u"  quota: none reported\n"_s;
    return text;
}

int runCheck(const CommandLine &cl)
{
    QJsonObject out;
    QString text;
    // Every account first (the DAV passwords default to the mail ones), then the checks.
    QList<Endpoint> mail, dav;
    for (Side side : {Side::Source, Side::Target}) {
        if (cl.from.isEmpty())
            break;
        auto e = endpointFor(side, cl);
        if (!e.ok())
            return fail(e.error(), cl.json);
        mail.append(*e);
    }
    for (Side side : {Side::Source, Side::Target}) {
        if (cl.fromDav.isEmpty())
            break;
        auto e = endpointFor(side, cl, true, mail.isEmpty() ? nullptr : mail[side == Side::Source ? 0 : 1].password);
        if (!e.ok())
            return fail(e.error(), cl.json);
        dav.append(*e);
    }
    for (bool isDav : {false, true}) {
        const QList<Endpoint> &accounts = isDav ? dav : mail;
        for (int i = 0; i < accounts.size(); ++i) {
            const Side side = i == 0 ? Side::Source : Side::Target;
            auto inv = takeInventory(accounts[i], side);
            if (!inv.ok())
                return fail(inv.error(), cl.json);
            text += checkText(side, *inv, isDav);
            out.insert(isDav ? (side == Side::Source ? u"sourceDav"_s : u"targetDav"_s)
                             : (side == Side::Source ? u"source"_s : u"target"_s),
                       inv->toJson());
        }
    }
    if (cl.json) {
        out.insert(u"event"_s, u"check"_s);
        printOut(QString::fromUtf8(QJsonDocument(out).toJson(QJsonDocument::Compact)) + u'\n');
    } else {
        printOut(text);
    }
    return 0;
}

} // namespace
} // namespace ferry::cli

int main(int argc, char **argv)
{
    using namespace ferry;
    using namespace ferry::cli;
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"ferry"_s);
    QCoreApplication::setApplicationVersion(u"0.1.0"_s);
    ::umask(077); // state, spool and reports are private to the user
    registerAllConnectors();

    // Commands with their own options (diagnosticscommand.h).
    if (app.arguments().value(1) == u"diagnostics"_s)
        return runDiagnostics(app.arguments().mid(2));
    if (app.arguments().value(1) == u"batch"_s)
        return runBatch(app.arguments().mid(2));

    auto cl = CommandLine::parse(app.arguments());
    if (cl.ok()) {
        if (Error e = cl->resolveProfile())
            cl = e;
    }
    if (!cl.ok()) {
        printErr(cl.error().what);
        const QString hint = cl.error().hint;
        if (!hint.isEmpty())
            std::fprintf(stderr, "%s%s", qPrintable(hint), hint.endsWith(u'\n') ? "" : "\n");
        return 2;
    }
    if (cl->command == u"help"_s) {
        printOut(CommandLine::usage());
        return 0;
    }
    if (cl->command == u"version"_s) {
        printOut(u"ferry-cli 0.1.0\n"_s);
        return 0;
    }
    // Protocol traces for a helpdesk (redacted as they are written; diagnostics/trace.h).
    if (!cl->trace.isEmpty()) {
        QString why;
        if (!diagnostics::Trace::enable(cl->trace, &why)) {
            printErr(u"--trace %1: %2"_s.arg(cl->trace, why));
            return 2;
        }
    }
    if (cl->command == u"check"_s)
        return runCheck(*cl);
    if (cl->command == u"verify"_s)
        return runVerify(*cl);
    if (cl->command == u"archive"_s)
        return runArchiveVerify(*cl);
    return runMigrate(*cl);
}
