// Runs one MigrationEngine pass off the GUI thread and turns its progress events
// into properties for the Moving page: an overall bar, one bar per data type, the
// current folder, items/s, MB/s, time left, and a log. Pause/Resume/Cancel go
// straight to the engine (thread-safe there). The engine reports at most every
// 200 ms, so the page updates about five times a second without slowing the copy.
#pragma once

#include "logmodel.h"

#include <engine/migrationengine.h>

#include <QObject>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <memory>
#include <thread>

namespace ferry::app {

class MigrationRunner : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("MigrationRunner belongs to the Wizard")
    Q_PROPERTY(bool running READ running NOTIFY runningChanged)
    Q_PROPERTY(bool paused READ paused NOTIFY progressChanged)
    Q_PROPERTY(bool cancelling READ cancelling NOTIFY progressChanged)
    Q_PROPERTY(double fraction READ fraction NOTIFY progressChanged)
    Q_PROPERTY(QString phaseText READ phaseText NOTIFY progressChanged)
    Q_PROPERTY(QString currentFolder READ currentFolder NOTIFY progressChanged)
    Q_PROPERTY(QString countsText READ countsText NOTIFY progressChanged)
    Q_PROPERTY(QString rateText READ rateText NOTIFY progressChanged)
    Q_PROPERTY(QString etaText READ etaText NOTIFY progressChanged)
    Q_PROPERTY(QVariantList types READ types NOTIFY progressChanged)
    Q_PROPERTY(LogModel *log READ log CONSTANT)
    Q_PROPERTY(int updates READ updates NOTIFY progressChanged)

public:
    explicit MigrationRunner(QObject *parent = nullptr);
    ~MigrationRunner() override;

    // Starts a pass; the state store is opened (created) in `stateDir`.
    void start(const MigrationOptions &options, const QString &stateDir);

    bool running() const { return m_running; }
    bool paused() const { return m_paused; }
    bool cancelling() const { return m_cancelling; }
    double fraction() const;
    QString phaseText() const;
    QString currentFolder() const { return m_last.folder; }
    QString countsText() const;
    QString rateText() const;
    QString etaText() const;
    QVariantList types() const;
    LogModel *log() { return &m_log; }
    int updates() const { return m_updates; }
    const MigrationReport &lastReport() const { return m_report; }
    // Every pass of this pair of accounts so far, the last one included (for the
    // Report page's pass history).
    const QList<PassRecord> &lastPasses() const { return m_passes; }

    Q_INVOKABLE void pause();
    Q_INVOKABLE void resume();
    Q_INVOKABLE void cancel();

    // For --screenshots: show this progress without running anything.
    void showSample(const ProgressEvent &e);

Q_SIGNALS:
    void runningChanged();
    void progressChanged();
    void finished();

private:
    void apply(const ProgressEvent &e);
    void updateFraction();
    void done(const MigrationReport &report, const QList<PassRecord> &passes = {});
    void join();

    std::shared_ptr<MigrationEngine> m_engine;
    std::thread m_thread;
    bool m_running = false;
    bool m_paused = false;
    bool m_cancelling = false;
    ProgressEvent m_last;
    double m_fraction = 0;
    int m_updates = 0;
    LogModel m_log;
    MigrationReport m_report;
    QList<PassRecord> m_passes;
};

} // namespace ferry::app
