#include "batchcommand.h"

#include "batchhosts.h"
#include "batchprogress.h"
#include "batchsummary.h"
#include "batchusers.h"
#include "terminal.h"

#include <engine/migrationengine.h>
#include <engine/migrationoptions.h>
#include <engine/aclidentifiermap.h>
#include <pim/transform/pimtransformer.h>
#include <state/journalfiles.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSet>

#include <atomic>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <list>
#include <mutex>
#include <thread>

using namespace Qt::StringLiterals;

namespace ferry::cli {

namespace {

std::atomic<int> g_batchSignal{0};
void onBatchSignal(int sig) { g_batchSignal = sig; }

const char kUsage[] =
    "usage: ferry-cli batch USERS.csv [--state DIR] [--reports DIR] [--parallel N] [--per-server N]\n"
    "                       [--ca-file PEM]... [--only mail,contacts,calendar,tasks] [--json]\n"
    "\n"
    "Moves several people, each as `ferry-cli migrate` would (the same journal: running the batch\n"
    "again, or migrate for one person, continues where it stopped).\n"
    "\n"
    "USERS.csv (UTF-8, RFC 4180) starts with a header naming its columns:\n"
    "  name,from,to,from_password,to_password[,from_dav,to_dav][,map_address][,only]\n"
    "  from/to: imaps://USER@HOST[:PORT]; from_dav/to_dav: https://USER@HOST[:PORT][/path]\n"
    "  passwords: env:VARNAME, file:/path (first line; chmod 600) or prompt — never the password\n"
    "  map_address: OLD=NEW; only: data types of that person\n"
    "\n"
    "  --state DIR       the journals (default: Ferry's own, as for migrate)\n"
    "  --reports DIR     one NAME.json report per person and summary.json (default ./ferry-batch-reports)\n"
    "  --parallel N      people moved at once (default 2)\n"
    "  --per-server N    connections any one server sees at once, all people together (default 8)\n"
    "  --ca-file PEM     an extra trusted CA (repeatable)\n"
    "  --only TYPES      limit everyone to these data types\n"
    "  --json            one JSON event per line on stdout\n"
    "\n"
    "Exit codes: 0 everyone complete; 1 someone is not (see summary.json); 2 usage; 130 interrupted.\n";

struct BatchArgs {
    QString users;
    QString stateDir;
    QString reportsDir = u"ferry-batch-reports"_s;
    int parallel = 2;
    int perServer = 8;
    QStringList caFiles;
    QStringList only;
    bool json = false;
    bool help = false;
};

int usageError(const QString &message)
{
    std::fprintf(stderr, "ferry-cli batch: %s\n\n%s", qPrintable(message), kUsage);
    return 2;
}

// 0 when parsed, else the exit code (the usage printed).
int parseArgs(const QStringList &args, BatchArgs &a)
{
    for (qsizetype i = 0; i < args.size(); ++i) {
        QString opt = args[i];
        QString value;
        bool hasValue = false;
        if (opt.startsWith(u"--"_s) && opt.contains(u'=')) {
            value = opt.section(u'=', 1);
            opt = opt.section(u'=', 0, 0);
            hasValue = true;
        }
        auto take = [&](QString &out) {
            if (!hasValue) {
                if (i + 1 >= args.size())
                    return false;
                value = args[++i];
            }
            out = value;
            return true;
        };
        auto number = [&](int &out, int max) {
            QString v;
            if (!take(v))
                return false;
            bool ok = false;
            const int n = v.toInt(&ok);
            if (!ok || n < 1 || n > max)
                return false;
            out = n;
            return true;
        };
        if (opt == u"--help"_s || opt == u"-h"_s) {
            a.help = true;
        } else if (opt == u"--json"_s) {
            a.json = true;
        } else if (opt == u"--state"_s) {
            if (!take(a.stateDir))
                return usageError(u"--state needs a directory"_s);
        } else if (opt == u"--reports"_s) {
            if (!take(a.reportsDir))
                return usageError(u"--reports needs a directory"_s);
        } else if (opt == u"--ca-file"_s) {
            QString v;
            if (!take(v))
                return usageError(u"--ca-file needs a file"_s);
            a.caFiles << v;
        } else if (opt == u"--parallel"_s) {
            if (!number(a.parallel, 64))
                return usageError(u"--parallel takes a number from 1 to 64"_s);
        } else if (opt == u"--per-server"_s) {
            if (!number(a.perServer, 256))
                return usageError(u"--per-server takes a number from 1 to 256"_s);
        } else if (opt == u"--only"_s) {
            QString v;
            if (!take(v))
                return usageError(u"--only needs data types"_s);
            for (const QString &t : v.split(u',', Qt::SkipEmptyParts)) {
                if (!dataTypes().contains(t.trimmed()))
                    return usageError(u"--only: unknown data type '%1' (mail, contacts, calendar, tasks)"_s.arg(t));
                a.only << t.trimmed();
            }
        } else if (opt.contains(u"pass"_s, Qt::CaseInsensitive) || opt == u"-p"_s) {
            return usageError(u"passwords are not accepted on the command line; the users file names where "
                              "each one is (env:VAR, file:PATH or prompt)"_s);
        } else if (opt.startsWith(u'-') && opt.size() > 1) {
            return usageError(u"unknown option '%1'"_s.arg(opt));
        } else if (a.users.isEmpty()) {
            a.users = args[i];
        } else {
            return usageError(u"one users file at a time (got '%1' too)"_s.arg(args[i]));
        }
    }
    if (!a.help && a.users.isEmpty())
        return usageError(u"no users file given"_s);
    return 0;
}

bool needsPassword(const Endpoint &e)
{
    return !e.scheme.isEmpty() && e.scheme != u"memory"_s && e.scheme != u"file"_s;
}

// One person's run on its own thread.
struct Run {
    int index = 0;
    QString name;
    int connections = 1;
    HostLoad need;
    std::shared_ptr<StateStore> store;
    std::unique_ptr<MigrationEngine> engine;
    std::thread thread;
    QElapsedTimer clock;
    MigrationReport report;  // set by the thread, under the batch mutex
    bool done = false;       // ditto
};

class Batch {
public:
    Batch(BatchArgs args, QList<BatchPerson> people)
        : m_args(std::move(args))
        , m_people(std::move(people))
        , m_outcomes(m_people.size())
        , m_display(m_args.json ? BatchProgress::Mode::Json
                    : stderrIsTerminal() ? BatchProgress::Mode::Terminal
                                         : BatchProgress::Mode::Log)
    {
    }

