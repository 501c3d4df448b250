// The second line of defence for everything that goes into a diagnostics
// bundle (traces are already redacted where they are written): replaces
// known secrets, in every form a protocol may have carried them, with
// "<redacted>", and redacts credential-bearing lines that slipped through.
//
// For each secret (at least kMinSecretBytes long; shorter ones would match
// everywhere and are left to the redaction at the source):
//   - the bytes as they are, percent-encoded (RFC 3986 §2.1, both hex cases)
//     and JSON-escaped;
//   - base64 (RFC 4648 §4, and the URL alphabet §5) of the secret alone, and
//     the part of any base64 text that encodes it at each of the three byte
//     alignments, so base64("\0user\0secret") (AUTHENTICATE PLAIN, RFC 4616)
//     and base64("user:secret") (HTTP Basic, RFC 7617) lose it even when the
//     user is not known;
//   - with addCredentials(), also those two encodings whole.
// Lines: the values of Authorization, Proxy-Authorization, Cookie and
// Set-Cookie headers, "Basic …"/"Bearer …" tokens, and the arguments of IMAP
// "<tag> LOGIN …" and "<tag> AUTHENTICATE <mech> …".
//
// Pure and immutable after setup; redact() is safe from any thread.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace ferry::diagnostics {

class Redactor {
public:
    static constexpr qsizetype kMinSecretBytes = 4;
    static const QByteArray &placeholder();

    void addSecret(QByteArrayView secret);
    void addCredentials(QByteArrayView user, QByteArrayView secret);
    int secretCount() const { return m_secrets; }

    QByteArray redact(QByteArrayView text) const;

private:
    void addForm(const QByteArray &form);

    QList<QByteArray> m_forms; // longest first
    int m_secrets = 0;
};

} // namespace ferry::diagnostics
