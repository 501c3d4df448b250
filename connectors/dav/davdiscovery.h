// Finds a user's calendars and address books (RFC 6764 §6; RFC 5397
// current-user-principal; RFC 4791 §6.2.1 calendar-home-set; RFC 6352 §7.1.1
// addressbook-home-set):
//   1. a path in the account URL is used as is: one PROPFIND tells whether it is
//      a calendar/address book (then it is the only collection), a principal or
//      a home (then its collections are listed);
//   2. otherwise, in order: the SRV targets of _caldavs._tcp / _carddavs._tcp of
//      the host (with the TXT "path="), /.well-known/caldav and
//      /.well-known/carddav (redirects followed), then "/" — the first that
//      names a current-user-principal wins;
//   3. principal → home sets → PROPFIND Depth 1 on each home (in parallel) →
//      every calendar and address book with its display name, colour,
//      description, order, component set, ctag and sync-token.
// Credentials go to the account's host and, from SRV or a /.well-known
// redirect, only to hosts in the same domain (mayFollow()); a redirect
// elsewhere stops with an error that names it.
#pragma once

#include "davtransport.h"
#include "multistatus.h"

#include <connector/endpoint.h>

namespace ferry {

class DavSrvResolver;

struct DavCollection {
    QByteArray url;      // absolute https URL, with a trailing '/'
    QByteArray href;     // its canonical path (davhref::canonicalPath)
    DavProps props;
};

struct DavAccount {
    QByteArray principal;            // absolute URL; empty when the user gave a collection
    QList<QByteArray> homes;         // absolute URLs
    QByteArray calendarHome;         // where new calendars go (first calendar-home-set); may be empty
    QByteArray addressbookHome;      // where new address books go
    QList<DavCollection> collections;
    bool directCollection = false;   // the account URL named one collection
};

class DavDiscovery {
public:
    struct Context {
        QByteArray url;   // absolute https URL to ask for current-user-principal
        QString why;      // "SRV _caldavs._tcp.example.com", "/.well-known/caldav", …
    };

    // `resolver` may be null (no SRV look-ups).
    DavDiscovery(DavTransport &transport, const Endpoint &endpoint, DavSrvResolver *resolver);
    Result<DavAccount> run();

    // Where step 2 looks, in order. Pure apart from the resolver.
    static QList<Context> contexts(const Endpoint &endpoint, DavSrvResolver *resolver);
    // May credentials for `from` go to `to`? Equal hosts; `to` inside `from`'s
    // domain; or both in the parent domain of `from` when that has ≥ 2 labels
    // (caldav.icloud.com → p42-caldav.icloud.com). IP addresses: equal only.
    static bool mayFollow(const QString &from, const QString &to);
    // `href` resolved against the URL that sent it.
    static QByteArray resolve(const QByteArray &base, const QByteArray &href);

private:
    // PROPFIND Depth 0 that follows an acceptable cross-host redirect.
    DavReply propfind(const QByteArray &url, int depth, const QByteArray &body);
    Error replyError(const DavReply &reply, const QString &what) const;
    Result<DavAccount> fromUserPath();
    Result<QByteArray> findPrincipal();
    Error readHomes(const QByteArray &principal, DavAccount &account);
    Error listHomes(DavAccount &account);
    void allowHostOf(const QByteArray &url);

    DavTransport &m_transport;
    Endpoint m_endpoint;
    DavSrvResolver *m_resolver;
};

} // namespace ferry
