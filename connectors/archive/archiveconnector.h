// The offline archive as a Connector, for people who carry their data on a USB
// stick between two networks: `ferry-cli export` is a migration whose target is
// the archive, `import` one whose source is it; the engine's journal, resume and
// incremental passes apply unchanged. Layout and format: archiveformat.h.
//
//   archive:///ABS/PATH/mail   the mail part of the archive whose root is /ABS/PATH
//   archive:///ABS/PATH/pim    its contacts / calendars / tasks part
// Endpoint::password, when set, is the archive's passphrase (never shown).
//
// Behaviour worth knowing:
//   - connect() opens the archive; writable (not read-only) it is created when the
//     directory is missing or empty and locked against a second Ferry process. A
//     read-only connect to a path without an archive is NotFound. A wrong
//     passphrase is ErrorCode::Auth before anything is read or written.
//   - setReadOnly(true): every write fails with ErrorCode::ReadOnly.
//   - Mail: ids are the archive's own increasing numbers (UIDs), storeItem returns
//     them (newId/newValidity) at once; flags are kept exactly as given; setFlags
//     appends the new set. folderStates/openFolder report count, size, nextId,
//     UIDVALIDITY and, as change token, the number of index lines (it grows with
//     every new message or flag change), but no CONDSTORE (changeTokens = false).
//   - fetchItems: an item whose file is missing, whose SHA-256 differs or whose
//     GCM tag fails is delivered with ItemMeta::unreadable and an empty body.
//   - DAV (pim): collections keep their FolderRef, kind and properties; items keep
//     their resource names and UIDs; storeItem honours ifMatch (empty = create
//     only) and refuses a UID held under another name (Precondition, uidConflict,
//     existingId). The etag is a quoted SHA-256 prefix of the content. Sync tokens
//     ("L<number of index lines>") are supported by listChanges.
#pragma once

#include "archiveformat.h"

#include <connector/connector.h>
#include <connector/endpoint.h>

#include <memory>

namespace ferry {

namespace archive {
class ArchiveStore;
}

class ArchiveConnector : public Connector {
public:
    explicit ArchiveConnector(const Endpoint &endpoint);
    ~ArchiveConnector() override;

    QString describe() const override;
    Error connect() override;
    void disconnect() override;
    bool isConnected() const override { return bool(m_store); }
    Capabilities capabilities() const override;
    void setReadOnly(bool readOnly) override { m_readOnly = readOnly; }

    Result<QList<FolderInfo>> listFolders() override;
    Result<QHash<FolderRef, FolderState>> folderStates(const QList<FolderRef> &folders) override;
    Result<FolderState> openFolder(const FolderRef &folder, bool readOnly) override;
    Error listItems(const ListQuery &query, const ItemSink &sink) override;
    Result<QByteArray> listChanges(const QByteArray &syncToken, const ItemSink &sink) override;
    Error fetchItems(const QList<RemoteId> &ids, const BodySink &sink) override;
    void storeItem(StoreRequest &&request, const StoreCallback &done) override;
    Error flush() override;
    Error setFlags(const QList<FlagChange> &changes) override;
    Error createFolder(const FolderInfo &folder) override;
    Error setSubscribed(const FolderRef &folder, bool subscribed) override;
    QStringList notices() const override;
    quint64 bytesIn() const override { return m_bytesIn; }
    quint64 bytesOut() const override { return m_bytesOut; }

private:
    Error ready(const QString &what) const;
    Error writeAllowed(const QString &what) const;
    Error requireOpen(const QString &what) const;

    QString m_path;           // as given, for describe()
    QString m_root;
    archive::Part m_part = archive::Part::Mail;
    Error m_usage;            // the endpoint was not a valid archive URL
    std::shared_ptr<const Secret> m_passphrase;
    std::shared_ptr<archive::ArchiveStore> m_store;
    bool m_readOnly = false;
    bool m_hasOpen = false;
    bool m_openReadOnly = false;
    FolderRef m_open;
    quint64 m_bytesIn = 0;
    quint64 m_bytesOut = 0;
};

} // namespace ferry
