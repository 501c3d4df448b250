#include "journalfiles.h"

#include "../connector/itembody.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>

#include <sys/stat.h>

namespace ferry {

namespace {

bool makePrivateDir(const QString &path)
{
    if (!QDir().mkpath(path))
        return false;
    return ::chmod(QFile::encodeName(path).constData(), 0700) == 0;
}

} // namespace

QString defaultStateDirectory()
{
    QString base = qEnvironmentVariable("XDG_STATE_HOME");
    if (base.isEmpty())
        base = QDir::homePath() + QStringLiteral("/.local/state");
    return base + QStringLiteral("/ferry");
}

QString pairJournalPath(const QString &dir, const Endpoint &source, const Endpoint &target)
{
    const QByteArray pairKey = QCryptographicHash::hash((source.display() + QLatin1Char('\n') + target.display()).toUtf8(),
                                                        QCryptographicHash::Sha256).toHex().left(16);
    return QDir(dir).absolutePath() + QLatin1Char('/') + QString::fromLatin1(pairKey) + QStringLiteral(".sqlite");
}

Result<std::shared_ptr<StateStore>> openPairJournal(const QString &dirIn, const Endpoint &source,
                                                    const Endpoint &target, bool dryRun)
{
    const QString dir = QDir(dirIn).absolutePath();
    const QString spoolPath = dir + QStringLiteral("/spool");
    if (!makePrivateDir(dir) || !makePrivateDir(spoolPath))
        return Error::make(ErrorCode::Usage, QStringLiteral("cannot create the state directory %1").arg(dir), {},
                           QStringLiteral("choose another one (ferry-cli: --state DIR)"));
    // Spool files of a run that was killed are garbage now.
    QDir spool(spoolPath);
    for (const QString &f : spool.entryList({QStringLiteral("ferry-spool-*")}, QDir::Files))
        spool.remove(f);
    ItemBody::setSpoolDirectory(spool.absolutePath());

    auto store = StateStore::open(pairJournalPath(dir, source, target));
    if (!store.ok())
        return store.error();
    if (!dryRun) {
        (*store)->setMeta(QStringLiteral("source"), source.display());
        (*store)->setMeta(QStringLiteral("target"), target.display());
    }
    return *store;
}

} // namespace ferry
