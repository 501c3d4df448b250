#include "reconciler.h"

#include "../connector/connectorregistry.h"
#include "collectionmapper.h"
#include "collectionpass.h"
#include "foldermapper.h"
#include "messagematcher.h"

#include <QElapsedTimer>

#include <algorithm>

namespace ferry {

namespace {

// Why a source item the journal knows (or does not) is not on the target.
QString reasonFor(const MappedItem *row, bool mail)
{
    const QString again = QStringLiteral("run the migration again");
    if (!row)
        return QStringLiteral("not copied yet (it arrived after the last pass, or no pass has run); %1").arg(again);
    switch (row->outcome) {
    case ItemOutcome::Failed:
        return QStringLiteral("the last pass could not copy it: %1").arg(row->error);
    case ItemOutcome::Pending:
        return QStringLiteral("it was being copied when a run stopped; %1 to settle it").arg(again);
    case ItemOutcome::Copied:
    case ItemOutcome::Matched:
        break;
    }
    return mail ? QStringLiteral("it was copied, but the target no longer has it (deleted or moved there?)")
                : QStringLiteral("it was copied, but the target no longer has it under its name or UID");
}

// Opens a connector for one side, read-only, and logs in.
Result<ConnectorPtr> openSide(const Endpoint &e, Side side)
{
    Error err;
    ConnectorPtr c = ConnectorRegistry::create(e, &err);
    if (!c)
        return err.withSide(side);
    c->setReadOnly(true);
    if (Error ce = c->connect())
        return ce.withSide(side);
    return c;
}

// Both sides logged in (read-only) and their folders listed.
struct Sides {
    ConnectorPtr src, tgt;
    QList<FolderInfo> sourceFolders, targetFolders;
};
Result<Sides> openBoth(const Endpoint &source, const Endpoint &target)
{
    Sides s;
    auto src = openSide(source, Side::Source);
    if (!src.ok())
        return src.error();
    auto tgt = openSide(target, Side::Target);
    if (!tgt.ok())
        return tgt.error();
    s.src = std::move(*src);
    s.tgt = std::move(*tgt);
    auto sf = s.src->listFolders();
    if (!sf.ok())
        return sf.error().withSide(Side::Source);
    auto tf = s.tgt->listFolders();
    if (!tf.ok())
        return tf.error().withSide(Side::Target);
    s.sourceFolders = *sf;
    s.targetFolders = *tf;
    return s;
}

Error listAll(Connector &c, const ListQuery &q, QList<ItemMeta> &out, Side side)
{
    return c.listItems(q, [&out](ItemMeta &&m) { out.append(std::move(m)); }).withSide(side);
}

} // namespace

Reconciler::Reconciler(MigrationOptions options, std::shared_ptr<StateStore> store)
    : m_options(std::move(options))
    , m_store(std::move(store))
{
}

VerifyReport Reconciler::run()
{
    QElapsedTimer clock;
    clock.start();
    VerifyReport r;
    const bool mail = !m_options.source.scheme.isEmpty();
    r.source = m_options.journalSource().display();
    r.target = m_options.journalTarget().display();
    auto wants = [&](const QString &t) { return m_options.only.isEmpty() || m_options.only.contains(t); };
    if (mail && wants(QStringLiteral("mail")))
        r.fatal = verifyMail(r);
    if (r.fatal.ok() && !m_options.davTarget.scheme.isEmpty()) {
        QList<Endpoint> sources;
        if (!m_options.davSource.scheme.isEmpty())
            sources << m_options.davSource;
        sources << m_options.fileSources;
        for (const Endpoint &s : std::as_const(sources)) {
            r.fatal = verifyCollections(r, s);
            if (!r.fatal.ok())
                break;
        }
    }
    r.seconds = clock.elapsed() / 1000.0;
    return r;
}

Error Reconciler::verifyMail(VerifyReport &r)
{
    auto sides = openBoth(m_options.source, m_options.target);
    if (!sides.ok())
        return sides.error();
    Connector &s = *sides->src;
    Connector &t = *sides->tgt;
    QList<FolderInfo> chosen;
    for (const FolderInfo &f : std::as_const(sides->sourceFolders))
        if (!m_options.skipFolders.contains(f.ref.display()))
            chosen.append(f);
    QList<FolderMapping> mappings = FolderMapper::map(chosen, sides->targetFolders, m_options.folderRules,
                                                        m_options.includeShared);
    std::sort(mappings.begin(), mappings.end(),
              [](const FolderMapping &a, const FolderMapping &b) { return a.source.ref < b.source.ref; });

    for (const FolderMapping &m : std::as_const(mappings)) {
        if (!m.source.selectable)
            continue;
        if (m_cancel)
            return Error::make(ErrorCode::Cancelled, QStringLiteral("interrupted"));
        VerifyFolder vf;
        vf.dataType = QStringLiteral("mail");
        vf.source = m.source.ref.display();
        vf.target = m.target.display();
        vf.targetExists = m.targetExists;

        auto sstate = s.openFolder(m.source.ref, true);
        if (!sstate.ok())
            return sstate.error().withSide(Side::Source);
        QList<ItemMeta> sItems, tItems;
        ListQuery q;
        if (Error e = listAll(s, q, sItems, Side::Source))
            return e;
        quint64 tValidity = 0;
        if (m.targetExists) {
            auto tstate = t.openFolder(m.target, true);
            if (!tstate.ok())
                return tstate.error().withSide(Side::Target);
            tValidity = tstate->validity;
            if (Error e = listAll(t, q, tItems, Side::Target))
                return e;
        }
        vf.sourceItems = sItems.size();
        vf.targetItems = tItems.size();
        for (const ItemMeta &i : std::as_const(sItems))
            vf.sourceBytes += qMax<qint64>(0, i.size);
        for (const ItemMeta &i : std::as_const(tItems))
            vf.targetBytes += qMax<qint64>(0, i.size);

        const QHash<RemoteId, MappedItem> known = m_store ? m_store->items(vf.source, sstate->validity)
                                                          : QHash<RemoteId, MappedItem>{};
        QHash<RemoteId, int> targetIndex;
        for (int i = 0; i < tItems.size(); ++i)
            targetIndex.insert(tItems[i].id, i);
        QSet<RemoteId> used;
        auto pair = [&](const ItemMeta &sm, const RemoteId &tid) {
            ++vf.matched;
            used.insert(tid);
            if (comparableFlags(sm.flags) != comparableFlags(tItems[targetIndex.value(tid)].flags))
                ++vf.flagsDiffer;
        };

        // 1. The journal's own record of the copy.
        QList<const ItemMeta *> open;
        for (const ItemMeta &sm : std::as_const(sItems)) {
            const auto k = known.constFind(sm.id);
            if (k != known.cend() && k->isMapped() && !k->targetId.isEmpty() && k->targetValidity == tValidity
                && targetIndex.contains(k->targetId) && !used.contains(k->targetId))
                pair(sm, k->targetId);
            else
                open.append(&sm);
        }
        // 2. Message-ID + size + INTERNALDATE.
        MessageMatcher matcher;
        matcher.addTargetItems(tItems, used);
        QHash<QByteArray, int> keyCount;
        for (const ItemMeta *sm : std::as_const(open))
            ++keyCount[MessageMatcher::keyOf(*sm)];
        QList<const ItemMeta *> left, byHash;
        for (const ItemMeta *sm : std::as_const(open)) {
            const auto match = matcher.find(*sm, keyCount.value(MessageMatcher::keyOf(*sm)) == 1);
            if (!match.targetId.isEmpty())
                pair(*sm, match.targetId);
            else if (match.needsHashCheck)
                byHash.append(sm);
            else
                left.append(sm);
        }
        // 3. Content: the bytes of both sides, for what the key cannot tell apart.
        if (!byHash.isEmpty()) {
            QSet<QByteArray> keys;
            QList<RemoteId> sids, tids;
            for (const ItemMeta *sm : std::as_const(byHash)) {
                keys.insert(MessageMatcher::keyOf(*sm));
                sids.append(sm->id);
            }
            for (const ItemMeta &tm : std::as_const(tItems))
                if (!used.contains(tm.id) && keys.contains(MessageMatcher::keyOf(tm)))
                    tids.append(tm.id);
            QHash<RemoteId, QByteArray> sourceHash;
            if (Error e = s.fetchItems(sids, [&](ItemMeta &&meta, ItemBody &&body) -> Error {
                    sourceHash.insert(meta.id, body.sha256());
                    return {};
                }))
                return e.withSide(Side::Source);
            QHash<QByteArray, QList<RemoteId>> targetByHash;
            if (!tids.isEmpty()) {
                if (Error e = t.fetchItems(tids, [&](ItemMeta &&meta, ItemBody &&body) -> Error {
                        targetByHash[body.sha256()].append(meta.id);
                        return {};
                    }))
                    return e.withSide(Side::Target);
            }
            for (const ItemMeta *sm : std::as_const(byHash)) {
                QList<RemoteId> &candidates = targetByHash[sourceHash.value(sm->id)];
                if (sourceHash.contains(sm->id) && !candidates.isEmpty())
                    pair(*sm, candidates.takeFirst());
                else
                    left.append(sm);
            }
        }
        for (const ItemMeta *sm : std::as_const(left)) {
            if (!m_options.mailWindow.contains(sm->internalDate)) {
                ++vf.outsideWindow;
                continue;
            }
            ++vf.missing;
            const auto k = known.constFind(sm->id);
            VerifyMissing miss;
            miss.dataType = vf.dataType;
            miss.folder = vf.source;
            miss.id = QString::fromLatin1(sm->id);
            miss.messageId = QString::fromUtf8(sm->messageId);
            miss.size = sm->size;
            miss.reason = !m.targetExists ? QStringLiteral("the folder %1 does not exist on the target").arg(vf.target)
                                          : reasonFor(k == known.cend() ? nullptr : &*k, true);
            r.missing.append(miss);
        }
        r.folders.append(vf);
    }
    s.disconnect();
    t.disconnect();
    return {};
}

Error Reconciler::verifyCollections(VerifyReport &r, const Endpoint &source)
{
    auto sides = openBoth(source, m_options.davTarget);
    if (!sides.ok())
        return sides.error();
    Connector &s = *sides->src;
    Connector &t = *sides->tgt;
    QList<FolderInfo> wanted;
    for (const FolderInfo &f : std::as_const(sides->sourceFolders)) {
        const QString type = collectionDataType(f);
        if ((m_options.only.isEmpty() || m_options.only.contains(type))
            && !m_options.skipCollections.contains(f.ref.display()))
            wanted.append(f);
    }
    const QList<CollectionMapping> mappings = CollectionMapper::map(wanted, sides->targetFolders);
    for (const CollectionMapping &m : mappings) {
        if (m_cancel)
            return Error::make(ErrorCode::Cancelled, QStringLiteral("interrupted"));
        VerifyFolder vf;
        vf.dataType = collectionDataType(m.source);
        vf.source = m.source.collection.displayName.isEmpty() ? m.source.ref.display() : m.source.collection.displayName;
        vf.target = m.target.collection.displayName.isEmpty() ? m.target.ref.display() : m.target.collection.displayName;
        vf.targetExists = m.targetExists;
        vf.sourceBytes = vf.targetBytes = -1;
        if (auto st = s.openFolder(m.source.ref, true); !st.ok())
            return st.error().withSide(Side::Source);
        QList<ItemMeta> sItems, tItems;
        if (Error e = listAll(s, ListQuery{}, sItems, Side::Source))
            return e;
        if (m.targetExists) {
            if (auto tt = t.openFolder(m.target.ref, true); !tt.ok())
                return tt.error().withSide(Side::Target);
            if (Error e = listAll(t, ListQuery{}, tItems, Side::Target))
                return e;
        }
        vf.sourceItems = sItems.size();
        vf.targetItems = tItems.size();
        const QHash<RemoteId, MappedItem> known = m_store ? m_store->items(CollectionPass::stateKey(m.source), 0)
                                                          : QHash<RemoteId, MappedItem>{};
        QSet<RemoteId> targetIds, used;
        for (const ItemMeta &tm : std::as_const(tItems))
            targetIds.insert(tm.id);
        // 1. Same resource name; 2. the name the journal wrote it under.
        QList<const ItemMeta *> open;
        for (const ItemMeta &sm : std::as_const(sItems)) {
            const auto k = known.constFind(sm.id);
            RemoteId where = targetIds.contains(sm.id) && !used.contains(sm.id) ? sm.id : RemoteId();
            if (where.isEmpty() && k != known.cend() && k->isMapped() && targetIds.contains(k->targetId)
                && !used.contains(k->targetId))
                where = k->targetId;
            if (where.isEmpty()) {
                open.append(&sm);
                continue;
            }
            ++vf.matched;
            used.insert(where);
        }
        // 3. The same UID under another name (read from both bodies).
        QHash<RemoteId, QByteArray> sourceUid;
        if (!open.isEmpty() && used.size() < targetIds.size()) {
            QList<RemoteId> sids, tids;
            for (const ItemMeta *sm : std::as_const(open))
                sids.append(sm->id);
            for (const RemoteId &id : std::as_const(targetIds))
                if (!used.contains(id))
                    tids.append(id);
            auto uidOf = [](const ItemMeta &meta, const ItemBody &body) {
                return meta.uid.isEmpty() ? objectUid(body.inMemory() ? body.bytes() : body.readAll()) : meta.uid;
            };
            if (Error e = s.fetchItems(sids, [&](ItemMeta &&meta, ItemBody &&body) -> Error {
                    sourceUid.insert(meta.id, uidOf(meta, body));
                    return {};
                }))
                return e.withSide(Side::Source);
            QHash<QByteArray, RemoteId> targetByUid;
            if (Error e = t.fetchItems(tids, [&](ItemMeta &&meta, ItemBody &&body) -> Error {
                    const QByteArray uid = uidOf(meta, body);
                    if (!uid.isEmpty())
                        targetByUid.insert(uid, meta.id);
                    return {};
                }))
                return e.withSide(Side::Target);
            QList<const ItemMeta *> still;
            for (const ItemMeta *sm : std::as_const(open)) {
                const QByteArray uid = sourceUid.value(sm->id);
                const RemoteId where = uid.isEmpty() ? RemoteId() : targetByUid.value(uid);
                if (!where.isEmpty() && !used.contains(where)) {
                    ++vf.matched;
                    used.insert(where);
                } else {
                    still.append(sm);
                }
            }
            open = still;
        }
        for (const ItemMeta *sm : std::as_const(open)) {
            ++vf.missing;
            const auto k = known.constFind(sm->id);
            VerifyMissing miss;
            miss.dataType = vf.dataType;
            miss.folder = vf.source;
            miss.id = QString::fromUtf8(sm->id);
            miss.uid = QString::fromUtf8(sourceUid.value(sm->id, sm->uid));
            miss.size = sm->size;
            miss.reason = !m.targetExists ? QStringLiteral("the collection %1 does not exist on the target").arg(vf.target)
                                          : reasonFor(k == known.cend() ? nullptr : &*k, false);
            r.missing.append(miss);
        }
        r.folders.append(vf);
    }
    for (const QString &n : s.notices())
        r.notes << QStringLiteral("%1: %2").arg(s.describe(), n);
    s.disconnect();
    t.disconnect();
    return {};
}

} // namespace ferry
