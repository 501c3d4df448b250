#include "tlsconnection.h"

#include <tls/x509info.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <QFile>
#include <QFileInfo>
#include <QStringList>
#include <QUrl>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <csignal>
#include <map>
#include <cstring>
#include <mutex>
#include <optional>

namespace ferry {
namespace {

using Clock = std::chrono::steady_clock;

// OpenSSL's socket BIO writes with write(2), so MSG_NOSIGNAL cannot be passed and
// Linux has no SO_NOSIGPIPE. A peer that resets the connection while we write
// would kill the whole process. Ignore SIGPIPE once (EPIPE then surfaces as a
// normal Network error) — but only if nobody installed a handler of their own.
void ignoreSigpipeOnce()
{
    static std::once_flag once;
    std::call_once(once, [] {
        struct sigaction current = {};
        if (::sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) {
            struct sigaction ignore = {};
            ignore.sa_handler = SIG_IGN;
            sigemptyset(&ignore.sa_mask);
            ::sigaction(SIGPIPE, &ignore, nullptr);
        }
    });
}

// A point in time; negative milliseconds mean "no deadline" (poll's -1).
class Deadline {
public:
    explicit Deadline(int ms)
        : m_infinite(ms < 0), m_end(Clock::now() + std::chrono::milliseconds(std::max(ms, 0))) {}
    // For poll(): -1 forever, 0 expired, otherwise rounded up so we never spin.
    int remainingMs() const
    {
        if (m_infinite)
            return -1;
        const auto left = m_end - Clock::now();
        if (left <= Clock::duration::zero())
            return 0;
        const auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
        return int(std::min<decltype(ms)>(ms, INT_MAX));
    }
    // A slice of what is left, for trying one of several addresses.
    Deadline share(int parts) const
    {
        const int left = remainingMs();
        if (left < 0)
            return Deadline(-1);
        return Deadline(parts > 1 ? left / parts : left);
    }
private:
    bool m_infinite;
    Clock::time_point m_end;
};

enum class Wait { Ready, Timeout, Failed };

Wait waitFor(int fd, short events, const Deadline &deadline)
{
    for (;;) {
        pollfd p = {fd, events, 0};
        const int r = ::poll(&p, 1, deadline.remainingMs());
        // POLLERR/POLLHUP count as ready: the next SSL call reports the real cause.
        if (r > 0)
            return Wait::Ready;
        if (r == 0)
            return Wait::Timeout;
        if (errno != EINTR)
            return Wait::Failed;
        if (deadline.remainingMs() == 0)
            return Wait::Timeout;
    }
}

QString seconds(int ms)
{
    return QString::number(ms / 1000.0);
}

QString sslReason()
{
    const unsigned long e = ERR_peek_last_error();
    if (!e)
        return QStringLiteral("unknown TLS error");
    const char *reason = ERR_reason_error_string(e);
    return reason ? QString::fromLatin1(reason) : QStringLiteral("TLS error %1").arg(e, 0, 16);
}

bool isUnexpectedEof()
{
    const unsigned long e = ERR_peek_last_error();
    return e && ERR_GET_LIB(e) == ERR_LIB_SSL && ERR_GET_REASON(e) == SSL_R_UNEXPECTED_EOF_WHILE_READING;
}

// One SSL_CTX per distinct set of CA files, shared by every connection of the
// process: an SSL_CTX is safe to share for creating SSL objects once it is
// configured (OpenSSL threads(7)), and building one — above all loading trust
// anchors — costs far more than a handshake's own work. The pin does not enter
// the context (it is checked after the handshake), so it is not part of the key.
// The cache holds one reference to each context until the process ends (then it
// drops them, so leak checkers see a clean exit); each connection holds its own.
//
// Trust anchors: the hashed CA directory (X509_get_default_cert_dir(), or
// SSL_CERT_DIR) is looked up lazily, one certificate per issuer actually needed,
// instead of parsing the whole system bundle (~140 certificates) up front as
// SSL_CTX_set_default_verify_paths() does. SSL_CERT_FILE, if set, is loaded as
// asked; so is the bundle when there is no CA directory at all.
Result<SSL_CTX *> sharedContext(const TlsSettings &settings)
{
    // OpenSSL registers its own exit-time cleanup when it is initialised: do that
    // before the cache exists, so the cache is destroyed first (atexit order).
    static const bool initialised = OPENSSL_init_ssl(0, nullptr) == 1;
    struct Cache : std::map<QStringList, SSL_CTX *> {
        ~Cache()
        {
            for (auto &entry : *this)
                SSL_CTX_free(entry.second);
        }
    };
    static std::mutex mutex;
    static Cache contexts;
    std::lock_guard<std::mutex> lock(mutex);
    if (!initialised)
        return Error::make(ErrorCode::Internal, QStringLiteral("cannot initialise OpenSSL (%1)").arg(sslReason()));
    if (auto it = contexts.find(settings.caFiles); it != contexts.end()) {
        SSL_CTX_up_ref(it->second);
        return it->second;
    }
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx)
        return Error::make(ErrorCode::Internal, QStringLiteral("cannot create a TLS context (%1)").arg(sslReason()));
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    // PARTIAL_WRITE: SSL_write returns per record, so a slow peer cannot make one
    // call block past its deadline; MOVING_WRITE_BUFFER: retries may pass a
    // different pointer to the same bytes.
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    // Read-ahead with a 64 KB buffer: fewer recv() calls on big FETCH bodies.
    SSL_CTX_set_read_ahead(ctx, 1);
    SSL_CTX_set_default_read_buffer_len(ctx, 64 * 1024);

