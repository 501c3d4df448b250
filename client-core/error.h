// Typed errors that flow from a protocol layer up to the report, the CLI's exit
// code and the UI: what failed, what the server said, and what the user can do.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>
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
    Damaged,      // the source cannot deliver one item intact (an archive file failed its checksum)
    Cancelled,    // user interrupt
    Internal,     // state store, file system, our own bug
};

// The server certificate a TLS refusal is about, for the person who decides
// whether to trust it (the app's trust page, ferry-cli): whom it names, who
// vouches for it, when it is valid, its SHA-256 and why it was refused. Filled
// from the peer's leaf certificate by both TLS paths (IMAP's TlsConnection,
// DAV's DavTls); a value type, so no OpenSSL type leaks into the core. Only an
// explicit "trust this certificate for this server" pins it
// (TlsSettings::pinnedSha256 = sha256).
struct CertificateInfo {
    QString subject;      // RFC 2253 form, most specific first: "CN=mail.example.com,O=Example"
    QString issuer;       // same form; equal to subject for a self-signed certificate
    QStringList names;    // subjectAltName DNS names and IP addresses, as written in it
    QDateTime notBefore;  // UTC; invalid if the certificate's date could not be read
    QDateTime notAfter;   // UTC
    QByteArray sha256;    // raw 32 bytes; formatFingerprint() for display
    QString problem;      // why it was refused: "self-signed certificate", "certificate has
                          // expired", "hostname mismatch", … (OpenSSL's words); empty if trusted

    bool isNull() const { return sha256.isEmpty(); }
    bool isSelfSigned() const { return !subject.isEmpty() && subject == issuer; }
    // Several lines for people ("subject: …\nissued by: …\nvalid: … to … (UTC)\n…"),
    // each prefixed with `indent`. Empty for a null value.
    QString describe(const QString &indent = {}) const;
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
    CertificateInfo certificate; // for Tls refusals: the peer's certificate (null otherwise)

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
    // This error with `s` as its side unless it already names one (an error passed
    // up keeps the side where it happened).
    Error withSide(Side s) const
    {
        Error e = *this;
        if (e.side == Side::None)
            e.side = s;
        return e;
    }
    // One line for logs and reports.
    QString toString() const;
    // The machine-readable form (ferry-cli --json, reports): code, side, what,
    // serverText, hint, fingerprint and, for a refused certificate, its details.
    QJsonObject toJson() const;
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
