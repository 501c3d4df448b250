#include "httptrace.h"

#include "httptraceformat.h"
#include "trace.h"
#include "tracefile.h"

#include <QList>

namespace ferry::diagnostics {

namespace {

QList<QByteArrayView> lines(QByteArrayView block)
{
    QList<QByteArrayView> out;
    qsizetype pos = 0;
    while (pos < block.size()) {
        qsizetype nl = block.indexOf('\n', pos);
        if (nl < 0)
            nl = block.size();
        QByteArrayView line = block.sliced(pos, nl - pos);
        if (line.endsWith('\r'))
            line.chop(1);
        if (!line.trimmed().isEmpty())
            out.append(line);
        pos = nl + 1;
    }
    return out;
}

} // namespace

std::unique_ptr<HttpTrace> HttpTrace::open(const QString &host, quint16 port)
{
    if (!Trace::enabled())
        return nullptr;
    std::unique_ptr<TraceFile> file = Trace::openFile(QStringLiteral("dav"), host);
    if (!file)
        return nullptr;
    file->write(TraceFile::Note, "transport for https://" + host.toUtf8() + ':' + QByteArray::number(port));
    return std::make_unique<HttpTrace>(std::move(file));
}

HttpTrace::HttpTrace(std::unique_ptr<TraceFile> file) : m_file(std::move(file)) {}

HttpTrace::~HttpTrace()
{
    m_file->write(TraceFile::Note, "transport closed");
}

QByteArray HttpTrace::prefix(quint64 id) const
{
    return '#' + QByteArray::number(id) + ' ';
}

void HttpTrace::requestHeaders(quint64 id, QByteArrayView block)
{
    bool first = true;
    for (const QByteArrayView line : lines(block)) {
        m_file->write(TraceFile::Client, prefix(id) + (first ? httptrace::firstLine(line) : httptrace::headerLine(line)));
        first = false;
    }
}

void HttpTrace::responseHeaders(quint64 id, QByteArrayView block)
{
    for (const QByteArrayView line : lines(block)) {
        m_file->write(TraceFile::Server, prefix(id) + (line.startsWith("HTTP/") ? httptrace::firstLine(line)
                                                                                : httptrace::headerLine(line)));
    }
}

void HttpTrace::requestBody(quint64 id, qint64 size, QByteArrayView contentType)
{
    m_file->write(TraceFile::Client, prefix(id) + httptrace::bodySummary(size, contentType));
}

void HttpTrace::responseBody(quint64 id, const QByteArray &body, QByteArrayView contentType)
{
    m_file->write(TraceFile::Server, prefix(id) + httptrace::bodySummary(body.size(), contentType));
    if (contentType.contains("xml") || body.trimmed().startsWith('<')) {
        const QByteArray summary = httptrace::xmlSummary(body);
        if (!summary.isEmpty())
            m_file->write(TraceFile::Server, prefix(id) + summary);
    }
}

void HttpTrace::info(quint64 id, QByteArrayView text)
{
    for (const QByteArrayView line : lines(text)) {
        const QByteArray lower = line.toByteArray().toLower();
        if (lower.contains("auth") || lower.contains("user") || lower.contains("cookie"))
            continue;
        // One line per TLS handshake record is noise; the summary line
        // ("SSL connection using TLSv1.3 / …") and the certificate stay.
        if (line.startsWith("TLSv") || line.startsWith("SSLv"))
            continue;
        m_file->write(TraceFile::Note, prefix(id) + line.toByteArray());
    }
}

void HttpTrace::note(quint64 id, QByteArrayView text)
{
    m_file->write(TraceFile::Note, prefix(id) + text.toByteArray());
}

} // namespace ferry::diagnostics
