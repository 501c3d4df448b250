#include "memoryconnector.h"
namespace ferry {
ConnectorPtr MemoryConnector::forEndpoint(const Endpoint &) { return nullptr; }
}
