// DNS look-ups for account discovery: SRV (RFC 2782; RFC 6186 _imaps._tcp,
// RFC 6764 _caldavs._tcp/_carddavs._tcp), TXT (RFC 6764 §4 "path="), MX
// (RFC 5321 §5.1) and "does this host name exist" (A/AAAA).
//
// An interface, so discovery is tested with a table instead of the network.
// QDnsResolver is the real one: QDnsLookup (Qt's maintained resolver client —
// no hand-written DNS here), each look-up run in a local QEventLoop with a
// timeout, so it works on worker threads that have no event loop of their own.
// The DAV connector's SRV resolver (connectors/dav/davsrvresolver.h) delegates
// to it.
//
// Answers: a name that does not exist or has no record of that type is an
// empty list (not an error); a timeout or a resolver failure is an Error
// (ErrorCode::Network) so that the caller can tell "none" from "could not ask".
#pragma once

#include <error.h>

#include <QByteArray>
#include <QList>
#include <QString>

namespace ferry {

struct DnsSrvRecord {
    QString host;        // without the trailing dot
    quint16 port = 0;
    quint16 priority = 0;
    quint16 weight = 0;
};

struct DnsMxRecord {
    QString host;        // without the trailing dot
    quint16 preference = 0;
};

class DnsResolver {
public:
    virtual ~DnsResolver() = default;
    // Best first (priority ascending, then weight descending). A target "."
    // (RFC 2782: service decidedly not available) is dropped.
    virtual Result<QList<DnsSrvRecord>> lookupSrv(const QString &name) = 0;
    // Every character-string of every TXT record, as sent.
    virtual Result<QList<QByteArray>> lookupTxt(const QString &name) = 0;
    // Best first (preference ascending). A null MX "." (RFC 7505) is dropped.
    virtual Result<QList<DnsMxRecord>> lookupMx(const QString &name) = 0;
    // Whether `name` has an A or AAAA record.
    virtual Result<bool> hostExists(const QString &name) = 0;

    // The value of the first "path=" string (RFC 6764 §4), or empty.
    static QString txtPath(const QList<QByteArray> &strings);
    // Sorting rules above, for implementations (and tables in tests).
    static void sortSrv(QList<DnsSrvRecord> &records);
    static void sortMx(QList<DnsMxRecord> &records);
};

class QDnsResolver : public DnsResolver {
public:
    explicit QDnsResolver(int timeoutMs = 5000) : m_timeoutMs(timeoutMs) {}
    Result<QList<DnsSrvRecord>> lookupSrv(const QString &name) override;
    Result<QList<QByteArray>> lookupTxt(const QString &name) override;
    Result<QList<DnsMxRecord>> lookupMx(const QString &name) override;
    Result<bool> hostExists(const QString &name) override;

private:
    int m_timeoutMs;
};

} // namespace ferry
