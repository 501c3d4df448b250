#include "imapcommand.h"

#include <connector/itembody.h>

namespace ferry {

namespace {
// Long values go as literals: some servers cap quoted strings (and lines).
constexpr qsizetype kMaxQuoted = 1024;

// ATOM-CHAR: any CHAR except atom-specials (RFC 3501 §9).
bool isAtomChar(char c)
{
    const uchar u = uchar(c);
    if (u <= 0x20 || u >= 0x7f)
        return false;
    switch (c) {
    case '(': case ')': case '{': case '%': case '*': case '"': case '\\': case ']':
        return false;
    default:
        return true;
    }
}
} // namespace

bool ImapCommand::isQuotable(QByteArrayView value)
{
    if (value.size() > kMaxQuoted)
        return false;
    for (const char c : value) {
        const uchar u = uchar(c);
        // QUOTED-CHAR is 7-bit TEXT-CHAR: no NUL, CR, LF, no 8-bit.
        if (u == 0 || u == '\r' || u == '\n' || u >= 0x80)
            return false;
    }
    return true;
}

bool ImapCommand::isFlagAtom(QByteArrayView flag)
{
    if (flag.isEmpty())
        return false;
    qsizetype i = 0;
    if (flag.at(0) == '\\') {
        if (flag.size() == 1)
            return false;
        i = 1;
    }
    for (; i < flag.size(); ++i)
        if (!isAtomChar(flag.at(i)))
            return false;
    return true;
}

ImapCommand &ImapCommand::string(QByteArrayView value)
{
    if (!isQuotable(value))
        return literal(value.toByteArray());
    m_tail.reserve(m_tail.size() + value.size() + 2);
    m_tail.append('"');
    for (const char c : value) {
        if (c == '"' || c == '\\')
            m_tail.append('\\');
        m_tail.append(c);
    }
    m_tail.append('"');
    return *this;
}

ImapCommand &ImapCommand::literal(QByteArray bytes)
{
    Segment s;
    s.text = std::move(m_tail);
    s.kind = Segment::Literal;
    s.data = std::move(bytes);
    m_segments.push_back(std::move(s));
    m_tail.clear();
    return *this;
}

ImapCommand &ImapCommand::literal(const ItemBody *body)
{
    Segment s;
    s.text = std::move(m_tail);
    s.kind = Segment::BodyLiteral;
    s.body = body;
    m_segments.push_back(std::move(s));
    m_tail.clear();
    return *this;
}

ImapCommand &ImapCommand::continuation(QByteArray line)
{
    Segment s;
    s.text = std::move(m_tail);
    s.kind = Segment::Continuation;
    s.data = std::move(line);
    m_segments.push_back(std::move(s));
    m_tail.clear();
    return *this;
}

qint64 ImapCommand::payloadSize() const
{
    qint64 n = 0;
    for (const Segment &s : m_segments)
        n += s.kind == Segment::BodyLiteral ? (s.body ? s.body->size() : 0) : s.data.size();
    return n;
}

} // namespace ferry
