// TLS policy of the DAV transport on libcurl + OpenSSL — the same rules as
// connectors/imap/tlsconnection.h, applied through libcurl's hooks:
//   - peer and host name always verified (CURLOPT_SSL_VERIFYPEER/HOST), TLS >= 1.2;
//   - trust anchors: the system's hashed CA directory (looked up lazily; SSL_CERT_DIR
//     honoured), SSL_CERT_FILE if set, plus TlsSettings::caFiles — read ONCE into
//     one X509_STORE that every connection's SSL_CTX shares (libcurl makes an
//     SSL_CTX per connection, and servers such as Radicale close the connection
//     after every request: parsing a 140-certificate bundle each time cost ~45 ms
//     per request, most of the CPU of a copy);
//   - TlsSettings::pinnedSha256: the leaf certificate with exactly that SHA-256 is
//     accepted whatever its chain and name (the user pinned it on consent), any
//     other certificate is refused. Done in an OpenSSL verify callback installed
//     through CURLOPT_SSL_CTX_FUNCTION;
//   - the leaf certificate is recorded during every handshake, so a refusal becomes
//     an ErrorCode::Tls error carrying its fingerprint, its details
//     (Error::certificate: subject, issuer, validity, why it was refused) and a
//     hint, like IMAP's.
// Private to connectors/dav. One DavTls per transport; used by one thread.
#pragma once

#include <connector/endpoint.h>
#include <error.h>

#include <QByteArray>
#include <QString>

typedef void CURL;
struct x509_st;
struct x509_store_st;

namespace ferry {

class DavTls {
public:
    explicit DavTls(const TlsSettings &settings);
    ~DavTls();
    DavTls(const DavTls &) = delete;
    DavTls &operator=(const DavTls &) = delete;

    // A CA file could not be read (ErrorCode::Usage), or none.
    const Error &setupError() const { return m_setupError; }
    // Sets the TLS options of one easy handle.
    void apply(CURL *easy);

    // The leaf certificate seen in the last handshake (raw SHA-256).
    const QByteArray &lastFingerprint() const { return m_lastFingerprint; }
    // Turns a curl TLS failure into the Error the user sees (with
    // Error::certificate filled when a certificate was seen).
    Error refusal(const QString &endpoint, const QString &curlMessage) const;

private:
    friend struct DavTlsHooks; // the OpenSSL/libcurl callbacks (davtls.cpp)

    TlsSettings m_settings;
    QByteArray m_caPath;       // hashed CA directory, empty if none
    x509_store_st *m_store = nullptr; // trust anchors, shared by every connection's SSL_CTX
    Error m_setupError;
    QByteArray m_lastFingerprint;
    x509_st *m_lastLeaf = nullptr;    // the leaf of the last handshake (our reference)
    int m_lastVerifyError = 0;
    bool m_pinMismatch = false;
};

} // namespace ferry
