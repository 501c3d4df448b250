#include "autodiscovery.h"

#include "autoconfigparser.h"
#include "dnsresolver.h"
#include "httpfetcher.h"
#include "providerdatabase.h"

#include <QSet>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace ferry {

struct AccountDiscovery::Run {
    DiscoveryResult result;
    bool imapDecided = false;        // found, or a provider said there is none (bridge)
    QSet<QString> providersApplied;  // whose notes/instructions are in the result already
    QStringList instructionParts;

    QString address() const { return result.address.address(); }
    bool needsMore() const { return !imapDecided || !result.caldav || !result.carddav; }
    void step(const QString &source, const QString &what, const QString &outcome, bool ok = false)
    {
        result.steps.append({source, what, outcome, ok});
    }
};

namespace {

QString hostPort(const QString &host, quint16 port)
{
    return host + QLatin1Char(':') + QString::number(port);
}

bool isHttps(const QString &url)
{
    const QUrl u(url, QUrl::StrictMode);
    return u.isValid() && u.scheme() == "https"_L1 && !u.host().isEmpty();
}

QString serviceLabel(bool calendar)
{
    return calendar ? u"CalDAV"_s : u"CardDAV"_s;
}

} // namespace

QString DiscoveryResult::stepsText() const
{
    QStringList lines;
    for (const DiscoveryStep &s : steps)
        lines.append(u"[%1] %2: %3"_s.arg(s.source, s.what, s.outcome));
    return lines.join(QLatin1Char('\n'));
}

AccountDiscovery::AccountDiscovery(const ProviderDatabase &database, HttpFetcher *http, DnsResolver *dns)
    : m_database(database), m_http(http), m_dns(dns)
{
}

QString AccountDiscovery::baseDomain(const QString &host)
{
    QString h = host.toLower();
    if (h.endsWith(QLatin1Char('.')))
        h.chop(1);
    const QStringList labels = h.split(QLatin1Char('.'), Qt::SkipEmptyParts);
    if (labels.size() <= 2)
        return labels.join(QLatin1Char('.'));
    static const QStringList generic = {u"co"_s, u"com"_s, u"net"_s, u"org"_s, u"ac"_s,
                                        u"gov"_s, u"edu"_s, u"ne"_s, u"or"_s};
    const qsizetype n = labels.size();
    const bool underCountry = labels.at(n - 1).size() == 2 && generic.contains(labels.at(n - 2));
    return labels.mid(n - (underCountry ? 3 : 2)).join(QLatin1Char('.'));
}

