#include "batchcsv.h"

#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace ferry::cli {

namespace {

bool isBreak(QChar c) { return c == u'\n' || c == u'\r'; }

// Steps over one line break (CRLF, LF or a lone CR) at `i`; returns the new index.
qsizetype skipBreak(const QString &s, qsizetype i)
{
    if (s[i] == u'\r' && i + 1 < s.size() && s[i + 1] == u'\n')
        return i + 2;
    return i + 1;
}

class Reader {
public:
    explicit Reader(const QString &text) : m_s(text) {}

    CsvTable run()
    {
        CsvTable t;
        while (m_i < m_s.size()) {
            const qsizetype start = m_i;
            const int startLine = m_line;
            CsvRecord rec;
            rec.line = startLine;
            QString why;
            if (!record(rec.fields, why)) {
                t.issues.append({startLine, why});
                if (m_unclosed) {
                    // Everything after the opening quote was swallowed: read the
                    // lines after the record's first one again, as records.
                    m_i = start;
                    m_line = startLine;
                    while (m_i < m_s.size() && !isBreak(m_s[m_i]))
                        ++m_i;
                    if (m_i < m_s.size()) {
                        m_i = skipBreak(m_s, m_i);
                        ++m_line;
                    }
                    m_unclosed = false;
                }
                continue;
            }
            if (rec.fields.size() == 1 && rec.fields.first().isEmpty() && !m_quotedSeen)
                continue; // a blank line
            t.records.append(rec);
        }
        return t;
    }

private:
    // One record from m_i up to and including its line break. False + why on a
    // malformed one (m_i then stands after the broken record's line break).
    bool record(QStringList &fields, QString &why)
    {
        m_quotedSeen = false;
        m_inField = false;
        QString field;
        for (;;) {
            if (m_i >= m_s.size()) {
                fields.append(field);
                return true;
            }
            const QChar c = m_s[m_i];
            if (c == u'"' && field.isEmpty() && !m_inField) {
                m_quotedSeen = true;
                if (!quoted(field, why))
                    return false;
                // After the closing quote only a separator or the end of the record may follow.
                if (m_i < m_s.size() && m_s[m_i] != u',' && !isBreak(m_s[m_i])) {
                    why = u"text after a closing quote (a quote inside a quoted field is written twice: \"\")"_s;
                    skipRestOfLine();
                    return false;
                }
                m_inField = true;
                continue;
            }
            if (c == u',') {
                fields.append(field);
                field.clear();
                m_inField = false;
                ++m_i;
                continue;
            }
            if (isBreak(c)) {
                m_i = skipBreak(m_s, m_i);
                ++m_line;
                fields.append(field);
                m_inField = false;
                return true;
            }
            field.append(c); // a quote inside an unquoted field is kept as it is
            m_inField = true;
            ++m_i;
        }
    }

    // A quoted field; m_i at the opening quote. Leaves m_i after the closing one.
    bool quoted(QString &field, QString &why)
    {
        ++m_i;
        while (m_i < m_s.size()) {
            const QChar c = m_s[m_i];
            if (c == u'"') {
                if (m_i + 1 < m_s.size() && m_s[m_i + 1] == u'"') {
                    field.append(u'"');
                    m_i += 2;
                    continue;
                }
                ++m_i;
                return true;
            }
            if (c == u'\r' && m_i + 1 < m_s.size() && m_s[m_i + 1] == u'\n') {
                field.append(u'\n'); // CRLF inside a field is one line break, as on LF systems
                m_i += 2;
                ++m_line;
                continue;
            }
            if (isBreak(c))
                ++m_line;
            field.append(c);
            ++m_i;
        }
        why = u"a quoted field is never closed (a quote is missing)"_s;
        m_unclosed = true;
        return false;
    }

    void skipRestOfLine()
    {
        while (m_i < m_s.size() && !isBreak(m_s[m_i]))
            ++m_i;
        if (m_i < m_s.size()) {
            m_i = skipBreak(m_s, m_i);
            ++m_line;
        }
        m_inField = false;
    }

    const QString &m_s;
    qsizetype m_i = 0;
    int m_line = 1;
    bool m_inField = false;    // the current field has started (text or a quoted part)
    bool m_quotedSeen = false; // the current record had a quoted field ("" alone is not a blank line)
    bool m_unclosed = false;
};

} // namespace

CsvTable readCsv(const QByteArray &data)
{
    QStringDecoder decode(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decode(data);
    if (decode.hasError()) {
        CsvTable t;
        t.utf8 = false;
        return t;
    }
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);
    return Reader(text).run();
}

} // namespace ferry::cli
