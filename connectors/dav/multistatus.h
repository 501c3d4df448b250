// Typed values of a WebDAV 207 Multi-Status body (RFC 4918 §13, §14.16) and
// its parser, for everything Ferry asks a CalDAV/CardDAV server:
//   DAV: getetag, displayname, resourcetype, sync-token (RFC 6578 §4),
//        current-user-principal (RFC 5397), getcontenttype;
//   CalDAV (RFC 4791): calendar-description, supported-calendar-component-set,
//        calendar-home-set (RFC 4791 §6.2.1), calendar-data;
//   CardDAV (RFC 6352): addressbook-description, supported-address-data,
//        addressbook-home-set, address-data;
//   Apple iCal ns: calendar-color, calendar-order; CalendarServer ns: getctag.
// sync-collection results (RFC 6578 §3.5: a removed member is a response with
// status 404; the new token is <sync-token> under <multistatus>) and DAV:error
// bodies (RFC 4918 §16: precondition names such as valid-sync-token).
//
// Pure: bytes in, values out, no I/O. Uses Qt's QXmlStreamReader (a maintained,
// namespace-aware XML parser); names are matched on (namespace URI, local name)
// so any prefix works. Hostile input: a DTD (and so every entity declaration) is
// refused before it can be used, nesting deeper than kMaxDepth is refused, and
// all sizes are bounded by the input.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace ferry {

// The properties of one resource that came back with a 2xx propstat.
struct DavProps {
    enum Prop : quint32 {
        ETag = 1u << 0,
        DisplayName = 1u << 1,
        ResourceType = 1u << 2,
        Color = 1u << 3,
        CalendarDescription = 1u << 4,
        AddressbookDescription = 1u << 5,
        Order = 1u << 6,
        ComponentSet = 1u << 7,
        AddressDataTypes = 1u << 8,
        SyncToken = 1u << 9,
        CTag = 1u << 10,
        CurrentUserPrincipal = 1u << 11,
        CalendarHomeSet = 1u << 12,
        AddressbookHomeSet = 1u << 13,
        ContentType = 1u << 14,
        CalendarData = 1u << 15,
        AddressData = 1u << 16,
    };
    quint32 present = 0;
    bool has(Prop p) const { return (present & p) != 0; }

    QByteArray etag;               // verbatim, quotes included ("\"abc\"", W/"x")
    QString displayName;
    bool collection = false;       // resourcetype
    bool calendar = false;
    bool addressBook = false;
    bool principal = false;
    QString color;                 // "#RRGGBB[AA]" as the server wrote it
    QString calendarDescription;
    QString addressbookDescription;
    QString order;                 // calendar-order, an integer as text
    QStringList components;        // "VEVENT", "VTODO", "VJOURNAL", … (upper case)
    QList<QPair<QString, QString>> addressDataTypes; // (content-type, version)
    QByteArray syncToken;
    QByteArray ctag;
    QByteArray currentUserPrincipal; // an href
    QList<QByteArray> calendarHomes;
    QList<QByteArray> addressbookHomes;
    QByteArray contentType;
    // calendar-data / address-data as UTF-8, with CRLF line ends restored (XML
    // parsing turns CRLF into LF, XML 1.0 §2.11; iCalendar and vCard need CRLF).
    QByteArray data;
};

// One <response>.
struct MultistatusEntry {
    QByteArray href;     // as the server wrote it (trimmed); see davhref::canonicalPath
    int status = 0;      // the response's own <status> (e.g. 404 in sync-collection); 0 if none
    DavProps props;      // from propstats with a 2xx status
    // Properties in a non-2xx propstat: "{namespace}name" → status (404 missing, 403 …).
    QList<QPair<QString, int>> failed;
    QStringList errors;  // condition names of a <DAV:error> inside the response
    QString description; // <responsedescription>
};

struct Multistatus {
    QList<MultistatusEntry> entries;
    QByteArray syncToken; // <multistatus>/<sync-token> (sync-collection); empty if none
};

// A <DAV:error> body (RFC 4918 §16) or, inside it, SabreDAV's message.
struct DavErrorBody {
    QStringList conditions; // local names: "valid-sync-token", "no-uid-conflict", …
    QString message;        // SabreDAV <s:message>, empty if none
};

class MultistatusParser {
public:
    static constexpr int kMaxDepth = 64;

    // false with `error` set on malformed or hostile XML, or when the root is not
    // DAV:multistatus.
    static bool parse(QByteArrayView xml, Multistatus &out, QString &error);
    // Parses an error body; false if `xml` is not a DAV:error document.
    static bool parseError(QByteArrayView xml, DavErrorBody &out);
    // "HTTP/1.1 404 Not Found" → 404; 0 when unreadable.
    static int statusCode(QStringView statusLine);
    // LF → CRLF where the CR is missing (see DavProps::data).
    static QByteArray restoreCrlf(const QByteArray &text);
};

} // namespace ferry
