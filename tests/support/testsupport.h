// Small helpers shared by the C++ tests.
#pragma once

#include <QString>

namespace ferry::test {
// Absolute path of a file under the source tree's tests/ folder.
QString testDataPath(const QString &relative);
}
