// One migration run of the engine between in-process servers (memory://,
// refusing://, …), as the engine unit tests drive it: quick backoff, a state
// store at a given path, the report, the commit count and the last progress event.
#pragma once

#include <engine/migrationengine.h>
#include <engine/migrationoptions.h>
#include <engine/progress.h>

#include <QString>

namespace ferry::test {

struct EngineRun {
    MigrationReport report;
    quint64 commits = 0;
    ProgressEvent last; // the final progress event
};

// Options for a run from `source` to `target` (endpoint URLs): one connection,
// retries after 5 ms and at most 20 ms apart, everything else the defaults.
MigrationOptions engineOptions(const QString &source, const QString &target);

// Runs the engine with `options` on the state store at `statePath` (created if
// missing); a store that cannot be opened ends the test program.
EngineRun runEngine(const MigrationOptions &options, const QString &statePath);

} // namespace ferry::test