QStringList AccountDiscovery::applyConfig(Run &run, const AutoconfigConfig &config, const QString &source)
{
    DiscoveryResult &r = run.result;
    const QString address = run.address();
    const QString provider = config.displayLabel();
    QStringList found;

    if (config.bridge && !run.imapDecided) {
        run.imapDecided = true;
        r.needsBridge = true;
        r.notes.append(u"%1 has no direct IMAP access: it needs the provider's bridge program, which Ferry does not "
                       "support directly."_s.arg(provider.isEmpty() ? r.address.domain : provider));
        found.append(u"bridge only"_s);
    }

    if (!run.imapDecided) {
        QStringList skipped;
        for (const AutoconfigServer &s : config.imapServers) {
            const QString host = autoconfig::substitute(s.hostname, address).trimmed();
            if (host.isEmpty())
                continue;
            if (!s.implicitTls()) {
                skipped.append(u"%1:%2 (%3)"_s.arg(host, s.portText.isEmpty() ? u"?"_s : s.portText,
                                                  s.socketType.isEmpty() ? u"no socketType"_s : s.socketType));
                continue;
            }
            if (s.port == 0) {
                skipped.append(u"%1 (port “%2” is not a number)"_s.arg(host, s.portText));
                continue;
            }
            DiscoveredImap imap;
            imap.host = host;
            imap.port = s.port;
            imap.username = s.username.isEmpty() ? address : autoconfig::substitute(s.username, address);
            imap.source = source;
            imap.authMethods = s.authentication;
            imap.oauth2Only = !autoconfig::allowsPassword(s.authentication) && autoconfig::allowsOAuth2(s.authentication);
            r.imap = imap;
            run.imapDecided = true;
            found.append(u"IMAP "_s + hostPort(host, s.port));
            break;
        }
        if (!r.imap && !skipped.isEmpty()) {
            r.notes.append(u"The %1 settings name only IMAP without implicit TLS — %2. Ferry connects only with TLS from "
                           "the first byte (IMAPS, usually port 993), so this was not used."_s
                               .arg(source, skipped.join(u", "_s)));
        }
    }

    for (const bool calendar : {true, false}) {
        std::optional<DiscoveredDav> &slot = calendar ? r.caldav : r.carddav;
        if (slot)
            continue;
        for (const AutoconfigDav &d : calendar ? config.calendars : config.addressBooks) {
            const QString url = autoconfig::substitute(d.url, address).trimmed();
            if (!isHttps(url)) {
                r.notes.append(u"The %1 settings give %2 at %3, which is not an https address; Ferry uses only TLS, so it "
                               "was not used."_s.arg(source, serviceLabel(calendar), url));
                continue;
            }
            DiscoveredDav dav;
            dav.url = url;
            dav.username = d.username.isEmpty() ? address : autoconfig::substitute(d.username, address);
            dav.source = source;
            dav.authMethods = d.authentication;
            dav.oauth2Only = !autoconfig::allowsPassword(d.authentication) && autoconfig::allowsOAuth2(d.authentication);
            slot = dav;
            found.append(serviceLabel(calendar) + QLatin1Char(' ') + url);
            break;
        }
    }

    if (found.isEmpty())
        return found;
    if (r.providerName.isEmpty())
        r.providerName = provider;
    for (const auto *oauth : {r.imap ? &r.imap->oauth2Only : nullptr, r.caldav ? &r.caldav->oauth2Only : nullptr,
                              r.carddav ? &r.carddav->oauth2Only : nullptr}) {
        if (oauth && *oauth)
            r.needsOAuth2 = true;
    }
    const QString key = config.id + QLatin1Char('|') + config.domains.join(QLatin1Char(','));
    if (run.providersApplied.contains(key))
        return found;
    run.providersApplied.insert(key);
    const auto addInstruction = [&](const QString &text, const QString &url) {
        if (!text.isEmpty() && !run.instructionParts.contains(text))
            run.instructionParts.append(text);
        if (r.instructionsUrl.isEmpty() && !url.isEmpty())
            r.instructionsUrl = url;
    };
    if (config.bridge)
        addInstruction(config.bridgeText, config.bridgeUrl);
    if (config.appPassword) {
        r.needsAppPassword = true;
        addInstruction(config.appPasswordText, config.appPasswordUrl);
    }
    if (!config.enableText.isEmpty() || !config.enableUrl.isEmpty()) {
        r.needsEnabling = true;
        addInstruction(config.enableText, config.enableUrl);
    }
    r.instructions = run.instructionParts.join(u"\n\n"_s);
    return found;
}

bool AccountDiscovery::fetchAutoconfig(Run &run, const QString &source, const QString &urlText)
{
    const QString what = u"GET "_s + urlText;
    if (!m_http) {
        run.step(source, what, u"skipped (no HTTP fetcher)"_s);
        return false;
    }
    const Result<QByteArray> body = m_http->get(QUrl(urlText, QUrl::StrictMode));
    if (!body.ok()) {
        run.step(source, what, body.error().toString());
        return false;
    }
    const Result<AutoconfigConfig> config = autoconfig::parse(body.value());
    if (!config.ok()) {
        run.step(source, what, config.error().toString());
        return false;
    }
    const QStringList used = applyConfig(run, config.value(), source);
    run.step(source, what, used.isEmpty() ? u"a valid file, nothing usable in it"_s : used.join(u", "_s), !used.isEmpty());
    return true;
}

