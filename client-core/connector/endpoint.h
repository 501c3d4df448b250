// Where and as whom to connect: parsed from "imaps://USER@HOST[:PORT]" plus the
// trust settings. The password is held in a Secret: it is never printed, never
// written to state or reports, and wiped from memory when the last copy goes.
#pragma once

#include "../error.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>

namespace ferry {

class Secret {
public:
    explicit Secret(QByteArray value) : m_value(std::move(value)) {}
    ~Secret();
    Secret(const Secret &) = delete;
    Secret &operator=(const Secret &) = delete;
    const QByteArray &reveal() const { return m_value; }
private:
    QByteArray m_value;
};

struct TlsSettings {
    QStringList caFiles;          // extra trusted CAs (PEM), on top of the system store
    QByteArray pinnedSha256;      // raw 32 bytes; trusts exactly this certificate
    int connectTimeoutMs = 20000;
    int ioTimeoutMs = 60000;
};

struct Endpoint {
    QString scheme;               // "imaps", "https", "memory", "file"
    QString user;
    QString host;
    quint16 port = 0;
    QString path;
    TlsSettings tls;
    std::shared_ptr<const Secret> password;

    // Parses "scheme://user@host[:port][/path]". No password in the URL, ever.
    static Result<Endpoint> parse(const QString &url);
    // URL form without any secret, for logs and reports.
    QString display() const;
};

// "AB:CD:…" (uppercase hex pairs) for the user; parse accepts with or without colons.
QString formatFingerprint(const QByteArray &sha256);
QByteArray parseFingerprint(const QString &text);

} // namespace ferry
