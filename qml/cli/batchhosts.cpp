#include "batchhosts.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ferry::cli {

QString hostKey(const Endpoint &e)
{
    if (e.host.isEmpty())
        return {};
    return e.host.toLower() + u':' + QString::number(e.port);
}

HostLoad accountsPerHost(const QList<Endpoint> &accounts)
{
    HostLoad load;
    for (const Endpoint &e : accounts) {
        const QString key = hostKey(e);
        if (!key.isEmpty())
            ++load[key];
    }
    return load;
}

int connectionsFor(const HostLoad &accounts, const HostLoad &sharing, int parallel, int perServer)
{
    int share = 4;
    for (auto it = accounts.cbegin(); it != accounts.cend(); ++it) {
        const int together = std::max(1, std::min(parallel, sharing.value(it.key(), 1)));
        share = std::min(share, perServer / (together * it.value()));
    }
    return std::max(1, share);
}

bool HostBudget::fits(const HostLoad &need) const
{
    bool idle = true;
    bool room = true;
    for (auto it = need.cbegin(); it != need.cend(); ++it) {
        const int used = m_used.value(it.key());
        idle = idle && used == 0;
        room = room && used + it.value() <= m_cap;
    }
    return room || idle;
}

void HostBudget::take(const HostLoad &need)
{
    for (auto it = need.cbegin(); it != need.cend(); ++it)
        m_used[it.key()] += it.value();
}

void HostBudget::release(const HostLoad &need)
{
    for (auto it = need.cbegin(); it != need.cend(); ++it) {
        int &used = m_used[it.key()];
        used = std::max(0, used - it.value());
    }
}

} // namespace ferry::cli
