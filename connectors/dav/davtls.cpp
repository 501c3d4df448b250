#include "davtls.h"

#include <tls/x509info.h>

#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <QFile>
#include <QFileInfo>

#include <arpa/inet.h>
#include <sys/socket.h>

namespace ferry {

namespace {

// Our slot in every SSL_CTX libcurl makes (one per connection): points to the
// DavTls of the transport that owns the connection.
int contextIndex()
{
    static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return index;
}

} // namespace

struct DavTlsHooks {
    // Records the leaf, applies the pin. Without a pin OpenSSL's verdict stands
    // (libcurl then also checks the host name).
    static int verify(int preverifyOk, X509_STORE_CTX *store)
    {
        auto *ssl = static_cast<SSL *>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
        auto *self = ssl ? static_cast<DavTls *>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), contextIndex())) : nullptr;
        if (!self)
            return preverifyOk;
        // X509_STORE_CTX_get0_cert is the certificate being verified: the leaf, at
        // every depth. We hold a reference, so the same pointer is the same certificate.
        X509 *cert = X509_STORE_CTX_get0_cert(store);
        if (cert != self->m_lastLeaf) {
            if (cert)
                X509_up_ref(cert);
            X509_free(self->m_lastLeaf);
            self->m_lastLeaf = cert;
            self->m_lastFingerprint = certificateSha256(cert);
        }
        const QByteArray &leaf = self->m_lastFingerprint;
        if (!self->m_settings.pinnedSha256.isEmpty()) {
            if (leaf == self->m_settings.pinnedSha256) {
                // Clear the error so SSL_get_verify_result() (which libcurl checks) is OK.
                X509_STORE_CTX_set_error(store, X509_V_OK);
                return 1;
            }
            self->m_pinMismatch = true;
            return 0;
        }
        if (!preverifyOk && self->m_lastVerifyError == X509_V_OK)
            self->m_lastVerifyError = X509_STORE_CTX_get_error(store);
        return preverifyOk;
    }

    static CURLcode context(CURL *, void *sslCtx, void *userp)
    {
        auto *ctx = static_cast<SSL_CTX *>(sslCtx);
        auto *self = static_cast<DavTls *>(userp);
        self->m_lastVerifyError = X509_V_OK;
        self->m_pinMismatch = false;
        SSL_CTX_set_ex_data(ctx, contextIndex(), self);
        if (self->m_store)
            SSL_CTX_set1_cert_store(ctx, self->m_store); // shared, reference-counted
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, verify);
        return CURLE_OK;
    }
};

DavTls::DavTls(const TlsSettings &settings) : m_settings(settings)
{
    const QByteArray envFile = qgetenv(X509_get_default_cert_file_env());
    const QByteArray envDir = qgetenv(X509_get_default_cert_dir_env());
    const QByteArray dir = envDir.isEmpty() ? QByteArray(X509_get_default_cert_dir()) : envDir;
    if (QFileInfo(QFile::decodeName(dir.split(':').first())).isDir())
        m_caPath = dir;

    m_store = X509_STORE_new();
    if (!m_caPath.isEmpty()) {
        for (const QByteArray &d : m_caPath.split(':'))
            if (!d.isEmpty())
                X509_STORE_load_path(m_store, d.constData()); // lazy: one issuer file at a time
    }
    QStringList files = settings.caFiles;
    if (!envFile.isEmpty() && (QFileInfo::exists(QFile::decodeName(envFile)) || m_caPath.isEmpty()))
        files.prepend(QFile::decodeName(envFile));
    for (const QString &name : std::as_const(files)) {
        QFile f(name);
        if (!f.open(QIODevice::ReadOnly)) {
            m_setupError = Error::make(ErrorCode::Usage, QStringLiteral("cannot read the CA file %1 (%2)").arg(name, f.errorString()),
                                       {}, QStringLiteral("--ca-file needs a readable PEM file with one or more certificates"));
            return;
        }
        const QByteArray pem = f.readAll();
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            m_setupError = Error::make(ErrorCode::Usage, QStringLiteral("the CA file %1 holds no PEM certificate").arg(name),
                                       {}, QStringLiteral("--ca-file needs a readable PEM file with one or more certificates"));
            return;
        }
        BIO *bio = BIO_new_mem_buf(pem.constData(), int(pem.size()));
        STACK_OF(X509_INFO) *infos = PEM_X509_INFO_read_bio(bio, nullptr, nullptr, nullptr);
        BIO_free(bio);
        for (int i = 0; infos && i < sk_X509_INFO_num(infos); ++i) {
            X509_INFO *info = sk_X509_INFO_value(infos, i);
            if (info->x509)
                X509_STORE_add_cert(m_store, info->x509); // a duplicate is harmless
        }
        sk_X509_INFO_pop_free(infos, X509_INFO_free);
    }
}

DavTls::~DavTls()
{
    X509_free(m_lastLeaf);
    X509_STORE_free(m_store);
}

void DavTls::apply(CURL *easy)
{
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
    // A pin names the certificate itself: its name does not matter (as for IMAP).
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, m_settings.pinnedSha256.isEmpty() ? 2L : 0L);
    curl_easy_setopt(easy, CURLOPT_SSLVERSION, long(CURL_SSLVERSION_TLSv1_2));
    // libcurl loads no trust anchors itself: the SSL_CTX callback installs our
    // store, read once (see the header).
    curl_easy_setopt(easy, CURLOPT_CA_CACHE_TIMEOUT, 0L);
    curl_easy_setopt(easy, CURLOPT_CAINFO, nullptr);
    curl_easy_setopt(easy, CURLOPT_CAPATH, nullptr);
    curl_easy_setopt(easy, CURLOPT_SSL_CTX_FUNCTION, &DavTlsHooks::context);
    curl_easy_setopt(easy, CURLOPT_SSL_CTX_DATA, this);
}

Error DavTls::refusal(const QString &endpoint, const QString &curlMessage) const
{
    if (m_lastFingerprint.isEmpty()) {
        return Error::make(ErrorCode::Tls, QStringLiteral("TLS handshake with %1 failed (%2)").arg(endpoint, curlMessage), {},
                           QStringLiteral("check that this is an https port (usually 443) and that the server "
                                          "offers TLS 1.2 or newer"));
    }
    QString reason;
    if (m_pinMismatch)
        reason = QStringLiteral("its SHA-256 fingerprint is not the pinned one");
    else if (m_lastVerifyError != X509_V_OK)
        reason = QString::fromLatin1(X509_verify_cert_error_string(m_lastVerifyError));
    else
        reason = curlMessage; // e.g. the host name does not match the certificate
    const QString fp = formatFingerprint(m_lastFingerprint);
    Error e = Error::make(ErrorCode::Tls, QStringLiteral("certificate of %1 is not trusted (%2)").arg(endpoint, reason), {},
                          QStringLiteral("compare the fingerprint %1 with the one your provider publishes; if it is the "
                                         "same, trust exactly this certificate (ferry-cli: --from-pin-sha256 or "
                                         "--to-pin-sha256), or pass its CA with --ca-file PEM").arg(fp));
    e.fingerprint = fp;
    if (m_lastLeaf)
        e.certificate = certificateInfo(m_lastLeaf, m_lastFingerprint, reason);
    return e;
}

} // namespace ferry
