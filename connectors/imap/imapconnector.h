// IMAP4rev1 connector (RFC 3501) on Ferry's own client stack:
//   TlsConnection → ImapParser (pure) → *Command units → ImapSession → here.
//
// Why not vmime's IMAP store: it cannot pipeline, has no LITERAL+/MULTIAPPEND,
// waits a round trip per APPEND and only sends the five system flags. Here:
//   - folderStates() is one pipelined STATUS burst (one round trip in total);
//   - with MULTIAPPEND + LITERAL+ (RFC 3502, RFC 7888), consecutive stores into
//     one folder are streamed as ONE open APPEND command (a "group", ≤ 500
//     messages / ≤ 8 MiB; a bigger message goes alone), ended when full, when
//     another folder or any other command comes, or on flush(); ≤ 2 groups and
//     ≤ 16 MiB unanswered. Dovecot commits one transaction per APPEND command,
//     so this is ~2.5x faster than single APPENDs. A refused group appended
//     nothing: its members are resent one by one for precise results;
//   - otherwise APPENDs go out back to back with LITERAL+ inside a bounded
//     window (≤ 64 commands, ≤ 16 MiB unacknowledged), results are matched by
//     tag; every flag except \Recent and every keyword is stored;
//   - bodies stream from the socket into ItemBody (spooled above 2 MiB) and from
//     ItemBody to the socket: a 50 MB message is never held in RAM whole.
//
// Contract details beyond connector.h:
//   - connect(): implicit TLS (default port 993); AUTHENTICATE PLAIN (SASL-IR when
//     offered) else LOGIN; ENABLE CONDSTORE (or QRESYNC); NAMESPACE for the personal
//     prefix/separator (else LIST "" ""). With SASL-IR, ENABLE and NAMESPACE are
//     pipelined behind the login: ready one round trip after the greeting.
//     Works again after any failure.
//   - Folder names: see ImapFolderNames (prefix stripped, modified UTF-7, a
//     separator inside a segment becomes its fullwidth form). The personal
//     namespace is listed, and the other users' and shared ones (each by its
//     prefix) with FolderInfo::namespaceKind/owner set.
//   - Read-only mode: SELECT, APPEND, STORE, CREATE, (UN)SUBSCRIBE, SETACL fail with
//     ErrorCode::ReadOnly before anything is sent; reads use EXAMINE and BODY.PEEK.
//   - Any I/O failure, timeout or BYE: ErrorCode::Network, isConnected() false,
//     every outstanding store gets its one callback with that error.
//   - Store callbacks never run inside the session's read loop; they run before
//     the public call that collected them returns. Members of a refused group
//     are resent in the next storeItem() or flush(); flush() returns only when
//     every request has had its callback.
#pragma once

#include "appendgroup.h"
#include "imapfoldernames.h"

#include <connector/connector.h>
#include <connector/endpoint.h>

#include <deque>
#include <memory>
#include <vector>

namespace ferry {

class ImapSession;
struct ImapResponse;
struct ImapAclData;
class ImapCommand;

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
    Result<QList<QuotaInfo>> quota() override;
    // RFC 4314 (imapconnectoracl.cpp). GETACL/MYRIGHTS/LISTRIGHTS also in read-only mode.
    Result<QList<AclEntry>> acl(const FolderRef &folder) override;
    Result<QString> myRights(const FolderRef &folder) override;
    Result<AclRightsInfo> listRights(const FolderRef &folder, const QString &identifier) override;
    Error setAcl(const FolderRef &folder, const QString &identifier, const QString &rights) override;
    quint64 bytesIn() const override;
    quint64 bytesOut() const override;

    // Window of pipelined APPENDs (tests and benchmarks may shrink it).
    void setStoreWindow(int commands, qint64 bytes) { m_maxStores = commands; m_maxStoreBytes = bytes; }
    // Size of a MULTIAPPEND group (tests and benchmarks); 0 messages = no MULTIAPPEND.
    void setGroupLimits(int messages, qint64 bytes) { m_groupItems = messages; m_groupBytes = bytes; }

private:

    // Login (unless PREAUTH), ENABLE, NAMESPACE: see imapconnector.cpp.
    Error loginAndPrepare(bool preauth);
    Result<QByteArray> sendLogin();
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
    // Store paths (imapconnectorstore.cpp). Both report a failure through `done`.
    bool multiAppend() const;
    Error failStore(quint64 token, const StoreCallback &done, const Error &e);
    static void avoidMultiAppend(const QString &host, quint16 port);
    static void avoidNonSyncLiterals(const QString &host, quint16 port);
    static bool nonSyncLiteralsAllowed(const QString &host, quint16 port);
    Error appendSingle(StoreRequest &&request, const StoreCallback &done);
    Error appendToGroup(StoreRequest &&request, const StoreCallback &done);
    AppendGroup *openGroup();
    Error dropRefusedGroup();
    // Moves answered commands out of the window: results, or a refused group's members (m_refused).
    void settleAnswered();
    std::function<void(ImapResponse &&)> answerFor(quint64 seq);
    bool condstore() const;
    // One ACL read command; the untagged answer of `kind` goes to `out`.
    Error aclQuery(const ImapCommand &cmd, int kind, const QString &what, ImapAclData &out);
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
    std::deque<std::unique_ptr<AppendGroup>> m_stores; // APPEND commands in flight, oldest first
    std::vector<AppendGroup::Member> m_refused; // members of a refused group, to fail (dropRefusedGroup)
    bool m_appendRefused = false;                    // an APPEND was refused on this connection (lost())
    std::vector<std::pair<StoreCallback, StoreResult>> m_completed;
    quint64 m_storeSeq = 0;
    qint64 m_unackedBytes = 0;
    int m_maxStores = 64;
    qint64 m_maxStoreBytes = 16 * 1024 * 1024;
    int m_groupItems = 500;
    qint64 m_groupBytes = 4 * 1024 * 1024;
};

} // namespace ferry
