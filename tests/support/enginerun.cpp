#include "enginerun.h"

#include <connector/endpoint.h>
#include <state/statestore.h>

namespace ferry::test {

MigrationOptions engineOptions(const QString &source, const QString &target)
{
    MigrationOptions o;
    o.source = *Endpoint::parse(source);
    o.target = *Endpoint::parse(target);
    o.connections = 1;
    o.firstBackoffMs = 5;
    o.maxBackoffMs = 20;
    return o;
}

EngineRun runEngine(const MigrationOptions &options, const QString &statePath)
{
    auto store = StateStore::open(statePath);
    if (!store.ok())
        qFatal("state: %s", qPrintable(store.error().toString()));
    MigrationEngine engine(options, *store);
    EngineRun r;
    engine.setProgressSink([&r](const ProgressEvent &e) { r.last = e; });
    r.report = engine.run();
    r.commits = (*store)->commitCount();
    return r;
}

} // namespace ferry::test
