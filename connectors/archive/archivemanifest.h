// manifest.json of the offline archive (layout: archiveformat.h): reading and
// checking it, opening the key with the passphrase (the sealed check value tells a
// wrong passphrase before anything is read or written), and the free "source"
// object the CLI fills. The manifest is the one file never encrypted; it is always
// rewritten whole and atomically, under one process-wide lock.
#pragma once

#include "archivecrypto.h"

#include <connector/endpoint.h>

#include <QJsonObject>
#include <QString>

#include <memory>
#include <mutex>

namespace ferry {

// Records where an archive's data came from (account, time, tool version …) in
// manifest.json's "source" object, replacing what was there. The archive must
// exist (call it after the export ran). Never put a secret in it.
Error setArchiveSource(const QString &root, const QJsonObject &source);

namespace archive {

struct Manifest {
    QJsonObject json;
    bool encrypted = false;
    KdfParams kdf;
    QByteArray check;        // sealed known plaintext (base64-decoded)
};

// Serialises every manifest read-modify-write in this process.
std::mutex &manifestMutex();

// NotFound when there is no manifest.json; Protocol when it is not one of ours or
// from a newer format version.
Result<Manifest> readManifest(const QString &root);
Error writeManifest(const QString &root, QJsonObject json);
// A new manifest: format, version, created/updated, and when `passphrase` is set
// the encryption parameters with a fresh salt and the check value. `key` receives
// the derived key (null for a plain archive).
Result<QJsonObject> newManifest(const std::shared_ptr<const Secret> &passphrase,
                                std::shared_ptr<const ArchiveKey> *key);
// The key of an encrypted archive from the passphrase: Auth when there is no
// passphrase or it does not open the check value. A plain archive with a passphrase
// given is a Usage error (it would not be encrypted as asked).
Result<std::shared_ptr<const ArchiveKey>> unlockManifest(const Manifest &m, const QString &root,
                                                         const std::shared_ptr<const Secret> &passphrase);

} // namespace archive
} // namespace ferry
