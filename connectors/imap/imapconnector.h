// IMAP4rev1 connector (RFC 3501) on Ferry's own client stack:
//   TlsConnection → ImapParser (pure) → *Command units → ImapSession → here.
//
// Why not vmime's IMAP store: it cannot pipeline, has no LITERAL+/MULTIAPPEND,
// waits a round trip per APPEND and only sends the five system flags. Here:
//   - folderStates() is one pipelined STATUS burst (one round trip in total);
//   - APPENDs go out back to back with LITERAL+ (RFC 7888) inside a bounded
//     window (≤ 64 commands, ≤ 16 MiB unacknowledged), results are matched by
//     tag; every flag except \Recent and every keyword is stored;
//   - bodies stream from the socket into ItemBody (spooled above 2 MiB) and from
//     ItemBody to the socket: a 50 MB message is never held in RAM whole.
//
// Contract details beyond connector.h:
//   - connect(): implicit TLS (default port 993); AUTHENTICATE PLAIN (SASL-IR when
//     offered) else LOGIN; ENABLE CONDSTORE (or QRESYNC); NAMESPACE for the personal
//     prefix/separator (else LIST "" ""). Works again after any failure.
//   - Folder names: see ImapFolderNames (prefix stripped, modified UTF-7, a
//     separator inside a segment becomes its fullwidth form). Only the personal
//     namespace is listed.
//   - Read-only mode: SELECT, APPEND, STORE, CREATE, (UN)SUBSCRIBE fail with
//     ErrorCode::ReadOnly before anything is sent; reads use EXAMINE and BODY.PEEK.
//   - Any I/O failure, timeout or BYE: ErrorCode::Network, isConnected() false,
//     every outstanding store gets its one callback with that error.
//   - Store callbacks never run inside the session's read loop; they run before
//     the public call that collected them returns.
#pragma once

#include "imapfoldernames.h"

#include <connector/connector.h>
#include <connector/endpoint.h>

#include <deque>
#include <memory>
#include <vector>

namespace ferry {

class ImapSession;
struct ImapResponse;

class ImapConnector : public Connector {
public:
    explicit ImapConnector(const Endpoint &endpoint);
    ~ImapConnector() override;
    QString describe() const override;
    Error connect() override;
    void disconnect() override;
    bool isConnected() const override;
    Capabilities capabilities() const override;
    void setReadOnly(bool readOnly) override;
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
    quint64 bytesIn() const override;
    quint64 bytesOut() const override;

    // Window of pipelined APPENDs (tests and benchmarks may shrink it).
    void setStoreWindow(int commands, qint64 bytes) { m_maxStores = commands; m_maxStoreBytes = bytes; }

private:
    struct OutstandingStore {
        quint64 seq = 0;
        quint64 token = 0;
        qint64 bytes = 0;
        StoreCallback done;
    };

    Error login();
    Error learnNamespace();
    Error requireConnected() const;
    Error requireOpenFolder() const;
    Error readOnlyError(const QString &what) const;
    // Session failed: mark disconnected, fail outstanding stores; returns `e`.
    Error lost(const Error &e);
    Error commandError(const QString &what, const ImapResponse &tagged) const;
    // Runs `fn` for every untagged response (and tracks EXISTS/EXPUNGE).
    void onUntagged(std::function<void(ImapResponse &)> fn);
    void failOutstandingStores(const Error &e);
    void deliverCompletedStores();
    bool condstore() const;
    qint64 appendLimit() const;
    QString hostText() const;

    Endpoint m_endpoint;
    std::unique_ptr<ImapSession> m_session;
    ImapFolderNames m_names;
    bool m_readOnly = false;
    bool m_connected = false;
    QByteArray m_selected;          // native name of the open folder; empty = none
    bool m_selectedReadOnly = false;
    quint64 m_exists = 0;           // EXISTS of the open folder
    bool m_storedSinceOpen = false; // EXISTS may lag behind our own APPENDs
    std::deque<OutstandingStore> m_stores;
    std::vector<std::pair<StoreCallback, StoreResult>> m_completed;
    quint64 m_storeSeq = 0;
    qint64 m_unackedBytes = 0;
    int m_maxStores = 64;
    qint64 m_maxStoreBytes = 16 * 1024 * 1024;
};

} // namespace ferry
