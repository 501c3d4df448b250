#include "csvtable.h"

#include "vcardvalue.h"

#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace ferry::pim {

namespace {

QString decode(const QByteArray &data)
{
    if (data.startsWith("\xFF\xFE") || data.startsWith("\xFE\xFF")) {
        QStringDecoder d(data.startsWith("\xFF\xFE") ? QStringDecoder::Utf16LE : QStringDecoder::Utf16BE);
        return d.decode(QByteArrayView(data).sliced(2));
    }
    const QByteArrayView body = data.startsWith("\xEF\xBB\xBF") ? QByteArrayView(data).sliced(3) : QByteArrayView(data);
    return QString::fromUtf8(repairUtf8(body));
}

QChar pickDelimiter(const QString &text)
{
    // Count candidates outside quotes on the header line.
    int comma = 0, semi = 0, tab = 0;
    bool quoted = false;
    for (const QChar c : text) {
        if (c == u'"')
            quoted = !quoted;
        else if (!quoted && (c == u'\n' || c == u'\r'))
            break;
        else if (!quoted && c == u',')
            ++comma;
        else if (!quoted && c == u';')
            ++semi;
        else if (!quoted && c == u'\t')
            ++tab;
    }
    if (tab > comma && tab > semi)
        return u'\t';
    return semi > comma ? u';' : u',';
}

} // namespace

CsvTable parseCsv(const QByteArray &data)
{
    CsvTable table;
    const QString text = decode(data);
    const QChar delim = pickDelimiter(text);
    QList<CsvRow> records;
    CsvRow row{1, {}};
    QString cell;
    bool quoted = false;
    int line = 1;
    int quoteStart = 0;
    auto endCell = [&] {
        row.cells.append(cell);
        cell.clear();
    };
    auto endRow = [&] {
        endCell();
        const bool empty = std::all_of(row.cells.begin(), row.cells.end(), [](const QString &c) { return c.trimmed().isEmpty(); });
        if (!empty)
            records.append(row);
        row = CsvRow{line, {}};
    };
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < n && text[i + 1] == u'"') {
                    cell += u'"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == u'\n')
                    ++line;
                cell += c;
            }
            continue;
        }
        if (c == u'"') {
            quoted = true;
            quoteStart = line;
        } else if (c == delim) {
            endCell();
        } else if (c == u'\r' || c == u'\n') {
            if (c == u'\r' && i + 1 < n && text[i + 1] == u'\n')
                ++i;
            ++line;
            endRow();
        } else {
            cell += c;
        }
    }
    if (quoted)
        table.issues.append({VCardIssue::BadRecord, quoteStart,
                             u"a quoted CSV field starting here never ends; read to the end of the file"_s});
    if (!cell.isEmpty() || !row.cells.isEmpty())
        endRow();
    if (records.isEmpty())
        return table;
    table.header = records.takeFirst().cells;
    for (QString &h : table.header)
        h = h.trimmed();
    table.rows = records;
    return table;
}

} // namespace ferry::pim
