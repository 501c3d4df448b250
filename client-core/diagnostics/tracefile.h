// One trace file: "<seconds> <dir> <text>" lines, where dir is C (client to
// server), S (server to client) or * (a note of Ferry's own, e.g. curl's
// connection info). The seconds come from a monotonic clock shared by all
// files of the process, so files of parallel connections can be merged.
//
// The caller hands in text that is already redacted (ImapTrace, HttpTrace);
// this class only makes it one printable line (control bytes as \xNN, long
// lines cut) and enforces the size cap (Trace::maxFileBytes()): the line that
// would cross it is replaced by "[trace truncated]" and nothing follows.
//
// Thread-safe (one mutex per file).
#pragma once

#include <QByteArray>
#include <QFile>
#include <QMutex>

#include <memory>

namespace ferry::diagnostics {

class TraceFile {
public:
    enum Direction : char { Client = 'C', Server = 'S', Note = '*' };

    // Takes an open file; `maxBytes` is the size cap.
    TraceFile(std::unique_ptr<QFile> file, qint64 maxBytes);
    ~TraceFile();
    TraceFile(const TraceFile &) = delete;
    TraceFile &operator=(const TraceFile &) = delete;

    void write(Direction direction, QByteArrayView text);
    QString path() const;
    bool truncated() const;

    // `text` as one printable line: CR/LF and other control bytes (but TAB)
    // become \xNN, and lines longer than maxLineBytes end in "… [N bytes cut]".
    static QByteArray printable(QByteArrayView text, qsizetype maxLineBytes = 8192);

private:
    mutable QMutex m_mutex;
    std::unique_ptr<QFile> m_file;
    qint64 m_maxBytes;
    qint64 m_written = 0;
    bool m_truncated = false;
};

} // namespace ferry::diagnostics
