// One QSqlDatabase connection per thread for one SQLite file.
//
// Qt requires a QSqlDatabase connection to be used only by the thread that created
// it (QSqlDatabase::database() refuses others), so every thread that touches the
// store gets its own connection, opened lazily on first use and named
// "ferry-state:<instance>:<thread>:<path>". Thread identity is a process-wide serial
// number, never a native thread id: those are reused after a thread ends, and a new
// thread must never be handed a dead thread's connection.
//
// Lifetime: a connection is removed when its thread ends (from that thread, at
// thread exit) or when this object is destroyed, whichever comes first.
// Preconditions: no call on any thread is in flight while this object is destroyed,
// and callers drop every QSqlDatabase/QSqlQuery copy before returning (so that
// removal never finds a connection "still in use").
#pragma once

#include "../error.h"

#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <memory>

namespace ferry {

class ThreadConnections {
public:
    // Runs once on each newly opened connection (PRAGMAs); an error discards it.
    using Setup = std::function<Error(QSqlDatabase &db)>;

    ThreadConnections(QString path, Setup setup);
    ~ThreadConnections();
    ThreadConnections(const ThreadConnections &) = delete;
    ThreadConnections &operator=(const ThreadConnections &) = delete;

    // The calling thread's open connection (opened now if needed).
    Result<QSqlDatabase> forCurrentThread();
    // Number of connections currently open (tests).
    int openCount() const;

    struct Shared;

private:
    std::shared_ptr<Shared> m_shared;
};

} // namespace ferry
