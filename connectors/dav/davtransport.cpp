#include "davtransport.h"

#include "davtls.h"

#include <connector/itembody.h>
#include <diagnostics/httptrace.h>

#include <curl/curl.h>

#include <QSet>
#include <QUrl>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <deque>
#include <mutex>
#include <unordered_map>

namespace ferry {

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kMaxRedirects = 5;

void globalInit()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

bool isHttps(const QByteArray &url)
{
    return url.size() > 8 && url.first(8).toLower() == "https://";
}

QString originKey(const QString &host, int port)
{
    return host.toLower() + QLatin1Char(':') + QString::number(port);
}

} // namespace

struct DavTransport::Transfer {
    DavRequest request;
    Done done;
    QByteArray url;
    int redirects = 0;
    int retries = 0;
    CURL *easy = nullptr;
    curl_slist *headers = nullptr;
    qint64 readPos = 0;
    qint64 maxBytes = 0;
    bool tooLarge = false;
    Clock::time_point notBefore;
    DavReply reply;
    char errorBuffer[CURL_ERROR_SIZE] = {};
    diagnostics::HttpTrace *trace = nullptr; // set only while tracing is on
    quint64 traceId = 0;

    qint64 bodySize() const { return request.itemBody ? request.itemBody->size() : request.body.size(); }
    bool hasBody() const { return request.itemBody ? true : !request.body.isEmpty(); }

    void release()
    {
        if (easy) {
            curl_easy_cleanup(easy);
            easy = nullptr;
        }
        if (headers) {
            curl_slist_free_all(headers);
            headers = nullptr;
        }
    }
    ~Transfer() { release(); }

    static size_t onWrite(char *data, size_t size, size_t count, void *userp)
    {
        auto *t = static_cast<Transfer *>(userp);
        const size_t n = size * count;
        if (t->reply.body.size() + qint64(n) > t->maxBytes) {
            t->tooLarge = true;
            return 0; // aborts the transfer with CURLE_WRITE_ERROR
        }
        t->reply.body.append(data, qsizetype(n));
        return n;
    }

    static size_t onHeader(char *data, size_t size, size_t count, void *userp)
    {
        auto *t = static_cast<Transfer *>(userp);
        const size_t n = size * count;
        const QByteArrayView line = QByteArrayView(data, qsizetype(n)).trimmed();
        if (line.startsWith("HTTP/")) {
            // A new response (after 100 Continue, or a redirect): forget the old headers.
            t->reply.etag.clear();
            t->reply.location.clear();
            t->reply.contentType.clear();
            t->reply.retryAfter.clear();
            t->reply.dav.clear();
            return n;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return n;
        const QByteArray name = line.first(colon).trimmed().toByteArray().toLower();
        const QByteArray value = line.sliced(colon + 1).trimmed().toByteArray();
        if (name == "etag")
            t->reply.etag = value;
        else if (name == "location")
            t->reply.location = value;
        else if (name == "content-type")
            t->reply.contentType = value;
        else if (name == "retry-after")
            t->reply.retryAfter = value;
        else if (name == "dav")
            t->reply.dav = t->reply.dav.isEmpty() ? value : t->reply.dav + ", " + value;
        return n;
    }

    static size_t onRead(char *buffer, size_t size, size_t count, void *userp)
    {
        auto *t = static_cast<Transfer *>(userp);
        const qint64 want = std::min<qint64>(qint64(size * count), t->bodySize() - t->readPos);
        if (want <= 0)
            return 0;
        if (t->request.itemBody) {
            QByteArray chunk;
            if (t->request.itemBody->read(t->readPos, want, chunk) || chunk.size() != want)
                return CURL_READFUNC_ABORT;
            std::memcpy(buffer, chunk.constData(), size_t(want));
        } else {
            std::memcpy(buffer, t->request.body.constData() + t->readPos, size_t(want));
        }
        t->readPos += want;
        return size_t(want);
    }

    // Tracing only (CURLOPT_DEBUGFUNCTION): header blocks and libcurl's info text
    // go to the trace, which redacts credentials; DATA_* and SSL_DATA_* (bodies,
    // TLS records) are never handed on — only the body sizes are traced.
    static int onDebug(CURL *, curl_infotype type, char *data, size_t size, void *userp)
    {
        auto *t = static_cast<Transfer *>(userp);
        if (!t->trace)
            return 0;
        const QByteArrayView text(data, qsizetype(size));
        switch (type) {
        case CURLINFO_TEXT:
            t->trace->info(t->traceId, text);
            break;
        case CURLINFO_HEADER_OUT:
            t->trace->requestHeaders(t->traceId, text);
            if (t->hasBody())
                t->trace->requestBody(t->traceId, t->bodySize(), t->request.contentType);
            break;
        case CURLINFO_HEADER_IN:
            t->trace->responseHeaders(t->traceId, text);
            break;
        default:
            break;
        }
        return 0;
    }

    // libcurl rewinds the body when it has to send it again (e.g. a retried stream).
    static int onSeek(void *userp, curl_off_t offset, int origin)
    {
        auto *t = static_cast<Transfer *>(userp);
        if (origin != SEEK_SET || offset < 0 || offset > t->bodySize())
            return CURL_SEEKFUNC_FAIL;
        t->readPos = offset;
        return CURL_SEEKFUNC_OK;
    }
};

struct DavTransport::Private {
    explicit Private(const TlsSettings &settings) : tls(settings) {}
    ~Private()
    {
        for (auto &[easy, t] : active) {
            curl_multi_remove_handle(multi, easy);
            t->release();
        }
        active.clear();
        if (multi)
            curl_multi_cleanup(multi);
    }