void AccountDiscovery::lookupSrv(Run &run)
{
    DiscoveryResult &r = run.result;
    const QString domain = r.address.aceDomain;
    if (!run.imapDecided) {
        const QString name = u"_imaps._tcp."_s + domain;
        const Result<QList<DnsSrvRecord>> records = m_dns->lookupSrv(name);
        if (!records.ok()) {
            run.step(u"srv"_s, u"SRV "_s + name, records.error().toString());
        } else if (records->isEmpty() || records->first().port == 0) {
            run.step(u"srv"_s, u"SRV "_s + name, u"none"_s);
        } else {
            const DnsSrvRecord &best = records->first();
            DiscoveredImap imap;
            imap.host = best.host;
            imap.port = best.port;
            imap.username = run.address();
            imap.source = u"srv"_s;
            r.imap = imap;
            run.imapDecided = true;
            run.step(u"srv"_s, u"SRV "_s + name, u"IMAP "_s + hostPort(best.host, best.port), true);
        }
    }
    for (const bool calendar : {true, false}) {
        std::optional<DiscoveredDav> &slot = calendar ? r.caldav : r.carddav;
        if (slot)
            continue;
        const QString name = (calendar ? u"_caldavs._tcp."_s : u"_carddavs._tcp."_s) + domain;
        const Result<QList<DnsSrvRecord>> records = m_dns->lookupSrv(name);
        if (!records.ok()) {
            run.step(u"srv"_s, u"SRV "_s + name, records.error().toString());
            continue;
        }
        if (records->isEmpty() || records->first().port == 0) {
            run.step(u"srv"_s, u"SRV "_s + name, u"none"_s);
            continue;
        }
        const DnsSrvRecord &best = records->first();
        // RFC 6764 §4: the TXT "path=" names the context path; without it the
        // DAV connector asks /.well-known/ on that host (RFC 6764 §5).
        QString path;
        const Result<QList<QByteArray>> txt = m_dns->lookupTxt(name);
        if (txt.ok())
            path = DnsResolver::txtPath(txt.value());
        if (!path.startsWith(QLatin1Char('/')))
            path.prepend(QLatin1Char('/'));
        QUrl url;
        url.setScheme(u"https"_s);
        url.setHost(best.host);
        if (best.port != 443)
            url.setPort(best.port);
        url.setPath(path);
        DiscoveredDav dav;
        dav.url = url.toString(QUrl::FullyEncoded);
        dav.username = run.address();
        dav.source = u"srv"_s;
        slot = dav;
        run.step(u"srv"_s, u"SRV "_s + name, serviceLabel(calendar) + QLatin1Char(' ') + dav.url, true);
    }
}

void AccountDiscovery::lookupMx(Run &run)
{
    DiscoveryResult &r = run.result;
    const QString domain = r.address.aceDomain;
    QString mxHost;
    const Result<QList<DnsMxRecord>> mx = m_dns->lookupMx(domain);
    if (!mx.ok()) {
        run.step(u"mx"_s, u"MX "_s + domain, mx.error().toString());
    } else if (mx->isEmpty()) {
        run.step(u"mx"_s, u"MX "_s + domain, u"none"_s);
    } else {
        mxHost = mx->first().host.toLower();
        if (const ProviderDatabase::Entry *entry = m_database.findByMxHost(mxHost)) {
            const QStringList used = applyConfig(run, entry->config, u"mx"_s);
            run.step(u"mx"_s, u"MX "_s + domain,
                     u"%1 — hosted by %2%3"_s.arg(mxHost, entry->config.displayLabel(),
                                                 used.isEmpty() ? QString() : u": "_s + used.join(u", "_s)),
                     !used.isEmpty());
        } else {
            run.step(u"mx"_s, u"MX "_s + domain, mxHost + u" — not a provider Ferry knows"_s);
        }
    }
    if (run.imapDecided)
        return;

    QStringList candidates;
    if (!mxHost.isEmpty())
        candidates.append(u"imap."_s + baseDomain(mxHost));
    if (!candidates.contains(u"imap."_s + domain))
        candidates.append(u"imap."_s + domain);
    for (const QString &host : std::as_const(candidates)) {
        const Result<bool> exists = m_dns->hostExists(host);
        if (!exists.ok()) {
            run.step(u"mx-guess"_s, u"A/AAAA "_s + host, exists.error().toString());
            continue;
        }
        run.step(u"mx-guess"_s, u"A/AAAA "_s + host, exists.value() ? u"exists"_s : u"no such host"_s, exists.value());
        if (!exists.value())
            continue;
        DiscoveredImap imap;
        imap.host = host;
        imap.port = 993;
        imap.username = run.address();
        imap.source = u"mx-guess"_s;
        imap.guessed = true;
        if (!r.imap)
            r.imap = imap;
        else
            r.imapAlternatives.append(imap);
    }
    if (r.imap) {
        run.imapDecided = true;
        r.notes.append(u"The IMAP server %1 (port 993) is a guess from the domain's mail servers: please confirm it."_s
                           .arg(r.imap->host));
    }
}

