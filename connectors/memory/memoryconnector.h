// In-memory connector (placeholder; being written).
#pragma once
#include <connector/connector.h>
#include <connector/endpoint.h>
namespace ferry {
class MemoryConnector {
public:
    static ConnectorPtr forEndpoint(const Endpoint &endpoint);
};
}
