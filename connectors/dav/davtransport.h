// HTTPS for CalDAV/CardDAV on libcurl's multi interface: a queue of requests,
// up to maxInFlight() of them at once over kept-alive connections (HTTP/2 with
// multiplexing when the server offers it by ALPN, HTTP/1.1 otherwise).
//
// Why libcurl and not QNetworkAccessManager: the engine calls connectors from
// worker threads without an event loop; libcurl's multi interface runs inside
// the calling thread, gives control of the OpenSSL context (pinning, CA blobs)
// and has a mature HTTP/2 implementation.
//
// Rules (see davtls.h for TLS):
//   - https only: CURLOPT_PROTOCOLS_STR / REDIR_PROTOCOLS_STR "https", and every
//     URL and redirect target is checked before use;
//   - basic auth (RFC 7617) from the Endpoint's Secret, sent only to hosts in the
//     credential set (the endpoint's host, plus allowCredentialsFor()); the
//     password never appears in a URL, a log or an Error;
//   - redirects (301/302/303/307/308) are followed here, up to 5, re-sending the
//     same method and body (a PROPFIND moved by /.well-known must stay a
//     PROPFIND). A redirect to a host outside the credential set is not
//     followed: the 3xx comes back with DavReply::crossHostRedirect;
//   - 429 and 503 are retried after Retry-After (or 1, 2, 4 … s), each wait at
//     most maxDelay, at most maxRetries times; then the answer is returned;
//   - connect timeout = TlsSettings::connectTimeoutMs; a transfer that moves no
//     byte for ioTimeoutMs is aborted (Network);
//   - answers larger than maxResponseBytes are aborted (Protocol).
//
// Wire trace (diagnostics/httptrace.h): while tracing is on (FERRY_TRACE_DIR)
// each transport writes one trace file from libcurl's debug callback — request
// and status lines, headers with credentials and cookies redacted, and body
// sizes only. While it is off no debug callback is set.
//
// Not thread-safe: one owner thread at a time (one transport per connector).
// Callbacks run on that thread, inside run()/poll(), never inside libcurl.
#pragma once

#include "davreply.h"

#include <connector/endpoint.h>

#include <functional>
#include <memory>

namespace ferry {

class DavTransport {
public:
    using Done = std::function<void(DavReply &&)>;

    explicit DavTransport(const Endpoint &endpoint);
    ~DavTransport();
    DavTransport(const DavTransport &) = delete;
    DavTransport &operator=(const DavTransport &) = delete;

    // "https://host[:port]" of the endpoint (no user, no password).
    QByteArray origin() const;
    // `hrefOrUrl` as an absolute URL: a path is put on the endpoint's origin.
    QByteArray absoluteUrl(QByteArrayView hrefOrUrl) const;
    // Lets basic auth go to `host` (e.g. a /.well-known redirect target the
    // discovery accepted). Host names compare case-insensitively.
    void allowCredentialsFor(const QString &host, quint16 port);

    void setMaxInFlight(int requests) { m_maxInFlight = std::max(1, requests); }
    int maxInFlight() const { return m_maxInFlight; }
    void setRetryPolicy(int maxRetries, int maxDelayMs);
    void setMaxResponseBytes(qint64 bytes) { m_maxResponseBytes = bytes; }

    // Queues a request; `done` gets exactly one reply, from run() or poll().
    void submit(DavRequest request, Done done);
    // Runs until every submitted request (including ones submitted by
    // callbacks meanwhile) has had its callback.
    void run();
    // Progress without waiting; runs the callbacks of finished requests.
    void poll();
    // Waits until fewer than `limit` requests are queued or in flight.
    void waitBelow(int limit);
    int pending() const;

    // One request, synchronously.
    DavReply execute(DavRequest request);
    // Several at once (in parallel up to maxInFlight); replies in request order.
    QList<DavReply> executeAll(QList<DavRequest> requests);

    quint64 bytesIn() const { return m_bytesIn; }
    quint64 bytesOut() const { return m_bytesOut; }

private:
    struct Transfer;
    struct Private;

    void start(Transfer *t);
    void finish(Transfer *t, int curlCode);
    // Waits for libcurl (at most `maxWaitMs`), then collects finished transfers.
    void step(int maxWaitMs);
    void deliverCompleted();
    bool credentialsFor(const QByteArray &url) const;
    QString hostOf(const QByteArray &url) const;

    std::unique_ptr<Private> d;
    Endpoint m_endpoint;
    int m_maxInFlight = 8;
    int m_maxRetries = 5;
    int m_maxDelayMs = 60000;
    qint64 m_maxResponseBytes = 256LL * 1024 * 1024;
    quint64 m_bytesIn = 0;
    quint64 m_bytesOut = 0;
};

} // namespace ferry
