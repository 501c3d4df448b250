#include "davdiscovery.h"

#include "davhref.h"
#include "davrequests.h"
#include "davsrvresolver.h"

#include <QHostAddress>
#include <QSet>
#include <QUrl>

namespace ferry {

namespace {

bool isIpLiteral(const QString &host)
{
    QString h = host;
    if (h.startsWith(QLatin1Char('[')) && h.endsWith(QLatin1Char(']')))
        h = h.mid(1, h.size() - 2);
    return !QHostAddress(h).isNull();
}

QByteArray originOf(const QString &host, quint16 port)
{
    const QByteArray ascii = host.contains(QLatin1Char(':')) ? '[' + host.toLatin1() + ']' : QUrl::toAce(host);
    QByteArray out = "https://" + (ascii.isEmpty() ? host.toUtf8() : ascii);
    if (port && port != 443)
        out += ':' + QByteArray::number(port);
    return out;
}

QString hostOf(const QByteArray &url)
{
    return QUrl::fromEncoded(url).host().toLower();
}

// The entry describing `url` itself in a Depth 0 answer (servers may spell the
// href differently, or answer for a slightly different path after a redirect).
const MultistatusEntry *selfEntry(const Multistatus &ms, const QByteArray &url)
{
    for (const MultistatusEntry &e : ms.entries) {
        if (davhref::sameCollection(e.href, url))
            return &e;
    }
    return ms.entries.isEmpty() ? nullptr : &ms.entries.first();
}

void takeHomes(const QByteArray &base, const DavProps &props, DavAccount &account)
{
    for (const QByteArray &h : props.calendarHomes) {
        account.homes.append(DavDiscovery::resolve(base, h));
        if (account.calendarHome.isEmpty())
            account.calendarHome = account.homes.last();
    }
    for (const QByteArray &h : props.addressbookHomes) {
        account.homes.append(DavDiscovery::resolve(base, h));
        if (account.addressbookHome.isEmpty())
            account.addressbookHome = account.homes.last();
    }
}

} // namespace

DavDiscovery::DavDiscovery(DavTransport &transport, const Endpoint &endpoint, DavSrvResolver *resolver)
    : m_transport(transport), m_endpoint(endpoint), m_resolver(resolver)
{
}

bool DavDiscovery::mayFollow(const QString &fromHost, const QString &toHost)
{
    const QString from = fromHost.toLower();
    const QString to = toHost.toLower();
    if (from == to)
        return true;
    if (from.isEmpty() || to.isEmpty() || isIpLiteral(from) || isIpLiteral(to))
        return false;
    if (to.endsWith(QLatin1Char('.') + from))
        return true;
    const qsizetype dot = from.indexOf(QLatin1Char('.'));
    if (dot < 0)
        return false;
    const QString parent = from.mid(dot + 1);
    if (!parent.contains(QLatin1Char('.')))
        return false; // "example.com" → parent "com": never the whole TLD
    return to == parent || to.endsWith(QLatin1Char('.') + parent);
}

QByteArray DavDiscovery::resolve(const QByteArray &base, const QByteArray &href)
{
    return QUrl::fromEncoded(base).resolved(QUrl::fromEncoded(href.trimmed())).toEncoded();
}

QList<DavDiscovery::Context> DavDiscovery::contexts(const Endpoint &endpoint, DavSrvResolver *resolver)
{
    QList<Context> out;
    const QString host = endpoint.host.toLower();
    // SRV only makes sense for a domain name (not an address, not "localhost").
    if (resolver && !isIpLiteral(host) && host.contains(QLatin1Char('.'))) {
        for (const char *service : {"_caldavs._tcp.", "_carddavs._tcp."}) {
            const QString name = QLatin1String(service) + host;
            const QList<DavSrvResolver::Target> targets = resolver->lookupSrv(name);
            if (targets.isEmpty())
                continue;
            QString path = resolver->lookupTxtPath(name);
            for (const DavSrvResolver::Target &t : targets) {
                if (!mayFollow(host, t.host))
                    continue; // a DNS answer must not send the password to another domain
                const QByteArray origin = originOf(t.host, t.port);
                if (!path.isEmpty())
                    out.append({origin + davhref::canonicalPath(path.toUtf8()), QStringLiteral("SRV/TXT %1").arg(name)});
                out.append({origin + "/.well-known/" + (QByteArrayView(service).startsWith("_caldavs") ? "caldav" : "carddav"),
                            QStringLiteral("SRV %1").arg(name)});
                break;
            }
        }
    }
    const QByteArray origin = originOf(endpoint.host, endpoint.port);
    out.append({origin + "/.well-known/caldav", QStringLiteral("/.well-known/caldav")});
    out.append({origin + "/.well-known/carddav", QStringLiteral("/.well-known/carddav")});
    out.append({origin + "/", QStringLiteral("/")});
    return out;
}

void DavDiscovery::allowHostOf(const QByteArray &url)
{
    const QUrl u = QUrl::fromEncoded(url);
    if (mayFollow(m_endpoint.host, u.host()))
        m_transport.allowCredentialsFor(u.host(), quint16(u.port(443)));
}

DavReply DavDiscovery::propfind(const QByteArray &url, int depth, const QByteArray &body)
{
    QByteArray target = url;
    for (int hop = 0;; ++hop) {
        DavReply reply = m_transport.execute(DavRequest::xml("PROPFIND", target, depth, body));
        if (!reply.crossHostRedirect || hop >= 5 || !mayFollow(m_endpoint.host, hostOf(reply.location)))
            return reply;
        allowHostOf(reply.location);
        target = reply.location;
    }
}

Error DavDiscovery::replyError(const DavReply &reply, const QString &what) const
{
    return davhttp::errorFor(reply, what, false);
}

Result<DavAccount> DavDiscovery::run()
{
    if (!m_endpoint.path.isEmpty() && m_endpoint.path != QLatin1String("/"))
        return fromUserPath();
    Result<QByteArray> principal = findPrincipal();
    if (!principal.ok())
        return principal.error();
    DavAccount account;
    account.principal = *principal;
    if (Error e = readHomes(account.principal, account))
        return e;
    if (Error e = listHomes(account))
        return e;
    return account;
}

Result<DavAccount> DavDiscovery::fromUserPath()
{
    QByteArray path;
    for (const QString &segment : m_endpoint.path.split(QLatin1Char('/'), Qt::SkipEmptyParts))
        path += '/' + davhref::encodeSegment(segment);
    path += '/';
    const QByteArray url = m_transport.origin() + path;
    const DavReply reply = propfind(url, 0, davrequests::propfindContext());
    const QString what = QStringLiteral("PROPFIND %1").arg(QString::fromUtf8(url));
    if (reply.status != 207)
        return replyError(reply, what);
    Multistatus ms;
    QString error;
    if (!MultistatusParser::parse(reply.body, ms, error))
        return Error::make(ErrorCode::Protocol, QStringLiteral("%1: unreadable answer (%2)").arg(what, error));
    const MultistatusEntry *self = selfEntry(ms, reply.url);
    if (!self)
        return Error::make(ErrorCode::Protocol, QStringLiteral("%1: the answer describes nothing").arg(what));

    DavAccount account;
    if (self->props.calendar || self->props.addressBook) {
        account.directCollection = true;
        const QByteArray collectionUrl = resolve(reply.url, davhref::asCollection(self->href));
        account.collections.append({collectionUrl, davhref::canonicalPath(collectionUrl), self->props});
        return account;
    }
    if (!self->props.calendarHomes.isEmpty() || !self->props.addressbookHomes.isEmpty()) {
        account.principal = reply.url;
        takeHomes(reply.url, self->props, account);
    } else if (!self->props.currentUserPrincipal.isEmpty()
               && !davhref::sameCollection(self->props.currentUserPrincipal, reply.url)) {
        account.principal = resolve(reply.url, self->props.currentUserPrincipal);
        if (Error e = readHomes(account.principal, account))
            return e;
    }
    if (account.homes.isEmpty()) {
        // A plain collection of collections (a home without a principal): list it.
        account.homes.append(reply.url);
        account.calendarHome = account.addressbookHome = reply.url;
    }
    if (Error e = listHomes(account))
        return e;
    return account;
}

Result<QByteArray> DavDiscovery::findPrincipal()
{
    QStringList tried;
    for (const Context &context : contexts(m_endpoint, m_resolver)) {
        allowHostOf(context.url);
        const DavReply reply = propfind(context.url, 0, davrequests::propfindPrincipal());
        const QString what = QStringLiteral("PROPFIND %1").arg(QString::fromUtf8(context.url));
        if (!reply.error.ok() || reply.status == 401)
            return replyError(reply, what); // TLS, network, password: asking elsewhere will not help
        if (reply.crossHostRedirect) {
            tried.append(QStringLiteral("%1 (redirected to another domain: %2)").arg(context.why, QString::fromUtf8(reply.location)));
            continue;
        }
        Multistatus ms;
        QString error;
        if (reply.status != 207 || !MultistatusParser::parse(reply.body, ms, error)) {
            tried.append(QStringLiteral("%1 (HTTP %2)").arg(context.why).arg(reply.status));
            continue;
        }
        for (const MultistatusEntry &e : std::as_const(ms.entries)) {
            if (!e.props.currentUserPrincipal.isEmpty())
                return resolve(reply.url, e.props.currentUserPrincipal);
        }
        tried.append(QStringLiteral("%1 (no current-user-principal)").arg(context.why));
    }
    return Error::make(ErrorCode::NotFound,
                       QStringLiteral("no CalDAV/CardDAV service found on %1").arg(m_endpoint.display()),
                       tried.join(QStringLiteral("; ")),
                       QStringLiteral("give the URL of your calendar or address book, e.g. https://USER@HOST/PATH/"));
}

Error DavDiscovery::readHomes(const QByteArray &principal, DavAccount &account)
{
    allowHostOf(principal);
    const DavReply reply = propfind(principal, 0, davrequests::propfindHomes());
    const QString what = QStringLiteral("PROPFIND %1").arg(QString::fromUtf8(principal));
    if (reply.status != 207)
        return replyError(reply, what);
    Multistatus ms;
    QString error;
    if (!MultistatusParser::parse(reply.body, ms, error))
        return Error::make(ErrorCode::Protocol, QStringLiteral("%1: unreadable answer (%2)").arg(what, error));
    if (const MultistatusEntry *self = selfEntry(ms, reply.url))
        takeHomes(reply.url, self->props, account);
    if (account.homes.isEmpty())
        return Error::make(ErrorCode::NotFound, QStringLiteral("%1 names no calendar or address book home").arg(what), {},
                           QStringLiteral("give the URL of your calendar or address book, e.g. https://USER@HOST/PATH/"));
    return Error::none();
}

Error DavDiscovery::listHomes(DavAccount &account)
{
    // The same home often serves both (Radicale: /alice/ for calendars and contacts).
    QList<QByteArray> homes;
    QSet<QByteArray> seen;
    for (const QByteArray &h : std::as_const(account.homes)) {
        const QByteArray key = QUrl::fromEncoded(h).host().toLower().toUtf8() + davhref::asCollection(h);
        if (!seen.contains(key)) {
            seen.insert(key);
            homes.append(h);
            allowHostOf(h);
        }
    }
    account.homes = homes;
    QList<DavRequest> requests;
    for (const QByteArray &h : std::as_const(homes))
        requests.append(DavRequest::xml("PROPFIND", h, 1, davrequests::propfindCollections()));
    const QList<DavReply> replies = m_transport.executeAll(requests);
    QSet<QByteArray> collections;
    for (qsizetype i = 0; i < replies.size(); ++i) {
        const DavReply &reply = replies[i];
        const QString what = QStringLiteral("PROPFIND %1").arg(QString::fromUtf8(homes[i]));
        if (reply.status != 207)
            return replyError(reply, what);
        Multistatus ms;
        QString error;
        if (!MultistatusParser::parse(reply.body, ms, error))
            return Error::make(ErrorCode::Protocol, QStringLiteral("%1: unreadable answer (%2)").arg(what, error));
        for (const MultistatusEntry &e : std::as_const(ms.entries)) {
            if (!e.props.calendar && !e.props.addressBook)
                continue;
            const QByteArray url = resolve(reply.url, davhref::asCollection(e.href));
            const QByteArray key = hostOf(url).toUtf8() + davhref::asCollection(url);
            if (collections.contains(key))
                continue;
            collections.insert(key);
            account.collections.append({url, davhref::asCollection(url), e.props});
        }
    }
    return Error::none();
}

} // namespace ferry
