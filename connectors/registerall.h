// Registers every connector's URL scheme; front-ends call this once at start-up.
#pragma once

namespace ferry {
void registerAllConnectors();
}
