#include "journalsummary.h"

#include "reportscrubber.h"

#include <state/statestore.h>

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QTemporaryDir>

namespace ferry::diagnostics {

namespace {

// Failed items listed per journal at most (the counts are always complete).
constexpr int kMaxFailedItems = 1000;

QString outcomeName(ItemOutcome o)
{
    switch (o) {
    case ItemOutcome::Pending: return QStringLiteral("pending");
    case ItemOutcome::Copied: return QStringLiteral("copied");
    case ItemOutcome::Matched: return QStringLiteral("matched");
    case ItemOutcome::Failed: return QStringLiteral("failed");
    }
    return QStringLiteral("unknown");
}

QString iso(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QString();
}

QJsonObject passJson(const PassRecord &p)
{
    return QJsonObject{
        {QStringLiteral("id"), qint64(p.id)},
        {QStringLiteral("kind"), p.kind},
        {QStringLiteral("started"), iso(p.started)},
        {QStringLiteral("finished"), iso(p.finished)},
        {QStringLiteral("copied"), qint64(p.itemsCopied)},
        {QStringLiteral("matched"), qint64(p.itemsMatched)},
        {QStringLiteral("failed"), qint64(p.itemsFailed)},
        {QStringLiteral("flagsUpdated"), qint64(p.flagsUpdated)},
        {QStringLiteral("bytesCopied"), qint64(p.bytesCopied)},
        {QStringLiteral("outcome"), p.outcome},
    };
}

QJsonObject folderJson(const FolderRecord &f)
{
    return QJsonObject{
        {QStringLiteral("source"), f.sourceFolder},
        {QStringLiteral("target"), f.targetFolder},
        {QStringLiteral("sourceValidity"), QString::number(f.sourceValidity)},
        {QStringLiteral("targetValidity"), QString::number(f.targetValidity)},
        {QStringLiteral("sourceNextId"), QString::number(f.sourceNextId)},
        {QStringLiteral("sourceChangeToken"), QString::number(f.sourceChangeToken)},
        {QStringLiteral("sourceCount"), qint64(f.sourceCount)},
        {QStringLiteral("complete"), f.complete},
        {QStringLiteral("dateWindow"), f.dateWindow},
        {QStringLiteral("outsideWindow"), qint64(f.outsideWindow)},
        {QStringLiteral("hasSyncTokens"), !f.sourceSyncToken.isEmpty() || !f.targetSyncToken.isEmpty()},
    };
}

QJsonObject itemJson(const MappedItem &m)
{
    return QJsonObject{
        {QStringLiteral("folder"), m.sourceFolder},
        {QStringLiteral("sourceId"), QString::fromUtf8(m.sourceId)},
        {QStringLiteral("messageId"), QString::fromUtf8(m.messageId)},
        {QStringLiteral("uid"), QString::fromUtf8(m.uid)},
        {QStringLiteral("size"), m.size},
        {QStringLiteral("targetFolder"), m.targetFolder},
        {QStringLiteral("outcome"), outcomeName(m.outcome)},
        {QStringLiteral("error"), m.error},
        {QStringLiteral("pass"), qint64(m.passId)},
    };
}

} // namespace

Result<QJsonObject> summarizeJournal(const QString &path)
{
    QTemporaryDir tmp;
    if (!tmp.isValid())
        return Error::make(ErrorCode::Internal, QStringLiteral("cannot make a temporary directory"));
    const QString copy = tmp.filePath(QFileInfo(path).fileName());
    if (!QFile::copy(path, copy))
        return Error::make(ErrorCode::Internal, QStringLiteral("cannot read the journal %1").arg(path));
    // The last commits may still be in the write-ahead log.
    for (const char *suffix : {"-wal", "-shm"}) {
        if (QFile::exists(path + QLatin1String(suffix)))
            QFile::copy(path + QLatin1String(suffix), copy + QLatin1String(suffix));
    }
    auto store = StateStore::open(copy);
    if (!store.ok())
        return store.error();
    const StateStore &s = **store;

    QJsonObject out;
    out.insert(QStringLiteral("journal"), QFileInfo(path).fileName());
    out.insert(QStringLiteral("schemaVersion"), s.schemaVersion());
    out.insert(QStringLiteral("source"), withoutUser(s.meta(QStringLiteral("source"))));
    out.insert(QStringLiteral("target"), withoutUser(s.meta(QStringLiteral("target"))));

    QJsonArray passes;
    for (const PassRecord &p : s.passes())
        passes.append(passJson(p));
    out.insert(QStringLiteral("passes"), passes);

    QJsonObject outcomes;
    for (const ItemOutcome o : {ItemOutcome::Pending, ItemOutcome::Copied, ItemOutcome::Matched, ItemOutcome::Failed})
        outcomes.insert(outcomeName(o), qint64(s.countItems(o)));
    out.insert(QStringLiteral("outcomes"), outcomes);

    QJsonArray folders;
    QJsonArray failed;
    int listed = 0;
    for (const FolderRecord &f : s.folders()) {
        QJsonObject fj = folderJson(f);
        const QHash<RemoteId, MappedItem> items = s.items(f.sourceFolder, f.sourceValidity);
        QHash<QString, qint64> counts;
        QList<MappedItem> failures;
        for (const MappedItem &m : items) {
            counts[outcomeName(m.outcome)] += 1;
            if (m.outcome == ItemOutcome::Failed)
                failures.append(m);
        }
        QJsonObject cj;
        for (auto it = counts.cbegin(); it != counts.cend(); ++it)
            cj.insert(it.key(), it.value());
        fj.insert(QStringLiteral("items"), cj);
        folders.append(fj);
        std::sort(failures.begin(), failures.end(),
                  [](const MappedItem &a, const MappedItem &b) { return a.sourceId < b.sourceId; });
        for (const MappedItem &m : std::as_const(failures)) {
            if (listed++ < kMaxFailedItems)
                failed.append(itemJson(m));
        }
    }
    out.insert(QStringLiteral("folders"), folders);
    out.insert(QStringLiteral("failedItems"), failed);
    if (listed > kMaxFailedItems)
        out.insert(QStringLiteral("failedItemsNotListed"), listed - kMaxFailedItems);
    return out;
}

} // namespace ferry::diagnostics
