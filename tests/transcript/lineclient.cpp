#include "lineclient.h"

namespace ferry::test {

Error LineClient::fill(int timeoutMs)
{
    char chunk[65536];
    Result<qint64> n = m_conn.read(chunk, sizeof chunk, timeoutMs);
    if (!n.ok())
        return n.error();
    m_buffer.append(chunk, *n);
    return Error::none();
}

Result<QByteArray> LineClient::readLine(int timeoutMs)
{
    for (;;) {
        const qsizetype crlf = m_buffer.indexOf("\r\n");
        if (crlf >= 0) {
            const QByteArray line = m_buffer.left(crlf);
            m_buffer.remove(0, crlf + 2);
            return line;
        }
        if (Error e = fill(timeoutMs))
            return e;
    }
}

Result<QByteArray> LineClient::readBytes(qint64 n, int timeoutMs)
{
    while (m_buffer.size() < n) {
        if (Error e = fill(timeoutMs))
            return e;
    }
    const QByteArray out = m_buffer.left(n);
    m_buffer.remove(0, n);
    return out;
}

} // namespace ferry::test
