// The journal of a migration (one SQLite file per source/target pair): what was
// mapped to what, what is in flight, and what each pass did. Schema-versioned
// with migrations. WAL mode; batched transactions.
//
// Crash safety (the contract the engine relies on):
//   1. writePending() commits rows with outcome Pending BEFORE the APPENDs are sent.
//   2. confirm() commits the target ids (or the failure) after the server answered.
//   3. On resume, pendingItems() returns what was in flight; the engine resolves
//      each by looking on the target (Message-ID + size + INTERNALDATE) — never
//      by blindly sending again.
//
// Thread-safe: every public method may be called from any worker thread (each
// thread gets its own connection; writes are serialised). Destroy the store only
// when no call is in flight on any thread.
//
// Errors: writes return ferry::Error (ErrorCode::Internal with SQLite's text and
// a hint). Reads return plain values; on an SQL error they log a warning and
// return an empty result.
//
// Durability: journal_mode=WAL, synchronous=NORMAL — a committed write survives
// the process being killed (kill -9); an OS crash may lose the last commits but
// never corrupts the file. The file (and its -wal/-shm) is 0600.
#pragma once

#include "../connector/connector.h"
#include "../error.h"

#include <QDateTime>
#include <QJsonObject>
#include <QHash>
#include <QList>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace ferry {

enum class ItemOutcome : int { Pending = 0, Copied = 1, Matched = 2, Failed = 3 };

// One row per mapped item.
struct MappedItem {
    QString sourceFolder;      // FolderRef::display()
    quint64 sourceValidity = 0;
    RemoteId sourceId;
    QString targetFolder;
    quint64 targetValidity = 0;
    RemoteId targetId;         // empty while pending or when the server gave none
    QByteArray messageId;
    qint64 size = -1;
    QByteArray internalDate;
    QStringList flags;         // the source's flags as last written to the target
    ItemOutcome outcome = ItemOutcome::Pending;
    QString error;             // server's reason for Failed
    quint64 passId = 0;
    // DAV items (empty for mail).
    QByteArray sourceEtag;     // the source's etag of the version last copied
    QByteArray targetEtag;     // the target's etag after our write (empty if it gave none)
    QByteArray uid;            // the object's UID
    QByteArray fingerprint;    // SHA-256 (hex) of the bytes written to the target

    // On the target: copied by Ferry, or found there and paired.
    bool isMapped() const { return outcome == ItemOutcome::Copied || outcome == ItemOutcome::Matched; }
};

// Per source folder: what we knew at the end of the last pass over it.
struct FolderRecord {
    QString sourceFolder;
    quint64 sourceValidity = 0;
    quint64 sourceNextId = 0;      // UIDNEXT seen when the folder was last completed
    quint64 sourceChangeToken = 0; // HIGHESTMODSEQ seen then
    quint64 sourceCount = 0;       // messages on the source then
    QString targetFolder;
    quint64 targetValidity = 0;
    // Target UIDNEXT taken before the current batch of pending APPENDs: any
    // message the target accepted for them has a UID >= this.
    quint64 targetNextBeforePending = 0;
    bool complete = false;         // last pass over this folder finished
    // DAV collections: the tokens seen when the collection was last completed.
    QByteArray sourceSyncToken;
    QByteArray targetSyncToken;
    // Mail: the date window (DateWindow::toString(), "" = all mail) this folder's
    // UID high-water mark was reached with, and how many source messages that
    // pass left out for being outside it.
    QString dateWindow;
    quint64 outsideWindow = 0;
};

struct PassRecord {
    quint64 id = 0;
    QString kind;                  // "migrate", "final", …
    QDateTime started;
    QDateTime finished;            // invalid while running (or crashed)
    quint64 itemsCopied = 0;
    quint64 itemsMatched = 0;
    quint64 itemsFailed = 0;
    quint64 flagsUpdated = 0;
    quint64 bytesCopied = 0;
    QString outcome;               // "ok", "partial", "error: …", "" while running
    // Per data type ("mail", "contacts", "calendar", "tasks"): {"copied", "alreadyThere",
    // "failed", "bytes"} — what the Report's pass history shows.
    QJsonObject perType;
};

class StateStore {
public:
    static constexpr int kSchemaVersion = 4;

    // Opens (creating 0600 with parent dirs 0700) and migrates the schema.
    static Result<std::shared_ptr<StateStore>> open(const QString &path);
    ~StateStore();

    QString path() const;
    int schemaVersion() const;

    // Key/value for the pair itself (source/target display, created-at …).
    Error setMeta(const QString &key, const QString &value);
    QString meta(const QString &key) const;

    // Passes.
    Result<quint64> beginPass(const QString &kind);
    Error finishPass(const PassRecord &pass);
    QList<PassRecord> passes() const;

    // Folders.
    std::optional<FolderRecord> folder(const QString &sourceFolder) const;
    QList<FolderRecord> folders() const;
    Error saveFolder(const FolderRecord &record);

    // Items of one source folder at one UIDVALIDITY, keyed by source id.
    QHash<RemoteId, MappedItem> items(const QString &sourceFolder, quint64 sourceValidity) const;
    QList<MappedItem> pendingItems(const QString &sourceFolder) const;
    quint64 countItems(ItemOutcome outcome) const;
    // Inserts or replaces rows (keyed by source folder + validity + id), one transaction.
    Error writePending(const QList<MappedItem> &items);
    // Inserts or replaces final rows (Copied / Matched / Failed), one transaction.
    Error confirm(const QList<MappedItem> &items);
    // Records the flags now on the target for mapped items, one transaction.
    Error updateFlags(const QString &sourceFolder, quint64 sourceValidity,
                      const QList<QPair<RemoteId, QStringList>> &flags);
    // UIDVALIDITY changed: forget the rows of the old validity (they are re-matched).
    Error dropFolderItems(const QString &sourceFolder, quint64 oldValidity);

    // Test hook: called after every committed write transaction with the running
    // count of commits. Used by the resume-at-every-step tests to stop at commit k.
    // Runs on the committing thread, after COMMIT, while still holding the write
    // lock, so hook calls come in commit order (1, 2, 3 …) even with several
    // writer threads. The hook may read, and may write to this store from the same
    // thread (the lock is recursive); it must not wait for another thread that
    // writes to this store. If it throws, the commit has already happened.
    void setCommitHook(std::function<void(quint64 commitNumber)> hook);
    quint64 commitCount() const;

    // Number of per-thread SQLite connections currently open (tests: a thread's
    // connection is closed when that thread ends).
    int openConnectionCount() const;

private:
    StateStore();
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace ferry
