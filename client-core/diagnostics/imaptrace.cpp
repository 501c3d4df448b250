#include "imaptrace.h"

#include "trace.h"
#include "tracefile.h"

namespace ferry::diagnostics {

std::unique_ptr<ImapTrace> ImapTrace::open(const QString &host, quint16 port)
{
    if (!Trace::enabled())
        return nullptr;
    std::unique_ptr<TraceFile> file = Trace::openFile(QStringLiteral("imap"), host);
    if (!file)
        return nullptr;
    file->write(TraceFile::Note, "connecting to " + host.toUtf8() + ':' + QByteArray::number(port) + " (TLS)");
    return std::make_unique<ImapTrace>(std::move(file));
}

ImapTrace::ImapTrace(std::unique_ptr<TraceFile> file) : m_file(std::move(file)) {}

ImapTrace::~ImapTrace()
{
    endLine();
    const QByteArray rest = m_server.takeRest();
    if (!rest.isEmpty())
        m_file->write(TraceFile::Server, rest + " [incomplete]");
    m_file->write(TraceFile::Note, "connection closed");
}

void ImapTrace::beginCommand(QByteArrayView tag, bool sensitive)
{
    endLine();
    m_client.begin(tag, sensitive);
}

void ImapTrace::endLine()
{
    const QByteArray line = m_client.take();
    if (!line.isEmpty())
        m_file->write(TraceFile::Client, line);
}

void ImapTrace::serverBytes(const char *data, qint64 size)
{
    // Lines the client queued are on the wire before any answer to them.
    endLine();
    for (const QByteArray &line : m_server.feed(QByteArrayView(data, size)))
        m_file->write(TraceFile::Server, line);
}

void ImapTrace::note(QByteArrayView text)
{
    m_file->write(TraceFile::Note, text);
}

} // namespace ferry::diagnostics
