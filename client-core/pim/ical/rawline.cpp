#include "rawline_p.h"

#include <algorithm>

namespace ferry::pim::detail {

namespace {

constexpr qsizetype kFoldOctets = 75; // RFC 5545 §3.1, without the line ending

bool isLineBreak(char c) { return c == '\r' || c == '\n'; }

qsizetype lineBreakLength(const QByteArray &s, qsizetype p)
{
    if (s[p] == '\r' && p + 1 < s.size() && s[p + 1] == '\n')
        return 2;
    return 1;
}

// Folds one physical line [start, end) of `in` that has grown past 75 octets;
// never inside a UTF-8 sequence.
QByteArray foldPhysical(QByteArrayView line, const QByteArray &lineEnding)
{
    QByteArray out;
    qsizetype pos = 0;
    qsizetype room = kFoldOctets;
    while (line.size() - pos > room) {
        qsizetype cut = pos + room;
        while (cut > pos + 1 && (uchar(line[cut]) & 0xC0) == 0x80)
            --cut;
        out.append(line.sliced(pos, cut - pos));
        out.append(lineEnding);
        out.append(' ');
        pos = cut;
        room = kFoldOctets - 1;
    }
    out.append(line.sliced(pos));
    return out;
}

} // namespace

RawLine::RawLine(const QByteArray &raw, const QByteArray &lineEnding) : m_raw(raw), m_lineEnding(lineEnding)
{
    qsizetype p = m_raw.startsWith("\xEF\xBB\xBF") ? 3 : 0;
    const qsizetype n = m_raw.size();
    bool ownEnding = false;
    m_text.reserve(n - p);
    m_map.reserve(n - p + 1);
    while (p < n) {
        if (isLineBreak(m_raw[p])) {
            const qsizetype len = lineBreakLength(m_raw, p);
            if (!ownEnding) {
                m_lineEnding = m_raw.mid(p, len);
                ownEnding = true;
            }
            if (p + len < n && (m_raw[p + len] == ' ' || m_raw[p + len] == '\t')) {
                p += len + 1; // a fold
                continue;
            }
            break; // the line's own ending
        }
        m_text.append(m_raw[p]);
        m_map.append(p);
        ++p;
    }
    m_map.append(p);
    parseHead();
}

void RawLine::parseHead()
{
    const qsizetype n = m_text.size();
    qsizetype p = 0;
    while (p < n && m_text[p] != ';' && m_text[p] != ':')
        ++p;
    m_nameEnd = p;
    while (p < n && m_text[p] == ';') {
        Param param;
        param.begin = p++;
        const qsizetype nameBegin = p;
        while (p < n && m_text[p] != '=' && m_text[p] != ';' && m_text[p] != ':')
            ++p;
        param.name = m_text.mid(nameBegin, p - nameBegin);
        if (p < n && m_text[p] == '=') {
            do {
                ++p; // '=' or ','
                Span s;
                if (p < n && m_text[p] == '"') {
                    const qsizetype close = m_text.indexOf('"', p + 1);
                    if (close < 0)
                        return; // unterminated quote: no value part
                    s = {p + 1, close, true};
                    p = close + 1;
                } else {
                    s.begin = p;
                    while (p < n && m_text[p] != ',' && m_text[p] != ';' && m_text[p] != ':')
                        ++p;
                    s.end = p;
                }
                param.values.append(s);
            } while (p < n && m_text[p] == ',');
            // Text between a closing quote and the next separator belongs to no value.
            while (p < n && m_text[p] != ';' && m_text[p] != ':')
                ++p;
        }
        param.end = p;
        m_params.append(param);
    }
    if (p < n && m_text[p] == ':')
        m_colon = p;
}

const RawLine::Param *RawLine::param(QByteArrayView name) const
{
    for (const Param &p : m_params)
        if (QByteArrayView(p.name).compare(name, Qt::CaseInsensitive) == 0)
            return &p;
    return nullptr;
}

void RawLine::replace(qsizetype begin, qsizetype end, const QByteArray &with)
{
    m_edits.append({begin, end, with});
}

QByteArray RawLine::toRaw() const
{
    if (m_edits.isEmpty())
        return m_raw;
    QList<Edit> edits = m_edits;
    std::stable_sort(edits.begin(), edits.end(), [](const Edit &a, const Edit &b) { return a.begin < b.begin; });

    QByteArray out;
    QList<std::pair<qsizetype, qsizetype>> touched; // in `out`
    qsizetype cursor = 0;
    for (const Edit &e : std::as_const(edits)) {
        const qsizetype rawBegin = m_map[e.begin];
        // Right after the last replaced octet, so that a fold behind it stays.
        const qsizetype rawEnd = e.end > e.begin ? m_map[e.end - 1] + 1 : rawBegin;
        out.append(m_raw.constData() + cursor, rawBegin - cursor);
        touched.append({out.size(), out.size() + e.with.size()});
        out.append(e.with);
        cursor = std::max(cursor, rawEnd);
    }
    out.append(m_raw.constData() + cursor, m_raw.size() - cursor);

    // Fold again only the physical lines an edit touched and made too long.
    QByteArray result;
    qsizetype start = 0;
    while (start < out.size()) {
        qsizetype end = start;
        while (end < out.size() && !isLineBreak(out[end]))
            ++end;
        const qsizetype breakLen = end < out.size() ? lineBreakLength(out, end) : 0;
        const QByteArrayView line(out.constData() + start, end - start);
        const bool wasTouched = std::any_of(touched.begin(), touched.end(), [&](const auto &t) {
            return t.first <= end && t.second >= start;
        });
        if (wasTouched && line.size() > kFoldOctets)
            result.append(foldPhysical(line, m_lineEnding));
        else
            result.append(line);
        result.append(out.constData() + end, breakLen);
        start = end + breakLen;
    }
    return result;
}

} // namespace ferry::pim::detail
