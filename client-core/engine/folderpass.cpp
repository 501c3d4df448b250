#include "folderpass.h"

#include "messagematcher.h"

#include <algorithm>
#include <optional>

namespace ferry {

struct FolderPass::Planned {
    std::optional<FolderRecord> rec;
    FolderState src;
    FolderState tgt;
    bool targetOpen = false;
    bool validityChanged = false;
    bool targetValidityChanged = false;
    QHash<RemoteId, MappedItem> known;
    QList<ItemMeta> candidates;   // unknown to the journal: copy unless already on the target
    QList<ItemMeta> pending;      // in flight when a previous run stopped: resolve on the target
    QList<ItemMeta> retry;        // refused last time: try again
    QList<QPair<MappedItem, QStringList>> flagUpdates; // mapped items whose source flags changed
    QList<ItemMeta> toCopy;
};

namespace {


quint64 uidOf(const RemoteId &id) { return id.toULongLong(); }

MappedItem rowFor(const QString &sname, quint64 svalidity, const QString &tname, quint64 tvalidity,
                  const ItemMeta &m, quint64 passId)
{
    MappedItem r;
    r.sourceFolder = sname;
    r.sourceValidity = svalidity;
    r.sourceId = m.id;
    r.targetFolder = tname;
    r.targetValidity = tvalidity;
    r.messageId = m.messageId;
    r.size = m.size;
    r.internalDate = m.internalDate;
    r.flags = comparableFlags(m.flags);
    r.passId = passId;
    return r;
}

} // namespace

FolderPass::FolderPass(EngineContext &ctx, Connector &source, Connector &target, const FolderMapping &mapping)
    : m_ctx(ctx)
    , m_src(source)
    , m_tgt(target)
    , m_map(mapping)
    , m_sname(mapping.source.ref.display())
    , m_tname(mapping.target.display())
{
    report.source = m_sname;
    report.target = m_tname;
}

// The folder's journal record as this pass sees both sides now.
FolderRecord FolderPass::recordFor(const Planned &p) const
{
    FolderRecord r = p.rec.value_or(FolderRecord{});
    r.sourceFolder = m_sname;
    r.targetFolder = m_tname;
    r.sourceValidity = p.src.validity;
    if (p.targetOpen)
        r.targetValidity = p.tgt.validity;
    return r;
}

Error FolderPass::run()
{
    Planned p;
    if (Error e = plan(p))
        return e;
    if (Error e = matchOnTarget(p))
        return e;
    m_ctx.progress.folderPlanned(m_sname, p.toCopy.size());
    if (Error e = copy(p))
        return e;
    if (Error e = updateFlags(p))
        return e;
    if (m_ctx.options.dryRun)
        return {};

    // High-water marks for the next pass. Taken from EXAMINE, i.e. before listing:
    // anything that arrived meanwhile is listed again next time and found known.
    FolderRecord r = recordFor(p);
    r.sourceNextId = p.src.nextId;
    r.sourceChangeToken = p.src.changeToken;
    r.sourceCount = p.src.count;
    r.dateWindow = m_ctx.options.mailWindow.toString();
    r.outsideWindow = report.outsideWindow;
    // Folders with refused items stay "incomplete" so the next pass retries them.
    r.complete = failures.isEmpty();
    const bool same = p.rec && p.rec->sourceValidity == r.sourceValidity && p.rec->sourceNextId == r.sourceNextId
        && p.rec->sourceChangeToken == r.sourceChangeToken && p.rec->sourceCount == r.sourceCount
        && p.rec->targetValidity == r.targetValidity && p.rec->complete == r.complete
        && p.rec->dateWindow == r.dateWindow && p.rec->outsideWindow == r.outsideWindow;
    if (!same) {
        if (Error e = m_ctx.commit([&] { return m_ctx.store->saveFolder(r); }))
            return e;
    }
    return {};
}

Error FolderPass::plan(Planned &p)
{
    StateStore &store = *m_ctx.store;
    p.rec = store.folder(m_sname);

    auto s = m_src.openFolder(m_map.source.ref, true);
    if (!s.ok()) {
        Error e = s.error().withSide(Side::Source);
        // Listed a moment ago, gone now: deleted or renamed on the old account while
        // Ferry ran. Not an error of this run; say so, and that nothing was touched.
        if (e.code == ErrorCode::NotFound) {
            e.what = QStringLiteral("folder %1 is no longer on the source (deleted or renamed there while Ferry ran?); "
                                    "nothing was copied from it and nothing changed on the target")
                         .arg(m_sname);
            e.hint = QStringLiteral("if it was renamed, the next run copies it under its new name");
        }
        return e;
    }
    p.src = *s;
    report.sourceCount = p.src.count;

    if (m_map.targetExists || !m_ctx.options.dryRun) {
        auto t = m_tgt.openFolder(m_map.target, m_ctx.options.dryRun);
        if (!t.ok())
            return t.error().withSide(Side::Target);
        p.tgt = *t;
        p.targetOpen = true;
    }

    if (p.rec && p.rec->sourceValidity && p.rec->sourceValidity != p.src.validity) {
        p.validityChanged = true;
        warnings << QStringLiteral("%1: the source server renumbered this folder (UIDVALIDITY %2 → %3); "
                                   "its messages are matched on the target again, not copied again")
                        .arg(m_sname).arg(p.rec->sourceValidity).arg(p.src.validity);
        if (!m_ctx.options.dryRun) {
            const quint64 old = p.rec->sourceValidity;
            if (Error e = m_ctx.commit([&] { return store.dropFolderItems(m_sname, old); }))
                return e;
        }
    }
    if (p.targetOpen && p.rec && p.rec->targetValidity && p.rec->targetValidity != p.tgt.validity) {
        // Our target ids are stale: find every message on the target again.
        p.targetValidityChanged = true;
        warnings << QStringLiteral("%1: the target server renumbered this folder (UIDVALIDITY %2 → %3); "
                                   "messages are matched again, missing ones copied")
                        .arg(m_tname).arg(p.rec->targetValidity).arg(p.tgt.validity);
        if (!m_ctx.options.dryRun) {
            const quint64 v = p.src.validity;
            if (Error e = m_ctx.commit([&] { return store.dropFolderItems(m_sname, v); }))
                return e;
        }
    }

    p.known = store.items(m_sname, p.src.validity);
    quint64 mappedBefore = 0, mappedThisPass = 0;
    for (const MappedItem &k : std::as_const(p.known)) {
        if (!k.isMapped())
            continue;
        if (k.passId == m_ctx.passId)
            ++mappedThisPass;
        else
            ++mappedBefore;
    }
    if (!p.validityChanged && mappedBefore + mappedThisPass > 0 && p.src.count == 0) {
        // Acting on it could only be wrong (a server hiding mail for a while, a folder
        // renamed and replaced): stop before anything is written, and say what to do.
        return Error::make(ErrorCode::SourceEmptied,
                           QStringLiteral("source folder %1 held %2 messages and now looks empty; the pass stopped "
                                          "there and nothing was changed on either side (the %2 copies on the target stay)")
                               .arg(m_sname).arg(mappedBefore + mappedThisPass),
                           {}, QStringLiteral("check the folder on the old account. If its messages are only hidden "
                                              "for a while, run again later; if they were moved or deleted there on "
                                              "purpose, leave this folder out of the next run"))
            .onSide(Side::Source);
    }
    report.alreadyThere = mappedBefore;
    report.copied = mappedThisPass; // copied by an earlier attempt of this same pass

    // No Message-IDs in the listings: they only tell apart messages of the same
    // size and arrival date, so matchOnTarget() fetches them for just the source
    // messages that share both with a target message. A header read per message
    // on every listing made a resumed pass re-read ~200 KB per 1000 messages after
    // each lost connection — on a line that drops often, never getting through.

    // Only new UIDs need listing when the last completed pass left nothing behind
    // that this one wants: a widened date window must look at older UIDs again.
    const DateWindow &window = m_ctx.options.mailWindow;
    const bool incremental = p.rec && p.rec->complete && !p.validityChanged && !p.targetValidityChanged
        && m_src.capabilities().changeTokens && p.rec->sourceChangeToken && p.src.changeToken && p.rec->sourceNextId
        && DateWindow::recordedCovers(p.rec->dateWindow, window);
    // Messages this pass leaves on the source for the window (complete, not a delta):
    // an incremental listing adds to what the last pass counted below its UIDNEXT.
    report.outsideWindow = incremental ? p.rec->outsideWindow : 0;

    QList<ItemMeta> listed;
    QList<ItemMeta> flagOnly;
    if (incremental) {
        if (p.src.nextId > p.rec->sourceNextId) {
            ListQuery q;
            q.fromId = p.rec->sourceNextId;
            q.withMessageId = false;
            if (Error e = m_src.listItems(q, [&](ItemMeta &&m) { listed.append(std::move(m)); }))
                return e.withSide(Side::Source);
        }
        if (p.src.changeToken != p.rec->sourceChangeToken) {
            ListQuery q;
            q.flagsOnly = true;
            q.withMessageId = false;
            q.changedSince = p.rec->sourceChangeToken;
            if (Error e = m_src.listItems(q, [&](ItemMeta &&m) { flagOnly.append(std::move(m)); }))
                return e.withSide(Side::Source);
        }
        // Items refused last time are not "new": take them from the journal.
        for (const MappedItem &k : std::as_const(p.known)) {
            if (k.outcome == ItemOutcome::Failed || k.outcome == ItemOutcome::Pending) {
                ItemMeta m;
                m.id = k.sourceId;
                m.messageId = k.messageId;
                m.size = k.size;
                m.internalDate = k.internalDate;
                m.flags = k.flags;
                listed.append(m);
            }
        }
    } else {
        ListQuery q;
        q.withMessageId = false;
        if (Error e = m_src.listItems(q, [&](ItemMeta &&m) { listed.append(std::move(m)); }))
            return e.withSide(Side::Source);
    }

    QSet<RemoteId> seen;
    for (ItemMeta &m : listed) {
        if (seen.contains(m.id))
            continue;
        seen.insert(m.id);
        auto it = p.known.constFind(m.id);
        // In flight (Pending) is resolved whatever its date: it may be on the target.
        const bool wanted = window.contains(m.internalDate);
        if ((it == p.known.cend() || it->outcome == ItemOutcome::Failed) && !wanted)
            ++report.outsideWindow;
        else if (it == p.known.cend())
            p.candidates.append(m);
        else if (it->outcome == ItemOutcome::Pending)
            p.pending.append(m);
        else if (it->outcome == ItemOutcome::Failed)
            p.retry.append(m);
        else if (comparableFlags(m.flags) != it->flags)
            p.flagUpdates.append({*it, comparableFlags(m.flags)});
    }
    for (const ItemMeta &m : std::as_const(flagOnly)) {
        if (seen.contains(m.id))
            continue;
        auto it = p.known.constFind(m.id);
        if (it != p.known.cend() && it->isMapped() && comparableFlags(m.flags) != it->flags)
            p.flagUpdates.append({*it, comparableFlags(m.flags)});
    }
    return {};
}

Error FolderPass::matchOnTarget(Planned &p)
{
    const bool firstTime = !p.rec || p.validityChanged || p.targetValidityChanged;
    quint64 scanFrom = 0;
    if (p.targetOpen && p.tgt.count > 0) {
        if (firstTime)
            scanFrom = 1;
        else if (!p.pending.isEmpty())
            scanFrom = qMax<quint64>(1, p.rec->targetNextBeforePending);
    }
    if (!scanFrom) {
        p.toCopy = p.candidates + p.pending + p.retry;
        return {};
    }

    QList<ItemMeta> targetItems;
    ListQuery q;
    q.fromId = scanFrom;
    if (Error e = m_tgt.listItems(q, [&](ItemMeta &&m) { targetItems.append(std::move(m)); }))
        return e.withSide(Side::Target);
    QSet<RemoteId> mappedTargetIds;
    for (const MappedItem &k : std::as_const(p.known))
        if (k.isMapped() && !k.targetId.isEmpty())
            mappedTargetIds.insert(k.targetId);
    if (Error e = addMessageIds(p, targetItems, mappedTargetIds))
        return e;
    MessageMatcher matcher;
    matcher.addTargetItems(targetItems, mappedTargetIds);

    QHash<QByteArray, int> keyCount;
    for (const ItemMeta &m : std::as_const(p.pending))
        ++keyCount[MessageMatcher::keyOf(m)];
    for (const ItemMeta &m : std::as_const(p.candidates))
        ++keyCount[MessageMatcher::keyOf(m)];

    QList<MappedItem> confirmed;
    QList<ItemMeta> needHash;
    auto resolve = [&](const ItemMeta &m, ItemOutcome outcomeIfFound) {
        const auto match = matcher.find(m, keyCount.value(MessageMatcher::keyOf(m)) == 1);
        if (!match.targetId.isEmpty()) {
            MappedItem r = rowFor(m_sname, p.src.validity, m_tname, p.tgt.validity, m, m_ctx.passId);
            r.targetId = match.targetId;
            r.outcome = outcomeIfFound;
            confirmed.append(r);
            if (outcomeIfFound == ItemOutcome::Matched)
                ++report.alreadyThere;
            else
                ++report.copied;
        } else if (match.needsHashCheck) {
            needHash.append(m);
        } else {
            p.toCopy.append(m);
        }
    };
    // Pending items were sent by us: found means copied (by the run that stopped).
    for (const ItemMeta &m : std::as_const(p.pending))
        resolve(m, ItemOutcome::Copied);
    for (const ItemMeta &m : std::as_const(p.candidates))
        resolve(m, ItemOutcome::Matched);
    // Ambiguous keys are paired by content; what cannot be paired is copied.
    if (!needHash.isEmpty()) {
        if (Error e = confirmByHash(p, needHash, targetItems, mappedTargetIds))
            return e;
    }
    p.toCopy += p.retry;
    if (!confirmed.isEmpty() && !m_ctx.options.dryRun) {
        if (Error e = m_ctx.commit([&] { return m_ctx.store->confirm(confirmed); }))
            return e;
    }
    return {};
}

// The Message-IDs of the source messages that could match a target message: the
// matcher's key is Message-ID, size and arrival date, so only a source message
// whose size and date an unmatched target message shares can match at all. One
// UID FETCH for those (usually a handful: the messages in flight when a run
// stopped) instead of a header read per message in the listing.
Error FolderPass::addMessageIds(Planned &p, const QList<ItemMeta> &targetItems, const QSet<RemoteId> &mappedTargetIds)
{
    QSet<QPair<qint64, qint64>> shapes;
    for (const ItemMeta &t : targetItems)
        if (!mappedTargetIds.contains(t.id))
            shapes.insert({t.size, internalDateToEpoch(t.internalDate)});
    const auto wanted = [&](const ItemMeta &m) {
        return m.messageId.isEmpty() && shapes.contains({m.size, internalDateToEpoch(m.internalDate)});
    };
    QList<RemoteId> ids;
    for (const QList<ItemMeta> *list : {&p.pending, &p.candidates})
        for (const ItemMeta &m : *list)
            if (wanted(m))
                ids.append(m.id);
    if (ids.isEmpty())
        return {};
    ListQuery q;
    q.ids = ids;
    QHash<RemoteId, QByteArray> found;
    if (Error e = m_src.listItems(q, [&](ItemMeta &&m) { found.insert(m.id, std::move(m.messageId)); }))
        return e.withSide(Side::Source);
    for (QList<ItemMeta> *list : {&p.pending, &p.candidates})
        for (ItemMeta &m : *list)
            if (m.messageId.isEmpty())
                m.messageId = found.value(m.id);
    return {};
}

// Messages with no Message-ID, or whose key is shared by several, are paired by
// the SHA-256 of their full bytes. Rare, so simplicity wins over speed here.
// `targetItems` / `mappedTargetIds`: what matchOnTarget() listed and excluded; the
// candidates' possible twins can only be among those.
Error FolderPass::confirmByHash(Planned &p, QList<ItemMeta> &candidates, const QList<ItemMeta> &targetItems,
                                const QSet<RemoteId> &mappedTargetIds)
{
    QHash<RemoteId, QByteArray> srcHash;
    QList<RemoteId> ids;
    for (const ItemMeta &m : std::as_const(candidates))
        ids.append(m.id);
    if (Error e = m_src.fetchItems(ids, [&](ItemMeta &&m, ItemBody &&body) -> Error {
            srcHash.insert(m.id, body.sha256());
            return {};
        }))
        return e.withSide(Side::Source);

    // All listed target messages that share a key with one of the candidates.
    QSet<QByteArray> keys;
    for (const ItemMeta &m : std::as_const(candidates))
        keys.insert(MessageMatcher::keyOf(m));
    QList<RemoteId> tids;
    for (const ItemMeta &t : std::as_const(targetItems))
        if (keys.contains(MessageMatcher::keyOf(t)) && !mappedTargetIds.contains(t.id))
            tids.append(t.id);
    QHash<QByteArray, QList<RemoteId>> byHash;
    if (!tids.isEmpty()) {
        if (Error e = m_tgt.fetchItems(tids, [&](ItemMeta &&m, ItemBody &&body) -> Error {
                byHash[body.sha256()].append(m.id);
                return {};
            }))
            return e.withSide(Side::Target);
    }
    QList<MappedItem> confirmed;
    for (const ItemMeta &m : std::as_const(candidates)) {
        const bool wasPending = p.known.contains(m.id);
        auto it = byHash.find(srcHash.value(m.id));
        if (it != byHash.end() && !it->isEmpty()) {
            MappedItem r = rowFor(m_sname, p.src.validity, m_tname, p.tgt.validity, m, m_ctx.passId);
            r.targetId = it->takeFirst();
            r.outcome = wasPending ? ItemOutcome::Copied : ItemOutcome::Matched;
            confirmed.append(r);
            if (wasPending)
                ++report.copied;
            else
                ++report.alreadyThere;
        } else {
            p.toCopy.append(m);
        }
    }
    candidates.clear();
    if (!confirmed.isEmpty() && !m_ctx.options.dryRun)
        return m_ctx.commit([&] { return m_ctx.store->confirm(confirmed); });
    return {};
}

QStringList FolderPass::targetFlags(const QStringList &flags)
{
    // \Recent is set by the server per session; APPEND must not carry it.
    QStringList out;
    for (const QString &f : flags) {
        if (f.compare(QLatin1String("\\Recent"), Qt::CaseInsensitive) == 0)
            continue;
        out.append(f);
    }
    return out;
}

Error FolderPass::copy(Planned &p)
{
    if (p.toCopy.isEmpty())
        return {};
    std::sort(p.toCopy.begin(), p.toCopy.end(), [](const ItemMeta &a, const ItemMeta &b) { return uidOf(a.id) < uidOf(b.id); });

    // A keyword the target cannot store is reported, never silently dropped.
    if (p.targetOpen && p.tgt.permanentFlagsKnown && !p.tgt.permanentFlags.contains(QLatin1String("\\*"))) {
        QSet<QString> allowed;
        for (const QString &f : std::as_const(p.tgt.permanentFlags))
            allowed.insert(f.toLower());
        for (const ItemMeta &m : std::as_const(p.toCopy)) {
            for (const QString &f : m.flags) {
                if (f.startsWith(QLatin1Char('\\')) || allowed.contains(f.toLower()) || m_warnedKeywords.contains(f))
                    continue;
                m_warnedKeywords.insert(f);
                warnings << QStringLiteral("%1: the target does not accept the keyword %2; messages that carry it "
                                           "are copied and the server decides whether it keeps it")
                                .arg(m_tname, f);
            }
        }
    }

    quint64 bytes = 0;
    for (const ItemMeta &m : std::as_const(p.toCopy))
        bytes += quint64(qMax<qint64>(0, m.size));
    m_ctx.progress.addTotals(0, bytes);
    m_ctx.progress.folderStarted(m_sname, p.toCopy.size());

    if (m_ctx.options.dryRun) {
        report.copied += p.toCopy.size();
        report.bytes += bytes;
        return {};
    }

    FolderRecord r = recordFor(p);
    // Every message this pass appends gets a target UID >= this: a resume only has
    // to look there for pending ones.
    r.targetNextBeforePending = qMax<quint64>(1, p.tgt.nextId);
    r.complete = false;
    if (p.validityChanged || !p.rec) {
        r.sourceNextId = 0;
        r.sourceChangeToken = 0;
    }
    if (Error e = m_ctx.commit([&] { return m_ctx.store->saveFolder(r); }))
        return e;
    p.rec = r;

    // A target folder the server opened READ-ONLY may still take APPEND (RFC 3501
    // ties READ-ONLY to flags and expunges, not to APPEND) or may refuse every
    // message (RFC 4314: no "i" right). One message goes first, alone: if it is
    // refused, the folder is reported once, with the server's words, instead of a
    // refusal per message — and a server that stops reading a refused MULTIAPPEND
    // half way (Dovecot does) is never sent one.
    qsizetype start = 0;
    if (p.targetOpen && p.tgt.readOnly) {
        const qsizetype failedBefore = failures.size();
        if (Error e = copyBatch(p, {p.toCopy.first()}))
            return e;
        start = 1;
        if (failures.size() > failedBefore
            && (failures.last().code == ErrorCode::Rejected || failures.last().code == ErrorCode::ReadOnly)) {
            ItemFailure f = failures.takeLast();
            f.reason = QStringLiteral("the target does not let this account add messages to folder %1 (it opens "
                                      "read-only); its %2 messages were not copied: give this account the right to "
                                      "add messages there, or leave the folder out")
                           .arg(m_tname)
                           .arg(p.toCopy.size());
            f.id.clear();
            f.messageId.clear();
            f.subject.clear();
            f.size = -1;
            f.code = ErrorCode::ReadOnly;
            failures.append(f);
            report.failed += quint64(p.toCopy.size() - 1);
            for (qsizetype i = 1; i < p.toCopy.size(); ++i)
                m_ctx.progress.itemDone(m_sname, 0); // not sent: done for the progress bar
            return {};
        }
    }

    QList<ItemMeta> batch;
    qint64 batchBytes = 0;
    for (qsizetype i = start; i < p.toCopy.size(); ++i) {
        const ItemMeta &m = p.toCopy[i];
        batch.append(m);
        batchBytes += qMax<qint64>(0, m.size);
        if (batch.size() >= m_ctx.options.batchItems || batchBytes >= m_ctx.options.batchBytes) {
            if (Error e = copyBatch(p, batch))
                return e;
            batch.clear();
            batchBytes = 0;
        }
    }
    if (!batch.isEmpty())
        return copyBatch(p, batch);
    return {};
}

Error FolderPass::copyBatch(Planned &p, const QList<ItemMeta> &batch)
{
    if (Error e = m_ctx.checkpoint())
        return e;
    QList<MappedItem> rows;
    QHash<RemoteId, int> indexOf;
    QList<RemoteId> ids;
    rows.reserve(batch.size());
    for (int i = 0; i < batch.size(); ++i) {
        rows.append(rowFor(m_sname, p.src.validity, m_tname, p.tgt.validity, batch[i], m_ctx.passId));
        indexOf.insert(batch[i].id, i);
        ids.append(batch[i].id);
    }
    if (Error e = m_ctx.commit([&] { return m_ctx.store->writePending(rows); }))
        return e;

    // Answers are settled as they arrive and confirmed every `confirmEvery`, while
    // the FETCH keeps streaming: the pipeline never drains inside a batch. Refused
    // rows wait for the end, when their Message-IDs are fetched for the report.
    QList<MappedItem> confirmed;
    QList<MappedItem> refused;
    QList<bool> settled(batch.size(), false); // answered, or given up before sending
    QSet<int> sent;                           // handed to the target (answer may be pending)
    auto failRow = [&](MappedItem row, const Error &error, const QString &fallbackReason) {
        row.outcome = ItemOutcome::Failed;
        row.error = error.toString();
        ++report.failed;
        ItemFailure f;
        f.folder = m_sname;
        f.id = QString::fromLatin1(row.sourceId);
        f.messageId = QString::fromUtf8(row.messageId);
        f.size = row.size;
        f.code = error.code;
        f.reason = error.what.isEmpty() ? fallbackReason : error.what;
        if (!error.hint.isEmpty())
            f.reason += QStringLiteral(": ") + error.hint; // what the person can do about it
        f.serverText = error.serverText;
        failures.append(f);
        refused.append(row);
    };
    Error targetFault;
    Error stop;
    Error commitError;
    bool stoppedForTarget = false;
    auto commitConfirmed = [&] {
        if (confirmed.isEmpty() || commitError)
            return;
        commitError = m_ctx.commit([&] { return m_ctx.store->confirm(confirmed); });
        confirmed.clear();
    };
    auto settle = [&](StoreResult &&r) {
        const int idx = int(r.token);
        settled[idx] = true;
        m_ctx.progress.itemDone(m_sname, quint64(qMax<qint64>(0, batch[idx].size)));
        MappedItem row = rows[idx];
        if (r.error.ok()) {
            row.outcome = ItemOutcome::Copied;
            row.targetId = r.newId;
            if (r.newValidity)
                row.targetValidity = r.newValidity;
            ++report.copied;
            report.bytes += quint64(qMax<qint64>(0, row.size));
            confirmed.append(row);
            if (confirmed.size() >= m_ctx.options.confirmEvery)
                commitConfirmed();
            return;
        }
        if (r.error.isTransient()) {
            if (!targetFault)
                targetFault = r.error;
            return; // may or may not have arrived: stays pending
        }
        if (r.error.code == ErrorCode::Quota && !stop) {
            // A full target refuses every message after this one too: stop here (no
            // attempt per message). Nothing is lost: refused and unsent ones stay in
            // the journal and the next run sends them.
            stop = r.error.withSide(Side::Target);
            stop.hint = QStringLiteral("free space on the target account or raise its quota, then run the same "
                                       "command again: what was copied is kept and nothing is copied twice");
        }
        failRow(row, r.error, QStringLiteral("the target refused the message"));
    };
    // Never sent (the source could not deliver it): failed, so the next pass tries again.
    auto notDelivered = [&](int idx, const Error &why) {
        settled[idx] = true;
        m_ctx.progress.itemDone(m_sname, 0);
        failRow(rows[idx], why, why.what);
    };
    const Error fetchError = m_src.fetchItems(ids, [&](ItemMeta &&meta, ItemBody &&body) -> Error {
        if (Error e = m_ctx.checkpoint())
            return e;
        if (commitError)
            return commitError;
        if (targetFault) {
            stoppedForTarget = true;
            return targetFault; // no point reading more: the target is gone
        }
        if (stop)
            return stop;
        const int idx = indexOf.value(meta.id, -1);
        if (idx < 0 || settled[idx])
            return {};
        if (!meta.unreadable.isEmpty()) {
            notDelivered(idx, Error::make(ErrorCode::Damaged, meta.unreadable).onSide(Side::Source));
            return {};
        }
        StoreRequest req;
        req.token = quint64(idx);
        req.folder = m_map.target;
        req.meta = batch[idx];
        // The fetch's own FLAGS/INTERNALDATE are the freshest.
        if (!meta.internalDate.isEmpty())
            req.meta.internalDate = meta.internalDate;
        if (!meta.flags.isEmpty() || meta.size >= 0)
            req.meta.flags = meta.flags;
        req.meta.flags = targetFlags(req.meta.flags);
        rows[idx].flags = comparableFlags(req.meta.flags);
        req.meta.size = body.size();
        req.body = std::move(body);
        sent.insert(idx);
        m_tgt.storeItem(std::move(req), settle);
        return {};
    });
    const Error flushError = m_tgt.flush();
    // A complete FETCH that left some out: those messages are gone from the source
    // (deleted while the pass ran) or it will not give them; nothing of them was sent.
    if (!fetchError && !flushError && !targetFault && !stop) {
        for (int i = 0; i < batch.size(); ++i) {
            if (!settled[i] && !sent.contains(i))
                notDelivered(i, Error::make(ErrorCode::NotFound,
                                            QStringLiteral("the old server did not deliver this message "
                                                           "(deleted while Ferry ran?)"))
                                    .onSide(Side::Source));
        }
    }
    commitConfirmed();
    // Named before anything else can stop us: a refusal is reported even when the
    // journal may no longer be written (another folder stopped the pass meanwhile).
    nameRefusedItems(refused);
    if (commitError)
        return commitError;
    if (!refused.isEmpty()) {
        if (Error e = m_ctx.commit([&] { return m_ctx.store->confirm(refused); }))
            return e;
    }
    if (fetchError)
        return fetchError.withSide(stoppedForTarget ? Side::Target : Side::Source);
    if (flushError)
        return flushError.withSide(Side::Target);
    if (targetFault)
        return targetFault.withSide(Side::Target);
    return stop;
}

// A refused message must be named in the report. Listings carry no Message-IDs
// (see plan()), so fetch them now for just the refused ones.
void FolderPass::nameRefusedItems(QList<MappedItem> &rows)
{
    QList<RemoteId> ids;
    for (const MappedItem &r : std::as_const(rows))
        if (r.outcome == ItemOutcome::Failed)
            ids.append(r.sourceId);
    if (ids.isEmpty())
        return;
    ListQuery q;
    q.ids = ids;
    q.withSubject = true;
    QHash<RemoteId, ItemMeta> found;
    // Best effort: a failure here only leaves Message-ID and Subject out of the report.
    if (m_src.listItems(q, [&](ItemMeta &&m) { found.insert(m.id, std::move(m)); }))
        return;
    for (MappedItem &r : rows)
        if (r.outcome == ItemOutcome::Failed && r.messageId.isEmpty())
            r.messageId = found.value(r.sourceId).messageId;
    for (ItemFailure &f : failures) {
        if (f.folder != m_sname)
            continue;
        const auto it = found.constFind(f.id.toLatin1());
        if (it == found.cend())
            continue;
        if (f.messageId.isEmpty())
            f.messageId = QString::fromUtf8(it->messageId);
        f.subject = it->subject;
    }
}

Error FolderPass::updateFlags(Planned &p)
{
    if (p.flagUpdates.isEmpty() || !p.targetOpen)
        return {};
    QList<FlagChange> changes;
    QList<QPair<RemoteId, QStringList>> records;
    for (const auto &[row, now] : std::as_const(p.flagUpdates)) {
        if (row.targetId.isEmpty())
            continue; // target gave no UID (no UIDPLUS): cannot address it
        FlagChange c;
        c.id = row.targetId;
        for (const QString &f : now)
            if (!row.flags.contains(f))
                c.add.append(f);
        for (const QString &f : row.flags)
            if (!now.contains(f))
                c.remove.append(f);
        changes.append(c);
        records.append({row.sourceId, now});
    }
    report.flagsUpdated = changes.size();
    if (changes.isEmpty() || m_ctx.options.dryRun)
        return {};
    if (Error e = m_tgt.setFlags(changes))
        return e.withSide(Side::Target);
    return m_ctx.commit([&] { return m_ctx.store->updateFlags(m_sname, p.src.validity, records); });
}

} // namespace ferry
