// One HTTP request of the DAV transport and its answer, plus the mapping of
// HTTP statuses to Ferry's typed errors (RFC 9110 §15; RFC 4918 §11.5 507
// Insufficient Storage; RFC 6585 §4 429; RFC 9110 §10.2.3 Retry-After).
// Private to connectors/dav.
#pragma once

#include <error.h>

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace ferry {

class ItemBody;

struct DavRequest {
    QByteArray method;           // "PROPFIND", "REPORT", "PUT", "GET", "MKCALENDAR", …
    QByteArray url;              // an absolute https URL or a path on the endpoint's host
    int depth = -1;              // Depth header (0, 1); -1 = none
    QByteArray contentType;      // of the body
    QList<QPair<QByteArray, QByteArray>> headers; // e.g. {"If-None-Match", "*"}
    QByteArray body;
    // Streamed instead of `body` when set; must stay alive until the reply.
    const ItemBody *itemBody = nullptr;

    static DavRequest xml(QByteArray method, QByteArray url, int depth, QByteArray body)
    {
        DavRequest r;
        r.method = std::move(method);
        r.url = std::move(url);
        r.depth = depth;
        r.contentType = "application/xml; charset=utf-8";
        r.body = std::move(body);
        return r;
    }
};

struct DavReply {
    Error error;             // a transport failure (Network, Tls, …): no status then
    int status = 0;          // HTTP status of the final answer
    QByteArray url;          // the URL that gave this answer (after redirects)
    QByteArray body;
    QByteArray etag;         // ETag header, verbatim
    QByteArray location;     // Location header (3xx, 201)
    QByteArray contentType;
    QByteArray retryAfter;
    QByteArray dav;          // DAV header (compliance classes)
    long httpVersion = 0;    // CURL_HTTP_VERSION_* of the answer
    // A 3xx that pointed to a host Ferry does not send credentials to, returned
    // unfollowed (see DavTransport::allowCredentialsFor).
    bool crossHostRedirect = false;

    bool ok() const { return error.ok() && status >= 200 && status < 300; }
};

namespace davhttp {

// The error for an answer that is not a success: the transport error if there
// was one, else one by status:
//   401 Auth · 403 Rejected (permission) · 404/410 NotFound · 412 Precondition ·
//   413 TooBig · 507 Quota · 429/503 (after the transport's retries) Network ·
//   other 4xx Rejected · 502/504 Network · other 5xx Protocol (Rejected for a write).
// `what` names the request ("PUT /cal/x.ics on host"); serverText is the
// server's own words (DAV:error conditions, SabreDAV's message, or plain text).
Error errorFor(const DavReply &reply, const QString &what, bool write);
// The server's explanation in a body, short and single-line (≤ 300 characters).
QString serverText(const DavReply &reply);
// Retry-After (delta-seconds or HTTP-date) → milliseconds; -1 when absent/unreadable.
qint64 retryAfterMs(const QByteArray &value);

} // namespace davhttp
} // namespace ferry
