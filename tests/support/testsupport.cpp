#include "testsupport.h"

namespace ferry::test {
QString testDataPath(const QString &relative)
{
    return QStringLiteral(FERRY_SOURCE_DIR "/tests/") + relative;
}
}
