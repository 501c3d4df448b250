// Progress of `ferry-cli batch` while people move, in one of three forms:
//   terminal  a block of one line per running person at the bottom of stderr,
//             redrawn in place (at most 5 times a second); a finished person's
//             line moves above the block and stays
//   log       plain lines on stderr when stderr is not a terminal: started,
//             phase changes, warnings, done
//   json      (--json) one JSON object per line on stdout, each with "person"
// Thread-safe: every engine's progress sink calls in from its own thread.
#pragma once

#include "batchsummary.h"

#include <engine/progress.h>

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <mutex>

namespace ferry::cli {

class BatchProgress {
public:
    enum class Mode { Terminal, Log, Json };
    explicit BatchProgress(Mode mode);

    void started(const QString &person, int connections);
    void progress(const QString &person, const ProgressEvent &e);
    void finished(const QString &person, const PersonOutcome &outcome);
    // A line for the person reading along (json: an event of kind `event`).
    void note(const QString &text, const QString &event = QStringLiteral("note"));
    void json(const QJsonObject &o);  // json mode only; ignored otherwise
    void clear();                     // terminal: remove the block before the table

private:
    void redrawLocked(bool force);
    void eraseBlockLocked();
    void writeJsonLocked(QJsonObject o);
    QString lineFor(const QString &person, const ProgressEvent &e) const;

    Mode m_mode;
    std::mutex m_mutex;
    QStringList m_running;                 // in start order
    QHash<QString, ProgressEvent> m_last;  // per running person
    QHash<QString, QString> m_phase;       // last phase logged (log mode)
    int m_drawn = 0;                       // lines of the block on screen
    QElapsedTimer m_clock;
    qint64 m_lastDraw = -1000;
};

} // namespace ferry::cli
