#include "tracefile.h"

#include "trace.h"

#include <QMutexLocker>

namespace ferry::diagnostics {

namespace {
const QByteArray kTruncated = QByteArrayLiteral("[trace truncated]");
}

TraceFile::TraceFile(std::unique_ptr<QFile> file, qint64 maxBytes) : m_file(std::move(file)), m_maxBytes(maxBytes) {}

TraceFile::~TraceFile()
{
    QMutexLocker lock(&m_mutex);
    if (m_file)
        m_file->close();
}

QString TraceFile::path() const
{
    return m_file ? m_file->fileName() : QString();
}

bool TraceFile::truncated() const
{
    QMutexLocker lock(&m_mutex);
    return m_truncated;
}

QByteArray TraceFile::printable(QByteArrayView text, qsizetype maxLineBytes)
{
    static const char hex[] = "0123456789abcdef";
    const qsizetype n = qMin(text.size(), maxLineBytes);
    QByteArray out;
    out.reserve(n + 16);
    for (qsizetype i = 0; i < n; ++i) {
        const uchar c = uchar(text[i]);
        if (c < 0x20 && c != '\t') {
            out.append("\\x").append(hex[c >> 4]).append(hex[c & 15]);
        } else if (c == 0x7f) {
            out.append("\\x7f");
        } else {
            out.append(char(c));
        }
    }
    if (text.size() > n)
        out.append("\xe2\x80\xa6 [" + QByteArray::number(text.size() - n) + " bytes cut]");
    return out;
}

void TraceFile::write(Direction direction, QByteArrayView text)
{
    QByteArray line = QByteArray::number(Trace::elapsedSeconds(), 'f', 6).rightJustified(12, ' ');
    line.append(' ').append(char(direction)).append(' ').append(printable(text)).append('\n');
    QMutexLocker lock(&m_mutex);
    if (m_truncated || !m_file)
        return;
    if (m_written + line.size() + kTruncated.size() + 1 > m_maxBytes) {
        m_truncated = true;
        m_file->write(kTruncated + '\n');
        m_file->flush();
        return;
    }
    m_written += m_file->write(line);
    // Flushed per line: a trace is read after a crash or a kill, too.
    m_file->flush();
}

} // namespace ferry::diagnostics
