// DNS SRV/TXT look-ups for CalDAV/CardDAV service discovery (RFC 6764 §3, §4;
// RFC 2782). An interface, so discovery is unit-tested with a table instead of
// the network; QDnsSrvResolver is the real one: a thin adapter over the
// discovery core's QDnsResolver (client-core/discovery/dnsresolver.h), which
// holds the one QDnsLookup implementation of Ferry.
#pragma once

#include <discovery/dnsresolver.h>

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
    explicit QDnsSrvResolver(int timeoutMs = 5000) : m_dns(timeoutMs) {}
    // A failed look-up counts as "none": discovery then tries /.well-known.
    QList<Target> lookupSrv(const QString &name) override;
    QString lookupTxtPath(const QString &name) override;

private:
    QDnsResolver m_dns;
};

} // namespace ferry
