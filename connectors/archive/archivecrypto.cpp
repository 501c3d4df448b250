#include "archivecrypto.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <atomic>
#include <cstring>

namespace ferry::archive {

namespace {

constexpr char kMagic[] = "FERRYAE";
constexpr char kVersion = 1;
constexpr int kNonceSize = 12;
constexpr quint64 kDefaultN = quint64(1) << 15;
std::atomic<quint64> g_defaultN{kDefaultN};

QByteArray aadFor(const QByteArray &header, const QByteArray &context)
{
    return header + context;
}

} // namespace

ArchiveKey::~ArchiveKey()
{
    if (!m_key.isEmpty())
        std::memset(m_key.data(), 0, size_t(m_key.size()));
}

KdfParams ArchiveKey::freshParams()
{
    KdfParams p;
    p.salt.resize(16);
    RAND_bytes(reinterpret_cast<unsigned char *>(p.salt.data()), int(p.salt.size()));
    p.n = g_defaultN.load();
    return p;
}

void ArchiveKey::setDefaultCostForTests(quint64 n) { g_defaultN = n; }

Result<std::shared_ptr<const ArchiveKey>> ArchiveKey::derive(const QByteArray &passphrase, const KdfParams &params)
{
    const bool powerOfTwo = params.n && (params.n & (params.n - 1)) == 0;
    // scrypt needs 128·N·r bytes: a manifest (which anyone may have written) must not
    // make us allocate more than kMaxScryptBytes (what Ferry writes needs 32 MiB).
    constexpr quint64 kMaxScryptBytes = quint64(256) << 20;
    if (!powerOfTwo || params.n < 1024 || params.n > (quint64(1) << 20) || params.r < 1 || params.r > 32
        || params.p < 1 || params.p > 16 || params.salt.size() < 8 || 128 * params.n * params.r > kMaxScryptBytes)
        return Error::make(ErrorCode::Protocol, QStringLiteral("the archive's key parameters are out of range"),
                           QStringLiteral("scrypt N=%1 r=%2 p=%3").arg(params.n).arg(params.r).arg(params.p),
                           QStringLiteral("the manifest is damaged or was not written by Ferry"));
    QByteArray key(32, '\0');
    const quint64 maxmem = 128 * params.n * params.r * params.p + (64u << 20);
    if (EVP_PBE_scrypt(passphrase.constData(), size_t(passphrase.size()),
                       reinterpret_cast<const unsigned char *>(params.salt.constData()), size_t(params.salt.size()),
                       params.n, params.r, params.p, maxmem, reinterpret_cast<unsigned char *>(key.data()),
                       size_t(key.size()))
        != 1)
        return Error::make(ErrorCode::Internal, QStringLiteral("cannot derive the archive key (scrypt failed)"));
    return std::shared_ptr<const ArchiveKey>(new ArchiveKey(std::move(key)));
}

Sealer::Sealer(const ArchiveKey &key, const QByteArray &context)
{
    m_header = QByteArray(kMagic, 7) + kVersion;
    QByteArray nonce(kNonceSize, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char *>(nonce.data()), kNonceSize) != 1)
        return;
    m_header += nonce;
    m_ctx = EVP_CIPHER_CTX_new();
    const QByteArray aad = aadFor(m_header, context);
    int outl = 0;
    m_ok = m_ctx && EVP_EncryptInit_ex(m_ctx, EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1
        && EVP_CIPHER_CTX_ctrl(m_ctx, EVP_CTRL_GCM_SET_IVLEN, kNonceSize, nullptr) == 1
        && EVP_EncryptInit_ex(m_ctx, nullptr, nullptr, key.data(),
                              reinterpret_cast<const unsigned char *>(nonce.constData())) == 1
        && EVP_EncryptUpdate(m_ctx, nullptr, &outl, reinterpret_cast<const unsigned char *>(aad.constData()),
                             int(aad.size())) == 1;
}

Sealer::~Sealer() { EVP_CIPHER_CTX_free(m_ctx); }

QByteArray Sealer::update(const char *data, qint64 len)
{
    QByteArray out;
    if (!m_ok)
        return out;
    out.resize(len);
    int outl = 0;
    if (EVP_EncryptUpdate(m_ctx, reinterpret_cast<unsigned char *>(out.data()), &outl,
                          reinterpret_cast<const unsigned char *>(data), int(len)) != 1) {
        m_ok = false;
        return {};
    }
    out.resize(outl);
    return out;
}

QByteArray Sealer::finish()
{
    if (!m_ok)
        return {};
    unsigned char rest[16];
    int outl = 0;
    QByteArray tag(kSealTagSize, '\0');
    if (EVP_EncryptFinal_ex(m_ctx, rest, &outl) != 1
        || EVP_CIPHER_CTX_ctrl(m_ctx, EVP_CTRL_GCM_GET_TAG, kSealTagSize, tag.data()) != 1) {
        m_ok = false;
        return {};
    }
    return tag; // GCM is a stream mode: Final never adds bytes
}

Opener::Opener(const ArchiveKey &key, const QByteArray &header, const QByteArray &context)
{
    if (header.size() != kSealHeaderSize || !header.startsWith(QByteArray(kMagic, 7)) || header.at(7) != kVersion)
        return;
    m_ctx = EVP_CIPHER_CTX_new();
    const QByteArray aad = aadFor(header, context);
    int outl = 0;
    m_ok = m_ctx && EVP_DecryptInit_ex(m_ctx, EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1
        && EVP_CIPHER_CTX_ctrl(m_ctx, EVP_CTRL_GCM_SET_IVLEN, kNonceSize, nullptr) == 1
        && EVP_DecryptInit_ex(m_ctx, nullptr, nullptr, key.data(),
                              reinterpret_cast<const unsigned char *>(header.constData() + 8)) == 1
        && EVP_DecryptUpdate(m_ctx, nullptr, &outl, reinterpret_cast<const unsigned char *>(aad.constData()),
                             int(aad.size())) == 1;
}

Opener::~Opener() { EVP_CIPHER_CTX_free(m_ctx); }

QByteArray Opener::update(const char *data, qint64 len)
{
    QByteArray out;
    if (!m_ok)
        return out;
    out.resize(len);
    int outl = 0;
    if (EVP_DecryptUpdate(m_ctx, reinterpret_cast<unsigned char *>(out.data()), &outl,
                          reinterpret_cast<const unsigned char *>(data), int(len)) != 1) {
        m_ok = false;
        return {};
    }
    out.resize(outl);
    return out;
}

bool Opener::finish(const QByteArray &tag)
{
    if (!m_ok || tag.size() != kSealTagSize)
        return false;
    QByteArray t = tag;
    unsigned char rest[16];
    int outl = 0;
    return EVP_CIPHER_CTX_ctrl(m_ctx, EVP_CTRL_GCM_SET_TAG, kSealTagSize, t.data()) == 1
        && EVP_DecryptFinal_ex(m_ctx, rest, &outl) == 1;
}

QByteArray seal(const ArchiveKey &key, const QByteArray &plain, const QByteArray &context)
{
    Sealer s(key, context);
    QByteArray out = s.header();
    out += s.update(plain.constData(), plain.size());
    const QByteArray tag = s.finish();
    if (!s.ok())
        return {};
    return out + tag;
}

std::optional<QByteArray> unseal(const ArchiveKey &key, const QByteArray &sealed, const QByteArray &context)
{
    if (sealed.size() < kSealOverhead)
        return std::nullopt;
    Opener o(key, sealed.left(kSealHeaderSize), context);
    const QByteArray plain = o.update(sealed.constData() + kSealHeaderSize, sealed.size() - kSealOverhead);
    if (!o.finish(sealed.right(kSealTagSize)))
        return std::nullopt;
    return plain;
}

} // namespace ferry::archive
