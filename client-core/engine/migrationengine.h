// Runs a migration pass: mail (IMAP), then contacts, calendars and tasks (DAV,
// files) when those endpoints are set. Mail: connects both sides, maps folders, finds what changed
// (one pipelined STATUS burst: an unchanged folder costs nothing), then copies
// folders in parallel over `connections` connection pairs, each folder a
// FolderPass, with reconnect and bounded exponential backoff on network faults
// (the budget, maxRetries, counts faults in a row without progress: a long copy
// over a line that drops every few minutes gets to the end; a server gone for
// good stops the pass). Every fault is counted in MigrationReport::interruptions.
// Collections: lists and maps them (CollectionMapper), then one CollectionPass
// each, with the same reconnect rules (a DAV connector runs its requests in
// parallel itself).
// Blocking; call from a worker thread in a GUI. cancel()/setPaused() are
// thread-safe.
#pragma once

#include "../connector/connector.h"
#include "../state/statestore.h"
#include "migrationoptions.h"
#include "migrationreport.h"
#include "progress.h"

#include <deque>
#include <functional>
#include <memory>
#include <mutex>

namespace ferry {

class EngineContext;
struct FolderMapping;

class MigrationEngine {
public:
    MigrationEngine(MigrationOptions options, std::shared_ptr<StateStore> store);
    ~MigrationEngine();

    void setProgressSink(ProgressTracker::Sink sink);
    MigrationReport run();

    void cancel();
    void setPaused(bool paused);

private:
    struct Worker;
    Error runMail(MigrationReport &report, std::deque<Worker> &workers);
    // Runs `attempt` until it succeeds or fails for a reason other than the network,
    // reconnecting after each network fault. `progress` (optional) measures the work
    // done so far (it may only grow): a fault after progress starts the budget and the
    // backoff afresh.
    Error retrying(Worker &w, const QString &name, const std::function<Error()> &attempt,
                   const std::function<quint64()> &progress = {});
    // Counts a network fault; `waitMs` >= 0: a reconnect follows after that wait.
    void noteInterruption(const Error &e, int waitMs);
    Error runCollections(MigrationReport &report, const Endpoint &source);
    Error beginPass(MigrationReport &report);
    bool wants(const QString &dataType) const;
    Error connectPair(Connector &src, Connector &tgt);
    Error runFolder(Worker &w, const FolderMapping &m, FolderReport &out, QList<ItemFailure> &failures,
                    QStringList &warnings);
    Error reconnect(Connector &c, Side side, int attempt);

    MigrationOptions m_options;
    std::shared_ptr<StateStore> m_store;
    ProgressTracker::Sink m_sink;
    std::unique_ptr<ProgressTracker> m_progress;
    std::unique_ptr<EngineContext> m_ctx;
    std::mutex m_interruptionMutex;
    MigrationReport::Interruptions m_interruptions;
};

} // namespace ferry
