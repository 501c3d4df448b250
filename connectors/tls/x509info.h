// What a person is shown about a server certificate before deciding to trust it
// (CertificateInfo in error.h), read from an OpenSSL X509: subject and issuer
// (RFC 2253), validity, subjectAltName DNS names and IP addresses, SHA-256.
// Shared by the IMAP transport (our own OpenSSL socket) and the DAV transport
// (libcurl's SSL_CTX callback).
#pragma once

#include <error.h>

#include <QByteArray>
#include <QString>

typedef struct x509_st X509;

namespace ferry {

// SHA-256 of the DER certificate (raw 32 bytes); empty for null.
QByteArray certificateSha256(X509 *cert);
// `sha256` as certificateSha256 gave it; `problem` in OpenSSL's words (empty: trusted).
CertificateInfo certificateInfo(X509 *cert, const QByteArray &sha256, const QString &problem);

} // namespace ferry
