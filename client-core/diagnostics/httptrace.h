// The trace of one DavTransport (its kept-alive connections and the requests
// multiplexed over them): libcurl's debug callback hands header blocks and
// info text here; bodies are never handed over, only their size (see
// httptraceformat.h for what is written). Lines carry the request number
// ("#3") because requests run in parallel.
//
// Exists only while tracing is on (open() returns null otherwise). Used by the
// transport's owner thread; the file itself is thread-safe.
#pragma once

#include <QByteArray>
#include <QString>

#include <memory>

namespace ferry::diagnostics {

class TraceFile;

class HttpTrace {
public:
    static std::unique_ptr<HttpTrace> open(const QString &host, quint16 port);
    explicit HttpTrace(std::unique_ptr<TraceFile> file);
    ~HttpTrace();

    // A number for the next request's lines.
    quint64 nextRequestId() { return ++m_requests; }

    // A block of request headers as libcurl sends it (request line + headers).
    void requestHeaders(quint64 id, QByteArrayView block);
    // One or more response header lines (status line included).
    void responseHeaders(quint64 id, QByteArrayView block);
    void requestBody(quint64 id, qint64 size, QByteArrayView contentType);
    // The answer's body: its size, Content-Type, and for XML a status summary.
    void responseBody(quint64 id, const QByteArray &body, QByteArrayView contentType);
    // libcurl's informational text (connection, TLS version and certificate,
    // reuse). Lines that talk about authentication, users or cookies are
    // dropped (they may name the user), and so are per-record TLS lines.
    void info(quint64 id, QByteArrayView text);
    void note(quint64 id, QByteArrayView text);

private:
    QByteArray prefix(quint64 id) const;

    std::unique_ptr<TraceFile> m_file;
    quint64 m_requests = 0;
};

} // namespace ferry::diagnostics
