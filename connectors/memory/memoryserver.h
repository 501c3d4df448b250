// An IMAP-like mail server held in memory: folders with UIDVALIDITY, UIDNEXT,
// HIGHESTMODSEQ and messages (uid, flags, INTERNALDATE, bytes, modseq). The
// MemoryConnector is a client of it; tests fill it, break it on purpose, and
// compare it as a whole (snapshot()).
//
// Servers are named and process-wide: MemoryServer::named("src") returns the same
// server to every caller, so "memory://user@src" in a test, the CLI or the GUI's
// offline demo all reach it. Every server has an INBOX from the start.
//
// Thread-safe: every method may be called from any thread (one mutex).
//
// Semantics the connector relies on (all as an IMAP server would do them):
//   - a new message gets uid = uidNext++ and modSeq = ++highestModSeq;
//   - a flag change that changes something bumps the message's modSeq;
//   - creating a folder creates missing parents as non-selectable containers
//     (creating one of those later makes it selectable); creating an existing
//     folder is success;
//   - "\Recent" is never stored (RFC 3501: only the server sets it).
//
// Fault hooks (for tests; cleared by reset()):
//   setRejectMarker(m)     a stored item whose bytes contain `m` is refused:
//                          ErrorCode::Rejected with the given server text.
//   failOperation(n)       the n-th connector operation from now (1 = the next)
//                          fails with ErrorCode::Network and the connector that
//                          made it is disconnected ("the connection drops"); it
//                          works again after connect(). Operations are every
//                          connector call that talks to the server except
//                          connect/disconnect/flush; see operationCount().
//   setQuota(bytes)        storing beyond `bytes` in total fails: ErrorCode::Quota.
//   changeUidValidity(f)   gives folder f a new UIDVALIDITY and renumbers its
//                          messages 1..n (as after a server rebuild).
//   setConnectError(e)     connect() returns `e` (e.g. Auth) until cleared.
//   setFetchFault(m, why)  fetching a message whose bytes contain `m`: with `why`
//                          it is delivered as unreadable (ItemMeta::unreadable,
//                          empty body), without it left out of the answer (as an
//                          expunged UID is).
// Access rights (RFC 4314), off until setAclRights(): each folder has an ACL
// (identifier → rights) and the logged-in person's own rights (all, unless
// setMyRights() says otherwise; without 'a' the ACL cannot be read). LISTRIGHTS
// offers every letter of setAclRights() to every identifier except those made
// unknown with setAclUnknownIdentifier() (refused as a real server refuses
// "authenticated" it does not implement); SETACL with a letter outside them is
// refused too.
// Foreign folders (other users', shared; see FolderRef): {"", "Other Users",
// owner, …} is another user's folder, {"", NAME, …} one of the shared namespace
// NAME; listFolders() describes them (namespaceKind, owner, pathInNamespace).
//
// Options: setPipelineDepth(n) lets a connector hold up to n store answers back
// (delivered by a later storeItem() or by flush()), to exercise the engine's
// pipelining; setUidPlus(false) / setCondStore(false) imitate servers without
// UIDPLUS (no new ids from storeItem) or CONDSTORE (no mod-sequences).
#pragma once

#include "memorysnapshot.h"

#include <connector/connector.h>

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <memory>
#include <mutex>
#include <optional>

namespace ferry {

class MemoryServer {
public:
    struct Message {
        quint64 uid = 0;
        QStringList flags;
        QByteArray internalDate;
        QByteArray bytes;
        quint64 modSeq = 0;
    };
    struct Folder {
        FolderRef ref;
        bool subscribed = false;
        SpecialUse specialUse = SpecialUse::None;
        bool selectable = true;
        quint64 uidValidity = 0;
        quint64 uidNext = 1;
        quint64 highestModSeq = 1;
        QList<Message> messages; // by ascending uid
        QMap<QString, QString> acl; // identifier → rights
        QString myRights;           // empty: every right
    };

    // The process-wide server called `name`, created (with an INBOX) on first use.
    static std::shared_ptr<MemoryServer> named(const QString &name);
    // Empties the server called `name` in place (holders of it see the reset):
    // INBOX only, options, fault hooks and counters cleared.
    static void reset(const QString &name);

    explicit MemoryServer(QString name);
    QString name() const { return m_name; }
    void clear();

