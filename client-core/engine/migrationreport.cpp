#include "migrationreport.h"

#include <QJsonArray>

namespace ferry {

namespace {
template<class F>
quint64 sum(const QList<FolderReport> &folders, F f)
{
    quint64 n = 0;
    for (const auto &r : folders)
        n += f(r);
    return n;
}
} // namespace

quint64 MigrationReport::totalCopied() const { return sum(folders, [](const FolderReport &r) { return r.copied; }); }
quint64 MigrationReport::totalAlreadyThere() const { return sum(folders, [](const FolderReport &r) { return r.alreadyThere; }); }
quint64 MigrationReport::totalFailed() const { return sum(folders, [](const FolderReport &r) { return r.failed; }); }
quint64 MigrationReport::totalFlagsUpdated() const { return sum(folders, [](const FolderReport &r) { return r.flagsUpdated; }); }
quint64 MigrationReport::totalBytes() const { return sum(folders, [](const FolderReport &r) { return r.bytes; }); }
quint64 MigrationReport::totalOutsideWindow() const
{
    return sum(folders, [](const FolderReport &r) { return r.outsideWindow; });
}

int exitCodeFor(const Error &e)
{
    switch (e.code) {
    case ErrorCode::None: return 0;
    case ErrorCode::Usage: return 2;
    case ErrorCode::Auth: return 3;
    case ErrorCode::Tls: return 4;
    case ErrorCode::Network: return 5;
    case ErrorCode::Quota:
    case ErrorCode::TooBig: return 6;
    case ErrorCode::Cancelled: return 130;
    case ErrorCode::Rejected:
    case ErrorCode::Protocol:
    case ErrorCode::NotFound:
    case ErrorCode::ReadOnly:
    case ErrorCode::SourceEmptied:
    case ErrorCode::Precondition:
    case ErrorCode::Damaged:
    case ErrorCode::Internal: return 1;
    }
    return 1;
}

int MigrationReport::exitCode() const
{
    if (!fatal.ok())
        return exitCodeFor(fatal);
    if (verify && verify->exitCode() != 0)
        return verify->exitCode();
    return failures.isEmpty() ? 0 : 1;
}

QJsonObject MigrationReport::toJson() const
{
    QJsonObject totals{
        {QStringLiteral("copied"), qint64(totalCopied())},
        {QStringLiteral("alreadyThere"), qint64(totalAlreadyThere())},
        {QStringLiteral("failed"), qint64(totalFailed())},
        {QStringLiteral("flagsUpdated"), qint64(totalFlagsUpdated())},
        {QStringLiteral("bytes"), qint64(totalBytes())},
        {QStringLiteral("outsideWindow"), qint64(totalOutsideWindow())},
    };
    QJsonArray fs;
    for (const auto &f : folders) {
        fs.append(QJsonObject{
            {QStringLiteral("source"), f.source},
            {QStringLiteral("target"), f.target},
            {QStringLiteral("sourceCount"), qint64(f.sourceCount)},
            {QStringLiteral("targetCount"), qint64(f.targetCount)},
            {QStringLiteral("copied"), qint64(f.copied)},
            {QStringLiteral("alreadyThere"), qint64(f.alreadyThere)},
            {QStringLiteral("failed"), qint64(f.failed)},
            {QStringLiteral("flagsUpdated"), qint64(f.flagsUpdated)},
            {QStringLiteral("bytes"), qint64(f.bytes)},
            {QStringLiteral("created"), f.created},
            {QStringLiteral("unchanged"), f.skippedUnchanged},
            {QStringLiteral("dataType"), f.dataType},
            {QStringLiteral("updated"), qint64(f.updated)},
            {QStringLiteral("conflicts"), qint64(f.conflicts)},
            {QStringLiteral("outsideWindow"), qint64(f.outsideWindow)},
            {QStringLiteral("aclEntries"), qint64(f.aclEntries)},
        });
    }
    QJsonArray fails;
    for (const auto &x : failures) {
        fails.append(QJsonObject{
            {QStringLiteral("folder"), x.folder},
            {QStringLiteral("id"), x.id},
            {QStringLiteral("messageId"), x.messageId},
            {QStringLiteral("subject"), x.subject},
            {QStringLiteral("uid"), x.uid},
            {QStringLiteral("dataType"), x.dataType},
            {QStringLiteral("size"), x.size},
            {QStringLiteral("reason"), x.reason},
            {QStringLiteral("serverText"), x.serverText},
            {QStringLiteral("code"), QString::fromLatin1(Error::codeName(x.code))},
        });
    }
    QJsonObject o{
        {QStringLiteral("source"), source},
        {QStringLiteral("target"), target},
        {QStringLiteral("kind"), kind},
        {QStringLiteral("dryRun"), dryRun},
        {QStringLiteral("mailWindow"), mailWindow},
        {QStringLiteral("exitCode"), exitCode()},
        {QStringLiteral("seconds"), seconds},
        {QStringLiteral("pass"), qint64(passId)},
        {QStringLiteral("totals"), totals},
        {QStringLiteral("folders"), fs},
        {QStringLiteral("failures"), fails},
        {QStringLiteral("warnings"), QJsonArray::fromStringList(warnings)},
    };
    if (!fatal.ok()) {
        o.insert(QStringLiteral("error"), fatal.toJson());
    }
    if (verify)
        o.insert(QStringLiteral("verify"), verify->toJson());
    o.insert(QStringLiteral("interruptions"),
             QJsonObject{{QStringLiteral("total"), qint64(interruptions.total())},
                         {QStringLiteral("source"), qint64(interruptions.source)},
                         {QStringLiteral("target"), qint64(interruptions.target)},
                         {QStringLiteral("reconnects"), qint64(interruptions.reconnects)},
                         {QStringLiteral("waitedSeconds"), interruptions.waitedSeconds}});
    return o;
}

} // namespace ferry