    const QByteArray envFile = qgetenv(X509_get_default_cert_file_env());
    const QByteArray envDir = qgetenv(X509_get_default_cert_dir_env());
    const QByteArray dir = envDir.isEmpty() ? QByteArray(X509_get_default_cert_dir()) : envDir;
    X509_STORE *store = SSL_CTX_get_cert_store(ctx);
    bool anchors = false;
    // SSL_CERT_DIR may list several directories (':'-separated): the lookup takes them all.
    if (QFileInfo(QFile::decodeName(dir.split(':').first())).isDir()) {
        if (X509_LOOKUP *lookup = X509_STORE_add_lookup(store, X509_LOOKUP_hash_dir()))
            anchors = X509_LOOKUP_add_dir(lookup, dir.constData(), X509_FILETYPE_PEM) == 1 || anchors;
    }
    // SSL_CERT_FILE (a bundle) costs ~45 ms to parse with OpenSSL 3: with a CA
    // directory at hand it is only consulted when the chain does not verify
    // without it (bundleStore(), checkTrust()); without one it is loaded now.
    if (!envFile.isEmpty() && !anchors)
        anchors = X509_STORE_load_file(store, envFile.constData()) == 1;
    if (!anchors)
        SSL_CTX_set_default_verify_paths(ctx);
    ERR_clear_error(); // a missing default location is not an error
    for (const QString &file : settings.caFiles) {
        const QByteArray path = QFile::encodeName(file);
        if (SSL_CTX_load_verify_locations(ctx, path.constData(), nullptr) != 1) {
            Error e = Error::make(ErrorCode::Usage, QStringLiteral("cannot load the CA file %1 (%2)").arg(file, sslReason()),
                                  {}, QStringLiteral("--ca-file needs a readable PEM file with one or more certificates"));
            SSL_CTX_free(ctx);
            return e;
        }
    }
    contexts.emplace(settings.caFiles, ctx); // the cache's reference
    SSL_CTX_up_ref(ctx);                     // the caller's
    return ctx;
}

// The SSL_CERT_FILE bundle, parsed once on first need (see sharedContext()).
// Null when SSL_CERT_FILE is unset or unreadable.
X509_STORE *bundleStore()
{
    static std::once_flag once;
    static X509_STORE *store = nullptr;
    std::call_once(once, [] {
        const QByteArray file = qgetenv(X509_get_default_cert_file_env());
        if (file.isEmpty())
            return;
        X509_STORE *s = X509_STORE_new();
        if (s && X509_STORE_load_file(s, file.constData()) == 1)
            store = s;
        else if (s)
            X509_STORE_free(s);
        ERR_clear_error();
    });
    return store;
}

// Verifies the peer's chain again against the SSL_CERT_FILE bundle, with the same
// host/IP and purpose checks the handshake used. X509_V_OK when it is trusted there.
int verifyAgainstBundle(SSL *ssl)
{
    X509_STORE *store = bundleStore();
    X509 *leaf = SSL_get0_peer_certificate(ssl);
    if (!store || !leaf)
        return X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY;
    X509_STORE_CTX *sctx = X509_STORE_CTX_new();
    if (!sctx)
        return X509_V_ERR_OUT_OF_MEM;
    int result = X509_V_ERR_UNSPECIFIED;
    if (X509_STORE_CTX_init(sctx, store, leaf, SSL_get_peer_cert_chain(ssl)) == 1) {
        X509_STORE_CTX_set_default(sctx, "ssl_server");
        X509_VERIFY_PARAM_set1(X509_STORE_CTX_get0_param(sctx), SSL_get0_param(ssl));
        result = X509_verify_cert(sctx) == 1 ? X509_V_OK : X509_STORE_CTX_get_error(sctx);
    }
    X509_STORE_CTX_free(sctx);
    ERR_clear_error();
    return result;
}

bool isMissingIssuer(int verify)
{
    return verify == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY || verify == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT
        || verify == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN;
}

} // namespace

