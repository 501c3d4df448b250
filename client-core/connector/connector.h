// The vocabulary of Ferry, defined once, and the interface every source and target
// implements (pattern: isync's `struct driver`, vdirsyncer's `Storage`).
//
//   Source   the account data is read from. Opened read-only: a Connector in
//            read-only mode refuses every write (EXAMINE / BODY.PEEK / GET only).
//   Target   the account data is written to. Never loses what it held before.
//   Folder   an IMAP mailbox or a DAV collection, named by FolderRef (segments,
//            independent of any server's separator or namespace prefix).
//   Item     one message / contact / event / task, identified by RemoteId inside
//            its folder (IMAP: the decimal UID; DAV: the href).
//   Fingerprint  what identifies an item across servers for matching
//            (Message-ID + size + INTERNALDATE, then a content hash; DAV: UID + etag).
//   Plan     the list of Actions the engine computed from both sides and the state.
//   Pass     one run of a Plan; recorded with counts and bytes in the state store.
//
// Threading: a Connector is one connection (one session) and is used by one thread
// at a time. The engine opens several to work on folders in parallel.
#pragma once

#include "../error.h"
#include "itembody.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace ferry {

enum class ItemKind : quint8 { Message, Contact, Event, Task };

// RFC 6154 special-use roles (plus the inbox, which every server has).
enum class SpecialUse : quint8 { None, Inbox, Sent, Drafts, Trash, Junk, Archive, All, Flagged };
const char *specialUseAttribute(SpecialUse u); // "\\Sent", … ("" for None/Inbox)
SpecialUse specialUseFromAttribute(const QByteArray &attr);

// A folder name independent of server separators and prefixes. {"INBOX"} is the
// inbox on every server (case-insensitively, RFC 3501 §5.1).
//
// A folder outside the person's own (personal) namespace — another user's folder
// or a shared one (RFC 2342) — has an empty first segment followed by the server's
// full name split at its separator: {"", "shared", "bob", "Projects"}. Personal
// paths never contain an empty segment, so the two can never collide, and
// display() shows it as "/shared/bob/Projects" (the journal's key).
struct FolderRef {
    QStringList path;

    bool isInbox() const;
    bool isForeign() const { return !path.isEmpty() && path.first().isEmpty(); }
    QString display() const { return path.join(QLatin1Char('/')); }
    bool isEmpty() const { return path.isEmpty(); }
    static FolderRef fromDisplay(const QString &s) { return FolderRef{s.split(QLatin1Char('/'), Qt::SkipEmptyParts)}; }
    friend bool operator==(const FolderRef &a, const FolderRef &b) { return a.path == b.path; }
    friend bool operator!=(const FolderRef &a, const FolderRef &b) { return !(a == b); }
    friend bool operator<(const FolderRef &a, const FolderRef &b) { return a.path < b.path; }
};
inline size_t qHash(const FolderRef &f, size_t seed = 0) { return qHashRange(f.path.begin(), f.path.end(), seed); }

// What a DAV collection says about itself (RFC 4791 §5.2, RFC 6352 §6.2, Apple's
// calendar-color / calendar-order). Empty for mail folders.
struct CollectionInfo {
    QString displayName;
    QString color;                // as the server spelled it ("#RRGGBB" or "#RRGGBBAA")
    QString description;
    QString order;                // calendar-order, kept as text
    QStringList components;       // calendars: "VEVENT", "VTODO", "VJOURNAL"; empty for address books
    QStringList addressData;      // address books: supported-address-data ("text/vcard;version=3.0", …)
    bool isEmpty() const { return displayName.isEmpty() && color.isEmpty() && description.isEmpty()
                                  && order.isEmpty() && components.isEmpty() && addressData.isEmpty(); }
};

// RFC 2342 §3: whose folder it is, seen from the logged-in person.
enum class NamespaceKind : quint8 { Personal, OtherUsers, Shared };

struct FolderInfo {
    FolderRef ref;                // DAV: {last path segment of the collection, decoded}
    QString nativeName;           // the server's own name (DAV: the collection's href), for messages to the user
    SpecialUse specialUse = SpecialUse::None;
    bool subscribed = false;
    bool selectable = true;       // false for \Noselect / \NonExistent containers
    ItemKind kind = ItemKind::Message; // DAV: Contact (address book) or Event (calendar; see components)
    CollectionInfo collection;
    // Mail: folders of other users and shared folders are listed too (ref.isForeign()).
    NamespaceKind namespaceKind = NamespaceKind::Personal;
    QString owner;                // OtherUsers: the owner's user name; Shared: the namespace's name
    QStringList pathInNamespace;  // OtherUsers: the path below the owner; Shared: below the prefix
};

// One entry of a folder's access control list (RFC 4314 §2): whom it is about
// ("bob", "anyone", "authenticated"; a leading '-' marks negative rights) and the
// rights letters exactly as the server spelled them ("lrswipkxtecda").
struct AclEntry {
    QString identifier;
    QString rights;
    friend bool operator==(const AclEntry &a, const AclEntry &b)
    {
        return a.identifier == b.identifier && a.rights == b.rights;
    }
};

