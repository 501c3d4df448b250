#include "batchprogress.h"

#include <QJsonDocument>

#include <cstdio>
#include <sys/ioctl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace ferry::cli {

namespace {

int terminalWidth()
{
    winsize ws{};
    if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
        return ws.ws_col;
    return 80;
}

void err(const QString &s) { std::fputs(s.toUtf8().constData(), stderr); }

QString outcomeText(const PersonOutcome &o)
{
    QString s = u"exit %1, %2 copied, %3 already there, %4 failed, %5 s"_s.arg(o.exitCode)
                    .arg(o.copied)
                    .arg(o.alreadyThere)
                    .arg(o.failed)
                    .arg(o.seconds, 0, 'f', 1);
    if (!o.reason.isEmpty())
        s += u" — "_s + o.reason;
    return s;
}

} // namespace

BatchProgress::BatchProgress(Mode mode)
    : m_mode(mode)
{
    m_clock.start();
}

QString BatchProgress::lineFor(const QString &person, const ProgressEvent &e) const
{
    const double frac = e.bytesTotal ? double(e.bytesDone) / double(e.bytesTotal)
                        : e.itemsTotal ? double(e.itemsDone) / double(e.itemsTotal) : 0.0;
    constexpr int width = 16;
    const int filled = int(qBound(0.0, frac, 1.0) * width);
    const QString bar = QString(filled, u'#') + QString(width - filled, u'.');
    QString s = u"%1 [%2] %3%  %4/%5  %6"_s.arg(person.left(20).leftJustified(20), bar)
                    .arg(int(frac * 100), 3)
                    .arg(e.itemsDone)
                    .arg(e.itemsTotal)
                    .arg(e.phase);
    if (!e.folder.isEmpty())
        s += u"  "_s + e.folder;
    return s;
}

void BatchProgress::eraseBlockLocked()
{
    if (m_drawn > 0)
        err(u"\033[%1A\r\033[J"_s.arg(m_drawn));
    m_drawn = 0;
}

void BatchProgress::redrawLocked(bool force)
{
    if (m_mode != Mode::Terminal)
        return;
    const qint64 now = m_clock.elapsed();
    if (!force && now - m_lastDraw < 200)
        return;
    m_lastDraw = now;
    const int cols = terminalWidth() - 1; // never wrap: the cursor arithmetic counts lines
    QString block;
    for (const QString &p : std::as_const(m_running)) {
        QString line = lineFor(p, m_last.value(p));
        if (line.size() > cols)
            line = line.left(cols - 1) + u'…';
        block += u"\r\033[K"_s + line + u'\n';
    }
    eraseBlockLocked();
    err(block);
    m_drawn = int(m_running.size());
    std::fflush(stderr);
}

void BatchProgress::writeJsonLocked(QJsonObject o)
{
    const QByteArray line = QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fflush(stdout);
}

void BatchProgress::started(const QString &person, int connections)
{
    std::lock_guard lock(m_mutex);
    switch (m_mode) {
    case Mode::Json:
        writeJsonLocked({{u"event"_s, u"person-started"_s}, {u"person"_s, person}, {u"connections"_s, connections}});
        return;
    case Mode::Log:
        err(u"%1: started (%2 connection%3 per server)\n"_s.arg(person).arg(connections).arg(connections == 1 ? u""_s : u"s"_s));
        return;
    case Mode::Terminal:
        m_running.append(person);
        m_last.insert(person, ProgressEvent{});
        m_last[person].phase = u"starting"_s;
        redrawLocked(true);
        return;
    }
}

void BatchProgress::progress(const QString &person, const ProgressEvent &e)
{
    std::lock_guard lock(m_mutex);
    switch (m_mode) {
    case Mode::Json: {
        QJsonObject o{
            {u"event"_s, e.kind == ProgressEvent::Kind::Warning ? u"warning"_s
                         : e.kind == ProgressEvent::Kind::Phase ? u"phase"_s
                                                                : u"progress"_s},
            {u"person"_s, person},
            {u"phase"_s, e.phase},
            {u"itemsDone"_s, qint64(e.itemsDone)},
            {u"itemsTotal"_s, qint64(e.itemsTotal)},
            {u"bytesDone"_s, qint64(e.bytesDone)},
            {u"bytesTotal"_s, qint64(e.bytesTotal)},
            {u"elapsedSeconds"_s, e.elapsedSeconds},
        };
        if (!e.folder.isEmpty())
            o.insert(u"folder"_s, e.folder);
        if (!e.message.isEmpty())
            o.insert(u"message"_s, e.message);
        writeJsonLocked(o);
        return;
    }
    case Mode::Log:
        if (e.kind == ProgressEvent::Kind::Warning) {
            err(u"%1: warning: %2%3%4\n"_s.arg(person, e.folder, e.folder.isEmpty() ? QString() : u": "_s, e.message));
        } else if (!e.phase.isEmpty() && e.phase != u"done"_s && m_phase.value(person) != e.phase) {
            m_phase.insert(person, e.phase);
            err(u"%1: %2\n"_s.arg(person, e.phase));
        }
        return;
    case Mode::Terminal:
        if (e.kind == ProgressEvent::Kind::Warning) {
            eraseBlockLocked();
            err(u"%1: warning: %2%3%4\n"_s.arg(person, e.folder, e.folder.isEmpty() ? QString() : u": "_s, e.message));
            redrawLocked(true);
            return;
        }
        if (m_running.contains(person))
            m_last.insert(person, e);
        redrawLocked(false);
        return;
    }
}

void BatchProgress::finished(const QString &person, const PersonOutcome &o)
{
    std::lock_guard lock(m_mutex);
    switch (m_mode) {
    case Mode::Json: {
        QJsonObject j = o.toJson();
        j.insert(u"event"_s, u"person-done"_s);
        j.insert(u"person"_s, person);
        writeJsonLocked(j);
        return;
    }
    case Mode::Log:
        err(u"%1: done — %2\n"_s.arg(person, outcomeText(o)));
        return;
    case Mode::Terminal:
        m_running.removeAll(person);
        m_last.remove(person);
        eraseBlockLocked();
        err(u"%1: done — %2\n"_s.arg(person, outcomeText(o)));
        redrawLocked(true);
        return;
    }
}

void BatchProgress::note(const QString &text, const QString &event)
{
    std::lock_guard lock(m_mutex);
    if (m_mode == Mode::Json) {
        writeJsonLocked({{u"event"_s, event}, {u"message"_s, text}});
        return;
    }
    eraseBlockLocked();
    err(u"ferry-cli batch: %1\n"_s.arg(text));
    redrawLocked(true);
}

void BatchProgress::json(const QJsonObject &o)
{
    std::lock_guard lock(m_mutex);
    if (m_mode == Mode::Json)
        writeJsonLocked(o);
}

void BatchProgress::clear()
{
    std::lock_guard lock(m_mutex);
    eraseBlockLocked();
    std::fflush(stderr);
}

} // namespace ferry::cli
