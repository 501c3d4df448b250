#include "memorycredentialstore.h"

#include <QMutexLocker>

namespace ferry {

namespace {

Error invalidKey()
{
    return Error::make(ErrorCode::Usage, QStringLiteral("a saved password needs a protocol and a server name"));
}

} // namespace

void MemoryCredentialStore::read(const CredentialKey &key, ReadDone done)
{
    const QString id = key.toString();
    if (id.isEmpty())
        return done(invalidKey());
    std::shared_ptr<const Secret> secret;
    {
        QMutexLocker lock(&m_mutex);
        secret = m_secrets.value(id);
    }
    if (!secret)
        return done(Error::make(ErrorCode::NotFound, QStringLiteral("no password saved for %1").arg(id)));
    done(std::move(secret));
}

void MemoryCredentialStore::write(const CredentialKey &key, std::shared_ptr<const Secret> secret, Done done)
{
    const QString id = key.toString();
    if (id.isEmpty())
        return done(invalidKey());
    if (!secret || secret->reveal().isEmpty())
        return done(Error::make(ErrorCode::Usage, QStringLiteral("no password to save for %1").arg(id)));
    std::shared_ptr<const Secret> previous; // released (and wiped, if last) outside the lock
    {
        QMutexLocker lock(&m_mutex);
        previous = std::exchange(m_secrets[id], std::move(secret));
    }
    done(Error::none());
}

void MemoryCredentialStore::remove(const CredentialKey &key, Done done)
{
    const QString id = key.toString();
    if (id.isEmpty())
        return done(invalidKey());
    std::shared_ptr<const Secret> previous;
    {
        QMutexLocker lock(&m_mutex);
        previous = m_secrets.take(id);
    }
    done(Error::none());
}

QString MemoryCredentialStore::name() const
{
    return QStringLiteral("memory (this session only)");
}

int MemoryCredentialStore::count() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_secrets.size());
}

void MemoryCredentialStore::clear()
{
    QHash<QString, std::shared_ptr<const Secret>> gone;
    {
        QMutexLocker lock(&m_mutex);
        gone.swap(m_secrets);
    }
}

} // namespace ferry
