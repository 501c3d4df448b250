// One IMAP connection: tags, pipelining, literals, streaming of big literals.
// (RFC 3501 §2.2, §5.5 pipelining; RFC 7888 LITERAL+/LITERAL-.)
//
// Commands are queued with send(); their bytes go into an output buffer that is
// written in large pieces whenever the session needs to read (wait(), pump()) or
// the buffer grows big — so N commands sent back to back cost one round trip.
// Responses are dispatched as they are parsed:
//   - tagged responses complete their command: the `done` callback runs, or the
//     response is kept for wait(tag);
//   - untagged responses go to the current untagged handler (setUntaggedHandler);
//     CAPABILITY responses and [CAPABILITY …] codes also update capabilities();
//   - "* BYE" fails the session (Network error carrying the server's words),
//     except while logging out.
// Big literals (≥ streamThreshold bytes) are spooled into ItemBody objects while
// they arrive; inside the untagged handler, takeStreamedBody(section.streamedIndex)
// hands them out. Nothing is ever buffered whole beyond the threshold.
//
// Open commands (RFC 3502 MULTIAPPEND): sendOpen() writes a command without its
// final CRLF so that extendOpen() can add more arguments (further messages);
// closeOpen() ends it. At most one command is open, and the session guarantees
// that nothing is ever interleaved with it: send() (every other command, LOGOUT
// included) and every wait that only the open command could satisfy (wait() on
// its tag, waitAll(), readResponses() with nothing else outstanding) close it
// first. Open commands need LITERAL+ (every literal non-synchronizing): the
// server must not have to answer before the command ends.
//
// Failure model: any I/O error, timeout, BYE or unparseable response closes the
// connection and makes the session "failed": every later call returns that
// error (code Network or Protocol) without touching the socket. Callbacks of
// commands still outstanding are NOT called then — the owner fails them.
// Callbacks and handlers must not call back into the session.
//
// Not thread-safe; one owner thread. No error text the session produces
// contains command bytes, so the password (LOGIN/AUTHENTICATE) never reaches a
// log or report.
//
// Wire trace (diagnostics/imaptrace.h): while tracing is on (FERRY_TRACE_DIR),
// open() starts one trace file per connection and the session hands it what it
// queues (tag, texts, literal sizes — never literal bytes) and what it reads;
// the trace redacts sensitive commands and omits literals. While tracing is
// off m_trace is null and each hook is one branch.
#pragma once

#include "imapcommand.h"
#include "imapparser.h"
#include "imapresponse.h"
#include "tlsconnection.h"

#include <connector/itembody.h>
#include <error.h>

#include <QByteArray>
#include <QList>
#include <QSet>

#include <deque>
#include <functional>
#include <memory>
#include <vector>

namespace ferry::diagnostics {
class ImapTrace;
}

namespace ferry {

class ImapSession {
public:
    using UntaggedHandler = std::function<void(ImapResponse &)>;
    using Completion = std::function<void(ImapResponse &&tagged)>;

    ImapSession();
    ~ImapSession();

    // Connects (implicit TLS) and reads the greeting (* OK / * PREAUTH / * BYE),
    // which is returned. A BYE greeting is an error (Network, server's text).
    Result<ImapResponse> open(const QString &host, quint16 port, const TlsSettings &tls);
    // Best-effort LOGOUT, then close.
    void logout();
    void close();
    bool isOpen() const { return m_open; }
    // The error that ended the session (code None while healthy).
    const Error &failure() const { return m_failure; }

    void setIoTimeout(int ms) { m_ioTimeoutMs = ms; }
    // Off: every literal is synchronizing (waits for "+"), whatever LITERAL+/-
    // says — for a server that refuses a command without reading its literal.
    void setNonSyncLiterals(bool allowed) { m_nonSyncLiterals = allowed; }
    bool nonSyncLiterals() const { return m_nonSyncLiterals && has("LITERAL+"); }

    // Upper-cased capability atoms; replaced by every CAPABILITY response/code.
    bool has(QByteArrayView capability) const;
    const QList<QByteArray> &capabilities() const { return m_capabilities; }
    void setCapabilities(const QList<QByteArray> &caps);
    bool capabilitiesKnown() const { return m_capabilitiesKnown; }

