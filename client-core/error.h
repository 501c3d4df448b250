// Typed errors that flow from a protocol layer up to the report, the CLI's exit
// code and the UI: what failed, what the server said, and what the user can do.
#pragma once

#include <QString>
#include <optional>
#include <utility>

namespace ferry {

enum class ErrorCode {
    None,
    Usage,        // bad command line / configuration
    Auth,         // login refused
    Tls,          // certificate or TLS handshake problem
    Network,      // connection lost / unreachable (after retries)
    Quota,        // target over quota
    TooBig,       // item exceeds the target's size limit
    Rejected,     // server refused one item (NO/BAD on APPEND, 4xx on PUT)
    Protocol,     // server spoke something we could not understand
    NotFound,     // folder/collection/item vanished
    ReadOnly,     // write attempted on a read-only side
    SourceEmptied,// a source folder suddenly looks empty: the pass stops
    Precondition, // a conditional write lost: the item exists already / changed meanwhile (HTTP 412)
    Cancelled,    // user interrupt
    Internal,     // state store, file system, our own bug
};

// Which side of a migration an error belongs to; the CLI names it.
enum class Side { None, Source, Target };

struct Error {
    ErrorCode code = ErrorCode::None;
    Side side = Side::None;
    QString what;        // what failed, in words ("LOGIN to imap.example.com:993")
    QString serverText;  // the server's own words, verbatim (may be empty)
    QString hint;        // what the user can do about it
    QString fingerprint; // for Tls: SHA-256 fingerprint of the peer certificate

    bool ok() const { return code == ErrorCode::None; }
    explicit operator bool() const { return !ok(); } // true when there IS an error

    static Error none() { return {}; }
    static Error make(ErrorCode c, QString what, QString serverText = {}, QString hint = {})
    {
        Error e;
        e.code = c;
        e.what = std::move(what);
        e.serverText = std::move(serverText);
        e.hint = std::move(hint);
        return e;
    }
    Error &onSide(Side s) { side = s; return *this; }
    // One line for logs and reports.
    QString toString() const;
    static const char *codeName(ErrorCode c);
    // A network/protocol fault worth a reconnect and retry (as opposed to a refusal).
    bool isTransient() const { return code == ErrorCode::Network; }
};

// Value-or-error. Small on purpose: C++20 has no std::expected.
template<class T>
class Result {
public:
    Result(T value) : m_value(std::move(value)) {}
    Result(Error error) : m_error(std::move(error)) {}
    bool ok() const { return m_error.ok(); }
    const Error &error() const { return m_error; }
    T &value() { return *m_value; }
    const T &value() const { return *m_value; }
    T *operator->() { return &*m_value; }
    const T *operator->() const { return &*m_value; }
    T &operator*() { return *m_value; }
private:
    std::optional<T> m_value;
    Error m_error;
};

} // namespace ferry
