// One pass over one contact / calendar / task collection (CalDAV, CardDAV, files):
// plan from the journal and the source's listing, then copy in journalled batches.
//
// Item ids are resource names (the last href segment as the server encodes it);
// the target gets the same name, so links and client caches that key on it keep
// working. Every write is conditional:
//   - a new item is written create-only (If-None-Match: *);
//   - an item changed on the source is written update-only against the etag the
//     target had after our last write (If-Match).
// A lost condition (Precondition) is resolved by reading the target's item and
// comparing it with what we meant to write (SHA-256): equal means it is already
// there (copied by an earlier run that crashed before recording it, or by hand);
// different means someone else wrote it — the target's version is kept and the
// conflict is reported, never overwritten.
//
// Safety rules, each with a test:
//   - the source is only read; the target never loses an item (nothing is deleted,
//     nothing changed on the target is overwritten);
//   - a pending row is committed before each batch of writes and resolved after;
//     a crash leaves pending rows that the next pass resolves by the rule above;
//   - a collection that held items and now lists none stops the pass;
//   - an unchanged collection (same sync token / CTag) costs one request;
//   - an item the target refuses is retried once with what the target cannot hold
//     moved into its notes (ItemTransformer::fallback); both outcomes are reported.
#pragma once

#include "enginecontext.h"
#include "itemtransformer.h"
#include "migrationreport.h"

#include <QHash>

#include <vector>

namespace ferry {

struct CollectionMapping {
    FolderInfo source;            // nativeName = the collection's href on the source
    FolderInfo target;            // where it goes; the metadata it is created with
    bool targetExists = false;
};

// "contacts", "calendar" or "tasks" (a calendar that holds only VTODO).
QString collectionDataType(const FolderInfo &f);

class CollectionPass {
public:
    CollectionPass(EngineContext &ctx, Connector &source, Connector &target, const CollectionMapping &mapping,
                   ItemTransformer &transformer);
    Error run();

    // Results of this attempt (complete, not deltas: a retry recomputes them).
    FolderReport report;
    QList<ItemFailure> failures;
    QStringList warnings;

    // The journal's name for a collection: its href (or, before it exists, its name).
    static QString stateKey(const FolderInfo &f)
    {
        return QStringLiteral("dav:") + (f.nativeName.isEmpty() ? f.ref.display() : f.nativeName);
    }

private:
    enum class Mode { Create, Update };
    struct Work {
        ItemMeta meta;            // source metadata (id, etag, uid)
        RemoteId targetId;        // the name on the target: the source's, or the one it was matched under
        Mode mode = Mode::Create;
        QByteArray ifMatch;       // Update: the target's etag after our last write
        bool wasCopied = false;   // an earlier pass copied it (so this is an update)
    };
    struct Ready {
        Work work;
        ItemBody body;
        QByteArray fingerprint;
    };

    Error plan(QList<Work> &work, QByteArray &newToken, bool &unchanged);
    Error createRefused(const Error &e);
    Error copyBatch(QList<Work> batch);
    Error send(std::vector<Ready> &ready, QList<StoreResult> &results);
    struct TargetCopy {
        RemoteId id;
        QByteArray etag;
        QByteArray bytes;
    };
    struct TargetCopies {
        QHash<RemoteId, TargetCopy> byId;
        QHash<QByteArray, RemoteId> idByUid;   // filled when a whole collection was read
    };
    Error readTarget(const QList<RemoteId> &ids, TargetCopies &out);
    Error readWholeTarget(TargetCopies &out);
    void resolvePrecondition(Ready &r, MappedItem &row, const StoreResult &res, const TargetCopies &found);
    void fail(MappedItem &row, const Work &w, const Error &e, const QString &reason);
    MappedItem rowFor(const Ready &r) const;

    EngineContext &m_ctx;
    Connector &m_src;
    Connector &m_tgt;
    CollectionMapping m_map;
    ItemTransformer &m_transformer;
    QString m_skey;
    QString m_tkey;
    QString m_name;
    QHash<RemoteId, MappedItem> m_rows;
};

} // namespace ferry
