// The real HttpFetcher of account discovery (client-core/discovery/httpfetcher.h):
// one GET over DavTransport, so TLS is verified exactly as for CalDAV/CardDAV
// (davtls.h: system trust store plus TlsSettings::caFiles, pinning, TLS >= 1.2)
// and only https is ever spoken.
//
// No credentials are sent. Redirects are followed up to 5 times, to any https
// host (an autoconfig file is public: there is no password to protect);
// http:// targets are refused by the transport. 429/503 are not retried —
// discovery moves on to its next source instead. Answers are bounded by
// maxBytes (default kMaxDiscoveryDocumentBytes).
#pragma once

#include <connector/endpoint.h>
#include <discovery/httpfetcher.h>

namespace ferry {

class DavHttpFetcher : public HttpFetcher {
public:
    // Discovery should give up quickly on a host that does not answer.
    static TlsSettings defaultTls()
    {
        TlsSettings tls;
        tls.connectTimeoutMs = 8000;
        tls.ioTimeoutMs = 8000;
        return tls;
    }

    explicit DavHttpFetcher(TlsSettings tls = defaultTls(), qint64 maxBytes = kMaxDiscoveryDocumentBytes)
        : m_tls(std::move(tls)), m_maxBytes(maxBytes)
    {
    }

    Result<QByteArray> get(const QUrl &url) override;

private:
    TlsSettings m_tls;
    qint64 m_maxBytes;
};

} // namespace ferry
