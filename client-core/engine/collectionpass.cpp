#include "collectionpass.h"

#include <QCryptographicHash>
#include <QSet>

namespace ferry {

namespace {

constexpr int kBatchItems = 100;                     // one multiget, then its writes
constexpr qint64 kBatchBytes = 16LL * 1024 * 1024;   // … or this many bytes listed

QByteArray fingerprintOf(const ItemBody &body) { return body.sha256().toHex(); }

// Listed a moment ago, gone now (deleted on the source while Ferry ran, or a 404
// from the server): say so, and that nothing was touched.
Error vanished(Error e, const QString &name)
{
    e = e.withSide(Side::Source);
    if (e.code == ErrorCode::NotFound) {
        e.what = QStringLiteral("collection %1 is no longer on the source (deleted there while Ferry ran?): %2; "
                                "nothing was copied from it and nothing changed on the target")
                     .arg(name, e.what);
        e.hint = QStringLiteral("if it was renamed, the next run copies it under its new name");
    }
    return e;
}

QString bothSidesChanged()
{
    return QStringLiteral("changed on both sides since the last pass; the target's version was kept");
}

} // namespace

QString collectionDataType(const FolderInfo &f)
{
    if (f.kind == ItemKind::Contact)
        return QStringLiteral("contacts");
    if (f.kind == ItemKind::Task
        || (!f.collection.components.isEmpty() && !f.collection.components.contains(QLatin1String("VEVENT"))
            && f.collection.components.contains(QLatin1String("VTODO"))))
        return QStringLiteral("tasks");
    return QStringLiteral("calendar");
}

CollectionPass::CollectionPass(EngineContext &ctx, Connector &source, Connector &target,
                               const CollectionMapping &mapping, ItemTransformer &transformer)
    : m_ctx(ctx), m_src(source), m_tgt(target), m_map(mapping), m_transformer(transformer),
      m_skey(stateKey(mapping.source)), m_tkey(stateKey(mapping.target))
{
    const auto name = [](const FolderInfo &f) {
        return f.collection.displayName.isEmpty() ? f.ref.display() : f.collection.displayName;
    };
    m_name = name(mapping.source);
    report.source = m_name;
    report.target = name(mapping.target);
    report.dataType = collectionDataType(mapping.source);
}

Error CollectionPass::run()
{
    if (!m_map.targetExists) {
        report.created = true;
        if (!m_ctx.options.dryRun) {
            if (Error e = m_tgt.createFolder(m_map.target)) {
                if (e.code == ErrorCode::Rejected || e.code == ErrorCode::NotFound || e.code == ErrorCode::TooBig)
                    return createRefused(e);
                return e.withSide(Side::Target);
            }
            m_map.targetExists = true;
        }
    }

    QList<Work> work;
    QByteArray newToken;
    bool unchanged = false;
    if (Error e = plan(work, newToken, unchanged))
        return e;
    if (unchanged) {
        report.skippedUnchanged = true;
        return {};
    }

    quint64 total = 0;
    for (const Work &w : std::as_const(work))
        total += quint64(qMax<qint64>(0, w.meta.size));
    const QString type = collectionDataType(m_map.source);
    m_ctx.progress.addTotals(work.size(), total, type);
    m_ctx.progress.folderStarted(m_name, work.size(), type);

    if (m_ctx.options.dryRun) {
        for (const Work &w : std::as_const(work))
            (w.wasCopied ? report.updated : report.copied)++;
        m_ctx.progress.folderDone(m_name);
        return {};
    }

    QList<Work> batch;
    qint64 batchBytes = 0;
    for (int i = 0; i < work.size(); ++i) {
        batch.append(work[i]);
        batchBytes += qMax<qint64>(0, work[i].meta.size);
        if (batch.size() >= kBatchItems || batchBytes >= kBatchBytes || i + 1 == work.size()) {
            if (Error e = m_ctx.checkpoint())
                return e;
            if (Error e = copyBatch(std::move(batch)))
                return e;
            batch.clear();
            batchBytes = 0;
        }
    }

    // What this collection has on the target now, as far as the journal knows.
    report.targetCount = report.copied + report.alreadyThere + report.updated + report.conflicts;

    // Record the collection as done at the token taken before listing: anything
    // that changed since is listed again next time. Items that failed stay Failed
    // in the journal and are retried by the next pass whatever the token says.
    FolderRecord r;
    r.sourceFolder = m_skey;
    r.targetFolder = m_tkey;
    r.sourceSyncToken = newToken;
    r.complete = true;
    if (Error e = m_ctx.commit([&] { return m_ctx.store->saveFolder(r); }))
        return e;
    m_ctx.progress.folderDone(m_name);
    return {};
}

// The target would not make the collection: one line for it, with how many items
// stay behind (counted on the source, best effort) and the server's words.
Error CollectionPass::createRefused(const Error &e)
{
    Error out = e.withSide(Side::Target);
    QString items = QStringLiteral("its items were not copied");
    if (m_src.openFolder(m_map.source.ref, true).ok()) {
        quint64 n = 0;
        if (!m_src.listItems(ListQuery{}, [&n](ItemMeta &&) { ++n; }))
            items = QStringLiteral("its %1 items were not copied").arg(n);
    }
    out.what = QStringLiteral("the target refused to create %1 (%2); %3").arg(report.target, e.what, items);
    if (out.hint.isEmpty())
        out.hint = QStringLiteral("create it on the target yourself (or give this account the right to), then run again");
    report.created = false;
    return out;
}

Error CollectionPass::plan(QList<Work> &work, QByteArray &newToken, bool &unchanged)
{
    auto s = m_src.openFolder(m_map.source.ref, true);
    if (!s.ok())
        return vanished(s.error(), m_name);
    newToken = s->syncToken;

    const std::optional<FolderRecord> rec = m_ctx.store->folder(m_skey);
    m_rows = m_ctx.store->items(m_skey, 0);
    bool unresolved = false;
    quint64 mapped = 0;
    for (const MappedItem &row : std::as_const(m_rows)) {
        if (row.outcome == ItemOutcome::Pending || row.outcome == ItemOutcome::Failed)
            unresolved = true;
        else
            ++mapped;
    }
    if (rec && rec->complete && m_map.targetExists && !unresolved && !newToken.isEmpty()
        && rec->sourceSyncToken == newToken) {
        unchanged = true;
        report.sourceCount = mapped;
        report.targetCount = mapped;
        report.alreadyThere = mapped;
        return {};
    }

    // Listing: changes since the last token where the server can, else everything.
    QList<ItemMeta> listed;
    const auto keep = [&listed](ItemMeta &&m) { listed.append(std::move(m)); };
    bool full = true;
    if (rec && !rec->sourceSyncToken.isEmpty() && m_src.capabilities().syncCollection) {
        auto r = m_src.listChanges(rec->sourceSyncToken, keep);
        if (r.ok()) {
            full = false;
            if (!r->isEmpty())
                newToken = *r;
        } else if (r.error().code != ErrorCode::Precondition) {
            return vanished(r.error(), m_name);
        } else {
            listed.clear(); // the server forgot that token: list everything
        }
    }
    if (full) {
        if (Error e = m_src.listItems(ListQuery{}, keep))
            return vanished(e, m_name);
        if (listed.isEmpty() && mapped > 0)
            return Error::make(ErrorCode::SourceEmptied,
                               QStringLiteral("the source collection %1 held %2 item(s) and now lists none; the pass "
                                              "stopped there and nothing was changed on either side (the copies on "
                                              "the target stay)")
                                   .arg(m_name).arg(mapped),
                               {}, QStringLiteral("check it on the old account. If its items are only hidden for a "
                                                  "while, run again later; if they were moved or deleted there on "
                                                  "purpose, leave this collection out of the next run"))
                .onSide(Side::Source);
    }

    // What the listing does not show but the journal still owes: items in flight
    // when a run stopped, and items that failed last time.
    QSet<RemoteId> seen;
    for (const ItemMeta &m : std::as_const(listed))
        seen.insert(m.id);
    if (!full) {
        for (const MappedItem &row : std::as_const(m_rows)) {
            if ((row.outcome == ItemOutcome::Pending || row.outcome == ItemOutcome::Failed) && !seen.contains(row.sourceId)) {
                ItemMeta m;
                m.id = row.sourceId;
                m.etag = row.sourceEtag;
                m.size = row.size;
                listed.append(m);
            }
        }
    }

    // The target's etags, needed only to tell whether an item we copied earlier
    // was changed there since.
    QHash<RemoteId, QByteArray> targetEtags;
    bool targetListed = false;
    const auto listTarget = [&]() -> Error {
        if (targetListed || !m_map.targetExists)
            return {};
        targetListed = true;
        auto t = m_tgt.openFolder(m_map.target.ref, false);
        if (!t.ok())
            return t.error().withSide(Side::Target);
        return m_tgt.listItems(ListQuery{}, [&](ItemMeta &&m) { targetEtags.insert(m.id, m.etag); })
            .withSide(Side::Target);
    };

    quint64 sourceCount = full ? quint64(listed.size()) : mapped;
    for (ItemMeta &m : listed) {
        const auto it = m_rows.constFind(m.id);
        Work w;
        w.meta = m;
        w.targetId = m.id;
        if (it == m_rows.constEnd()) {
            if (!full)
                ++sourceCount;
            work.append(w);
            continue;
        }
        const MappedItem &row = *it;
        if (!row.targetId.isEmpty())
            w.targetId = row.targetId;
        const bool copiedBefore = !row.targetEtag.isEmpty() || row.outcome == ItemOutcome::Copied
                                  || row.outcome == ItemOutcome::Matched;
        if (row.isMapped() && row.sourceEtag == m.etag
            && !m.etag.isEmpty()) {
            ++report.alreadyThere;
            continue;
        }
        if (copiedBefore) {
            if (Error e = listTarget())
                return e;
            const auto cur = targetEtags.constFind(w.targetId);
            if (cur == targetEtags.constEnd()) {
                // Our copy is gone from the target (deleted there): write it anew.
                warnings << QStringLiteral("%1: %2 was removed from the target since the last pass; it is copied again")
                                .arg(m_name, QString::fromUtf8(m.id));
            } else {
                w.mode = Mode::Update;
                // The etag the target gave for our write. A server that did not
                // return one leaves us only today's: then a change made on the
                // target since cannot be told apart and is overwritten (said in
                // the header of this pass's report as a warning).
                w.ifMatch = row.targetEtag.isEmpty() ? cur.value() : row.targetEtag;
                if (row.targetEtag.isEmpty())
                    warnings << QStringLiteral("%1: %2: the target did not say which version it stored last time; "
                                               "a change made there since would be replaced")
                                    .arg(m_name, QString::fromUtf8(m.id));
                w.wasCopied = true;
            }
        }
        work.append(w);
    }
    report.sourceCount = sourceCount;
    return {};
}

MappedItem CollectionPass::rowFor(const Ready &r) const
{
    MappedItem row;
    row.sourceFolder = m_skey;
    row.sourceId = r.work.meta.id;
    row.targetFolder = m_tkey;
    row.targetId = r.work.targetId;
    row.size = r.body.size();
    row.sourceEtag = r.work.meta.etag;
    row.targetEtag = r.work.ifMatch;   // while pending: the etag an update is conditional on
    row.uid = r.work.meta.uid;
    row.fingerprint = r.fingerprint;
    row.passId = m_ctx.passId;
    row.outcome = ItemOutcome::Pending;
    return row;
}

void CollectionPass::fail(MappedItem &row, const Work &w, const Error &e, const QString &reason)
{
    row.outcome = ItemOutcome::Failed;
    row.error = e.serverText.isEmpty() ? e.what : e.serverText;
    ItemFailure f;
    f.folder = m_name;
    f.id = QString::fromUtf8(w.meta.id);
    f.uid = QString::fromUtf8(w.meta.uid);
    f.dataType = report.dataType;
    f.subject = w.meta.subject;
    f.size = row.size;
    f.reason = reason;
    f.serverText = e.serverText;
    f.code = e.code;
    failures.append(f);
    ++report.failed;
}

Error CollectionPass::copyBatch(QList<Work> batch)
{
    QHash<RemoteId, int> index;
    QList<RemoteId> ids;
    for (int i = 0; i < batch.size(); ++i) {
        index.insert(batch[i].meta.id, i);
        ids.append(batch[i].meta.id);
    }

    // Read and prepare (SCHEDULE-AGENT, address mapping, version conversion).
    std::vector<Ready> ready;
    QList<MappedItem> unreadable;
    Error fetchError = m_src.fetchItems(ids, [&](ItemMeta &&meta, ItemBody &&body) -> Error {
        const auto it = index.constFind(meta.id);
        if (it == index.constEnd())
            return {};
        Work w = batch[*it];
        w.meta.etag = meta.etag.isEmpty() ? w.meta.etag : meta.etag;
        w.meta.size = body.size();
        w.meta.contentType = meta.contentType;
        if (!meta.uid.isEmpty())
            w.meta.uid = meta.uid;
        TransformResult t;
        if (!meta.unreadable.isEmpty())
            t.error = Error::make(ErrorCode::Damaged, meta.unreadable).onSide(Side::Source);
        else
            t = m_transformer.prepare(m_map.target, w.meta, std::move(body));
        for (const QString &issue : std::as_const(t.issues))
            warnings << QStringLiteral("%1: %2: %3").arg(m_name, QString::fromUtf8(w.meta.id), issue);
        if (t.error) {
            MappedItem row;
            row.sourceFolder = m_skey;
            row.sourceId = w.meta.id;
            row.targetFolder = m_tkey;
            row.sourceEtag = w.meta.etag;
            row.uid = w.meta.uid;
            row.size = w.meta.size;
            row.passId = m_ctx.passId;
            fail(row, w, t.error, t.error.what);
            unreadable.append(row);
            return {};
        }
        Ready r;
        r.fingerprint = fingerprintOf(t.body);
        r.body = std::move(t.body);
        r.work = std::move(w);
        ready.push_back(std::move(r));
        return {};
    });
    if (fetchError)
        return fetchError.withSide(Side::Source);
    if (!unreadable.isEmpty())
        if (Error e = m_ctx.commit([&] { return m_ctx.store->confirm(unreadable); }))
            return e;
    if (ready.empty())
        return {};

    // Journal first, then write.
    QList<MappedItem> rows;
    for (const Ready &r : std::as_const(ready))
        rows.append(rowFor(r));
    if (Error e = m_ctx.commit([&] { return m_ctx.store->writePending(rows); }))
        return e;

    QList<StoreResult> results;
    if (Error e = send(ready, results)) {
        // The connection failed part way: what the server did answer with success
        // is confirmed now, so that a line that drops every few kilobytes still
        // moves forward; the other rows stay pending and the next attempt resolves
        // them by their conditions.
        QList<MappedItem> through;
        for (int i = 0; i < int(ready.size()); ++i) {
            const StoreResult &res = results[i];
            if (!res.error.ok() || res.token != quint64(i))
                continue;
            MappedItem row = rows[i];
            row.outcome = ItemOutcome::Copied;
            row.targetEtag = res.newEtag;
            if (!res.newId.isEmpty())
                row.targetId = res.newId;
            (ready[i].work.wasCopied ? report.updated : report.copied)++;
            report.bytes += quint64(ready[i].body.size());
            m_ctx.progress.itemDone(m_name, quint64(qMax<qint64>(0, ready[i].body.size())));
            through.append(row);
        }
        if (!through.isEmpty())
            if (Error c = m_ctx.commit([&] { return m_ctx.store->confirm(through); }))
                return c;
        return e;
    }

    // What the target holds where a condition failed: read in one go. An item
    // whose UID the target holds under another name the server did not tell needs
    // the whole collection read (rare: items copied there by hand or another tool).
    TargetCopies found;
    QList<RemoteId> lost;
    bool searchUids = false;
    for (int i = 0; i < int(ready.size()); ++i) {
        const StoreResult &res = results[i];
        if (res.error.code != ErrorCode::Precondition)
            continue;
        if (res.uidConflict && res.existingId.isEmpty())
            searchUids = true;
        else
            lost.append(res.uidConflict ? res.existingId : rows[i].targetId);
    }
    if (searchUids) {
        if (Error e = readWholeTarget(found))
            return e;
    } else if (!lost.isEmpty()) {
        if (Error e = readTarget(lost, found))
            return e;
    }

    QList<MappedItem> confirmed;
    Error full; // the target ran out of room (HTTP 507)
    for (int i = 0; i < int(ready.size()); ++i) {
        Ready &r = ready[i];
        MappedItem row = rows[i];
        const StoreResult &res = results[i];
        if (res.error.ok()) {
            row.outcome = ItemOutcome::Copied;
            row.targetEtag = res.newEtag;
            if (!res.newId.isEmpty())
                row.targetId = res.newId;
            (r.work.wasCopied ? report.updated : report.copied)++;
            report.bytes += quint64(r.body.size());
        } else if (res.error.code == ErrorCode::Precondition) {
            resolvePrecondition(r, row, res, found);
        } else if (res.error.code == ErrorCode::Rejected || res.error.code == ErrorCode::TooBig) {
            // Retry once with what the target cannot hold kept in the notes.
            std::optional<TransformResult> again = m_transformer.fallback(m_map.target, r.work.meta, r.body, res.error);
            if (!again || again->error) {
                fail(row, r.work, res.error, QStringLiteral("the target refused it"));
            } else {
                std::vector<Ready> retry;
                Ready x;
                x.work = r.work;
                x.body = std::move(again->body);
                x.fingerprint = fingerprintOf(x.body);
                retry.push_back(std::move(x));
                row.fingerprint = retry[0].fingerprint;
                if (Error e = m_ctx.commit([&] { return m_ctx.store->writePending({row}); }))
                    return e;
                QList<StoreResult> second;
                if (Error e = send(retry, second))
                    return e;
                if (second[0].error.ok()) {
                    row.outcome = ItemOutcome::Copied;
                    row.targetEtag = second[0].newEtag;
                    (r.work.wasCopied ? report.updated : report.copied)++;
                    report.bytes += quint64(retry[0].body.size());
                    warnings << QStringLiteral("%1: %2: the target refused it as it was (%3); copied after this "
                                               "change: %4")
                                    .arg(m_name, QString::fromUtf8(r.work.meta.id),
                                         res.error.serverText.isEmpty() ? res.error.what : res.error.serverText,
                                         again->changes.isEmpty() ? QStringLiteral("properties kept in its notes")
                                                                  : again->changes.join(QStringLiteral(", ")));
                } else {
                    fail(row, r.work, second[0].error,
                         QStringLiteral("the target refused it, also with the properties it cannot hold moved into "
                                        "the notes (first answer: %1)")
                             .arg(res.error.serverText.isEmpty() ? res.error.what : res.error.serverText));
                }
            }
        } else if (res.error.code == ErrorCode::Quota) {
            // Stops the pass once this batch is recorded; the item is retried next time.
            // Named like any refusal: nothing the server turned away goes unsaid.
            if (full.ok())
                full = res.error.withSide(Side::Target);
            fail(row, r.work, res.error,
                 res.error.what + QStringLiteral(" — it is sent again by the next run, once there is room"));
        } else {
            fail(row, r.work, res.error, QStringLiteral("the target refused it"));
        }
        confirmed.append(row);
        m_ctx.progress.itemDone(m_name, quint64(qMax<qint64>(0, r.body.size())));
    }
    if (Error e = m_ctx.commit([&] { return m_ctx.store->confirm(confirmed); }))
        return e;
    return full;
}

Error CollectionPass::send(std::vector<Ready> &ready, QList<StoreResult> &results)
{
    results.clear();
    results.resize(qsizetype(ready.size()));
    for (StoreResult &r : results)
        r.token = ~quint64(0); // "no answer": a delivered result carries its index
    for (int i = 0; i < int(ready.size()); ++i) {
        StoreRequest req;
        req.token = quint64(i);
        req.folder = m_map.target.ref;
        req.meta = ready[i].work.meta;
        req.meta.id = ready[i].work.targetId;
        req.ifMatch = ready[i].work.mode == Mode::Update ? ready[i].work.ifMatch : QByteArray();
        // Written from a second handle so the prepared bytes stay for a fallback
        // retry (in memory: shared, not copied; contacts and events are small).
        ItemBody copy;
        if (ready[i].body.inMemory())
            copy = ItemBody::fromBytes(ready[i].body.bytes());
        else
            copy = ItemBody::fromBytes(ready[i].body.readAll());
        req.body = std::move(copy);
        m_tgt.storeItem(std::move(req), [&results](StoreResult &&r) {
            if (r.token < quint64(results.size()))
                results[int(r.token)] = std::move(r);
        });
    }
    if (Error e = m_tgt.flush())
        return e.withSide(Side::Target);
    for (StoreResult &r : results) {
        if (r.error.code == ErrorCode::Network || r.error.code == ErrorCode::Auth || r.error.code == ErrorCode::Tls)
            return r.error.withSide(Side::Target);
    }
    return {};
}

Error CollectionPass::readTarget(const QList<RemoteId> &ids, TargetCopies &out)
{
    if (Error e = m_tgt.openFolder(m_map.target.ref, false).error().withSide(Side::Target))
        return e;
    return m_tgt.fetchItems(ids, [&](ItemMeta &&meta, ItemBody &&body) -> Error {
        TargetCopy copy{meta.id, meta.etag, body.inMemory() ? body.bytes() : body.readAll()};
        const QByteArray uid = meta.uid.isEmpty() ? objectUid(copy.bytes) : meta.uid;
        if (!uid.isEmpty())
            out.idByUid.insert(uid, meta.id);
        out.byId.insert(meta.id, std::move(copy));
        return {};
    }).withSide(Side::Target);
}

Error CollectionPass::readWholeTarget(TargetCopies &out)
{
    if (Error e = m_tgt.openFolder(m_map.target.ref, false).error().withSide(Side::Target))
        return e;
    QList<RemoteId> ids;
    if (Error e = m_tgt.listItems(ListQuery{}, [&ids](ItemMeta &&m) { ids.append(m.id); }))
        return e.withSide(Side::Target);
    return readTarget(ids, out);
}

// The condition of a write failed: compare with what the target holds under that
// name (or, for a UID conflict, under the name that has the UID).
void CollectionPass::resolvePrecondition(Ready &r, MappedItem &row, const StoreResult &res, const TargetCopies &found)
{
    RemoteId where = row.targetId;
    if (res.uidConflict)
        where = !res.existingId.isEmpty() ? res.existingId : found.idByUid.value(r.work.meta.uid);
    const auto it = found.byId.constFind(where);
    const bool same = it != found.byId.constEnd()
        && (QCryptographicHash::hash(it->bytes, QCryptographicHash::Sha256).toHex() == r.fingerprint
            || m_transformer.sameContent(r.body.inMemory() ? r.body.bytes() : r.body.readAll(), it->bytes));
    if (same) {
        // Ours: written by an earlier run that stopped before recording it, or by hand.
        row.outcome = r.work.wasCopied ? ItemOutcome::Copied : ItemOutcome::Matched;
        row.targetId = it->id;
        row.targetEtag = it->etag;
        (r.work.wasCopied ? report.updated : report.alreadyThere)++;
        return;
    }
    const Error conflict = Error::make(
        ErrorCode::Precondition,
        r.work.wasCopied ? bothSidesChanged()
        : res.uidConflict
            ? QStringLiteral("the target already holds another version of this item (same UID)%1; it was kept")
                  .arg(where.isEmpty() ? QString() : QStringLiteral(" as %1").arg(QString::fromUtf8(where)))
            : QStringLiteral("the target already holds a different item under this name; it was kept"),
        res.error.serverText);
    if (r.work.wasCopied) {
        ++report.conflicts;
        // Keep the etag the update was conditional on: the next pass tries again
        // against it and reports the conflict again until someone resolves it.
        row.targetEtag = r.work.ifMatch;
    }
    fail(row, r.work, conflict, conflict.what);
}

} // namespace ferry
