// Surgical edits on one content line (RFC 5545 §3.1) *as it was written*: the
// line is unfolded with a map from every unfolded octet back to its place in the
// original bytes, spans of the unfolded text are replaced, and the original bytes
// come back with only those spans changed — folds, parameter spelling, quoting and
// the line ending elsewhere stay. ContentLine (pim/text) gives values but no
// positions and rebuilds a dirty line whole, which would re-quote and refold
// parameters Ferry never touched; this is the positional layer under the edits.
#pragma once

#include <QByteArray>
#include <QList>

namespace ferry::pim::detail {

class RawLine {
public:
    struct Span {
        qsizetype begin = 0;   // in text(), quotes excluded
        qsizetype end = 0;
        bool quoted = false;
    };
    struct Param {
        QByteArray name;       // as spelled
        qsizetype begin = 0;   // the ';' that starts it
        qsizetype end = 0;     // where the next ';' or the ':' is
        QList<Span> values;
    };

    // `lineEnding` is used for new folds when `raw` has none of its own.
    explicit RawLine(const QByteArray &raw, const QByteArray &lineEnding = QByteArrayLiteral("\r\n"));

    const QByteArray &text() const { return m_text; } // unfolded, without BOM and line ending
    qsizetype colon() const { return m_colon; }       // -1: not a content line
    qsizetype nameEnd() const { return m_nameEnd; }
    const QList<Param> &params() const { return m_params; }
    QByteArray name() const { return m_text.left(m_nameEnd); }
    QByteArray value() const { return m_colon < 0 ? QByteArray() : m_text.mid(m_colon + 1); }
    QByteArray spanText(const Span &s) const { return m_text.mid(s.begin, s.end - s.begin); }
    const Param *param(QByteArrayView name) const;

    // Replaces text()[begin, end) by `with` (begin == end inserts). Edits must not
    // overlap; they apply together in toRaw().
    void replace(qsizetype begin, qsizetype end, const QByteArray &with);
    bool edited() const { return !m_edits.isEmpty(); }

    // The original bytes with the edits applied.
    QByteArray toRaw() const;

private:
    struct Edit {
        qsizetype begin;
        qsizetype end;
        QByteArray with;
    };
    void parseHead();

    QByteArray m_raw;
    QByteArray m_lineEnding;
    QByteArray m_text;
    QList<qsizetype> m_map;   // m_text[i] is at m_raw[m_map[i]]; m_map[size] = end of content
    qsizetype m_colon = -1;
    qsizetype m_nameEnd = 0;
    QList<Param> m_params;
    QList<Edit> m_edits;
};

} // namespace ferry::pim::detail
