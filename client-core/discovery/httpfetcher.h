// Fetches one small document over HTTPS for account discovery (autoconfig
// files, RFC 8615 /.well-known). An interface so the discovery core stays free
// of libcurl: the real one is DavHttpFetcher (connectors/dav/davhttpfetcher.h,
// TLS verified exactly as for CalDAV/CardDAV).
//
// Contract for implementations:
//   - https only, including every redirect target; a redirect to http:// is an
//     error, never followed;
//   - redirects followed (a bounded number);
//   - the answer is bounded (kMaxDiscoveryDocumentBytes): a larger one is an
//     Error (ErrorCode::Protocol), not a truncated document;
//   - no credentials are sent;
//   - any failure (DNS, TLS, timeout, a non-2xx status) is an Error — 404/410
//     ErrorCode::NotFound — never an exception or a crash.
#pragma once

#include <error.h>

#include <QByteArray>
#include <QUrl>

namespace ferry {

inline constexpr qint64 kMaxDiscoveryDocumentBytes = 256 * 1024;

class HttpFetcher {
public:
    virtual ~HttpFetcher() = default;
    virtual Result<QByteArray> get(const QUrl &url) = 0;
};

} // namespace ferry