    CURLM *multi = nullptr;
    DavTls tls;
    std::deque<std::unique_ptr<Transfer>> queued;
    std::unordered_map<CURL *, std::unique_ptr<Transfer>> active;
    std::vector<std::unique_ptr<Transfer>> delayed;
    std::deque<std::unique_ptr<Transfer>> completed;
    QSet<QString> credentialOrigins;
    std::unique_ptr<diagnostics::HttpTrace> trace; // null while tracing is off
};

DavTransport::DavTransport(const Endpoint &endpoint)
    : d(std::make_unique<Private>(endpoint.tls)), m_endpoint(endpoint)
{
    globalInit();
    d->multi = curl_multi_init();
    // HTTP/2: many requests share one connection; HTTP/1.1: up to 6 connections.
    curl_multi_setopt(d->multi, CURLMOPT_PIPELINING, long(CURLPIPE_MULTIPLEX));
    curl_multi_setopt(d->multi, CURLMOPT_MAX_HOST_CONNECTIONS, 6L);
    d->credentialOrigins.insert(originKey(endpoint.host, endpoint.port ? endpoint.port : 443));
    d->trace = diagnostics::HttpTrace::open(endpoint.host, endpoint.port ? endpoint.port : 443);
}

DavTransport::~DavTransport() = default;

QByteArray DavTransport::origin() const
{
    QString host = m_endpoint.host;
    QByteArray ascii = host.contains(QLatin1Char(':')) ? ('[' + host.toLatin1() + ']') : QUrl::toAce(host);
    if (ascii.isEmpty())
        ascii = host.toUtf8();
    QByteArray out = "https://" + ascii;
    const quint16 port = m_endpoint.port ? m_endpoint.port : 443;
    if (port != 443)
        out += ':' + QByteArray::number(port);
    return out;
}

QByteArray DavTransport::absoluteUrl(QByteArrayView hrefOrUrl) const
{
    const QByteArray s = hrefOrUrl.trimmed().toByteArray();
    if (s.contains("://"))
        return s;
    return origin() + (s.startsWith('/') ? s : '/' + s);
}

void DavTransport::allowCredentialsFor(const QString &host, quint16 port)
{
    d->credentialOrigins.insert(originKey(host, port ? port : 443));
}

void DavTransport::setRetryPolicy(int maxRetries, int maxDelayMs)
{
    m_maxRetries = std::max(0, maxRetries);
    m_maxDelayMs = std::max(0, maxDelayMs);
}

QString DavTransport::hostOf(const QByteArray &url) const
{
    const QUrl u = QUrl::fromEncoded(url);
    const int port = u.port(443);
    const QString host = u.host();
    return (host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host)
           + (port == 443 ? QString() : QLatin1Char(':') + QString::number(port));
}

bool DavTransport::credentialsFor(const QByteArray &url) const
{
    const QUrl u = QUrl::fromEncoded(url);
    return u.scheme() == QLatin1String("https") && d->credentialOrigins.contains(originKey(u.host(), u.port(443)));
}

void DavTransport::submit(DavRequest request, Done done)
{
    auto t = std::make_unique<Transfer>();
    t->request = std::move(request);
    t->done = std::move(done);
    t->url = absoluteUrl(t->request.url);
    t->maxBytes = m_maxResponseBytes;
    if (d->tls.setupError()) {
        t->reply.error = d->tls.setupError();
        d->completed.push_back(std::move(t));
        return;
    }
    if (!isHttps(t->url)) {
        t->reply.error = Error::make(ErrorCode::Usage, QStringLiteral("%1 is not an https URL; Ferry only speaks TLS")
                                                           .arg(QString::fromUtf8(t->url)),
                                     {}, QStringLiteral("use https://"));
        d->completed.push_back(std::move(t));
        return;
    }
    d->queued.push_back(std::move(t));
}

void DavTransport::start(Transfer *t)
{
    t->release();
    t->readPos = 0;
    t->tooLarge = false;
    t->errorBuffer[0] = 0;
    t->reply = DavReply();
    t->reply.url = t->url;

    CURL *e = curl_easy_init();
    t->easy = e;
    curl_easy_setopt(e, CURLOPT_PRIVATE, t);
    curl_easy_setopt(e, CURLOPT_URL, t->url.constData());
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "https");
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, long(CURL_HTTP_VERSION_2TLS));
    curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->errorBuffer);
    curl_easy_setopt(e, CURLOPT_USERAGENT, "Ferry/0.1");
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, long(m_endpoint.tls.connectTimeoutMs));
    // A transfer that moves nothing for ioTimeoutMs is dead (libcurl counts whole seconds).
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, long(std::max(1, m_endpoint.tls.ioTimeoutMs / 1000)));
    d->tls.apply(e);
    if (d->trace) {
        t->trace = d->trace.get();
        t->traceId = d->trace->nextRequestId();
        curl_easy_setopt(e, CURLOPT_DEBUGFUNCTION, &Transfer::onDebug);
        curl_easy_setopt(e, CURLOPT_DEBUGDATA, t);
        curl_easy_setopt(e, CURLOPT_VERBOSE, 1L);
    }

    if (credentialsFor(t->url) && m_endpoint.password) {
        curl_easy_setopt(e, CURLOPT_HTTPAUTH, long(CURLAUTH_BASIC));
        curl_easy_setopt(e, CURLOPT_USERNAME, m_endpoint.user.toUtf8().constData());
        curl_easy_setopt(e, CURLOPT_PASSWORD, m_endpoint.password->reveal().constData());
    }

    if (t->request.method == "GET")
        curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
    else
        curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, t->request.method.constData());
    if (t->hasBody()) {
        curl_easy_setopt(e, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(e, CURLOPT_READFUNCTION, &Transfer::onRead);
        curl_easy_setopt(e, CURLOPT_READDATA, t);
        curl_easy_setopt(e, CURLOPT_SEEKFUNCTION, &Transfer::onSeek);
        curl_easy_setopt(e, CURLOPT_SEEKDATA, t);
        curl_easy_setopt(e, CURLOPT_INFILESIZE_LARGE, curl_off_t(t->bodySize()));
    }
    curl_slist *h = nullptr;
    if (!t->request.contentType.isEmpty())
        h = curl_slist_append(h, ("Content-Type: " + t->request.contentType).constData());
    if (t->request.depth >= 0)
        h = curl_slist_append(h, "Depth: " + QByteArray::number(t->request.depth));
    for (const auto &[name, value] : std::as_const(t->request.headers))
        h = curl_slist_append(h, (name + ": " + value).constData());
    // The server's answer to a big PUT comes anyway; do not wait a second for "100 Continue".
    h = curl_slist_append(h, "Expect:");
    t->headers = h;
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &Transfer::onWrite);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &Transfer::onHeader);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, t);

    curl_multi_add_handle(d->multi, e);
}

