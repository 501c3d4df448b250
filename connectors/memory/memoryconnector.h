// The in-memory connector: a Connector speaking to a MemoryServer with IMAP
// semantics. Used by engine tests and by the GUI's offline demo; it passes the
// same contract suite as the real connectors.
//
// "memory://user@NAME" connects to MemoryServer::named(NAME).
//
// Behaviour worth knowing (all modelled on IMAP):
//   - Before connect() and after a dropped connection every call fails with
//     ErrorCode::Network ("not connected"); storeItem reports it via its callback.
//   - setReadOnly(true): every write (storeItem, setFlags, createFolder,
//     setSubscribed) fails with ErrorCode::ReadOnly and the server is unchanged.
//     A folder opened with readOnly = true (EXAMINE) refuses setFlags likewise;
//     a read-only connector always opens folders read-only.
//   - openFolder(read-write) reports PERMANENTFLAGS with the system flags and
//     "\*"; an EXAMINE reports none (RFC 3501 §6.3.2: nothing can be changed).
//   - storeItem applies the item to the server at once ("the server received the
//     APPEND"); with MemoryServer::setPipelineDepth(n) up to n answers are held
//     back and delivered, oldest first, by a later storeItem() or by flush().
//     When the connection drops, held-back answers are delivered as
//     ErrorCode::Network although the items were stored — the ambiguity a real
//     dropped connection has, which the engine resolves with its pending journal.
//     disconnect() (and the destructor) is a clean LOGOUT: held-back answers are
//     delivered as the server gave them. Every request gets exactly one callback.
//   - After a reconnect no folder is open (as after a new IMAP login).
//   - listItems with changedSince on a server without CONDSTORE: ErrorCode::Protocol.
//   - fetchItems: bodies up to 64 KiB come via ItemBody::fromBytes, bigger ones
//     via begin/append/finish (so the spool file path is exercised).
//   - listItems reports messageId from the message's own "Message-ID:" header
//     (case-insensitive, unfolded, trimmed, angle brackets kept).
//   - ACL (MemoryServer::setAclRights): reads work read-only, setAcl is a write.
//   - bytesIn/bytesOut: approximate wire bytes (payload plus a fixed overhead).
#pragma once

#include "memoryserver.h"

#include <connector/connector.h>
#include <connector/endpoint.h>

#include <deque>
#include <memory>

namespace ferry {

class MemoryConnector : public Connector {
public:
    static ConnectorPtr forEndpoint(const Endpoint &endpoint);

    explicit MemoryConnector(std::shared_ptr<MemoryServer> server, QString user = {});
    ~MemoryConnector() override;

    std::shared_ptr<MemoryServer> server() const { return m_server; }
    // Number of store answers held back (pipelining), for tests.
    int pendingStores() const { return int(m_pending.size()); }

    QString describe() const override;
    Error connect() override;
    void disconnect() override;
    bool isConnected() const override { return m_connected; }
    Capabilities capabilities() const override;
    void setReadOnly(bool readOnly) override { m_readOnly = readOnly; }

    Result<QList<FolderInfo>> listFolders() override;
    Result<QHash<FolderRef, FolderState>> folderStates(const QList<FolderRef> &folders) override;
    Result<FolderState> openFolder(const FolderRef &folder, bool readOnly) override;
    Error listItems(const ListQuery &query, const ItemSink &sink) override;
    Error fetchItems(const QList<RemoteId> &ids, const BodySink &sink) override;
    void storeItem(StoreRequest &&request, const StoreCallback &done) override;
    Error flush() override;
    Error setFlags(const QList<FlagChange> &changes) override;
    Error createFolder(const FolderInfo &folder) override;
    Error setSubscribed(const FolderRef &folder, bool subscribed) override;
    Result<QList<AclEntry>> acl(const FolderRef &folder) override;
    Result<QString> myRights(const FolderRef &folder) override;
    Result<AclRightsInfo> listRights(const FolderRef &folder, const QString &identifier) override;
    Error setAcl(const FolderRef &folder, const QString &identifier, const QString &rights) override;
    quint64 bytesIn() const override { return m_bytesIn; }
    quint64 bytesOut() const override { return m_bytesOut; }

    // Parses the Message-ID header out of raw message bytes (empty if none).
    static QByteArray parseMessageId(const QByteArray &bytes);
    // The unfolded value of a header field (name in lower case), raw.
    static QByteArray headerField(const QByteArray &bytes, const QByteArray &lowerName);

private:
    struct PendingStore {
        StoreResult result;
        StoreCallback done;
    };

    // Checks the connection and counts one server operation; a fired fault drops
    // the connection.
    Error begin(const QString &what);
    Error writeAllowed(const QString &what) const;
    Error requireOpen(const QString &what) const;
    void dropConnection();
    // Delivers held-back answers until at most `keep` remain.
    void deliverPending(int keep);

    std::shared_ptr<MemoryServer> m_server;
    QString m_user;
    bool m_connected = false;
    bool m_readOnly = false;
    bool m_hasOpen = false;
    bool m_openReadOnly = false;
    FolderRef m_open;
    std::deque<PendingStore> m_pending;
    quint64 m_bytesIn = 0;
    quint64 m_bytesOut = 0;
};

} // namespace ferry
