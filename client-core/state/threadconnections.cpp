#include "threadconnections.h"

#include <QHash>
#include <QSqlError>

#include <atomic>
#include <mutex>
#include <utility>
#include <vector>

namespace ferry {

struct ThreadConnections::Shared {
    QString path;
    quint64 instance = 0;
    Setup setup;
    mutable std::mutex mutex;
    bool closed = false;
    QHash<quint64, QString> byThread; // thread serial -> connection name
};

namespace {

std::atomic<quint64> g_threadSerials{0};
std::atomic<quint64> g_instances{0};

// Native thread ids are recycled; this serial is not.
quint64 threadSerial()
{
    thread_local const quint64 serial = ++g_threadSerials;
    return serial;
}

// Removes `thread`'s connection from `shared` if it is still registered. Taking
// it out of the map under the mutex makes thread exit and store destruction agree
// on who removes it, exactly once.
void removeConnection(ThreadConnections::Shared &shared, quint64 thread)
{
    QString name;
    {
        std::lock_guard lock(shared.mutex);
        name = shared.byThread.take(thread);
    }
    if (!name.isEmpty())
        QSqlDatabase::removeDatabase(name);
}

// Runs in each thread as it ends (C++ thread_local destructors run before Qt's own
// per-thread cleanup, which uses a pthread key), so the connection is closed by the
// thread that owns it instead of lingering until the store goes away.
struct ThreadExitCleanup {
    std::vector<std::weak_ptr<ThreadConnections::Shared>> stores;

    ~ThreadExitCleanup()
    {
        const quint64 me = threadSerial();
        for (auto &weak : stores) {
            if (auto shared = weak.lock())
                removeConnection(*shared, me);
        }
    }

    void add(const std::shared_ptr<ThreadConnections::Shared> &shared)
    {
        std::erase_if(stores, [](const auto &w) { return w.expired(); });
        stores.push_back(shared);
    }
};

ThreadExitCleanup &threadExitCleanup()
{
    thread_local ThreadExitCleanup cleanup;
    return cleanup;
}

} // namespace

ThreadConnections::ThreadConnections(QString path, Setup setup)
    : m_shared(std::make_shared<Shared>())
{
    m_shared->path = std::move(path);
    m_shared->instance = ++g_instances;
    m_shared->setup = std::move(setup);
}

ThreadConnections::~ThreadConnections()
{
    QHash<quint64, QString> all;
    {
        std::lock_guard lock(m_shared->mutex);
        m_shared->closed = true;
        all.swap(m_shared->byThread);
    }
    // Connections of other threads are closed from here. That is safe because no
    // call is in flight (precondition) and nothing else holds a copy, so removal
    // drops the last reference and closes the SQLite handle; we never call
    // QSqlDatabase::database() for them, which Qt would refuse across threads.
    for (const QString &name : std::as_const(all))
        QSqlDatabase::removeDatabase(name);
}

Result<QSqlDatabase> ThreadConnections::forCurrentThread()
{
    const quint64 me = threadSerial();
    {
        std::lock_guard lock(m_shared->mutex);
        if (m_shared->closed)
            return Error::make(ErrorCode::Internal, QStringLiteral("state store used after it was closed"));
        const auto it = m_shared->byThread.constFind(me);
        if (it != m_shared->byThread.cend())
            return QSqlDatabase::database(*it, false);
    }

    const QString name = QStringLiteral("ferry-state:%1:%2:%3").arg(m_shared->instance).arg(me).arg(m_shared->path);
    Error error;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_shared->path);
        if (!db.open()) {
            error = Error::make(ErrorCode::Internal,
                                QStringLiteral("cannot open the state file %1").arg(m_shared->path),
                                db.lastError().text(),
                                QStringLiteral("check that the directory is writable and the disk not full"));
        } else if (m_shared->setup) {
            error = m_shared->setup(db);
        }
    }
    if (error) {
        QSqlDatabase::removeDatabase(name);
        return error;
    }
    {
        std::lock_guard lock(m_shared->mutex);
        m_shared->byThread.insert(me, name);
    }
    threadExitCleanup().add(m_shared);
    return QSqlDatabase::database(name, false);
}

int ThreadConnections::openCount() const
{
    std::lock_guard lock(m_shared->mutex);
    return int(m_shared->byThread.size());
}

} // namespace ferry
