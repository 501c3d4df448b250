// One open offline archive (layout: archiveformat.h), shared by every
// ArchiveConnector of this process that points at the same root: the engine opens
// several connections at once and they must agree on ids, indexes and the manifest.
// Holds the key (derived once), the folders/collections with their indexes (loaded
// on first use), and — while anything writes — a lock file that keeps a second
// Ferry process out. Thread-safe: one mutex; item files are written and read
// outside it (they never change once renamed into place).
#pragma once

#include "archivecrypto.h"
#include "archiveformat.h"
#include "archiveindex.h"

#include <connector/endpoint.h>

#include <QJsonObject>
#include <QMap>

#include <memory>
#include <mutex>

class QLockFile;

namespace ferry::archive {

// A folder's latest state, copied out (the maps are implicitly shared: cheap).
struct FolderView {
    QString dir;              // relative to the archive root: "mail/INBOX"
    FolderInfo info;
    FolderState state;
    QMap<quint64, IndexRecord> mail;   // by id
    QMap<RemoteId, IndexRecord> pim;   // by resource name (latest version)
};

class ArchiveStore {
public:
    // The store for `root`, opened (and for `writable`, created when missing and
    // locked). Errors: NotFound (no archive, read-only), Auth (passphrase), Usage
    // (in use by another process, or a non-archive directory), Protocol (newer format).
    static Result<std::shared_ptr<ArchiveStore>> open(const QString &root, const std::shared_ptr<const Secret> &passphrase,
                                                      bool writable);
    ~ArchiveStore();

    const QString &root() const { return m_root; }
    const ArchiveKey *key() const { return m_key.get(); }
    bool encrypted() const { return bool(m_key); }

    // Creates ROOT/<part>/ so the manifest lists the part (writable stores only).
    Error ensurePart(Part part);
    QList<FolderInfo> folders(Part part);
    // Creating an existing folder is success (its metadata is left as it is).
    Error createFolder(Part part, const FolderInfo &info);
    Error setSubscribed(Part part, const FolderRef &ref, bool subscribed);
    Result<FolderView> view(Part part, const FolderRef &ref);
    Result<QHash<FolderRef, FolderState>> states(Part part, const QList<FolderRef> &refs);

    // Mail: a new message; returns its record (id, file …).
    // `validity` receives the folder's UIDVALIDITY.
    Result<IndexRecord> addMessage(const FolderRef &ref, const ItemBody &body, const QStringList &flags,
                                   const QByteArray &internalDate, const QByteArray &messageId, quint64 *validity);
    // Mail: the whole new flag sets of existing messages (unknown ids ignored).
    Error changeFlags(const FolderRef &ref, const QList<FlagChange> &changes);
    // DAV: stores `name` with If-None-Match (empty ifMatch) / If-Match semantics.
    StoreResult putItem(const FolderRef &ref, const RemoteId &name, const QByteArray &ifMatch, const ItemBody &body,
                        const QByteArray &contentType);

    QStringList notices();
    // Writes manifest.json if anything changed since the last write.
    Error flushManifest();

private:
    struct Folder;
    ArchiveStore(QString root, std::shared_ptr<const ArchiveKey> key, QByteArray passHash);
    Error makeWritable(const std::shared_ptr<const Secret> &passphrase, bool created);
    Error scanLocked();
    Folder *findLocked(Part part, const FolderRef &ref);
    Error loadLocked(Folder &f);
    FolderView viewLocked(const Folder &f) const;
    Error writeMetaLocked(const Folder &f);
    QJsonObject summaryLocked(const Folder &f) const;

    const QString m_root;
    const std::shared_ptr<const ArchiveKey> m_key;
    const QByteArray m_passHash; // SHA-256 of the passphrase, to tell a second opener's passphrase apart
    std::mutex m_mutex;
    std::unique_ptr<QLockFile> m_lock;
    bool m_scanned = false;
    bool m_dirty = false;
    QList<std::shared_ptr<Folder>> m_folders;
    QStringList m_notices;
};

} // namespace ferry::archive