void DavTransport::finish(Transfer *t, int code)
{
    CURL *e = t->easy;
    long status = 0;
    long version = 0;
    curl_off_t down = 0, up = 0;
    long headerSize = 0, requestSize = 0;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(e, CURLINFO_HTTP_VERSION, &version);
    curl_easy_getinfo(e, CURLINFO_SIZE_DOWNLOAD_T, &down);
    curl_easy_getinfo(e, CURLINFO_SIZE_UPLOAD_T, &up);
    curl_easy_getinfo(e, CURLINFO_HEADER_SIZE, &headerSize);
    curl_easy_getinfo(e, CURLINFO_REQUEST_SIZE, &requestSize);
    m_bytesIn += quint64(std::max<curl_off_t>(0, down)) + quint64(std::max(0L, headerSize));
    m_bytesOut += quint64(std::max<curl_off_t>(0, up)) + quint64(std::max(0L, requestSize));
    curl_multi_remove_handle(d->multi, e);
    std::unique_ptr<Transfer> owned = std::move(d->active[e]);
    d->active.erase(e);
    t->release();

    DavReply &r = t->reply;
    r.httpVersion = version;
    if (t->trace) {
        if (code == CURLE_OK)
            t->trace->responseBody(t->traceId, r.body, r.contentType);
        else
            t->trace->note(t->traceId, "transfer failed: "
                                           + QByteArray(t->errorBuffer[0] ? t->errorBuffer : curl_easy_strerror(CURLcode(code))));
    }
    const QString where = hostOf(t->url);
    const auto complete = [&] { d->completed.push_back(std::move(owned)); };

    if (code != CURLE_OK) {
        const QString message = QString::fromUtf8(t->errorBuffer[0] ? t->errorBuffer : curl_easy_strerror(CURLcode(code)));
        switch (code) {
        case CURLE_PEER_FAILED_VERIFICATION:
            r.error = d->tls.refusal(where, message);
            break;
        case CURLE_SSL_CONNECT_ERROR:
            // The connection closed or reset in the middle of the handshake is a network
            // fault (retried, as the IMAP side does), not a TLS problem to fix by hand.
            if (message.contains(QLatin1String("SSL_ERROR_SYSCALL")) || message.contains(QLatin1String("unexpected eof"), Qt::CaseInsensitive)
                || message.contains(QLatin1String("reset by peer"), Qt::CaseInsensitive)) {
                r.error = Error::make(ErrorCode::Network,
                                      QStringLiteral("the connection to %1 was lost during the TLS handshake (%2)").arg(where, message));
                break;
            }
            [[fallthrough]];
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CIPHER:
            r.error = Error::make(ErrorCode::Tls, QStringLiteral("TLS handshake with %1 failed (%2)").arg(where, message), {},
                                  QStringLiteral("check that this is an https port (usually 443) and that the server "
                                                 "offers TLS 1.2 or newer"));
            break;
        case CURLE_SSL_CACERT_BADFILE:
            r.error = Error::make(ErrorCode::Usage, QStringLiteral("cannot load the trusted CAs (%1)").arg(message));
            break;
        case CURLE_COULDNT_RESOLVE_HOST:
            r.error = Error::make(ErrorCode::Network, QStringLiteral("cannot resolve %1 (%2)").arg(where, message), {},
                                  QStringLiteral("check the host name and your network connection"));
            break;
        case CURLE_COULDNT_CONNECT:
            r.error = Error::make(ErrorCode::Network, QStringLiteral("connection to %1 failed (%2)").arg(where, message), {},
                                  QStringLiteral("check the host name and port (https is usually 443)"));
            break;
        case CURLE_OPERATION_TIMEDOUT:
            r.error = Error::make(ErrorCode::Network, QStringLiteral("%1 did not answer in time (%2)").arg(where, message));
            break;
        case CURLE_UNSUPPORTED_PROTOCOL:
            r.error = Error::make(ErrorCode::Usage, QStringLiteral("%1 is not https; Ferry only speaks TLS").arg(where));
            break;
        case CURLE_WRITE_ERROR:
            if (t->tooLarge) {
                r.error = Error::make(ErrorCode::Protocol, QStringLiteral("the answer of %1 is larger than %2 MiB (aborted)")
                                                               .arg(where)
                                                               .arg(m_maxResponseBytes / (1024 * 1024)));
                break;
            }
            [[fallthrough]];
        default:
            r.error = Error::make(ErrorCode::Network, QStringLiteral("HTTP request to %1 failed (%2)").arg(where, message));
            break;
        }
        complete();
        return;
    }

    r.status = int(status);
    const bool redirect = status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    if (redirect && !r.location.isEmpty()) {
        const QByteArray target = QUrl::fromEncoded(t->url).resolved(QUrl::fromEncoded(r.location)).toEncoded();
        if (!isHttps(target)) {
            r.error = Error::make(ErrorCode::Protocol,
                                  QStringLiteral("%1 redirected to %2, which is not https; Ferry only speaks TLS")
                                      .arg(where, QString::fromUtf8(target)));
            complete();
            return;
        }
        if (++t->redirects > kMaxRedirects) {
            r.error = Error::make(ErrorCode::Protocol, QStringLiteral("too many redirects from %1 (last to %2)")
                                                           .arg(where, QString::fromUtf8(target)));
            complete();
            return;
        }
        if (!credentialsFor(target)) {
            r.crossHostRedirect = true;
            r.location = target;
            complete();
            return;
        }
        t->url = target;
        d->queued.push_front(std::move(owned));
        return;
    }
    if ((status == 429 || status == 503) && t->retries < m_maxRetries) {
        qint64 wait = davhttp::retryAfterMs(r.retryAfter);
        if (wait < 0)
            wait = 1000LL << std::min(t->retries, 10);
        wait = std::min<qint64>(wait, m_maxDelayMs);
        ++t->retries;
        t->notBefore = Clock::now() + std::chrono::milliseconds(wait);
        d->delayed.push_back(std::move(owned));
        return;
    }
    complete();
}

