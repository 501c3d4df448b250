// Account autodiscovery: from an e-mail address to the IMAPS server and the
// CalDAV/CardDAV URLs. Sources, in order; for each service (IMAP, CalDAV,
// CardDAV) the first that yields it wins, and the steps stop once all three
// are known:
//   1. "database"   Ferry's bundled provider database (providerdatabase.h);
//   2. "autoconfig" https://autoconfig.<domain>/mail/config-v1.1.xml?emailaddress=<address>
//      "well-known" https://<domain>/.well-known/autoconfig/mail/config-v1.1.xml
//                   (only when the first gave no usable file) — Thunderbird's
//                   autoconfig (draft-bucksch-autoconfig §4.1);
//   3. "srv"        DNS SRV: RFC 6186 _imaps._tcp.<domain> (never _imap._tcp: that
//                   is plaintext/STARTTLS); RFC 6764 _caldavs._tcp and
//                   _carddavs._tcp with the TXT "path=";
//   4. "mx"         the domain's best MX host belongs to a provider of the
//                   database (Google Workspace, Microsoft 365, IONOS …): its settings;
//      "mx-guess"   otherwise imap.<MX base domain>, then imap.<domain>, port 993,
//                   the first whose name exists in DNS — `guessed` is set and the
//                   UI asks the user to confirm.
//
// TLS only: IMAP counts only with implicit TLS (autoconfig <socketType>SSL, an
// _imaps SRV record, or the guess on 993); DAV only with an https URL. Anything
// else is skipped and said in `notes` ("only STARTTLS on port 143 …"). A
// provider that needs a bridge program (Proton) gets no IMAP and a note.
//
// Blocking: discover() runs the network steps one after another (each bounded
// by the fetcher's and the resolver's timeouts); call it from a worker thread.
// No credentials are sent anywhere.
#pragma once

#include "emailaddress.h"

#include <error.h>

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace ferry {

class DnsResolver;
class HttpFetcher;
class ProviderDatabase;
struct AutoconfigConfig;

struct DiscoveredImap {
    QString host;
    quint16 port = 993;          // always implicit TLS
    QString username;            // placeholders substituted; the address when unknown
    QString source;              // "database", "autoconfig", "well-known", "srv", "mx", "mx-guess"
    bool guessed = false;        // "mx-guess": ask the user to confirm
    QStringList authMethods;     // from the autoconfig file (empty: password)
    bool oauth2Only = false;     // no password method offered: Ferry needs OAuth2 here
};

struct DiscoveredDav {
    QString url;                 // https only
    QString username;
    QString source;              // "database", "autoconfig", "well-known", "srv", "mx"
    QStringList authMethods;
    bool oauth2Only = false;
};

// One thing tried, for the helpdesk log: what, where, and how it went.
struct DiscoveryStep {
    QString source;              // as in DiscoveredImap::source
    QString what;                // "GET https://autoconfig.example.com/…", "SRV _imaps._tcp.example.com"
    QString outcome;             // "IMAP imap.example.com:993", "not found (404)", "none"
    bool ok = false;             // yielded something used
};

struct DiscoveryResult {
    EmailAddress address;
    QString providerName;        // display name of the provider, when known
    std::optional<DiscoveredImap> imap;
    QList<DiscoveredImap> imapAlternatives; // other candidates of a guess (may be empty)
    std::optional<DiscoveredDav> caldav;
    std::optional<DiscoveredDav> carddav;

    bool needsAppPassword = false; // the normal password will be refused
    bool needsOAuth2 = false;      // a found service accepts only OAuth2
    bool needsBridge = false;      // no direct IMAP (Proton): "not supported directly"
    bool needsEnabling = false;    // IMAP must be switched on in the provider's settings first
    QString instructions;          // the provider's own steps, plain text (may be empty)
    QString instructionsUrl;       // where to do them (may be empty)

    QStringList notes;             // why something was skipped or is missing, in words
    QList<DiscoveryStep> steps;    // everything tried, in order

    bool complete() const { return imap && caldav && carddav; }
    // Multi-line text of `steps` for logs.
    QString stepsText() const;
};

class AccountDiscovery {
public:
    // `http` and `dns` may be null: those steps are then skipped (noted in steps).
    // All three must outlive the AccountDiscovery.
    AccountDiscovery(const ProviderDatabase &database, HttpFetcher *http, DnsResolver *dns);

    // An Error (ErrorCode::Usage) only for an address that is not one; not
    // finding a service is a result with the service missing and a note.
    Result<DiscoveryResult> discover(const QString &emailAddress);

    // The registrable ("base") domain of a host, without the Public Suffix List:
    // the last two labels, or three under a two-letter country code when the
    // second-level label is a generic one (co, com, net, org, ac, gov, edu, ne, or):
    // "mx1.mail.example.co.uk" → "example.co.uk". Wrong for rare suffixes —
    // acceptable for a guess the user confirms.
    static QString baseDomain(const QString &host);

private:
    struct Run;
    // Takes what `config` offers for the services still missing; returns what
    // it took, in words ("IMAP imap.example.com:993", "bridge only").
    QStringList applyConfig(Run &run, const AutoconfigConfig &config, const QString &source);
    bool fetchAutoconfig(Run &run, const QString &source, const QString &url);
    void lookupSrv(Run &run);
    void lookupMx(Run &run);

    const ProviderDatabase &m_database;
    HttpFetcher *m_http;
    DnsResolver *m_dns;
};

} // namespace ferry