struct TlsConnection::Private {
    SSL_CTX *ctx = nullptr;
    SSL *ssl = nullptr;
    int fd = -1;
    bool fatal = false;        // after a fatal SSL error, SSL_shutdown must not be called
    bool established = false;  // handshake done and trusted

    QString host;
    quint16 port = 0;
    QByteArray fingerprint;
    CertificateInfo certificate; // the peer's leaf; problem set when it was refused
    QString version;
    int firstVerifyError = X509_V_OK;

    quint64 in = 0;
    quint64 out = 0;

    ~Private() { release(); }

    QString endpoint() const
    {
        const bool v6 = host.contains(QLatin1Char(':'));
        return (v6 ? QLatin1Char('[') + host + QLatin1Char(']') : host) + QLatin1Char(':') + QString::number(port);
    }

    void release()
    {
        if (ssl) {
            // Best effort close_notify; we do not wait for the peer's answer.
            if (established && !fatal) {
                ERR_clear_error();
                SSL_shutdown(ssl);
            }
            SSL_free(ssl);
            ssl = nullptr;
        }
        if (fd >= 0) {
            ::close(fd);
            fd = -1;
        }
        if (ctx) {
            SSL_CTX_free(ctx);
            ctx = nullptr;
        }
        established = false;
        fatal = false;
        ERR_clear_error();
    }

    Error network(const QString &what, const QString &hint = {})
    {
        return Error::make(ErrorCode::Network, what, {}, hint);
    }

    Error timeout(int ms, const QString &during = {})
    {
        QString what = QStringLiteral("%1 did not answer within %2 s").arg(endpoint(), seconds(ms));
        if (!during.isEmpty())
            what += QStringLiteral(" (%1)").arg(during);
        return network(what);
    }

    // Maps a failed SSL_read/SSL_write/SSL_connect to an Error and drops the
    // connection: after any of these the TLS stream cannot be resumed.
    Error failure(int sslError, int savedErrno)
    {
        Error e;
        if (sslError == SSL_ERROR_ZERO_RETURN || (sslError == SSL_ERROR_SYSCALL && savedErrno == 0)
            || (sslError == SSL_ERROR_SSL && isUnexpectedEof()) || savedErrno == EPIPE) {
            e = network(QStringLiteral("connection closed by %1").arg(host));
        } else if (sslError == SSL_ERROR_SYSCALL && savedErrno == ECONNRESET) {
            e = network(QStringLiteral("connection to %1 was reset").arg(endpoint()));
        } else if (sslError == SSL_ERROR_SYSCALL) {
            e = network(QStringLiteral("connection to %1 failed (%2)")
                            .arg(endpoint(), QString::fromLocal8Bit(std::strerror(savedErrno))));
        } else {
            // Corrupt records and the like: treated as a lost connection so the
            // session may reconnect and retry.
            e = network(QStringLiteral("TLS error on the connection to %1 (%2)").arg(endpoint(), sslReason()));
        }
        fatal = sslError == SSL_ERROR_SYSCALL || sslError == SSL_ERROR_SSL;
        release();
        return e;
    }

    Error connectTcp(const Deadline &deadline, int timeoutMs, const QByteArray &asciiHost);
    Error handshake(const QByteArray &asciiHost, bool ipLiteral, const TlsSettings &settings);
    Error checkTrust(const TlsSettings &settings);

    static int verifyCallback(int preverifyOk, X509_STORE_CTX *store);
};

