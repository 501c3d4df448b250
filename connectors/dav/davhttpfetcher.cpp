#include "davhttpfetcher.h"

#include "davtransport.h"

using namespace Qt::StringLiterals;

namespace ferry {

namespace {
constexpr int kMaxRedirects = 5;
}

Result<QByteArray> DavHttpFetcher::get(const QUrl &url)
{
    if (url.scheme() != "https"_L1 || url.host().isEmpty()) {
        return Error::make(ErrorCode::Usage, u"%1 is not an https URL; Ferry only speaks TLS"_s.arg(url.toDisplayString()));
    }
    Endpoint endpoint;
    endpoint.scheme = u"https"_s;
    endpoint.host = url.host();
    endpoint.port = quint16(url.port(443));
    endpoint.tls = m_tls;
    DavTransport transport(endpoint);
    transport.setRetryPolicy(0, 0);
    transport.setMaxResponseBytes(m_maxBytes);

    QByteArray current = url.toEncoded();
    for (int hop = 0;; ++hop) {
        DavRequest request;
        request.method = "GET";
        request.url = current;
        request.headers.append(qMakePair(QByteArray("Accept"), QByteArray("application/xml, text/xml;q=0.9, */*;q=0.1")));
        const DavReply reply = transport.execute(std::move(request));
        if (reply.crossHostRedirect) {
            // The transport stops at another host only to protect credentials;
            // there are none here. It has checked that the target is https.
            if (hop >= kMaxRedirects) {
                return Error::make(ErrorCode::Protocol, u"too many redirects from %1 (last to %2)"_s
                                                            .arg(url.toDisplayString(), QString::fromUtf8(reply.location)));
            }
            const QUrl next = QUrl::fromEncoded(reply.location);
            transport.allowCredentialsFor(next.host(), quint16(next.port(443)));
            current = reply.location;
            continue;
        }
        if (!reply.ok()) {
            Error e = davhttp::errorFor(reply, u"GET "_s + QString::fromUtf8(current), false);
            if (e.code == ErrorCode::Protocol && e.what.contains("larger than"_L1))
                e.what = u"the answer of %1 is larger than %2 KiB (aborted)"_s.arg(url.host()).arg(m_maxBytes / 1024);
            return e;
        }
        return reply.body;
    }
}

} // namespace ferry
