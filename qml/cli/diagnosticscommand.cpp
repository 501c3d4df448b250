#include "diagnosticscommand.h"

#include <cstdio>

namespace ferry::cli {

int runDiagnostics(const QStringList &args)
{
    Q_UNUSED(args);
    std::fprintf(stderr, "ferry-cli: diagnostics is not built yet\n");
    return 2;
}

} // namespace ferry::cli
