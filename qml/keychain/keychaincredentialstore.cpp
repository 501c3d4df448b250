#include "keychaincredentialstore.h"

#include <qt6keychain/keychain.h>

#include <QDBusConnection>
#include <QTimer>

#include <algorithm>

namespace ferry {

struct KeychainCredentialStore::Pending {
    bool answered = false;
    QTimer *timer = nullptr;                   // child of the store
    std::function<void(const Error &)> fail;   // answers with an error (timeout, cancel)
};

namespace {

Error invalidKey()
{
    return Error::make(ErrorCode::Usage, QStringLiteral("a saved password needs a protocol and a server name"));
}

// On Linux every backend QtKeychain has (Secret Service, KWallet, GNOME Keyring)
// is reached over the D-Bus session bus. Without one — a headless machine, a
// kiosk, CI — there is no keychain, and asking QtKeychain would only produce a
// vaguer error later.
bool sessionBusMissing()
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN) && !defined(Q_OS_ANDROID)
    return !QDBusConnection::sessionBus().isConnected();
#else
    return false;
#endif
}

} // namespace

KeychainCredentialStore::KeychainCredentialStore(QObject *parent) : QObject(parent) {}

KeychainCredentialStore::~KeychainCredentialStore()
{
    // Jobs still running finish on their own (QtKeychain deletes them); their
    // connections to us die with this object. Our callers get an answer now.
    const auto pending = std::exchange(m_pending, {});
    for (const std::shared_ptr<Pending> &p : pending) {
        if (p->answered)
            continue;
        p->answered = true;
        p->fail(Error::make(ErrorCode::Cancelled, QStringLiteral("the system keychain request was cancelled")));
    }
}

QString KeychainCredentialStore::serviceName()
{
    return QStringLiteral("Ferry");
}

QString KeychainCredentialStore::name() const
{
    return QStringLiteral("system keychain");
}

Error KeychainCredentialStore::unavailable(const QString &detail) const
{
    return Error::make(ErrorCode::Internal,
                       QStringLiteral("no system keychain available: passwords are kept in memory for this session"),
                       detail,
                       QStringLiteral("to remember passwords, install and unlock a keychain (GNOME Keyring, KWallet "
                                      "or another Secret Service provider)"));
}

void KeychainCredentialStore::answerLater(std::function<void()> answer)
{
    QMetaObject::invokeMethod(this, std::move(answer), Qt::QueuedConnection);
}

