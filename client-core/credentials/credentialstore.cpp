#include "credentialstore.h"

#include <QUrl>

namespace ferry {

CredentialStore::~CredentialStore() = default;

CredentialKey CredentialKey::forEndpoint(const Endpoint &endpoint)
{
    return {endpoint.scheme, endpoint.user, endpoint.host, endpoint.port};
}

quint16 CredentialKey::effectivePort() const
{
    if (port != 0)
        return port;
    if (service == QLatin1String("imaps"))
        return 993;
    if (service == QLatin1String("https"))
        return 443;
    return 0;
}

QString CredentialKey::toString() const
{
    if (service.isEmpty() || host.isEmpty())
        return {};
    // Percent-encoding keeps the form unambiguous whatever the user name holds
    // ('@', ':', '/', spaces) and keeps the key one printable line. The host is
    // case-insensitive (RFC 4343), so it is folded; an IPv6 literal is bracketed.
    const QString user8 = QString::fromLatin1(QUrl::toPercentEncoding(user));
    QString h = host.toLower();
    if (h.contains(QLatin1Char(':')) && !h.startsWith(QLatin1Char('[')))
        h = QLatin1Char('[') + h + QLatin1Char(']');
    return service.toLower() + QStringLiteral("://") + user8 + QLatin1Char('@') + h + QLatin1Char(':')
           + QString::number(effectivePort());
}

} // namespace ferry
