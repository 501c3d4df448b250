// CredentialStore that keeps passwords in this process only: the default
// ("Remember passwords" is opt-in) and the only store kiosk mode uses. Nothing
// is written anywhere; the secrets are wiped when the store and every other
// holder of them are gone (Secret's destructor).
//
// Callbacks are invoked before each call returns. Thread-safe: the map is
// guarded, and a callback runs after the lock is released (it may call back in).
#pragma once

#include "credentialstore.h"

#include <QHash>
#include <QMutex>

namespace ferry {

class MemoryCredentialStore final : public CredentialStore {
public:
    void read(const CredentialKey &key, ReadDone done) override;
    void write(const CredentialKey &key, std::shared_ptr<const Secret> secret, Done done) override;
    void remove(const CredentialKey &key, Done done) override;
    QString name() const override;

    // How many passwords are held (for tests and the "forget all" button).
    int count() const;
    void clear();

private:
    mutable QMutex m_mutex;
    QHash<QString, std::shared_ptr<const Secret>> m_secrets; // by CredentialKey::toString()
};

} // namespace ferry