Result<DiscoveryResult> AccountDiscovery::discover(const QString &emailAddress)
{
    Result<EmailAddress> address = EmailAddress::parse(emailAddress);
    if (!address.ok())
        return address.error();
    Run run;
    run.result.address = address.value();
    const QString domain = run.result.address.aceDomain;

    if (const ProviderDatabase::Entry *entry = m_database.findByDomain(domain)) {
        const QStringList used = applyConfig(run, entry->config, u"database"_s);
        run.step(u"database"_s, domain,
                 entry->config.displayLabel() + (used.isEmpty() ? QString() : u": "_s + used.join(u", "_s)),
                 !used.isEmpty());
    } else {
        run.step(u"database"_s, domain, u"not a provider Ferry knows"_s);
    }

    if (run.needsMore()) {
        const QString query = QString::fromLatin1(QUrl::toPercentEncoding(run.address()));
        if (!fetchAutoconfig(run, u"autoconfig"_s,
                             u"https://autoconfig.%1/mail/config-v1.1.xml?emailaddress=%2"_s.arg(domain, query))) {
            fetchAutoconfig(run, u"well-known"_s,
                            u"https://%1/.well-known/autoconfig/mail/config-v1.1.xml"_s.arg(domain));
        }
    }

    if (run.needsMore()) {
        if (m_dns)
            lookupSrv(run);
        else
            run.step(u"srv"_s, domain, u"skipped (no DNS resolver)"_s);
    }
    if (run.needsMore()) {
        if (m_dns)
            lookupMx(run);
        else
            run.step(u"mx"_s, domain, u"skipped (no DNS resolver)"_s);
    }

    DiscoveryResult &r = run.result;
    if (!r.imap && !r.needsBridge) {
        r.notes.append(u"No IMAP server with TLS (IMAPS, port 993) was found for %1: please enter it by hand (your "
                       "provider's help pages name it)."_s.arg(r.address.domain));
    }
    if (r.needsOAuth2) {
        QStringList services;
        if (r.imap && r.imap->oauth2Only)
            services.append(u"IMAP"_s);
        if (r.caldav && r.caldav->oauth2Only)
            services.append(u"CalDAV"_s);
        if (r.carddav && r.carddav->oauth2Only)
            services.append(u"CardDAV"_s);
        r.notes.append(u"%1 accepts only OAuth2 sign-in (no password) for %2."_s.arg(
            r.providerName.isEmpty() ? r.address.domain : r.providerName, services.join(u", "_s)));
    }
    if (!r.caldav)
        r.notes.append(u"No CalDAV (calendar) service was found for %1; if your provider offers one, enter its https "
                       "address by hand."_s.arg(r.address.domain));
    if (!r.carddav)
        r.notes.append(u"No CardDAV (contacts) service was found for %1; if your provider offers one, enter its https "
                       "address by hand."_s.arg(r.address.domain));
    return r;
}

} // namespace ferry
