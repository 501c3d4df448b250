#include "davsrvresolver.h"

namespace ferry {

QList<DavSrvResolver::Target> QDnsSrvResolver::lookupSrv(const QString &name)
{
    QList<Target> out;
    const Result<QList<DnsSrvRecord>> records = m_dns.lookupSrv(name);
    if (!records.ok())
        return out;
    for (const DnsSrvRecord &r : records.value())
        out.append({r.host, r.port, r.priority, r.weight});
    return out;
}

QString QDnsSrvResolver::lookupTxtPath(const QString &name)
{
    const Result<QList<QByteArray>> strings = m_dns.lookupTxt(name);
    return strings.ok() ? DnsResolver::txtPath(strings.value()) : QString();
}

} // namespace ferry
