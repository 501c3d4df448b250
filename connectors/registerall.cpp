#include "registerall.h"

#include "imap/imapconnector.h"
#include "memory/memoryconnector.h"

#include <connector/connectorregistry.h>

namespace ferry {

void registerAllConnectors()
{
    ConnectorRegistry::add(QStringLiteral("imaps"), [](const Endpoint &e) -> ConnectorPtr {
        return std::make_unique<ImapConnector>(e);
    });
    ConnectorRegistry::add(QStringLiteral("memory"), [](const Endpoint &e) -> ConnectorPtr {
        return MemoryConnector::forEndpoint(e);
    });
}

} // namespace ferry