// LISTRIGHTS (RFC 4314 §3.7): the rights `identifier` always has on a folder and
// the groups of rights that can be granted (each group only as a whole).
struct AclRightsInfo {
    QString required;
    QStringList optional;
    // Every letter that can be held (required and all optional groups).
    QString all() const { return required + optional.join(QString()); }
};

// What opening (or STATUS of) a folder tells about it.
struct FolderState {
    quint64 validity = 0;       // UIDVALIDITY; 0 = unknown
    quint64 nextId = 0;         // UIDNEXT; 0 = unknown
    quint64 changeToken = 0;    // HIGHESTMODSEQ; 0 = server has none
    quint64 count = 0;          // number of items
    qint64 size = -1;           // bytes (IMAP STATUS=SIZE); -1 = unknown
    bool readOnly = false;
    QStringList permanentFlags; // as the server listed them; contains "\\*" if any keyword may be created
    bool permanentFlagsKnown = false;
    QByteArray syncToken;       // DAV: sync-token (RFC 6578), else the CTag; empty = none
};

using RemoteId = QByteArray;

// Metadata of one item. Mail: flags hold system flags and keywords as the server
// spelled them; internalDate is kept verbatim so it is written back unchanged.
struct ItemMeta {
    RemoteId id;
    QByteArray messageId;     // Message-ID header value (mail), empty when absent
    QString subject;          // decoded Subject, only when ListQuery::withSubject
    qint64 size = -1;         // RFC822.SIZE
    QStringList flags;
    QByteArray internalDate;  // "17-Jul-1996 02:44:25 -0700"
    quint64 modSeq = 0;
    // DAV (the id is the resource name: the last href segment as the server encodes it).
    QByteArray etag;          // as the server sent it, quotes included
    QByteArray uid;           // UID of the vCard / iCalendar object, once its body was read
    QByteArray contentType;   // "text/calendar; charset=utf-8", "text/vcard"
    // fetchItems(): set (with an empty body) when the source has this item but cannot
    // deliver it intact — the words say why ("checksum mismatch in the archive"). The
    // engine records the item as failed (ErrorCode::Damaged) and writes nothing of it.
    QString unreadable;
};

// The UID property of an iCalendar object or vCard (the first one, unfolded, after
// the first ':' outside a quoted parameter value); empty if none.
QByteArray objectUid(const QByteArray &data);

// The value of the first header field `name` (case-insensitive) of an RFC 5322
// message: header lines up to the first empty line, folded lines unfolded,
// white space simplified, no RFC 2047 decoding; empty if there is none.
QByteArray headerField(const QByteArray &message, QByteArrayView name);

// Which items of the open folder listItems() reports.
struct ListQuery {
    QList<RemoteId> ids;       // if not empty: exactly these items (IMAP: a UID set); fromId is ignored
    quint64 fromId = 1;        // only ids >= this (IMAP: UID range fromId:*)
    quint64 changedSince = 0;  // only items changed since this token (0 = all); flags only
    bool withMessageId = true; // fetch the Message-ID header too
    bool withSubject = false;  // and the Subject (decoded), for naming items in reports
    bool flagsOnly = false;    // id + flags (+ modseq) only
};

struct StoreRequest {
    quint64 token = 0;        // the caller's handle, echoed in StoreResult
    FolderRef folder;
    ItemMeta meta;            // mail: flags and internalDate are written with the item;
                              // DAV: meta.id is the resource name to create (kept from the source)
    QByteArray ifMatch;       // DAV: empty = create only (If-None-Match: *); else update only this etag (If-Match)
    ItemBody body;
};

struct StoreResult {
    quint64 token = 0;
    Error error;              // ok, or why the server refused this item
    RemoteId newId;           // empty if the server did not say (no UIDPLUS)
    quint64 newValidity = 0;  // UIDVALIDITY from APPENDUID
    QByteArray newEtag;       // DAV: ETag of the stored resource, if the server returned one
    // DAV no-uid-conflict (RFC 4791 §5.3.2.1, RFC 6352 §6.3.2.1): the target holds an
    // item with this UID under another name (error code Precondition); existingId is
    // that name when the server said it.
    bool uidConflict = false;
    RemoteId existingId;
};

// One quota resource of the account (RFC 9208): STORAGE in bytes, MESSAGE in items.
struct QuotaInfo {
    QString root;
    QString resource;          // "STORAGE", "MESSAGE", …
    quint64 usage = 0;
    quint64 limit = 0;
};

struct FlagChange {
    RemoteId id;
    QStringList add;
    QStringList remove;
};

struct Capabilities {
    bool changeTokens = false;     // CONDSTORE
    bool qresync = false;
    bool storeReturnsId = false;   // UIDPLUS
    bool specialUse = false;
    bool createSpecialUse = false;
    bool pipelinedStore = false;   // LITERAL+ / LITERAL-
    bool multiStore = false;       // MULTIAPPEND
    qint64 storeLimit = 0;         // APPENDLIMIT (0 = unknown)
    bool syncCollection = false;   // DAV sync-collection REPORT (RFC 6578)
    bool acl = false;              // ACL (RFC 4314): acl(), myRights(), listRights(), setAcl()
    QString aclRights;             // RIGHTS= capability letters beyond RFC 2086 ("texk"), if announced
    QStringList raw;               // the server's capability list, for `check`
};

