#include "imapparser.h"

#include "imapresponseparser.h"

#include <cstring>

namespace ferry {

namespace {
constexpr qint64 kInitialBuffer = 256 * 1024;

// If the line [lineStart, lf] ends in "{N}" (optionally "{N+}"), returns N; else -1.
// -2: looks like a literal but the size is absurd.
qint64 literalAtLineEnd(const char *b, qint64 lineStart, qint64 lf, qint64 &brace)
{
    qint64 e = lf;
    if (e > lineStart && b[e - 1] == '\r')
        --e;
    if (e <= lineStart || b[e - 1] != '}')
        return -1;
    qint64 p = e - 1;
    if (p > lineStart && b[p - 1] == '+')
        --p;
    const qint64 digitsEnd = p;
    while (p > lineStart && b[p - 1] >= '0' && b[p - 1] <= '9')
        --p;
    if (p == digitsEnd || p <= lineStart || b[p - 1] != '{')
        return -1;
    brace = p - 1;
    if (digitsEnd - p > 15)
        return -2;
    qint64 n = 0;
    for (qint64 i = p; i < digitsEnd; ++i)
        n = n * 10 + (b[i] - '0');
    return n;
}
// Only message content is streamed: a literal that is the value of a FETCH
// BODY[…]<…>, BINARY[…] or RFC822* item (RFC 3501 §7.4.2). Names, dates and
// other short strings stay inline whatever their size, so the grammar parser
// always has them. `brace` is the position of '{'.
bool isStreamable(const char *b, qint64 start, qint64 brace)
{
    // "* <n> FETCH (" at the start of the response.
    qint64 p = start;
    if (brace - start < 10 || b[p] != '*' || b[p + 1] != ' ')
        return false;
    p += 2;
    const qint64 digits = p;
    while (p < brace && b[p] >= '0' && b[p] <= '9')
        ++p;
    if (p == digits || brace - p < 7 || qstrnicmp(b + p, " FETCH ", 7) != 0)
        return false;
    // The item name before " {" / " ~{".
    qint64 e = brace;
    if (e > start && b[e - 1] == '~')
        --e;
    if (e <= start || b[e - 1] != ' ')
        return false;
    --e;
    if (b[e - 1] == ']' || b[e - 1] == '>')
        return true;
    qint64 s = e;
    while (s > start && b[s - 1] != ' ' && b[s - 1] != '(')
        --s;
    return e - s >= 6 && qstrnicmp(b + s, "RFC822", 6) == 0;
}

} // namespace

ImapParser::ImapParser() { m_buf.resize(kInitialBuffer); }

void ImapParser::reset()
{
    m_start = m_scan = m_end = m_inlineLiteralEnd = m_pendingRemoval = 0;
    m_literalSize = m_literalRemaining = 0;
    m_streamedOffsets.clear();
    m_state = Scanning;
    m_chunk = {};
    m_response = {};
    m_errorText.clear();
}

void ImapParser::applyPendingRemoval()
{
    if (!m_pendingRemoval)
        return;
    // The chunk was [m_scan, m_scan + n): drop it so the rest of the response
    // follows the "{N}\r\n" directly. Only bytes after the chunk move, and they
    // were read in the same call, so this costs O(bytes read), not O(literal).
    const qint64 tail = m_end - (m_scan + m_pendingRemoval);
    if (tail > 0)
        std::memmove(m_buf.data() + m_scan, m_buf.constData() + m_scan + m_pendingRemoval, size_t(tail));
    m_end -= m_pendingRemoval;
    m_pendingRemoval = 0;
    m_chunk = {};
}

char *ImapParser::writeBuffer(qint64 minFree)
{
    applyPendingRemoval();
    if (m_start == m_end && m_state != Streaming) {
        m_start = m_scan = m_end = m_inlineLiteralEnd = 0;
    }
    if (m_buf.size() - m_end < minFree && m_start > 0) {
        const qint64 live = m_end - m_start;
        std::memmove(m_buf.data(), m_buf.constData() + m_start, size_t(live));
        m_scan -= m_start;
        m_inlineLiteralEnd = qMax<qint64>(0, m_inlineLiteralEnd - m_start);
        m_end = live;
        m_start = 0;
    }
    if (m_buf.size() - m_end < minFree)
        m_buf.resize(qMax(m_buf.size() * 2, m_end + minFree));
    return m_buf.data() + m_end;
}

void ImapParser::feed(QByteArrayView bytes)
{
    char *p = writeBuffer(bytes.size());
    if (!bytes.isEmpty())
        std::memcpy(p, bytes.data(), size_t(bytes.size()));
    commit(bytes.size());
}

ImapParser::Event ImapParser::fail(const QString &why)
{
    m_state = Failed;
    m_errorText = why;
    return Error;
}

ImapParser::Event ImapParser::next()
{
    applyPendingRemoval();
    if (m_state == Failed)
        return Error;

    if (m_state == Streaming) {
        if (m_literalRemaining == 0) {
            m_state = Scanning;
            m_inlineLiteralEnd = m_scan;
            return LiteralEnd;
        }
        const qint64 avail = m_end - m_scan;
        if (avail <= 0)
            return NeedMore;
        const qint64 n = qMin(avail, m_literalRemaining);
        m_chunk = QByteArrayView(m_buf.constData() + m_scan, n);
        m_pendingRemoval = n;
        m_literalRemaining -= n;
        return LiteralChunk;
    }

    for (;;) {
        // Inside an inline literal: wait for all of it, then scan past it.
        if (m_inlineLiteralEnd > m_scan) {
            if (m_end < m_inlineLiteralEnd)
                return NeedMore;
            m_scan = m_inlineLiteralEnd;
        }
        const char *b = m_buf.constData();
        const void *hit = m_scan < m_end ? std::memchr(b + m_scan, '\n', size_t(m_end - m_scan)) : nullptr;
        // The current line starts after the last literal (or at the response start).
        const qint64 lineStart = qMax(m_start, m_inlineLiteralEnd);
        if (!hit) {
            m_scan = m_end;
            if (m_end - lineStart > kMaxLine)
                return fail(QStringLiteral("response line longer than %1 bytes").arg(kMaxLine));
            if (m_start == m_end) // nothing buffered: restart at the front
                m_start = m_scan = m_end = m_inlineLiteralEnd = 0;
            return NeedMore;
        }
        const qint64 lf = static_cast<const char *>(hit) - b;
        qint64 brace = 0;
        const qint64 n = literalAtLineEnd(b, lineStart, lf, brace);
        if (n == -2)
            return fail(QStringLiteral("literal size too large"));
        if (n >= 0) {
            const qint64 dataStart = lf + 1;
            if (n >= m_streamThreshold && isStreamable(b, m_start, brace)) {
                m_streamedOffsets.append(dataStart - m_start);
                m_state = Streaming;
                m_scan = dataStart;
                m_literalSize = m_literalRemaining = n;
                return LiteralBegin;
            }
            if (dataStart + n - m_start > kMaxInlineResponse)
                return fail(QStringLiteral("response larger than %1 bytes").arg(kMaxInlineResponse));
            m_scan = dataStart;
            m_inlineLiteralEnd = dataStart + n;
            continue;
        }
        // A complete response: [m_start, lf].
        QString why;
        const QByteArrayView text(b + m_start, lf + 1 - m_start);
        m_response = ImapResponse();
        const bool ok = ImapResponseParser::parse(text, m_streamedOffsets, m_response, why);
        m_streamedOffsets.clear();
        m_start = m_scan = m_inlineLiteralEnd = lf + 1;
        if (!ok)
            return fail(why);
        return Response;
    }
}

} // namespace ferry
