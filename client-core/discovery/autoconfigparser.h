// Parser of Thunderbird's autoconfig files ("clientConfig version 1.1", the
// format of Mozilla's ISPDB and of https://autoconfig.<domain>/mail/config-v1.1.xml;
// described at https://wiki.mozilla.org/Thunderbird:Autoconfiguration:ConfigFileFormat
// and in the IETF draft draft-bucksch-autoconfig). Pure: bytes in, a struct
// out, no I/O, no policy — which server Ferry may use is decided by
// AccountDiscovery.
//
// Why hand-written: the format is a handful of elements read with Qt's
// QXmlStreamReader; no C++ library parses it (Thunderbird's own code is JS).
//
// Tolerance, because real files vary:
//   - element names compare case-insensitively (<addressbook>, <addressBook>);
//   - <addressBook>/<calendar> are read inside <emailProvider> or beside it;
//     their URL is <serverURL> or <url>;
//   - only the first <emailProvider> is read; unknown elements are skipped;
//   - a file that is not well-formed XML, or whose root is not <clientConfig>,
//     is an Error (ErrorCode::Protocol) naming the line and column.
//
// Ferry's own extension elements live in the namespace kFerryNamespace
// ("urn:x-ferry:autoconfig:1") so that the files stay valid for Thunderbird:
//   <ferry:mxDomain>aspmx.l.google.com</ferry:mxDomain>  MX hosts under it belong
//       to this provider (custom domains hosted there);
//   <ferry:appPassword url="…">steps</ferry:appPassword>  the normal password
//       does not work for IMAP/DAV: the user must make an app password;
//   <ferry:bridge url="…">text</ferry:bridge>  no direct IMAP (Proton): the
//       provider's bridge program is needed; Ferry does not support it directly.
#pragma once

#include <error.h>

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace ferry {

inline constexpr char kFerryAutoconfigNamespace[] = "urn:x-ferry:autoconfig:1";

// One <incomingServer type="imap">, as written (placeholders not substituted).
struct AutoconfigServer {
    QString hostname;
    quint16 port = 0;            // 0 when missing or not a number in 1..65535
    QString portText;            // the <port> text as written (for notes)
    QString socketType;          // "SSL", "STARTTLS", "plain" — as written
    QString username;            // e.g. "%EMAILADDRESS%"
    QStringList authentication;  // every <authentication>, in order ("password-cleartext", "OAuth2", …)

    bool implicitTls() const { return socketType.compare(QLatin1String("SSL"), Qt::CaseInsensitive) == 0; }
};

// One <calendar type="caldav"> or <addressBook type="carddav">.
struct AutoconfigDav {
    QString url;                 // <serverURL> or <url>
    QString username;
    QStringList authentication;
};

struct AutoconfigConfig {
    QString id;                  // <emailProvider id="…">
    QString displayName;
    QString displayShortName;
    QStringList domains;         // every <domain>, lower case
    QStringList mxDomains;       // <ferry:mxDomain>, lower case
    QList<AutoconfigServer> imapServers;   // in file order, whatever their socketType
    int otherIncomingServers = 0;          // POP3, Exchange, JMAP … (ignored by Ferry)
    QList<AutoconfigDav> calendars;        // type caldav only
    QList<AutoconfigDav> addressBooks;     // type carddav only

    QString documentationUrl;    // first <documentation url=…>
    QString documentationText;   // its <descr lang="en"> (or the first <descr>)
    QString enableUrl;           // <enable visiturl=…>: something to switch on first
    QString enableText;          // its <instruction> (English or the first)
    QString appPasswordUrl;      // <ferry:appPassword url=…>
    QString appPasswordText;
    bool appPassword = false;
    QString bridgeUrl;           // <ferry:bridge url=…>
    QString bridgeText;
    bool bridge = false;

    QString displayLabel() const { return displayName.isEmpty() ? id : displayName; }
};

namespace autoconfig {

Result<AutoconfigConfig> parse(const QByteArray &xml);

// Replaces %EMAILADDRESS%, %EMAILLOCALPART% and %EMAILDOMAIN% in `value`
// (the placeholders of the format; case-sensitive, as Thunderbird does).
QString substitute(QString value, const QString &emailAddress);

// Whether `methods` (values of <authentication>) allow a plain password:
// "password-cleartext", "password-encrypted", "plain", "secure", "http-basic",
// "http-digest", "basic". An empty list counts as password.
bool allowsPassword(const QStringList &methods);
// "OAuth2" (any case) among `methods`.
bool allowsOAuth2(const QStringList &methods);

} // namespace autoconfig
} // namespace ferry
