// Where account passwords are kept between runs: the interface the app and the
// engine use, with a key that names an account without any secret.
//
// Two implementations: MemoryCredentialStore (this library; the default —
// "Remember passwords" is opt-in, and kiosk mode never writes to disk) and
// KeychainCredentialStore (qml/keychain/, the system keychain via QtKeychain).
//
// The calls are shaped after QtKeychain's jobs, which are asynchronous: each
// takes a callback that is invoked exactly once, on the caller's thread — later,
// from its event loop, or before the call returns (the memory store answers at
// once). Secrets travel as std::shared_ptr<const Secret> (connector/endpoint.h):
// never copied into a QString, never logged, wiped when the last copy goes.
#pragma once

#include <connector/endpoint.h>
#include <error.h>

#include <QString>

#include <functional>
#include <memory>

namespace ferry {

// Names one stored password: which protocol, which account, on which server.
struct CredentialKey {
    QString service;   // "imaps" or "https"
    QString user;
    QString host;
    quint16 port = 0;  // 0: the service's default (993 for imaps, 443 for https)

    // The account's key for an endpoint (its scheme, user, host and port).
    static CredentialKey forEndpoint(const Endpoint &endpoint);

    // The stable string form, which also names the keychain entry:
    // "imaps://alice%40example.com@imap.example.com:993". The user name is
    // percent-encoded (it often holds '@'), the host is lower-cased, the port is
    // always written. Never holds a secret. Empty when service or host is empty.
    QString toString() const;
    bool isValid() const { return !toString().isEmpty(); }
    quint16 effectivePort() const;

    friend bool operator==(const CredentialKey &a, const CredentialKey &b) { return a.toString() == b.toString(); }
};

class CredentialStore {
public:
    using ReadDone = std::function<void(Result<std::shared_ptr<const Secret>>)>;
    using Done = std::function<void(Error)>;

    virtual ~CredentialStore();

    // The password stored for `key`. Errors: NotFound (nothing stored), Usage
    // (invalid key), or the store's own failure (see the implementation).
    virtual void read(const CredentialKey &key, ReadDone done) = 0;
    // Stores (or replaces) the password for `key`. A null or empty secret is a
    // Usage error: removing is remove()'s job.
    virtual void write(const CredentialKey &key, std::shared_ptr<const Secret> secret, Done done) = 0;
    // Forgets the password for `key`. Removing what is not there is not an error.
    virtual void remove(const CredentialKey &key, Done done) = 0;
    // For the UI: where the passwords go ("memory (this session only)", "system keychain").
    virtual QString name() const = 0;
};

} // namespace ferry
