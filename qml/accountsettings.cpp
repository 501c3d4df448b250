#include "accountsettings.h"

#include <discovery/emailaddress.h>

#include <QUrl>

using namespace Qt::StringLiterals;

namespace ferry::app {

AccountSettings::AccountSettings(QObject *parent)
    : QObject(parent)
{
}

void AccountSettings::setEmail(const QString &v)
{
    if (v == m_email)
        return;
    const QString oldDomain = m_email.section(u'@', 1).trimmed().toLower();
    m_email = v;
    Q_EMIT changed();
    if (m_email.section(u'@', 1).trimmed().toLower() != oldDomain)
        Q_EMIT emailEdited();
}

void AccountSettings::setUserName(const QString &v)
{
    if (v == m_userName)
        return;
    m_userName = v.trimmed() == m_email.trimmed() ? QString() : v;
    Q_EMIT changed();
}

void AccountSettings::setImapHost(const QString &v)
{
    if (v == m_imapHost)
        return;
    m_imapHost = v.trimmed();
    m_guessed = false;
    m_serversTyped = true;
    Q_EMIT changed();
}

void AccountSettings::setImapPort(int v)
{
    if (v == m_imapPort)
        return;
    m_imapPort = v;
    m_serversTyped = true;
    Q_EMIT changed();
}

void AccountSettings::setDavUrl(const QString &v)
{
    if (v == m_davUrl)
        return;
    m_davUrl = v.trimmed();
    m_serversTyped = true;
    Q_EMIT changed();
}

void AccountSettings::setRememberPassword(bool v)
{
    if (v == m_remember)
        return;
    m_remember = v;
    Q_EMIT changed();
}

QString AccountSettings::trustedFingerprint() const
{
    QStringList out;
    for (auto it = m_trusted.cbegin(); it != m_trusted.cend(); ++it)
        out << (m_trusted.size() > 1 ? it.key() + u": "_s : QString()) + formatFingerprint(it.value());
    out.sort();
    return out.join(u'\n');
}

void AccountSettings::setPassword(const QString &password)
{
    m_password = password.isEmpty() ? nullptr : std::make_shared<const Secret>(password.toUtf8());
    Q_EMIT changed();
}

void AccountSettings::setStoredPassword(std::shared_ptr<const Secret> secret)
{
    m_password = std::move(secret);
    Q_EMIT changed();
}

void AccountSettings::forgetPassword()
{
    m_password.reset();
    Q_EMIT changed();
}

void AccountSettings::setDiscovering(bool on)
{
    m_discovering = on;
    if (on)
        m_serversTyped = false;
    if (on)
        m_discoveryText = tr("Looking up the settings for %1 …").arg(m_email.section(u'@', 1));
    Q_EMIT changed();
}

void AccountSettings::applyFound(const Found &found)
{
    m_discovering = false;
    m_provider = found.provider;
    // What the person typed under "Advanced" while the lookup ran wins over its answer.
    if (!m_serversTyped) {
        m_imapHost = found.imapHost;
        m_imapPort = found.imapPort > 0 ? found.imapPort : 993;
        if (!found.userName.isEmpty())
            m_userName = found.userName == m_email.trimmed() ? QString() : found.userName;
        m_davUrl = found.davUrl;
        m_guessed = found.guessed;
    }
    m_discoveryText = found.text;
    m_passwordHelp = found.passwordHelp;
    m_passwordHelpUrl = found.passwordHelpUrl;
    Q_EMIT changed();
}

void AccountSettings::trust(const QString &host, const QByteArray &sha256)
{
    m_trusted.insert(host.toLower(), sha256);
    Q_EMIT changed();
}

QString AccountSettings::missing() const
{
    // The same rules as the lookup of its servers (client-core/discovery/emailaddress.h).
    if (!EmailAddress::parse(m_email).ok())
        return tr("Type your e-mail address, for example anna@example.com.");
    if (!m_password)
        return tr("Type your password.");
    if (m_discovering)
        return tr("Still looking up the server settings …");
    if (!hasServers())
        return tr("No server settings were found for this address. Open “Advanced” and type the IMAP server.");
    if (m_imapPort <= 0 || m_imapPort > 65535)
        return tr("The IMAP port must be a number from 1 to 65535.");
    if (!m_davUrl.isEmpty()) {
        const QUrl url(m_davUrl);
        if (!url.isValid() || url.scheme() != u"https"_s || url.host().isEmpty())
            return tr("The contacts and calendar address must start with https://.");
    }
    return {};
}

TlsSettings AccountSettings::tls(const QString &host) const
{
    TlsSettings t;
    t.caFiles = m_caFiles;
    t.pinnedSha256 = m_trusted.value(host.toLower());
    return t;
}

Result<Endpoint> AccountSettings::mailEndpoint() const
{
    Endpoint e;
    if (m_imapHost.isEmpty())
        return e;
    e.scheme = u"imaps"_s;
    e.user = userName();
    e.host = m_imapHost;
    e.port = quint16(m_imapPort);
    e.tls = tls(e.host);
    e.password = m_password;
    return e;
}

Result<Endpoint> AccountSettings::davEndpoint() const
{
    Endpoint e;
    if (m_davUrl.isEmpty())
        return e;
    const QUrl url(m_davUrl);
    if (!url.isValid() || url.scheme() != u"https"_s || url.host().isEmpty())
        return Error::make(ErrorCode::Usage, tr("not a valid https address: %1").arg(m_davUrl));
    e.scheme = u"https"_s;
    e.user = url.userName().isEmpty() ? userName() : url.userName(QUrl::FullyDecoded);
    e.host = url.host(QUrl::FullyDecoded);
    e.port = quint16(url.port(443));
    e.path = url.path(QUrl::FullyDecoded);
    e.tls = tls(e.host);
    e.password = m_password;
    return e;
}

QString AccountSettings::describe() const
{
    QStringList parts;
    if (!m_imapHost.isEmpty())
        parts << u"imaps://%1@%2:%3"_s.arg(userName(), m_imapHost).arg(m_imapPort);
    if (!m_davUrl.isEmpty())
        parts << m_davUrl;
    return parts.join(u", "_s);
}

void AccountSettings::clear()
{
    m_email.clear();
    m_userName.clear();
    m_imapHost.clear();
    m_davUrl.clear();
    m_imapPort = 993;
    m_remember = m_discovering = m_guessed = m_serversTyped = false;
    m_provider.clear();
    m_discoveryText.clear();
    m_passwordHelp.clear();
    m_passwordHelpUrl.clear();
    m_password.reset();
    m_trusted.clear();
    Q_EMIT changed();
}

} // namespace ferry::app
