// The process-wide switch for protocol traces: off by default; on when the
// environment variable FERRY_TRACE_DIR names a directory (read once, at the
// first question) or after Trace::enable(dir). While on, every new connection
// opens its own file there (TraceFile; "imap-<host>-<pid>-<n>.log",
// "dav-<host>-<pid>-<n>.log"). The directory is created 0700, files 0600.
//
// What goes into a trace is redacted where it is written (ImapTrace,
// HttpTrace): no password, token, cookie, message or contact content ever
// reaches the file; the Redactor is a second line of defence for the bundle.
//
// Thread-safe: any thread may ask, enable or open files at any time. A
// connection asks once, when it opens; when tracing is off it holds no trace
// object and its hot path pays one null-pointer branch.
#pragma once

#include <QString>

#include <memory>

namespace ferry::diagnostics {

class TraceFile;

class Trace {
public:
    // True when traces are being written (FERRY_TRACE_DIR or enable()).
    static bool enabled();
    // The directory traces go to ("" while off).
    static QString directory();
    // Turns tracing on into `dir` (created 0700). False, with `error`, if the
    // directory cannot be made; tracing is then unchanged.
    static bool enable(const QString &dir, QString *error = nullptr);
    static void disable();

    // Size cap of one file (default 20 MB): past it a file ends with
    // "[trace truncated]" and takes no more lines.
    static void setMaxFileBytes(qint64 bytes);
    static qint64 maxFileBytes();

    // A new file for one connection, or null while tracing is off (or when the
    // file cannot be created: tracing never fails a connection). `kind` is
    // "imap" or "dav"; `host` is made safe for a file name.
    static std::unique_ptr<TraceFile> openFile(const QString &kind, const QString &host);

    // Seconds since the process's first trace question (monotonic clock).
    static double elapsedSeconds();
};

} // namespace ferry::diagnostics
