// How IMAP traffic is written to a trace (RFC 3501 §2.2 lines, §4.3 literals;
// RFC 7888 non-synchronizing literals), redacted as it is formatted:
//   - every literal, in either direction, becomes "{N bytes omitted}": message
//     bodies, fetched header fields (Message-ID, Subject), APPEND data, and an
//     8-bit password sent as a literal;
//   - a command marked sensitive (LOGIN, AUTHENTICATE; ImapCommand::isSensitive)
//     becomes "<tag> LOGIN <redacted>" / "<tag> AUTHENTICATE PLAIN <redacted>",
//     and every continuation line the client sends (a SASL response) "<redacted>";
//   - in untagged FETCH responses every quoted string but INTERNALDATE's becomes "<omitted>":
//     ENVELOPE and BODYSTRUCTURE carry subjects, names and addresses as quoted
//     strings. (A choice: the trace loses ENVELOPE's Message-ID too; the reports
//     and journal summary carry the Message-IDs a helpdesk needs.)
// Everything else stays as sent: folder names, flags, UIDs, status responses
// and response codes ("NO [OVERQUOTA] …") are what a helpdesk reads.
//
// Hand-written rather than reusing ImapParser: the trace needs the wire's own
// line structure (not parsed values) and must cost nothing when tracing is off;
// this code only runs when it is on, over the same bytes.
//
// Pure: no I/O. ImapTrace feeds it and writes the lines.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace ferry::diagnostics::imaptrace {

// "{N bytes omitted}"
QByteArray literalPlaceholder(qint64 size);
// The verb of a sensitive command's text and " <redacted>": "LOGIN <redacted>",
// "AUTHENTICATE PLAIN <redacted>" (the SASL mechanism is kept).
QByteArray sensitiveCommand(QByteArrayView commandText);
// Every quoted string ("…", with \" and \\ escapes) replaced by "<omitted>",
// except the value of INTERNALDATE (a date, no content).
QByteArray omitQuotedStrings(QByteArrayView text);
// True for "* <n> FETCH …".
bool isFetchResponse(QByteArrayView line);

// The server's byte stream, cut into logical response lines (a line that
// announces a literal continues after it), literals omitted.
class ServerLines {
public:
    // Feeds bytes as they arrived; returns the lines completed by them.
    QList<QByteArray> feed(QByteArrayView bytes);
    // Whatever is left of an unfinished line (e.g. when the connection ends).
    QByteArray takeRest();

private:
    void endPhysicalLine(QByteArrayView line, QList<QByteArray> &out);

    QByteArray m_physical;       // current physical line so far (raw, no CRLF)
    bool m_physicalCut = false;  // m_physical exceeded its cap
    QByteArray m_logical;        // the logical line so far (already redacted)
    bool m_fetch = false;        // the logical line is an untagged FETCH response
    qint64 m_literalLeft = 0;    // bytes of the current literal still to skip
};

// One client line being built from the pieces the session sends.
class ClientLine {
public:
    // A new command: `tag` ("" for a further part of an open command).
    void begin(QByteArrayView tag, bool sensitive);
    void text(QByteArrayView text);
    void literal(qint64 size);
    // The client sent a continuation line (after "+"): always "<redacted>".
    void continuationData();
    // The line so far ("" if nothing), and starts the next physical line of
    // the same command.
    QByteArray take();

private:
    QByteArray m_line;
    QByteArray m_sensitiveText;  // a sensitive command's first text, for its verb
    bool m_sensitive = false;
    bool m_redactedPart = false; // something secret was sent on this line
    bool m_verbWritten = false;
};

} // namespace ferry::diagnostics::imaptrace
