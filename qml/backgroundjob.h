// Runs blocking core work (logins, listings, discovery) on a worker thread and
// hands the result back on the GUI thread, so the window never freezes. The
// result is delivered through QThread::finished to `receiver`: if the receiver is
// gone by then, Qt drops the connection and nothing runs. BackgroundJobs keeps
// the threads so that its owner can wait for them before it is destroyed.
#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QThread>

#include <functional>
#include <memory>
#include <optional>

namespace ferry::app {

class BackgroundJobs {
public:
    ~BackgroundJobs() { waitAll(); }

    template<class T>
    void run(QObject *receiver, std::function<T()> work, std::function<void(T)> done)
    {
        auto result = std::make_shared<std::optional<T>>();
        QThread *t = QThread::create([work = std::move(work), result] { result->emplace(work()); });
        m_threads.append(t);
        QObject::connect(t, &QThread::finished, receiver, [result, done = std::move(done)] {
            if (result->has_value())
                done(std::move(**result));
        });
        QObject::connect(t, &QThread::finished, t, &QObject::deleteLater);
        t->start();
    }

    void waitAll()
    {
        for (const QPointer<QThread> &t : std::as_const(m_threads))
            if (t)
                t->wait();
        m_threads.clear();
    }

private:
    QList<QPointer<QThread>> m_threads;
};

} // namespace ferry::app
