#include "fakeimapserver.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <QFile>
#include <QStringList>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <deque>
#include <cstring>
#include <mutex>
#include <optional>
#include <thread>

namespace ferry::test {
namespace {

using Clock = std::chrono::steady_clock;
using Kind = TranscriptStep::Kind;

constexpr int kSliceMs = 50;         // how often blocking waits look at the stop flag
constexpr int kMaxLine = 1 << 20;    // a "line" longer than this is a runaway client
constexpr int kLogKeep = 400;
constexpr int kLogShow = 60;
constexpr int kEarlyLiteralMs = 200; // how long a sync literal must stay unsent before "+"

QString opensslError()
{
    const unsigned long e = ERR_peek_last_error();
    const char *r = e ? ERR_reason_error_string(e) : nullptr;
    return r ? QString::fromLatin1(r) : QStringLiteral("unknown error");
}

QString shown(const QByteArray &bytes)
{
    QString s = QString::fromUtf8(bytes.left(300));
    if (bytes.size() > 300)
        s += QStringLiteral("… (%1 bytes)").arg(bytes.size());
    return s;
}

// "{123}" / "{123+}" at the end of a client line (RFC 3501 literal, RFC 7888 LITERAL+).
bool literalAnnounced(const QByteArray &line, qint64 *size, bool *sync)
{
    if (!line.endsWith('}'))
        return false;
    const int open = line.lastIndexOf('{');
    if (open < 0)
        return false;
    QByteArray inner = line.mid(open + 1, line.size() - open - 2);
    *sync = !inner.endsWith('+');
    if (!*sync)
        inner.chop(1);
    bool ok = false;
    *size = inner.toLongLong(&ok);
    return ok && *size >= 0 && !inner.isEmpty();
}

} // namespace

struct FakeImapServer::Private {
    enum class Io { Ok, Timeout, Eof, Stopped };

    Options options;
    Transcript transcript;
    quint16 port = 0;

    std::thread thread;
    std::atomic<bool> stopFlag{false};

    // Guards the fds (stop() shuts them down from another thread) and the results.
    mutable std::mutex mutex;
    std::condition_variable finishedCv;
    int listenFd = -1;
    int clientFd = -1;
    bool finished = false;
    bool played = false;
    int connections = 0;
    QString failure;
    QString handshake;
    QStringList log;
    QList<QByteArray> literals;

    SSL_CTX *ctx = nullptr;
    SSL *ssl = nullptr;

    // Session state (server thread only).
    QByteArray in;
    qsizetype inPos = 0;
    std::optional<QByteArray> peeked;
    std::deque<QByteArray> openTags;
    qint64 pendingLiteral = -1;
    bool pendingSync = false;
    bool afterLiteral = false;
    int partialLogged = 0;

    ~Private()
    {
        if (ctx)
            SSL_CTX_free(ctx);
    }

    void record(const QString &line)
    {
        std::lock_guard lock(mutex);
        log.append(line);
        if (log.size() > kLogKeep)
            log.removeFirst();
    }

    void fail(const QString &why)
    {
        std::lock_guard lock(mutex);
        if (failure.isEmpty())
            failure = why;
    }

    void fail(const TranscriptStep &step, const QString &why, const QString &received = {})
    {
        QString s = QStringLiteral("%1:%2: %3\n  expected: %4").arg(transcript.name()).arg(step.line).arg(why, step.display());
        if (!received.isNull())
            s += QStringLiteral("\n  received: ") + received;
        fail(s);
    }

    bool failed() const
    {
        std::lock_guard lock(mutex);
        return !failure.isEmpty();
    }

    // --- I/O ---------------------------------------------------------------

    Io waitReadable(int timeoutMs)
    {
        const auto end = Clock::now() + std::chrono::milliseconds(timeoutMs);
        for (;;) {
            if (stopFlag)
                return Io::Stopped;
            if (ssl && SSL_pending(ssl) > 0)
                return Io::Ok;
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - Clock::now()).count();
            if (left <= 0)
                return Io::Timeout;
            pollfd p = {clientFd, POLLIN, 0};
            const int r = ::poll(&p, 1, int(std::min<qint64>(left, kSliceMs)));
            if (r > 0)
                return Io::Ok;
        }
    }

