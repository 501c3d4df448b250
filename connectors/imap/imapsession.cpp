#include "imapsession.h"

#include <diagnostics/imaptrace.h>

#include <utility>

namespace ferry {

namespace {
// Read straight into the parser's buffer in big pieces: one syscall + one TLS
// record decryption per 256 KiB on the hot path.
constexpr qint64 kReadChunk = 256 * 1024;
// Output is written in pieces of this size, with a non-blocking read in between,
// so that a long pipelined burst cannot deadlock against a server that stops
// reading while its own replies fill our receive buffer.
constexpr qint64 kWriteChunk = 256 * 1024;
constexpr qint64 kBodyChunk = 1024 * 1024;
// LITERAL- (RFC 7888 §4) allows non-synchronizing literals up to this size.
constexpr qint64 kLiteralMinusMax = 4096;
constexpr int kLogoutTimeoutMs = 2000;
} // namespace

ImapSession::ImapSession() = default;

ImapSession::~ImapSession() { close(); }

Error ImapSession::fail(ErrorCode code, const QString &what, const QString &serverText)
{
    if (m_failure.ok()) {
        m_failure = Error::make(code, what, serverText);
        if (code == ErrorCode::Network)
            m_failure.hint = QStringLiteral("check the network connection; Ferry resumes where it stopped");
        if (m_trace) // no command bytes in `what` or the server's text: safe to trace
            m_trace->note("session failed: " + what.toUtf8() + (serverText.isEmpty() ? "" : " [" + serverText.toUtf8() + ']'));
    }
    close();
    return m_failure;
}

void ImapSession::close()
{
    if (m_open)
        m_tls.close();
    m_open = false;
    m_pending.clear();
    m_out.clear();
    m_parser.reset();
    m_streamed.clear();
    m_continuation = false;
    m_loggingOut = false;
    m_openTag.clear();
    m_trace.reset(); // one trace file per connection
}

Result<ImapResponse> ImapSession::open(const QString &host, quint16 port, const TlsSettings &tls)
{
    close();
    m_failure = Error::none();
    m_capabilities.clear();
    m_capabilitiesKnown = false;
    m_host = host;
    m_ioTimeoutMs = tls.ioTimeoutMs > 0 ? tls.ioTimeoutMs : m_ioTimeoutMs;
    m_trace = diagnostics::ImapTrace::open(host, port);
    if (Error e = m_tls.connect(host, port, tls)) {
        if (m_trace)
            m_trace->note("connection failed: " + e.what.toUtf8());
        m_trace.reset();
        m_failure = e;
        return e;
    }
    m_open = true;

    // The greeting is the first untagged response (RFC 3501 §7.1.1, §7.1.4, §7.1.5).
    bool got = false;
    ImapResponse greeting;
    UntaggedHandler saved = std::exchange(m_untagged, [&](ImapResponse &r) {
        if (!got) {
            greeting = std::move(r);
            got = true;
        }
    });
    Error e;
    while (!got && !e)
        e = readOnce(m_ioTimeoutMs);
    m_untagged = std::move(saved);
    if (e)
        return e;
    if (greeting.kind != ImapResponse::Status
        || (greeting.status.kind != ImapStatus::Ok && greeting.status.kind != ImapStatus::Preauth))
        return fail(ErrorCode::Protocol, QStringLiteral("%1 did not greet like an IMAP server").arg(host),
                    QString::fromUtf8(greeting.status.text));
    return greeting;
}

void ImapSession::logout()
{
    if (!m_open || !m_failure.ok())
        return close();
    m_loggingOut = true;
    const int saved = m_ioTimeoutMs;
    m_ioTimeoutMs = kLogoutTimeoutMs;
    // The server answers "* BYE" then "tag OK"; a failure here changes nothing.
    auto tag = send(ImapCommand("LOGOUT"));
    if (tag.ok())
        (void)wait(*tag);
    m_ioTimeoutMs = saved;
    close();
    if (m_failure.ok())
        m_failure = Error::make(ErrorCode::Network, QStringLiteral("logged out of %1").arg(m_host));
}

bool ImapSession::has(QByteArrayView capability) const
{
    for (const QByteArray &c : m_capabilities)
        if (capability.compare(c, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

void ImapSession::setCapabilities(const QList<QByteArray> &caps)
{
    m_capabilities.clear();
    m_capabilities.reserve(caps.size());
    for (const QByteArray &c : caps)
        m_capabilities.append(c.toUpper());
    m_capabilitiesKnown = true;
}

ItemBody ImapSession::takeStreamedBody(int index)
{
    if (index < 0 || index >= int(m_streamed.size()))
        return ItemBody();
    return std::move(m_streamed[size_t(index)]);
}

bool ImapSession::literalPlusFor(qint64 size) const
{
    return m_nonSyncLiterals && (has("LITERAL+") || (size <= kLiteralMinusMax && has("LITERAL-")));
}

ImapSession::Pending *ImapSession::findPending(const QByteArray &tag)
{
    // Replies come back in order almost always: the front is the usual hit.
    for (Pending &p : m_pending)
        if (p.tag == tag)
            return &p;
    return nullptr;
}

Error ImapSession::writeRaw(const char *data, qint64 len)
{
    while (len > 0) {
        const qint64 n = qMin(len, kWriteChunk);
        if (Error e = m_tls.write(data, n, m_ioTimeoutMs))
            return fail(ErrorCode::Network, QStringLiteral("sending to %1 failed: %2").arg(m_host, e.what), e.serverText);
        data += n;
        len -= n;
        if (len > 0) {
            if (Error e = readOnce(0))
                return e;
        }
    }
    return {};
}

Error ImapSession::flushOutput()
{
    if (!m_failure.ok())
        return m_failure;
    if (m_out.isEmpty())
        return {};
    // Take the buffer first: readOnce() inside writeRaw() calls flushOutput() again.
    QByteArray out = std::exchange(m_out, QByteArray());
    Error e = writeRaw(out.constData(), out.size());
    if (m_out.isEmpty()) { // reuse the allocation
        out.resize(0);
        m_out = std::move(out);
    }
    return e;
}

Error ImapSession::queue(QByteArrayView bytes)
{
    if (bytes.size() >= 64 * 1024) {
        if (Error e = flushOutput())
            return e;
        return writeRaw(bytes.data(), bytes.size());
    }
    m_out.append(bytes.data(), bytes.size());
    if (m_out.size() >= kWriteChunk)
        return flushOutput();
    return {};
}

Error ImapSession::sendBody(const ItemBody &body)
{
    if (body.inMemory())
        return queue(body.bytes());
    if (Error e = flushOutput())
        return e;
    QByteArray chunk;
    for (qint64 off = 0; off < body.size(); off += kBodyChunk) {
        const qint64 n = qMin(kBodyChunk, body.size() - off);
        if (Error e = body.read(off, n, chunk))
            return fail(e.code, e.what, e.serverText);
        if (Error e = writeRaw(chunk.constData(), chunk.size()))
            return e;
    }
    return {};
}

Error ImapSession::waitContinuation(const QByteArray &tag, bool &proceed)
{
    m_continuation = false;
    if (Error e = flushOutput())
        return e;
    for (;;) {
        if (m_continuation) {
            m_continuation = false;
            proceed = true;
            return {};
        }
        const Pending *p = findPending(tag);
        if (!p || p->completed) { // answered NO/BAD instead of "+"
            proceed = false;
            return {};
        }
        if (Error e = readOnce(m_ioTimeoutMs))
            return e;
    }
}

QByteArray ImapSession::addPending(Completion done)
{
    QByteArray tag = "F" + QByteArray::number(m_nextTag++);
    m_pending.push_back(Pending{tag, std::move(done), false, {}});
    return tag;
}

Error ImapSession::writeSegments(const QByteArray &tag, const ImapCommand &command, bool &proceed)
{
    proceed = true;
    for (const ImapCommand::Segment &s : command.segments()) {
        if (Error e = queue(s.text))
            return e;
        if (m_trace)
            m_trace->commandText(s.text);
        if (s.kind == ImapCommand::Segment::Continuation) {
            if (Error e = queue("\r\n"))
                return e;
            if (m_trace)
                m_trace->endLine();
            if (Error e = waitContinuation(tag, proceed))
                return e;
            if (!proceed)
                return {};
            if (Error e = queue(s.data))
                return e;
            if (m_trace) // a SASL response: traced as "<redacted>", never its bytes
                m_trace->continuationData();
            continue;
        }
        const qint64 size = s.kind == ImapCommand::Segment::BodyLiteral ? s.body->size() : s.data.size();
        const bool plus = literalPlusFor(size);
        QByteArray marker = '{' + QByteArray::number(size) + (plus ? "+}\r\n" : "}\r\n");
        if (Error e = queue(marker))
            return e;
        if (m_trace) { // "{N bytes omitted}": literal bytes are never traced
            m_trace->commandLiteral(size);
            if (!plus)
                m_trace->endLine();
        }
        if (!plus) {
            if (Error e = waitContinuation(tag, proceed))
                return e;
            if (!proceed)
                return {};
        }
        if (Error e = s.kind == ImapCommand::Segment::BodyLiteral ? sendBody(*s.body) : queue(s.data))
            return e;
    }
    if (m_trace)
        m_trace->commandText(command.tail());
    return queue(command.tail());
}

Result<QByteArray> ImapSession::send(const ImapCommand &command, Completion done)
{
    if (!m_failure.ok())
        return m_failure;
    if (!m_open)
        return Error::make(ErrorCode::Network, QStringLiteral("not connected"));
    // The structural guarantee: no command ever lands inside an open one.
    if (Error e = closeOpen())
        return e;
    const QByteArray tag = addPending(std::move(done));
    if (Error e = queue(tag + ' '))
        return e;
    if (m_trace)
        m_trace->beginCommand(tag, command.isSensitive());
    bool proceed = true;
    if (Error e = writeSegments(tag, command, proceed))
        return e;
    if (m_trace)
        m_trace->endLine();
    if (!proceed)
        return tag;
    if (Error e = queue("\r\n"))
        return e;
    return tag;
}

Result<QByteArray> ImapSession::sendOpen(const ImapCommand &command, Completion done)
{
    if (!m_failure.ok())
        return m_failure;
    if (!m_open)
        return Error::make(ErrorCode::Network, QStringLiteral("not connected"));
    if (!has("LITERAL+"))
        return Error::make(ErrorCode::Internal, QStringLiteral("an open IMAP command needs LITERAL+"));
    if (Error e = closeOpen())
        return e;
    const QByteArray tag = addPending(std::move(done));
    m_openTag = tag;
    if (Error e = queue(tag + ' '))
        return e;
    if (m_trace)
        m_trace->beginCommand(tag, command.isSensitive());
    if (Error e = writeOpenPart(tag, command))
        return e;
    if (m_trace)
        m_trace->endLine();
    return tag;
}

Error ImapSession::extendOpen(const QByteArray &tag, const ImapCommand &more)
{
    if (!m_failure.ok())
        return m_failure;
    if (!isOpenCommand(tag))
        return Error::make(ErrorCode::Internal, QStringLiteral("extending an IMAP command that is not open"));
    if (m_trace) // a further part of the open command: a line without a tag
        m_trace->beginCommand({}, more.isSensitive());
    Error e = writeOpenPart(tag, more);
    if (m_trace)
        m_trace->endLine();
    return e;
}

Error ImapSession::writeOpenPart(const QByteArray &tag, const ImapCommand &part)
{
    for (const ImapCommand::Segment &s : part.segments())
        if (s.kind == ImapCommand::Segment::Continuation)
            return Error::make(ErrorCode::Internal, QStringLiteral("an open IMAP command cannot wait for \"+\""));
    bool proceed = true;
    if (Error e = writeSegments(tag, part, proceed))
        return e;
    // The server answered while the arguments were still going out (a server
    // that ends a MULTIAPPEND early, RFC 3502 §6.3.11): it reads whatever we
    // already sent after that point as new commands. Drop the connection rather
    // than let message text be taken for commands.
    // It is a fault of the connection, not of any one message: Network, so the
    // engine reconnects and resends (the connector then avoids MULTIAPPEND there).
    if (!isOpenCommand(tag)) {
        m_answeredOpenEarly = true;
        return fail(ErrorCode::Network,
                    QStringLiteral("%1 answered an APPEND before all of its messages were sent").arg(m_host));
    }
    return {};
}

Error ImapSession::closeOpen()
{
    if (m_openTag.isEmpty())
        return {};
    m_openTag.clear();
    if (!m_failure.ok())
        return m_failure;
    return queue("\r\n");
}

Result<ImapResponse> ImapSession::wait(const QByteArray &tag)
{
    if (isOpenCommand(tag)) {
        if (Error e = closeOpen())
            return e;
    }
    for (;;) {
        if (!m_failure.ok())
            return m_failure;
        auto it = m_pending.begin();
        while (it != m_pending.end() && it->tag != tag)
            ++it;
        if (it == m_pending.end())
            return Error::make(ErrorCode::Internal, QStringLiteral("waiting for an unknown IMAP command"));
        if (it->completed) {
            ImapResponse r = std::move(it->response);
            m_pending.erase(it);
            return r;
        }
        if (Error e = readOnce(m_ioTimeoutMs))
            return e;
    }
}

Result<ImapResponse> ImapSession::execute(const ImapCommand &command)
{
    auto tag = send(command);
    if (!tag.ok())
        return tag.error();
    return wait(*tag);
}

Error ImapSession::waitAll()
{
    if (Error e = closeOpen())
        return e;
    for (;;) {
        if (!m_failure.ok())
            return m_failure;
        // Drop results nobody will wait for.
        while (!m_pending.empty() && m_pending.front().completed)
            m_pending.pop_front();
        bool open = false;
        for (const Pending &p : m_pending)
            open = open || !p.completed;
        if (!open)
            return {};
        if (Error e = readOnce(m_ioTimeoutMs))
            return e;
    }
}

Error ImapSession::pump(int timeoutMs) { return readOnce(timeoutMs); }

Error ImapSession::readResponses()
{
    // Only the open command outstanding: nothing will come until it ends.
    if (!m_openTag.isEmpty()) {
        bool others = false;
        for (const Pending &p : m_pending)
            others = others || (!p.completed && p.tag != m_openTag);
        if (!others) {
            if (Error e = closeOpen())
                return e;
        }
    }
    const quint64 before = m_dispatched;
    while (m_dispatched == before) {
        if (Error e = readOnce(m_ioTimeoutMs))
            return e;
    }
    return {};
}

Error ImapSession::readOnce(int timeoutMs, bool *gotData)
{
    if (!m_failure.ok())
        return m_failure;
    if (!m_open)
        return Error::make(ErrorCode::Network, QStringLiteral("not connected"));
    if (Error e = flushOutput())
        return e;
    char *buf = m_parser.writeBuffer(kReadChunk);
    auto n = m_tls.read(buf, m_parser.writeCapacity(), timeoutMs);
    if (!n.ok()) {
        const Error &e = n.error();
        return fail(e.code == ErrorCode::Tls ? ErrorCode::Tls : ErrorCode::Network,
                    QStringLiteral("reading from %1 failed: %2").arg(m_host, e.what), e.serverText);
    }
    if (gotData)
        *gotData = *n > 0;
    if (*n == 0)
        return {};
    if (m_trace)
        m_trace->serverBytes(buf, *n);
    m_parser.commit(*n);
    for (;;) {
        switch (m_parser.next()) {
        case ImapParser::NeedMore:
            return {};
        case ImapParser::LiteralBegin:
            m_streamed.emplace_back();
            if (Error e = m_streamed.back().begin(m_parser.literalSize()))
                return fail(e.code, e.what, e.serverText);
            break;
        case ImapParser::LiteralChunk: {
            const QByteArrayView c = m_parser.literalChunk();
            if (Error e = m_streamed.back().append(c.data(), c.size()))
                return fail(e.code, e.what, e.serverText);
            break;
        }
        case ImapParser::LiteralEnd:
            if (Error e = m_streamed.back().finish())
                return fail(e.code, e.what, e.serverText);
            break;
        case ImapParser::Response: {
            ImapResponse r = m_parser.takeResponse();
            Error e = dispatch(r);
            m_streamed.clear();
            ++m_dispatched;
            if (e)
                return e;
            break;
        }
        case ImapParser::Error:
            return fail(ErrorCode::Protocol, QStringLiteral("%1 sent a response Ferry cannot understand").arg(m_host),
                        m_parser.errorText());
        }
    }
}

Error ImapSession::dispatch(ImapResponse &r)
{
    switch (r.kind) {
    case ImapResponse::Continuation:
        m_continuation = true;
        return {};
    case ImapResponse::Tagged: {
        if (r.status.code.is("CAPABILITY"))
            setCapabilities(r.status.code.args);
        // An answer ends the command: an open one must not be extended further.
        if (r.tag == m_openTag)
            m_openTag.clear();
        Pending *p = findPending(r.tag);
        if (!p || p->completed)
            return fail(ErrorCode::Protocol, QStringLiteral("%1 answered a command Ferry did not send").arg(m_host),
                        QString::fromUtf8(r.tag));
        if (p->done) {
            Completion done = std::move(p->done);
            for (auto it = m_pending.begin(); it != m_pending.end(); ++it) {
                if (&*it == p) {
                    m_pending.erase(it);
                    break;
                }
            }
            done(std::move(r));
        } else {
            p->completed = true;
            p->response = std::move(r);
        }
        return {};
    }
    case ImapResponse::Capability:
        setCapabilities(r.atoms);
        break;
    case ImapResponse::Status:
        if (r.status.code.is("CAPABILITY"))
            setCapabilities(r.status.code.args);
        if (r.status.kind == ImapStatus::Bye && !m_loggingOut) {
            if (m_untagged)
                m_untagged(r);
            return fail(ErrorCode::Network, QStringLiteral("%1 closed the connection").arg(m_host),
                        QString::fromUtf8(r.status.text));
        }
        break;
    default:
        break;
    }
    if (m_untagged)
        m_untagged(r);
    return {};
}

} // namespace ferry
