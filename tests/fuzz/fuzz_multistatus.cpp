// Fuzz target: the WebDAV 207 Multi-Status parser (dav/multistatus.h, RFC 4918
// §13/§14.16, RFC 6578 sync-collection) and DAV:error bodies, plus the href
// helpers (dav/davhref.h) on every href the server sent, as the connector uses
// them. Also checks that canonicalPath() is idempotent: RemoteIds are compared
// in canonical form, so canonicalising twice must not change one.
#include <dav/davhref.h>
#include <dav/multistatus.h>

#include <cstdint>
#include <cstdlib>

using namespace ferry;

namespace {

void hrefs(const QByteArray &href)
{
    const QByteArray canonical = davhref::canonicalPath(href);
    if (davhref::canonicalPath(canonical) != canonical)
        std::abort();
    if (!canonical.isEmpty() && !davhref::sameResource(href, canonical))
        std::abort();
    (void)davhref::decode(href);
    (void)davhref::lastSegment(href);
    (void)davhref::parent(href);
    (void)davhref::asCollection(href);
    (void)davhref::join(canonical, davhref::lastSegment(href));
    (void)davhref::sameCollection(href, davhref::parent(href));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray xml(reinterpret_cast<const char *>(data), qsizetype(size));
    Multistatus ms;
    QString error;
    if (MultistatusParser::parse(xml, ms, error)) {
        for (const MultistatusEntry &e : std::as_const(ms.entries)) {
            hrefs(e.href);
            hrefs(e.props.currentUserPrincipal);
            for (const QByteArray &h : e.props.calendarHomes)
                hrefs(h);
            for (const QByteArray &h : e.props.addressbookHomes)
                hrefs(h);
            (void)MultistatusParser::restoreCrlf(e.props.data);
        }
    }
    DavErrorBody err;
    (void)MultistatusParser::parseError(xml, err);
    (void)MultistatusParser::statusCode(QString::fromUtf8(xml.left(200)));
    (void)davhref::resourceNameForUid(QString::fromUtf8(xml.left(300)), QStringLiteral(".ics"));
    hrefs(xml.left(300)); // the input as one href (hrefs are short; the XML parse has the rest)
    return 0;
}
