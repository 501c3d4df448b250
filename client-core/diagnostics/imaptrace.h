// The trace of one IMAP connection (ImapSession's hook): the session tells it
// what it sends, piece by piece, and hands it the raw bytes it reads; lines
// are written redacted (imaptraceformat.h says how) to the connection's
// TraceFile. Exists only while tracing is on (open() returns null otherwise),
// so the session's hot path pays one null-pointer branch per call site.
//
// Used by the session's thread only, like the session itself.
#pragma once

#include "imaptraceformat.h"

#include <QString>

#include <memory>

namespace ferry::diagnostics {

class TraceFile;

class ImapTrace {
public:
    // A trace for a connection to host:port, or null while tracing is off.
    static std::unique_ptr<ImapTrace> open(const QString &host, quint16 port);
    explicit ImapTrace(std::unique_ptr<TraceFile> file);
    ~ImapTrace();

    // Client side, in the order the bytes go out.
    void beginCommand(QByteArrayView tag, bool sensitive);
    void commandText(QByteArrayView text) { m_client.text(text); }
    void commandLiteral(qint64 size) { m_client.literal(size); }
    void continuationData() { m_client.continuationData(); }
    // The client ended a physical line (CRLF, or waits for "+"): writes it.
    void endLine();

    // Server side: the bytes as read.
    void serverBytes(const char *data, qint64 size);
    // A note of Ferry's own ("connection closed", errors).
    void note(QByteArrayView text);

    TraceFile *file() const { return m_file.get(); }

private:
    std::unique_ptr<TraceFile> m_file;
    imaptrace::ClientLine m_client;
    imaptrace::ServerLines m_server;
};

} // namespace ferry::diagnostics