void DavTransport::step(int maxWaitMs)
{
    const auto now = Clock::now();
    for (auto it = d->delayed.begin(); it != d->delayed.end();) {
        if ((*it)->notBefore <= now) {
            d->queued.push_back(std::move(*it));
            it = d->delayed.erase(it);
        } else {
            ++it;
        }
    }
    while (!d->queued.empty() && int(d->active.size()) < m_maxInFlight) {
        std::unique_ptr<Transfer> t = std::move(d->queued.front());
        d->queued.pop_front();
        Transfer *raw = t.get();
        start(raw);
        d->active.emplace(raw->easy, std::move(t));
    }

    const auto collect = [this] {
        int running = 0;
        curl_multi_perform(d->multi, &running);
        int left = 0;
        while (CURLMsg *msg = curl_multi_info_read(d->multi, &left)) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            Transfer *t = nullptr;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &t);
            finish(t, int(msg->data.result));
        }
    };
    collect();
    // Wait for the network unless there is something to do right away: answers to
    // deliver, or queued requests and a free slot to start them in (a full set of
    // transfers in flight with more queued must wait, not spin).
    if (!d->completed.empty() || maxWaitMs <= 0 || (!d->queued.empty() && int(d->active.size()) < m_maxInFlight))
        return;
    int wait = maxWaitMs;
    if (!d->delayed.empty()) {
        auto next = d->delayed.front()->notBefore;
        for (const auto &t : d->delayed)
            next = std::min(next, t->notBefore);
        const auto ms = std::chrono::ceil<std::chrono::milliseconds>(next - Clock::now()).count();
        wait = int(std::clamp<qint64>(ms, 0, maxWaitMs));
    }
    curl_multi_poll(d->multi, nullptr, 0, wait, nullptr);
    collect();
}