// Records the first chain/host problem and lets the handshake finish: we want
// the leaf certificate (for its fingerprint and for pinning) even when the chain
// is not trusted; the decision is made in checkTrust() after the handshake, and
// nothing is sent over an untrusted connection.
int TlsConnection::Private::verifyCallback(int preverifyOk, X509_STORE_CTX *store)
{
    if (!preverifyOk) {
        auto *ssl = static_cast<SSL *>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
        auto *d = ssl ? static_cast<Private *>(SSL_get_app_data(ssl)) : nullptr;
        if (d && d->firstVerifyError == X509_V_OK)
            d->firstVerifyError = X509_STORE_CTX_get_error(store);
    }
    return 1;
}

Error TlsConnection::Private::connectTcp(const Deadline &deadline, int timeoutMs, const QByteArray &asciiHost)
{
    addrinfo hints = {};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    hints.ai_flags = AI_NUMERICSERV;
    addrinfo *list = nullptr;
    // getaddrinfo has no deadline of its own; the resolver's timeouts apply.
    const int gai = ::getaddrinfo(asciiHost.constData(), QByteArray::number(port).constData(), &hints, &list);
    if (gai != 0) {
        return network(QStringLiteral("cannot resolve %1 (%2)").arg(host, QString::fromLocal8Bit(gai_strerror(gai))),
                       QStringLiteral("check the host name and your network connection"));
    }
    int count = 0;
    for (addrinfo *ai = list; ai; ai = ai->ai_next)
        ++count;

    int lastErrno = ECONNREFUSED;
    for (addrinfo *ai = list; ai && fd < 0; ai = ai->ai_next, --count) {
        // A black-holed first address (often IPv6) must not eat the whole budget.
        const Deadline attempt = deadline.share(count);
        const int s = ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
        if (s < 0) {
            lastErrno = errno;
            continue;
        }
        int err = 0;
        if (::connect(s, ai->ai_addr, ai->ai_addrlen) != 0) {
            err = errno;
            if (err == EINPROGRESS) {
                switch (waitFor(s, POLLOUT, attempt)) {
                case Wait::Ready: {
                    socklen_t len = sizeof err;
                    if (::getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
                        err = errno;
                    break;
                }
                case Wait::Timeout: err = ETIMEDOUT; break;
                case Wait::Failed: err = errno; break;
                }
            }
        }
        if (err != 0) {
            lastErrno = err;
            ::close(s);
            continue;
        }
        // IMAP is request/response with small commands: Nagle would add a
        // round-trip delay to every pipelined command.
        const int one = 1;
        ::setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        fd = s;
    }
    ::freeaddrinfo(list);
    if (fd >= 0)
        return Error::none();

    switch (lastErrno) {
    case ECONNREFUSED:
        return network(QStringLiteral("connection to %1 refused").arg(endpoint()),
                       QStringLiteral("check the host name and port (IMAPS is usually 993)"));
    case ETIMEDOUT:
        return network(QStringLiteral("%1 did not answer within %2 s").arg(endpoint(), seconds(timeoutMs)),
                       QStringLiteral("check the host name, port and any firewall in between"));
    case ENETUNREACH:
    case EHOSTUNREACH:
        return network(QStringLiteral("%1 is unreachable (%2)").arg(endpoint(), QString::fromLocal8Bit(std::strerror(lastErrno))),
                       QStringLiteral("check your network connection"));
    default:
        return network(QStringLiteral("cannot connect to %1 (%2)").arg(endpoint(), QString::fromLocal8Bit(std::strerror(lastErrno))));
    }
}

Error TlsConnection::Private::handshake(const QByteArray &asciiHost, bool ipLiteral, const TlsSettings &settings)
{
    ERR_clear_error();
    Result<SSL_CTX *> shared = sharedContext(settings);
    if (!shared.ok())
        return shared.error();
    ctx = *shared;

    ssl = SSL_new(ctx);
    if (!ssl)
        return Error::make(ErrorCode::Internal, QStringLiteral("cannot create a TLS session (%1)").arg(sslReason()));
    SSL_set_app_data(ssl, this);
    SSL_set_fd(ssl, fd);
    SSL_set_connect_state(ssl);
    if (ipLiteral) {
        // SNI must not carry an IP address (RFC 6066 §3); check the IP SAN instead.
        X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), asciiHost.constData());
    } else {
        SSL_set_tlsext_host_name(ssl, asciiHost.constData());
        SSL_set1_host(ssl, asciiHost.constData());
    }
    SSL_set_verify(ssl, SSL_VERIFY_PEER, verifyCallback);

    // The handshake is I/O with the server: each wait is bounded by ioTimeoutMs,
    // and so is the whole handshake.
    const Deadline deadline(settings.ioTimeoutMs);
    for (;;) {
        ERR_clear_error();
        const int r = SSL_connect(ssl);
        if (r == 1)
            break;
        const int savedErrno = errno;
        const int e = SSL_get_error(ssl, r);
        short events = 0;
        if (e == SSL_ERROR_WANT_READ)
            events = POLLIN;
        else if (e == SSL_ERROR_WANT_WRITE)
            events = POLLOUT;
        if (!events) {
            if (e == SSL_ERROR_SSL && !isUnexpectedEof()) {
                Error err = Error::make(ErrorCode::Tls,
                                        QStringLiteral("TLS handshake with %1 failed (%2)").arg(endpoint(), sslReason()), {},
                                        QStringLiteral("check that this port speaks TLS directly (IMAPS is usually 993) "
                                                       "and that the server offers TLS 1.2 or newer"));
                fatal = true;
                return err;
            }
            Error err = failure(e, savedErrno);
            err.what += QStringLiteral(" during the TLS handshake");
            return err;
        }
        const Wait w = waitFor(fd, events, deadline);
        if (w == Wait::Timeout)
            return timeout(settings.ioTimeoutMs, QStringLiteral("TLS handshake"));
        if (w == Wait::Failed)
            return failure(SSL_ERROR_SYSCALL, errno);
    }
    version = QString::fromLatin1(SSL_get_version(ssl));
    return checkTrust(settings);
}

