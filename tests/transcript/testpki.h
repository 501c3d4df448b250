// A throw-away PKI for TLS tests, made with the `openssl` command line in a
// private temporary directory that disappears with the object:
//   ca.pem                        trusted test CA
//   server.pem / server.key       signed by the CA; CN 127.0.0.1, SAN IP:127.0.0.1, DNS:localhost
//   otherhost.pem / otherhost.key signed by the CA; only DNS:mail.example.org (host-name mismatch)
//   selfsigned.pem / selfsigned.key  self-signed, SAN IP:127.0.0.1, DNS:localhost (untrusted)
#pragma once

#include <QByteArray>
#include <QString>
#include <QTemporaryDir>

namespace ferry::test {

class TestPki {
public:
    // Runs openssl (about a second). False with `error` set if it is missing or fails.
    bool generate(QString *error);

    QString path(const QString &fileName) const { return m_dir.filePath(fileName); }
    QString caCert() const { return path(QStringLiteral("ca.pem")); }
    QString serverCert() const { return path(QStringLiteral("server.pem")); }
    QString serverKey() const { return path(QStringLiteral("server.key")); }
    QString otherHostCert() const { return path(QStringLiteral("otherhost.pem")); }
    QString otherHostKey() const { return path(QStringLiteral("otherhost.key")); }
    QString selfSignedCert() const { return path(QStringLiteral("selfsigned.pem")); }
    QString selfSignedKey() const { return path(QStringLiteral("selfsigned.key")); }

    // Raw SHA-256 of a PEM certificate as `openssl x509 -fingerprint -sha256` reports it
    // (independent of the code under test). Empty on failure.
    static QByteArray sha256Of(const QString &certFile, QString *error);

private:
    bool run(const QStringList &args, QString *error, QByteArray *out = nullptr) const;
    QTemporaryDir m_dir;
};

} // namespace ferry::test
