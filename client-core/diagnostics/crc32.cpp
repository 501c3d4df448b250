#include "crc32.h"

#include <array>

namespace ferry::diagnostics {

namespace {

constexpr std::array<quint32, 256> makeTable()
{
    std::array<quint32, 256> t{};
    for (quint32 i = 0; i < 256; ++i) {
        quint32 c = i;
        for (int k = 0; k < 8; ++k)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        t[i] = c;
    }
    return t;
}

constexpr std::array<quint32, 256> kTable = makeTable();

} // namespace

quint32 crc32(QByteArrayView data, quint32 crc)
{
    crc = ~crc;
    for (const char c : data)
        crc = kTable[(crc ^ uchar(c)) & 0xff] ^ (crc >> 8);
    return ~crc;
}

} // namespace ferry::diagnostics
