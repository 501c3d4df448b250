#include "migrationrunner.h"

#include "selectionmodel.h"

#include <state/journalfiles.h>

#include <QLocale>

using namespace Qt::StringLiterals;

namespace ferry::app {

MigrationRunner::MigrationRunner(QObject *parent)
    : QObject(parent)
    , m_log(this)
{
}

MigrationRunner::~MigrationRunner()
{
    if (m_engine)
        m_engine->cancel();
    join();
}

void MigrationRunner::join()
{
    if (m_thread.joinable())
        m_thread.join();
}

void MigrationRunner::start(const MigrationOptions &options, const QString &stateDir)
{
    if (m_running)
        return;
    join();
    m_last = ProgressEvent{};
    m_fraction = 0;
    m_paused = m_cancelling = false;
    m_updates = 0;
    m_log.clear();
    const Endpoint &src = options.journalSource();
    const Endpoint &tgt = options.journalTarget();
    auto store = openPairJournal(stateDir, src, tgt, options.dryRun);
    if (!store.ok()) {
        MigrationReport r;
        r.fatal = store.error();
        done(r);
        return;
    }
    m_engine = std::make_shared<MigrationEngine>(options, *store);
    // Events arrive on engine threads; they are queued to this object (the thread is
    // joined before this object goes, and Qt drops events of a deleted receiver).
    m_engine->setProgressSink([this](const ProgressEvent &e) {
        QMetaObject::invokeMethod(this, [this, e] { apply(e); }, Qt::QueuedConnection);
    });
    m_running = true;
    Q_EMIT runningChanged();
    m_log.append(tr("Started: %1 → %2").arg(src.display(), tgt.display()));
    std::shared_ptr<MigrationEngine> engine = m_engine;
    std::shared_ptr<StateStore> journal = *store;
    m_thread = std::thread([this, engine, journal] {
        MigrationReport report = engine->run();
        const QList<PassRecord> passes = journal->passes();
        QMetaObject::invokeMethod(this, [this, report, passes] { done(report, passes); }, Qt::QueuedConnection);
    });
    Q_EMIT progressChanged();
}

void MigrationRunner::apply(const ProgressEvent &e)
{
    using K = ProgressEvent::Kind;
    switch (e.kind) {
    case K::Phase:
        m_last.phase = e.phase;
        m_log.append(e.message.isEmpty() ? phaseText() : e.message);
        break;
    case K::FolderStarted:
        m_log.append(tr("%1: %n item(s) to copy", nullptr, int(qMin<quint64>(e.folderItemsTotal, INT_MAX))).arg(e.folder));
        break;
    case K::FolderDone:
        m_log.append(tr("%1: done").arg(e.folder));
        break;
    case K::Warning:
        m_log.append(e.folder.isEmpty() ? e.message : u"%1: %2"_s.arg(e.folder, e.message), true);
        break;
    default:
        break;
    }
    m_last = e;
    updateFraction();
    ++m_updates;
    Q_EMIT progressChanged();
}

void MigrationRunner::done(const MigrationReport &report, const QList<PassRecord> &passes)
{
    join();
    m_engine.reset();
    m_report = report;
    m_passes = passes;
    m_running = false;
    m_paused = m_cancelling = false;
    m_log.append(report.fatal.ok() ? tr("Finished: %1 copied, %2 failed.").arg(report.totalCopied()).arg(report.totalFailed())
                                   : tr("Stopped: %1").arg(report.fatal.toString()),
                 !report.fatal.ok());
    Q_EMIT runningChanged();
    Q_EMIT progressChanged();
    Q_EMIT finished();
}

void MigrationRunner::pause()
{
    if (!m_engine || m_paused)
        return;
    m_engine->setPaused(true);
    m_paused = true;
    m_log.append(tr("Paused. The connections stay open; Resume goes on where it stopped."));
    Q_EMIT progressChanged();
}

void MigrationRunner::resume()
{
    if (!m_engine || !m_paused)
        return;
    m_engine->setPaused(false);
    m_paused = false;
    m_log.append(tr("Resumed."));
    Q_EMIT progressChanged();
}

void MigrationRunner::cancel()
{
    if (!m_engine || m_cancelling)
        return;
    m_cancelling = true;
    if (m_paused)
        m_engine->setPaused(false);
    m_engine->cancel();
    m_log.append(tr("Cancelling: the items in flight are finished and recorded first."));
    Q_EMIT progressChanged();
}

void MigrationRunner::showSample(const ProgressEvent &e)
{
    m_last = e;
    updateFraction();
    m_running = true;
    Q_EMIT runningChanged();
    Q_EMIT progressChanged();
}

double MigrationRunner::fraction() const
{
    return m_fraction;
}

// Items, not bytes: the engine knows every mail folder's item count when planning
// ends but adds a folder's bytes only when that folder starts (and a collection's
// items when it starts), so a byte-based bar would jump back. Never backwards.
void MigrationRunner::updateFraction()
{
    double f = 0;
    if (m_last.phase == u"done"_s)
        f = 1.0;
    else if (m_last.itemsTotal > 0)
        f = qBound(0.0, double(m_last.itemsDone) / double(m_last.itemsTotal), 1.0);
    m_fraction = qMax(m_fraction, f);
}

QString MigrationRunner::phaseText() const
{
    if (m_cancelling)
        return tr("Cancelling …");
    if (m_paused)
        return tr("Paused");
    const QString &p = m_last.phase;
    if (p == u"connecting"_s)
        return tr("Connecting to both servers …");
    if (p == u"planning"_s)
        return tr("Comparing old and new account …");
    if (p == u"copying"_s)
        return tr("Copying");
    if (p == u"flags"_s)
        return tr("Bringing over read/flagged marks …");
    if (p == u"done"_s)
        return tr("Done");
    return m_running ? tr("Starting …") : QString();
}

QString MigrationRunner::countsText() const
{
    return tr("%1 of %2 items, %3 copied")
        .arg(m_last.itemsDone)
        .arg(m_last.itemsTotal)
        .arg(SelectionModel::sizeText(qint64(m_last.bytesDone)));
}

QString MigrationRunner::rateText() const
{
    if (m_last.elapsedSeconds <= 0.2)
        return {};
    return tr("%1 items/s, %2/s")
        .arg(QString::number(m_last.itemsPerSecond, 'f', m_last.itemsPerSecond < 10 ? 1 : 0),
             SelectionModel::sizeText(qint64(m_last.bytesPerSecond)));
}

QString MigrationRunner::etaText() const
{
    if (m_last.etaSeconds < 0 || m_paused)
        return {};
    const qint64 s = qint64(m_last.etaSeconds + 0.5);
    if (s < 60)
        return tr("less than a minute left");
    if (s < 3600)
        return tr("about %n minute(s) left", nullptr, int((s + 30) / 60));
    return tr("about %1 h %2 min left").arg(s / 3600).arg((s % 3600) / 60);
}

QVariantList MigrationRunner::types() const
{
    QVariantList out;
    for (const QString &type : dataTypes()) {
        const auto it = m_last.types.constFind(type);
        if (it == m_last.types.cend())
            continue;
        const double f = it->total > 0 ? double(it->done) / double(it->total) : 1.0;
        out.append(QVariantMap{{u"dataType"_s, type},
                               {u"label"_s, SelectionModel::typeLabel(type)},
                               {u"done"_s, qulonglong(it->done)},
                               {u"total"_s, qulonglong(it->total)},
                               {u"fraction"_s, qBound(0.0, f, 1.0)}});
    }
    return out;
}

} // namespace ferry::app