class Connector {
public:
    using ItemSink = std::function<void(ItemMeta &&)>;
    using BodySink = std::function<Error(ItemMeta &&, ItemBody &&)>;
    using StoreCallback = std::function<void(StoreResult &&)>;

    virtual ~Connector() = default;

    // "imaps://user@host:993" — never a secret.
    virtual QString describe() const = 0;
    // Connects and logs in. Error codes: Auth, Tls (with fingerprint), Network.
    virtual Error connect() = 0;
    virtual void disconnect() = 0;
    virtual bool isConnected() const = 0;
    virtual Capabilities capabilities() const = 0;

    // A source connector is put in read-only mode before use; every write then
    // fails with ErrorCode::ReadOnly and nothing reaches the server.
    virtual void setReadOnly(bool readOnly) = 0;

    virtual Result<QList<FolderInfo>> listFolders() = 0;
    // Cheap state of many folders at once (IMAP STATUS, pipelined).
    virtual Result<QHash<FolderRef, FolderState>> folderStates(const QList<FolderRef> &folders) = 0;
    // Opens a folder for the calls below (read-only: EXAMINE).
    virtual Result<FolderState> openFolder(const FolderRef &folder, bool readOnly) = 0;

    virtual Error listItems(const ListQuery &query, const ItemSink &sink) = 0;
    // DAV: items of the open collection changed since `syncToken` (RFC 6578); removals are
    // not reported (Ferry never deletes). Returns the new token. A token the server no longer
    // accepts gives ErrorCode::Precondition: the caller then lists everything.
    virtual Result<QByteArray> listChanges(const QByteArray &syncToken, const ItemSink &sink)
    {
        Q_UNUSED(syncToken);
        Q_UNUSED(sink);
        return Error::make(ErrorCode::Protocol, QStringLiteral("this connector cannot list changes by token"));
    }
    // Streams content of items of the open folder; the sink may keep the body.
    // A sink error stops the fetch and is returned.
    virtual Error fetchItems(const QList<RemoteId> &ids, const BodySink &sink) = 0;

    // Stores an item. May be pipelined: `done` runs when the server answered,
    // possibly inside a later storeItem() or in flush(). Every request gets
    // exactly one callback.
    virtual void storeItem(StoreRequest &&request, const StoreCallback &done) = 0;
    virtual Error flush() = 0;

    // On the open folder. Unknown ids are ignored by servers (no error).
    virtual Error setFlags(const QList<FlagChange> &changes) = 0;
    // Creating a folder that exists already is success.
    virtual Error createFolder(const FolderInfo &folder) = 0;
    virtual Error setSubscribed(const FolderRef &folder, bool subscribed) = 0;

    // What the user should know about the source beyond single items (an export
    // file's stray text, what was changed to make it storable …), for the report.
    virtual QStringList notices() const { return {}; }
    // The account's quota, if the server tells (empty list: no quota or not offered).
    virtual Result<QList<QuotaInfo>> quota() { return QList<QuotaInfo>{}; }

    // Access rights of a folder (RFC 4314). Reading them is allowed in read-only
    // mode; setAcl() is a write. `rights` given to setAcl() starting with '+' adds
    // to what the identifier has (nothing is taken away), '-' removes, otherwise
    // replaces. A person without the 'a' right on a folder gets ErrorCode::Rejected
    // from acl(); myRights() always works where the folder can be seen.
    virtual Result<QList<AclEntry>> acl(const FolderRef &folder)
    {
        Q_UNUSED(folder);
        return Error::make(ErrorCode::Protocol, QStringLiteral("this connector has no access rights (ACL)"));
    }
    virtual Result<QString> myRights(const FolderRef &folder)
    {
        Q_UNUSED(folder);
        return Error::make(ErrorCode::Protocol, QStringLiteral("this connector has no access rights (ACL)"));
    }
    virtual Result<AclRightsInfo> listRights(const FolderRef &folder, const QString &identifier)
    {
        Q_UNUSED(folder);
        Q_UNUSED(identifier);
        return Error::make(ErrorCode::Protocol, QStringLiteral("this connector has no access rights (ACL)"));
    }
    virtual Error setAcl(const FolderRef &folder, const QString &identifier, const QString &rights)
    {
        Q_UNUSED(folder);
        Q_UNUSED(identifier);
        Q_UNUSED(rights);
        return Error::make(ErrorCode::Protocol, QStringLiteral("this connector has no access rights (ACL)"));
    }

    // Bytes moved over the wire since construction (progress, bench).
    virtual quint64 bytesIn() const = 0;
    virtual quint64 bytesOut() const = 0;
};

using ConnectorPtr = std::unique_ptr<Connector>;

} // namespace ferry
