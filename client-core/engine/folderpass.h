// One pass over one folder: plan (what to copy, what is already there, which
// flags changed), then act (copy in journalled batches, update flags), then
// record the folder's new high-water marks.
//
// Safety rules, each with a test:
//   - the source is opened read-only (EXAMINE) and only read with BODY.PEEK;
//   - a pending record is committed before each batch of APPENDs and resolved
//     (confirmed or failed) after; pending rows left by a crash are resolved by
//     looking on the target (only at UIDs >= the target UIDNEXT saved before
//     they were sent), never by blindly sending again;
//   - a message already on the target is matched (Message-ID + size +
//     INTERNALDATE, then content hash) instead of duplicated;
//   - a UIDVALIDITY change (either side) re-matches, never blindly re-copies;
//   - a source folder that held mail and now looks empty stops the pass;
//   - a full target (quota) stops the pass at the first refusal, no retry per
//     message; a target folder opened READ-ONLY is sent one message first, and
//     if that is refused the folder is reported once, not once per message;
//   - nothing on the target is ever deleted; flag changes are applied as
//     +FLAGS/-FLAGS deltas of what changed on the source.
//
// A transient (network) error is returned as is: the caller reconnects and runs a
// fresh FolderPass, which re-plans from the journal.
#pragma once

#include "enginecontext.h"
#include "foldermapper.h"
#include "migrationreport.h"

namespace ferry {

class FolderPass {
public:
    FolderPass(EngineContext &ctx, Connector &source, Connector &target, const FolderMapping &mapping);

    Error run();

    // Results of this attempt (complete, not deltas: a retry recomputes them).
    FolderReport report;
    QList<ItemFailure> failures;
    QStringList warnings;

private:
    struct Planned;
    Error plan(Planned &p);
    Error matchOnTarget(Planned &p);
    Error addMessageIds(Planned &p, const QList<ItemMeta> &targetItems, const QSet<RemoteId> &mappedTargetIds);
    Error confirmByHash(Planned &p, QList<ItemMeta> &candidates, const QList<ItemMeta> &targetItems,
                        const QSet<RemoteId> &mappedTargetIds);
    Error copy(Planned &p);
    Error copyBatch(Planned &p, const QList<ItemMeta> &batch);
    Error updateFlags(Planned &p);
    void nameRefusedItems(QList<MappedItem> &rows);
    QStringList targetFlags(const QStringList &flags);
    FolderRecord recordFor(const Planned &p) const;

    EngineContext &m_ctx;
    Connector &m_src;
    Connector &m_tgt;
    FolderMapping m_map;
    QString m_sname;
    QString m_tname;
    QSet<QString> m_warnedKeywords;
};

} // namespace ferry
