// `ferry-cli diagnostics --out FILE.zip …`: the redacted bundle a helpdesk asks for.
// Its own argument parsing (argv after the command word); see diagnosticscommand.cpp.
#pragma once

#include <QStringList>

namespace ferry::cli {

// Returns the process exit code (0 written, 2 usage, 1 could not write).
int runDiagnostics(const QStringList &args);

} // namespace ferry::cli
