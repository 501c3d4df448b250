#include "terminal.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

namespace ferry::cli {

bool stderrIsTerminal() { return isatty(STDERR_FILENO); }

bool promptPassword(const QString &prompt, QByteArray &out)
{
    const int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return false;
    const QByteArray p = prompt.toUtf8();
    if (::write(fd, p.constData(), p.size()) < 0) {
        ::close(fd);
        return false;
    }
    termios old{};
    const bool haveTermios = tcgetattr(fd, &old) == 0;
    if (haveTermios) {
        termios noEcho = old;
        noEcho.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(fd, TCSAFLUSH, &noEcho);
    }
    out.clear();
    char ch;
    while (::read(fd, &ch, 1) == 1 && ch != '\n' && ch != '\r')
        out.append(ch);
    if (haveTermios)
        tcsetattr(fd, TCSAFLUSH, &old);
    if (::write(fd, "\n", 1) < 0) {
        // nothing useful to do: the prompt's newline is cosmetic
    }
    ::close(fd);
    return true;
}

QString formatBytes(double bytes)
{
    if (bytes < 1024)
        return QStringLiteral("%1 B").arg(qint64(bytes));
    if (bytes < 1024 * 1024)
        return QStringLiteral("%1 KB").arg(bytes / 1024, 0, 'f', 1);
    if (bytes < 1024.0 * 1024 * 1024)
        return QStringLiteral("%1 MB").arg(bytes / (1024 * 1024), 0, 'f', 1);
    return QStringLiteral("%1 GB").arg(bytes / (1024.0 * 1024 * 1024), 0, 'f', 2);
}

QString formatDuration(double seconds)
{
    if (seconds < 0)
        return QStringLiteral("--:--");
    const qint64 s = qint64(seconds + 0.5);
    if (s >= 3600)
        return QStringLiteral("%1:%2:%3").arg(s / 3600).arg((s / 60) % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

ProgressPrinter::ProgressPrinter(bool json)
    : m_json(json)
    , m_tty(stderrIsTerminal())
{
}

namespace {
const char *kindName(ProgressEvent::Kind k)
{
    switch (k) {
    case ProgressEvent::Kind::Phase: return "phase";
    case ProgressEvent::Kind::Progress: return "progress";
    case ProgressEvent::Kind::FolderStarted: return "folder-started";
    case ProgressEvent::Kind::FolderDone: return "folder-done";
    case ProgressEvent::Kind::Warning: return "warning";
    case ProgressEvent::Kind::Finished: return "finished";
    }
    return "progress";
}
} // namespace

void ProgressPrinter::clearLine()
{
    std::lock_guard lock(m_mutex);
    if (m_lineDirty) {
        std::fputs("\r\033[K", stderr);
        m_lineDirty = false;
    }
}

void ProgressPrinter::operator()(const ProgressEvent &e)
{
    std::lock_guard lock(m_mutex);
    if (m_json) {
        QJsonObject o{
            {QStringLiteral("event"), QString::fromLatin1(kindName(e.kind))},
            {QStringLiteral("phase"), e.phase},
            {QStringLiteral("itemsDone"), qint64(e.itemsDone)},
            {QStringLiteral("itemsTotal"), qint64(e.itemsTotal)},
            {QStringLiteral("bytesDone"), qint64(e.bytesDone)},
            {QStringLiteral("bytesTotal"), qint64(e.bytesTotal)},
            {QStringLiteral("itemsPerSecond"), e.itemsPerSecond},
            {QStringLiteral("bytesPerSecond"), e.bytesPerSecond},
            {QStringLiteral("etaSeconds"), e.etaSeconds},
            {QStringLiteral("elapsedSeconds"), e.elapsedSeconds},
        };
        if (!e.folder.isEmpty()) {
            o.insert(QStringLiteral("folder"), e.folder);
            o.insert(QStringLiteral("folderItemsDone"), qint64(e.folderItemsDone));
            o.insert(QStringLiteral("folderItemsTotal"), qint64(e.folderItemsTotal));
        }
        if (!e.message.isEmpty())
            o.insert(QStringLiteral("message"), e.message);
        const QByteArray line = QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
        std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
        std::fflush(stdout);
        return;
    }
    if (e.kind == ProgressEvent::Kind::Warning) {
        if (m_lineDirty)
            std::fputs("\r\033[K", stderr);
        m_lineDirty = false;
        std::fprintf(stderr, "warning: %s%s%s\n", qPrintable(e.folder), e.folder.isEmpty() ? "" : ": ", qPrintable(e.message));
        return;
    }
    if (!m_tty)
        return; // a log file gets the final report only, not 5 bar updates a second
    if (e.kind == ProgressEvent::Kind::Phase) {
        std::fprintf(stderr, "\r\033[K%s…", qPrintable(e.phase));
        m_lineDirty = true;
        return;
    }
    if (e.kind == ProgressEvent::Kind::Finished) {
        std::fputs("\r\033[K", stderr);
        m_lineDirty = false;
        return;
    }
    const double frac = e.bytesTotal ? double(e.bytesDone) / double(e.bytesTotal)
                        : e.itemsTotal ? double(e.itemsDone) / double(e.itemsTotal) : 0.0;
    constexpr int width = 24;
    const int filled = int(qBound(0.0, frac, 1.0) * width);
    QString bar = QString(filled, QLatin1Char('#')) + QString(width - filled, QLatin1Char('.'));
    QString folder = e.folder;
    if (folder.size() > 28)
        folder = QStringLiteral("…") + folder.right(27);
    std::fprintf(stderr, "\r\033[K[%s] %3d%%  %llu/%llu msgs  %.0f msg/s  %s/s  ETA %s  %s", qPrintable(bar),
                 int(frac * 100), (unsigned long long)e.itemsDone, (unsigned long long)e.itemsTotal, e.itemsPerSecond,
                 qPrintable(formatBytes(e.bytesPerSecond)), qPrintable(formatDuration(e.etaSeconds)),
                 qPrintable(folder));
    m_lineDirty = true;
}

} // namespace ferry::cli
