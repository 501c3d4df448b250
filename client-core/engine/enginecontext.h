// What the engine's workers share: options, the state store, progress, the
// cancel/pause switches, and the crash-point hook around every commit.
#pragma once

#include "../state/statestore.h"
#include "migrationoptions.h"
#include "progress.h"

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>

namespace ferry {

class EngineContext {
public:
    EngineContext(const MigrationOptions &options, std::shared_ptr<StateStore> store, ProgressTracker &progress)
        : options(options), store(std::move(store)), progress(progress) {}

    const MigrationOptions &options;
    std::shared_ptr<StateStore> store;
    ProgressTracker &progress;
    quint64 passId = 0;

    std::atomic<bool> cancelled{false};
    std::atomic<bool> stopped{false};   // a fatal error elsewhere, or a simulated crash

    // Runs one state write, honouring the stop hook (a simulated crash before or
    // after the commit). Returns Cancelled-with-"simulated crash" when it fired.
    template<class F>
    Error commit(F &&write)
    {
        if (stopped)
            return crashed();
        if (options.stopHook && options.stopHook(store->commitCount(), true)) {
            stopped = true;
            return crashed();
        }
        Error e = write();
        if (e)
            return e;
        if (options.stopHook && options.stopHook(store->commitCount(), false)) {
            stopped = true;
            return crashed();
        }
        return {};
    }

    // Blocks while paused; returns Cancelled if cancelled or stopped meanwhile.
    Error checkpoint()
    {
        {
            std::unique_lock lock(m_pauseMutex);
            m_pauseCv.wait(lock, [this] { return !m_paused || cancelled || stopped; });
        }
        if (cancelled)
            return Error::make(ErrorCode::Cancelled, QStringLiteral("interrupted"), {},
                               QStringLiteral("run the same command again to continue where it stopped"));
        if (stopped)
            return crashed();
        return {};
    }

    void setPaused(bool paused)
    {
        {
            std::lock_guard lock(m_pauseMutex);
            m_paused = paused;
        }
        m_pauseCv.notify_all();
    }
    void cancel()
    {
        cancelled = true;
        m_pauseCv.notify_all();
    }

    static Error crashed() { return Error::make(ErrorCode::Cancelled, QStringLiteral("stopped")); }

private:
    std::mutex m_pauseMutex;
    std::condition_variable m_pauseCv;
    bool m_paused = false;
};

} // namespace ferry