    Io fill(int timeoutMs)
    {
        const Io w = waitReadable(timeoutMs);
        if (w != Io::Ok)
            return w;
        char buf[16384];
        ERR_clear_error();
        const int n = SSL_read(ssl, buf, sizeof buf);
        if (n > 0) {
            if (inPos > 65536 && inPos > in.size() / 2) {
                in.remove(0, inPos);
                inPos = 0;
            }
            in.append(buf, n);
            return Io::Ok;
        }
        const int e = SSL_get_error(ssl, n);
        if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) // SO_RCVTIMEO ran out mid-record
            return stopFlag ? Io::Stopped : Io::Timeout;
        return stopFlag ? Io::Stopped : Io::Eof;
    }

    Io readLine(QByteArray &line, int timeoutMs)
    {
        if (peeked) {
            line = *peeked;
            peeked.reset();
            return Io::Ok;
        }
        const auto end = Clock::now() + std::chrono::milliseconds(timeoutMs);
        for (;;) {
            const qsizetype crlf = in.indexOf("\r\n", inPos);
            if (crlf >= 0) {
                line = in.mid(inPos, crlf - inPos);
                inPos = crlf + 2;
                return Io::Ok;
            }
            if (in.size() - inPos > kMaxLine)
                return Io::Eof;
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - Clock::now()).count();
            if (left <= 0)
                return Io::Timeout;
            const Io r = fill(int(left));
            if (r != Io::Ok)
                return r;
        }
    }

    Io readBytes(qint64 n, QByteArray &out)
    {
        // The client may take ioTimeoutMs per chunk, not per literal (big APPENDs).
        while (in.size() - inPos < n) {
            const Io r = fill(options.ioTimeoutMs);
            if (r != Io::Ok)
                return r;
        }
        out = in.mid(inPos, n);
        inPos += n;
        return Io::Ok;
    }

    bool send(const QByteArray &bytes)
    {
        qsizetype done = 0;
        auto deadline = Clock::now() + std::chrono::milliseconds(options.ioTimeoutMs);
        while (done < bytes.size()) {
            if (stopFlag)
                return false;
            ERR_clear_error();
            const int n = SSL_write(ssl, bytes.constData() + done, int(bytes.size() - done));
            if (n <= 0) {
                const int e = SSL_get_error(ssl, n);
                // SO_SNDTIMEO expired: a client that does not read for that long has stalled.
                if ((e == SSL_ERROR_WANT_WRITE || e == SSL_ERROR_WANT_READ) && Clock::now() < deadline)
                    continue;
                return false;
            }
            done += n;
            deadline = Clock::now() + std::chrono::milliseconds(options.ioTimeoutMs);
        }
        return true;
    }

    QString unreadHint() const
    {
        if (in.size() > inPos)
            return QStringLiteral(" (received without CRLF so far: %1)").arg(shown(in.mid(inPos)));
        return {};
    }

    // --- the replay ----------------------------------------------------------

    bool sendServerLine(const TranscriptStep &step)
    {
        QByteArray text = step.text;
        if (text == "$" || text.startsWith("$ ")) {
            if (openTags.empty()) {
                fail(step, QStringLiteral("the transcript answers a tagged response, but no client command is open"));
                return false;
            }
            text.replace(0, 1, openTags.front());
            openTags.pop_front();
        }
        if (text.startsWith('+') && pendingLiteral >= 0 && pendingSync) {
            // RFC 3501 §7.5: the client must wait for this continuation before
            // sending a synchronizing literal.
            const bool early = in.size() > inPos || waitReadable(kEarlyLiteralMs) == Io::Ok;
            if (early) {
                fail(step, QStringLiteral("the client sent literal data before the server's continuation request"),
                     QStringLiteral("data before \"+\"") + unreadHint());
                return false;
            }
        }
        record(QStringLiteral("S: ") + QString::fromUtf8(text));
        if (!send(text + "\r\n")) {
            fail(step, QStringLiteral("the connection broke while the server was sending"));
            return false;
        }
        return true;
    }

    // The client line matched a C: (or C?:) step: remember its tag and literal.
    void accept(const QByteArray &line, bool isCommand)
    {
        record(QStringLiteral("C: ") + QString::fromUtf8(line));
        if (isCommand) {
            const int sp = line.indexOf(' ');
            openTags.push_back(sp > 0 ? line.left(sp) : line);
        }
        qint64 size = -1;
        bool sync = false;
        if (literalAnnounced(line, &size, &sync)) {
            pendingLiteral = size;
            pendingSync = sync;
        } else {
            pendingLiteral = -1;
        }
    }

    // Names the usual literal mix-up instead of a bare "different line".
    static QString mismatchReason(const QByteArray &pattern, const QByteArray &line)
    {
        qint64 size = 0;
        bool sync = false;
        if (literalAnnounced(line, &size, &sync)) {
            const QByteArray head = line.left(line.lastIndexOf('{'));
            if (sync && globMatch(pattern, head + '{' + QByteArray::number(size) + "+}"))
                return QStringLiteral("the client sent a synchronizing literal {%1}, the transcript expects "
                                      "a non-synchronizing one {%1+} (LITERAL+)").arg(size);
            if (!sync && globMatch(pattern, head + '{' + QByteArray::number(size) + '}'))
                return QStringLiteral("the client sent a non-synchronizing literal {%1+}, but this server "
                                      "did not offer LITERAL+ and expects {%1}").arg(size);
        }
        return QStringLiteral("the client sent a different line");
    }

    bool playClientLine(int i)
    {
        const TranscriptStep &step = transcript.steps().at(i);
        QByteArray line;
        const Io r = readLine(line, options.ioTimeoutMs);
        if (r == Io::Timeout) {
            fail(step, QStringLiteral("timed out after %1 ms waiting for the client").arg(options.ioTimeoutMs),
                 QStringLiteral("nothing") + unreadHint());
            return false;
        }
        if (r != Io::Ok) {
            fail(step, QStringLiteral("the client closed the connection"),
                 QStringLiteral("end of stream") + unreadHint());
            return false;
        }
        if (!globMatch(step.text, line)) {
            record(QStringLiteral("C: ") + QString::fromUtf8(line) + QStringLiteral("   <-- mismatch"));
            fail(step, mismatchReason(step.text, line), QStringLiteral("C: ") + shown(line));
            return false;
        }
        // A line right after a literal continues the same command: no new tag.
        accept(line, !afterLiteral && line.compare("DONE", Qt::CaseInsensitive) != 0);
        afterLiteral = false;

        if (pendingLiteral >= 0 && i + 1 < transcript.steps().size()) {
            const TranscriptStep &next = transcript.steps().at(i + 1);
            const bool expectsContinuation = next.kind == Kind::ServerLine && next.text.startsWith('+');
            if (pendingSync && !expectsContinuation) {
                fail(step, QStringLiteral("the client announced a synchronizing literal {%1} (it waits for \"+\"), "
                                          "but the transcript expects a non-synchronizing one {%1+} (LITERAL+)")
                               .arg(pendingLiteral),
                     QStringLiteral("C: ") + shown(line));
                return false;
            }
            if (!pendingSync && expectsContinuation) {
                fail(step, QStringLiteral("the client sent a non-synchronizing literal {%1+}, but this server "
                                          "did not offer LITERAL+ and expects {%1}")
                               .arg(pendingLiteral),
                     QStringLiteral("C: ") + shown(line));
                return false;
            }
        }
        return true;
    }

    bool playClientLiteral(const TranscriptStep &step)
    {
        if (pendingLiteral < 0) {
            fail(step, QStringLiteral("the transcript expects a literal, but the client's last line announced none"));
            return false;
        }
        if (step.literalSize >= 0 && step.literalSize != pendingLiteral) {
            fail(step, QStringLiteral("the client's literal has a different size"),
                 QStringLiteral("C: <literal %1 bytes>").arg(pendingLiteral));
            return false;
        }
        QByteArray data;
        if (readBytes(pendingLiteral, data) != Io::Ok) {
            fail(step, QStringLiteral("the client did not send all %1 bytes of its literal").arg(pendingLiteral),
                 QStringLiteral("%1 bytes").arg(in.size() - inPos));
            return false;
        }
        record(QStringLiteral("C: <literal %1 bytes>").arg(data.size()));
        {
            std::lock_guard lock(mutex);
            literals.append(data);
        }
        pendingLiteral = -1;
        afterLiteral = true;
        return true;
    }

    // A run of optional blocks (C?: + its S?: lines) in front of index `i`: the
    // client may send any of them, each at most once, in any order. Only used
    // when the server would read from the client next anyway; returns the index
    // of the first step after the run.
    int playOptionalRun(int i)
    {
        const QList<TranscriptStep> &steps = transcript.steps();
        int end = i;
        QList<int> blocks;
        for (; end < steps.size() && steps.at(end).optional; ++end) {
            if (steps.at(end).kind == Kind::ClientLine)
                blocks.append(end);
        }
        const bool readsNext = end == steps.size() || steps.at(end).kind == Kind::ClientLine;
        if (!readsNext)
            return end;
        QList<bool> used(blocks.size(), false);
        for (;;) {
            QByteArray line;
            if (readLine(line, options.ioTimeoutMs) != Io::Ok)
                return end; // the next step reports it
            int hit = -1;
            for (int b = 0; b < blocks.size() && hit < 0; ++b) {
                if (!used.at(b) && globMatch(steps.at(blocks.at(b)).text, line))
                    hit = b;
            }
            if (hit < 0) {
                peeked = line;
                return end;
            }
            used[hit] = true;
            accept(line, true);
            for (int s = blocks.at(hit) + 1; s < end && steps.at(s).kind == Kind::ServerLine; ++s) {
                if (!sendServerLine(steps.at(s)))
                    return int(steps.size()) + 1;
            }
        }
    }

    void endPhase()
    {
        // Transcript done: let the client log out and hang up.
        for (;;) {
            QByteArray line;
            if (readLine(line, options.ioTimeoutMs) != Io::Ok)
                return;
            if (globMatch("* LOGOUT", line)) {
                record(QStringLiteral("C: ") + QString::fromUtf8(line));
                const QByteArray tag = line.left(line.indexOf(' '));
                record(QStringLiteral("S: * BYE / %1 OK (automatic LOGOUT answer)").arg(QString::fromUtf8(tag)));
                if (!send("* BYE Fake server logging out\r\n" + tag + " OK LOGOUT completed\r\n"))
                    return;
                continue;
            }
            record(QStringLiteral("C: ") + QString::fromUtf8(line) + QStringLiteral("   <-- after the end"));
            fail(QStringLiteral("%1: the client sent a line after the end of the transcript\n  expected: (end, or LOGOUT)\n"
                                "  received: C: %2")
                     .arg(transcript.name(), shown(line)));
            return;
        }
    }

    bool play()
    {
        const QList<TranscriptStep> &steps = transcript.steps();
        int i = 0;
        while (i < steps.size()) {
            if (stopFlag)
                return false;
            const TranscriptStep &step = steps.at(i);
            if (step.optional) {
                i = playOptionalRun(i);
                if (i > steps.size())
                    return false;
                continue;
            }
            switch (step.kind) {
            case Kind::ServerLine:
                if (!sendServerLine(step))
                    return false;
                break;
            case Kind::ServerData:
            case Kind::ServerRaw: {
                const QByteArray bytes = step.kind == Kind::ServerData ? step.text + "\r\n" : step.text;
                if (partialLogged++ < 3)
                    record((step.kind == Kind::ServerData ? QStringLiteral("D: ") : QStringLiteral("L: "))
                           + QString::fromUtf8(step.text));
                if (!send(bytes)) {
                    fail(step, QStringLiteral("the connection broke while the server was sending"));
                    return false;
                }
                break;
            }
            case Kind::ClientLine:
                if (!playClientLine(i))
                    return false;
                break;
            case Kind::ClientLiteral:
                if (!playClientLiteral(step))
                    return false;
                break;
            case Kind::Close:
                record(QStringLiteral("X: close"));
                return true;
            case Kind::Sleep:
                std::this_thread::sleep_for(std::chrono::milliseconds(step.sleepMs));
                break;
            }
            if (step.kind != Kind::ServerData && step.kind != Kind::ServerRaw)
                partialLogged = 0;
            ++i;
        }
        endPhase();
        return !failed();
    }

    // --- thread ------------------------------------------------------------

    int acceptOne()
    {
        const auto end = Clock::now() + std::chrono::milliseconds(options.acceptTimeoutMs);
        while (!stopFlag && Clock::now() < end) {
            pollfd p = {listenFd, POLLIN, 0};
            if (::poll(&p, 1, kSliceMs) > 0) {
                const int fd = ::accept4(listenFd, nullptr, nullptr, SOCK_CLOEXEC);
                if (fd >= 0)
                    return fd;
            }
        }
        return -1;
    }

    void run()
    {
        const int fd = acceptOne();
        {
            std::lock_guard lock(mutex);
            // One connection only: a reconnect attempt is refused at once.
            ::close(listenFd);
            listenFd = -1;
            clientFd = fd;
            if (fd >= 0)
                ++connections;
        }
        if (fd >= 0) {
            timeval tv = {options.ioTimeoutMs / 1000, (options.ioTimeoutMs % 1000) * 1000};
            ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
            ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
            const int one = 1;
            ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            if (options.silent)
                holdSilently();
            else
                serveTls();
        } else if (!stopFlag) {
            fail(QStringLiteral("%1: the client never connected").arg(transcript.name()));
        }
        std::lock_guard lock(mutex);
        if (clientFd >= 0) {
            ::close(clientFd);
            clientFd = -1;
        }
        finished = true;
        finishedCv.notify_all();
    }

    void holdSilently()
    {
        const auto end = Clock::now() + std::chrono::milliseconds(options.acceptTimeoutMs);
        char sink[4096];
        while (!stopFlag && Clock::now() < end) {
            pollfd p = {clientFd, POLLIN, 0};
            if (::poll(&p, 1, kSliceMs) > 0 && ::recv(clientFd, sink, sizeof sink, 0) <= 0)
                break;
        }
        std::lock_guard lock(mutex);
        played = true;
    }

    void serveTls()
    {
        ssl = SSL_new(ctx);
        SSL_set_fd(ssl, clientFd);
        ERR_clear_error();
        if (SSL_accept(ssl) != 1) {
            {
                std::lock_guard lock(mutex);
                handshake = opensslError();
            }
            record(QStringLiteral("(TLS handshake failed: %1)").arg(opensslError()));
        } else {
            record(QStringLiteral("(TLS %1 established)").arg(QString::fromLatin1(SSL_get_version(ssl))));
            const bool ok = play();
            {
                std::lock_guard lock(mutex);
                played = ok;
            }
            const TranscriptStep *last = transcript.steps().isEmpty() ? nullptr : &transcript.steps().last();
            // X: close drops the connection without close_notify, like a crash.
            if (!(last && last->kind == Kind::Close))
                SSL_shutdown(ssl);
        }
        SSL_free(ssl);
        ssl = nullptr;
    }
};