    int run();

private:
    void resolvePasswords();
    MigrationOptions optionsFor(int i, int connections) const;
    void settle(int i, const MigrationReport &report, bool started);
    void start(int i, std::list<Run> &runs, HostBudget &budget, const HostLoad &need, int connections);
    QString displayName(int i) const
    {
        const BatchPerson &p = m_people[i];
        return p.name.isEmpty() ? p.label() : p.name;
    }
    bool writeJson(const QString &fileName, const QJsonObject &o);

    BatchArgs m_args;
    QList<BatchPerson> m_people;
    QList<PersonOutcome> m_outcomes;
    QList<std::shared_ptr<const Secret>> m_fromSecret, m_toSecret;
    QHash<int, std::shared_ptr<StateStore>> m_journals;
    BatchProgress m_display;
    std::mutex m_mutex;
    std::condition_variable m_cv;
};

// Every reference read on the main thread before anything starts, prompts one
// after the other; the variables used are then removed from the environment.
void Batch::resolvePasswords()
{
    m_fromSecret.resize(m_people.size());
    m_toSecret.resize(m_people.size());
    QSet<QString> variables;
    for (int i = 0; i < m_people.size(); ++i) {
        BatchPerson &p = m_people[i];
        if (!p.ok())
            continue;
        for (const bool from : {true, false}) {
            const SecretRef &ref = from ? p.fromPassword : p.toPassword;
            if (ref.kind == SecretRef::Kind::Env)
                variables.insert(ref.value);
            const Endpoint &mail = from ? p.source : p.target;
            const Endpoint &dav = from ? p.davSource : p.davTarget;
            const Endpoint &account = p.hasMail() ? mail : dav;
            if (!needsPassword(mail) && !needsPassword(dav))
                continue;
            const QString column = from ? u"from_password"_s : u"to_password"_s;
            const QString prompt = u"Password for %1, %2 account %3 (row %4): "_s.arg(displayName(i),
                                                                                  from ? u"old"_s : u"new"_s,
                                                                                  account.display())
                                       .arg(p.line);
            auto secret = resolveSecret(ref, column, prompt, promptPassword);
            if (!secret.ok()) {
                const Error &e = secret.error();
                p.problems << (e.hint.isEmpty() ? e.what : e.what + u" ("_s + e.hint + u')');
                continue;
            }
            (from ? m_fromSecret : m_toSecret)[i] = *secret;
        }
    }
    for (const QString &v : std::as_const(variables))
        qunsetenv(v.toLatin1().constData()); // not handed on to anything we might start
}

MigrationOptions Batch::optionsFor(int i, int connections) const
{
    const BatchPerson &p = m_people[i];
    MigrationOptions o;
    auto account = [&](Endpoint e, const std::shared_ptr<const Secret> &secret) {
        if (e.scheme.isEmpty())
            return e;
        e.tls.caFiles = m_args.caFiles;
        if (needsPassword(e))
            e.password = secret;
        return e;
    };
    o.source = account(p.source, m_fromSecret[i]);
    o.target = account(p.target, m_toSecret[i]);
    o.davSource = account(p.davSource, m_fromSecret[i]);
    o.davTarget = account(p.davTarget, m_toSecret[i]);
    o.only = p.only;
    o.transformer = std::make_shared<PimTransformer>(p.addresses);
    o.mapIdentifier = aclIdentifierMap(p.addresses);
    o.connections = connections;
    o.kind = u"migrate"_s;
    return o;
}

bool Batch::writeJson(const QString &fileName, const QJsonObject &o)
{
    const QString path = QDir(m_args.reportsDir).filePath(fileName);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        m_display.note(u"cannot write %1: %2"_s.arg(path, f.errorString()), u"error"_s);
        return false;
    }
    f.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    f.write(QJsonDocument(o).toJson());
    return true;
}

// A person is done (or will not run): the report written, the outcome kept and shown.
void Batch::settle(int i, const MigrationReport &report, bool started)
{
    const BatchPerson &p = m_people[i];
    PersonOutcome o = PersonOutcome::from(report);
    o.name = p.name;
    o.line = p.line;
    o.started = started;
    const QString file = (p.reportName.isEmpty() ? u"row-%1"_s.arg(p.line) : p.reportName) + u".json"_s;
    if (writeJson(file, report.toJson()))
        o.report = file;
    m_outcomes[i] = o;
    if (!p.ok() && !m_args.json)
        m_display.note(p.problemText(), u"error"_s);
    else
        m_display.finished(displayName(i), o);
}

void Batch::start(int i, std::list<Run> &runs, HostBudget &budget, const HostLoad &need, int connections)
{
    Run &r = runs.emplace_back();
    r.index = i;
    r.name = displayName(i);
    r.connections = connections;
    r.need = need;
    budget.take(need);
    const MigrationOptions options = optionsFor(i, connections);
    r.store = m_journals.value(i);
    r.engine = std::make_unique<MigrationEngine>(options, r.store);
    const QString name = r.name;
    r.engine->setProgressSink([this, name](const ProgressEvent &e) { m_display.progress(name, e); });
    m_display.started(name, connections);
    r.clock.start();
    r.thread = std::thread([this, &r] {
        MigrationReport report = r.engine->run();
        {
            std::lock_guard lock(m_mutex);
            r.report = std::move(report);
            r.done = true;
        }
        m_cv.notify_all();
    });
}

int Batch::run()
{
    QElapsedTimer clock;
    clock.start();
    resolvePasswords();

    if (!QDir().mkpath(m_args.reportsDir)) {
        std::fprintf(stderr, "ferry-cli batch: cannot create the reports directory %s\n", qPrintable(m_args.reportsDir));
        return 2;
    }
    const QString stateDir = m_args.stateDir.isEmpty() ? defaultStateDirectory() : m_args.stateDir;

    // How many people use each server, for every run's share of connections.
    HostLoad sharing;
    QList<HostLoad> accounts(m_people.size());
    for (int i = 0; i < m_people.size(); ++i) {
        const BatchPerson &p = m_people[i];
        if (!p.ok())
            continue;
        accounts[i] = accountsPerHost({p.source, p.target, p.davSource, p.davTarget});
        for (auto it = accounts[i].cbegin(); it != accounts[i].cend(); ++it)
            ++sharing[it.key()];
    }

    // Broken rows are settled first; the journals are all opened here, on this
    // thread, before any run starts (opening one clears the shared spool of
    // leftovers, which must not happen under a running engine).
    QList<int> queue;
    for (int i = 0; i < m_people.size(); ++i) {
        const BatchPerson &p = m_people[i];
        if (!p.ok()) {
            MigrationReport r;
            r.source = p.hasMail() ? p.source.display() : p.davSource.display();
            r.target = p.hasMail() ? p.target.display() : p.davTarget.display();
            r.fatal = Error::make(ErrorCode::Usage, p.problemText(), {},
                                  u"fix the row in the users file and run the batch again"_s);
            settle(i, r, false);
            continue;
        }
        const MigrationOptions o = optionsFor(i, 1);
        auto store = openPairJournal(stateDir, o.journalSource(), o.journalTarget(), false);
        if (!store.ok()) {
            MigrationReport r;
            r.source = o.journalSource().display();
            r.target = o.journalTarget().display();
            r.fatal = store.error();
            settle(i, r, false);
            continue;
        }
        m_journals.insert(i, *store);
        queue.append(i);
    }

    std::signal(SIGINT, onBatchSignal);
    std::signal(SIGTERM, onBatchSignal);
    HostBudget budget(m_args.perServer);
    std::list<Run> runs;
    bool interrupted = false;
    for (;;) {
        if (g_batchSignal && !interrupted) {
            interrupted = true;
            m_display.note(u"interrupted: stopping every run; what was copied is recorded"_s, u"interrupted"_s);
            for (Run &r : runs)
                r.engine->cancel();
            // A second Ctrl-C ends the process at once (the journals stay consistent:
            // every write is a committed transaction).
            std::signal(SIGINT, SIG_DFL);
        }
        if (!interrupted) {
            for (auto it = queue.begin(); it != queue.end() && int(runs.size()) < m_args.parallel;) {
                const int i = *it;
                const int connections = connectionsFor(accounts[i], sharing, m_args.parallel, m_args.perServer);
                HostLoad need = accounts[i];
                for (auto n = need.begin(); n != need.end(); ++n)
                    n.value() *= connections;
                if (!budget.fits(need)) {
                    ++it;
                    continue;
                }
                it = queue.erase(it);
                start(i, runs, budget, need, connections);
            }
        }
        // Collect the finished runs.
        for (auto it = runs.begin(); it != runs.end();) {
            bool done;
            {
                std::lock_guard lock(m_mutex);
                done = it->done;
            }
            if (!done) {
                ++it;
                continue;
            }
            it->thread.join();
            budget.release(it->need);
            MigrationReport report = std::move(it->report);
            if (report.seconds <= 0)
                report.seconds = it->clock.elapsed() / 1000.0;
            const int index = it->index;
            it = runs.erase(it); // the engine goes before its journal is let go
            m_journals.remove(index);
            settle(index, report, true);
        }
        if (runs.empty() && (queue.isEmpty() || interrupted))
            break;
        std::unique_lock lock(m_mutex);
        m_cv.wait_for(lock, std::chrono::milliseconds(50), [&] {
            for (const Run &r : runs)
                if (r.done)
                    return true;
            return false;
        });
    }
    for (int i : std::as_const(queue)) {
        PersonOutcome o;
        o.name = m_people[i].name;
        o.line = m_people[i].line;
        o.exitCode = 130;
        o.reason = u"not started: the batch was interrupted"_s;
        m_outcomes[i] = o;
    }
    m_display.clear();

    const int exitCode = batchExitCode(m_outcomes, interrupted);
    const double seconds = clock.elapsed() / 1000.0;
    const QJsonObject summary = summaryJson(m_outcomes, exitCode, seconds, QFileInfo(m_args.users).absoluteFilePath());
    writeJson(u"summary.json"_s, summary);
    if (m_args.json) {
        QJsonObject o = summary;
        o.insert(u"event"_s, u"summary"_s);
        m_display.json(o);
    } else {
        const QByteArray table = formatSummaryTable(m_outcomes, exitCode).toUtf8();
        std::fputs(table.constData(), stdout);
        std::fflush(stdout);
    }
    if (interrupted)
        std::fprintf(stderr, "ferry-cli batch: interrupted; everything copied so far is recorded — run the same "
                             "batch again to continue\n");
    return exitCode;
}

} // namespace

int runBatch(const QStringList &args)
{
    BatchArgs a;
    if (const int code = parseArgs(args, a))
        return code;
    if (a.help) {
        std::fputs(kUsage, stdout);
        return 0;
    }
    QFile f(a.users);
    if (!f.open(QIODevice::ReadOnly))
        return usageError(u"cannot read %1: %2"_s.arg(a.users, f.errorString()));
    auto people = parseBatchUsers(f.readAll(), a.only);
    if (!people.ok()) {
        std::fprintf(stderr, "ferry-cli batch: %s: %s\n  what to do: %s\n", qPrintable(a.users),
                     qPrintable(people.error().what), qPrintable(people.error().hint));
        return 2;
    }
    if (people->isEmpty())
        return usageError(u"%1 names nobody (a header and no rows)"_s.arg(a.users));
    Batch batch(std::move(a), std::move(*people));
    return batch.run();
}

} // namespace ferry::cli
