// Incremental, pure IMAP response parser: bytes in, typed responses out, no I/O.
//
// Framing (RFC 3501 §2.2.2, §4.3): a response is a line ending in CRLF; a line
// that ends in "{N}" CRLF continues after N literal bytes. The parser keeps one
// growable buffer and parses in place from it; the caller writes socket data
// straight into that buffer (writeBuffer()/commit()) or feed()s copies.
//
// Big literals are not held in memory: a literal of at least streamThreshold()
// bytes is handed out as LiteralBegin, LiteralChunk…, LiteralEnd events while it
// arrives, and removed from the buffer; the typed response then refers to it by
// index (ImapFetchSection::streamedIndex, counting from 0 per response). That is
// how the session routes a 50 MB BODY[] into an ItemBody.
//
// Usage:
//   parser.feed(bytes);                    // or writeBuffer()+commit()
//   for (;;) switch (parser.next()) {
//     case NeedMore: read more; break;
//     case Response: use parser.takeResponse(); …
//     case LiteralBegin: open a sink of parser.literalSize() bytes; …
//     case LiteralChunk: append parser.literalChunk() (valid until the next call) …
//     case LiteralEnd: close the sink; …
//     case Error: parser.errorText(); the stream cannot be trusted any more.
//   }
// Malformed input always ends in Error, never a crash or an endless loop; after
// an Error every next() returns Error until reset().
#pragma once

#include "imapresponse.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

namespace ferry {

class ImapParser {
public:
    enum Event { NeedMore, Response, LiteralBegin, LiteralChunk, LiteralEnd, Error };

    // Limits against a hostile or broken server.
    static constexpr qint64 kMaxLine = 8 * 1024 * 1024;         // one line without literal
    static constexpr qint64 kMaxInlineResponse = 256 * 1024 * 1024;

    ImapParser();

    void reset();

    // Literals of at least this many bytes are streamed (default 1 MiB).
    // 0 streams every literal. Takes effect for literals not yet started.
    void setStreamThreshold(qint64 bytes) { m_streamThreshold = bytes; }
    qint64 streamThreshold() const { return m_streamThreshold; }

    // Input: room for at least `minFree` bytes at the end of the buffer; write
    // up to writeCapacity() bytes there, then commit() how many were written.
    char *writeBuffer(qint64 minFree);
    qint64 writeCapacity() const { return m_buf.size() - m_end; }
    void commit(qint64 n) { m_end += n; }
    void feed(QByteArrayView bytes);

    Event next();

    // After Response.
    ImapResponse takeResponse() { return std::move(m_response); }
    const ImapResponse &response() const { return m_response; }
    // After LiteralBegin: size of the streamed literal.
    qint64 literalSize() const { return m_literalSize; }
    // After LiteralChunk: the bytes; valid until the next call on the parser.
    QByteArrayView literalChunk() const { return m_chunk; }
    // After Error.
    const QString &errorText() const { return m_errorText; }

    // Bytes buffered but not yet consumed (for tests and diagnostics).
    qint64 buffered() const { return m_end - m_start; }

private:
    enum State { Scanning, Streaming, Failed };

    void applyPendingRemoval();
    Event fail(const QString &why);

    QByteArray m_buf;            // storage; bytes [m_start, m_end) are live
    qint64 m_start = 0;          // start of the current response
    qint64 m_scan = 0;           // where to look for the next LF
    qint64 m_end = 0;
    qint64 m_inlineLiteralEnd = 0; // scanning resumes here after an inline literal
    qint64 m_pendingRemoval = 0; // streamed bytes at m_scan to drop on next call
    qint64 m_streamThreshold = 1024 * 1024;
    qint64 m_literalSize = 0;
    qint64 m_literalRemaining = 0;
    QList<qint64> m_streamedOffsets; // positions (from m_start) of streamed literals
    State m_state = Scanning;
    QByteArrayView m_chunk;
    ImapResponse m_response;
    QString m_errorText;
};

} // namespace ferry
