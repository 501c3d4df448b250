// Terminal I/O for ferry-cli: the no-echo password prompt, and progress output
// (a one-line bar on a terminal's stderr, or one JSON event per line with --json).
#pragma once

#include <engine/progress.h>

#include <QByteArray>
#include <QString>

#include <mutex>

namespace ferry::cli {

bool stderrIsTerminal();
// Reads a line from /dev/tty with echo off. Empty optional-like: returns false
// when there is no terminal to ask.
bool promptPassword(const QString &prompt, QByteArray &out);

class ProgressPrinter {
public:
    explicit ProgressPrinter(bool json);
    void operator()(const ProgressEvent &e);
    void clearLine();

private:
    bool m_json;
    bool m_tty;
    bool m_lineDirty = false;
    std::mutex m_mutex;
};

QString formatBytes(double bytes);
QString formatDuration(double seconds);

} // namespace ferry::cli
