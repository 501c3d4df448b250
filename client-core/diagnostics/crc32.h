// CRC-32 as ZIP uses it (ISO 3309 / ITU-T V.42 polynomial 0xEDB88320, reflected,
// initial and final XOR 0xFFFFFFFF; APPNOTE.TXT §4.4.7). Qt has only CRC-16
// (qChecksum) in public API, and zlib is not a dependency of the core.
#pragma once

#include <QByteArrayView>

namespace ferry::diagnostics {

// Continues `crc` (0 to start) over `data`.
quint32 crc32(QByteArrayView data, quint32 crc = 0);

} // namespace ferry::diagnostics
