// One side of the migration as the person fills it in: e-mail address, password
// (write-only: pages hand it to setPassword(); it is never a readable property and
// never logged), the servers found by autodiscovery (editable under "Advanced"),
// and a certificate the person chose to trust. Produces the core Endpoints.
#pragma once

#include <connector/endpoint.h>
#include <error.h>

#include <QObject>
#include <QHash>
#include <QString>
#include <QtQml/qqmlregistration.h>

#include <memory>

namespace ferry::app {

class AccountSettings : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AccountSettings belong to the Wizard")
    Q_PROPERTY(QString email READ email WRITE setEmail NOTIFY changed)
    Q_PROPERTY(QString userName READ userName WRITE setUserName NOTIFY changed)
    Q_PROPERTY(QString imapHost READ imapHost WRITE setImapHost NOTIFY changed)
    Q_PROPERTY(int imapPort READ imapPort WRITE setImapPort NOTIFY changed)
    Q_PROPERTY(QString davUrl READ davUrl WRITE setDavUrl NOTIFY changed)
    Q_PROPERTY(bool hasPassword READ hasPassword NOTIFY changed)
    Q_PROPERTY(bool rememberPassword READ rememberPassword WRITE setRememberPassword NOTIFY changed)
    Q_PROPERTY(bool discovering READ discovering NOTIFY changed)
    Q_PROPERTY(QString providerName READ providerName NOTIFY changed)
    Q_PROPERTY(QString discoveryText READ discoveryText NOTIFY changed)
    Q_PROPERTY(bool settingsGuessed READ settingsGuessed NOTIFY changed)
    Q_PROPERTY(QString passwordHelp READ passwordHelp NOTIFY changed)
    Q_PROPERTY(QString passwordHelpUrl READ passwordHelpUrl NOTIFY changed)
    Q_PROPERTY(QString trustedFingerprint READ trustedFingerprint NOTIFY changed)
    Q_PROPERTY(bool hasServers READ hasServers NOTIFY changed)

public:
    explicit AccountSettings(QObject *parent = nullptr);

    QString email() const { return m_email; }
    void setEmail(const QString &v);
    QString userName() const { return m_userName.isEmpty() ? m_email.trimmed() : m_userName; }
    void setUserName(const QString &v);
    QString imapHost() const { return m_imapHost; }
    void setImapHost(const QString &v);
    int imapPort() const { return m_imapPort; }
    void setImapPort(int v);
    QString davUrl() const { return m_davUrl; }
    void setDavUrl(const QString &v);
    bool hasPassword() const { return m_password != nullptr; }
    bool rememberPassword() const { return m_remember; }
    void setRememberPassword(bool v);
    bool discovering() const { return m_discovering; }
    QString providerName() const { return m_provider; }
    QString discoveryText() const { return m_discoveryText; }
    bool settingsGuessed() const { return m_guessed; }
    QString passwordHelp() const { return m_passwordHelp; }
    QString passwordHelpUrl() const { return m_passwordHelpUrl; }
    QString trustedFingerprint() const;
    bool hasServers() const { return !m_imapHost.isEmpty() || !m_davUrl.isEmpty(); }

    // Write-only: the only way a password gets in. An empty text clears it.
    Q_INVOKABLE void setPassword(const QString &password);
    Q_INVOKABLE void forgetPassword();
    // Everything a person typed or was found for them, gone (kiosk: the next person).
    // The trusted CA files of the station stay.
    void clear();
    std::shared_ptr<const Secret> password() const { return m_password; }
    void setStoredPassword(std::shared_ptr<const Secret> secret); // from the keychain

    // What autodiscovery found (called by the Wizard on the GUI thread).
    struct Found {
        QString provider;
        QString imapHost;
        int imapPort = 993;
        QString userName;        // empty: the e-mail address
        QString davUrl;
        bool guessed = false;
        QString text;            // one line for the page ("Settings for Example Mail found.")
        QString passwordHelp;    // app password / OAuth2 explanation, empty if none
        QString passwordHelpUrl;
    };
    void setDiscovering(bool on);
    void applyFound(const Found &found);

    // Trust exactly this certificate for the server that presented it (one per
    // host: the mail and the contacts server may have different ones).
    void trust(const QString &host, const QByteArray &sha256);
    void setCaFiles(const QStringList &files) { m_caFiles = files; }

    // Empty message = ok; else what is missing, in words for the page.
    QString missing() const;
    // Endpoints for the core; scheme empty when that part is not configured.
    Result<Endpoint> mailEndpoint() const;
    Result<Endpoint> davEndpoint() const;
    // Settings without the password, for the diagnostics log and tests.
    QString describe() const;

Q_SIGNALS:
    void changed();
    void emailEdited(); // the address changed: discovery should run again

private:
    TlsSettings tls(const QString &host) const;

    QString m_email, m_userName, m_imapHost, m_davUrl;
    int m_imapPort = 993;
    bool m_remember = false;
    bool m_discovering = false;
    bool m_guessed = false;
    QString m_provider, m_discoveryText, m_passwordHelp, m_passwordHelpUrl;
    std::shared_ptr<const Secret> m_password;
    QStringList m_caFiles;
    QHash<QString, QByteArray> m_trusted; // host (lower case) -> pinned SHA-256
    bool m_serversTyped = false;          // servers edited by hand since the lookup started
};

} // namespace ferry::app
