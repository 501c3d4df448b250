// CredentialStore over the system keychain through QtKeychain (Secret Service /
// GNOME Keyring / KWallet on Linux, Keychain on macOS, Credential Manager on
// Windows). Used only when the user opts in to "Remember passwords"; kiosk mode
// never creates one.
//
// Entries: service "Ferry", key CredentialKey::toString() (no secret in it), the
// password as binary data. QtKeychain's insecure fallback (a plain-text
// QSettings file when no keychain exists) is never enabled.
//
// No keychain (headless machines: no D-Bus session, no Secret Service): every
// call fails with ErrorCode::Internal "no system keychain available: passwords
// are kept in memory for this session", and isAvailable() turns false. So does
// a failure before the keychain ever answered (QtKeychain reports a bus without
// a keychain service only as "Unknown error"); once it has answered, failures
// are reported as they are (ErrorCode::Internal, Cancelled if the user said no). A job
// that does not finish within timeoutMs() (a keychain daemon that never
// answers) fails the same way: QtKeychain runs its jobs one at a time, so after
// a hang every later call fails at once instead of queuing behind it. The cost:
// a user who takes longer than the timeout to unlock the keychain at its prompt
// gets the in-memory fallback for this session.
//
// Threading: a QObject; call it from the thread it lives in, which must run an
// event loop. Callbacks run on that thread, always after the call returned.
// Destroying the store answers pending calls with ErrorCode::Cancelled.
//
// Secrets: passed to QtKeychain as QByteArray; the copies QtKeychain and the
// keychain daemon make are out of our hands. Nothing is ever logged.
#pragma once

#include <credentialstore.h>

#include <QObject>

#include <memory>
#include <vector>

namespace QKeychain {
class Job;
}

namespace ferry {

class KeychainCredentialStore final : public QObject, public CredentialStore {
    Q_OBJECT
public:
    static constexpr int DefaultTimeoutMs = 30000;

    explicit KeychainCredentialStore(QObject *parent = nullptr);
    ~KeychainCredentialStore() override;

    void read(const CredentialKey &key, ReadDone done) override;
    void write(const CredentialKey &key, std::shared_ptr<const Secret> secret, Done done) override;
    void remove(const CredentialKey &key, Done done) override;
    QString name() const override;

    // The QtKeychain service name all entries are filed under.
    static QString serviceName();

    // False once a call found no keychain, or got no answer in time; stays false
    // for the life of this store (the app then keeps passwords in memory).
    bool isAvailable() const { return m_available; }

    int timeoutMs() const { return m_timeoutMs; }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }

private:
    struct Pending;
    using Finish = std::function<void(QKeychain::Job *job, const Error &error)>;

    // Starts `job` with a deadline; `finish` gets it with the mapped Error
    // (none on success) exactly once, or is answered with the timeout error.
    void run(QKeychain::Job *job, const QString &id, Finish finish);
    Error unavailable(const QString &detail) const;
    // Answers later from the event loop, so callbacks never run inside the call.
    void answerLater(std::function<void()> answer);
    // Answers `answer` later and returns true when the key is invalid or there is
    // no keychain; false: go ahead.
    bool refused(const QString &id, const std::function<void(const Error &)> &answer);

    std::vector<std::shared_ptr<Pending>> m_pending;
    int m_timeoutMs = DefaultTimeoutMs;
    bool m_available = true;
    bool m_reached = false;      // the keychain answered once (found or not found)
    QString m_unavailableDetail; // QtKeychain's words when it found no backend
};

} // namespace ferry
