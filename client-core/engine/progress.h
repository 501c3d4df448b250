// Progress of a pass: items and bytes done/total, rate and ETA, overall and for
// the folder a worker is on. Workers report into a ProgressTracker (thread-safe);
// it hands snapshots to one sink (CLI bar, JSON lines, the app), at most every
// `minIntervalMs` unless forced.
#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QMap>
#include <QString>

#include <functional>
#include <mutex>

namespace ferry {

struct ProgressEvent {
    enum class Kind { Phase, Progress, FolderStarted, FolderDone, Warning, Finished };
    Kind kind = Kind::Progress;
    QString phase;          // "connecting", "planning", "copying", "flags", "done"
    QString folder;         // current folder (display form), if any
    QString message;        // warnings / phase text
    quint64 itemsDone = 0;
    quint64 itemsTotal = 0;
    quint64 bytesDone = 0;
    quint64 bytesTotal = 0;
    quint64 folderItemsDone = 0;
    quint64 folderItemsTotal = 0;
    double itemsPerSecond = 0;
    double bytesPerSecond = 0;
    double etaSeconds = -1; // -1 = unknown
    double elapsedSeconds = 0;
    // Items done / to do per data type ("mail", "contacts", "calendar", "tasks"), for
    // one bar each in the app. A type appears once its first folder is planned.
    struct TypeCount {
        quint64 done = 0;
        quint64 total = 0;
    };
    QMap<QString, TypeCount> types;
};

class ProgressTracker {
public:
    using Sink = std::function<void(const ProgressEvent &)>;

    explicit ProgressTracker(Sink sink = {}, int minIntervalMs = 200);

    void setPhase(const QString &phase, const QString &message = {});
    void addTotals(quint64 items, quint64 bytes, const QString &dataType = QStringLiteral("mail"));
    void folderStarted(const QString &folder, quint64 items, const QString &dataType = QStringLiteral("mail"));
    // Mail: before the folders are planned the engine only has a guess of what each
    // will copy (from STATUS); expectFolder() counts it in the totals, and
    // folderPlanned() replaces it with what the folder's pass will really copy (plus
    // what earlier attempts did), so mail already there or outside the date window
    // does not keep the bar short of the end. A total may shrink; done never does.
    void expectFolder(const QString &folder, quint64 items, const QString &dataType = QStringLiteral("mail"));
    void folderPlanned(const QString &folder, quint64 items);
    void itemDone(const QString &folder, quint64 bytes);
    void folderDone(const QString &folder);
    void warning(const QString &folder, const QString &message);
    void finished();

    ProgressEvent snapshot() const;

private:
    void emitLocked(ProgressEvent::Kind kind, bool force, const QString &folder = {}, const QString &message = {});

    mutable std::mutex m_mutex;
    Sink m_sink;
    int m_minIntervalMs;
    QElapsedTimer m_clock;
    qint64 m_lastEmitMs = -1000000;
    ProgressEvent m_state;
    struct FolderCount {
        quint64 done = 0;    // this attempt (the "current folder" display)
        quint64 total = 0;
        QString dataType;
        quint64 doneAll = 0; // over every attempt of this pass
        quint64 counted = 0; // this folder's share of the items total
    };
    QHash<QString, FolderCount> m_folders;
};

} // namespace ferry