Error TlsConnection::Private::checkTrust(const TlsSettings &settings)
{
    X509 *leaf = SSL_get0_peer_certificate(ssl);
    if (!leaf)
        return Error::make(ErrorCode::Tls, QStringLiteral("%1 sent no certificate").arg(endpoint()));

    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdLen = 0;
    if (X509_digest(leaf, EVP_sha256(), md, &mdLen) != 1)
        return Error::make(ErrorCode::Internal, QStringLiteral("cannot hash the certificate of %1").arg(endpoint()));
    fingerprint = QByteArray(reinterpret_cast<const char *>(md), int(mdLen));
    certificate = certificateInfo(leaf, fingerprint, {});

    QString reason;
    if (!settings.pinnedSha256.isEmpty()) {
        // The user named this exact certificate: chain and host name do not matter.
        if (settings.pinnedSha256 == fingerprint)
            return Error::none();
        reason = QStringLiteral("its SHA-256 fingerprint is not the pinned one");
    } else {
        int verify = firstVerifyError;
        if (verify == X509_V_OK)
            verify = int(SSL_get_verify_result(ssl));
        if (isMissingIssuer(verify) && bundleStore()) {
            // The deferred SSL_CERT_FILE bundle may know the issuer; if it does,
            // its verdict (e.g. a host name mismatch) is the one to report.
            verify = verifyAgainstBundle(ssl);
        }
        if (verify == X509_V_OK)
            return Error::none();
        reason = QString::fromLatin1(X509_verify_cert_error_string(verify));
    }
    const QString fp = formatFingerprint(fingerprint);
    Error e = Error::make(ErrorCode::Tls,
                          QStringLiteral("certificate of %1 is not trusted (%2)").arg(endpoint(), reason), {},
                          QStringLiteral("compare the fingerprint %1 with the one your provider publishes; if it is the "
                                         "same, trust exactly this certificate (ferry-cli: --from-pin-sha256 or "
                                         "--to-pin-sha256), or pass its CA with --ca-file PEM").arg(fp));
    e.fingerprint = fp;
    certificate.problem = reason;
    e.certificate = certificate;
    return e;
}

TlsConnection::TlsConnection() : d(std::make_unique<Private>()) {}

TlsConnection::~TlsConnection() = default;