    void setUntaggedHandler(UntaggedHandler handler) { m_untagged = std::move(handler); }
    void setStreamThreshold(qint64 bytes) { m_parser.setStreamThreshold(bytes); }
    // Inside the untagged handler: the body streamed for literal #index of the
    // current response (empty ItemBody if there is none).
    ItemBody takeStreamedBody(int index);

    // Queues a command; returns its tag. `done` (optional) runs when the tagged
    // response arrives; without it, wait(tag) returns the response.
    // A command with a synchronizing literal blocks here until the server's "+"
    // (other responses are dispatched meanwhile); if the server answers the
    // command with NO/BAD instead, the rest is not sent and the command completes.
    Result<QByteArray> send(const ImapCommand &command, Completion done = {});
    Result<ImapResponse> wait(const QByteArray &tag);
    Result<ImapResponse> execute(const ImapCommand &command);
    // Until no command is outstanding (closes an open command first).
    Error waitAll();

    // Opens a command (see above); Internal error without LITERAL+ or with a
    // continuation segment. Closes a command that is open already.
    Result<QByteArray> sendOpen(const ImapCommand &command, Completion done);
    // Appends `more` (text and literals, no CRLF) to the open command `tag`.
    // Precondition: isOpenCommand(tag).
    Error extendOpen(const QByteArray &tag, const ImapCommand &more);
    // Ends the open command with CRLF; nothing happens when none is open.
    Error closeOpen();
    bool isOpenCommand(const QByteArray &tag) const { return !m_openTag.isEmpty() && m_openTag == tag; }
    bool hasOpenCommand() const { return !m_openTag.isEmpty(); }
    // The server answered an open command before it was complete (see writeOpenPart()).
    bool answeredOpenEarly() const { return m_answeredOpenEarly; }
    // Writes what is queued and dispatches what the server has sent; waits up to
    // timeoutMs for the first byte (0 = only what is already here).
    Error pump(int timeoutMs);
    // Blocks until at least one more response was dispatched (or the timeout).
    Error readResponses();
    // Writes the output buffer now.
    Error flushOutput();
    int outstanding() const { return int(m_pending.size()); }

    quint64 bytesIn() const { return m_tls.bytesIn(); }
    quint64 bytesOut() const { return m_tls.bytesOut(); }

private:
    struct Pending {
        QByteArray tag;
        Completion done;
        bool completed = false;
        ImapResponse response;
    };

    Error fail(ErrorCode code, const QString &what, const QString &serverText = {});
    Error writeRaw(const char *data, qint64 len);
    Error queue(QByteArrayView bytes);
    Error sendBody(const ItemBody &body);
    // Reads once (waiting up to timeoutMs) and dispatches every complete response.
    Error readOnce(int timeoutMs, bool *gotData = nullptr);
    Error dispatch(ImapResponse &r);
    Pending *findPending(const QByteArray &tag);
    bool literalPlusFor(qint64 size) const;
    Error waitContinuation(const QByteArray &tag, bool &proceed);
    // The segments and tail of `command` (no CRLF); `proceed` false when the
    // server refused a synchronizing literal.
    Error writeSegments(const QByteArray &tag, const ImapCommand &command, bool &proceed);
    Error writeOpenPart(const QByteArray &tag, const ImapCommand &part);
    QByteArray addPending(Completion done);

    TlsConnection m_tls;
    ImapParser m_parser;
    QByteArray m_out;
    std::deque<Pending> m_pending;
    std::vector<ItemBody> m_streamed;
    Error m_streamError;
    UntaggedHandler m_untagged;
    QList<QByteArray> m_capabilities;
    bool m_capabilitiesKnown = false;
    bool m_open = false;
    bool m_loggingOut = false;
    bool m_continuation = false;
    QByteArray m_openTag;      // the open command (empty: none)
    bool m_answeredOpenEarly = false;
    bool m_nonSyncLiterals = true;
    quint64 m_nextTag = 1;
    quint64 m_dispatched = 0;
    int m_ioTimeoutMs = 60000;
    QString m_host;
    Error m_failure;
    std::unique_ptr<diagnostics::ImapTrace> m_trace; // null while tracing is off
};

} // namespace ferry