FakeImapServer::FakeImapServer() : d(std::make_unique<Private>()) {}

FakeImapServer::~FakeImapServer()
{
    stop();
}

bool FakeImapServer::start(const Options &options, const Transcript &transcript, QString *error)
{
    if (d->thread.joinable()) {
        *error = QStringLiteral("the server was started already");
        return false;
    }
    // A client that hangs up while we write must not kill the test process.
    std::signal(SIGPIPE, SIG_IGN);
    d->options = options;
    d->transcript = transcript;

    if (!options.silent) {
        ERR_clear_error();
        d->ctx = SSL_CTX_new(TLS_server_method());
        const QByteArray cert = QFile::encodeName(options.certFile);
        const QByteArray key = QFile::encodeName(options.keyFile);
        if (!d->ctx || SSL_CTX_use_certificate_chain_file(d->ctx, cert.constData()) != 1
            || SSL_CTX_use_PrivateKey_file(d->ctx, key.constData(), SSL_FILETYPE_PEM) != 1
            || SSL_CTX_check_private_key(d->ctx) != 1) {
            *error = QStringLiteral("cannot load %1 / %2: %3").arg(options.certFile, options.keyFile, opensslError());
            return false;
        }
        if (options.maxTlsVersion) {
            // Old protocol versions need security level 0 in OpenSSL 3.
            SSL_CTX_set_security_level(d->ctx, 0);
            if (SSL_CTX_set_cipher_list(d->ctx, "DEFAULT:@SECLEVEL=0") != 1
                || SSL_CTX_set_min_proto_version(d->ctx, TLS1_VERSION) != 1
                || SSL_CTX_set_max_proto_version(d->ctx, options.maxTlsVersion) != 1) {
                *error = QStringLiteral("OpenSSL refuses to limit the server to TLS version 0x%1: %2")
                             .arg(options.maxTlsVersion, 0, 16)
                             .arg(opensslError());
                return false;
            }
        }
    }

    d->listenFd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr = {};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (d->listenFd < 0 || ::bind(d->listenFd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0
        || ::listen(d->listenFd, 4) != 0
        || ::getsockname(d->listenFd, reinterpret_cast<sockaddr *>(&addr), &len) != 0) {
        *error = QStringLiteral("cannot listen on 127.0.0.1: %1").arg(QString::fromLocal8Bit(strerror(errno)));
        if (d->listenFd >= 0)
            ::close(d->listenFd);
        d->listenFd = -1;
        return false;
    }
    d->port = ntohs(addr.sin_port);
    d->thread = std::thread([this] { d->run(); });
    return true;
}

quint16 FakeImapServer::port() const
{
    return d->port;
}

bool FakeImapServer::waitFinished(int timeoutMs)
{
    std::unique_lock lock(d->mutex);
    return d->finishedCv.wait_for(lock, std::chrono::milliseconds(timeoutMs), [this] { return d->finished; });
}

void FakeImapServer::stop()
{
    if (!d->thread.joinable())
        return;
    d->stopFlag = true;
    {
        std::lock_guard lock(d->mutex);
        // Wakes an SSL_read/SSL_write blocked in the server thread.
        if (d->clientFd >= 0)
            ::shutdown(d->clientFd, SHUT_RDWR);
    }
    d->thread.join();
}

bool FakeImapServer::succeeded() const
{
    std::lock_guard lock(d->mutex);
    return d->finished && d->played && d->failure.isEmpty() && d->handshake.isEmpty();
}

int FakeImapServer::connectionCount() const
{
    std::lock_guard lock(d->mutex);
    return d->connections;
}

QString FakeImapServer::report() const
{
    std::lock_guard lock(d->mutex);
    QString s;
    if (!d->failure.isEmpty())
        s += d->failure + QLatin1Char('\n');
    else if (d->connections == 0)
        s += QStringLiteral("%1: the client never connected\n").arg(d->transcript.name());
    else if (!d->finished)
        s += QStringLiteral("%1: the session has not finished\n").arg(d->transcript.name());
    if (!d->handshake.isEmpty())
        s += QStringLiteral("TLS handshake failed on the server: %1\n").arg(d->handshake);
    const qsizetype from = std::max<qsizetype>(0, d->log.size() - kLogShow);
    s += QStringLiteral("--- conversation with the fake server (%1, last %2 lines) ---\n")
             .arg(d->transcript.name())
             .arg(d->log.size() - from);
    for (qsizetype i = from; i < d->log.size(); ++i)
        s += QStringLiteral("  ") + d->log.at(i) + QLatin1Char('\n');
    return s;
}

QString FakeImapServer::handshakeError() const
{
    std::lock_guard lock(d->mutex);
    return d->handshake;
}

QList<QByteArray> FakeImapServer::receivedLiterals() const
{
    std::lock_guard lock(d->mutex);
    return d->literals;
}

} // namespace ferry::test
