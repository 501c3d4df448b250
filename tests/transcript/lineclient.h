// A minimal line-oriented client over TlsConnection for tests that speak to
// FakeImapServer directly (no IMAP logic): send exact bytes, read CRLF lines.
#pragma once

#include "imap/tlsconnection.h"

#include <QByteArray>

namespace ferry::test {

class LineClient {
public:
    TlsConnection &connection() { return m_conn; }

    Error send(const QByteArray &bytes, int timeoutMs = 5000) { return m_conn.write(bytes, timeoutMs); }
    // One line without its CRLF.
    Result<QByteArray> readLine(int timeoutMs = 5000);
    Result<QByteArray> readBytes(qint64 n, int timeoutMs = 5000);

private:
    Error fill(int timeoutMs);
    TlsConnection m_conn;
    QByteArray m_buffer;
};

} // namespace ferry::test
