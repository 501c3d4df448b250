// How HTTP (CalDAV/CardDAV, RFC 4791/6352 over RFC 9110/9112) is written to a
// trace, redacted as it is formatted:
//   - request line: method and path; a query string becomes "?<redacted>"
//     (tokens travel in queries), and so does one in a Location header; an
//     item's resource name (".vcf", ".ics": often a person's name, "bob baker.vcf")
//     becomes "item-<12 hex of its SHA-256>.vcf" — the same item keeps the same
//     name across the trace, so a helpdesk can still follow it;
//   - headers as sent/received, except the values of Authorization,
//     Proxy-Authorization, Cookie and Set-Cookie: "<redacted>";
//   - bodies never: only their size and Content-Type, plus for XML answers
//     (207 Multi-Status, DAV error bodies, RFC 4918 §13, §16) a summary made
//     only of status lines ("3 × HTTP/1.1 200 OK") and the element names
//     inside <DAV:error> — never hrefs, properties or item data.
//
// Pure: no I/O. HttpTrace feeds it from libcurl's debug callback.
#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace ferry::diagnostics::httptrace {

// "PROPFIND /dav/cal/?token=x HTTP/1.1" -> "PROPFIND /dav/cal/?<redacted> HTTP/1.1";
// a status line ("HTTP/1.1 207 Multi-Status") is returned as it is.
QByteArray firstLine(QByteArrayView line);
// One header line ("Name: value"), its value redacted where it must be.
QByteArray headerLine(QByteArrayView line);
// A URL or path without its query (and without user info).
QByteArray withoutQuery(QByteArrayView url);
// "[body omitted: 1234 bytes, text/vcard; charset=utf-8]"
QByteArray bodySummary(qint64 size, QByteArrayView contentType);
// "multistatus: 4 responses; 3 × HTTP/1.1 200 OK, 1 × HTTP/1.1 404 Not Found;
// errors: {DAV:}… " for a DAV XML body; "" when there is nothing to say (not XML,
// no status, or unparseable).
QByteArray xmlSummary(QByteArrayView body);

} // namespace ferry::diagnostics::httptrace
