#include "imaptraceformat.h"

namespace ferry::diagnostics::imaptrace {

namespace {

// A physical line longer than this is cut in the trace (its literal, if any,
// is still recognised from the end of the line).
constexpr qsizetype kMaxPhysical = 16 * 1024;
const QByteArray kRedacted = QByteArrayLiteral("<redacted>");

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// The size of a literal announced at the end of `line` ("{N}" or "{N+}"), or -1.
qint64 literalAtEnd(QByteArrayView line)
{
    if (!line.endsWith('}'))
        return -1;
    qsizetype end = line.size() - 1;
    if (end > 0 && line[end - 1] == '+')
        --end;
    qsizetype start = end;
    while (start > 0 && isDigit(line[start - 1]))
        --start;
    if (start == end || start == 0 || line[start - 1] != '{' || end - start > 18)
        return -1;
    return line.sliced(start, end - start).toLongLong();
}

} // namespace

QByteArray literalPlaceholder(qint64 size)
{
    return '{' + QByteArray::number(size) + " bytes omitted}";
}

QByteArray sensitiveCommand(QByteArrayView commandText)
{
    const QByteArrayView t = commandText.trimmed();
    qsizetype verbEnd = t.indexOf(' ');
    if (verbEnd < 0)
        verbEnd = t.size();
    QByteArray out = t.first(verbEnd).toByteArray();
    // A verb must be an atom; anything else is not shown at all.
    for (const char c : out)
        if (uchar(c) <= 0x20 || uchar(c) >= 0x7f || c == '"' || c == '{')
            return kRedacted;
    // Keep AUTHENTICATE's mechanism name (an atom): "AUTHENTICATE PLAIN".
    if (out.compare("AUTHENTICATE", Qt::CaseInsensitive) == 0 && verbEnd < t.size()) {
        QByteArrayView rest = t.sliced(verbEnd + 1);
        qsizetype mechEnd = rest.indexOf(' ');
        const QByteArrayView mech = mechEnd < 0 ? rest : rest.first(mechEnd);
        bool atom = !mech.isEmpty() && mech.size() <= 40;
        for (const char c : mech)
            atom = atom && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || isDigit(c) || c == '-' || c == '_');
        if (atom)
            out.append(' ').append(mech);
    }
    return out.isEmpty() ? kRedacted : out + ' ' + kRedacted;
}

QByteArray omitQuotedStrings(QByteArrayView text)
{
    QByteArray out;
    out.reserve(text.size());
    qsizetype i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c != '"') {
            out.append(c);
            ++i;
            continue;
        }
        qsizetype j = i + 1;
        while (j < text.size() && text[j] != '"')
            j += text[j] == '\\' ? 2 : 1;
        // INTERNALDATE is the server's arrival time, not content: kept.
        if (out.endsWith("INTERNALDATE ") && j < text.size())
            out.append(text.sliced(i, j + 1 - i));
        else // an unterminated string is omitted up to the end of the text
            out.append("\"<omitted>\"");
        i = j + 1;
    }
    return out;
}

bool isFetchResponse(QByteArrayView line)
{
    if (!line.startsWith("* "))
        return false;
    qsizetype i = 2;
    while (i < line.size() && isDigit(line[i]))
        ++i;
    if (i == 2)
        return false;
    const QByteArrayView rest = line.sliced(i);
    return rest.size() >= 6 && rest.first(6).compare(" FETCH", Qt::CaseInsensitive) == 0;
}

// ----- ServerLines

QList<QByteArray> ServerLines::feed(QByteArrayView bytes)
{
    QList<QByteArray> out;
    qsizetype pos = 0;
    while (pos < bytes.size()) {
        if (m_literalLeft > 0) {
            const qint64 skip = qMin<qint64>(m_literalLeft, bytes.size() - pos);
            m_literalLeft -= skip;
            pos += skip;
            continue;
        }
        const qsizetype nl = bytes.indexOf('\n', pos);
        const QByteArrayView piece = bytes.sliced(pos, (nl < 0 ? bytes.size() : nl) - pos);
        if (m_physical.size() + piece.size() <= kMaxPhysical) {
            m_physical.append(piece);
        } else {
            // Keep the head for the trace and the tail for a literal marker.
            QByteArray joined = m_physical;
            joined.append(piece);
            m_physical = joined.first(kMaxPhysical / 2) + joined.last(64);
            m_physicalCut = true;
        }
        if (nl < 0)
            return out;
        pos = nl + 1;
        QByteArrayView line = m_physical;
        if (line.endsWith('\r'))
            line.chop(1);
        endPhysicalLine(line, out);
        m_physical.clear();
        m_physicalCut = false;
    }
    return out;
}

void ServerLines::endPhysicalLine(QByteArrayView line, QList<QByteArray> &out)
{
    if (m_logical.isEmpty())
        m_fetch = isFetchResponse(line);
    const qint64 literal = literalAtEnd(line);
    QByteArrayView text = line;
    if (literal >= 0)
        text = line.first(line.lastIndexOf('{'));
    QByteArray shown = m_fetch ? omitQuotedStrings(text) : text.toByteArray();
    if (m_physicalCut)
        shown = shown.left(kMaxPhysical / 2) + " \xe2\x80\xa6 [line cut]";
    m_logical.append(shown);
    if (literal >= 0) {
        m_logical.append(literalPlaceholder(literal));
        m_literalLeft = literal;
        return;
    }
    out.append(std::exchange(m_logical, QByteArray()));
    m_fetch = false;
}

QByteArray ServerLines::takeRest()
{
    QByteArray rest = std::exchange(m_logical, QByteArray());
    if (!m_physical.isEmpty())
        rest.append(m_fetch || isFetchResponse(m_physical) ? omitQuotedStrings(m_physical) : m_physical);
    m_physical.clear();
    m_literalLeft = 0;
    m_fetch = false;
    return rest;
}

// ----- ClientLine

void ClientLine::begin(QByteArrayView tag, bool sensitive)
{
    m_line = tag.isEmpty() ? QByteArray() : tag.toByteArray() + ' ';
    m_sensitiveText.clear();
    m_sensitive = sensitive;
    m_redactedPart = false;
    m_verbWritten = false;
}

void ClientLine::text(QByteArrayView text)
{
    if (text.isEmpty())
        return;
    if (!m_sensitive) {
        m_line.append(text);
        return;
    }
    if (!m_verbWritten && m_sensitiveText.size() < 256)
        m_sensitiveText.append(text.first(qMin<qsizetype>(text.size(), 256)));
    m_redactedPart = true;
}

void ClientLine::literal(qint64 size)
{
    if (m_sensitive)
        m_redactedPart = true;
    else
        m_line.append(literalPlaceholder(size));
}

void ClientLine::continuationData()
{
    m_redactedPart = true;
    if (!m_sensitive)
        m_line.append(kRedacted);
}

QByteArray ClientLine::take()
{
    QByteArray out = std::exchange(m_line, QByteArray());
    if (m_sensitive && m_redactedPart) {
        if (!m_verbWritten) {
            out.append(sensitiveCommand(m_sensitiveText));
            m_verbWritten = true;
        } else {
            out.append(kRedacted);
        }
        m_sensitiveText.clear();
    }
    m_redactedPart = false;
    return out;
}

} // namespace ferry::diagnostics::imaptrace