void KeychainCredentialStore::run(QKeychain::Job *job, const QString &id, Finish finish)
{
    auto p = std::make_shared<Pending>();
    p->fail = [finish](const Error &e) { finish(nullptr, e); };
    p->timer = new QTimer(this);
    p->timer->setSingleShot(true);
    m_pending.push_back(p);

    // Whichever comes first — the job's answer or the deadline — settles the call.
    const auto settle = [this, p] {
        if (p->answered)
            return false;
        p->answered = true;
        p->timer->stop();
        p->timer->deleteLater();
        m_pending.erase(std::remove(m_pending.begin(), m_pending.end(), p), m_pending.end());
        return true;
    };
    connect(p->timer, &QTimer::timeout, this, [this, p, settle] {
        if (!settle())
            return;
        m_available = false;
        m_unavailableDetail = QStringLiteral("the keychain did not answer within %1 s").arg(m_timeoutMs / 1000.0);
        p->fail(unavailable(m_unavailableDetail));
    });
    connect(job, &QKeychain::Job::finished, this, [this, finish, settle](QKeychain::Job *j) {
        if (!settle())
            return; // answered by the timeout already
        Error e;
        switch (j->error()) {
        case QKeychain::NoError:
            m_reached = true;
            break;
        case QKeychain::EntryNotFound:
            m_reached = true;
            e = Error::make(ErrorCode::NotFound, QStringLiteral("no password saved in the system keychain for %1").arg(j->key()));
            break;
        case QKeychain::NoBackendAvailable:
        case QKeychain::NotImplemented:
            m_available = false;
            m_unavailableDetail = j->errorString();
            e = unavailable(m_unavailableDetail);
            break;
        case QKeychain::AccessDeniedByUser:
            e = Error::make(ErrorCode::Cancelled, QStringLiteral("access to the system keychain was refused"), j->errorString(),
                            QStringLiteral("allow Ferry to use the keychain, or type the password each time"));
            break;
        case QKeychain::AccessDenied:
        case QKeychain::CouldNotDeleteEntry:
        case QKeychain::OtherError:
            if (!m_reached) {
                // QtKeychain 0.13 reports a session bus without any keychain
                // service (or without libsecret to reach it) as OtherError
                // "Unknown error". Until the keychain has answered once, a
                // failure means there is no usable keychain for this session.
                m_available = false;
                m_unavailableDetail = j->errorString();
                e = unavailable(m_unavailableDetail);
                break;
            }
            e = Error::make(ErrorCode::Internal, QStringLiteral("the system keychain failed for %1").arg(j->key()),
                            j->errorString(), QStringLiteral("check that the keychain is unlocked"));
            break;
        }
        finish(j, e);
    });
    // Jobs have no parent and delete themselves when they finish: deleting one in
    // flight (with the store) would leave the backend's callbacks pointing at
    // freed memory. A job that never finishes is leaked, not waited for.
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a plain-text file instead of the keychain
    job->setKey(id);
    p->timer->start(m_timeoutMs);
    job->start();
}

bool KeychainCredentialStore::refused(const QString &id, const std::function<void(const Error &)> &answer)
{
    if (id.isEmpty()) {
        answerLater([answer] { answer(invalidKey()); });
        return true;
    }
    if (m_available && sessionBusMissing()) {
        m_available = false;
        m_unavailableDetail = QStringLiteral("no D-Bus session bus");
    }
    if (!m_available) {
        answerLater([this, answer] { answer(unavailable(m_unavailableDetail)); });
        return true;
    }
    return false;
}

void KeychainCredentialStore::read(const CredentialKey &key, ReadDone done)
{
    const QString id = key.toString();
    if (refused(id, [done](const Error &e) { done(e); }))
        return;
    auto *job = new QKeychain::ReadPasswordJob(serviceName()); // owns itself (autoDelete)
    run(job, id, [done](QKeychain::Job *j, const Error &e) {
        if (e || !j)
            return done(e ? e : Error::make(ErrorCode::Internal, QStringLiteral("keychain job lost")));
        auto *r = static_cast<QKeychain::ReadPasswordJob *>(j);
        done(std::make_shared<const Secret>(r->binaryData()));
    });
}

void KeychainCredentialStore::write(const CredentialKey &key, std::shared_ptr<const Secret> secret, Done done)
{
    const QString id = key.toString();
    if (!id.isEmpty() && (!secret || secret->reveal().isEmpty())) {
        return answerLater([done, id] {
            done(Error::make(ErrorCode::Usage, QStringLiteral("no password to save for %1").arg(id)));
        });
    }
    if (refused(id, [done](const Error &e) { done(e); }))
        return;
    auto *job = new QKeychain::WritePasswordJob(serviceName()); // owns itself (autoDelete)
    job->setBinaryData(secret->reveal());
    run(job, id, [done](QKeychain::Job *, const Error &e) { done(e); });
}

void KeychainCredentialStore::remove(const CredentialKey &key, Done done)
{
    const QString id = key.toString();
    if (refused(id, [done](const Error &e) { done(e); }))
        return;
    auto *job = new QKeychain::DeletePasswordJob(serviceName()); // owns itself (autoDelete)
    run(job, id, [done](QKeychain::Job *, const Error &e) {
        // Removing what is not there is not an error (CredentialStore's contract).
        done(e.code == ErrorCode::NotFound ? Error::none() : e);
    });
}

} // namespace ferry
