// Maps URL schemes (imaps://, memory://, later https://, file://) to connector
// factories. Connectors register themselves from their own library (see
// connectors/registerall.cpp), so client-core never depends on a connector.
#pragma once

#include "connector.h"
#include "endpoint.h"

#include <functional>

namespace ferry {

class ConnectorRegistry {
public:
    using Factory = std::function<ConnectorPtr(const Endpoint &)>;
    static void add(const QString &scheme, Factory factory);
    // Null with `error` set when the scheme is unknown.
    static ConnectorPtr create(const Endpoint &endpoint, Error *error = nullptr);
    static bool has(const QString &scheme);
};

} // namespace ferry
