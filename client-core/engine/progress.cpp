#include "progress.h"

#include <algorithm>

namespace ferry {

ProgressTracker::ProgressTracker(Sink sink, int minIntervalMs)
    : m_sink(std::move(sink))
    , m_minIntervalMs(minIntervalMs)
{
    m_clock.start();
}

void ProgressTracker::setPhase(const QString &phase, const QString &message)
{
    std::lock_guard lock(m_mutex);
    m_state.phase = phase;
    emitLocked(ProgressEvent::Kind::Phase, true, {}, message);
}

void ProgressTracker::addTotals(quint64 items, quint64 bytes, const QString &dataType)
{
    std::lock_guard lock(m_mutex);
    m_state.itemsTotal += items;
    m_state.bytesTotal += bytes;
    m_state.types[dataType].total += items;
}

void ProgressTracker::folderStarted(const QString &folder, quint64 items, const QString &dataType)
{
    std::lock_guard lock(m_mutex);
    FolderCount &f = m_folders[folder];
    f.done = 0;
    f.total = items;
    f.dataType = dataType;
    emitLocked(ProgressEvent::Kind::FolderStarted, true, folder);
}

void ProgressTracker::expectFolder(const QString &folder, quint64 items, const QString &dataType)
{
    std::lock_guard lock(m_mutex);
    FolderCount &f = m_folders[folder];
    f.dataType = dataType;
    f.counted += items;
    m_state.itemsTotal += items;
    m_state.types[dataType].total += items;
}

void ProgressTracker::folderPlanned(const QString &folder, quint64 items)
{
    std::lock_guard lock(m_mutex);
    FolderCount &f = m_folders[folder];
    if (f.dataType.isEmpty())
        f.dataType = QStringLiteral("mail");
    const quint64 share = f.doneAll + items;
    ProgressEvent::TypeCount &t = m_state.types[f.dataType];
    m_state.itemsTotal = m_state.itemsTotal - std::min(f.counted, m_state.itemsTotal) + share;
    t.total = t.total - std::min(f.counted, t.total) + share;
    f.counted = share;
}

void ProgressTracker::itemDone(const QString &folder, quint64 bytes)
{
    std::lock_guard lock(m_mutex);
    ++m_state.itemsDone;
    m_state.bytesDone += bytes;
    FolderCount &f = m_folders[folder];
    ++f.done;
    ++f.doneAll;
    ++m_state.types[f.dataType.isEmpty() ? QStringLiteral("mail") : f.dataType].done;
    emitLocked(ProgressEvent::Kind::Progress, false, folder);
}

void ProgressTracker::folderDone(const QString &folder)
{
    std::lock_guard lock(m_mutex);
    emitLocked(ProgressEvent::Kind::FolderDone, true, folder);
}

void ProgressTracker::warning(const QString &folder, const QString &message)
{
    std::lock_guard lock(m_mutex);
    emitLocked(ProgressEvent::Kind::Warning, true, folder, message);
}

void ProgressTracker::finished()
{
    std::lock_guard lock(m_mutex);
    m_state.phase = QStringLiteral("done");
    emitLocked(ProgressEvent::Kind::Finished, true);
}

ProgressEvent ProgressTracker::snapshot() const
{
    std::lock_guard lock(m_mutex);
    return m_state;
}

void ProgressTracker::emitLocked(ProgressEvent::Kind kind, bool force, const QString &folder, const QString &message)
{
    const qint64 now = m_clock.elapsed();
    if (!force && now - m_lastEmitMs < m_minIntervalMs)
        return;
    m_lastEmitMs = now;
    ProgressEvent e = m_state;
    e.kind = kind;
    e.folder = folder;
    e.message = message;
    e.elapsedSeconds = now / 1000.0;
    if (e.elapsedSeconds > 0.2) {
        e.itemsPerSecond = e.itemsDone / e.elapsedSeconds;
        e.bytesPerSecond = e.bytesDone / e.elapsedSeconds;
    }
    // ETA from bytes when known (messages vary 1000x in size), else from items.
    if (e.bytesPerSecond > 0 && e.bytesTotal > e.bytesDone)
        e.etaSeconds = (e.bytesTotal - e.bytesDone) / e.bytesPerSecond;
    else if (e.itemsPerSecond > 0 && e.itemsTotal >= e.itemsDone)
        e.etaSeconds = (e.itemsTotal - e.itemsDone) / e.itemsPerSecond;
    if (!folder.isEmpty()) {
        const FolderCount c = m_folders.value(folder);
        e.folderItemsDone = c.done;
        e.folderItemsTotal = c.total;
    }
    if (m_sink)
        m_sink(e);
}

} // namespace ferry
