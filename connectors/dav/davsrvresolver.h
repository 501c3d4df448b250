// DNS SRV/TXT look-ups for CalDAV/CardDAV service discovery (RFC 6764 §3, §4;
// RFC 2782). An interface, so discovery is unit-tested with a table instead of
// the network; QDnsSrvResolver is the real one (QDnsLookup, a maintained
// resolver client, run in a local event loop so it works on worker threads).
#pragma once

#include <QList>
#include <QString>

namespace ferry {

class DavSrvResolver {
public:
    struct Target {
        QString host;
        quint16 port = 0;
        quint16 priority = 0;
        quint16 weight = 0;
    };
    virtual ~DavSrvResolver() = default;
    // Targets of "_caldavs._tcp.example.com", best first (priority, then weight).
    // Empty when there is none; a target "." (service not offered) is dropped.
    virtual QList<Target> lookupSrv(const QString &name) = 0;
    // The "path=" value of the TXT record of `name` (RFC 6764 §4), or empty.
    virtual QString lookupTxtPath(const QString &name) = 0;
};

class QDnsSrvResolver : public DavSrvResolver {
public:
    explicit QDnsSrvResolver(int timeoutMs = 5000) : m_timeoutMs(timeoutMs) {}
    QList<Target> lookupSrv(const QString &name) override;
    QString lookupTxtPath(const QString &name) override;

private:
    int m_timeoutMs;
};

} // namespace ferry
