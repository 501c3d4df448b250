#include "trace.h"

#include "tracefile.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QMutexLocker>

#include <atomic>
#include <mutex>

namespace ferry::diagnostics {

namespace {

constexpr qint64 kDefaultMaxFileBytes = 20LL * 1000 * 1000;

struct State {
    QMutex mutex;
    QString dir;             // guarded by mutex
    QElapsedTimer clock;     // started once, never restarted
};

// The lock-free parts live at namespace scope, constant-initialised: inside the
// function-local State, GCC 12 at -O2 warns falsely (stringop-overflow) on their stores.
std::atomic<bool> g_on{false};
std::atomic<qint64> g_maxBytes{kDefaultMaxFileBytes};
std::atomic<quint64> g_counter{0};

State &state()
{
    static State s;
    return s;
}

bool makePrivateDir(const QString &dir, QString *error)
{
    QDir d(dir);
    if (!d.exists() && !QDir().mkpath(dir)) {
        if (error)
            *error = QStringLiteral("cannot create the trace directory %1").arg(dir);
        return false;
    }
    // 0700 even when it existed: traces are private to the user.
    QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return true;
}

bool enableUnchecked(const QString &dir, QString *error)
{
    if (dir.isEmpty()) {
        if (error)
            *error = QStringLiteral("no trace directory given");
        return false;
    }
    if (!makePrivateDir(dir, error))
        return false;
    State &s = state();
    QMutexLocker lock(&s.mutex);
    s.dir = QFileInfo(dir).absoluteFilePath();
    g_on.store(true, std::memory_order_release);
    return true;
}

// The environment is read once, at the first question, so that a process's
// connections agree on whether they trace.
void initOnce()
{
    static std::once_flag once;
    std::call_once(once, [] {
        State &s = state();
        s.clock.start();
        const QString dir = qEnvironmentVariable("FERRY_TRACE_DIR");
        if (!dir.isEmpty())
            enableUnchecked(dir, nullptr); // not Trace::enable(): that would re-enter call_once
    });
}

// Host names become part of a file name: keep [A-Za-z0-9.-], the rest is '_'.
QString safeHost(const QString &host)
{
    QString out;
    out.reserve(qMin<qsizetype>(host.size(), 64));
    for (const QChar c : host.left(64)) {
        const char16_t u = c.unicode();
        const bool keep = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9')
                          || u == u'.' || u == u'-';
        out.append(keep ? c : QLatin1Char('_'));
    }
    return out.isEmpty() ? QStringLiteral("unknown") : out;
}

} // namespace

bool Trace::enabled()
{
    initOnce();
    return g_on.load(std::memory_order_acquire);
}

QString Trace::directory()
{
    initOnce();
    State &s = state();
    QMutexLocker lock(&s.mutex);
    return g_on.load() ? s.dir : QString();
}

bool Trace::enable(const QString &dir, QString *error)
{
    initOnce();
    return enableUnchecked(dir, error);
}

void Trace::disable()
{
    initOnce();
    State &s = state();
    QMutexLocker lock(&s.mutex);
    g_on.store(false, std::memory_order_release);
    s.dir.clear();
}

void Trace::setMaxFileBytes(qint64 bytes)
{
    g_maxBytes.store(qMax<qint64>(1024, bytes));
}

qint64 Trace::maxFileBytes()
{
    return g_maxBytes.load();
}

double Trace::elapsedSeconds()
{
    initOnce();
    return double(state().clock.nsecsElapsed()) / 1e9;
}

std::unique_ptr<TraceFile> Trace::openFile(const QString &kind, const QString &host)
{
    const QString dir = directory();
    if (dir.isEmpty())
        return nullptr;
    const QString stem = kind + QLatin1Char('-') + safeHost(host) + QLatin1Char('-')
                         + QString::number(QCoreApplication::applicationPid()) + QLatin1Char('-');
    // NewOnly: never append to (or follow a link to) a file that is already there.
    for (int attempt = 0; attempt < 100; ++attempt) {
        const quint64 n = ++g_counter;
        auto file = std::make_unique<QFile>(dir + QLatin1Char('/') + stem + QString::number(n)
                                            + QStringLiteral(".log"));
        if (file->open(QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
            auto trace = std::make_unique<TraceFile>(std::move(file), maxFileBytes());
            const QByteArray header = "Ferry protocol trace (" + kind.toUtf8() + ' ' + safeHost(host).toUtf8()
                                      + "), opened " + QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toUtf8()
                                      + "; C = client, S = server, * = note; secrets and content omitted";
            trace->write(TraceFile::Note, header);
            return trace;
        }
        if (!file->exists())
            return nullptr; // cannot write there at all: trace nothing rather than fail
    }
    return nullptr;
}

} // namespace ferry::diagnostics