Error TlsConnection::connect(const QString &host, quint16 port, const TlsSettings &settings)
{
    ignoreSigpipeOnce();
    d->release();
    d->fingerprint.clear();
    d->certificate = {};
    d->version.clear();
    d->firstVerifyError = X509_V_OK;

    QString bare = host;
    if (bare.startsWith(QLatin1Char('[')) && bare.endsWith(QLatin1Char(']')))
        bare = bare.mid(1, bare.size() - 2);
    d->host = bare;
    d->port = port;

    const QByteArray latin = bare.toLatin1();
    unsigned char ipBuf[sizeof(in6_addr)];
    const bool ipLiteral = ::inet_pton(AF_INET, latin.constData(), ipBuf) == 1
                           || ::inet_pton(AF_INET6, latin.constData(), ipBuf) == 1;
    // International names: resolver, SNI and the certificate all use the A-label.
    const QByteArray ascii = ipLiteral ? latin : QUrl::toAce(bare);
    if (ascii.isEmpty())
        return Error::make(ErrorCode::Usage, QStringLiteral("not a valid host name: %1").arg(host));

    const Deadline connectDeadline(settings.connectTimeoutMs);
    Error e = d->connectTcp(connectDeadline, settings.connectTimeoutMs, ascii);
    if (!e)
        e = d->handshake(ascii, ipLiteral, settings);
    if (e) {
        d->release();
        return e;
    }
    d->established = true;
    return Error::none();
}

void TlsConnection::close()
{
    d->release();
}

bool TlsConnection::isOpen() const
{
    return d->established;
}

Result<qint64> TlsConnection::read(char *buffer, qint64 max, int timeoutMs)
{
    if (!d->established)
        return Error::make(ErrorCode::Network, QStringLiteral("not connected"));
    if (max <= 0)
        return qint64(0);
    const size_t want = size_t(std::min<qint64>(max, INT_MAX));
    // Always try SSL_read first: it drains what OpenSSL already buffered
    // (SSL_pending / read-ahead) without a syscall, so read(…, 0) returns buffered
    // bytes, and we only poll() when OpenSSL really needs the socket.
    std::optional<Deadline> deadline;
    for (;;) {
        ERR_clear_error();
        size_t got = 0;
        if (SSL_read_ex(d->ssl, buffer, want, &got) == 1) {
            d->in += got;
            return qint64(got);
        }
        const int savedErrno = errno;
        const int e = SSL_get_error(d->ssl, 0);
        short events = 0;
        if (e == SSL_ERROR_WANT_READ)
            events = POLLIN;
        else if (e == SSL_ERROR_WANT_WRITE) // e.g. a TLS 1.3 KeyUpdate to answer
            events = POLLOUT;
        else
            return d->failure(e, savedErrno);
        if (timeoutMs == 0)
            return qint64(0);
        if (!deadline)
            deadline.emplace(timeoutMs);
        const Wait w = waitFor(d->fd, events, *deadline);
        // A read timeout leaves the TLS stream intact: the caller may try again.
        if (w == Wait::Timeout)
            return d->timeout(timeoutMs);
        if (w == Wait::Failed)
            return d->failure(SSL_ERROR_SYSCALL, errno);
    }
}

Error TlsConnection::write(const char *data, qint64 len, int timeoutMs)
{
    if (!d->established)
        return Error::make(ErrorCode::Network, QStringLiteral("not connected"));
    std::optional<Deadline> deadline;
    while (len > 0) {
        ERR_clear_error();
        size_t done = 0;
        if (SSL_write_ex(d->ssl, data, size_t(len), &done) == 1) {
            data += done;
            len -= qint64(done);
            d->out += done;
            deadline.reset(); // the timeout is per step of progress
            continue;
        }
        const int savedErrno = errno;
        const int e = SSL_get_error(d->ssl, 0);
        short events = 0;
        if (e == SSL_ERROR_WANT_WRITE)
            events = POLLOUT;
        else if (e == SSL_ERROR_WANT_READ) // renegotiation / post-handshake messages
            events = POLLIN;
        else
            return d->failure(e, savedErrno);
        if (!deadline)
            deadline.emplace(timeoutMs);
        const Wait w = waitFor(d->fd, events, *deadline);
        if (w == Wait::Timeout) {
            // A record may be half written; the stream cannot be continued
            // with other data, so the connection is dropped.
            Error err = d->timeout(timeoutMs);
            d->fatal = true;
            d->release();
            return err;
        }
        if (w == Wait::Failed)
            return d->failure(SSL_ERROR_SYSCALL, errno);
    }
    return Error::none();
}

QByteArray TlsConnection::peerFingerprint() const
{
    return d->fingerprint;
}

QString TlsConnection::peerSubject() const
{
    return d->certificate.subject;
}

CertificateInfo TlsConnection::peerCertificate() const
{
    return d->certificate;
}

QString TlsConnection::protocolVersion() const
{
    return d->version;
}

quint64 TlsConnection::bytesIn() const
{
    return d->in;
}

quint64 TlsConnection::bytesOut() const
{
    return d->out;
}

} // namespace ferry
