// A TLS client connection over OpenSSL: non-blocking socket + poll(), so every
// read and write has a deadline. Written by hand over OpenSSL (not QSslSocket) to
// keep full control of verification, pinning and buffering on the hot path.
//
// Verification (always on): TLS >= 1.2; the chain is verified against the system
// store plus TlsSettings::caFiles, and the host name against the certificate
// (SSL_set1_host). If TlsSettings::pinnedSha256 is set, a leaf certificate whose
// SHA-256 equals it is accepted even if the chain does not verify (the user said
// so explicitly); any other certificate is refused. A refusal is an
// ErrorCode::Tls error carrying the leaf's fingerprint, its details
// (Error::certificate: subject, issuer, validity, why it was refused) and a hint
// on how to trust it.
//
// Contexts are shared: one SSL_CTX per distinct TlsSettings::caFiles for the
// whole process (created once under a mutex); system trust anchors come from
// the hashed CA directory, loaded lazily (SSL_CERT_FILE / SSL_CERT_DIR honoured).
//
// Not thread-safe; one owner thread (different connections may live in
// different threads).
#pragma once

#include <connector/endpoint.h>
#include <error.h>

#include <QByteArray>
#include <QString>

#include <memory>

namespace ferry {

class TlsConnection {
public:
    TlsConnection();
    ~TlsConnection();
    TlsConnection(const TlsConnection &) = delete;
    TlsConnection &operator=(const TlsConnection &) = delete;

    // TCP connect (IPv4/IPv6 via getaddrinfo) + handshake + verification.
    // Errors: Network (resolve/refused/timeout), Tls (handshake/verification).
    Error connect(const QString &host, quint16 port, const TlsSettings &settings);
    void close();
    bool isOpen() const;

    // Reads up to `max` bytes. Waits up to `timeoutMs` for the first byte
    // (0 = do not wait: returns 0 when nothing is buffered or readable now).
    // Returns the number of bytes read; Network error on EOF, reset or timeout.
    Result<qint64> read(char *buffer, qint64 max, int timeoutMs);
    // Writes all of `data`, waiting up to `timeoutMs` for progress at each step.
    Error write(const char *data, qint64 len, int timeoutMs);
    Error write(const QByteArray &data, int timeoutMs) { return write(data.constData(), data.size(), timeoutMs); }

    // SHA-256 of the peer's leaf certificate (raw 32 bytes), after connect().
    QByteArray peerFingerprint() const;
    QString peerSubject() const;     // RFC 2253, as in CertificateInfo::subject
    // The peer's leaf certificate, after connect() got as far as the handshake
    // (also when it was refused: then `problem` says why). Null before.
    CertificateInfo peerCertificate() const;
    QString protocolVersion() const; // "TLSv1.3"

    quint64 bytesIn() const;
    quint64 bytesOut() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace ferry
