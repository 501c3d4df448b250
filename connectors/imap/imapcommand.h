// One IMAP command as the client will send it (RFC 3501 §2.2.1, §4, §9), built
// without knowing the server: literals are kept as separate segments and the
// session decides, from the capabilities, whether each goes out as a
// synchronizing "{N}" (wait for "+") or non-synchronizing "{N+}" (RFC 7888
// LITERAL+, or LITERAL- for at most 4096 bytes).
//
// The tag and the final CRLF are added by the session.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <vector>

namespace ferry {

class ItemBody;

class ImapCommand {
public:
    struct Segment {
        enum Kind { Literal, BodyLiteral, Continuation };
        QByteArray text;          // sent before this segment's payload
        Kind kind = Literal;
        QByteArray data;          // Literal; Continuation: the line sent after "+"
        const ItemBody *body = nullptr; // BodyLiteral: streamed from here
    };

    // `verb` and arguments are appended as raw text: "UID FETCH 1:* (FLAGS)".
    explicit ImapCommand(QByteArrayView text = {}) : m_tail(text.toByteArray()) {}

    ImapCommand &raw(QByteArrayView text) { m_tail.append(text.data(), text.size()); return *this; }
    ImapCommand &sp() { m_tail.append(' '); return *this; }
    ImapCommand &number(quint64 n) { m_tail.append(QByteArray::number(n)); return *this; }
    // A string argument (astring/string): quoted when possible (escaping '"' and
    // '\'), else a literal (8-bit, CR/LF, NUL or very long values).
    ImapCommand &string(QByteArrayView value);
    ImapCommand &literal(QByteArray bytes);
    // Streams `body` as a literal; it must stay alive until the command is sent.
    ImapCommand &literal(const ItemBody *body);
    // Ends the line, waits for the server's "+", then sends `line` (AUTHENTICATE
    // without SASL-IR, RFC 3501 §6.2.2).
    ImapCommand &continuation(QByteArray line);

    // Contains a secret: must never be traced or echoed.
    ImapCommand &setSensitive() { m_sensitive = true; return *this; }
    bool isSensitive() const { return m_sensitive; }

    const std::vector<Segment> &segments() const { return m_segments; }
    // Text after the last segment.
    const QByteArray &tail() const { return m_tail; }
    // Bytes of literal payload (for the APPEND window).
    qint64 payloadSize() const;

    // True when `value` can be sent as a quoted string.
    static bool isQuotable(QByteArrayView value);
    // True for a valid flag or keyword atom ("\\Seen", "$Label1").
    static bool isFlagAtom(QByteArrayView flag);

private:
    std::vector<Segment> m_segments;
    QByteArray m_tail;
    bool m_sensitive = false;
};

} // namespace ferry
