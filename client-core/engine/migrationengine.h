// Runs a migration pass: connects both sides, maps folders, finds what changed
// (one pipelined STATUS burst: an unchanged folder costs nothing), then copies
// folders in parallel over `connections` connection pairs, each folder a
// FolderPass, with reconnect and bounded exponential backoff on network faults.
// Blocking; call from a worker thread in a GUI. cancel()/setPaused() are
// thread-safe.
#pragma once

#include "../connector/connector.h"
#include "../state/statestore.h"
#include "migrationoptions.h"
#include "migrationreport.h"
#include "progress.h"

#include <memory>

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
    Error connectPair(Connector &src, Connector &tgt);
    Error runFolder(Worker &w, const FolderMapping &m, FolderReport &out, QList<ItemFailure> &failures,
                    QStringList &warnings);
    Error reconnect(Connector &c, Side side, int attempt);

    MigrationOptions m_options;
    std::shared_ptr<StateStore> m_store;
    ProgressTracker::Sink m_sink;
    std::unique_ptr<ProgressTracker> m_progress;
    std::unique_ptr<EngineContext> m_ctx;
};

} // namespace ferry
