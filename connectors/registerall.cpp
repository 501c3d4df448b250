#include "registerall.h"

#include "archive/archiveconnector.h"
#include "dav/davconnector.h"
#include "dav/davsrvresolver.h"
#include "files/filesconnector.h"
#include "imap/imapconnector.h"
#include "memory/memoryconnector.h"

#include <connector/connectorregistry.h>

namespace ferry {

void registerAllConnectors()
{
    ConnectorRegistry::add(QStringLiteral("imaps"), [](const Endpoint &e) -> ConnectorPtr {
        return std::make_unique<ImapConnector>(e);
    });
    // CalDAV/CardDAV: https://USER@HOST[:PORT][/path] (a path names a collection or a principal).
    ConnectorRegistry::add(QStringLiteral("https"), [](const Endpoint &e) -> ConnectorPtr {
        auto c = std::make_unique<DavConnector>(e);
        c->setSrvResolver(std::make_shared<QDnsSrvResolver>());
        return c;
    });
    ConnectorRegistry::add(QStringLiteral("file"), [](const Endpoint &e) -> ConnectorPtr {
        return std::make_unique<FilesConnector>(e);
    });
    // The offline archive: archive:///PATH/mail or archive:///PATH/pim.
    ConnectorRegistry::add(QStringLiteral("archive"), [](const Endpoint &e) -> ConnectorPtr {
        return std::make_unique<ArchiveConnector>(e);
    });
    ConnectorRegistry::add(QStringLiteral("memory"), [](const Endpoint &e) -> ConnectorPtr {
        return MemoryConnector::forEndpoint(e);
    });
}

} // namespace ferry
