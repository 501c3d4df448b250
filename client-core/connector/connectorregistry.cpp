#include "connectorregistry.h"

#include <QHash>

#include <mutex>

namespace ferry {

namespace {
std::mutex g_mutex;
QHash<QString, ConnectorRegistry::Factory> &factories()
{
    static QHash<QString, ConnectorRegistry::Factory> f;
    return f;
}
} // namespace

void ConnectorRegistry::add(const QString &scheme, Factory factory)
{
    std::lock_guard lock(g_mutex);
    factories().insert(scheme, std::move(factory));
}

bool ConnectorRegistry::has(const QString &scheme)
{
    std::lock_guard lock(g_mutex);
    return factories().contains(scheme);
}

ConnectorPtr ConnectorRegistry::create(const Endpoint &endpoint, Error *error)
{
    Factory f;
    {
        std::lock_guard lock(g_mutex);
        f = factories().value(endpoint.scheme);
    }
    if (!f) {
        if (error)
            *error = Error::make(ErrorCode::Usage, QStringLiteral("unknown account type %1://").arg(endpoint.scheme),
                                 {}, QStringLiteral("use imaps://USER@HOST"));
        return nullptr;
    }
    return f(endpoint);
}

} // namespace ferry