void DavTransport::deliverCompleted()
{
    while (!d->completed.empty()) {
        std::unique_ptr<Transfer> t = std::move(d->completed.front());
        d->completed.pop_front();
        if (t->done)
            t->done(std::move(t->reply));
    }
}

int DavTransport::pending() const
{
    return int(d->queued.size() + d->active.size() + d->delayed.size() + d->completed.size());
}

void DavTransport::run()
{
    while (pending() > 0) {
        step(1000);
        deliverCompleted();
    }
}

void DavTransport::poll()
{
    step(0);
    deliverCompleted();
}

void DavTransport::waitBelow(int limit)
{
    deliverCompleted();
    while (int(d->queued.size() + d->active.size() + d->delayed.size()) >= std::max(1, limit)) {
        step(1000);
        deliverCompleted();
    }
}

DavReply DavTransport::execute(DavRequest request)
{
    DavReply out;
    submit(std::move(request), [&out](DavReply &&r) { out = std::move(r); });
    run();
    return out;
}

QList<DavReply> DavTransport::executeAll(QList<DavRequest> requests)
{
    QList<DavReply> out(requests.size());
    for (qsizetype i = 0; i < requests.size(); ++i)
        submit(std::move(requests[i]), [&out, i](DavReply &&r) { out[i] = std::move(r); });
    run();
    return out;
}

} // namespace ferry
