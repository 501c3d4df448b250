// XML request bodies for CalDAV/CardDAV (the "command" layer: one builder per
// request, each naming its RFC section). Pure: values in, UTF-8 bytes out.
//   PROPFIND (RFC 4918 §9.1) property sets for discovery and listing;
//   calendar-multiget (RFC 4791 §7.9), addressbook-multiget (RFC 6352 §8.7);
//   sync-collection (RFC 6578 §3.2);
//   MKCALENDAR (RFC 4791 §5.3.1), extended MKCOL for address books (RFC 5689 §3,
//   RFC 6352 §6.3.1), PROPPATCH (RFC 4918 §9.2).
// Written with QXmlStreamWriter (escaping and namespaces done by Qt); text that
// XML 1.0 cannot carry (control characters other than TAB/LF/CR, lone
// surrogates) is replaced by U+FFFD so the body is always well-formed.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace ferry {

// Collection metadata to set. An empty field is not sent.
struct DavCollectionSettings {
    QString displayName;
    QString description;
    QString color;            // Apple calendar-color ("#RRGGBB" or "#RRGGBBAA")
    QString order;            // Apple calendar-order (an integer)
    QStringList components;   // MKCALENDAR: "VEVENT", "VTODO", "VJOURNAL"
};

namespace davrequests {

// Depth 0 on a context path: current-user-principal, resourcetype, displayname.
QByteArray propfindPrincipal();
// Depth 0 on a principal: calendar-home-set, addressbook-home-set, resourcetype.
QByteArray propfindHomes();
// Depth 0/1 on a home or a collection: everything listFolders() reports
// (resourcetype, displayname, colour, order, descriptions, component set,
// supported-address-data, getctag, sync-token).
QByteArray propfindCollections();
// Depth 1 on a collection: getetag, getcontenttype, resourcetype (ctag/etag fallback).
QByteArray propfindEtags();
// Depth 0 on a URL the user gave: all of the above at once, so one round trip
// tells a collection from a principal or a home.
QByteArray propfindContext();
// getctag + sync-token only (Depth 0): has the collection changed?
QByteArray propfindCtag();

// `hrefs` are sent as given (already percent-encoded paths).
QByteArray calendarMultiget(const QList<QByteArray> &hrefs);
QByteArray addressbookMultiget(const QList<QByteArray> &hrefs);

// An empty token asks for the initial full listing (RFC 6578 §3.4).
QByteArray syncCollection(const QByteArray &syncToken);

QByteArray mkcalendar(const DavCollectionSettings &settings);
QByteArray mkcolAddressbook(const DavCollectionSettings &settings);
// Sets displayname and the description/colour/order of a calendar
// (`calendar`) or the description of an address book.
QByteArray proppatch(const DavCollectionSettings &settings, bool calendar);

// `text` with characters XML 1.0 cannot carry replaced by U+FFFD.
QString xmlSafe(const QString &text);

} // namespace davrequests
} // namespace ferry
