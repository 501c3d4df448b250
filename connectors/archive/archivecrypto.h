// Encryption of the offline archive: a key from the passphrase with scrypt
// (RFC 7914), and each file sealed on its own with AES-256-GCM (NIST SP 800-38D),
// streamed in chunks so a 50 MB message never sits in memory twice. OpenSSL 3 does
// the cryptography; this file only fixes the sealed-file layout:
//
//   "FERRYAE" (7 bytes) | version 0x01 | nonce (12 random bytes) | ciphertext | tag (16)
//
// The additional authenticated data is the 20-byte header followed by a context
// string (the file's path relative to the archive root, for index lines the path
// plus "#<line>"), so a file moved or swapped inside the archive fails to open.
// A fresh random nonce per sealed file or line (2^-32 collision bound holds far
// beyond any archive's file count).
#pragma once

#include <error.h>

#include <QByteArray>

#include <memory>
#include <optional>

typedef struct evp_cipher_ctx_st EVP_CIPHER_CTX;

namespace ferry::archive {

inline constexpr int kSealHeaderSize = 20;
inline constexpr int kSealTagSize = 16;
inline constexpr int kSealOverhead = kSealHeaderSize + kSealTagSize;

struct KdfParams {
    QByteArray salt;   // 16 random bytes
    quint64 n = 0;     // CPU/memory cost, a power of two
    quint32 r = 8;
    quint32 p = 1;
};

class ArchiveKey {
public:
    ~ArchiveKey();
    ArchiveKey(const ArchiveKey &) = delete;
    ArchiveKey &operator=(const ArchiveKey &) = delete;

    // New parameters for a new archive: random salt, N = 2^15 unless a test lowered it.
    static KdfParams freshParams();
    // Tests only: the N new archives get (keeps resume-at-every-step fast).
    static void setDefaultCostForTests(quint64 n);
    // Refuses parameters outside sane bounds (a hostile manifest must not make us
    // allocate gigabytes): N in [2^10, 2^20], r <= 32, p <= 16, salt >= 8 bytes.
    static Result<std::shared_ptr<const ArchiveKey>> derive(const QByteArray &passphrase, const KdfParams &params);

    const unsigned char *data() const { return reinterpret_cast<const unsigned char *>(m_key.constData()); }

private:
    explicit ArchiveKey(QByteArray key) : m_key(std::move(key)) {}
    QByteArray m_key; // 32 bytes, wiped on destruction
};

// Whole small blobs (folder.json, index lines, the passphrase check value).
QByteArray seal(const ArchiveKey &key, const QByteArray &plain, const QByteArray &context);
std::optional<QByteArray> unseal(const ArchiveKey &key, const QByteArray &sealed, const QByteArray &context);

// Streaming sealer: header() first, then update() per chunk, then finish() (the tag).
class Sealer {
public:
    Sealer(const ArchiveKey &key, const QByteArray &context);
    ~Sealer();
    Sealer(const Sealer &) = delete;
    Sealer &operator=(const Sealer &) = delete;
    const QByteArray &header() const { return m_header; }
    QByteArray update(const char *data, qint64 len);
    QByteArray finish();
    bool ok() const { return m_ok; }

private:
    EVP_CIPHER_CTX *m_ctx = nullptr;
    QByteArray m_header;
    bool m_ok = false;
};

// Streaming opener: give it the header, then the ciphertext in chunks, then the
// tag. Plaintext from update() is NOT authentic until finish() returned true.
class Opener {
public:
    Opener(const ArchiveKey &key, const QByteArray &header, const QByteArray &context);
    ~Opener();
    Opener(const Opener &) = delete;
    Opener &operator=(const Opener &) = delete;
    bool ok() const { return m_ok; } // false: not a sealed file of a version we know
    QByteArray update(const char *data, qint64 len);
    bool finish(const QByteArray &tag);

private:
    EVP_CIPHER_CTX *m_ctx = nullptr;
    bool m_ok = false;
};

} // namespace ferry::archive
