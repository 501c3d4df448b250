// AddressMap::addCsv: the CSV a helpdesk exports from a spreadsheet. RFC 4180
// quoting, but tolerant of what spreadsheets really write: ';' or TAB as the
// separator (locales where ',' is the decimal mark), a UTF-8 BOM, LF or CRLF,
// empty trailing cells ("a@x,b@y,,"). Parsed byte-wise (the syntax characters are
// ASCII, so UTF-8 sequences are never split), each cell then decoded as UTF-8.
#include "addressmap.h"

#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace ferry::pim {

namespace {

struct CsvRecord {
    int line = 0;
    QList<QByteArray> cells;
    QString error;
};

class CsvReader {
public:
    explicit CsvReader(const QByteArray &data) : m_data(data)
    {
        if (m_data.startsWith("\xEF\xBB\xBF"))
            m_pos = 3;
    }

    // False at the end of the input.
    bool next(CsvRecord &rec)
    {
        skipBlankAndComments();
        if (m_pos >= m_data.size())
            return false;
        rec = CsvRecord{};
        rec.line = m_line;
        if (!m_separator)
            m_separator = detectSeparator();
        QByteArray cell;
        while (true) {
            cell.clear();
            skipSpaces();
            if (m_pos < m_data.size() && m_data[m_pos] == '"') {
                if (!readQuoted(cell)) {
                    rec.error = u"unterminated quote"_s;
                    m_pos = m_data.size();
                    return true;
                }
                skipSpaces();
                if (m_pos < m_data.size() && m_data[m_pos] != m_separator && !atLineEnd()) {
                    rec.error = u"text after a closing quote"_s;
                    skipToNextLine();
                    return true;
                }
            } else {
                while (m_pos < m_data.size() && m_data[m_pos] != m_separator && !atLineEnd())
                    cell += m_data[m_pos++];
            }
            rec.cells.append(cell.trimmed());
            if (m_pos < m_data.size() && m_data[m_pos] == m_separator) {
                ++m_pos;
                continue;
            }
            skipLineEnd();
            return true;
        }
    }

private:
    bool atLineEnd() const { return m_data[m_pos] == '\n' || m_data[m_pos] == '\r'; }

    void skipSpaces()
    {
        while (m_pos < m_data.size() && (m_data[m_pos] == ' ' || (m_data[m_pos] == '\t' && m_separator != '\t')))
            ++m_pos;
    }

    void skipLineEnd()
    {
        if (m_pos < m_data.size() && m_data[m_pos] == '\r')
            ++m_pos;
        if (m_pos < m_data.size() && m_data[m_pos] == '\n')
            ++m_pos;
        ++m_line;
    }

    void skipToNextLine()
    {
        while (m_pos < m_data.size() && !atLineEnd())
            ++m_pos;
        skipLineEnd();
    }

    void skipBlankAndComments()
    {
        while (m_pos < m_data.size()) {
            qsizetype p = m_pos;
            while (p < m_data.size() && (m_data[p] == ' ' || m_data[p] == '\t'))
                ++p;
            if (p < m_data.size() && m_data[p] != '#' && m_data[p] != '\r' && m_data[p] != '\n')
                return;
            m_pos = p;
            skipToNextLine();
        }
    }

    char detectSeparator() const
    {
        bool quoted = false;
        for (qsizetype p = m_pos; p < m_data.size(); ++p) {
            const char c = m_data[p];
            if (c == '"')
                quoted = !quoted;
            else if (!quoted && (c == ',' || c == ';' || c == '\t'))
                return c;
            else if (!quoted && (c == '\n' || c == '\r'))
                break;
        }
        return ',';
    }

    bool readQuoted(QByteArray &cell)
    {
        ++m_pos; // opening quote
        while (m_pos < m_data.size()) {
            const char c = m_data[m_pos++];
            if (c == '"') {
                if (m_pos < m_data.size() && m_data[m_pos] == '"') {
                    cell += '"';
                    ++m_pos;
                    continue;
                }
                return true;
            }
            if (c == '\n')
                ++m_line;
            cell += c;
        }
        return false;
    }

    const QByteArray &m_data;
    qsizetype m_pos = 0;
    int m_line = 1;
    char m_separator = 0;
};

} // namespace

QList<AddressMapIssue> AddressMap::addCsv(const QByteArray &csv)
{
    AddressMap staged = *this; // all or nothing
    QList<AddressMapIssue> issues;
    CsvReader reader(csv);
    CsvRecord rec;
    bool first = true;
    while (reader.next(rec)) {
        const bool isFirst = std::exchange(first, false);
        if (!rec.error.isEmpty()) {
            issues.append({rec.line, rec.error});
            continue;
        }
        while (rec.cells.size() > 2 && rec.cells.last().isEmpty())
            rec.cells.removeLast();
        QStringList cells;
        bool badUtf8 = false;
        for (const QByteArray &raw : std::as_const(rec.cells)) {
            QStringDecoder dec(QStringDecoder::Utf8);
            cells.append(dec.decode(raw));
            badUtf8 = badUtf8 || dec.hasError();
        }
        if (badUtf8) {
            issues.append({rec.line, u"not valid UTF-8"_s});
            continue;
        }
        if (isFirst && !cells.join(QString()).contains(u'@'))
            continue; // header ("old,new")
        if (cells.size() != 2) {
            issues.append({rec.line, u"expected two columns (old address, new address), found %1"_s.arg(cells.size())});
            continue;
        }
        QString error;
        const bool pattern = cells[0].contains(u"{local}") || cells[0].startsWith(u"*@")
                             || cells[1].contains(u"{local}") || cells[1].startsWith(u"*@");
        const bool ok = pattern ? staged.addPattern(cells[0], cells[1], &error)
                                : staged.addPair(cells[0], cells[1], &error);
        if (!ok)
            issues.append({rec.line, error});
    }
    if (issues.isEmpty())
        *this = std::move(staged);
    return issues;
}

} // namespace ferry::pim
