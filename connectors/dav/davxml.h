// XML namespace URIs of WebDAV, CalDAV, CardDAV and the vendor extensions
// Ferry reads and writes (RFC 4918 §21, RFC 4791 §5.2, RFC 6352 §10.1;
// Apple's iCal and CalendarServer namespaces as spoken by iCloud, SabreDAV and
// Radicale). Private to connectors/dav.
#pragma once

#include <QLatin1StringView>

namespace ferry::davxml {

inline constexpr QLatin1StringView kDav("DAV:");
inline constexpr QLatin1StringView kCalDav("urn:ietf:params:xml:ns:caldav");
inline constexpr QLatin1StringView kCardDav("urn:ietf:params:xml:ns:carddav");
inline constexpr QLatin1StringView kApple("http://apple.com/ns/ical/");
inline constexpr QLatin1StringView kCalendarServer("http://calendarserver.org/ns/");
inline constexpr QLatin1StringView kSabre("http://sabredav.org/ns");

} // namespace ferry::davxml
