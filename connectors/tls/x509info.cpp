#include "x509info.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <QDateTime>

#include <arpa/inet.h>
#include <sys/socket.h>

#include <ctime>

namespace ferry {

namespace {

QString nameText(const X509_NAME *name)
{
    QString text;
    if (BIO *bio = BIO_new(BIO_s_mem())) {
        // RFC 2253 order (most specific first), UTF-8 kept as UTF-8.
        X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
        char *data = nullptr;
        const long len = BIO_get_mem_data(bio, &data);
        text = QString::fromUtf8(data, int(len));
        BIO_free(bio);
    }
    return text;
}

QDateTime timeOf(const ASN1_TIME *t)
{
    tm parts = {};
    if (!t || ASN1_TIME_to_tm(t, &parts) != 1)
        return {};
    return QDateTime(QDate(parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday),
                     QTime(parts.tm_hour, parts.tm_min, parts.tm_sec), Qt::UTC);
}

} // namespace

QByteArray certificateSha256(X509 *cert)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!cert || X509_digest(cert, EVP_sha256(), md, &len) != 1)
        return {};
    return QByteArray(reinterpret_cast<const char *>(md), int(len));
}

CertificateInfo certificateInfo(X509 *cert, const QByteArray &sha256, const QString &problem)
{
    CertificateInfo info;
    if (!cert)
        return info;
    info.subject = nameText(X509_get_subject_name(cert));
    info.issuer = nameText(X509_get_issuer_name(cert));
    info.notBefore = timeOf(X509_get0_notBefore(cert));
    info.notAfter = timeOf(X509_get0_notAfter(cert));
    info.sha256 = sha256;
    info.problem = problem;
    if (auto *alt = static_cast<GENERAL_NAMES *>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr))) {
        for (int i = 0; i < sk_GENERAL_NAME_num(alt); ++i) {
            const GENERAL_NAME *n = sk_GENERAL_NAME_value(alt, i);
            if (n->type == GEN_DNS) {
                info.names << QString::fromLatin1(reinterpret_cast<const char *>(ASN1_STRING_get0_data(n->d.dNSName)),
                                                  ASN1_STRING_length(n->d.dNSName));
            } else if (n->type == GEN_IPADD) {
                const int len = ASN1_STRING_length(n->d.iPAddress);
                char text[INET6_ADDRSTRLEN] = {};
                if ((len == 4 || len == 16)
                    && ::inet_ntop(len == 4 ? AF_INET : AF_INET6, ASN1_STRING_get0_data(n->d.iPAddress), text, sizeof text))
                    info.names << QString::fromLatin1(text);
            }
        }
        GENERAL_NAMES_free(alt);
    }
    ERR_clear_error(); // a certificate without subjectAltName leaves an error behind
    return info;
}

} // namespace ferry
