// How `ferry-cli batch` keeps each server's load bounded: no host ever sees more
// than --per-server connections at once from all the people running together.
//
// Design: every run gets the same share, connections = max(1, min(4, cap / (k·s)))
// where s = how many people may use the busiest host of that person at once
// (min(--parallel, people in the batch on it)) and k = how many of the person's
// accounts sit on that host (source and target on one server count twice). A run
// then holds connections × k slots on each of its hosts, and a person starts only
// when every one of its hosts has those slots free (others further down the list
// may start first). One exception keeps a batch from stalling: a person whose
// share alone exceeds the cap (cap 1 with both accounts on one server) starts when
// its hosts are idle. DAV accounts are counted like mail ones; the DAV connector
// pipelines its own requests over few kept-alive connections.
#pragma once

#include <connector/endpoint.h>

#include <QHash>
#include <QList>
#include <QString>

namespace ferry::cli {

// "host:port" for an endpoint with a host; empty otherwise (memory, files).
QString hostKey(const Endpoint &e);

// Host → slots a run holds there.
using HostLoad = QHash<QString, int>;

// The accounts' hosts, each counted once per account on it.
HostLoad accountsPerHost(const QList<Endpoint> &accounts);

// The connection pairs one run gets (see above). `sharing` is, per host, how many
// people of the batch use it.
int connectionsFor(const HostLoad &accounts, const HostLoad &sharing, int parallel, int perServer);

class HostBudget {
public:
    explicit HostBudget(int perServer) : m_cap(perServer) {}
    // Whether `need` fits now (or its hosts are all idle).
    bool fits(const HostLoad &need) const;
    void take(const HostLoad &need);
    void release(const HostLoad &need);
    int inUse(const QString &host) const { return m_used.value(host); }

private:
    int m_cap;
    HostLoad m_used;
};

} // namespace ferry::cli