    // ---- Filling and inspecting (tests, demo) ----
    // Adds a folder (and missing parents); an existing folder gets the given
    // role/subscription. Returns false only for an empty ref.
    bool addFolder(const FolderRef &ref, SpecialUse use = SpecialUse::None, bool subscribed = true);
    bool addFolder(const QString &display, SpecialUse use = SpecialUse::None, bool subscribed = true)
    {
        return addFolder(FolderRef::fromDisplay(display), use, subscribed);
    }
    // Appends a message (creating the folder); returns its uid. An empty
    // internalDate becomes "now".
    quint64 addMessage(const FolderRef &folder, const QByteArray &bytes, const QStringList &flags = {},
                       const QByteArray &internalDate = {});
    quint64 addMessage(const QString &folder, const QByteArray &bytes, const QStringList &flags = {},
                       const QByteArray &internalDate = {})
    {
        return addMessage(FolderRef::fromDisplay(folder), bytes, flags, internalDate);
    }
    // Removes a message (EXPUNGE); false if there is none with that uid.
    bool removeMessage(const FolderRef &folder, quint64 uid);
    // Replaces a message's flags (bumps its modseq); false if not found.
    bool setMessageFlags(const FolderRef &folder, quint64 uid, const QStringList &flags);

    std::optional<Folder> folder(const FolderRef &ref) const;
    QList<FolderRef> folderRefs() const;
    MemorySnapshot snapshot() const;
    qint64 totalBytes() const;

    // ---- Fault hooks and options (see the header comment) ----
    void setRejectMarker(const QByteArray &marker, const QString &serverText = QStringLiteral("[CANNOT] Message refused"));
    void failOperation(quint64 n);
    quint64 operationCount() const;
    void setQuota(qint64 bytes); // <= 0: unlimited
    void changeUidValidity(const FolderRef &ref, quint64 newValidity = 0); // 0: old + 1
    void setConnectError(const Error &error);
    void setFetchFault(const QByteArray &marker, const QString &why = {});
    std::pair<QByteArray, QString> fetchFault() const;
    void setPipelineDepth(int depth);
    int pipelineDepth() const;
    void setUidPlus(bool on);
    void setCondStore(bool on);
    bool uidPlus() const;
    bool condStore() const;
    void setAclRights(const QString &rights = QStringLiteral("lrswipkxtea")); // empty: no ACL
    QString aclRights() const;
    void setAclUnknownIdentifier(const QString &identifier);
    // Test access to a folder's ACL, bypassing every check.
    void putAcl(const FolderRef &ref, const QString &identifier, const QString &rights);
    QMap<QString, QString> aclOf(const FolderRef &ref) const;
    void setMyRights(const FolderRef &ref, const QString &rights);

    // ---- Used by MemoryConnector ----
    Error connectError() const;
    // Counts one operation; Network if the armed failure fires now.
    Error beginOperation();
    QList<FolderInfo> listFolders() const;
    std::optional<FolderState> status(const FolderRef &ref) const;
    // Messages with uid >= fromId and (if changedSince) modSeq > changedSince.
    Result<QList<Message>> messages(const FolderRef &ref, quint64 fromId, quint64 changedSince) const;
    Result<QList<Message>> messagesByUid(const FolderRef &ref, const QList<quint64> &uids) const;
    // APPEND with all the checks (folder exists, marker, quota); `validity`
    // receives the folder's UIDVALIDITY (APPENDUID).
    Result<Message> append(const FolderRef &ref, const QByteArray &bytes, const QStringList &flags,
                           const QByteArray &internalDate, quint64 *validity = nullptr);
    Error changeFlags(const FolderRef &ref, const QList<FlagChange> &changes);
    Error createFolder(const FolderInfo &info);
    Error setSubscribed(const FolderRef &ref, bool subscribed);
    Result<QList<AclEntry>> acl(const FolderRef &ref) const;
    Result<QString> myRights(const FolderRef &ref) const;
    Result<AclRightsInfo> listRights(const FolderRef &ref, const QString &identifier) const;
    Error setAcl(const FolderRef &ref, const QString &identifier, const QString &rights);

private:
    // All private helpers expect m_mutex held.
    Folder *find(const FolderRef &ref);
    const Folder *find(const FolderRef &ref) const;
    Folder &ensure(const FolderRef &ref, bool selectable);
    Message &appendLocked(Folder &f, const QByteArray &bytes, const QStringList &flags, const QByteArray &internalDate);
    void resetLocked();

    const QString m_name;
    mutable std::mutex m_mutex;
    QMap<QStringList, Folder> m_folders;
    quint64 m_nextValidity = 1;
    qint64 m_totalBytes = 0;

    QByteArray m_rejectMarker;
    QString m_rejectText;
    QByteArray m_fetchFaultMarker;
    QString m_fetchFaultWhy;
    quint64 m_operations = 0;
    quint64 m_failAt = 0; // absolute operation number; 0 = none
    qint64 m_quota = 0;
    Error m_connectError;
    int m_pipelineDepth = 0;
    bool m_uidPlus = true;
    bool m_condStore = true;
    QString m_aclRights;
    QStringList m_aclUnknown;
};

} // namespace ferry
