#include "migrationengine.h"

#include "../connector/connectorregistry.h"
#include "aclpass.h"
#include "enginecontext.h"
#include "foldermapper.h"
#include "collectionmapper.h"
#include "collectionpass.h"
#include "folderpass.h"
#include "reconciler.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QScopeGuard>
#include <QSet>
#include <QUrl>

#include <algorithm>
#include <atomic>
#include <deque>
#include <optional>
#include <thread>

namespace ferry {

struct MigrationEngine::Worker {
    ConnectorPtr src;
    ConnectorPtr tgt;
};

namespace {

// Errors after which going on with other folders makes no sense.
bool isFatal(const Error &e)
{
    switch (e.code) {
    case ErrorCode::NotFound:
    case ErrorCode::Rejected:
    case ErrorCode::Protocol:
    case ErrorCode::ReadOnly:
    case ErrorCode::TooBig:
    case ErrorCode::Precondition:
    case ErrorCode::Damaged:
        return false;
    default:
        return true;
    }
}

} // namespace

MigrationEngine::MigrationEngine(MigrationOptions options, std::shared_ptr<StateStore> store)
    : m_options(std::move(options))
    , m_store(std::move(store))
{
}

MigrationEngine::~MigrationEngine() = default;

void MigrationEngine::setProgressSink(ProgressTracker::Sink sink) { m_sink = std::move(sink); }

void MigrationEngine::cancel()
{
    if (m_ctx)
        m_ctx->cancel();
}

void MigrationEngine::setPaused(bool paused)
{
    if (m_ctx)
        m_ctx->setPaused(paused);
}

Error MigrationEngine::connectPair(Connector &src, Connector &tgt)
{
    // Both TLS handshakes at once: at 30 ms RTT that is several round trips saved.
    Error tgtError;
    std::thread t([&] {
        if (!tgt.isConnected())
            tgtError = tgt.connect().withSide(Side::Target);
    });
    Error srcError;
    if (!src.isConnected())
        srcError = src.connect().withSide(Side::Source);
    t.join();
    return srcError ? srcError : tgtError;
}

void MigrationEngine::noteInterruption(const Error &e, int waitMs)
{
    std::lock_guard lock(m_interruptionMutex);
    (e.side == Side::Source ? m_interruptions.source : e.side == Side::Target ? m_interruptions.target
                                                                             : m_interruptions.other)++;
    if (waitMs >= 0) {
        ++m_interruptions.reconnects;
        m_interruptions.waitedSeconds += waitMs / 1000.0;
    }
}

Error MigrationEngine::retrying(Worker &w, const QString &name, const std::function<Error()> &attempt,
                                const std::function<quint64()> &progress)
{
    int backoff = m_options.firstBackoffMs;
    // The budget counts faults in a row without progress. Counting every fault of
    // a folder instead would give up on a long copy over a line that drops every
    // few hundred KB although each attempt moved it on (and the journal makes a
    // retry cost only a re-plan); a fault with no progress in between still ends
    // the pass after maxRetries reconnects. Bounded either way: the measure grows
    // only with items done, which are finite.
    quint64 best = 0;
    for (int n = 0;; ++n) {
        Error e;
        if (!w.src->isConnected() || !w.tgt->isConnected())
            e = connectPair(*w.src, *w.tgt);
        if (!e)
            e = attempt();
        if (!e.isTransient())
            return e;
        if (progress) {
            if (const quint64 done = progress(); done > best) {
                best = done;
                n = 0;
                backoff = m_options.firstBackoffMs;
            }
        }
        if (n >= m_options.maxRetries) {
            noteInterruption(e, -1);
            e.hint = QStringLiteral("gave up after %1 reconnects in a row that made no progress; everything copied so "
                                    "far is recorded — run the same command again to resume")
                         .arg(n);
            return e;
        }
        noteInterruption(e, backoff);
        m_progress->warning(name, QStringLiteral("connection lost: %1; reconnecting in %2 s (attempt %3 of %4)")
                                      .arg(e.toString()).arg(backoff / 1000.0).arg(n + 1).arg(m_options.maxRetries));
        // A fault leaves a protocol stream in an unknown place: start both afresh.
        w.src->disconnect();
        w.tgt->disconnect();
        for (int slept = 0; slept < backoff; slept += 50) {
            if (m_ctx->cancelled || m_ctx->stopped)
                return m_ctx->checkpoint();
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        backoff = std::min(backoff * 2, m_options.maxBackoffMs);
    }
}

namespace {
// What the earlier attempts of a retried pass wrote, so that the report of a copy
// over a line that dropped now and then shows all of it, not the last attempt's
// part. A folder pass counts the items an earlier attempt of the same pass copied
// itself (the journal's pass id), but not their bytes; a collection pass counts
// them as already there. settle() turns an attempt's own report into the pass's
// so far (whether or not another attempt follows) and remembers its own part.
struct EarlierAttempts {
    bool countsOwnCopies = false; // FolderPass: copied already includes earlier attempts
    quint64 copied = 0, updated = 0, bytes = 0;
    void settle(FolderReport &r)
    {
        const FolderReport own = r;
        r.bytes += bytes;
        bytes += own.bytes;
        if (countsOwnCopies)
            return;
        const quint64 moved = std::min(r.alreadyThere, copied + updated);
        r.alreadyThere -= moved;
        r.copied += copied;
        r.updated += updated;
        copied += own.copied;
        updated += own.updated;
    }
};
} // namespace

Error MigrationEngine::runFolder(Worker &w, const FolderMapping &m, FolderReport &out,
                                 QList<ItemFailure> &failures, QStringList &warnings)
{
    EarlierAttempts earlier;
    earlier.countsOwnCopies = true;
    return retrying(
        w, m.source.ref.display(),
        [&]() -> Error {
            FolderPass pass(*m_ctx, *w.src, *w.tgt, m);
            const Error e = pass.run();
            out = pass.report;
            failures = pass.failures;
            warnings = pass.warnings;
            earlier.settle(out);
            return e;
        },
        [&] { return out.copied + out.alreadyThere + out.failed + out.flagsUpdated; });
}

MigrationReport MigrationEngine::run()
{
    QElapsedTimer clock;
    clock.start();
    m_progress = std::make_unique<ProgressTracker>(m_sink);
    m_ctx = std::make_unique<EngineContext>(m_options, m_store, *m_progress);
    EngineContext &ctx = *m_ctx;
    {
        std::lock_guard lock(m_interruptionMutex);
        m_interruptions = {};
    }

    MigrationReport report;
    const bool mail = !m_options.source.scheme.isEmpty();
    const bool dav = !m_options.davSource.scheme.isEmpty();
    report.source = (mail ? m_options.source : dav || m_options.fileSources.isEmpty() ? m_options.davSource
                                                                                      : m_options.fileSources.first())
                        .display();
    report.target = (mail ? m_options.target : m_options.davTarget).display();
    report.kind = m_options.kind;
    report.dryRun = m_options.dryRun;
    if (mail)
        report.mailWindow = m_options.mailWindow.toString();

    std::deque<Worker> workers(1); // deque: growing it keeps `first` valid
    auto finish = [&](Error fatal) {
        report.fatal = fatal;
        {
            std::lock_guard lock(m_interruptionMutex);
            report.interruptions = m_interruptions;
        }
        report.seconds = clock.elapsed() / 1000.0;
        if (ctx.passId && !ctx.stopped) {
            PassRecord pr;
            pr.id = ctx.passId;
            pr.kind = m_options.kind;
            pr.itemsCopied = report.totalCopied();
            pr.itemsMatched = report.totalAlreadyThere();
            pr.itemsFailed = report.totalFailed();
            pr.flagsUpdated = report.totalFlagsUpdated();
            pr.bytesCopied = report.totalBytes();
            for (const FolderReport &f : std::as_const(report.folders)) {
                QJsonObject t = pr.perType.value(f.dataType).toObject();
                auto add = [&t](const char *key, quint64 n) {
                    t.insert(QLatin1String(key), t.value(QLatin1String(key)).toInteger() + qint64(n));
                };
                add("copied", f.copied);
                add("alreadyThere", f.alreadyThere);
                add("failed", f.failed);
                add("bytes", f.bytes);
                pr.perType.insert(f.dataType, t);
            }
            pr.outcome = fatal ? QStringLiteral("error: ") + fatal.toString()
                               : report.failures.isEmpty() ? QStringLiteral("ok") : QStringLiteral("partial");
            ctx.commit([&] { return m_store->finishPass(pr); });
        }
        for (Worker &w : workers) {
            if (w.src)
                w.src->disconnect();
            if (w.tgt)
                w.tgt->disconnect();
        }
        m_progress->finished();
        return report;
    };

    Error fatal;
    if (!m_options.source.scheme.isEmpty() && wants(QStringLiteral("mail")))
        fatal = runMail(report, workers);
    if (!fatal && !ctx.stopped && !m_options.davSource.scheme.isEmpty())
        fatal = runCollections(report, m_options.davSource);
    for (const Endpoint &file : m_options.fileSources) {
        if (fatal || ctx.stopped)
            break;
        fatal = runCollections(report, file);
    }
    if (ctx.stopped && !fatal)
        fatal = EngineContext::crashed();
    // The cutover pass proves its result: both sides compared, what is still
    // missing named (with the journal's reason).
    if (!fatal && !ctx.cancelled && !m_options.dryRun && m_options.kind == QLatin1String("final")) {
        m_progress->setPhase(QStringLiteral("verifying"));
        for (Worker &w : workers) {
            if (w.src)
                w.src->disconnect();
            if (w.tgt)
                w.tgt->disconnect();
        }
        report.verify = Reconciler(m_options, m_store).run();
    }
    return finish(fatal);
}

Error MigrationEngine::beginPass(MigrationReport &report)
{
    if (m_options.dryRun || m_ctx->passId)
        return {};
    Result<quint64> pass = m_store->beginPass(m_options.kind);
    if (!pass.ok())
        return pass.error();
    m_ctx->passId = *pass;
    report.passId = m_ctx->passId;
    return {};
}

bool MigrationEngine::wants(const QString &dataType) const
{
    return m_options.only.isEmpty() || m_options.only.contains(dataType);
}

Error MigrationEngine::runMail(MigrationReport &report, std::deque<Worker> &workers)
{
    EngineContext &ctx = *m_ctx;
    Error err;
    Worker &first = workers[0];
    first.src = ConnectorRegistry::create(m_options.source, &err);
    if (!first.src)
        return err.withSide(Side::Source);
    first.tgt = ConnectorRegistry::create(m_options.target, &err);
    if (!first.tgt)
        return err.withSide(Side::Target);
    first.src->setReadOnly(true);
    if (m_options.dryRun)
        first.tgt->setReadOnly(true);

    QList<FolderMapping> mappings;
    QList<FolderReport> reports;
    QList<bool> usable;
    QList<int> work;
    QStringList planWarnings;
    QList<ItemFailure> planFailures;
    QHash<FolderRef, FolderState> targetStates;
    QHash<int, quint64> countAtLastPass; // work folder -> source count the journal knew
    QSet<QString> sourceNames;           // every folder the source lists (display form)

    // Connect, list, map, create folders, STATUS: retried as a whole on a network fault.
    auto prepare = [&]() -> Error {
        mappings.clear();
        reports.clear();
        usable.clear();
        work.clear();
        countAtLastPass.clear();
        planWarnings.clear();
        planFailures.clear();
        m_progress->setPhase(QStringLiteral("connecting"));
        if (Error e = connectPair(*first.src, *first.tgt))
            return e;
        if (Error e = beginPass(report))
            return e;

        m_progress->setPhase(QStringLiteral("planning"));
        // Both sides list at once; the source goes straight on to one pipelined
        // STATUS burst, which tells which folders changed since the last pass.
        // The target also counts its folders now (for the report), so a pass with
        // nothing to do needs no round trip at the end.
        std::optional<Result<QList<FolderInfo>>> tf;
        targetStates.clear();
        std::thread targetList([&] {
            tf = first.tgt->listFolders();
            if (tf->ok()) {
                QList<FolderRef> refs;
                for (const FolderInfo &f : **tf)
                    if (f.selectable && !FolderMapper::isForeign(f))
                        refs.append(f.ref);
                auto st = first.tgt->folderStates(refs);
                if (st.ok())
                    targetStates = *st;
            }
        });
        auto sf = first.src->listFolders();
        std::optional<Result<QHash<FolderRef, FolderState>>> states;
        if (sf.ok()) {
            // Other users' and shared folders only with includeShared (FolderMapper).
            QList<FolderRef> selectable;
            for (const FolderInfo &f : *sf)
                if (f.selectable && (m_options.includeShared || !FolderMapper::isForeign(f)))
                    selectable.append(f.ref);
            states = first.src->folderStates(selectable);
        }
        targetList.join();
        if (!sf.ok())
            return sf.error().withSide(Side::Source);
        sourceNames.clear();
        for (const FolderInfo &f : std::as_const(*sf))
            sourceNames.insert(f.ref.display());
        if (!states->ok())
            return states->error().withSide(Side::Source);
        if (!tf->ok())
            return tf->error().withSide(Side::Target);
        QList<FolderInfo> chosen;
        for (const FolderInfo &f : std::as_const(*sf))
            if (!m_options.skipFolders.contains(f.ref.display()))
                chosen.append(f);
        mappings = FolderMapper::map(chosen, **tf, m_options.folderRules, m_options.includeShared);
        std::sort(mappings.begin(), mappings.end(),
                  [](const FolderMapping &a, const FolderMapping &b) { return a.source.ref < b.source.ref; });

        reports.resize(mappings.size());
        usable.fill(true, mappings.size());
        for (int i = 0; i < mappings.size(); ++i) {
            FolderMapping &m = mappings[i];
            reports[i].source = m.source.ref.display();
            reports[i].target = m.target.display();
            if (!m.note.isEmpty())
                planWarnings << QStringLiteral("%1 → %2: %3").arg(reports[i].source, reports[i].target, m.note);
            if (!m.source.selectable) {
                usable[i] = false; // a container; created implicitly with its children
                continue;
            }
            if (!m.targetExists) {
                reports[i].created = true; // (would be) created; undone below if refused
                if (!m_options.dryRun) {
                    FolderInfo info;
                    info.ref = m.target;
                    info.specialUse = m.createWithUse;
                    if (Error e = first.tgt->createFolder(info)) {
                        if (isFatal(e))
                            return e.withSide(Side::Target);
                        usable[i] = false;
                        reports[i].created = false;
                        ItemFailure f;
                        f.folder = reports[i].source;
                        f.reason = QStringLiteral("the target refused to create folder %1; its %2 messages were not copied "
                                                  "(give it another name on the target, or leave it out)")
                                       .arg(reports[i].target)
                                       .arg(states->value().value(m.source.ref).count);
                        f.serverText = e.serverText;
                        f.code = e.code;
                        planFailures.append(f);
                        continue;
                    }
                }
            }
            if (m.subscribeOnTarget && !m_options.dryRun) {
                if (Error e = first.tgt->setSubscribed(m.target, true)) {
                    if (e.isTransient())
                        return e.withSide(Side::Target);
                    planWarnings << QStringLiteral("%1: could not subscribe on the target: %2").arg(reports[i].target, e.toString());
                }
            }
        }

        for (int i = 0; i < mappings.size(); ++i) {
            if (!usable[i])
                continue;
            const FolderMapping &m = mappings[i];
            const FolderState s = states->value().value(m.source.ref);
            const auto rec = m_store->folder(reports[i].source);
            reports[i].sourceCount = s.count;
            const bool unchanged = rec && rec->complete && m.targetExists && s.validity
                && rec->sourceValidity == s.validity && rec->sourceNextId == s.nextId && rec->sourceCount == s.count
                && s.changeToken && rec->sourceChangeToken == s.changeToken
                && DateWindow::recordedCovers(rec->dateWindow, m_options.mailWindow);
            if (unchanged) {
                reports[i].skippedUnchanged = true;
                reports[i].outsideWindow = std::min(rec->outsideWindow, rec->sourceCount);
                reports[i].alreadyThere = rec->sourceCount - reports[i].outsideWindow;
                continue;
            }
            work.append(i);
            countAtLastPass.insert(i, rec ? rec->sourceCount : 0);
        }
        return {};
    };
    for (int attempt = 0, backoff = m_options.firstBackoffMs;; ++attempt) {
        const Error e = prepare();
        if (!e)
            break;
        if (!e.isTransient() || attempt >= m_options.maxRetries) {
            if (e.isTransient())
                noteInterruption(e, -1);
            return e;
        }
        noteInterruption(e, backoff);
        m_progress->warning({}, QStringLiteral("connection lost: %1; reconnecting in %2 s").arg(e.toString()).arg(backoff / 1000.0));
        first.src->disconnect();
        first.tgt->disconnect();
        for (int slept = 0; slept < backoff && !ctx.cancelled; slept += 50)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (ctx.cancelled)
            return ctx.checkpoint();
        backoff = std::min(backoff * 2, m_options.maxBackoffMs);
    }
    report.warnings += planWarnings;
    report.failures += planFailures;
    // A folder an earlier pass copied that the source no longer lists (deleted or
    // renamed there): said once per pass, and never acted on — the target keeps it.
    for (const FolderRecord &r : m_store->folders()) {
        if (r.sourceFolder.startsWith(QLatin1String("dav:")) || sourceNames.contains(r.sourceFolder))
            continue;
        report.warnings << QStringLiteral("%1: copied by an earlier pass, no longer on the source (deleted or renamed "
                                          "there?); nothing was deleted on the target, its copy in %2 stays")
                               .arg(r.sourceFolder, r.targetFolder);
    }
    for (int i : std::as_const(work)) {
        const quint64 before = countAtLastPass.value(i);
        m_progress->expectFolder(reports[i].source, reports[i].sourceCount > before ? reports[i].sourceCount - before : 0);
    }
    // Largest folders first: the pass ends when the last big one does.
    std::stable_sort(work.begin(), work.end(),
                     [&](int a, int b) { return reports[a].sourceCount > reports[b].sourceCount; });

    m_progress->setPhase(QStringLiteral("copying"));
    const int n = std::max(1, std::min<int>(m_options.connections, work.size()));
    workers.resize(n);
    std::atomic<int> next{0};
    std::mutex resultMutex;
    Error fatal;
    auto body = [&](Worker &w) {
        while (!ctx.stopped && !ctx.cancelled) {
            const int k = next++;
            if (k >= work.size())
                break;
            const int i = work[k];
            if (!w.src) {
                Error ce;
                w.src = ConnectorRegistry::create(m_options.source, &ce);
                w.tgt = ConnectorRegistry::create(m_options.target, &ce);
                w.src->setReadOnly(true);
                if (m_options.dryRun)
                    w.tgt->setReadOnly(true);
            }
            FolderReport fr = reports[i];
            QList<ItemFailure> fl;
            QStringList wn;
            const Error e = runFolder(w, mappings[i], fr, fl, wn);
            std::lock_guard lock(resultMutex);
            fr.created = reports[i].created;
            reports[i] = fr;
            report.failures += fl;
            report.warnings += wn;
            if (e) {
                if (!isFatal(e)) {
                    ItemFailure f;
                    f.folder = reports[i].source;
                    f.reason = e.what;
                    f.serverText = e.serverText;
                    f.code = e.code;
                    report.failures.append(f);
                    continue;
                }
                if (e.code == ErrorCode::Cancelled && ctx.stopped && !ctx.cancelled)
                    break; // a simulated crash: report nothing more
                if (!fatal)
                    fatal = e;
                ctx.stopped = e.code != ErrorCode::Cancelled;
                if (e.code == ErrorCode::Cancelled)
                    ctx.cancel();
                break;
            }
            m_progress->folderDone(reports[i].source);
        }
    };
    std::vector<std::thread> threads;
    for (int j = 1; j < n; ++j)
        threads.emplace_back(body, std::ref(workers[j]));
    body(workers[0]);
    for (auto &t : threads)
        t.join();

    if (ctx.stopped && !fatal)
        return EngineContext::crashed();
    // Access rights of the person's own folders (AclPass), after the messages: the
    // people an ACL names then find the folder complete, and a folder whose copy
    // stopped on a fatal error is not shared at all. Runs for every usable folder,
    // also the unchanged ones, because rights change without messages changing;
    // an unchanged ACL costs GETACL on both sides and nothing more. Other users' and
    // shared folders are the person's own on the target: their ACL is not copied.
    auto copyAcls = [&](Worker &w) -> Error {
        if (Error e = retrying(w, QStringLiteral("access rights"), [] { return Error{}; }))
            return e; // (re)connects both sides
        const bool srcAcl = w.src->capabilities().acl;
        const bool tgtAcl = w.tgt->capabilities().acl;
        if (!srcAcl)
            return {};
        if (!tgtAcl) {
            report.warnings << QStringLiteral("the source keeps access rights on folders (ACL) but the target does not "
                                              "offer them: who else could read your folders was not copied");
            return {};
        }
        AclPassOptions o;
        o.sourceUser = m_options.source.user;
        o.targetUser = m_options.target.user;
        o.mapIdentifier = m_options.mapIdentifier;
        o.dryRun = m_options.dryRun;
        for (int i = 0; i < mappings.size(); ++i) {
            const FolderMapping &m = mappings[i];
            if (!usable[i] || FolderMapper::isForeign(m.source))
                continue;
            if (m_ctx->cancelled || m_ctx->stopped)
                return m_ctx->checkpoint();
            o.targetExists = m.targetExists || !m_options.dryRun;
            quint64 set = 0;
            QStringList warnings;
            const Error e = retrying(w, m.source.ref.display(), [&]() -> Error {
                AclPass pass(*w.src, *w.tgt, m.source.ref, m.target, o);
                const Error pe = pass.run();
                set = pass.entriesSet;
                warnings = pass.warnings;
                return pe;
            });
            reports[i].aclEntries = set;
            report.warnings += warnings;
            if (e)
                return e;
        }
        return {};
    };
    if (!fatal && !ctx.cancelled)
        fatal = copyAcls(first);
    if (ctx.stopped && !fatal)
        return EngineContext::crashed();

    // Target counts for the report: from the STATUS burst at the start, and a new
    // burst only for the folders this pass wrote to.
    if (!m_options.dryRun && first.tgt->isConnected()) {
        QList<FolderRef> trefs;
        for (int i : std::as_const(work))
            trefs.append(mappings[i].target);
        if (!trefs.isEmpty()) {
            auto ts = first.tgt->folderStates(trefs);
            if (ts.ok())
                targetStates.insert(*ts);
        }
    }
    for (int i = 0; i < mappings.size(); ++i)
        if (usable[i])
            reports[i].targetCount = targetStates.value(mappings[i].target).count;
    for (int i = 0; i < mappings.size(); ++i)
        if (usable[i] || reports[i].created)
            report.folders.append(reports[i]);
    return fatal;
}

Error MigrationEngine::runCollections(MigrationReport &report, const Endpoint &source)
{
    EngineContext &ctx = *m_ctx;
    Worker w;
    Error err;
    w.src = ConnectorRegistry::create(source, &err);
    if (!w.src)
        return err.withSide(Side::Source);
    w.tgt = ConnectorRegistry::create(m_options.davTarget, &err);
    if (!w.tgt)
        return err.withSide(Side::Target);
    w.src->setReadOnly(true);
    if (m_options.dryRun)
        w.tgt->setReadOnly(true);
    IdentityTransformer identity;
    ItemTransformer &transformer = m_options.transformer ? *m_options.transformer : identity;
    const auto done = qScopeGuard([&] {
        w.src->disconnect();
        w.tgt->disconnect();
    });

    QList<CollectionMapping> mappings;
    QSet<QString> listedKeys; // journal keys of every collection the source lists
    m_progress->setPhase(QStringLiteral("planning"));
    Error e = retrying(w, QStringLiteral("contacts and calendars"), [&]() -> Error {
        if (Error b = beginPass(report))
            return b;
        auto sf = w.src->listFolders();
        if (!sf.ok())
            return sf.error().withSide(Side::Source);
        auto tf = w.tgt->listFolders();
        if (!tf.ok())
            return tf.error().withSide(Side::Target);
        for (const QString &n : w.src->notices())
            report.warnings << QStringLiteral("%1: %2").arg(w.src->describe(), n);
        QList<FolderInfo> wanted;
        for (const FolderInfo &f : std::as_const(*sf))
            if (wants(collectionDataType(f)) && !m_options.skipCollections.contains(f.ref.display()))
                wanted.append(f);
        mappings = CollectionMapper::map(wanted, *tf);
        listedKeys.clear();
        for (const FolderInfo &f : std::as_const(*sf))
            listedKeys.insert(CollectionPass::stateKey(f));
        return {};
    });
    if (e)
        return e;
    // Collections an earlier pass copied from this account (same home) that it no
    // longer lists: said, never acted on — the target keeps them. Not for files
    // given on the command line: each run names its own, that is not a listing.
    const auto homeOf = [](const QString &k) { return k.left(k.lastIndexOf(QLatin1Char('/'), k.size() - 2) + 1); };
    QSet<QString> homes;
    if (source.scheme != QLatin1String("file"))
        for (const QString &k : std::as_const(listedKeys))
            if (homeOf(k).startsWith(QLatin1String("dav:/")))
                homes.insert(homeOf(k));
    for (const FolderRecord &r : m_store->folders()) {
        if (homes.isEmpty())
            break;
        const QString &k = r.sourceFolder;
        if (!k.startsWith(QLatin1String("dav:")) || listedKeys.contains(k) || !homes.contains(homeOf(k)))
            continue;
        report.warnings << QStringLiteral("%1: copied by an earlier pass, no longer on the source (deleted or renamed "
                                          "there?); nothing was deleted on the target, its copy stays")
                               .arg(QUrl::fromPercentEncoding(k.mid(4).toUtf8()));
    }

    m_progress->setPhase(QStringLiteral("copying"));
    for (const CollectionMapping &m : std::as_const(mappings)) {
        if (ctx.stopped || ctx.cancelled)
            break;
        FolderReport fr;
        QList<ItemFailure> fl;
        QStringList wn;
        const QString name = m.source.collection.displayName.isEmpty() ? m.source.ref.display()
                                                                       : m.source.collection.displayName;
        EarlierAttempts earlier;
        e = retrying(
            w, name,
            [&]() -> Error {
                CollectionPass pass(ctx, *w.src, *w.tgt, m, transformer);
                const Error pe = pass.run();
                fr = pass.report;
                fl = pass.failures;
                wn = pass.warnings;
                earlier.settle(fr);
                return pe;
            },
            [&] { return fr.copied + fr.alreadyThere + fr.updated + fr.conflicts + fr.failed; });
        report.failures += fl;
        report.warnings += wn;
        if (e && !isFatal(e)) {
            ItemFailure f;
            f.folder = fr.source.isEmpty() ? name : fr.source;
            f.reason = e.what;
            f.serverText = e.serverText;
            f.code = e.code;
            report.failures.append(f);
            e = {};
        }
        if (e) {
            if (e.code == ErrorCode::Cancelled && ctx.stopped && !ctx.cancelled)
                return {}; // a simulated crash: report nothing more
            if (fr.copied || fr.updated || fr.failed || fr.alreadyThere)
                report.folders.append(fr); // what it did before the stop (a full target) counts
            return e;
        }
        report.folders.append(fr);
    }
    return {};
}

} // namespace ferry
